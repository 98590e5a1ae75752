"""Floor for ninjs: the json module writing the same ninjs 3.1 item as the toolkit, from the plain
values of ``document["json"]`` (``bench/plain.py``): identifiers, dates, status, rights, headlines,
descriptions, the HTML and text bodies, byline, people, organisations, credits, subjects, place,
web rendition and the pictures with their renditions. What the toolkit adds on top: working those
values out from the model and writing the article HTML, escaping, and its checks.

    python -m bench.floor.ninjs plain/00000-en.json out.ninjs.json
"""

from __future__ import annotations

import json
from typing import Any

from ._doc import main


def put(data: dict[str, Any], key: str, value: Any) -> None:
    """Set ``key`` only when ``value`` says something (the JSON floors share it)."""
    if value:
        data[key] = value


def render(document: dict[str, Any]) -> bytes:
    return json.dumps(item(document["json"]), ensure_ascii=False, indent=2).encode("utf-8")


def item(d: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {"standard": {"name": "ninjs", "version": "3.1", "schema": d["schema"]},
                            "profile": d["profile"], "uri": d["uri"], "type": "text", "representationType": "full"}
    if d["version"] != 1:
        data["version"] = str(d["version"])
    put(data, "firstCreated", d["published"])
    put(data, "versionCreated", d["updated"])
    put(data, "embargoedUntil", d["embargoed"])
    put(data, "expires", d["expires"])
    data["pubStatus"] = d["pubstatus"]
    put(data, "copyrightHolder", d["holder"])
    put(data, "copyrightNotice", d["notice"])
    put(data, "usageTerms", d["usage_terms"])
    if d["licence"]:
        data["rightsInfo"] = rights_info(d["licence"], d["licence_url"])
    data["language"] = d["language"]
    data["headlines"] = [{"role": role, "value": value} for role, value in
                         (("main", d["headline"]), ("sub", d["dek"]), ("kicker", d["kicker"])) if value]
    descriptions = [{"role": "summary", "contentType": "text/plain", "value": d["summary"]}] if d["summary"] else []
    if d["dateline_text"]:
        descriptions.append({"role": "dateline", "contentType": "text/plain", "value": d["dateline_text"]})
    descriptions += [{"role": f"notice:{n['kind']}" + (f":{n['date']}" if n["date"] else ""),
                      "contentType": "text/plain", "value": n["text"]} for n in d["notices"]]
    put(data, "descriptions", descriptions)
    data["bodies"] = [{"role": "main", "contentType": "text/html", "value": d["html"]}]
    if d["text"]:
        data["bodies"].append({"role": "main", "contentType": "text/plain", "charCount": len(d["text"]),
                               "wordCount": len(d["text"].split()), "value": d["text"]})
    put(data, "by", d["byline"])
    put(data, "people", [person(p) for p in d["people"]])
    put(data, "organisations", [organisation(o, "publisher") for o in d["publishers"]]
        + ([organisation(d["source"], "source")] if d["source"] else []))
    put(data, "infoSources", [{"name": c["name"], "role": c["role"], "literal": c["kind"]} for c in d["credits"]])
    put(data, "subjects", [{"name": d["section"], "rel": "section"}] * bool(d["section"])
        + [{"name": keyword, "rel": "keyword"} for keyword in d["keywords"]])
    if d["dateline_place"] is not None:
        data["located"] = d["dateline_place"]
    if d["page"]:
        data["renditions"] = [{"name": "web", "href": d["page"], "contentType": "text/html"}]
    put(data, "associations", [picture(image, d["uri"]) for image in d["images"]])
    data["altIds"] = [{"role": "id", "value": d["id"]}]
    if d["url"] and not d["page"]:
        data["altIds"].append({"role": "url", "value": d["url"]})
    return data


def rights_info(licence: str, url: str) -> dict[str, str]:
    return {"linkedRights": url} if url else {"encodedRights": licence}


def person(p: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {"name": p["name"], "rel": p["role"]}
    if p["page"]:
        data["uri"] = p["page"]
    elif p["url"]:
        data["literal"] = p["url"]
    contacts = [{"type": "organisation", "value": p["organization"]}] if p["organization"] else []
    if p["email"]:
        contacts.append({"type": "email", "value": p["email"]})
    put(data, "contactInfo", contacts)
    return data


def organisation(o: dict[str, Any], rel: str) -> dict[str, Any]:
    data: dict[str, Any] = {"name": o["name"], "rel": rel}
    if o["page"]:
        data["uri"] = o["page"]
    elif o["url"]:
        data["literal"] = o["url"]
    if o["logo"]:
        data["contactInfo"] = [{"type": "logo", "value": o["logo"]}]
    return data


def picture(image: dict[str, Any], item_uri: str) -> dict[str, Any]:
    name = image["name"]
    data: dict[str, Any] = {"name": name, "rel": name if name == "featureimage" else "figure",
                            "uri": image["url"] or f"{item_uri}#{name}", "type": "picture"}
    descriptions = [{"role": "alt", "value": image["alt"]}] if image["alt"] or not image["decorative"] else []
    if image["decorative"]:
        descriptions.append({"role": "decorative", "value": "true"})
    if image["caption"]:
        descriptions.append({"role": "caption", "value": image["caption"]})
    data["descriptions"] = descriptions
    put(data, "by", image["credit"])
    if image["licence"]:
        data["rightsInfo"] = rights_info(image["licence"], image["licence_url"])
    rendition: dict[str, Any] = {"name": "original"}
    put(rendition, "href", image["url"])
    put(rendition, "contentType", image["media_type"] or image["resource_type"])
    put(rendition, "width", image["width"])
    put(rendition, "height", image["height"])
    if image["size"] is not None:
        rendition["sizeInBytes"] = image["size"]
    if len(rendition) > 1:
        data["renditions"] = [rendition]
    if image["src"] and image["src"] != image["url"]:
        data["altIds"] = [{"role": "src", "value": image["src"]}]
    return data


if __name__ == "__main__":
    main(render)

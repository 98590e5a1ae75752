"""Floor for JSON-LD: the json module writing the same schema.org ``NewsArticle`` as the toolkit,
from the plain values of ``document["json"]`` (``bench/plain.py``): identifiers, headlines,
description, language, section, keywords, images, dates, authors, editors, contributors,
publisher, source, rights, dateline, the body's text, notices and status. What the toolkit adds
on top: working those values out from the model, escaping, and its checks.

    python -m bench.floor.jsonld plain/00000-en.json out.jsonld
"""

from __future__ import annotations

import json
from typing import Any

from ._doc import main
from .ninjs import put


def render(document: dict[str, Any]) -> bytes:
    return json.dumps(news_article(document["json"]), ensure_ascii=False, indent=2).encode("utf-8")


def news_article(d: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "NewsArticle",
                            "@id": d["page"] or d["identifier"], "identifier": d["id"]}
    if d["page"]:
        data["url"] = d["page"]
        data["mainEntityOfPage"] = {"@type": "WebPage", "@id": d["page"]}
    data["headline"] = d["headline"]
    put(data, "alternativeHeadline", d["dek"])
    put(data, "description", d["summary"])
    data["inLanguage"] = d["language"]
    put(data, "articleSection", ", ".join(d["sections"]))
    put(data, "keywords", d["facts_keywords"])
    put(data, "image", [image(i) for i in d["images"]])
    put(data, "datePublished", d["published"])
    put(data, "dateModified", d["modified"])
    data["author"] = [person(a) if a["kind"] == "Person" else organization(a) for a in d["authors"]]
    put(data, "editor", [person(p) for p in d["people"] if not p["writes"]])
    put(data, "contributor", [{"@type": "Person" if c["kind"] == "person" else "Organization", "name": c["name"]}
                              for c in d["credits"]])
    if d["sole_publisher"]:
        data["publisher"] = organization(d["sole_publisher"])
    if d["source"]:
        data["sourceOrganization"] = organization(d["source"])
    if d["holder"]:
        data["copyrightHolder"] = {"@type": "Organization", "name": d["holder"]}
    put(data, "copyrightNotice", "; ".join(d["rights"]))
    put(data, "license", d["facts_licence_url"] or d["facts_licence"])
    put(data, "usageInfo", d["facts_usage_terms"])
    if d["dateline_place"] is not None:
        data["dateline"] = ", ".join(part for part in (d["dateline_place"], d["dateline_text"]) if part)
        data["locationCreated"] = {"@type": "Place", "name": d["dateline_place"]}
    put(data, "articleBody", d["text"])
    corrections = [{"@type": "CorrectionComment", "text": n["text"],
                    **({"datePublished": n["iso"]} if n["iso"] else {})} for n in d["notices"] if n["kind"] == "correction"]
    put(data, "correction", corrections)
    put(data, "backstory", "\n\n".join(n["text"] for n in d["notices"] if n["kind"] != "correction"))
    if d["pubstatus"] != "usable":
        data["creativeWorkStatus"] = d["pubstatus"]
    put(data, "expires", d["expires"])
    put(data, "version", str(d["version"]) if d["version"] != 1 else "")
    return data


def image(i: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "ImageObject"}
    if i["url"]:
        data["url"] = i["url"]
        data["contentUrl"] = i["url"]
    put(data, "description", "" if i["decorative"] else i["alt"])
    put(data, "caption", i["caption"])
    put(data, "creditText", i["credit"])
    put(data, "license", i["licence_url"] or i["licence"])
    put(data, "encodingFormat", i["media_type"])
    if i["width"] and i["height"]:
        data["width"] = i["width"]
        data["height"] = i["height"]
    return data


def person(p: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Person", "name": p["name"]}
    put(data, "url", p["page"])
    if p["organization"]:
        data["affiliation"] = {"@type": "Organization", "name": p["organization"]}
    if p["role"] not in ("author", ""):
        data["jobTitle"] = p["role"]
    return data


def organization(o: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Organization", "name": o["name"]}
    put(data, "url", o.get("page"))
    if o.get("logo_url"):
        data["logo"] = {"@type": "ImageObject", "url": o["logo_url"]}
    return data


if __name__ == "__main__":
    main(render)

"""Floor for JSON Feed: the json module writing the same JSON Feed 1.1 as the toolkit, one item,
from the plain values of ``document["json"]`` (``bench/plain.py``): the feed's title, links, icon,
authors and language; the item's id, link, title, HTML and text content, summary, image, dates,
authors, tags, language, attachments and the ``_newsroom`` extension. What the toolkit adds on
top: working those values out from the model and writing the article HTML, escaping, and its checks.

    python -m bench.floor.jsonfeed plain/00000-en.json out.feed.json
"""

from __future__ import annotations

import json
from typing import Any

from ._doc import main


def render(document: dict[str, Any]) -> bytes:
    d = document["json"]
    channel = d["feed"]
    feed: dict[str, Any] = {"version": "https://jsonfeed.org/version/1.1", "title": channel["title"],
                            "home_page_url": channel["link"], "feed_url": channel["self"]}
    if channel["description"] and channel["description"] != channel["title"]:
        feed["description"] = channel["description"]
    if channel["logo"]:
        feed["icon"] = channel["logo"]
    feed["authors"] = [{"name": name, **({"url": channel["publisher_url"]} if channel["publisher_url"] else {})}
                       for name in channel["publishers"]] or [{"name": channel["title"]}]
    feed["language"] = channel["language"]
    feed["items"] = [item(d)]
    return json.dumps(feed, ensure_ascii=False, indent=2).encode("utf-8")


def item(d: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {"id": d["feed"]["guid"], "url": d["feed"]["link_item"], "title": d["headline"],
                            "content_html": d["feed_html"], "content_text": d["feed_text"],
                            "summary": d["feed_summary"]}
    attachments: dict[str, dict[str, Any]] = {}
    for image in d["feed_images"]:
        if image["size"] is None or not image["url"] or image["url"] in attachments:
            continue
        attachment: dict[str, Any] = {"url": image["url"], "mime_type": image["resource_type"]}
        if image["alt"] and not image["decorative"]:
            attachment["title"] = image["alt"]
        attachment["size_in_bytes"] = image["size"]
        attachments[image["url"]] = attachment
    lead = d["images"][0] if d["images"] and d["images"][0]["name"] == "featureimage" else None
    if lead is not None and attachments and next(iter(attachments)) == d["feed_images"][0]["url"]:
        data["image"] = next(iter(attachments))
    if d["published"]:
        data["date_published"] = d["published"]
    data["date_modified"] = d["feed_modified"]
    data["authors"] = [{"name": a["name"], **({"url": a["page"]} if a["kind"] == "Person" and a["page"] else {})}
                       for a in d["authors"]]
    tags = list(dict.fromkeys(tag for tag in (*d["sections"], *d["facts_keywords"]) if tag.strip()))
    if tags:
        data["tags"] = tags
    data["language"] = d["language"]
    if attachments:
        data["attachments"] = list(attachments.values())
    extension = {"contributors": d["contributors"], "publisher": d["publisher_name"], "rights": "; ".join(d["rights"])}
    data["_newsroom"] = {key: value for key, value in extension.items() if value}
    return data


if __name__ == "__main__":
    main(render)

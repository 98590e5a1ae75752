"""Structural checks for the syndication formats that have no validator package.

JSON Feed 1.1 has no maintained validator on PyPI or npm, and the sitemaps.org 0.9 and
Google News XSDs ship in no package either, so these follow the documented rules by hand
(the README says so). The ninjs and JSON-LD checks use the official schemas instead
(tests/schemas/).
"""

from __future__ import annotations

import re

from lxml import etree

from exporters.formats.news_sitemap import NEWS_NS, SITEMAP_NS

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
W3C_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$")
NEWS_LANGUAGE = re.compile(r"^([a-z]{2,3}|zh-cn|zh-tw)$")


def jsonfeed_problems(document: dict) -> list[str]:
    """What JSON Feed 1.1 (https://jsonfeed.org/version/1.1) requires, checked by hand: no
    maintained validator package exists. Top level: version, title, items; each item: a
    string id, content_html or content_text; authors with a name, url or avatar; attachments
    with url and mime_type; dates in RFC 3339; URLs absolute."""
    problems = []
    if document.get("version") != "https://jsonfeed.org/version/1.1":
        problems.append("version is not https://jsonfeed.org/version/1.1")
    if not isinstance(document.get("title"), str) or not document["title"]:
        problems.append("no title")
    for key in ("home_page_url", "feed_url", "icon"):
        if key in document and not str(document[key]).startswith(("https://", "http://")):
            problems.append(f"{key} is not absolute")
    if not isinstance(document.get("items"), list):
        return problems + ["no items"]
    ids = [item.get("id") for item in document["items"]]
    if len(set(ids)) != len(ids):
        problems.append("item ids repeat")
    for index, item in enumerate(document["items"]):
        where = f"items[{index}]"
        if not isinstance(item.get("id"), str) or not item["id"]:
            problems.append(f"{where}: id must be a non-empty string")
        if not (item.get("content_html") or item.get("content_text")):
            problems.append(f"{where}: neither content_html nor content_text")
        for key in ("date_published", "date_modified"):
            if key in item and not RFC3339.match(item[key]):
                problems.append(f"{where}: {key} {item[key]!r} is not RFC 3339")
        for author in item.get("authors", []):
            if not ({"name", "url", "avatar"} & set(author)):
                problems.append(f"{where}: an author without name, url or avatar")
        for attachment in item.get("attachments", []):
            if not attachment.get("url") or not attachment.get("mime_type"):
                problems.append(f"{where}: attachment without url or mime_type")
            if "size_in_bytes" in attachment and not isinstance(attachment["size_in_bytes"], int):
                problems.append(f"{where}: size_in_bytes is not a number")
        unknown = [key for key in item if not key.startswith("_") and key not in _ITEM_KEYS]
        if unknown:
            problems.append(f"{where}: unknown keys {unknown}")
    return problems


_ITEM_KEYS = {"id", "url", "external_url", "title", "content_html", "content_text", "summary", "image", "banner_image",
              "date_published", "date_modified", "authors", "author", "tags", "language", "attachments"}


def sitemap_problems(data: bytes) -> list[str]:
    """The rules of sitemaps.org 0.9 and Google's news extension, checked structurally.

    Neither XSD ships in a package on PyPI or npm, so this follows their documented rules:
    UTF-8 XML with a ``urlset`` root in the sitemap namespace; at most 1,000 ``url``; each
    with one absolute ``loc`` of at most 2,048 characters and one ``news:news`` holding
    ``news:publication`` (``news:name``, ``news:language`` as ISO 639 or zh-cn/zh-tw),
    ``news:publication_date`` (W3C datetime) and ``news:title``; nothing else in either namespace.
    """
    problems = []
    if not data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>'):
        problems.append("no UTF-8 XML declaration")
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    if root.tag != f"{{{SITEMAP_NS}}}urlset":
        return problems + [f"root is {root.tag}"]
    urls = list(root)
    if len(urls) > 1000:
        problems.append(f"{len(urls)} urls, more than 1,000")
    for index, url in enumerate(urls):
        where = f"url[{index}]"
        names = [child.tag for child in url]
        if url.tag != f"{{{SITEMAP_NS}}}url" or names != [f"{{{SITEMAP_NS}}}loc", f"{{{NEWS_NS}}}news"]:
            problems.append(f"{where}: children {names}")
            continue
        loc = url[0].text or ""
        if not loc.startswith(("https://", "http://")) or len(loc) > 2048 or " " in loc:
            problems.append(f"{where}: loc {loc[:60]!r}")
        news = url[1]
        if [child.tag for child in news] != [f"{{{NEWS_NS}}}{tag}" for tag in ("publication", "publication_date", "title")]:
            problems.append(f"{where}: news:news children {[child.tag for child in news]}")
            continue
        publication, date, title = news
        if [child.tag for child in publication] != [f"{{{NEWS_NS}}}name", f"{{{NEWS_NS}}}language"]:
            problems.append(f"{where}: news:publication children")
        elif not (publication[0].text or "").strip() or not NEWS_LANGUAGE.match(publication[1].text or ""):
            problems.append(f"{where}: publication name or language {publication[1].text!r}")
        if not W3C_DATETIME.match(date.text or ""):
            problems.append(f"{where}: publication_date {date.text!r}")
        if not (title.text or "").strip():
            problems.append(f"{where}: empty title")
    return problems

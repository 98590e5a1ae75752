"""Floor for RSS: a feedgen feed with one entry whose content is the article as HTML, carrying
the same channel and entry elements as the toolkit's feed, each through feedgen's own API.

    python -m bench.floor.rss plain/00000-en.json out.rss

What feedgen has no API for is left out: ``dcterms:modified`` and the title, description and
credit inside ``media:content`` (its media extension writes the element's attributes only).
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from importlib.metadata import version
from typing import Any
from urllib.parse import urljoin, urlsplit

from feedgen.feed import FeedGenerator  # first: it imports lxml.etree, which feedgen.ext needs loaded
from feedgen.ext.dc import DcEntryExtension, DcExtension  # noqa: I001
from feedgen.ext.media import MediaEntryExtension, MediaExtension

from ._doc import main

VERSION = version("newsroom-exporters")  # the generator's version, as the toolkit's feed declares it


def render(document: dict[str, Any]) -> bytes:
    return feed(document, atom=False).rss_str(pretty=True)


def feed(document: dict[str, Any], atom: bool) -> FeedGenerator:
    """One channel, one entry: the same generator serves ``atom.py``, with the Dublin Core
    elements each syntax carries (RSS: creator, contributor, publisher, rights, language;
    Atom: publisher, the rest having Atom elements of their own)."""
    parts = urlsplit(document["url"])
    site = f"{parts.scheme}://{parts.netloc}/"
    generator = FeedGenerator()
    # Registered by class: load_extension("dc") would look the module up on disk every time.
    generator.register_extension("dc", DcExtension, DcEntryExtension)
    generator.register_extension("media", MediaExtension, MediaEntryExtension)
    generator.title(document["title"])
    generator.description(document["title"])
    generator.link(href=urljoin(site, "feed.atom" if atom else "feed.rss"), rel="self",
                   type="application/atom+xml" if atom else "application/rss+xml")
    generator.link(href=site, rel="alternate", type="text/html")
    generator.language(document["language"])
    generator.generator("newsroom-exporters", version=VERSION, uri="https://github.com/newsroom-exporters/newsroom-exporters")
    if document["rights"]:
        generator.rights(document["rights"])
    if document["logo"]:
        generator.logo(urljoin(site, document["logo"]))
    if document["publisher"]:
        generator.dc.dc_publisher(document["publisher"])
    updated = datetime.fromisoformat(document["modified"]) if document["modified"] else None
    if updated:
        generator.updated(updated)
    if document["published"]:
        generator.pubDate(datetime.fromisoformat(document["published"]))
    entry = generator.add_entry()
    entry.guid(document["url"])
    entry.title(document["title"])
    entry.link(href=document["url"], rel="alternate", type="text/html", hreflang=document["language"])
    if document["summary"]:
        entry.summary(document["summary"]) if atom else entry.description(document["summary"], isSummary=True)
    html = [f'<img src="{escape(b["src"])}" alt="{escape(b["alt"])}"/>' if b["kind"] == "image"
            else f"<{b['kind']}>{escape(b['text'])}</{b['kind']}>" for b in document["blocks"]]
    entry.content("".join(html), type="html")
    for term in document["categories"]:
        entry.category(term=term)
    image = document["lead_image"]
    if image:
        url = urljoin(document["url"], image["src"])
        entry.enclosure(url, str(image["length"]), image["type"])
        entry.media.content(url=url, fileSize=str(image["length"]), type=image["type"], medium="image",
                            width=str(image["width"]), height=str(image["height"]), group=None)
    if document["published"]:
        entry.published(datetime.fromisoformat(document["published"]))
    if document["publisher"]:
        entry.dc.dc_publisher(document["publisher"])
    if atom:  # what an RSS item has no element for (it says it in Dublin Core)
        generator.id(document["url"])
        generator.author({"name": document["publisher"] or document["title"],
                          **({"uri": document["publisher_url"]} if document["publisher_url"] else {})})
        if document["authors"]:
            urls = document["author_urls"]
            entry.author([{"name": name, **({"uri": urls[name]} if name in urls else {})} for name in document["authors"]])
        for name in document["credits"]:
            entry.contributor(name=name)
        if updated:
            entry.updated(updated)
        if document["rights"]:
            entry.rights(document["rights"])
    else:
        entry.dc.dc_creator(document["authors"])
        entry.dc.dc_contributor(document["credits"])
        if document["rights"]:
            entry.dc.dc_rights(document["rights"])
        entry.dc.dc_language(document["language"])
    return generator


if __name__ == "__main__":
    main(render)

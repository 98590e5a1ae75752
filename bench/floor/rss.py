"""Floor for RSS: a feedgen feed with one entry whose content is the article as HTML.

    python -m bench.floor.rss plain/00000-en.json out.rss
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

from feedgen.feed import FeedGenerator

from ._doc import main


def render(document: dict[str, Any]) -> bytes:
    return feed(document).rss_str()


def feed(document: dict[str, Any]) -> FeedGenerator:
    """One channel, one entry: the same generator serves ``atom.py``."""
    generator = FeedGenerator()
    generator.id(document["url"])
    generator.title(document["title"])
    generator.link(href=document["url"], rel="alternate")
    generator.description(document["title"])
    generator.language(document["language"])
    entry = generator.add_entry()
    entry.id(document["url"])
    entry.title(document["title"])
    entry.link(href=document["url"])
    if document["author"]:
        entry.author(name=document["author"])
    if document["published"]:
        entry.published(datetime.fromisoformat(document["published"]))
        entry.updated(datetime.fromisoformat(document["published"]))
    html = [f'<img src="{escape(b["src"])}" alt="{escape(b["alt"])}"/>' if b["kind"] == "image"
            else f"<{b['kind']}>{escape(b['text'])}</{b['kind']}>" for b in document["blocks"]]
    entry.content("".join(html), type="html")
    return generator


if __name__ == "__main__":
    main(render)

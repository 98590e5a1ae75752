"""Floor for JSON Feed: the json module writing a JSON Feed 1.1 with one item whose content is
the article as HTML, the least a feed item takes.

    python -m bench.floor.jsonfeed plain/00000-en.json out.feed.json
"""

from __future__ import annotations

import json
from typing import Any

from ._doc import main
from .ninjs import body_html


def render(document: dict[str, Any]) -> bytes:
    item = {"id": document["url"], "url": document["url"], "title": document["title"],
            "content_html": body_html(document), "language": document["language"]}
    if document["author"]:
        item["authors"] = [{"name": document["author"]}]
    if document["published"]:
        item["date_published"] = document["published"]
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": document["title"], "items": [item]}
    return json.dumps(feed, ensure_ascii=False, indent=2).encode("utf-8")


if __name__ == "__main__":
    main(render)

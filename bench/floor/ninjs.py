"""Floor for ninjs: the json module writing a ninjs 3.1 item with headline, byline, date, language
and the body as HTML (images as ``<img>`` with their alt text), the least an item takes.

    python -m bench.floor.ninjs plain/00000-en.json out.ninjs.json
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from ._doc import main


def body_html(document: dict[str, Any]) -> str:
    """The blocks as HTML; the JSON floors share it."""
    return "".join(f'<img src="{escape(block["src"])}" alt="{escape(block["alt"])}">' if block["kind"] == "image"
                   else f"<{block['kind']}>{escape(block['text'])}</{block['kind']}>" for block in document["blocks"])


def render(document: dict[str, Any]) -> bytes:
    item = {"uri": document["url"], "type": "text", "language": document["language"],
            "headlines": [{"role": "main", "value": document["title"]}],
            "bodies": [{"role": "main", "contentType": "text/html", "value": body_html(document)}]}
    if document["author"]:
        item["by"] = document["author"]
    if document["published"]:
        item["firstCreated"] = document["published"]
    return json.dumps(item, ensure_ascii=False, indent=2).encode("utf-8")


if __name__ == "__main__":
    main(render)

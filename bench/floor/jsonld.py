"""Floor for JSON-LD: the json module writing a schema.org NewsArticle with headline, author,
date, language and the body's text, the least a NewsArticle takes.

    python -m bench.floor.jsonld plain/00000-en.json out.jsonld
"""

from __future__ import annotations

import json
from typing import Any

from ._doc import main


def render(document: dict[str, Any]) -> bytes:
    article = {"@context": "https://schema.org", "@type": "NewsArticle", "@id": document["url"],
               "headline": document["title"], "inLanguage": document["language"],
               "articleBody": "\n\n".join(block["text"] for block in document["blocks"] if block["kind"] != "image")}
    if document["author"]:
        article["author"] = {"@type": "Person", "name": document["author"]}
    if document["published"]:
        article["datePublished"] = document["published"]
    return json.dumps(article, ensure_ascii=False, indent=2).encode("utf-8")


if __name__ == "__main__":
    main(render)

"""Floor for plain text: the paragraphs joined by blank lines, encoded as UTF-8.

    python -m bench.floor.txt plain/00000-en.json out.txt
"""

from __future__ import annotations

from typing import Any

from ._doc import main


def render(document: dict[str, Any]) -> bytes:
    return "\n\n".join(block["text"] for block in document["blocks"] if block["kind"] != "image").encode("utf-8")


if __name__ == "__main__":
    main(render)

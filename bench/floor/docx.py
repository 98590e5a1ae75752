"""Floor for DOCX: a python-docx document with the headings, paragraphs and pictures.

    python -m bench.floor.docx plain/00000-en.json out.docx
"""

from __future__ import annotations

import io
from typing import Any

import docx

from ._doc import main


def render(document: dict[str, Any]) -> bytes:
    word = docx.Document()
    word.core_properties.title = document["title"]
    word.core_properties.author = document["author"]
    word.core_properties.language = document["language"]
    for block in document["blocks"]:
        if block["kind"] == "image":
            word.add_picture(io.BytesIO(document["images"][block["src"]]))
        elif block["kind"] == "p":
            word.add_paragraph(block["text"])
        else:
            word.add_heading(block["text"], level=int(block["kind"][1]) - 1)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


if __name__ == "__main__":
    main(render)

"""Floor for EPUB: an EbookLib book with one XHTML chapter holding the paragraphs and images.

    python -m bench.floor.epub plain/00000-en.json out.epub
"""

from __future__ import annotations

import io
from html import escape
from typing import Any

from ebooklib import epub

from ._doc import main


def render(document: dict[str, Any]) -> bytes:
    book = epub.EpubBook()
    book.set_identifier(document["id"])
    book.set_title(document["title"])
    book.set_language(document["language"])
    if document["author"]:
        book.add_author(document["author"])
    html = []
    for number, block in enumerate(document["blocks"]):
        if block["kind"] == "image":
            name = f"images/{number}.png"
            book.add_item(epub.EpubImage(uid=f"image{number}", file_name=name, media_type="image/png",
                                         content=document["images"][block["src"]]))
            html.append(f'<p><img src="{name}" alt="{escape(block["alt"])}"/></p>')
        else:
            html.append(f"<{block['kind']}>{escape(block['text'])}</{block['kind']}>")
    chapter = epub.EpubHtml(title=document["title"], file_name="chapter.xhtml", lang=document["language"])
    chapter.content = "".join(html)
    book.add_item(chapter)
    book.toc = [chapter]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", chapter]
    buffer = io.BytesIO()
    epub.write_epub(buffer, book)
    return buffer.getvalue()


if __name__ == "__main__":
    main(render)

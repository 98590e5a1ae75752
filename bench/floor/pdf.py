"""Floor for PDF: reportlab's SimpleDocTemplate with Paragraphs set in embedded FiraGO.

    python -m bench.floor.pdf plain/00000-en.json out.pdf

The same TrueType font as the toolkit (FiraGO, embedded and subset), headings in
its bold face; right-to-left text through reportlab's own shaping (uharfbuzz).
"""

from __future__ import annotations

import io
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate

from ._doc import main

SIZES = {"p": 10, "h1": 20, "h2": 15, "h3": 13, "h4": 12, "h5": 11, "h6": 10}


#: The floor's own names for FiraGO regular and bold.
REGULAR, BOLD = "FloorFiraGO", "FloorFiraGO-Bold"


@cache
def fonts() -> None:
    """Register FiraGO regular and bold once per process (the files the toolkit ships), as fonts
    of the floor's own: reportlab hands out an already registered font for a face of the same
    name, so without a name of their own the floor would draw with the toolkit's FiraGO objects
    (and change them) when both run in one process."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from exporters.formats.pdf.fonts import FIRAGO_FOLDER

    for name, file in ((REGULAR, "FiraGO-Regular.ttf"), (BOLD, "FiraGO-Bold.ttf")):
        font = TTFont(name, str(FIRAGO_FOLDER / file))
        font.face.name = name.encode()
        pdfmetrics.registerFont(font)


def render(document: dict[str, Any]) -> bytes:
    fonts()
    rtl = document["direction"] == "rtl"
    styles = {kind: ParagraphStyle(kind, fontName=REGULAR if kind == "p" else BOLD, fontSize=size,
                                   leading=size * 1.3, spaceAfter=size * 0.5, alignment=TA_RIGHT if rtl else TA_LEFT,
                                   shaping=int(rtl))
              for kind, size in SIZES.items()}
    story = []
    for block in document["blocks"]:
        if block["kind"] == "image":
            story.append(Image(io.BytesIO(document["images"][block["src"]])))
        else:
            story.append(Paragraph(escape(block["text"]).replace("\n", "<br/>"), styles[block["kind"]]))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, title=document["title"], author=document["author"], lang=document["language"],
                      initialFontName=REGULAR).build(story)
    return buffer.getvalue()


if __name__ == "__main__":
    main(render)

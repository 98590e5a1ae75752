"""The flowables of the PDF: paragraphs that order right-to-left lines, pictures, rules,
outline anchors and contents lines.

Every flowable carries ``role``: the PDF structure type it stands for (``H1``..``H6``,
``P``, ``Figure`` with ``alt``, ``BlockQuote``, ``Note``, ``LI``, ``Caption``, ``TOCI``,
or ``Artifact`` for what is only decoration).
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.paragraph import _getFragWords, _processed_frags

from .bidi import ReadingText, has_rtl, measured_as_drawn, visual_paragraph
from .breaking import carry_broken_word, joined_lines, keep_long_words, line_texts, mark_broken_words

__all__ = ["Anchor", "ContentsLine", "Picture", "Rule", "TextBlock"]


class TextBlock(Paragraph):
    """A paragraph whose lines are put in display order after line breaking.

    The style says the base direction (``style.rtl``), the structure role
    (``style.role``), the language right-to-left words are shaped for
    (``style.language``) and whether the source text goes along as ``/ActualText``
    (``style.actual_text``). In a right-to-left paragraph a list marker
    (``bulletText``) is drawn at the right edge.
    """

    @property
    def role(self) -> str:
        return getattr(self.style, "role", "P")

    def breakLines(self, width: Any) -> Any:
        """reportlab's line breaking, with right-to-left words measured as they are drawn.

        Words go in as reportlab's frag words (``[width, (frag, text), ...]``, the form
        a paragraph split across pages carries on with) whose widths count shaped letters.
        """
        if not _processed_frags(self.frags) and any(has_rtl(getattr(frag, "text", "") or "")
                                                    for frag in self.frags):
            first = width[0] if isinstance(width, (list, tuple)) else width
            self.frags = measured_as_drawn(_getFragWords(self.frags, first), self._language)
        return keep_long_words(self, width, super().breakLines)

    @property
    def _language(self) -> str:
        return getattr(self.style, "language", "") or ""

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        return carry_broken_word(self, super().split(availWidth, availHeight))

    def drawPara(self, debug: int = 0) -> None:
        rtl = bool(getattr(self.style, "rtl", False))
        logical, marker = self.blPara, None
        marked = mark_broken_words(logical, self)
        actual = self._actual_text(marked, rtl)
        self.blPara, self._orders = visual_paragraph(marked, rtl, self._language)
        if rtl and self.bulletText:  # drawn first, so it is read before the item, not after a page of it
            marker, self.bulletText = self.bulletText, None
            self._draw_right_marker(marker)
        if actual:
            self.canv.addLiteral(f"/Span <</ActualText {_pdf_text_string(actual)}>> BDC")
        try:
            super().drawPara(debug)
        finally:
            self.blPara, self._orders = logical, None
            if marker is not None:
                self.bulletText = marker
        if actual:
            self.canv.addLiteral("EMC")

    def beginText(self, x: float, y: float) -> Any:
        """The text object ``drawPara`` draws the lines with: one that writes reordered lines in
        reading order (:class:`~.bidi.ReadingText`)."""
        orders = getattr(self, "_orders", None)
        return ReadingText(self.canv, x, y, orders) if orders else super().beginText(x, y)

    def _actual_text(self, para: Any, rtl: bool) -> str:
        """The text of the lines, in logical order, when drawing reorders it (empty otherwise).

        Drawn as ``/ActualText`` around the paragraph, so text extraction and
        copying give the words in logical order, as they went in.
        """
        if not getattr(self.style, "actual_text", False) or self.role == "Artifact":
            return ""
        lines = line_texts(para)
        if not rtl and not any(has_rtl(line) for line in lines):
            return ""
        return joined_lines(lines)

    def _draw_right_marker(self, marker: str) -> None:
        style = self.style
        canvas = self.canv
        canvas.saveState()
        canvas.setFont(style.bulletFontName, style.bulletFontSize)
        canvas.setFillColor(style.textColor)
        baseline = self.height - style.bulletFontSize
        canvas.drawRightString(self.width - style.bulletIndent, baseline, marker)
        canvas.restoreState()




def _pdf_text_string(text: str) -> str:
    """A PDF text string in UTF-16 with a byte order mark, written in hex: ``<FEFF0048>``.

    >>> _pdf_text_string("H")
    '<FEFF0048>'
    """
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


class Anchor(Flowable):
    """A destination and outline entry at this place (zero size, keeps with what follows)."""

    role = "Artifact"

    def __init__(self, key: str, title: str, level: int) -> None:
        super().__init__()
        self.key, self.title, self.level = key, title, level
        self.keepWithNext = 1

    def wrap(self, width: float, height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        _, top = self.canv.absolutePosition(0, 0)
        self.canv.mark(self.key, self.title, self.level, top)

class Picture(Flowable):
    """An image scaled to fit the text width and at most ``max_height`` of the text area."""

    role = "Figure"

    def __init__(self, data: bytes, size: tuple[int, int], alt: str, max_height: float) -> None:
        super().__init__()
        self.data, self.pixels, self.alt, self.max_height = data, (max(size[0], 1), max(size[1], 1)), alt, max_height
        self.hAlign = "CENTER"

    def wrap(self, width: float, height: float) -> tuple[float, float]:
        scale = min(width / self.pixels[0], self.max_height / self.pixels[1])
        self.drawWidth, self.drawHeight = self.pixels[0] * scale, self.pixels[1] * scale
        return self.drawWidth, self.drawHeight

    def draw(self) -> None:
        self.canv.drawImage(ImageReader(io.BytesIO(self.data)), 0, 0, self.drawWidth, self.drawHeight, mask="auto")

class Rule(Flowable):
    """A horizontal line: under a headline, around a pull quote, as a separator."""

    role = "Artifact"

    def __init__(self, colour: str, share: float = 1.0, thickness: float = 0.6, space: float = 6) -> None:
        super().__init__()
        self.colour, self.share, self.thickness, self.space = colour, share, thickness, space

    def wrap(self, width: float, height: float) -> tuple[float, float]:
        self.width = width
        return width, self.thickness + 2 * self.space

    def draw(self) -> None:
        length = self.width * self.share
        start = (self.width - length) / 2
        canvas = self.canv
        canvas.saveState()
        canvas.addLiteral("/Artifact BMC")
        canvas.setStrokeColor(HexColor(self.colour))
        canvas.setLineWidth(self.thickness)
        canvas.line(start, self.space, start + length, self.space)
        canvas.addLiteral("EMC")
        canvas.restoreState()

class ContentsLine(Flowable):
    """One line of the contents: the title, linked to its article, and its page number.

    The number is written when the document is saved and every page is known.
    """

    role = "TOCI"

    def __init__(self, paragraph: Any, key: str, rtl: bool, font_size: float) -> None:
        super().__init__()
        self.paragraph, self.key, self.rtl, self.font_size = paragraph, key, rtl, font_size

    def wrap(self, width: float, height: float) -> tuple[float, float]:
        self.width = width
        _, self.height = self.paragraph.wrap(width, height)
        return width, self.height

    def split(self, width: float, height: float) -> list[Any]:
        return []

    def draw(self) -> None:
        self.paragraph.drawOn(self.canv, 0, 0)
        canvas = self.canv
        canvas.linkRect("", self.key, (0, 0, self.width, self.height), relative=1, thickness=0)
        x = 0 if self.rtl else self.width
        baseline = self.height - self.font_size * 1.05
        left, bottom = canvas.absolutePosition(x, baseline)
        canvas.page_number_slot(self.key, left, bottom, self.rtl, self.font_size)

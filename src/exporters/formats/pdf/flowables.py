"""The flowables of the PDF: paragraphs that order right-to-left lines, pictures, rules,
outline anchors and contents lines.

A flowable that paints content carries ``element``: the structure element
(:class:`~.tagging.Element`) its painting belongs to, marked through the canvas when it
draws. Rules are artifacts; so is a picture without an element (a decorative image).
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.paragraph import _getFragWords, _processed_frags

from .bidi import ReadingText, has_rtl, measured_as_drawn, note_reading_direction, reads_right_to_left, visual_paragraph
from .breaking import carry_broken_word, joined_lines, keep_long_words, line_texts, mark_broken_words
from .tagging import Element, pdf_text_string

__all__ = ["Anchor", "ContentsLine", "Picture", "Rule", "TextBlock"]


class TextBlock(Paragraph):
    """A paragraph whose lines are put in display order after line breaking.

    The style says the base direction (``style.rtl``), the structure role
    (``style.role``), the language right-to-left words are shaped for
    (``style.language``) and whether the source text goes along as ``/ActualText``
    (``style.actual_text``). In a right-to-left paragraph a list marker
    (``bulletText``) is drawn at the right edge.

    ``element`` is the structure element of the paragraph's painting; a list item's also
    has ``label``, the ``Lbl`` its marker is marked as (``element`` is then the ``LBody``).
    """

    element: Element | None = None
    label: Element | None = None

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
            self.frags = measured_as_drawn(_getFragWords(self.frags, first), self._language, self._measured())
        return keep_long_words(self, width, super().breakLines)

    def _measured(self) -> dict[tuple[Any, ...], float | None] | None:
        """The widths of shaped words measured so far in this document (:func:`measured_as_drawn`),
        kept on its canvas; ``None`` when the paragraph is wrapped without one (the footer)."""
        canvas = getattr(self, "canv", None)
        if canvas is None:
            return None
        if not hasattr(canvas, "_measured_words"):
            canvas._measured_words = {}
        return canvas._measured_words

    @property
    def _language(self) -> str:
        return getattr(self.style, "language", "") or ""

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts = carry_broken_word(self, super().split(availWidth, availHeight))
        for part in parts:
            part.element, part.label = self.element, self.label
        return parts

    def drawPara(self, debug: int = 0) -> None:
        canvas = self.canv
        element = self.element if getattr(canvas, "tagged", False) else None
        rtl = bool(getattr(self.style, "rtl", False))
        logical, marker = self.blPara, None
        marked = mark_broken_words(logical, self)
        actual = self._actual_text(marked, rtl)
        self.blPara, self._orders = visual_paragraph(marked, rtl, self._language, reads_right_to_left(self.canv))
        if element is not None:
            canvas.open_element(element)
        if rtl and self.bulletText:  # drawn first, so it is read before the item, not after a page of it
            marker, self.bulletText = self.bulletText, None
            self._draw_marked(self.label, self._draw_right_marker, marker)
        whole = element is not None and not (self.label is not None and self.bulletText)
        if whole:
            canvas.begin_marked(element)
        elif element is not None:  # reportlab draws the marker as a text object before the text's
            canvas.mark_text_objects([self.label, element])
        if actual:
            canvas.addLiteral(f"/Span <</ActualText {pdf_text_string(actual)}>> BDC")
        try:
            super().drawPara(debug)
        finally:
            self.blPara, self._orders = logical, None
            if marker is not None:
                self.bulletText = marker
        note_reading_direction(self.canv, line_texts(marked), rtl)
        if actual:
            canvas.addLiteral("EMC")
        if whole:
            canvas.end_marked()
        elif element is not None:
            canvas.mark_text_objects([])
        if element is not None:
            canvas.close_element()

    def _draw_marked(self, element: Element | None, draw: Any, *args: Any) -> None:
        """``draw(*args)`` as marked content of ``element`` (when there is one and the PDF is tagged)."""
        marking = element is not None and getattr(self.canv, "tagged", False)
        if marking:
            self.canv.begin_marked(element)
        draw(*args)
        if marking:
            self.canv.end_marked()

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



class Anchor(Flowable):
    """A destination and outline entry at this place (zero size, keeps with what follows)."""

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
    """An image scaled to fit the text width and at most ``max_height`` of the text area.

    Marked as its ``Figure`` element, or, without one (a decorative image), as an artifact.
    """

    def __init__(self, data: bytes, size: tuple[int, int], max_height: float, element: Element | None) -> None:
        super().__init__()
        self.data, self.pixels, self.max_height = data, (max(size[0], 1), max(size[1], 1)), max_height
        self.element = element
        self.hAlign = "CENTER"

    def wrap(self, width: float, height: float) -> tuple[float, float]:
        scale = min(width / self.pixels[0], self.max_height / self.pixels[1])
        self.drawWidth, self.drawHeight = self.pixels[0] * scale, self.pixels[1] * scale
        return self.drawWidth, self.drawHeight

    def draw(self) -> None:
        canvas = self.canv
        if self.element is not None:
            canvas.begin_marked(self.element)
        else:
            canvas.begin_artifact()
        canvas.drawImage(ImageReader(io.BytesIO(self.data)), 0, 0, self.drawWidth, self.drawHeight, mask="auto")
        canvas.end_marked()


class Rule(Flowable):
    """A horizontal line: under a headline, around a pull quote, as a separator (an artifact)."""

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

    The number is written when the document is saved and every page is known. The
    paragraph's element is the line's ``Link``: it holds the title, the link annotation
    (described by ``title``) and the page number.
    """

    def __init__(self, paragraph: Any, key: str, rtl: bool, font_size: float, title: str = "") -> None:
        super().__init__()
        self.paragraph, self.key, self.rtl, self.font_size, self.title = paragraph, key, rtl, font_size, title

    def wrap(self, width: float, height: float) -> tuple[float, float]:
        self.width = width
        _, self.height = self.paragraph.wrap(width, height)
        return width, self.height

    def split(self, width: float, height: float) -> list[Any]:
        return []

    def draw(self) -> None:
        self.paragraph.drawOn(self.canv, 0, 0)
        canvas = self.canv
        element = self.paragraph.element if getattr(canvas, "tagged", False) else None
        if element is not None:
            canvas.open_element(element)
        canvas.linkRect(self.title if element is not None else "", self.key, (0, 0, self.width, self.height),
                        relative=1, thickness=0)
        if element is not None:
            canvas.close_element()
        x = 0 if self.rtl else self.width
        baseline = self.height - self.font_size * 1.05
        left, bottom = canvas.absolutePosition(x, baseline)
        canvas.page_number_slot(self.key, left, bottom, self.rtl, self.font_size, element)

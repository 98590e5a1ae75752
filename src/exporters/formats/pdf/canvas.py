"""The PDF's page furniture: a canvas that finishes every page at the end of the document.

:class:`PagedCanvas` holds pages back while the story is laid out, then gives each its
running footer ("page N of M", in the article's digits), its outline entries and the page
numbers of the contents, and puts the XMP packet in the catalog.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFStream
from reportlab.pdfgen.canvas import Canvas

from .flowables import TextBlock
from .fonts import FONT, font_chain
from .markup import Writer, local_digits
from .style import MM, PdfStyle, make_styles, variant

__all__ = ["PageFurniture", "PagedCanvas"]


@dataclass(frozen=True)
class PageFurniture:
    """What every page carries besides the story: the running footer.

    ``left`` and ``right`` are ``(publisher, page label)`` in reading order; the label is a
    :func:`labels` ``page_of`` pattern with ``{page}`` and ``{pages}``.
    """

    publisher: str
    page_label: str
    language: str
    rtl: bool
    style: PdfStyle
    xmp: bytes = b""
    pdf_date: str = ""
    show_outline: bool = True


class PagedCanvas(Canvas):
    """A canvas that holds pages back until the end, so each footer can say "page N of M".

    While the story is laid out, pages, outline marks and contents slots are
    collected; :meth:`save` then finishes every page with its footer, its outline
    entries (in document order) and the page numbers of the contents.
    """

    def __init__(self, *args: Any, furniture: PageFurniture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.furniture = furniture
        if furniture.pdf_date:
            self.setDateFormatter(lambda *_: furniture.pdf_date)
        self._held: list[dict[str, Any]] = []
        self._marks: list[list[tuple[str, str, int, float]]] = [[]]
        self._slots: list[list[tuple[str, float, float, bool, float]]] = [[]]
        self._pages_of: dict[str, int] = {}
        self._footer_style = make_styles(furniture.style, furniture.rtl, language=furniture.language)["footer"]
        self._footer_writer = Writer(furniture.language, furniture.rtl, furniture.style.colours.link,
                                     fonts=font_chain(furniture.style.fonts.fallback))

    def mark(self, key: str, title: str, level: int, top: float) -> None:
        """Remember a destination and outline entry on the current page."""
        self._marks[-1].append((key, title, level, top))
        self._pages_of.setdefault(key, len(self._held) + 1)

    def page_number_slot(self, key: str, x: float, y: float, rtl: bool, size: float) -> None:
        """Remember where the page number of ``key`` goes on the current page."""
        self._slots[-1].append((key, x, y, rtl, size))

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._marks.append([])
        self._slots.append([])
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        level = -1
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            self._footer(number, total)
            for key, x, y, rtl, size in self._slots[number - 1]:
                self._page_number(key, x, y, rtl, size)
            for key, title, wanted, top in self._marks[number - 1]:
                level = min(wanted, level + 1)
                self.bookmarkPage(key, fit="XYZ", left=0, top=top)
                self.addOutlineEntry(title, key, level=level)
            Canvas.showPage(self)
        if self.furniture.xmp:
            self._doc.Catalog.Metadata = _metadata_stream(self.furniture.xmp)
        if self.furniture.show_outline and any(self._marks):
            self.showOutline()
        Canvas.save(self)

    def _footer(self, number: int, total: int) -> None:
        furniture = self.furniture
        style = furniture.style
        width, _ = style.page_size
        margins = style.page.margins_mm
        left, right = margins.left * MM, width - margins.right * MM
        baseline = margins.bottom * MM * 0.45
        label = furniture.page_label.format(page=local_digits(number, furniture.language),
                                            pages=local_digits(total, furniture.language))
        self.saveState()
        self.addLiteral("/Artifact BMC")
        self.setStrokeColor(HexColor(style.colours.rule))
        self.setLineWidth(0.5)
        self.line(left, baseline + style.type_pt.footer * 1.8, right, baseline + style.type_pt.footer * 1.8)
        half = (right - left) / 2
        first, second = (label, furniture.publisher) if furniture.rtl else (furniture.publisher, label)
        for text, x, align in ((first, left, 0), (second, left + half, 2)):
            if not text:
                continue
            paragraph_style = variant(self._footer_style, f"footer-{align}", alignment=align)
            paragraph = TextBlock(self._footer_writer.text(text), paragraph_style)
            paragraph.wrap(half, 100)
            paragraph.drawOn(self, x, baseline)
        self.addLiteral("EMC")
        self.restoreState()

    def _page_number(self, key: str, x: float, y: float, rtl: bool, size: float) -> None:
        page = self._pages_of.get(key)
        if page is None:
            return
        text = local_digits(page, self.furniture.language)
        self.saveState()
        self.setFont(FONT, size)
        (self.drawString if rtl else self.drawRightString)(x, y, text)
        self.restoreState()


def _metadata_stream(xmp: bytes) -> Any:
    """An uncompressed ``/Metadata`` stream holding the XMP packet."""
    dictionary = PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")})
    return PDFStream(dictionary=dictionary, content=xmp, filters=[])

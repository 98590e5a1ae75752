"""The PDF's page furniture: a canvas that finishes every page at the end of the document.

:class:`PagedCanvas` holds pages back while the story is laid out, then gives each its
running footer ("page N of M", in the article's digits, a pagination artifact), its
outline entries and the page numbers of the contents, and puts the XMP packet and the
structure tree (:mod:`.tagging`) in the catalog. Flowables mark their painting through it:
:meth:`PagedCanvas.begin_marked` and :meth:`PagedCanvas.end_marked`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFStream
from reportlab.pdfgen.canvas import Canvas

from .bidi import mark_page_direction, start_page_count
from .flowables import TextBlock
from .fonts import FONT, font_chain
from .markup import Writer, local_digits
from .style import MM, PdfStyle, make_styles, variant
from .tagging import FOOTER_ARTIFACT, Annotated, Element, Marked, mark_pages, marked_content, write_structure

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
    #: The root of the structure tree the story's flowables belong to; ``None``: an untagged PDF.
    structure: Element | None = None


class PagedCanvas(Canvas):
    """A canvas that holds pages back until the end, so each footer can say "page N of M".

    While the story is laid out, pages, outline marks and contents slots are
    collected; :meth:`save` then finishes every page with its footer, its outline
    entries (in document order) and the page numbers of the contents.

    In a tagged PDF (``furniture.structure``), every element's painting is marked content
    with the next MCID of its page, and every link annotation joins the element being
    drawn as a ``Link`` with an object reference. Untagged, the marking methods do nothing.
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
        self.tagged = furniture.structure is not None
        self._next_mcid = 0  # of the current page: kept with it while pages are held
        self._page_index = 0
        self._drawing: list[Element] = []
        self._text_objects: list[Element] = []

    # -- marked content

    def begin_marked(self, element: Element) -> None:
        """Open marked content for ``element`` with the page's next MCID."""
        if not self.tagged:
            return
        mcid, self._next_mcid = self._next_mcid, self._next_mcid + 1
        element.kids.append(Marked(self._page_index, mcid))
        self.addLiteral(marked_content(element.role, mcid))

    def end_marked(self) -> None:
        """Close the marked content :meth:`begin_marked` opened."""
        if self.tagged:
            self.addLiteral("EMC")

    def begin_artifact(self) -> None:
        """Open marked content for what only decorates (a decorative image)."""
        if self.tagged:
            self.addLiteral("/Artifact BMC")

    def open_element(self, element: Element) -> None:
        """Links drawn from now on belong to ``element`` (until :meth:`close_element`)."""
        self._drawing.append(element)

    def close_element(self) -> None:
        self._drawing.pop()

    def mark_text_objects(self, elements: list[Element]) -> None:
        """Mark the next text objects drawn as ``elements``, one each: a list item's marker
        (``Lbl``), which reportlab draws as a text object of its own, then its text (``LBody``).
        An empty list ends the marking (a paragraph of no lines draws neither)."""
        if elements:
            self._text_objects.extend(elements)
        else:
            self._text_objects.clear()

    def drawText(self, aTextObject: Any) -> None:
        if not self._text_objects:
            super().drawText(aTextObject)
            return
        element = self._text_objects.pop(0)
        self.begin_marked(element)
        super().drawText(aTextObject)
        self.end_marked()

    def _addAnnotation(self, annotation: Any, name: str | None = None, addtopage: int = 1) -> None:
        """reportlab's annotation, which in a tagged PDF gets ``/Contents`` and joins the
        element being drawn as a ``Link`` (or the ``Link`` itself, for a contents line)."""
        super()._addAnnotation(annotation, name, addtopage)
        if not (self.tagged and addtopage and self._drawing):
            return
        if isinstance(annotation, PDFDictionary) and "A" in annotation.dict:  # a URI: the address says where it goes
            annotation["Contents"] = annotation["A"]["URI"]
        element = self._drawing[-1]
        link = element if element.role == "Link" else element.add("Link")
        link.kids.append(Annotated(self._page_index, annotation, self._annotationrefs[-1]))

    def mark(self, key: str, title: str, level: int, top: float) -> None:
        """Remember a destination and outline entry on the current page."""
        self._marks[-1].append((key, title, level, top))
        self._pages_of.setdefault(key, len(self._held) + 1)

    def page_number_slot(self, key: str, x: float, y: float, rtl: bool, size: float,
                         element: Element | None = None) -> None:
        """Remember where the page number of ``key`` goes on the current page, and the element it belongs to."""
        self._slots[-1].append((key, x, y, rtl, size, element))

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        start_page_count(self)
        self._marks.append([])
        self._slots.append([])
        self._startPage()
        self._next_mcid, self._page_index = 0, len(self._held)

    def save(self) -> None:
        total = len(self._held)
        level = -1
        pages = []
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            self._footer(number, total)
            for key, x, y, rtl, size, element in self._slots[number - 1]:
                self._page_number(key, x, y, rtl, size, element)
            for key, title, wanted, top in self._marks[number - 1]:
                level = min(wanted, level + 1)
                self.bookmarkPage(key, fit="XYZ", left=0, top=top)
                self.addOutlineEntry(title, key, level=level)
            pages.append(self._doc.thisPageRef())
            Canvas.showPage(self)
        if self.furniture.xmp:
            self._doc.Catalog.Metadata = _metadata_stream(self.furniture.xmp)
        if self.furniture.show_outline and any(self._marks):
            self.showOutline()
        if self.furniture.structure is not None:
            mark_pages(self._doc.Pages.pages)
            catalog = self._doc.Catalog
            catalog.StructTreeRoot, catalog.MarkInfo = write_structure(self._doc, self.furniture.structure, pages,
                                                                       self.furniture.language)
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
        self.addLiteral(FOOTER_ARTIFACT if self.tagged else "/Artifact BMC")
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
        mark_page_direction(self, left, baseline)

    def _page_number(self, key: str, x: float, y: float, rtl: bool, size: float, element: Element | None) -> None:
        page = self._pages_of.get(key)
        if page is None:
            return
        text = local_digits(page, self.furniture.language)
        self.saveState()
        if element is not None:
            self.begin_marked(element)
        self.setFont(FONT, size)
        (self.drawString if rtl else self.drawRightString)(x, y, text)
        if element is not None:
            self.end_marked()
        self.restoreState()


def _metadata_stream(xmp: bytes) -> Any:
    """An uncompressed ``/Metadata`` stream holding the XMP packet."""
    dictionary = PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")})
    return PDFStream(dictionary=dictionary, content=xmp, filters=[])

"""The PDF exporter: options, ``render`` (story on a paged canvas) and ``inspect`` (the read-back).

The work is done by the modules beside this one: :mod:`.style` (style file, paragraph
styles), :mod:`.fonts`, :mod:`.bidi` (right-to-left lines), :mod:`.breaking` (words longer
than a line), :mod:`.markup` (model text to paragraph markup), :mod:`.flowables`,
:mod:`.story` (the flowables of a bundle), :mod:`.canvas` (page furniture, outline,
contents page numbers), :mod:`.tagging` (the structure tree), :mod:`.metadata` (Info and
XMP) and :mod:`.readback`.
"""

from __future__ import annotations

import io
from typing import Any, Literal

import msgspec

from ...facts import document_facts
from ...model import Bundle
from ...text import xml_safe
from ..base import Artifact, Exporter, Inspection
from .metadata import CREATOR, PRODUCER, pdf_date, xmp_packet
from .readback import read_back

__all__ = ["PdfExporter", "PdfOptions"]


class PdfOptions(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """``page_size``: A4 or Letter (default: the style file's, A4).
    ``style``: a YAML style file layered over the shipped ``templates/pdf/style.yaml``.
    ``compress``: compress page content (on; off helps when reading the raw file).
    ``actual_text``: also wrap paragraphs that hold right-to-left text in ``/ActualText``
    spans with their source text (off). Every glyph already reads back as the one
    character it stands for, in an order pypdf, poppler and MuPDF turn into reading order
    (:mod:`.bidi`); poppler and MuPDF lay such a span out left to right and then turn it
    around as right-to-left text, so with this on they read those paragraphs back to front.
    ``tagged``: a tagged PDF/UA-1 with a structure tree (on). Off gives the PDF without
    tags, which no screen reader can navigate; it is kept to measure what tagging costs.
    """

    page_size: Literal["", "A4", "Letter"] = ""
    style: str = ""
    compress: bool = True
    actual_text: bool = False
    tagged: bool = True


class PdfExporter(Exporter):
    """PDF with embedded FiraGO, Info and XMP metadata, an outline and a running footer."""

    name = "pdf"
    suffix = ".pdf"
    media_type = "application/pdf"
    description = "Tagged print PDF (PDF/UA-1) with embedded fonts, metadata and outline (reportlab)"
    Options = PdfOptions

    @classmethod
    def check_options(cls, options: Any) -> None:
        """The style file must load, every key and value of it checked, before any article is read."""
        from ...errors import UsageError
        from ..options import with_choices
        from .style import PdfStyle, load_style

        try:
            load_style(options.style or None, options.page_size)
        except ValueError as error:
            raise UsageError(f"-O pdf.style={options.style}: {with_choices(str(error), PdfStyle)}") from None

    def render(self, bundle: Bundle) -> Artifact:
        """Lay ``bundle`` out on pages and return the PDF bytes (pure: no files, no network)."""
        options: PdfOptions = self.options  # type: ignore[assignment]
        from .style import load_style

        style = load_style(options.style or None, options.page_size)
        return self.artifact(_write(bundle, style, options.compress, options.actual_text, options.tagged))

    def inspect(self, data: bytes) -> Inspection:
        """Info, XMP, ``/Lang`` and the text of every page (without the running footer), read with
        pypdf, and the letters another reader (poppler's ``pdftotext`` or MuPDF) gets."""
        try:
            return read_back(self.name, data)
        except Exception as error:  # noqa: BLE001 (pypdf raises many types for damaged files)
            raise ValueError(f"not a readable PDF: {error}") from None


def _write(bundle: Bundle, style: Any, compress: bool, actual_text: bool, tagged: bool) -> bytes:
    from functools import partial

    from reportlab.platypus import SimpleDocTemplate

    from .canvas import PagedCanvas, PageFurniture
    from .fonts import FONT
    from .story import build_story

    facts = document_facts(bundle)
    width, height = style.page_size
    margins = style.page.margins_mm
    mm = 72 / 25.4
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=(width, height),
        leftMargin=margins.left * mm, rightMargin=margins.right * mm,
        topMargin=margins.top * mm, bottomMargin=margins.bottom * mm,
        title=xml_safe(facts.title), author="; ".join(map(xml_safe, facts.authors)),
        subject=xml_safe(facts.description), keywords=[xml_safe(keyword) for keyword in facts.keywords],
        creator=CREATOR, producer=PRODUCER, lang=facts.language, displayDocTitle=1,
        initialFontName=FONT, initialFontSize=style.type_pt.body, invariant=1, pageCompression=int(compress),
    )
    rtl = facts.direction == "rtl"
    story, structure = build_story(bundle, style, document.height, actual_text)
    furniture = PageFurniture(
        publisher=facts.publisher, page_label=_labels(facts.language)["page_of"], language=facts.language,
        rtl=rtl, style=style, xmp=xmp_packet(facts, pdfua=tagged), pdf_date=pdf_date(facts.built),
        structure=structure if tagged else None,
    )
    document.build(story, canvasmaker=partial(PagedCanvas, furniture=furniture))
    return buffer.getvalue()


def _labels(language: str) -> dict[str, str]:
    from ...labels import labels

    return labels(language)

"""Print PDF: a newsroom page laid out with reportlab, fonts embedded, metadata in Info and XMP.

::

    >>> from exporters import api
    >>> bundle = api.read_bundle(["samples/articles/port-of-aktau.json"])
    >>> artifact = api.render(bundle, "pdf", {"page_size": "Letter"})
    >>> PdfExporter().inspect(artifact.data).title
    'Caspian Port Doubles Grain Shipments as Rail Link Opens'

What the file holds:

- every part of the article in reading order (kicker, headline, dek, byline and
  credits, dateline and dates, lead figure, body, notices, rights, publisher, URL),
  a running footer with the publisher and "page N of M", live http/https/mailto links;
- FiraGO regular, bold, italic and bold italic, embedded and subset (not even the
  Helvetica reportlab starts every page with); for what FiraGO lacks (Armenian, CJK,
  emoji, ...) the fallback fonts of the style file, subset too (:mod:`.pdf_fonts`);
  Persian and Arabic shaped and set right to left; a word longer than its line is cut
  with a soft hyphen that the read-back joins;
- the Info dictionary (title, authors, subject, keywords, dates) and an XMP packet
  (the same plus publisher, rights, contributors, language, identifier, dates), the
  catalog ``/Lang``, ``DisplayDocTitle``, and an outline: headline and subheads, or
  contents, sections and articles for an edition (which also gets a contents page);
- the same bytes for the same input: dates come from :func:`~.common.build_time`.

Options (``-O key=value``): ``page_size=A4|Letter`` and ``style=path.yaml``, a style
file layered over ``templates/pdf/style.yaml`` (margins, type scale, colours).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

import msgspec

from .. import attribution
from ..model import Bundle
from ..text import xml_safe
from .base import Artifact, Exporter, Inspection
from .common import build_time, bundle_identifier

__all__ = ["DocumentFacts", "PdfExporter", "PdfOptions", "document_facts", "xmp_packet"]

_CREATOR = "newsroom-exporters"
_PRODUCER = "newsroom-exporters (ReportLab PDF Library)"


class PdfOptions(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """``page_size``: A4 or Letter (default: the style file's, A4).
    ``style``: a YAML style file layered over the shipped ``templates/pdf/style.yaml``.
    ``compress``: compress page content (on; off helps when reading the raw file).
    ``actual_text``: wrap shaped right-to-left paragraphs in ``/ActualText`` spans that
    hold the source text, so copying and text extraction by readers that follow the PDF
    specification give the words in logical order (on). Poppler's ``pdftotext`` reverses
    such spans; turn this off to leave it the glyphs alone.
    """

    page_size: Literal["", "A4", "Letter"] = ""
    style: str = ""
    compress: bool = True
    actual_text: bool = True


@dataclass(frozen=True)
class DocumentFacts:
    """The metadata a PDF declares, gathered once from the bundle."""

    title: str
    language: str
    authors: tuple[str, ...]
    contributors: tuple[str, ...]
    publisher: str
    rights: str
    licence: str
    usage_terms: str
    description: str
    keywords: tuple[str, ...]
    published: str
    modified: str
    identifier: str
    url: str
    built: datetime


def document_facts(bundle: Bundle) -> DocumentFacts:
    """Metadata of a single article, or of an edition (the bundle's own, then its articles').

    >>> document_facts(bundle).authors   # doctest: +SKIP
    ('Marat Example',)
    """
    built = build_time(bundle)
    articles = bundle.articles
    if bundle.is_single:
        article = bundle.lead
        rights = article.rights
        return DocumentFacts(
            title=article.headline, language=article.language,
            authors=tuple(attribution.writer_names(article)),
            contributors=tuple(attribution.credit_names(article)),
            publisher=article.publisher.name if article.publisher else "",
            rights=attribution.rights_line(article),
            licence=rights.licence if rights else "", usage_terms=rights.usage_terms if rights else "",
            description=article.summary or article.subheadline, keywords=article.keywords,
            published=attribution.iso_date(article.published),
            modified=attribution.iso_date(article.modified), identifier=bundle_identifier(bundle),
            url=article.url, built=built,
        )
    editors = tuple(person.name for person in bundle.editors)
    writers = _unique(name for article in articles for name in attribution.writer_names(article))
    return DocumentFacts(
        title=bundle.display_title, language=bundle.main_language,
        authors=editors or writers,
        contributors=_unique(name for article in articles for name in attribution.credit_names(article)),
        publisher=bundle.publisher.name if bundle.publisher else _first(a.publisher.name for a in articles if a.publisher),
        rights="\n".join(_unique(attribution.rights_line(article) for article in articles)),
        licence="", usage_terms="",
        description=bundle.subtitle or bundle.introduction,
        keywords=_unique(keyword for article in articles for keyword in article.keywords),
        published=attribution.iso_date(bundle.date or built),
        modified=attribution.iso_date(bundle.date or built), identifier=bundle_identifier(bundle),
        url=bundle.site_url, built=built,
    )


def _unique(values: Any) -> tuple[str, ...]:
    return tuple(dict.fromkeys(value for value in values if value))


def _first(values: Any) -> str:
    return next(iter(values), "")


# -- XMP ---------------------------------------------------------------------------------------

_NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "prism": "http://prismstandard.org/namespaces/basic/3.0/",
}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def xmp_packet(facts: DocumentFacts) -> bytes:
    """The XMP metadata packet (UTF-8) for ``facts``: Dublin Core, XMP basic, rights, PRISM.

    >>> b"<dc:title>" in xmp_packet(document_facts(bundle))   # doctest: +SKIP
    True
    """
    from lxml import etree

    def q(name: str) -> str:
        prefix, local = name.split(":")
        return f"{{{_NS[prefix]}}}{local}"

    root = etree.Element(q("x:xmpmeta"), nsmap={"x": _NS["x"]})
    rdf = etree.SubElement(root, q("rdf:RDF"), nsmap={"rdf": _NS["rdf"]})
    description = etree.SubElement(rdf, q("rdf:Description"), {q("rdf:about"): ""},
                                   nsmap={key: value for key, value in _NS.items() if key not in ("x", "rdf")})

    def simple(name: str, value: str) -> None:
        if value:
            etree.SubElement(description, q(name)).text = xml_safe(value)

    def container(name: str, kind: str, values: tuple[str, ...] | list[str], lang: bool = False) -> None:
        values = [value for value in values if value]
        if not values:
            return
        holder = etree.SubElement(etree.SubElement(description, q(name)), q(f"rdf:{kind}"))
        for value in values:
            item = etree.SubElement(holder, q("rdf:li"), {_XML_LANG: "x-default"} if lang else {})
            item.text = xml_safe(value)

    built = _xmp_date(facts.built)
    simple("dc:format", "application/pdf")
    container("dc:title", "Alt", [facts.title], lang=True)
    container("dc:creator", "Seq", facts.authors)
    container("dc:contributor", "Bag", facts.contributors)
    container("dc:description", "Alt", [facts.description], lang=True)
    container("dc:subject", "Bag", facts.keywords)
    container("dc:publisher", "Bag", [facts.publisher])
    container("dc:rights", "Alt", [facts.rights], lang=True)
    container("dc:language", "Bag", [facts.language])
    container("dc:date", "Seq", [facts.published])
    simple("dc:identifier", facts.identifier)
    simple("xmp:CreateDate", built)
    simple("xmp:ModifyDate", built)
    simple("xmp:MetadataDate", built)
    simple("xmp:CreatorTool", _CREATOR)
    simple("pdf:Producer", _PRODUCER)
    simple("pdf:Keywords", ", ".join(facts.keywords))
    if facts.rights:
        simple("xmpRights:Marked", "True")
    if facts.licence.startswith(("http://", "https://")):
        simple("xmpRights:WebStatement", facts.licence)
    container("xmpRights:UsageTerms", "Alt", [facts.usage_terms], lang=True)
    simple("xmpMM:DocumentID", facts.identifier)
    simple("prism:url", facts.url)
    simple("prism:publicationDate", facts.published)
    simple("prism:modificationDate", facts.modified)
    body = etree.tostring(root, encoding="utf-8")
    return b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n' + body + b'\n<?xpacket end="r"?>'


def _xmp_date(moment: datetime) -> str:
    return moment.isoformat()


def _pdf_date(moment: datetime) -> str:
    """``D:20260302140500+05'00'``: a PDF date string with the moment's own offset."""
    offset = moment.utcoffset() or (moment - moment.replace(tzinfo=UTC) if moment.tzinfo else None)
    minutes = int(offset.total_seconds() // 60) if offset else 0
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"D:{moment:%Y%m%d%H%M%S}{sign}{hours:02d}'{rest:02d}'"


# -- the exporter ------------------------------------------------------------------------------


class PdfExporter(Exporter):
    """PDF with embedded FiraGO, Info and XMP metadata, an outline and a running footer."""

    name = "pdf"
    suffix = ".pdf"
    media_type = "application/pdf"
    description = "Print PDF with embedded fonts, metadata and outline (reportlab)"
    Options = PdfOptions

    def render(self, bundle: Bundle) -> Artifact:
        """Lay ``bundle`` out on pages and return the PDF bytes (pure: no files, no network)."""
        options: PdfOptions = self.options  # type: ignore[assignment]
        from .pdf_layout import load_style

        style = load_style(options.style or None, options.page_size)
        return self.artifact(_write(bundle, style, options.compress, options.actual_text))

    def inspect(self, data: bytes) -> Inspection:
        """Info, XMP, ``/Lang`` and the text of every page (without the running footer), read with pypdf."""
        try:
            return _inspect(self.name, data)
        except Exception as error:  # noqa: BLE001 (pypdf raises many types for damaged files)
            raise ValueError(f"not a readable PDF: {error}") from None


def _write(bundle: Bundle, style: Any, compress: bool, actual_text: bool) -> bytes:
    from functools import partial

    from reportlab.platypus import SimpleDocTemplate

    from .pdf_fonts import FONT
    from .pdf_layout import PageFurniture, build_story, paged_canvas_class

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
        creator=_CREATOR, producer=_PRODUCER, lang=facts.language, displayDocTitle=1,
        initialFontName=FONT, initialFontSize=style.type_pt.body, invariant=1, pageCompression=int(compress),
    )
    rtl = bundle.text_direction == "rtl" if not bundle.is_single else bundle.lead.text_direction == "rtl"
    furniture = PageFurniture(
        publisher=facts.publisher, page_label=_labels(facts.language)["page_of"], language=facts.language,
        rtl=rtl, style=style, xmp=xmp_packet(facts), pdf_date=_pdf_date(facts.built),
    )
    story = build_story(bundle, style, document.height, actual_text)
    document.build(story, canvasmaker=partial(paged_canvas_class(), furniture=furniture))
    return buffer.getvalue()


def _labels(language: str) -> dict[str, str]:
    from ..labels import labels

    return labels(language)


# -- reading back ------------------------------------------------------------------------------


def _inspect(name: str, data: bytes) -> Inspection:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    root = reader.trailer["/Root"]
    info = reader.metadata or {}
    xmp = _read_xmp(root)
    language = str(root.get("/Lang", "")) or _first(xmp.get("dc:language", []))
    authors = tuple(xmp.get("dc:creator", [])) or _split_authors(str(info.get("/Author", "")))
    undrawn: set[str] = set()
    pages = [_page_text(page, undrawn) for page in reader.pages]
    outline = [_outline_title(item) for item in _flatten(reader.outline)]
    viewer = root.get("/ViewerPreferences", {})
    return Inspection(
        format=name,
        title=_first(xmp.get("dc:title", [])) or str(info.get("/Title", "")),
        language=language,
        authors=authors,
        contributors=tuple(xmp.get("dc:contributor", [])),
        publisher=_first(xmp.get("dc:publisher", [])),
        rights="\n".join(xmp.get("dc:rights", [])),
        published=_first(xmp.get("dc:date", [])) or _first(xmp.get("prism:publicationDate", [])),
        modified=_first(xmp.get("prism:modificationDate", [])) or _first(xmp.get("xmp:ModifyDate", [])),
        identifier=_first(xmp.get("dc:identifier", [])),
        description=_first(xmp.get("dc:description", [])) or str(info.get("/Subject", "")),
        keywords=tuple(xmp.get("dc:subject", [])),
        text=_join_broken_words("\n".join(pages)),
        extra={
            "pages": len(pages),
            "info": {str(key): str(value) for key, value in info.items()},
            "outline": outline,
            "display_doc_title": bool(viewer.get("/DisplayDocTitle", False)) if hasattr(viewer, "get") else False,
            "xmp": xmp,
            **({"undrawn": "".join(sorted(undrawn))} if undrawn else {}),
        },
    )


def _read_xmp(root: Any) -> dict[str, list[str]]:
    """Every XMP property as a list of strings, keyed ``prefix:name`` (``dc:creator``)."""
    from lxml import etree

    stream = root.get("/Metadata")
    if stream is None:
        return {}
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_pis=True)
    tree = etree.fromstring(stream.get_object().get_data(), parser)
    prefixes = {uri: prefix for prefix, uri in _NS.items()}
    values: dict[str, list[str]] = {}
    for description in tree.iter(f"{{{_NS['rdf']}}}Description"):
        for element in description:
            namespace, _, local = element.tag[1:].partition("}")
            key = f"{prefixes.get(namespace, namespace)}:{local}"
            items = element.findall(f".//{{{_NS['rdf']}}}li")
            found = [item.text or "" for item in items] if items else [element.text or ""]
            values.setdefault(key, []).extend(value.strip() for value in found if value.strip())
    return values


def _split_authors(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(";") if part.strip())


def _page_text(page: Any, undrawn: set[str] | None = None) -> str:
    """The text of one page in content order, as a reader of the page gets it.

    Marked content decides: text inside ``/Artifact`` (the running footer) is left
    out, and a span with ``/ActualText`` (a line of shaped right-to-left text)
    contributes its actual text instead of its glyphs. Characters no font could draw
    (set in the ``NoGlyph`` font, see :mod:`.pdf_fonts`) are added to ``undrawn``.
    """
    from .pdf_fonts import is_invisible, is_no_glyph_font

    _leave_out_replaced_glyphs(page)
    parts: list[str] = []
    spans: list[str | None] = []

    def operator(name: bytes, operands: list[Any], cm: Any, tm: Any) -> None:
        if name in (b"BMC", b"BDC"):
            properties = operands[1] if len(operands) > 1 and hasattr(operands[1], "get") else {}
            actual = properties.get("/ActualText") if properties else None
            if str(operands[0]) == "/Artifact":
                spans.append("")
            elif actual is not None:
                spans.append(_text_string(actual))
            else:
                spans.append(None)
        elif name == b"EMC" and spans:
            actual = spans.pop()
            if actual and not any(span is not None for span in spans):
                parts.append(actual + "\n")

    def text(value: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if undrawn is not None and font is not None and is_no_glyph_font(str(font.get("/BaseFont", ""))):
            undrawn.update(char for char in value if not (char.isspace() or is_invisible(char)))
        if not any(span is not None for span in spans):
            parts.append(value)

    page.extract_text(visitor_operand_before=operator, visitor_text=text)
    return "".join(parts)


_SHOWS_TEXT = frozenset({b"Tj", b"TJ", b"'", b'"'})


def _leave_out_replaced_glyphs(page: Any) -> None:
    """Take the glyphs inside ``/ActualText`` spans out of the page before pypdf reads it.

    The span's actual text stands for them. Left in, they mislead pypdf: it takes a run
    of Persian glyphs for right-to-left text and goes on reading right to left up to the
    next left-to-right letter, so the ``— (`` that begins the next paragraph comes back
    ``( —``. Glyphs in the ``NoGlyph`` font stay, so undrawn characters are still found.
    Only this reader's page object changes, not the file.
    """
    from pypdf.generic import ContentStream, NameObject

    from .pdf_fonts import is_no_glyph_font

    if "/Contents" not in page:
        return
    content = ContentStream(page["/Contents"].get_object(), page.pdf, "bytes")  # as pypdf reads text
    fonts = page["/Resources"]["/Font"] if "/Font" in page.get("/Resources", {}) else {}
    kept, replaced, font = [], [], ""
    for operands, operator in content.operations:
        if operator in (b"BMC", b"BDC"):
            properties = operands[1] if len(operands) > 1 and hasattr(operands[1], "get") else {}
            replaced.append("/ActualText" in properties)
        elif operator == b"EMC" and replaced:
            replaced.pop()
        elif operator == b"Tf" and operands:
            font = str(fonts[operands[0]].get("/BaseFont", "")) if operands[0] in fonts else ""
        elif operator in _SHOWS_TEXT and any(replaced) and not is_no_glyph_font(font):
            continue
        kept.append((operands, operator))
    content.operations = kept
    page[NameObject("/Contents")] = content


def _join_broken_words(text: str) -> str:
    """The text with every word broken across lines (or pages) whole again.

    The exporter ends the first piece of such a word with a soft hyphen (U+00AD, drawn
    as a hyphen or as nothing), the PDF's sign for a line break inside a word:

    >>> _join_broken_words("Rindfleisch\\u00ad\\netikettierung and https://a.org\\u00ad\\n/x")
    'Rindfleischetikettierung and https://a.org/x'
    """
    return re.sub("\u00ad\\s*\n\\s*", "", text)


def _text_string(value: Any) -> str:
    """A PDF text string as pypdf hands it over (str, or bytes with a UTF-16 byte order mark)."""
    if isinstance(value, bytes):
        if value.startswith(b"\xfe\xff"):
            return value[2:].decode("utf-16-be", "replace")
        return value.decode("latin-1")
    return str(value)


def _flatten(outline: Any) -> list[Any]:
    items: list[Any] = []
    for item in outline or []:
        items.extend(_flatten(item) if isinstance(item, list) else [item])
    return items


def _outline_title(item: Any) -> str:
    return str(getattr(item, "title", "") or "")

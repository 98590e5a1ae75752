"""Word documents (``.docx``) built with python-docx on a reference document.

Every style comes from a reference document, as with pandoc's ``--reference-doc``:
the shipped ``templates/docx/reference.docx`` or a newsroom's own, whose styles,
page setup, headers and footers the output takes over (its body text is dropped)::

    exporters export story.json --format docx -O docx.reference=house.docx

What a reader finds in the file:

- core properties (``docProps/core.xml``) from the article: title, author, subject
  (the dek), keywords, category (the section), comments (the summary), language,
  identifier, created and modified, last modified by, revision;
- custom properties (``docProps/custom.xml``): Publisher, Rights, Source URL, Credits,
  Photo credits, Published and more; nothing left from the reference's own history;
- the language as ``w:lang`` in the style defaults, right-to-left paragraphs
  (``w:bidi``, ``w:rtl``) for Persian and Arabic;
- real headings (Title, Heading 1-9), images with alt text (``descr`` and ``title``
  on ``wp:docPr``) followed by caption and credit, live hyperlinks, notices and
  credits in their own styles (Notice, Credit);
- for a bundle, one document: masthead, a contents list linking to each article,
  and a page break before every article.

The same bundle gives the same bytes (fixed zip times, ids from the content)::

    >>> from exporters import api
    >>> bundle = api.read_bundle(["samples/articles/port-of-aktau.json"])
    >>> data = DocxExporter().render(bundle).data
    >>> DocxExporter().inspect(data).title
    'Caspian Port Doubles Grain Shipments as Rail Link Opens'
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC
from functools import lru_cache
from pathlib import Path
from typing import Any

import msgspec
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.package import Unmarshaller
from docx.opc.packuri import PackURI
from docx.opc.part import Part, PartFactory, XmlPart
from docx.opc.pkgreader import PackageReader
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement
from docx.oxml.ns import NamespacePrefixedTag, qn
from docx.oxml.parser import oxml_parser
from docx.package import Package
from docx.shared import Emu, Pt, RGBColor
from docx.styles import BabelFish
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run as DocxRun
from lxml import etree

from .. import attribution
from ..body import (
    Block,
    Embed,
    Emphasis,
    Figure,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    NoticeBlock,
    Paragraph,
    Quote,
    RelatedLink,
    Separator,
    Strong,
)
from ..errors import UsageError
from ..facts import GENERATOR, DocumentFacts, build_time, document_facts, join_field, split_field
from ..labels import labels
from ..limits import MAX_PART_BYTES, mib
from ..media import Image
from ..model import Article, Bundle, Organization, Resource
from ..text import paragraphs, xml_safe
from .base import Artifact, Exporter, Inspection
from .common import live_href, read_member, zip_parts

__all__ = ["DocxExporter", "DocxOptions", "default_reference"]

_EMU_PER_PIXEL = 9525  # at 96 pixels per inch
_CORE_LIMIT = 255  # python-docx (and Word's property dialog) cap core properties at 255 characters

_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "op": "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
    "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one format id of user-defined properties
_DECORATIVE_EXT = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
_DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"

#: Children of ``w:pPr`` that the schema places after ``w:bidi``.
_AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
    "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)
_AFTER_OUTLINE = _AFTER_BIDI[_AFTER_BIDI.index("w:outlineLvl") + 1:]
#: Children of ``w:rPr`` that the schema places after ``w:lang``.
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")

#: Paragraph styles the writer uses, with what to base them on when a house reference lacks them.
_PARAGRAPH_STYLES = {
    "Title": "Normal", "Subtitle": "Normal", "Quote": "Normal", "Intense Quote": "Quote", "Caption": "Normal",
    "List Bullet": "Normal", "List Number": "Normal", "TOC Heading": "Normal", "toc 1": "Normal", "toc 2": "Normal",
    "Kicker": "Normal", "Byline": "Normal", "Dateline": "Normal", "Credit": "Normal", "Notice": "Normal",
    "Attribution": "Quote", "Figure": "Normal", "Separator": "Normal",
    **{f"Heading {level}": "Normal" for level in range(1, 10)},
}

#: The styles of the shipped reference that Word does not define itself.
_NEWSROOM_STYLES = frozenset({"Kicker", "Byline", "Dateline", "Credit", "Notice", "Attribution", "Figure", "Separator"})


class DocxOptions(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """``reference``: path of a house reference ``.docx`` (styles, page setup, headers, footers).

    Empty means the shipped ``templates/docx/reference.docx``. Styles the house
    document lacks are added with plain defaults, so any Word document will do.
    """

    reference: str = ""


class DocxExporter(Exporter):
    """Word document on a reference document, with complete properties and real structure."""

    name = "docx"
    suffix = ".docx"
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    description = "Word document on a reference template (python-docx)"
    Options = DocxOptions
    options: DocxOptions

    def __init__(self, options: DocxOptions | None = None) -> None:
        super().__init__(options)
        if self.options.reference:  # a bad house reference is a usage error, found before any rendering
            _open_reference(self.options.reference)

    def render(self, bundle: Bundle) -> Artifact:
        document, style_ids = _open_reference(self.options.reference)
        _Writer(document, bundle, style_ids).write()
        _set_properties(document, bundle)
        members = _package_members(document)
        _release(document)
        return self.artifact(zip_parts(members, build_time(bundle), first=("[Content_Types].xml",)))

    def inspect(self, data: bytes) -> Inspection:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            core = _core_values(_read_xml(archive, "docProps/core.xml"))
            custom = _custom_values(_read_xml(archive, "docProps/custom.xml"))
            body = _read_xml(archive, _main_part_name(archive))
            styles = _read_xml(archive, "word/styles.xml")
        if body is None:
            raise ValueError("the package has no main document part")
        authors = split_field(custom.get("Full author") or core.get("creator", ""))
        return Inspection(
            format=self.name,
            title=custom.get("Full title") or core.get("title", ""),
            language=core.get("language", "") or _default_language(styles),
            authors=authors,
            contributors=split_field(custom.get("Credits", "")),
            publisher=custom.get("Publisher", ""),
            rights=custom.get("Rights", ""),
            published=custom.get("Published", "") or core.get("created", ""),
            modified=custom.get("Updated", "") or core.get("modified", ""),
            identifier=core.get("identifier", ""),
            description=custom.get("Full comments") or core.get("description", ""),
            keywords=split_field(custom.get("Full keywords") or core.get("keywords", "")),
            text=_document_text(body),
            extra={"core": core, "custom": custom},
        )


# -- the reference document ---------------------------------------------------------------------


def default_reference() -> Path:
    """The shipped reference document, ``<template root>/docx/reference.docx``."""
    from ..templates import template_root

    return template_root() / "docx" / "reference.docx"


def _open_reference(path: str) -> tuple[Any, dict[str, str | None]]:
    """A fresh python-docx document on the reference, its body emptied, and the style id of
    each of the reference's styles by Word name (:func:`_style_ids`)."""
    target = Path(path).expanduser() if path else default_reference()
    try:
        stat = target.stat()
    except OSError:
        raise UsageError(f"reference document not found: {target}") from None
    try:
        reference = _load_reference(str(target.resolve()), stat.st_mtime_ns, stat.st_size)
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError) as error:
        raise UsageError(f"reference document {target} is not a Word .docx file ({error})") from None
    document = _document_from(reference.reader)
    document.element.body.clear_content()
    return document, dict(reference.style_ids)


class _Reference(msgspec.Struct, frozen=True):
    """A reference file as read once per process: its parts, and its styles' ids by name."""

    reader: PackageReader
    style_ids: dict[str, str | None]


@lru_cache(maxsize=8)
def _load_reference(path: str, mtime_ns: int, size: int) -> _Reference:
    """The parts of a reference file as python-docx reads them from the zip, once per version
    of the file: each render builds its document from them (what ``docx.Document(file)`` does
    after reading the zip), so a batch neither unzips the reference nor looks up its
    styles for every article."""
    data = Path(path).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():  # python-docx inflates every part whole: refuse a zip bomb first
            if info.file_size > MAX_PART_BYTES:
                raise ValueError(f"{info.filename} inflates to more than {mib(MAX_PART_BYTES)}")
    reader = PackageReader.from_file(io.BytesIO(data))
    return _Reference(reader, _style_ids(_document_from(reader)))


def _document_from(reader: PackageReader) -> Any:
    """A new python-docx document made of the reference's parts, as ``docx.Document`` makes one."""
    package = Package()
    Unmarshaller.unmarshal(reader, package, PartFactory)
    document_part = package.main_document_part
    if document_part.content_type != CT.WML_DOCUMENT_MAIN:
        raise ValueError(f"its main part is {document_part.content_type}")
    return document_part.document


class _Members(list[tuple[str, bytes]]):
    """The zip members of a package, in the order python-docx writes them: what its
    package writer hands to the zip file, collected instead of compressed."""

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        self.append((pack_uri.membername, blob))


def _package_members(document: Any) -> list[tuple[str, bytes]]:
    """The ``(name, bytes)`` members of the saved document, as ``document.save`` would zip them.

    python-docx writes every member deflated, and the reproducible zip
    (:func:`~exporters.formats.common.zip_parts`) would inflate and deflate each again:
    its package writer writes to a collector here, so each member is compressed once.
    """
    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    members = _Members()
    PackageWriter._write_content_types_stream(members, parts)
    PackageWriter._write_pkg_rels(members, package.rels)
    PackageWriter._write_parts(members, parts)
    return members


def _release(document: Any) -> None:
    """Empty every XML part of a saved document, so that it holds next to nothing.

    A python-docx document is a reference cycle (the package holds its parts, each
    part holds the package), freed only when Python's cycle collector runs. That
    collector counts Python objects, not the megabytes of XML a document keeps in
    C memory, so in a long run dozens of dead documents wait for it at a time and
    the process grows (with a Word-sized house reference: 39 to 134 MiB over 500
    renders). Emptied, a waiting document costs a few kilobytes.
    """
    for part in document.part.package.iter_parts():
        if isinstance(part, XmlPart):
            del part.element[:]


def _complete_styles(document: Any, table: dict[str, str | None]) -> dict[str, str | None]:
    """Add every style the writer uses that a house reference lacks, with plain defaults.

    ``table`` holds the reference's own style ids by Word name (:func:`_style_ids`, ``None``
    for the default paragraph style); returned with the added ones, so paragraphs are
    styled without a lookup each.
    """
    for name, base in _PARAGRAPH_STYLES.items():
        if name not in table:
            table[name] = _add_plain_style(document.styles, name, base if base in table else None)
    if "Hyperlink" not in table:
        link = document.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER, builtin=True)
        link.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
        link.font.underline = True
        table["Hyperlink"] = link.style_id
    return table


def _add_plain_style(styles: Any, name: str, base: str | None) -> str:
    """A paragraph style with just enough formatting to be recognisable; returns its id."""
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH, builtin=name not in _NEWSROOM_STYLES)
    style.base_style = styles[base] if base else None
    if name.startswith("Heading "):
        level = int(name.removeprefix("Heading "))
        style.font.bold = True
        style.font.size = Pt(max(11, 17 - level))
        style.paragraph_format.keep_with_next = True
        outline = OxmlElement("w:outlineLvl")  # what makes it a heading for navigation and PDF bookmarks
        outline.set(qn("w:val"), str(level - 1))
        style.element.get_or_add_pPr().insert_element_before(outline, *_AFTER_OUTLINE)
    elif name == "Title":
        style.font.size = Pt(24)
    elif name in ("Caption", "Credit", "Dateline", "Notice"):
        style.font.size = Pt(9)
    return style.style_id


def _style_ids(document: Any) -> dict[str, str | None]:
    """Style ids by Word name (``Heading 1``, ``Caption``); the default paragraph style maps to None."""
    table: dict[str, str | None] = {}
    for element in document.styles.element.iterfind(qn("w:style")):
        name = element.find(qn("w:name"))
        if name is None:
            continue
        default = element.get(qn("w:type")) == "paragraph" and element.get(qn("w:default")) in ("1", "true", "on")
        style_id = None if default else element.get(qn("w:styleId"))
        table.setdefault(BabelFish.internal2ui(name.get(qn("w:val"), "")), style_id)
    return table


# -- writing the body ------------------------------------------------------------------------------


class _Voice(msgspec.Struct, frozen=True):
    """Language and direction of the text being written (one article, or the masthead)."""

    language: str
    rtl: bool
    marked: bool  # True when the language differs from the document's and each run says so


def _text_width(section: Any) -> int:
    """The width between the margins, in EMU, that images are scaled to fit.

    A reference document may leave page size and margins to the application (pandoc's
    own ``reference.docx`` does); then the narrower of A4 and Letter, with Word's default
    1-inch margins, is assumed, so an image fits whichever paper the reader prints on.
    """
    from docx.shared import Inches, Mm

    width = section.page_width if section.page_width is not None else Mm(210)
    left = section.left_margin if section.left_margin is not None else Inches(1)
    right = section.right_margin if section.right_margin is not None else Inches(1)
    return int(width - left - right)


class _Writer:
    """Appends a bundle's articles to a python-docx document, paragraph by paragraph."""

    def __init__(self, document: Any, bundle: Bundle, style_ids: dict[str, str | None]) -> None:
        self.document = document
        self.bundle = bundle
        self.part = document.part
        self.language = bundle.main_language
        self.style_ids = _complete_styles(document, style_ids)
        self.bookmark_id = 0
        self.text_width = _text_width(document.sections[-1])
        self.list_number = _list_numbering(document)
        self.direction = bundle.text_direction if bundle.articles or bundle.language else "ltr"
        self.body = document._body
        #: New paragraphs go before the body's section properties, which the emptied reference keeps last.
        self.end = document.element.body.sectPr

    def write(self) -> None:
        _set_language(self.document, self.language, self.direction == "rtl")
        if self.bundle.is_single:
            self.article(self.bundle.lead, heading_level=0, page_break=False)
            return
        self.masthead()
        headline_level = 2 if any(section.title for section in self.bundle.sections) else 1
        number = 0
        for index, section in enumerate(self.bundle.sections):
            voice = self.voice(self.language, self.direction)
            if section.title:
                title = self.paragraph("Heading 1", voice, text=section.title)
                title.paragraph_format.page_break_before = True
                self.bookmark(title, f"_Section{index + 1}")
            for position, article in enumerate(section.articles):
                number += 1
                self.article(article, heading_level=headline_level, page_break=not (section.title and position == 0),
                             anchor=f"_Article{number}")

    # -- bundle masthead and contents

    def masthead(self) -> None:
        bundle = self.bundle
        words = labels(self.language)
        voice = self.voice(self.language, self.direction)
        self.paragraph("Title", voice, text=bundle.display_title)
        if bundle.subtitle:
            self.paragraph("Subtitle", voice, text=bundle.subtitle)
        issue = [f"{words['issue']} {bundle.issue}" if bundle.issue else "",
                 bundle.date.date().isoformat() if bundle.date else ""]
        if any(issue):
            self.paragraph("Dateline", voice, text=" · ".join(part for part in issue if part))
        if bundle.publisher:
            self.organization("Byline", voice, bundle.publisher)
        if bundle.editors:
            names = attribution.join_names([person.name for person in bundle.editors], self.language)
            self.paragraph("Byline", voice, text=f"{words['editors']} {names}")
        for paragraph in paragraphs(bundle.introduction):
            self.paragraph("Normal", voice, text=paragraph)
        self.paragraph("TOC Heading", voice, text=words["contents"])
        number = 0
        for index, section in enumerate(bundle.sections):
            if section.title:
                self.paragraph("toc 1", voice, content=(section.title,), anchor=f"_Section{index + 1}")
            for article in section.articles:
                number += 1
                entry_voice = self.voice(article.language, article.text_direction)
                self.paragraph("toc 2" if section.title else "toc 1", entry_voice, content=(article.headline,),
                               anchor=f"_Article{number}")

    # -- one article

    def article(self, article: Article, heading_level: int, page_break: bool, anchor: str = "") -> None:
        """``heading_level`` 0 makes the headline the document Title (a single article)."""
        voice = self.voice(article.language, article.text_direction)
        first: list[DocxParagraph] = []

        def add(style: str, **kwargs: Any) -> DocxParagraph:
            paragraph = self.paragraph(style, voice, **kwargs)
            if not first:
                first.append(paragraph)
            return paragraph

        if article.kicker:
            add("Kicker", text=article.kicker)
        headline = add("Title" if heading_level == 0 else f"Heading {heading_level}", text=article.headline)
        if anchor:
            self.bookmark(headline, anchor)
        if page_break:
            first[0].paragraph_format.page_break_before = True
        self.header(article, voice)
        for block in article.body:
            self.block(article, block, voice, heading_level)
        self.footer(article, voice)

    def header(self, article: Article, voice: _Voice) -> None:
        if article.subheadline:
            self.paragraph("Subtitle", voice, text=article.subheadline)
        byline = attribution.byline(article)
        if byline:
            self.paragraph("Byline", voice, text=byline)
        for line in attribution.credit_lines(article):
            self.paragraph("Credit", voice, text=line)
        if article.dateline:
            place = ", ".join(part for part in (article.dateline.place, article.dateline.text) if part)
            self.paragraph("Dateline", voice, text=place)
        date_line = attribution.date_line(article)
        if date_line:
            self.paragraph("Dateline", voice, text=date_line)
        if article.source:
            paragraph = self.paragraph("Credit", voice, text=f"{labels(article.language)['originally']} ")
            self.inlines(paragraph, (_link_to(article.source),), voice)
        if article.lead_image:
            self.figure(article, article.lead_image, voice)

    def footer(self, article: Article, voice: _Voice) -> None:
        for notice in article.notices:
            self.paragraph("Notice", voice, text=notice.text)
        rights = attribution.rights_line(article)
        if rights:
            self.paragraph("Credit", voice, text=rights)
        if article.publisher:
            self.organization("Credit", voice, article.publisher, label=labels(article.language)["publisher"])
        if article.url:
            self.paragraph("Credit", voice, content=(Link(href=article.url, content=(article.url,)),))

    def organization(self, style: str, voice: _Voice, organization: Organization, label: str = "") -> None:
        paragraph = self.paragraph(style, voice, text=f"{label}: " if label else "")
        self.inlines(paragraph, (_link_to(organization),), voice)

    # -- body blocks

    def block(self, article: Article, block: Block, voice: _Voice, heading_level: int) -> None:
        if isinstance(block, Paragraph):
            self.paragraph("Normal", voice, content=block.content)
        elif isinstance(block, Heading):
            self.paragraph(f"Heading {min(9, heading_level + block.level - 1)}", voice, content=block.content)
        elif isinstance(block, Quote):
            self.paragraph("Intense Quote" if block.pull else "Quote", voice, content=block.content)
            if block.attribution:
                self.paragraph("Attribution", voice, text=f"— {block.attribution}")
        elif isinstance(block, ListBlock):
            self.list(block, voice)
        elif isinstance(block, Figure):
            self.figure(article, block.image, voice)
        elif isinstance(block, RelatedLink):
            paragraph = self.paragraph("Normal", voice, text=f"{block.label}: " if block.label else "")
            self.inlines(paragraph, (Link(href=block.url, content=(Strong(content=(block.title,)),)),), voice)
        elif isinstance(block, Embed):
            word = labels(article.language)["embed"]
            lead = f"{word} ({block.provider}): " if block.provider else f"{word}: "
            paragraph = self.paragraph("Normal", voice, text=lead)
            self.inlines(paragraph, (Link(href=block.url, content=(block.title,)),), voice)
        elif isinstance(block, NoticeBlock):
            self.paragraph("Notice", voice, text=block.text)
        elif isinstance(block, Separator):
            self.paragraph("Separator", voice)

    def list(self, block: ListBlock, voice: _Voice) -> None:
        if not block.ordered:
            for item in block.items:
                self.paragraph("List Bullet", voice, content=item)
            return
        number_id = self.restart_numbering()
        for position, item in enumerate(block.items, 1):
            if number_id is None:  # the house reference has no numbering for List Number
                self.paragraph("List Number", voice, content=(f"{position}. ", *item))
                continue
            paragraph = self.paragraph("List Number", voice, content=item)
            numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            numbering.get_or_add_ilvl().val = 0
            numbering.get_or_add_numId().val = number_id

    def restart_numbering(self) -> int | None:
        """A new ``w:num`` on the List Number definition, starting again at 1."""
        if self.list_number is None:
            return None
        numbering = self.part.numbering_part.element
        number = numbering.add_num(self.list_number)
        number.add_lvlOverride(ilvl=0).add_startOverride(1)
        return number.numId

    def figure(self, article: Article, image: Image, voice: _Voice) -> None:
        resource = self.bundle.resource(article, image)
        if resource is not None:
            paragraph = self.paragraph("Figure", voice)
            width = Emu(self.image_width(image, resource))
            shape = paragraph.add_run().add_picture(io.BytesIO(resource.data), width=width)
            _describe(shape._inline, image)
        if image.caption:
            self.paragraph("Caption", voice, text=image.caption)
        if image.credit:
            self.paragraph("Credit", voice, text=image.credit)

    def image_width(self, image: Image, resource: Resource) -> int:
        pixels = image.width or resource.width
        return min(pixels * _EMU_PER_PIXEL, self.text_width)

    # -- paragraphs and runs

    def voice(self, language: str, direction: str) -> _Voice:
        return _Voice(language=language, rtl=direction == "rtl", marked=language != self.language)

    def paragraph(self, style: str, voice: _Voice, *, text: str = "", content: tuple[Inline, ...] = (),
                  anchor: str = "") -> DocxParagraph:
        """A new paragraph at the end of the body: the elements ``document.add_paragraph()`` and
        python-docx's style and ``w:bidi`` setters make, in their order, built directly (their
        schema-order lookups were the dearest part of a document)."""
        p = _element("w:p")
        if self.end is not None:
            self.end.addprevious(p)
        else:
            self.body._element.append(p)
        style_id = self.style_ids[style]
        if style_id is not None or voice.rtl:
            properties = _element("w:pPr")
            p.append(properties)
            if style_id is not None:
                properties.append(_element("w:pStyle", style_id))
            if voice.rtl:
                properties.append(_element("w:bidi"))
        paragraph = DocxParagraph(p, self.body)
        if text:
            self.run(paragraph._p, paragraph, text, voice)
        if content:
            container = self.internal_link(paragraph, anchor) if anchor else paragraph._p
            self.inlines(paragraph, content, voice, container=container)
        return paragraph

    def inlines(self, paragraph: DocxParagraph, content: tuple[Inline, ...], voice: _Voice, *, container: Any = None,
                bold: bool = False, italic: bool = False) -> None:
        container = paragraph._p if container is None else container
        for node in content:
            if isinstance(node, str):
                self.run(container, paragraph, node, voice, bold=bold, italic=italic)
            elif isinstance(node, Strong):
                self.inlines(paragraph, node.content, voice, container=container, bold=True, italic=italic)
            elif isinstance(node, Emphasis):
                self.inlines(paragraph, node.content, voice, container=container, bold=bold, italic=True)
            elif isinstance(node, LineBreak):
                self.run(container, paragraph, "", voice).add_break()
            elif isinstance(node, Link):
                live = live_href(node.href) is not None and container is paragraph._p  # no link inside a link
                target = self.external_link(paragraph, node) if live else container
                self.inlines(paragraph, node.content, voice, container=target, bold=bold, italic=italic)

    def run(self, container: Any, paragraph: DocxParagraph, text: str, voice: _Voice, *,
            bold: bool = False, italic: bool = False) -> Any:
        """A new run in ``container`` (the paragraph, or a link in it): the elements python-docx's
        ``add_run``, style, bold, italic, right-to-left and ``w:lang`` setters make, built directly."""
        r = _element("w:r")
        container.append(r)
        properties = [
            *((_element("w:rStyle", self.style_ids["Hyperlink"]),) if container is not paragraph._p else ()),
            *((_element("w:b"),) if bold else ()),
            *((_element("w:bCs"),) if bold and voice.rtl else ()),
            *((_element("w:i"),) if italic else ()),
            *((_element("w:iCs"),) if italic and voice.rtl else ()),
            *((_element("w:rtl"),) if voice.rtl else ()),
            *((_language_element(voice.language),) if voice.marked else ()),
        ]
        if properties:
            run_properties = _element("w:rPr")
            r.append(run_properties)
            run_properties.extend(properties)
        _append_text(r, xml_safe(text))
        return DocxRun(r, paragraph)

    def external_link(self, paragraph: DocxParagraph, link: Link) -> Any:
        element = OxmlElement("w:hyperlink")
        element.set(qn("r:id"), self.part.relate_to(live_href(link.href) or "", RT.HYPERLINK, is_external=True))
        if link.title:
            element.set(qn("w:tooltip"), xml_safe(link.title))
        paragraph._p.append(element)
        return element

    def internal_link(self, paragraph: DocxParagraph, anchor: str) -> Any:
        element = OxmlElement("w:hyperlink")
        element.set(qn("w:anchor"), anchor)
        paragraph._p.append(element)
        return element

    def bookmark(self, paragraph: DocxParagraph, name: str) -> None:
        """A bookmark around the paragraph's text, target of a contents entry."""
        self.bookmark_id += 1
        start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
        start.set(qn("w:id"), str(self.bookmark_id))
        start.set(qn("w:name"), name)
        end.set(qn("w:id"), str(self.bookmark_id))
        properties = paragraph._p.pPr
        if properties is not None:
            properties.addnext(start)
        else:
            paragraph._p.insert(0, start)
        paragraph._p.append(end)


@lru_cache(maxsize=None)
def _tag(name: str) -> tuple[str, dict[str, str]]:
    """The Clark name and namespace map python-docx gives a ``w:name`` element."""
    tag = NamespacePrefixedTag(name)
    return tag.clark_name, tag.nsmap


def _element(name: str, value: str | None = None) -> Any:
    """``OxmlElement(name)`` (python-docx's element class for the tag), with ``w:val`` when given."""
    clark, nsmap = _tag(name)
    element = oxml_parser.makeelement(clark, nsmap=nsmap)
    if value is not None:
        element.set(_W_VAL, value)
    return element


_W_VAL = qn("w:val")
#: What python-docx's run text setter turns into an element of its own: a tab, a line break.
_RUN_BREAKS = re.compile(r"([\t\r\n])")


def _append_text(r: Any, text: str) -> None:
    """Append ``text`` to the run ``r`` as python-docx's run text setter does: ``w:t`` for each
    stretch of characters (``xml:space="preserve"`` when it starts or ends with a space),
    ``w:tab`` for a tab and ``w:br`` for a line break or carriage return.

    >>> r = _element("w:r")
    >>> _append_text(r, " one\\ttwo")
    >>> [child.tag.rpartition("}")[2] for child in r], r[0].get(qn("xml:space"))
    (['t', 'tab', 't'], 'preserve')
    """
    for piece in _RUN_BREAKS.split(text):
        if piece == "\t":
            r.append(_element("w:tab"))
        elif piece in ("\r", "\n"):
            r.append(_element("w:br"))
        elif piece:
            t = _element("w:t")
            t.text = piece
            if len(piece.strip()) < len(piece):
                t.set(_XML_SPACE, "preserve")
            r.append(t)


_XML_SPACE = qn("xml:space")


def _link_to(organization: Organization) -> Inline:
    return Link(href=organization.url, content=(organization.name,)) if organization.url else organization.name


def _list_numbering(document: Any) -> int | None:
    """The abstract numbering behind the List Number style, if the reference defines one."""
    properties = document.styles["List Number"].element.pPr
    number_id = properties.numPr.numId if properties is not None and properties.numPr is not None else None
    if number_id is None:
        return None
    number = document.part.numbering_part.element.xpath(f'./w:num[@w:numId="{number_id.val}"]')
    return int(number[0].abstractNumId.val) if number else None


def _describe(inline: Any, image: Image) -> None:
    """Alt text on the drawing: ``descr`` (and ``title``), or Word's decorative mark."""
    described = [inline.docPr, *inline.xpath(".//pic:cNvPr")]
    for element in described:
        element.set("descr", "" if image.decorative else xml_safe(image.alt))
        if not image.decorative and (image.caption or image.alt):
            element.set("title", xml_safe(image.caption or image.alt))
    if image.decorative:
        extensions = OxmlElement("a:extLst")
        extension = OxmlElement("a:ext")
        extension.set("uri", _DECORATIVE_EXT)
        mark = etree.SubElement(extension, f"{{{_DECORATIVE_NS}}}decorative", nsmap={"adec": _DECORATIVE_NS})
        mark.set("val", "1")
        extensions.append(extension)
        inline.docPr.append(extensions)


def _language_element(language: str) -> Any:
    """``<w:lang>`` naming ``language`` for Latin, East Asian and complex-script text alike."""
    element = OxmlElement("w:lang")
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        element.set(qn(attribute), language)
    return element


def _set_language(document: Any, language: str, rtl: bool) -> None:
    """The document language as ``w:lang`` in the style defaults (all three script slots)."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_defaults.append(properties)
    for old in properties.findall(qn("w:lang")):
        properties.remove(old)
    properties.insert_element_before(_language_element(language), *_AFTER_LANG)
    theme = document.settings.element.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), language)
        if rtl:
            theme.set(qn("w:bidi"), language)


# -- properties --------------------------------------------------------------------------------------


def _set_properties(document: Any, bundle: Bundle) -> None:
    """Core, extended and custom properties from the bundle; the reference's own are dropped."""
    package = document.part.package
    facts = _properties(bundle)
    core = document.core_properties
    element = package.part_related_by(RT.CORE_PROPERTIES).element
    for child in list(element):
        element.remove(child)
    cut = []
    for name, value in _core_texts(facts).items():
        fitted = _fit(value)
        setattr(core, name, fitted)
        if fitted != _one_line(value):
            cut.append((f"Full {name}", _one_line(value)))
    core.language = facts["language"]
    core.created = facts["created"].astimezone(UTC)
    core.modified = facts["modified"].astimezone(UTC)
    core.revision = facts["revision"]
    for rid, rel in list(package.rels.items()):
        if rel.reltype in (RT.THUMBNAIL, RT.EXTENDED_PROPERTIES, RT.CUSTOM_PROPERTIES):
            del package.rels[rid]
    app = Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, _app_xml(facts["publisher"]), package)
    package.relate_to(app, RT.EXTENDED_PROPERTIES)
    custom = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, _custom_xml(facts["custom"] + cut), package)
    package.relate_to(custom, RT.CUSTOM_PROPERTIES)


def _core_texts(facts: dict[str, Any]) -> dict[str, str]:
    """The text core properties by python-docx name, lists joined with :func:`join_field`."""
    return {
        "title": facts["title"], "author": join_field(facts["authors"]), "subject": facts["subject"],
        "keywords": join_field(facts["keywords"]), "category": facts["category"], "comments": facts["comments"],
        "identifier": facts["identifier"], "last_modified_by": facts["last_modified_by"],
    }


def _properties(bundle: Bundle) -> dict[str, Any]:
    """Everything the properties say, by DOCX property name, from the document facts
    (:mod:`exporters.facts`): the article's, or the edition's."""
    facts = document_facts(bundle)
    return {
        "title": facts.title, "authors": facts.authors, "subject": facts.subtitle, "keywords": facts.keywords,
        "category": "; ".join(facts.sections), "comments": facts.description if facts.is_edition else bundle.lead.summary,
        "language": facts.language, "identifier": facts.identifier,
        "created": facts.published or facts.built, "modified": (facts.modified if not facts.is_edition else None) or facts.built,
        "last_modified_by": (facts.editors or _editors(bundle) or (facts.publisher,))[0],
        "revision": 1 if facts.is_edition else bundle.lead.version,
        "publisher": facts.publisher,
        "custom": _edition_custom(bundle, facts) if facts.is_edition else _article_custom(bundle.lead, facts),
    }


def _edition_custom(bundle: Bundle, facts: DocumentFacts) -> list[tuple[str, str]]:
    return [
        ("Publisher", join_field(facts.publishers)),
        ("Rights", "; ".join(facts.rights)),
        ("Source URL", facts.url),
        ("Credits", join_field(facts.contributors)),
        ("Photo credits", "; ".join(facts.photo_credits)),
        ("Published", attribution.iso_date(facts.published or facts.built)),
        ("Issue", bundle.issue),
        ("Editors", join_field(facts.editors)),
    ]


def _article_custom(article: Article, facts: DocumentFacts) -> list[tuple[str, str]]:
    return [
        ("Publisher", facts.publisher),
        ("Publisher URL", article.publisher.url if article.publisher else ""),
        ("Rights", "; ".join(facts.rights)),
        ("Licence", facts.licence),
        ("Usage terms", facts.usage_terms),
        ("Source URL", facts.url),
        ("Original publisher", facts.source),
        ("Credits", join_field(facts.contributors)),
        ("Photo credits", "; ".join(facts.photo_credits)),
        ("Published", attribution.iso_date(facts.published)),
        ("Updated", attribution.iso_date(article.updated)),
        ("Article ID", article.id),
    ]


def _editors(bundle: Bundle) -> list[str]:
    """The editors of a single article (who last changed it); an edition's are in its facts."""
    return [person.name for person in bundle.lead.authors if person.role == "editor"] if bundle.is_single else []


def _fit(value: str) -> str:
    """``value`` within the 255-character limit of a core property, cut at a word with an ellipsis.

    What is cut is kept whole in a custom property, ``Full title`` for the title, which
    :meth:`DocxExporter.inspect` reads first.
    """
    value = _one_line(value)
    if len(value) <= _CORE_LIMIT:
        return value
    return value[: _CORE_LIMIT - 1].rsplit(" ", 1)[0] + "…"


def _one_line(value: str) -> str:
    return " ".join(xml_safe(value).split())


def _app_xml(company: str) -> bytes:
    root = etree.Element("Properties", nsmap={None: "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"})
    for tag, text in (("Application", GENERATOR), ("DocSecurity", "0"), ("Company", company)):
        if text:
            etree.SubElement(root, f"{{{root.nsmap[None]}}}{tag}").text = xml_safe(text)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _custom_xml(values: list[tuple[str, str]]) -> bytes:
    """``docProps/custom.xml``: one ``vt:lpwstr`` property per non-empty value."""
    root = etree.Element(f"{{{_NS['op']}}}Properties", nsmap={None: _NS["op"], "vt": _NS["vt"]})
    pid = 2  # property ids 0 and 1 are reserved
    for name, value in values:
        if not value:
            continue
        item = etree.SubElement(root, f"{{{_NS['op']}}}property", fmtid=_FMTID, pid=str(pid), name=name)
        etree.SubElement(item, f"{{{_NS['vt']}}}lpwstr").text = xml_safe(value)
        pid += 1
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# -- reading back ------------------------------------------------------------------------------------

def _read_xml(archive: zipfile.ZipFile, name: str) -> Any:
    """The parsed part ``name``, or None when the package has no such part. No entities, no network."""
    try:
        data = read_member(archive, name)
    except KeyError:
        return None
    return etree.fromstring(data, _PARSER)


#: One parser for every part read back (lxml sets a parser up on its first document, which costs
#: more than parsing a small part, and it locks a parser that two threads use at once).
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)


def _main_part_name(archive: zipfile.ZipFile) -> str:
    """The main document part named by the package relationships (``word/document.xml``)."""
    rels = _read_xml(archive, "_rels/.rels")
    if rels is not None:
        for rel in rels.iterfind("rel:Relationship", _NS):
            if rel.get("Type") == RT.OFFICE_DOCUMENT:
                return rel.get("Target", "").lstrip("/")
    return "word/document.xml"


def _core_values(root: Any) -> dict[str, str]:
    """Core properties by local name: ``title``, ``creator``, ``created``, ..."""
    if root is None:
        return {}
    return {etree.QName(child).localname: (child.text or "").strip() for child in root}


def _custom_values(root: Any) -> dict[str, str]:
    if root is None:
        return {}
    return {item.get("name", ""): "".join(item.itertext()).strip() for item in root.iterfind("op:property", _NS)}


def _default_language(styles: Any) -> str:
    if styles is None:
        return ""
    found = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", _NS)
    return found.get(qn("w:val"), "") if found is not None else ""


def _document_text(root: Any) -> str:
    """Every paragraph's visible text, in document order, one paragraph a line."""
    lines = []
    for paragraph in root.iter(_W_P):
        parts = []
        for node in paragraph.iter(_W_T, _W_TAB, _W_BR, _W_CR):
            if node.tag == _W_T:
                parts.append(node.text or "")
            else:
                parts.append("\t" if node.tag == _W_TAB else "\n")
        lines.append("".join(parts))
    return "\n".join(line for line in lines if line.strip())


_W_P, _W_T, _W_TAB, _W_BR, _W_CR = (qn(f"w:{name}") for name in ("p", "t", "tab", "br", "cr"))



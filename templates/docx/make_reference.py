"""Build ``reference.docx``, the house reference document of the ``docx`` format.

The docx exporter takes every style from a reference document, as pandoc's
``--reference-doc`` does; a newsroom swaps in its own with ``-O docx.reference=house.docx``.
This script rebuilds the shipped one from python-docx's blank package and leaves
nothing of that package's history in it: no author, no 2013 dates, no thumbnail,
no revision ids, no bibliography part, only the styles an article needs::

    .venv/bin/python templates/docx/make_reference.py          # writes templates/docx/reference.docx
    .venv/bin/python templates/docx/make_reference.py out.docx

Styles it defines (Word names): Title, Subtitle, Heading 1-9, Quote, Intense Quote,
Caption, List Bullet, List Number, TOC Heading, toc 1, toc 2, and the newsroom styles
Kicker, Byline, Dateline, Credit, Notice, Attribution, Figure, Separator and the
character style Hyperlink. The output is byte-identical from run to run.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from exporters.formats.common import ZIP_EPOCH, normalize_zip

HERE = Path(__file__).resolve().parent

#: Styles of python-docx's blank package worth keeping (internal names), with their linked
#: character styles; every other style (150 table styles, Word 2010 extras) goes.
KEEP = {
    "Normal", "Default Paragraph Font", "Normal Table", "No List", "Strong", "Emphasis",
    "Title", "Title Char", "Subtitle", "Subtitle Char", "Quote", "Quote Char",
    "Intense Quote", "Intense Quote Char", "caption", "List Bullet", "List Number", "TOC Heading",
    *(f"heading {level}" for level in range(1, 10)),
    *(f"Heading {level} Char" for level in range(1, 10)),
}

#: Children of ``w:pPr`` that the schema places after ``w:pBdr``.
PPR_AFTER_BORDER = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)

INK = RGBColor(0x1A, 0x1A, 0x1A)
GREY = RGBColor(0x59, 0x59, 0x59)
ACCENT = RGBColor(0x1F, 0x4E, 0x79)
LINK = RGBColor(0x05, 0x63, 0xC1)

CORE_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
    b' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
    b' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
)
APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    b"<Application>newsroom-exporters</Application><DocSecurity>0</DocSecurity></Properties>"
)


def build() -> bytes:
    """The bytes of the reference document."""
    document = docx.Document()
    _drop_extra_parts(document)
    _prune_styles(document)
    _restyle_builtins(document.styles)
    _add_newsroom_styles(document.styles)
    _prune_numbering(document)
    _clean_settings(document)
    _page_setup(document)
    document.element.body.clear_content()
    _strip_revision_ids(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return normalize_zip(_replace_properties(buffer.getvalue()), ZIP_EPOCH, first=("[Content_Types].xml",))


def _drop_extra_parts(document) -> None:
    """Thumbnail, bibliography (customXml), stylesWithEffects and webSettings: not needed."""
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rid]
    unwanted = {RT.CUSTOM_XML, RT.WEB_SETTINGS, "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"}
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype in unwanted:
            del document.part.rels[rid]


def _prune_styles(document) -> None:
    root = document.styles.element
    for style in root.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is None or name.get(qn("w:val")) not in KEEP:
            root.remove(style)


def _restyle_builtins(styles) -> None:
    """Word's own styles, in the house colours and sizes."""
    normal = styles["Normal"]
    normal.font.size = Pt(11)
    normal.font.color.rgb = INK
    normal.paragraph_format.space_after = Pt(8)
    normal.paragraph_format.line_spacing = 1.15

    title = styles["Title"]
    title.font.size = Pt(26)
    title.font.color.rgb = INK
    subtitle = styles["Subtitle"]
    subtitle_ppr = subtitle.element.pPr
    if subtitle_ppr is not None and subtitle_ppr.numPr is not None:
        subtitle_ppr.remove(subtitle_ppr.numPr)  # a stray list level in python-docx's package
    subtitle.font.size = Pt(14)
    subtitle.font.color.rgb = GREY
    subtitle.paragraph_format.space_after = Pt(12)
    for level in range(1, 10):
        heading = styles[f"Heading {level}"]
        heading.font.color.rgb = ACCENT
    styles["Heading 1"].font.size = Pt(16)
    styles["Heading 2"].font.size = Pt(13)
    styles["Heading 3"].font.size = Pt(12)

    quote = styles["Quote"]
    quote.paragraph_format.left_indent = Mm(10)
    quote.paragraph_format.right_indent = Mm(10)
    quote.paragraph_format.space_after = Pt(2)
    quote.font.color.rgb = INK
    caption = styles["Caption"]
    caption.font.size = Pt(9)
    caption.font.bold = False
    caption.font.italic = True
    caption.font.color.rgb = GREY
    caption.paragraph_format.space_after = Pt(2)
    caption.paragraph_format.keep_with_next = True


def _add_newsroom_styles(styles) -> None:
    """The styles Word lacks: kicker, byline, dateline, credit, notice and the rest."""
    _paragraph_style(styles, "Kicker", size=9, bold=True, caps=True, color=ACCENT, after=2)
    _paragraph_style(styles, "Byline", size=10, bold=True, after=2)
    _paragraph_style(styles, "Dateline", size=9, color=GREY, after=2)
    _paragraph_style(styles, "Credit", size=8, color=GREY, after=6)
    _paragraph_style(styles, "Notice", size=9, italic=True, before=6, after=6, indent=5)
    _paragraph_style(styles, "Attribution", base="Quote", size=10, italic=False, indent=10, after=10)
    _paragraph_style(styles, "Figure", align=WD_ALIGN_PARAGRAPH.CENTER, before=6, after=2, keep_next=True)
    _paragraph_style(styles, "Separator", align=WD_ALIGN_PARAGRAPH.CENTER, before=6, after=12)
    _paragraph_style(styles, "toc 1", after=2, builtin=True).style_id = "TOC1"
    _paragraph_style(styles, "toc 2", after=2, indent=6, builtin=True).style_id = "TOC2"
    _border(styles["Notice"], "w:left")
    _border(styles["Separator"], "w:bottom")
    hyperlink = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER, builtin=True)
    hyperlink.font.color.rgb = LINK
    hyperlink.font.underline = True


def _paragraph_style(styles, name, *, base="Normal", size=None, bold=None, italic=None, caps=None, color=None,
                     align=None, before=None, after=None, indent=None, keep_next=None, builtin=False):
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH, builtin=builtin)
    style.base_style = styles[base]
    style.next_paragraph_style = styles["Normal"]
    style.quick_style = not builtin
    font, layout = style.font, style.paragraph_format
    if size is not None:
        font.size = Pt(size)
    font.bold, font.italic, font.all_caps = bold, italic, caps
    if color is not None:
        font.color.rgb = color
    layout.alignment = align
    layout.space_before = Pt(before) if before is not None else None
    layout.space_after = Pt(after) if after is not None else None
    layout.left_indent = Mm(indent) if indent is not None else None
    layout.keep_with_next = keep_next
    return style


def _border(style, side: str) -> None:
    """A thin grey rule on one side of a paragraph style (``w:pBdr`` has no python-docx API)."""
    ppr = style.element.get_or_add_pPr()
    borders = parse_xml(
        f'<w:pBdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f'<{side} w:val="single" w:sz="6" w:space="6" w:color="8C8C8C"/></w:pBdr>'
    )
    ppr.insert_element_before(borders, *PPR_AFTER_BORDER)


def _prune_numbering(document) -> None:
    """Keep only the numbering definitions the list styles use."""
    styles = document.styles
    used = {
        styles[name].element.pPr.numPr.numId.val
        for name in ("List Bullet", "List Number")
    }
    numbering = document.part.numbering_part.element
    abstract_ids = set()
    for num in numbering.findall(qn("w:num")):
        if int(num.get(qn("w:numId"))) in used:
            abstract_ids.add(num.find(qn("w:abstractNumId")).get(qn("w:val")))
        else:
            numbering.remove(num)
    for abstract in numbering.findall(qn("w:abstractNum")):
        if abstract.get(qn("w:abstractNumId")) not in abstract_ids:
            numbering.remove(abstract)


def _clean_settings(document) -> None:
    """No revision-session ids, no preview picture, no document id from the 2013 package."""
    settings = document.settings.element
    for tag in ("w:rsids", "w:savePreviewPicture", "w:proofState", "w14:docId", "w:attachedTemplate"):
        for element in settings.findall(qn(tag)):
            settings.remove(element)


def _page_setup(document) -> None:
    """A4 with 25 mm margins."""
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(25)


def _strip_revision_ids(document) -> None:
    """Remove ``w:rsid*`` attributes and ``w:rsid`` elements (editing-session traces)."""
    for root in (document.styles.element, document.element, document.part.numbering_part.element):
        for element in root.iter():
            for attribute in [key for key in element.attrib if key.startswith(qn("w:rsid"))]:
                del element.attrib[attribute]
        for element in root.findall(f".//{qn('w:rsid')}"):
            element.getparent().remove(element)


def _replace_properties(data: bytes) -> bytes:
    """Empty core properties and a plain app.xml in place of python-docx's own."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    replaced = {"docProps/core.xml": CORE_XML, "docProps/app.xml": APP_XML}
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            target.writestr(name, replaced.get(name, source.read(name)))
    return output.getvalue()


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else HERE / "reference.docx"
    path.write_bytes(build())
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""Page layout of the PDF format: style file, fonts, right-to-left text, flowables, story.

The exporter in :mod:`exporters.formats.pdf` turns a bundle into a reportlab story
with :func:`build_story` and lays it out on a :class:`PagedCanvas`. Everything that
decides how a page looks lives here:

- :class:`PdfStyle`: page size, margins, type scale and colours, read from
  ``templates/pdf/style.yaml`` and an optional user file layered on top::

      >>> load_style().page.size
      'A4'

- Fonts: FiraGO (regular, bold, italic, bold italic) from ``pymupdf-fonts``, embedded
  and subset. :class:`ShapingFont` shapes Arabic-script words with HarfBuzz itself and
  gives every glyph a character code whose ``ToUnicode`` entry is the source text, so
  text extraction returns the words that went in.
- Right-to-left text: reportlab lays out words left to right and, without the
  ``rlbidi`` extension, does not reorder them. :class:`TextBlock` is a paragraph that
  reorders the words of each line for display (a word-level form of the Unicode
  bidirectional algorithm) after line breaking, so Persian lines read right to left
  and embedded Latin names or numbers keep their own order.
- Roles: every flowable carries ``role`` (``H1``..``H6``, ``P``, ``Figure`` with
  ``alt``, ``BlockQuote``, ``Note``, ``LI``, ``Lbl``, ``Caption``, ``TOCI``, ``Artifact``),
  the PDF structure type it would get once the file is tagged.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal
from xml.sax.saxutils import escape

import msgspec

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
    inline_text,
)
from ..labels import labels
from ..media import Image
from ..model import Article, Bundle
from .common import live_href

__all__ = [
    "FONT",
    "PageFurniture",
    "PdfStyle",
    "build_story",
    "load_style",
    "paged_canvas_class",
    "register_fonts",
    "text_block_class",
]

FONT = "FiraGO"
_FACES = {FONT: "figo", f"{FONT}-Bold": "figbo", f"{FONT}-Italic": "figit", f"{FONT}-BoldItalic": "figbi"}
_MM = 72 / 25.4


# -- the style file ----------------------------------------------------------------------------


class _Part(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Base of the style file's sections: unknown keys are errors naming the key."""


class Margins(_Part):
    top: float = 18
    right: float = 20
    bottom: float = 22
    left: float = 20


class PageSetup(_Part):
    size: Literal["A4", "Letter"] = "A4"
    margins_mm: Margins = Margins()


class TypeScale(_Part):
    body: float = 10.5
    leading: float = 1.42
    kicker: float = 8.5
    headline: float = 24
    dek: float = 13
    byline: float = 9
    headings: tuple[float, float, float, float, float] = (15, 13, 11.5, 10.5, 10.5)
    quote: float = 11
    pull_quote: float = 16
    caption: float = 8.5
    notice: float = 9
    footer: float = 7.5
    masthead: float = 30


class Colours(_Part):
    text: str = "#1b1b1b"
    accent: str = "#a4161a"
    muted: str = "#5f5f5f"
    link: str = "#0b4f8a"
    rule: str = "#c8c8c8"
    notice_background: str = "#f4f1e8"


class FigureSetup(_Part):
    max_height: float = 0.6


class PdfStyle(_Part):
    """The whole style file. ``load_style("house.yaml")`` layers a user file on the shipped one."""

    page: PageSetup = PageSetup()
    type_pt: TypeScale = TypeScale()
    colours: Colours = Colours()
    figure: FigureSetup = FigureSetup()

    @property
    def page_size(self) -> tuple[float, float]:
        """Width and height in points: A4 is 595.3 x 841.9, Letter 612 x 792."""
        return (612.0, 792.0) if self.page.size == "Letter" else (210 * _MM, 297 * _MM)


def shipped_style_path() -> Path:
    """``templates/pdf/style.yaml`` from the packaged templates or the repository."""
    from ..templates import template_root

    return template_root() / "pdf" / "style.yaml"


def load_style(path: str | Path | None = None, page_size: str = "") -> PdfStyle:
    """The shipped style with ``path`` (a user YAML file) layered on top, then ``page_size``.

    >>> load_style(page_size="Letter").page_size
    (612.0, 792.0)

    A bad file raises ``ValueError`` naming the file and the key.
    """
    data = _read_yaml(shipped_style_path())
    if path:
        data = _merge(data, _read_yaml(Path(path)))
    if page_size:
        data = _merge(data, {"page": {"size": page_size}})
    try:
        return msgspec.convert(data, type=PdfStyle, strict=False)
    except msgspec.ValidationError as error:
        raise ValueError(f"{path or shipped_style_path()}: {error}") from None


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        stamp = path.stat().st_mtime_ns
    except OSError as error:
        raise ValueError(f"{path}: cannot read the PDF style: {error}") from None
    return _parse_yaml(path, stamp)


@cache
def _parse_yaml(path: Path, stamp: int) -> dict[str, Any]:
    """The parsed file, cached by path and modification time (a batch reads it once)."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise ValueError(f"{path}: cannot read the PDF style: {error}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a PDF style file holds a mapping of sections")  # noqa: TRY004 (a user's file)
    return data


def _merge(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    """``top`` over ``base``, section by section: ``{"page": {"size": "Letter"}}`` keeps the margins."""
    merged = dict(base)
    for key, value in top.items():
        merged[key] = _merge(base[key], value) if isinstance(value, dict) and isinstance(base.get(key), dict) else value
    return merged


# -- fonts -------------------------------------------------------------------------------------


def _shaping_font_class():
    """:class:`ShapingFont`, defined on first use so importing this module stays cheap."""
    import uharfbuzz
    from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

    class ShapingFont(TTFont):
        """A FiraGO face that shapes Arabic-script words and maps every glyph back to text.

        Glyphs the font's cmap does not reach (contextual forms such as ``uni0631.alt``)
        get private-use codes assigned once, in glyph order, when the font loads, so a
        document's bytes never depend on what was rendered before it in the process.
        The ``ToUnicode`` map of each subset then names the source characters of those
        glyphs instead of the private codes.
        """

        def __init__(self, name: str, data: bytes) -> None:
            super().__init__(name, io.BytesIO(data))
            self._hb = uharfbuzz.Font(uharfbuzz.Face(data))
            self._source: dict[int, str] = {}
            self._assign_private_codes()

        def _assign_private_codes(self) -> None:
            face = self.face
            code = 0xE000
            for glyph in range(face.numGlyphs):
                if glyph in face.glyphToChar:
                    continue
                while code in face.charToGlyph:
                    code += 1
                face.charToGlyph[code] = glyph
                face.glyphToChar[glyph] = [code]
                face.charWidths[code] = self.pdfScale(face.hmetrics[glyph][0])
                self._source[code] = _text_from_glyph_name(self._hb.glyph_to_string(glyph))
                code += 1

        def shape(self, text: str, rtl: bool, language: str) -> str:
            """``text`` as characters in display order, one per glyph HarfBuzz chose.

            >>> font.shape("سلام", rtl=True, language="fa")   # doctest: +SKIP
            'ﻡﻼﺳ'   (final mim, lam-alef, initial sin: left to right)
            """
            buffer = uharfbuzz.Buffer()
            buffer.add_str(text)
            buffer.guess_segment_properties()
            buffer.direction = "rtl" if rtl else "ltr"
            if language:
                buffer.language = language
            buffer.flags = uharfbuzz.BufferFlags.PRESERVE_DEFAULT_IGNORABLES
            uharfbuzz.shape(self._hb, buffer, {"kern": True, "liga": True})
            starts = sorted({info.cluster for info in buffer.glyph_infos})
            ends = dict(zip(starts, starts[1:] + [len(text)]))
            seen: set[int] = set()
            characters = []
            for info in buffer.glyph_infos:
                source = "" if info.cluster in seen else text[info.cluster:ends[info.cluster]]
                seen.add(info.cluster)
                characters.append(self._character(info.codepoint, source))
            return "".join(characters)

        def _character(self, glyph: int, source: str) -> str:
            codes = self.face.glyphToChar.get(glyph) or [0xFFFD]
            if len(source) == 1 and ord(source) in codes:
                return source
            code = min(codes)
            if code >= 0xE000 and code <= 0xF8FF and not self._source.get(code) and source:
                self._source[code] = source
            return chr(code)

        def addObjects(self, doc) -> None:
            """Write the subsets, then give private-use codes their source text in ``ToUnicode``."""
            state = self.state.get(doc)
            subsets = [list(subset) for subset in state.subsets] if state else []
            super().addObjects(doc)
            for number, subset in enumerate(subsets):
                if not any(code in self._source for code in subset):
                    continue
                base = (SUBSETN(number) + b"+" + self.face.name + self.face.subfontNameX).decode("pdfdoc")
                stream = doc.idToObject.get("toUnicodeCMap:" + base)
                if stream is not None:
                    stream.content = _to_unicode_cmap(base, subset, self._source)

    return ShapingFont


def _text_from_glyph_name(name: str) -> str:
    """The text a glyph stands for, read from its name: ``uni0631.alt`` -> ``ر``.

    >>> _text_from_glyph_name("uni0644_uni0627.fina"), _text_from_glyph_name("periodar")
    ('لا', '')
    """
    parts = name.split(".")[0].split("_")
    text = []
    for part in parts:
        if re.fullmatch(r"uni(?:[0-9A-F]{4})+", part):
            text.extend(chr(int(part[i:i + 4], 16)) for i in range(3, len(part), 4))
        elif re.fullmatch(r"u[0-9A-F]{5,6}", part):
            text.append(chr(int(part[1:], 16)))
        else:
            return ""
    return "".join(text)


def _to_unicode_cmap(name: str, subset: list[int], source: dict[int, str]) -> str:
    """A ToUnicode CMap for one subset; private-use codes map to their source text."""

    def target(code: int) -> str:
        text = source.get(code) or chr(code)
        return "".join(f"{unit:04X}" for unit in _utf16_units(text))

    entries = [f"<{index:02X}> <{target(code)}>" for index, code in enumerate(subset)]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({name})", f"/Ordering ({name})", "/Supplement 0", ">> def", f"/CMapName /{name} def",
        "/CMapType 2 def", "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        f"{len(entries)} beginbfchar", *entries, "endbfchar", "endcmap",
        "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])


def _utf16_units(text: str) -> list[int]:
    data = text.encode("utf-16-be")
    return [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2)]


@cache
def register_fonts() -> dict[tuple[bool, bool], Any]:
    """Register the four FiraGO faces once per process; faces by ``(bold, italic)``.

    >>> register_fonts()[(True, False)].fontName
    'FiraGO-Bold'
    """
    import pymupdf_fonts
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics

    shaping_font = _shaping_font_class()
    faces = {}
    for name, code in _FACES.items():
        font = shaping_font(name, pymupdf_fonts.myfont(code))
        pdfmetrics.registerFont(font)
        faces[("Bold" in name, "Italic" in name)] = font
    for (bold, italic), font in faces.items():
        addMapping(FONT, int(bold), int(italic), font.fontName)
    return faces


# -- right-to-left text ------------------------------------------------------------------------

_RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_NUMBER = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]+(?:[.,:/\u066b\u066c][0-9\u0660-\u0669\u06f0-\u06f9]+)*")
_WORDS = re.compile(r"\S+|\s+")


def has_rtl(text: str) -> bool:
    """True when ``text`` holds a Hebrew or Arabic-script letter."""
    return _RTL_LETTER.search(text) is not None


def display_word(word: str, font: Any, language: str) -> str:
    """One logical word in display order: letters shaped right to left, numbers left to right.

    ``۱۴۰۴،`` becomes the comma followed by ``۱۴۰۴`` (left to right), which a reader of
    the line from right to left sees as the number, then the comma.
    """
    pieces, start = [], 0
    for number in _NUMBER.finditer(word):
        if number.start() > start:
            pieces.append(font.shape(word[start:number.start()], True, language))
        pieces.append(font.shape(number.group(), False, language))
        start = number.end()
    if start < len(word):
        pieces.append(font.shape(word[start:], has_rtl(word[start:]), language))
    return "".join(reversed(pieces))


def _direction_class(token: str) -> str:
    """``R`` (right-to-left letters), ``L`` (left-to-right letters), ``N`` (number), ``O`` (other)."""
    left = number = False
    for character in token:
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return "R"
        if kind == "L" and not "\ue000" <= character <= "\uf8ff":
            left = True
        elif kind in ("EN", "AN"):
            number = True
    return "L" if left else "N" if number else "O"


def embedding_levels(classes: list[str], rtl: bool) -> list[int]:
    """Levels of the bidirectional algorithm for a line of tokens (rules W7, N1, N2, I1, I2).

    >>> embedding_levels(["R", "O", "R", "O", "L"], rtl=False)
    [1, 1, 1, 0, 0]
    """
    base = "R" if rtl else "L"
    strong, last = [], base
    for kind in classes:
        if kind in ("L", "R"):
            last = kind
            strong.append(kind)
        elif kind == "N":
            strong.append("L" if last == "L" else "R")
        else:
            strong.append("")
    resolved = list(strong)
    index = 0
    while index < len(strong):
        if strong[index]:
            index += 1
            continue
        end = index
        while end < len(strong) and not strong[end]:
            end += 1
        before = strong[index - 1] if index else base
        after = strong[end] if end < len(strong) else base
        resolved[index:end] = [before if before == after else base] * (end - index)
        index = end
    levels = []
    for kind, direction in zip(classes, resolved):
        if rtl:
            levels.append(1 if direction == "R" and kind != "N" else 2)
        else:
            levels.append(2 if kind == "N" and direction == "R" else 1 if direction == "R" else 0)
    return levels


def visual_order(items: list[Any], levels: list[int]) -> list[Any]:
    """Rule L2: reverse every run at each level from the highest down to 1.

    >>> visual_order(["a", "b", "c"], [1, 1, 0])
    ['b', 'a', 'c']
    """
    pairs = list(zip(items, levels))
    for level in range(max(levels, default=0), 0, -1):
        index = 0
        while index < len(pairs):
            if pairs[index][1] < level:
                index += 1
                continue
            end = index
            while end < len(pairs) and pairs[end][1] >= level:
                end += 1
            pairs[index:end] = pairs[index:end][::-1]
            index = end
    return [item for item, _ in pairs]


def _visual_words(words: list[str], rtl: bool) -> list[str]:
    if not rtl and not any(has_rtl(word) for word in words):
        return words
    return visual_order(list(words), embedding_levels([_direction_class(word) for word in words], rtl))


def _visual_frags(frags: list[Any], rtl: bool) -> list[Any]:
    """The frags of one line in display order, split at spaces and joined again by style."""
    if not rtl and not any(has_rtl(getattr(frag, "text", "")) for frag in frags):
        return frags
    tokens: list[tuple[Any, str | None]] = []
    for frag in frags:
        text = getattr(frag, "text", None)
        if text is None or getattr(frag, "cbDefn", None) is not None:
            tokens.append((frag, None))
            continue
        tokens.extend((frag, text[match.start():match.end()]) for match in _WORDS.finditer(text))
    classes = ["O" if text is None or text.isspace() else _direction_class(text) for _, text in tokens]
    ordered = visual_order(tokens, embedding_levels(classes, rtl))
    runs: list[tuple[Any, str | None]] = []
    for frag, text in ordered:
        if text is not None and runs and runs[-1][0] is frag and runs[-1][1] is not None:
            runs[-1] = (frag, runs[-1][1] + text)
        else:
            runs.append((frag, text))
    return [frag if text is None else frag.clone(text=text) for frag, text in runs]


@cache
def text_block_class() -> type:
    """:class:`TextBlock`, built on reportlab's Paragraph on first use (reportlab is imported lazily)."""
    from reportlab.platypus import Paragraph as RLParagraph

    class TextBlock(RLParagraph):
        """A paragraph whose lines are reordered for display after line breaking.

        The style says the base direction (``style.rtl``) and the structure role
        (``style.role``). In a right-to-left paragraph a list marker (``bulletText``)
        is drawn at the right edge.
        """

        @property
        def role(self) -> str:
            return getattr(self.style, "role", "P")

        def drawPara(self, debug: int = 0) -> None:
            rtl = bool(getattr(self.style, "rtl", False))
            logical, marker = self.blPara, None
            actual = self._actual_text(logical, rtl)
            self.blPara = _visual_paragraph(logical, rtl)
            if rtl and self.bulletText:
                marker, self.bulletText = self.bulletText, None
            if actual:
                self.canv.addLiteral(f"/Span <</ActualText {_pdf_text_string(actual)}>> BDC")
            try:
                super().drawPara(debug)
            finally:
                self.blPara = logical
                if marker is not None:
                    self.bulletText = marker
            if actual:
                self.canv.addLiteral("EMC")
            if marker is not None:
                self._draw_right_marker(marker)

        def _actual_text(self, para: Any, rtl: bool) -> str:
            """The source text of the lines when they hold shaped words (empty otherwise).

            Drawn as ``/ActualText`` around the paragraph, so text extraction and
            copying give the words in logical order, as they went in.
            """
            sources = getattr(self.style, "sources", None)
            if sources is None or self.role == "Artifact":
                return ""
            if para.kind == 0:
                lines = [" ".join(words) for _, words in para.lines]
            else:
                lines = ["".join(getattr(frag, "text", "") for frag in line.words) for line in para.lines]
            if not rtl and not any(has_rtl(line) for line in lines):
                return ""
            return " ".join("".join(sources.get(token, token) for token in _WORDS.findall(line)).strip()
                            for line in lines)

        def _draw_right_marker(self, marker: str) -> None:
            style = self.style
            canvas = self.canv
            canvas.saveState()
            canvas.setFont(style.bulletFontName, style.bulletFontSize)
            canvas.setFillColor(style.textColor)
            baseline = self.height - style.bulletFontSize
            canvas.drawRightString(self.width - style.bulletIndent, baseline, marker)
            canvas.restoreState()

    return TextBlock


def _pdf_text_string(text: str) -> str:
    """A PDF text string in UTF-16 with a byte order mark, written in hex: ``<FEFF0048>``."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _visual_paragraph(para: Any, rtl: bool) -> Any:
    if para.kind == 0:
        lines = [(extra, _visual_words(list(words), rtl)) for extra, words in para.lines]
    else:
        lines = [line.clone(words=_visual_frags(list(line.words), rtl)) for line in para.lines]
    return para.clone(lines=lines)


# -- text to paragraph markup ------------------------------------------------------------------


@dataclass
class Writer:
    """Turns model text into reportlab paragraph markup for one language."""

    language: str
    rtl: bool
    link_colour: str
    #: Shaped word -> source word, shared by every writer of one document (see ``TextBlock``).
    sources: dict[str, str] = field(default_factory=dict)
    faces: dict[tuple[bool, bool], Any] = field(default_factory=register_fonts)

    def text(self, text: str, bold: bool = False, italic: bool = False) -> str:
        """Escaped, XML-safe markup of plain text, Arabic-script words shaped."""
        from ..text import xml_safe

        text = xml_safe(text)
        if not has_rtl(text):
            return escape(text)
        face = self.faces[(bold, italic)]
        parts = []
        for part in _WORDS.findall(text):
            if has_rtl(part):
                shaped = display_word(part, face, self.language)
                self.sources.setdefault(shaped, part)
                part = shaped
            parts.append(part)
        return escape("".join(parts))

    def inlines(self, content: tuple[Inline, ...], bold: bool = False, italic: bool = False) -> str:
        """Markup of a run of inlines: ``<b>``, ``<i>``, live ``<a href>`` links, ``<br/>``."""
        parts = []
        for node in content:
            if isinstance(node, str):
                parts.append(self.text(node, bold, italic))
            elif isinstance(node, Strong):
                parts.append(f"<b>{self.inlines(node.content, True, italic)}</b>")
            elif isinstance(node, Emphasis):
                parts.append(f"<i>{self.inlines(node.content, bold, True)}</i>")
            elif isinstance(node, Link):
                parts.append(self.link(node.href, self.inlines(node.content, bold, italic)))
            elif isinstance(node, LineBreak):
                parts.append("<br/>")
        return "".join(parts)

    def link(self, href: str, markup: str) -> str:
        """``markup`` as a live link when ``href`` is http, https or mailto; else as it is."""
        if live_href(href) is None:
            return markup
        from ..text import xml_safe

        target = escape(xml_safe(href.strip()), {'"': "&quot;"})
        return f'<a href="{target}" color="{self.link_colour}">{markup}</a>'


# -- styles ------------------------------------------------------------------------------------


def make_styles(style: PdfStyle, rtl: bool, sources: dict[str, str] | None = None) -> dict[str, Any]:
    """Paragraph styles by role name for one text direction.

    Every style carries ``rtl`` (base direction) and ``role`` (structure type).
    """
    from reportlab.lib.colors import HexColor
    from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    register_fonts()
    scale, colour = style.type_pt, style.colours
    start = TA_RIGHT if rtl else TA_LEFT
    text, muted, accent = HexColor(colour.text), HexColor(colour.muted), HexColor(colour.accent)

    def make(name: str, role: str, size: float, **extra: Any) -> Any:
        options = {"fontName": FONT, "fontSize": size, "leading": round(size * scale.leading, 2), "textColor": text,
                   "alignment": start, "spaceAfter": size * 0.6, "splitLongWords": 1, "allowWidows": 0,
                   "allowOrphans": 0, "bulletFontName": FONT}
        options.update(extra)
        paragraph_style = ParagraphStyle(f"{name}-{'rtl' if rtl else 'ltr'}", **options)
        paragraph_style.rtl = rtl
        paragraph_style.role = role
        paragraph_style.sources = sources
        return paragraph_style

    body = scale.body
    headings = {
        f"H{level}": make(f"H{level}", f"H{level}", size, fontName=f"{FONT}-Bold", spaceBefore=size * 0.9,
                          spaceAfter=size * 0.35, keepWithNext=1, leading=round(size * 1.25, 2))
        for level, size in zip(range(2, 7), scale.headings)
    }
    side = {"rightIndent" if rtl else "leftIndent": body * 2.2, "bulletIndent": body * 0.6}
    return {
        "masthead": make("masthead", "H1", scale.masthead, fontName=f"{FONT}-Bold", leading=scale.masthead * 1.15,
                         spaceAfter=scale.masthead * 0.3),
        "kicker": make("kicker", "P", scale.kicker, fontName=f"{FONT}-Bold", textColor=accent, spaceAfter=4),
        "headline": make("headline", "H1", scale.headline, fontName=f"{FONT}-Bold",
                         leading=round(scale.headline * 1.15, 2), spaceAfter=scale.headline * 0.35, keepWithNext=1),
        "section": make("section", "H1", scale.headings[0] * 1.2, fontName=f"{FONT}-Bold", textColor=accent,
                        spaceBefore=6, spaceAfter=10, keepWithNext=1),
        "dek": make("dek", "P", scale.dek, textColor=muted, spaceAfter=scale.dek * 0.8),
        "byline": make("byline", "P", scale.byline, fontName=f"{FONT}-Bold", spaceAfter=1.5),
        "meta": make("meta", "P", scale.byline, textColor=muted, spaceAfter=1.5),
        "body": make("body", "P", body),
        **headings,
        "quote": make("quote", "BlockQuote", scale.quote, fontName=f"{FONT}-Italic",
                      leftIndent=body * 1.6, rightIndent=body * 1.6, spaceAfter=2),
        "quote_by": make("quote_by", "P", scale.caption, textColor=muted, leftIndent=body * 1.6,
                         rightIndent=body * 1.6, spaceAfter=body * 0.8),
        "pull": make("pull", "BlockQuote", scale.pull_quote, fontName=f"{FONT}-Bold", textColor=accent,
                     alignment=TA_CENTER, leading=round(scale.pull_quote * 1.25, 2), spaceBefore=4, spaceAfter=3),
        "pull_by": make("pull_by", "P", scale.caption, textColor=muted, alignment=TA_CENTER, spaceAfter=4),
        "item": make("item", "LI", body, spaceAfter=body * 0.25, **side),
        "caption": make("caption", "Caption", scale.caption, spaceBefore=3, spaceAfter=1),
        "credit": make("credit", "Caption", scale.caption * 0.92, textColor=muted, spaceAfter=body),
        "related": make("related", "P", body, borderPadding=(4, 0, 4, 0), spaceBefore=2, spaceAfter=body),
        "notice": make("notice", "Note", scale.notice, backColor=HexColor(colour.notice_background),
                       borderPadding=5, spaceBefore=5, spaceAfter=9),
        "end": make("end", "P", scale.byline, textColor=muted, spaceAfter=2),
        "toc_title": make("toc_title", "H1", scale.headings[0], fontName=f"{FONT}-Bold", spaceBefore=12,
                          spaceAfter=8, keepWithNext=1),
        "toc_section": make("toc_section", "TOCI", body, fontName=f"{FONT}-Bold", spaceBefore=6, spaceAfter=2),
        "toc_entry": make("toc_entry", "TOCI", body, spaceAfter=3,
                          **{"leftIndent" if rtl else "rightIndent": body * 3}),
        "footer": make("footer", "Artifact", scale.footer, textColor=muted, spaceAfter=0),
    }


def variant(style: Any, name: str, **changes: Any) -> Any:
    """A copy of a paragraph style with ``changes``; ``rtl``, ``role`` and ``sources`` carry over
    unless changed (reportlab's ``clone`` copies only its own attributes)."""
    extra = {key: changes.pop(key, getattr(style, key, None)) for key in ("rtl", "role", "sources")}
    copy = style.clone(name, **changes)
    for key, value in extra.items():
        setattr(copy, key, value)
    return copy


# -- flowables ---------------------------------------------------------------------------------


def _flowable_classes():
    from reportlab.platypus import Flowable

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
            from reportlab.lib.utils import ImageReader

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
            from reportlab.lib.colors import HexColor

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

    return Anchor, Picture, Rule, ContentsLine


@cache
def _flowables() -> dict[str, type]:
    return dict(zip(("Anchor", "Picture", "Rule", "ContentsLine"), _flowable_classes()))


# -- the canvas ---------------------------------------------------------------------------------


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


@cache
def paged_canvas_class() -> type:
    """:class:`PagedCanvas`, built on reportlab's Canvas on first use."""
    from reportlab.pdfgen.canvas import Canvas

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
            self._footer_style = make_styles(furniture.style, furniture.rtl)["footer"]
            self._footer_writer = Writer(furniture.language, furniture.rtl, furniture.style.colours.link)

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
            from reportlab.lib.colors import HexColor

            width, _ = style.page_size
            margins = style.page.margins_mm
            left, right = margins.left * _MM, width - margins.right * _MM
            baseline = margins.bottom * _MM * 0.45
            label = furniture.page_label.format(page=_digits(number, furniture.language),
                                                pages=_digits(total, furniture.language))
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
                paragraph = text_block_class()(self._footer_writer.text(text), paragraph_style)
                paragraph.wrap(half, 100)
                paragraph.drawOn(self, x, baseline)
            self.addLiteral("EMC")
            self.restoreState()

        def _page_number(self, key: str, x: float, y: float, rtl: bool, size: float) -> None:
            page = self._pages_of.get(key)
            if page is None:
                return
            text = _digits(page, self.furniture.language)
            self.saveState()
            self.setFont(FONT, size)
            (self.drawString if rtl else self.drawRightString)(x, y, text)
            self.restoreState()

    return PagedCanvas


def _metadata_stream(xmp: bytes) -> Any:
    """An uncompressed ``/Metadata`` stream holding the XMP packet."""
    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFStream

    dictionary = PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")})
    return PDFStream(dictionary=dictionary, content=xmp, filters=[])


_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def _digits(number: int, language: str) -> str:
    """Page numbers in the digits the language reads: Persian digits for ``fa``."""
    return str(number).translate(_PERSIAN_DIGITS) if language.split("-")[0].lower() == "fa" else str(number)


# -- the story ---------------------------------------------------------------------------------


@dataclass
class StoryBuilder:
    """Builds the list of flowables for a bundle, in the order every format follows."""

    bundle: Bundle
    style: PdfStyle
    frame_height: float
    actual_text: bool = True
    story: list[Any] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    _keys: int = 0

    def build(self) -> list[Any]:
        bundle = self.bundle
        if bundle.is_single:
            self.article(bundle.lead, "article-1", headline_level=0)
            return self.story
        self.masthead()
        self.contents()
        from reportlab.platypus import PageBreak

        level = 1 if any(section.title for section in bundle.sections) else 0
        number = 0
        for section in bundle.sections:
            for index, article in enumerate(section.articles):
                number += 1
                self.story.append(PageBreak())
                if index == 0 and section.title:
                    self.section_title(section.title)
                self.article(article, f"article-{number}", headline_level=level)
        return self.story

    # -- pieces shared by every article

    def _writer(self, language: str, rtl: bool) -> Writer:
        return Writer(language, rtl, self.style.colours.link, self.sources)

    def _styles(self, rtl: bool) -> dict[str, Any]:
        cache_key = "_styles_rtl" if rtl else "_styles_ltr"
        if not hasattr(self, cache_key):
            setattr(self, cache_key, make_styles(self.style, rtl, self.sources if self.actual_text else None))
        return getattr(self, cache_key)

    def _para(self, markup: str, style: Any, bullet: str | None = None) -> Any:
        return text_block_class()(markup, style, bulletText=bullet)

    def _key(self) -> str:
        self._keys += 1
        return f"d{self._keys}"

    def _anchor(self, title: str, level: int) -> str:
        key = self._key()
        self.story.append(_flowables()["Anchor"](key, title, level))
        return key

    # -- an edition of several articles

    def masthead(self) -> None:
        bundle = self.bundle
        language = bundle.main_language
        rtl = bundle.text_direction == "rtl"
        styles, write = self._styles(rtl), self._writer(language, rtl)
        words = labels(language)
        publisher = bundle.publisher.name if bundle.publisher else ""
        if publisher:
            self.story.append(self._para(write.text(publisher, bold=True), styles["kicker"]))
        self.story.append(self._para(write.text(bundle.title, bold=True), styles["masthead"]))
        if bundle.subtitle:
            self.story.append(self._para(write.text(bundle.subtitle), styles["dek"]))
        facts = [f"{words['issue']} {bundle.issue}" if bundle.issue else "",
                 bundle.date.date().isoformat() if bundle.date else ""]
        if any(facts):
            self.story.append(self._para(write.text(" · ".join(fact for fact in facts if fact)), styles["meta"]))
        if bundle.editors:
            names = attribution.join_names([person.name for person in bundle.editors], language)
            self.story.append(self._para(write.text(f"{words['editors']} {names}"), styles["meta"]))
        self.story.append(_flowables()["Rule"](self.style.colours.accent, thickness=1.2, space=8))
        if bundle.introduction:
            self.story.append(self._para(write.text(bundle.introduction), styles["body"]))

    def contents(self) -> None:
        bundle = self.bundle
        language = bundle.main_language
        rtl = bundle.text_direction == "rtl"
        styles, write = self._styles(rtl), self._writer(language, rtl)
        title = labels(language)["contents"]
        self._anchor(title, 0)
        self.story.append(self._para(write.text(title, bold=True), styles["toc_title"]))
        line = _flowables()["ContentsLine"]
        number = 0
        for section in bundle.sections:
            if section.title:
                self.story.append(self._para(write.text(section.title, bold=True), styles["toc_section"]))
            for article in section.articles:
                number += 1
                article_rtl = article.text_direction == "rtl"
                entry_style = variant(styles["toc_entry"], f"toc-{number}", rtl=article_rtl)
                markup = self._writer(article.language, article_rtl).text(article.headline)
                self.story.append(line(self._para(markup, entry_style), f"article-{number}", rtl,
                                       entry_style.fontSize))

    def section_title(self, title: str) -> None:
        bundle = self.bundle
        rtl = bundle.text_direction == "rtl"
        self._anchor(title, 0)
        self.story.append(self._para(self._writer(bundle.main_language, rtl).text(title, bold=True),
                                     self._styles(rtl)["section"]))

    # -- one article

    def article(self, article: Article, key: str, headline_level: int) -> None:
        rtl = article.text_direction == "rtl"
        styles, write = self._styles(rtl), self._writer(article.language, rtl)
        flow = self.story
        words = labels(article.language)
        if article.kicker:
            flow.append(self._para(write.text(article.kicker, bold=True), styles["kicker"]))
        flow.append(_flowables()["Anchor"](key, article.headline, headline_level))
        flow.append(self._para(write.text(article.headline, bold=True), styles["headline"]))
        if article.subheadline:
            flow.append(self._para(write.text(article.subheadline), styles["dek"]))
        flow.append(_flowables()["Rule"](self.style.colours.accent, thickness=1.0, space=4))
        byline = attribution.byline(article)
        if byline:
            flow.append(self._para(write.text(byline, bold=True), styles["byline"]))
        for line in attribution.credit_lines(article):
            flow.append(self._para(write.text(line), styles["meta"]))
        if article.dateline:
            place = article.dateline.place + (f", {article.dateline.text}" if article.dateline.text else "")
            flow.append(self._para(write.text(place, bold=True), styles["meta"]))
        dates = attribution.date_line(article)
        if dates:
            flow.append(self._para(write.text(dates), styles["meta"]))
        source = attribution.source_line(article)
        if source:
            flow.append(self._para(write.text(source), styles["meta"]))
        flow.append(_flowables()["Rule"](self.style.colours.rule, thickness=0.5, space=5))
        if article.lead_image:
            self.figure(article, article.lead_image, styles, write)
        for block in article.body:
            self.block(article, block, styles, write, headline_level)
        self.end_matter(article, styles, write, words)

    def block(self, article: Article, block: Block, styles: dict[str, Any], write: Writer, top: int) -> None:
        flow = self.story
        if isinstance(block, Paragraph):
            flow.append(self._para(write.inlines(block.content), styles["body"]))
        elif isinstance(block, Heading):
            self._anchor(inline_text(block.content), top + block.level - 1)
            flow.append(self._para(write.inlines(block.content, bold=True), styles[f"H{block.level}"]))
        elif isinstance(block, Quote):
            self.quote(block, styles, write)
        elif isinstance(block, ListBlock):
            self.list(block, styles, write, article.language)
        elif isinstance(block, Figure):
            self.figure(article, block.image, styles, write)
        elif isinstance(block, RelatedLink):
            label = write.text(f"{block.label}: ", bold=True) if block.label else ""
            title = write.link(block.url, write.text(block.title))
            flow.append(self._para(label + title, styles["related"]))
        elif isinstance(block, Embed):
            self.embed(block, styles, write, labels(article.language))
        elif isinstance(block, NoticeBlock):
            flow.append(self._para(write.text(block.text), styles["notice"]))
        elif isinstance(block, Separator):
            flow.append(_flowables()["Rule"](self.style.colours.rule, share=0.25, space=9))

    def quote(self, block: Quote, styles: dict[str, Any], write: Writer) -> None:
        rule = _flowables()["Rule"]
        if block.pull:
            self.story.append(rule(self.style.colours.accent, thickness=1.2, space=4))
            self.story.append(self._para(write.inlines(block.content, bold=True), styles["pull"]))
            if block.attribution:
                self.story.append(self._para(write.text(block.attribution), styles["pull_by"]))
            self.story.append(rule(self.style.colours.accent, thickness=1.2, space=4))
            return
        self.story.append(self._para(write.inlines(block.content, italic=True), styles["quote"]))
        if block.attribution:
            self.story.append(self._para(write.text(f"— {block.attribution}"), styles["quote_by"]))

    def list(self, block: ListBlock, styles: dict[str, Any], write: Writer, language: str) -> None:
        for number, item in enumerate(block.items, start=1):
            if block.ordered:
                digits = _digits(number, language)
                marker = f".{digits}" if write.rtl else f"{digits}."
            else:
                marker = "•"
            self.story.append(self._para(write.inlines(item), styles["item"], bullet=marker))

    def figure(self, article: Article, image: Image, styles: dict[str, Any], write: Writer) -> None:
        from reportlab.platypus import KeepTogether

        parts = []
        resource = self.bundle.resource(article, image)
        if resource is not None:
            alt = "" if image.decorative else image.alt
            parts.append(_flowables()["Picture"](resource.data, (resource.width, resource.height), alt,
                                                  self.frame_height * self.style.figure.max_height))
        if image.caption:
            parts.append(self._para(write.text(image.caption), styles["caption"]))
        if image.credit:
            parts.append(self._para(write.text(image.credit), styles["credit"]))
        if parts:
            self.story.append(KeepTogether(parts))

    def embed(self, block: Embed, styles: dict[str, Any], write: Writer, words: dict[str, str]) -> None:
        provider = f" ({block.provider})" if block.provider else ""
        markup = write.text(f"{words['embed']}: ", bold=True) + write.link(block.url, write.text(block.title))
        markup += write.text(provider)
        if live_href(block.url) is not None:
            markup += "<br/>" + write.link(block.url, write.text(block.url))
        self.story.append(self._para(markup, styles["related"]))

    def end_matter(self, article: Article, styles: dict[str, Any], write: Writer, words: dict[str, str]) -> None:
        flow = self.story
        flow.append(_flowables()["Rule"](self.style.colours.rule, thickness=0.5, space=6))
        for notice in article.notices:
            flow.append(self._para(write.text(notice.text), styles["notice"]))
        rights = attribution.rights_line(article)
        if rights:
            flow.append(self._para(write.text(rights), styles["end"]))
        if article.publisher:
            name = write.text(article.publisher.name, bold=True)
            url = article.publisher.url
            flow.append(self._para(write.link(url, name) if url else name, styles["end"]))
        if article.url:
            flow.append(self._para(write.link(article.url, write.text(article.url)), styles["end"]))


def build_story(bundle: Bundle, style: PdfStyle, frame_height: float, actual_text: bool = True) -> list[Any]:
    """The flowables of ``bundle``: masthead and contents for an edition, then every article."""
    return StoryBuilder(bundle, style, frame_height, actual_text).build()

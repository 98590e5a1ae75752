"""Fonts of the PDF: FiraGO shaped with HarfBuzz, and a font for every character it lacks.

FiraGO (regular, bold, italic, bold italic: the TrueType files in ``FiraGO/`` beside this
module, with their licence) is embedded and subset, each face registered when it is first
needed (:func:`firago_face`). Its :class:`ShapingFont` shapes Arabic-script text with
HarfBuzz and gives every glyph a character code whose ``ToUnicode`` entry is the source
text, so text extraction returns the words that went in. Fallback faces are :class:`EmbeddedFont`.

FiraGO, the PDF's text face, draws Latin, Greek, Cyrillic, Georgian, Arabic, Hebrew,
Thai and Devanagari, but not Armenian, Chinese, Japanese, Korean or emoji. Every run of
text goes through :meth:`FontChain.runs`, which gives each character the first font of a
chain that has a glyph for it:

1. FiraGO itself, in the face the text is set in (regular, bold, italic, bold italic);
2. the files the PDF style names under ``fonts.fallback`` (``templates/pdf/style.yaml``),
   in that order. A bare name (``DejaVuSans.ttf``, or a pattern like
   ``NotoSans*-Regular.ttf``, expanded in sorted order) is looked up in the standard font
   folders (:data:`FONT_FOLDERS`); a name with a ``/`` is a path. The shipped chain:

   - ``NotoSans*-Regular.ttf`` (Debian ``fonts-noto-core``): one file per script,
     Armenian, Ethiopic, Tamil, Khmer, Syriac, ... drawn in the same humanist style;
   - ``DejaVuSans.ttf`` (``fonts-dejavu-core``): arrows, shapes, dingbats, box drawing;
   - ``wqy-microhei.ttc`` (``fonts-wqy-microhei``, the first face of the collection):
     Chinese, Japanese kana, Korean Hangul;
   - ``Symbola_hint.ttf`` (``fonts-symbola``): emoji up to Unicode 9, in black and white.

   A bold face is the file's ``-Bold`` sibling (``NotoSansArmenian-Bold.ttf``), an italic
   one its ``-Italic`` or ``-Oblique`` sibling; a style the family lacks uses its regular face.
3. no font at all: the character is drawn in :data:`NO_GLYPH`, a copy of FiraGO whose
   every glyph is the empty box (nothing for an invisible character such as a variation
   selector), and whose ``ToUnicode`` map still gives the character. Copying, search and
   the read-back keep it; ``PdfExporter.inspect`` lists it in ``extra["undrawn"]``.

Why files, not fontconfig: the same input must give the same bytes on one machine, and a
list of files is an order anyone can read and change; ``fc-match`` answers from settings
outside the project. Why only TrueType: reportlab embeds and subsets TrueType outlines
(a ``glyf`` table); OpenType with CFF outlines (Noto Sans CJK ``.otf``/``.ttc``) and colour
bitmap emoji (Noto Color Emoji, ``CBDT``) cannot be embedded, so such files are skipped. Fallback faces are embedded as subsets like FiraGO.

Example::

    >>> chain = font_chain(("NotoSans*-Regular.ttf", "wqy-microhei.ttc"))
    >>> chain.runs("Երևան and 北京", bold=False, italic=False)   # doctest: +SKIP
    [('NotoSansArmenian-Regular', 'Երևան'), (None, ' and '), ('wqy-microhei', '北京')]
    >>> chain.markup("北京 & co", bold=False, italic=False)       # doctest: +SKIP
    '<font name="wqy-microhei">北京</font> &amp; co'

``None`` stands for FiraGO: the paragraph's own font, so most text needs no markup at all.
"""

from __future__ import annotations

import fnmatch
import io
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from html import escape
from pathlib import Path
from typing import Any

import uharfbuzz
from reportlab.pdfbase.ttfonts import TTFont

__all__ = [
    "DEFAULT_FALLBACK",
    "FIRAGO_FOLDER",
    "FONT",
    "FONT_FOLDERS",
    "HYPHEN_MARK",
    "JOIN_MARK",
    "NO_GLYPH",
    "FontChain",
    "add_break_marks",
    "firago_face",
    "font_chain",
    "is_invisible",
    "is_no_glyph_font",
    "register_fonts",
]

#: The shipped chain (also written out in ``templates/pdf/style.yaml``).
DEFAULT_FALLBACK = ("NotoSans*-Regular.ttf", "DejaVuSans.ttf", "wqy-microhei.ttc", "Symbola_hint.ttf")

#: Where a bare file name is looked for, in this order (each folder with its subfolders).
FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts",
                "/Library/Fonts", "/System/Library/Fonts", "~/Library/Fonts", "C:/Windows/Fonts")

#: The PDF's text face: four styles of FiraGO, shipped with the package (:data:`FIRAGO_FOLDER`).
FONT = "FiraGO"
_FACES = {FONT: "Regular", f"{FONT}-Bold": "Bold", f"{FONT}-Italic": "Italic", f"{FONT}-BoldItalic": "BoldItalic"}
#: FiraGO's TrueType files and their licence (SIL Open Font License 1.1, ``OFL.txt``).
FIRAGO_FOLDER = Path(__file__).resolve().parent / "FiraGO"

#: The font of characters no font has: FiraGO's empty box, the character kept in ``ToUnicode``.
NO_GLYPH = "NoGlyph"

#: The characters that end the first piece of a word broken across lines: a hyphen, or
#: nothing (URLs, CJK). Both read back as U+00AD SOFT HYPHEN, which the PDF specification
#: (14.8.2.2.3) names for a hyphen added at a line break. They are the two noncharacters
#: U+FFFE and U+FFFF, which text never brings: the readers refuse them and the paragraph
#: markup leaves them out (:func:`exporters.text.xml_safe`), so a private-use character of
#: the text is drawn and read back as itself, never taken for a mark.
HYPHEN_MARK = "\ufffe"
JOIN_MARK = "\uffff"

# Characters a reader never sees: drawn as nothing when no font has them, never the reason to switch fonts.
_IGNORABLE = re.compile("[\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e0fff]")
_STYLES = {(False, False): ("-Regular", ""), (True, False): ("-Bold",), (False, True): ("-Italic", "-Oblique"),
           (True, True): ("-BoldItalic", "-BoldOblique")}


def font_chain(entries: tuple[str, ...] = DEFAULT_FALLBACK) -> FontChain:
    """The chain for the style file's ``fonts.fallback`` list, one per list and process."""
    return _chain(tuple(entries))


@cache
def _chain(entries: tuple[str, ...]) -> FontChain:
    return FontChain(entries)


def is_no_glyph_font(base_font: str) -> bool:
    """True for the ``/BaseFont`` of the :data:`NO_GLYPH` subsets (``/AAAAAB+NoGlyph``)."""
    return base_font.rsplit("+", 1)[-1] == NO_GLYPH


@dataclass(frozen=True)
class FallbackFont:
    """One family of the chain: its faces by ``(bold, italic)`` (a missing style repeats a face)."""

    family: str
    faces: dict[tuple[bool, bool], Path]


class FontChain:
    """FiraGO, then the fallback files, then :data:`NO_GLYPH`: who draws each character."""

    def __init__(self, entries: tuple[str, ...]) -> None:
        self.entries = entries
        self._choice: dict[tuple[str, bool, bool], str | None] = {}

    @cached_property
    def fonts(self) -> list[FallbackFont]:
        """The families the entries name, found on this machine, in chain order."""
        fonts, seen = [], set()
        for entry in self.entries:
            for path in _expand(entry):
                if path not in seen and _has_outlines(path):
                    seen.add(path)
                    fonts.append(FallbackFont(_family(path), _faces(path)))
        return fonts

    def markup(self, text: str, bold: bool, italic: bool) -> str:
        """Escaped paragraph markup of ``text``: ``<font name>`` around every run FiraGO cannot draw.

        Soft hyphens are left out (a reader never sees them): reportlab would end a line at
        one with a hyphen-minus, read back as a real hyphen, and, in a paragraph of several
        styles, drops the space after such a word. A word too long for its line is broken by
        the layout instead (:func:`.breaking.keep_long_words`).

        >>> font_chain().markup("Fans 🎉", False, False)   # doctest: +SKIP
        'Fans <font name="Symbola_hint">🎉</font>'
        """
        text = text.replace("\u00ad", "")
        return "".join(escape(part, quote=False) if name is None
                       else f'<font name="{name}">{escape(part, quote=False)}</font>'
                       for name, part in self.runs(text, bold, italic))

    def runs(self, text: str, bold: bool, italic: bool) -> list[tuple[str | None, str]]:
        """``text`` cut where the font changes: ``(face name or None for FiraGO, text)`` pairs."""
        firago = _firago_coverage(bold, italic)
        if all(ord(char) in firago or char.isspace() for char in set(text)):  # each character once
            return [(None, text)] if text else []
        runs: list[tuple[str | None, str]] = []
        for char in text:
            name = self._font_of(char, bold, italic, runs[-1][0] if runs else None)
            if runs and runs[-1][0] == name:
                runs[-1] = (name, runs[-1][1] + char)
            else:
                runs.append((name, char))
        return runs

    def _font_of(self, char: str, bold: bool, italic: bool, current: str | None) -> str | None:
        """FiraGO (None), a fallback face or :data:`NO_GLYPH` for one character.

        A mark or an invisible character stays in the current run when its font has it;
        an invisible character no font on the way has is drawn as nothing, never looked up.
        A run of characters FiraGO lacks stays in its fallback face while the face has them,
        and takes the invisible characters among them along (drawn as nothing), so a line of
        emoji joined by ZWJ and variation selectors is one reportlab fragment, not one each.
        """
        code = ord(char)
        if current is not None and _continues(char) and code in _coverage_of_name(current):
            return current
        if char.isspace():
            return None
        fallback = current not in (None, NO_GLYPH)
        if fallback and is_invisible(char):
            return _hidden(current, char)
        if code in _firago_coverage(bold, italic):
            return None
        if fallback and code in _coverage_of_name(current):
            return current
        if is_invisible(char):
            return _no_glyph(char)
        key = (char, bold, italic)
        if key not in self._choice:
            self._choice[key] = self._search(char, bold, italic)
        return self._choice[key]

    def _search(self, char: str, bold: bool, italic: bool) -> str:
        code = ord(char)
        for font in self.fonts:
            for path in (font.faces[(bold, italic)], font.faces[(False, False)]):
                if code in _coverage(path):
                    return _registered(path, font.family)
        return _no_glyph(char)


def _continues(char: str) -> bool:
    """Marks and invisible characters belong with the character before them."""
    return unicodedata.category(char)[0] == "M" or is_invisible(char)


def is_invisible(char: str) -> bool:
    """True for a character a reader never sees: a format or control character, a variation selector.

    >>> is_invisible("\\ufe0f"), is_invisible("\\u200d"), is_invisible("a")
    (True, True, False)
    """
    return _IGNORABLE.match(char) is not None or unicodedata.category(char) in ("Cf", "Cc")


# -- finding files ------------------------------------------------------------------------------


def _expand(entry: str) -> list[Path]:
    """The files an entry names: a path, or every match of a name or pattern in the font folders."""
    if "/" in entry or "\\" in entry:
        path = Path(entry).expanduser()
        return [path] if path.is_file() else []
    index = _font_files()
    names = sorted(fnmatch.filter(index, entry)) if any(c in entry for c in "*?[") else [entry]
    return [index[name] for name in names if name in index]


@cache
def _font_files() -> dict[str, Path]:
    """Every ``.ttf`` and ``.ttc`` in the font folders by file name; the first folder that has a name wins."""
    found: dict[str, Path] = {}
    for folder in FONT_FOLDERS:
        root = Path(os.path.expanduser(folder))
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.suffix.lower() in (".ttf", ".ttc") and path.is_file():
                found.setdefault(path.name, path)
    return found


def _family(path: Path) -> str:
    """``NotoSansArmenian-Regular.ttf`` -> ``NotoSansArmenian``; ``DejaVuSans.ttf`` -> ``DejaVuSans``."""
    return path.stem.removesuffix("-Regular")


def _faces(regular: Path) -> dict[tuple[bool, bool], Path]:
    """The four faces of a family: siblings named ``-Bold``, ``-Italic`` or ``-Oblique``, ``-BoldItalic``."""
    family = _family(regular)
    faces = {(False, False): regular}
    for style, suffixes in _STYLES.items():
        if style == (False, False):
            continue
        for suffix in suffixes:
            sibling = regular.with_name(f"{family}{suffix}{regular.suffix}")
            if sibling.is_file() and _has_outlines(sibling):
                faces[style] = sibling
                break
    faces.setdefault((True, False), regular)
    faces.setdefault((False, True), regular)
    faces.setdefault((True, True), faces[(True, False)])
    return faces


@cache
def _has_outlines(path: Path) -> bool:
    """True for a TrueType-outline font (``glyf``), the only kind reportlab can embed.

    Of a collection (``.ttc``) the first face counts.
    """
    try:
        return "glyf" in _hb_face(path).table_tags
    except Exception:  # noqa: BLE001 (a damaged or foreign file is not a font for us)
        return False


@cache
def _coverage(path: Path) -> frozenset[int]:
    return frozenset(_hb_face(path).unicodes)


def _hb_face(path: Path) -> Any:
    return uharfbuzz.Face(path.read_bytes())


# -- reportlab fonts ----------------------------------------------------------------------------

_REGISTERED: dict[str, Path] = {}


def _registered(path: Path, family: str) -> str:
    """The reportlab name of the face in ``path``, registered on first use with its family's styles."""
    name = path.stem
    if _REGISTERED.get(name) == path:
        return name
    while name in _REGISTERED:  # another file of the same name (an explicit path): keep both apart
        name += "~"
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics

    pdfmetrics.registerFont(EmbeddedFont(name, str(path), subfontIndex=0))
    _REGISTERED[name] = path
    # Every style of a one-face name maps back to it, so <b> and <i> around it keep it.
    for bold, italic in ((True, True), (False, True), (True, False), (False, False)):
        addMapping(name, int(bold), int(italic), name)
    return name


def add_break_marks(face: Any) -> dict[int, str]:
    """Give a reportlab font face :data:`HYPHEN_MARK` and :data:`JOIN_MARK`; the ``ToUnicode``
    text of both (U+00AD) by code.

    The hyphen mark takes the face's hyphen (``-``, else U+2010); the join mark, and the
    hyphen mark of a face without a hyphen (most single-script Noto fonts), the empty glyph
    of U+200B or the space, at zero width.
    """
    for mark, drawn in ((HYPHEN_MARK, "-\u2010\u200b "), (JOIN_MARK, "\u200b ")):
        code = next((ord(char) for char in drawn if ord(char) in face.charToGlyph), None)
        face.charToGlyph[ord(mark)] = face.charToGlyph[code] if code is not None else 0
        face.charWidths[ord(mark)] = face.charWidths.get(code, 0) if code in (0x2D, 0x2010) else 0
    return {ord(HYPHEN_MARK): "\u00ad", ord(JOIN_MARK): "\u00ad"}


# -- FiraGO, shaped with HarfBuzz -------------------------------------------------------------------------------------


class ShapingFont(TTFont):
    """A FiraGO face that shapes Arabic-script words and maps every glyph back to text.

    Glyphs the font's cmap does not reach (contextual forms such as ``uni0631.alt``)
    get private-use codes from U+E000 on, assigned once, in glyph order, when the font
    loads. A glyph that must read back as other text than its own (a ligature's carrier,
    a mirrored bracket, a glyph with a direction mark, :meth:`_code_for`) gets a code
    from U+F0000 on, made later, in the order the process first needs it, so these codes
    depend on what was rendered before. They never reach the file: reportlab numbers the
    characters of each subset in the order the document uses them, and the ``ToUnicode``
    map of each subset names the source text of the glyphs instead of the private codes,
    so a document's bytes do not depend on what was rendered before it in the process.
    """

    def __init__(self, name: str, data: bytes) -> None:
        super().__init__(name, io.BytesIO(data))
        #: The characters FiraGO's own cmap draws. ``face.charToGlyph`` also gains private
        #: codes (U+E000 on when the font loads, U+F0000 on as text is shaped): a private
        #: character of the text is not one of FiraGO's, whatever the process shaped before.
        self.coverage = frozenset(self.face.charToGlyph)
        self._hb = uharfbuzz.Font(uharfbuzz.Face(data))
        self._source: dict[int, str] = {}
        self._made: dict[tuple[int, str, float | None], str] = {}
        self._chosen: dict[tuple[int, str, float | None], str] = {}
        self._clusters: dict[tuple[tuple[int, ...], str, bool], str] = {}
        #: :meth:`_drawn_item` by its arguments: what HarfBuzz answered for a piece of text.
        self._drawn: dict[tuple[str, bool, tuple[int, ...], tuple[int, ...]], str] = {}
        self._empty_glyph = self.face.charToGlyph[0x200B]
        self._add_break_marks()
        self._hide_format_characters()
        self._assign_private_codes()
        #: Every character that draws the empty glyph (more are made as text needs them).
        self._empty_characters = {chr(code) for code, glyph in self.face.charToGlyph.items()
                                  if glyph == self._empty_glyph}

    def _hide_format_characters(self) -> None:
        """Draw the joiners and direction marks (U+200C to U+200F) as nothing.

        FiraGO gives them visible glyphs, a bar or an arrow of no width, so every Persian
        zero-width non-joiner (``می‌رسد``) would show as a stroke. They take the empty glyph
        of U+200B and keep their own code, so text extraction still gives them.
        """
        face = self.face
        for code in range(0x200C, 0x2010):
            face.charToGlyph[code] = face.charToGlyph[0x200B]

    def _add_break_marks(self) -> None:
        """The two characters that end the first piece of a word broken across lines
        (:func:`add_break_marks`): a hyphen, or nothing; both read back as
        U+00AD SOFT HYPHEN, the PDF's sign for "this line break is inside a word".
        """
        self._source.update(add_break_marks(self.face))

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

    def shape(self, text: str, rtl: bool, language: str, start: int = 0, end: int | None = None) -> str:
        """``text[start:end]`` as characters in display order, one per glyph HarfBuzz chose.

        The rest of ``text`` is context: it decides the joining forms at the ends, so a
        word whose style changes inside it still joins across the change. Every character
        reads back as exactly one source character (:meth:`_cluster`)::

            >>> font.shape("سلام", rtl=True, language="fa")   # doctest: +SKIP
            'ﻡ\U000f0000ﻼﺳ'   (final mim, a carrier of the alef, lam-alef read as lam, initial sin)
        """
        end = len(text) if end is None else end
        buffer = uharfbuzz.Buffer()
        buffer.add_str(text, item_offset=start, item_length=end - start)
        buffer.guess_segment_properties()
        buffer.direction = "rtl" if rtl else "ltr"
        if language:
            buffer.language = language
        buffer.flags = uharfbuzz.BufferFlags.PRESERVE_DEFAULT_IGNORABLES
        # Ligatures (liga) and kerning (kern) are among HarfBuzz's default features for horizontal
        # text (HarfBuzz manual, "OpenType features"), and the Arabic and Hebrew shapers, the only
        # ones right-to-left letters of FiraGO reach, keep them: naming them again cost about a
        # third of a word's shaping for the same glyphs (kerning moves glyphs; only glyphs are used).
        uharfbuzz.shape(self._hb, buffer)
        infos = buffer.glyph_infos
        item = text[start:end]
        key = (item, rtl, tuple([info.cluster - start for info in infos]), tuple([info.codepoint for info in infos]))
        drawn = self._drawn.get(key)
        if drawn is None:
            if len(self._drawn) >= _DRAWN_KEPT:
                self._drawn.clear()
            drawn = self._drawn[key] = self._drawn_item(item, rtl, key[2], key[3])
        return drawn

    def _drawn_item(self, item: str, rtl: bool, clusters: tuple[int, ...], glyphs: tuple[int, ...]) -> str:
        """The characters that draw ``glyphs`` (HarfBuzz's answer for ``item``, in display
        order, each with its cluster: where its characters start in ``item``)."""
        groups: list[tuple[int, list[int]]] = []  # (cluster, glyphs), in display order
        for cluster, glyph in zip(clusters, glyphs):
            if groups and groups[-1][0] == cluster:
                groups[-1][1].append(glyph)
            else:
                groups.append((cluster, [glyph]))
        starts = sorted(cluster for cluster, _ in groups)
        ends = dict(zip(starts, starts[1:] + [len(item)]))
        drawn = "".join(self._cluster(tuple(glyphs), item[cluster:ends[cluster]], rtl) for cluster, glyphs in groups)
        return self._widened(drawn)

    def _widened(self, drawn: str) -> str:
        """``drawn`` with every empty glyph that reads back as text (a carrier, a ZWNJ) given a
        sliver of the width of the glyph to its left, which keeps its place, so that every
        glyph of a right-to-left word has a width: poppler loses the line at a glyph of no
        width when the glyphs come in reading order (:func:`~.bidi.reading_runs`)."""
        if self._empty_characters.isdisjoint(drawn):  # most words: nothing to widen
            return drawn
        characters = list(drawn)
        for index in range(1, len(characters)):
            code, left = ord(characters[index]), ord(characters[index - 1])
            width = self.face.charWidths.get(left, 0)
            if self.face.charToGlyph.get(code) != self._empty_glyph or self.face.charWidths.get(code, 0) \
                    or width <= _SLIVER or self.face.charToGlyph.get(left) == self._empty_glyph:
                continue
            characters[index - 1] = self._code_for(self.face.charToGlyph[left], base_text(left, self._source),
                                                   width - _SLIVER)
            characters[index] = self._code_for(self._empty_glyph, base_text(code, self._source), _SLIVER)
        return "".join(characters)

    def _cluster(self, glyphs: tuple[int, ...], source: str, rtl: bool) -> str:
        """:meth:`_drawn_cluster`, worked out once per process for each cluster and text."""
        key = (glyphs, source, rtl)
        if key not in self._clusters:
            self._clusters[key] = self._drawn_cluster(glyphs, source, rtl)
        return self._clusters[key]

    def _drawn_cluster(self, glyphs: tuple[int, ...], source: str, rtl: bool) -> str:
        """The characters that draw ``glyphs`` (one HarfBuzz cluster, in display order) and
        read back as ``source``, one source character per glyph.

        The glyphs take the last source characters in reading order; a glyph that stands
        for several (the lam-alef ligature) takes the last, and each one before it goes on an
        empty glyph, a *carrier*, drawn just before it in reading order (to its right in a
        right-to-left line, where it takes a sliver of its width, :meth:`_widened`). Readers
        that reorder right-to-left text character by character (poppler, MuPDF) then never
        turn the letters of a ligature around, as they would one glyph read as two letters.
        """
        logical = glyphs[::-1] if rtl else glyphs
        extra = max(len(source) - len(logical), 0)
        texts = list(source[extra:]) + [""] * (len(logical) - len(source))
        drawn = [self.carrier(wanted) for wanted in source[:extra]]
        drawn += [self._code_for(glyph, wanted) for glyph, wanted in zip(logical, texts)]
        return "".join(drawn[::-1] if rtl else drawn)

    def drawn_as(self, character: str, text: str) -> str:
        """A character that draws the glyph of ``character`` and reads back as ``text``
        (a bracket drawn mirrored in right-to-left text reads back as written); ``text``
        itself when the face has no such glyph."""
        glyph = self.face.charToGlyph.get(ord(character))
        return text if glyph is None else self._code_for(glyph, text)

    def carrier(self, text: str) -> str:
        """A character that draws nothing, has no width and reads back as ``text``."""
        return self._code_for(self._empty_glyph, text)

    def _code_for(self, glyph: int, wanted: str, width: float | None = None) -> str:
        """A character that draws ``glyph`` and whose ``ToUnicode`` text is ``wanted``.

        The glyph's own character when it is ``wanted``, or an Arabic presentation form of
        it (read back as its base letter, :func:`base_text`); otherwise a private character
        made for the pair, with no width when it draws the empty glyph. ``width`` (in
        thousandths of the size) makes one that moves the pen that far instead. The answer
        for a pair never changes, so it is found once per process.
        """
        key = (glyph, wanted, width)
        if key not in self._chosen:
            self._chosen[key] = self._choose_code(glyph, wanted, width)
        return self._chosen[key]

    def _choose_code(self, glyph: int, wanted: str, width: float | None) -> str:
        own = (self.face.glyphToChar.get(glyph) or []) if width is None else []
        for code in own:
            if wanted and base_text(code, self._source) == wanted:
                return chr(code)
        key = (glyph, wanted, width)
        if key not in self._made:
            code = _MADE_CODES + len(self._made)
            self.face.charToGlyph[code] = glyph
            if glyph == self._empty_glyph:
                self._empty_characters.add(chr(code))
            natural = 0 if glyph == self._empty_glyph else self.pdfScale(self.face.hmetrics[glyph][0])
            self.face.charWidths[code] = natural if width is None else width
            self._source[code] = wanted or "\u200b"
            self._made[key] = chr(code)
        return self._made[key]

    def addObjects(self, doc: Any) -> None:
        """Write the subsets, then their ``ToUnicode`` maps again (:func:`_add_font_objects`)."""
        _add_font_objects(self, doc, TTFont)


def _add_font_objects(font: Any, doc: Any, base_class: type) -> None:
    """Write ``font``'s subsets into ``doc`` with ``base_class``, then rewrite the ``ToUnicode``
    map of every subset that holds a code with source text (``font._source``: private-use
    glyph codes, the break marks) or a character past U+FFFF, which reportlab 5 writes as
    ``<1F389>``, a form no reader accepts.
    """
    from reportlab.pdfbase.ttfonts import SUBSETN

    state = font.state.get(doc)
    subsets = [list(subset) for subset in state.subsets] if state else []
    base_class.addObjects(font, doc)
    for number, subset in enumerate(subsets):
        if all(code <= 0xFFFF and code not in font._source and not _presentation_form(code) for code in subset):
            continue
        name = (SUBSETN(number) + b"+" + font.face.name + font.face.subfontNameX).decode("pdfdoc")
        stream = doc.idToObject.get("toUnicodeCMap:" + name)
        if stream is not None:
            stream.content = _to_unicode_cmap(name, subset, font._source)


#: How many of HarfBuzz's answers each face keeps turned into characters (:meth:`ShapingFont.shape`;
#: about 430 bytes each, so at most about 3.5 MB a face): the words of several articles. When full,
#: it starts again; what it holds never changes the bytes, only how often the work is done.
_DRAWN_KEPT = 8_000
#: The first of the private characters :meth:`ShapingFont._code_for` makes (Plane 15, private use).
_MADE_CODES = 0xF0000
#: The width (thousandths of the size) an empty glyph that reads back as text takes from its neighbour.
_SLIVER = 20


def _presentation_form(code: int) -> bool:
    """True for an Arabic presentation form (U+FB50 to U+FDFF, U+FE70 to U+FEFE)."""
    return 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFE


def base_text(code: int, source: dict[int, str]) -> str:
    """The text a character code of a font reads back as (its ``ToUnicode`` entry): its
    ``source`` text (private characters, the break marks), the letter of an Arabic
    presentation form, or the character itself. A shaped glyph never reads back as a
    presentation form; a ligature the text itself holds (U+FDFC RIAL SIGN) reads back as
    itself, one character as every glyph, since poppler would turn its letters around::

        >>> base_text(0xFE91, {}), base_text(0x0628, {}), base_text(0xE010, {0xE010: "ر"}), base_text(0xFDFC, {})
        ('ب', 'ب', 'ر', '﷼')
    """
    if code in source:
        return source[code]
    if _presentation_form(code):
        letters = unicodedata.normalize("NFKC", chr(code))
        return letters if len(letters) == 1 else chr(code)
    return chr(code)


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

    targets = (_utf16_hex(base_text(code, source) or "\u200b") for code in subset)
    entries = [f"<{index:02X}> <{target}>" for index, target in enumerate(targets)]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({name})", f"/Ordering ({name})", "/Supplement 0", ">> def", f"/CMapName /{name} def",
        "/CMapType 2 def", "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        f"{len(entries)} beginbfchar", *entries, "endbfchar", "endcmap",
        "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])


@lru_cache(maxsize=8192)
def _utf16_hex(text: str) -> str:
    """``text`` in UTF-16 as a ``ToUnicode`` map writes it, found once per text (every subset of
    every document lists its characters again).

    >>> _utf16_hex("a\U0001F389")
    '0061D83CDF89'
    """
    return text.encode("utf-16-be").hex().upper()


def _face_file(name: str) -> Path:
    """The TrueType file of one FiraGO face: ``FiraGO-Bold`` -> ``FiraGO/FiraGO-Bold.ttf``.

    >>> _face_file("FiraGO").name
    'FiraGO-Regular.ttf'
    """
    return FIRAGO_FOLDER / f"{FONT}-{_FACES[name]}.ttf"


def register_fonts() -> dict[tuple[bool, bool], Any]:
    """The four FiraGO faces by ``(bold, italic)``, each registered once per process (:func:`firago_face`).

    >>> register_fonts()[(True, False)].fontName
    'FiraGO-Bold'
    """
    return {(bold, italic): firago_face(bold, italic) for bold, italic in _STYLES}


@cache
def firago_face(bold: bool, italic: bool) -> ShapingFont:
    """One FiraGO face, read and registered the first time something is set in it (each takes
    milliseconds to load, and most documents never use bold italic). The paragraph styles
    register the faces they name (:func:`~.style.make_styles`); text set in another style comes
    through :meth:`FontChain.runs`, which registers its face. reportlab learns the names of all
    four at once, for the ``<b>`` and ``<i>`` of paragraph markup.

    >>> firago_face(False, True).fontName
    'FiraGO-Italic'
    """
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics

    names = {("Bold" in name, "Italic" in name): name for name in _FACES}
    for (is_bold, is_italic), name in names.items():
        addMapping(FONT, int(is_bold), int(is_italic), name)
    name = names[(bold, italic)]
    font = ShapingFont(name, _face_file(name).read_bytes())
    pdfmetrics.registerFont(font)
    return font


class EmbeddedFont(TTFont):
    """reportlab's ``TTFont``, with a ``ToUnicode`` map that also holds characters past U+FFFF.

    reportlab 5 writes such a character as ``<1F389>``, which no reader accepts; a subset
    that holds one gets the map again with UTF-16 surrogate pairs (``<D83CDF89>``). The
    face also gets the break marks (:func:`add_break_marks`).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._source = add_break_marks(self.face)

    def addObjects(self, doc: Any) -> None:
        """Write the subsets, then their ``ToUnicode`` maps again (:func:`_add_font_objects`)."""
        _add_font_objects(self, doc, TTFont)


def _hidden(name: str, char: str) -> str:
    """Draw the invisible ``char`` as nothing in the fallback face ``name`` (its empty space
    glyph at no width, the character kept for the ``ToUnicode`` map); ``name``."""
    from reportlab.pdfbase.pdfmetrics import getFont

    face, code = getFont(name).face, ord(char)
    if code not in face.charToGlyph:
        face.charToGlyph[code] = face.charToGlyph.get(0x200B, face.charToGlyph.get(0x20, 0))
        face.charWidths[code] = 0
    return name


def _coverage_of_name(name: str) -> frozenset[int]:
    """What a fallback face has; nothing for :data:`NO_GLYPH` (no mark ever joins its box)."""
    return frozenset() if name == NO_GLYPH else _coverage(_REGISTERED[name])


@cache
def _firago_coverage(bold: bool, italic: bool) -> frozenset[int]:
    """FiraGO's characters in one style (:attr:`ShapingFont.coverage`)."""
    return firago_face(bold, italic).coverage


@cache
def _no_glyph_font() -> Any:
    """FiraGO under the name :data:`NO_GLYPH`: characters are added to it as they come."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics

    font = EmbeddedFont(NO_GLYPH, str(_face_file(FONT)))
    font.face.name = NO_GLYPH.encode()
    kept = {code: font.face.charToGlyph[code] for code in (0x20, 0x200B, ord(HYPHEN_MARK), ord(JOIN_MARK))}
    font.face.charToGlyph.clear()  # no character of FiraGO's own: only those given the box
    font.face.charToGlyph.update(kept)
    pdfmetrics.registerFont(font)
    for bold, italic in ((True, True), (False, True), (True, False), (False, False)):
        addMapping(NO_GLYPH, int(bold), int(italic), NO_GLYPH)
    return font


def _no_glyph(char: str) -> str:
    """Give ``char`` the empty box (or, if invisible, the empty zero-width glyph) in :data:`NO_GLYPH`."""
    font = _no_glyph_font()
    face, code = font.face, ord(char)
    if code not in face.charToGlyph:
        invisible = is_invisible(char)
        glyph = face.charToGlyph[0x200B] if invisible else 0
        face.charToGlyph[code] = glyph
        face.charWidths[code] = 0 if invisible else font.pdfScale(face.hmetrics[0][0])
    return NO_GLYPH

"""Page layout of the PDF format: style file, right-to-left text, long words, flowables, story.

The exporter in :mod:`exporters.formats.pdf` turns a bundle into a reportlab story
with :func:`build_story` and lays it out on a :class:`PagedCanvas`. Everything that
decides how a page looks lives here; the fonts live in :mod:`.pdf_fonts`.

- :class:`PdfStyle`: page size, margins, type scale, colours and fallback fonts, read
  from ``templates/pdf/style.yaml`` and an optional user file layered on top::

      >>> load_style().page.size
      'A4'

- Right-to-left text: reportlab lays out words left to right and, without the
  ``rlbidi`` extension, does not reorder them. :class:`TextBlock` is a paragraph that
  orders each line for display after line breaking, character by character over the
  whole line (the weak, neutral and reordering rules of the Unicode bidirectional
  algorithm), so Persian lines read right to left, Latin names and numbers inside them
  read forwards, and a word keeps its order across a bold, italic or link boundary.
  Right-to-left pieces are shaped with HarfBuzz as they are drawn, and the logical text
  is kept in ``/ActualText`` spans for copying and the read-back. The glyphs of such a line
  are written in reading order, each run at its place (:class:`ReadingText`), so a reader
  that goes by the order of the page content (pypdf) gets the words without ``/ActualText``.
- Words longer than a line are broken with a mark that reads back as a soft hyphen.
- Roles: every flowable carries ``role`` (``H1``..``H6``, ``P``, ``Figure`` with
  ``alt``, ``BlockQuote``, ``Note``, ``LI``, ``Lbl``, ``Caption``, ``TOCI``, ``Artifact``),
  the PDF structure type it would get once the file is tagged.
"""

from __future__ import annotations

import bisect
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
from .pdf_fonts import DEFAULT_FALLBACK, FONT, HYPHEN_MARK, JOIN_MARK, font_chain, register_fonts

__all__ = [
    "PageFurniture",
    "PdfStyle",
    "build_story",
    "load_style",
    "paged_canvas_class",
    "text_block_class",
]

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


class FontSetup(_Part):
    """``fallback``: font files for the characters FiraGO lacks, tried in order (see :mod:`.pdf_fonts`)."""

    fallback: tuple[str, ...] = DEFAULT_FALLBACK


class PdfStyle(_Part):
    """The whole style file. ``load_style("house.yaml")`` layers a user file on the shipped one."""

    page: PageSetup = PageSetup()
    type_pt: TypeScale = TypeScale()
    colours: Colours = Colours()
    figure: FigureSetup = FigureSetup()
    fonts: FontSetup = FontSetup()

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


# -- words longer than a line ------------------------------------------------------------------

_SHY = "\u00ad"
_URL_LIKE = re.compile(r"://|^www\.|[/@]")
_HYPHENATED_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC", "ARMENIAN", "GEORGIAN")


def keep_long_words(paragraph: Any, width: Any, break_lines: Any) -> Any:
    """Line breaking that leaves room for a hyphen where a word longer than the line is cut.

    ``break_lines`` is reportlab's ``Paragraph.breakLines``, which cuts such a word (a URL,
    a long compound, a run of Chinese) after the last character that fits. When it had to
    (``_splitLongWordCount``), the lines are broken again a hyphen's width narrower, so
    the hyphen drawing adds (:func:`mark_broken_words`) stays inside the margin.

    Soft hyphens are not used to choose nicer break points: reportlab's soft-hyphen
    handling loses a real hyphen of the word when it breaks the lines again (a paragraph
    across pages), and the space after such a word in a paragraph of several styles.
    """
    frags = paragraph.frags  # reportlab replaces them with its words, cut pieces included
    para = break_lines(width)
    if not getattr(paragraph, "_splitLongWordCount", 0):
        return para
    from reportlab.pdfbase.pdfmetrics import stringWidth

    style = paragraph.style
    room = stringWidth(HYPHEN_MARK, style.fontName, style.fontSize)
    paragraph.frags = frags
    return break_lines([line - room for line in width] if isinstance(width, (list, tuple)) else width - room)


def mark_broken_words(para: Any, paragraph: Any) -> Any:
    """``para`` (``paragraph`` broken into lines) with the first piece of every word broken
    across lines ended by :data:`HYPHEN_MARK` (letters of a script that hyphenates) or
    :data:`JOIN_MARK` (a URL, Chinese, digits): both read back as a soft hyphen, so the
    reader joins the word. The last line too, when the word goes on in the next frame
    (:func:`carry_broken_word`).

    Lines that do not follow the text of the paragraph character by character are left alone.
    """
    ends = _broken_line_ends(_source_text(paragraph.frags), _line_texts(para))
    goes_on = getattr(paragraph, "_word_goes_on", None)
    if goes_on and para.lines:
        ends[len(para.lines) - 1] = goes_on
    if not ends:
        return para
    lines = list(para.lines)
    for index, (added, mark) in ends.items():
        lines[index] = _end_line_with(para.kind, lines[index], added, mark)
    return para.clone(lines=lines)


def carry_broken_word(paragraph: Any, parts: list[Any]) -> list[Any]:
    """The two parts of ``paragraph`` split at a frame's foot; the first remembers when its
    last line ends inside a word that the second part goes on with."""
    if len(parts) == 2 and getattr(parts[0], "blPara", None) is not None and getattr(paragraph, "blPara", None):
        last = len(parts[0].blPara.lines) - 1
        ends = _broken_line_ends(_source_text(paragraph.frags), _line_texts(paragraph.blPara))
        if last in ends:
            parts[0]._word_goes_on = ends[last]
    return parts


def _source_text(frags: list[Any]) -> str:
    """The text the paragraph was made from, with its spaces: frags, frag words or a word list."""
    from reportlab.platypus.paragraph import _HSFrag, _SplitFragHY

    parts = []
    for frag in frags:
        if isinstance(frag, list):  # a frag word: [width, (frag, text), ...]
            if any(getattr(piece, "lineBreak", False) for piece, _ in frag[1:]):
                parts.append("\n")
            parts.extend(text for _, text in frag[1:])
            if isinstance(frag, _SplitFragHY) and parts[-1].endswith("-"):  # reportlab's hyphen at a soft hyphen
                parts[-1] = parts[-1][:-1] + _SHY
            parts.append(" " if isinstance(frag, _HSFrag) else "")
        elif getattr(frag, "lineBreak", False):
            parts.append("\n")
        elif getattr(frag, "text", None) is None and hasattr(frag, "words"):
            parts.append(" ".join(frag.words))
        else:
            parts.append(getattr(frag, "text", "") or "")
    return "".join(parts)


def _broken_line_ends(source: str, lines: list[str]) -> dict[int, tuple[bool, str]]:
    """``{line: (reportlab added a hyphen, mark)}`` for every line that ends inside a word of ``source``.

    >>> _broken_line_ends("see https://a.org/x", ["see https://a.", "org/x"])
    {0: (False, '\\uf8fd')}
    """
    ends: dict[int, tuple[bool, str]] = {}
    words = _Words(source)
    at = 0
    for index, line in enumerate(lines):
        characters = [char for char in line if not char.isspace()]
        added = False
        for position, char in enumerate(characters):
            start = at
            while at < len(source) and (source[at].isspace() or source[at] == _SHY):
                at += 1
            if at < len(source) and source[at] == char:
                at += 1
            elif char == "-" and position == len(characters) - 1 and _SHY in source[start:at]:
                added = True  # reportlab's hyphen at a soft hyphen
            else:
                return {}
        following = source[at:].lstrip(_SHY)
        if characters and index < len(lines) - 1 and following and not following[0].isspace():
            ends[index] = (added, _mark_for(source, at, words.around(at)))
    return ends


class _Words:
    """The words (runs of non-space) of a text, found once: a paragraph can be one word of
    100,000 characters broken over hundreds of lines, so nothing is searched per line."""

    def __init__(self, text: str) -> None:
        spans = [match.span() for match in re.finditer(r"\S+", text)]
        self.starts = [start for start, _ in spans]
        self.words = [text[start:end] for start, end in spans]
        self._url_like: dict[int, bool] = {}

    def around(self, at: int) -> tuple[str, bool]:
        """The word that holds position ``at`` and whether it looks like a URL or address."""
        index = bisect.bisect_right(self.starts, at) - 1
        if index < 0:
            return "", False
        if index not in self._url_like:
            self._url_like[index] = _URL_LIKE.search(self.words[index]) is not None
        return self.words[index], self._url_like[index]


def _mark_for(source: str, at: int, word: tuple[str, bool]) -> str:
    """A hyphen between two letters of a word in a script that hyphenates, else nothing.

    ``word`` is the word broken at ``at`` and whether it looks like a URL (:class:`_Words`).
    """
    start, end = at, at
    while start > 0 and source[start - 1] == _SHY:
        start -= 1
    while end < len(source) and source[end] == _SHY:
        end += 1
    before, after = source[start - 1:start] if start else "", source[end:end + 1]
    if word[1] or not all(_hyphenated(char) for char in before + after):
        return JOIN_MARK
    return HYPHEN_MARK


def _hyphenated(char: str) -> bool:
    return char.isalpha() and unicodedata.name(char, "").startswith(_HYPHENATED_SCRIPTS)


def _end_line_with(kind: int, line: Any, added: bool, mark: str) -> Any:
    """One line with its last piece of text ending in ``mark`` (instead of reportlab's hyphen)."""
    if kind == 0:
        extra, words = line
        last = str(words[-1])
        return (extra, [*words[:-1], (last[:-1] if added else last) + mark])
    words = list(line.words)
    index = max((number for number, frag in enumerate(words) if _is_text(frag) and frag.text), default=None)
    if index is None:
        return line
    frag = words[index]
    if added:
        words[index] = frag.clone(text=frag.text[:-1])
    words.insert(index + 1, frag.clone(text=mark, fontName=_fira_face(frag.fontName)))
    return line.clone(words=words)


def _fira_face(font_name: str) -> str:
    """The FiraGO face of the style of ``font_name``: its hyphen draws the mark (most fallback
    fonts have none)."""
    from reportlab.lib.fonts import ps2tt, tt2ps

    try:
        _, bold, italic = ps2tt(font_name)
        return tt2ps(FONT, bold, italic)
    except ValueError:
        return FONT


# -- right-to-left text ------------------------------------------------------------------------
#
# Paragraph markup holds text in logical order; reportlab measures and breaks it into
# lines (:class:`TextBlock` measures right-to-left words as they will be drawn), and each
# line is put in display order when it is drawn: levels by the Unicode bidirectional
# algorithm over the characters of the whole paragraph (rules W1-W7, N1, N2, I1, I2, L1,
# L2, L4; explicit embeddings, isolates and bracket pairs are not honoured), frags cut
# where the level changes, right-to-left pieces shaped by HarfBuzz and mirrored.

_RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
#: Characters a page shows as nothing, which reportlab would draw as a box (DEL, the C1
#: controls) or take for a word space (U+200B, when the paragraph holds a U+00A0). NEL
#: (U+0085) ends a line: it is drawn as the space every other line end becomes.
_UNDRAWN = re.compile("[\u007f-\u0084\u0086-\u009f\u200b]")
#: Characters that take the type of the character before them (rule W1): marks, joiners and
#: other invisible format characters, and the explicit embeddings and isolates this layout ignores.
_FOLLOWERS = frozenset({"NSM", "BN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"})
_NEUTRALS = frozenset({"ON", "WS", "S", "B"})
#: Rule L4: in a right-to-left run each of these is drawn as its partner.
_MIRRORED = dict(zip("()<>[]{}«»‹›⁅⁆⁽⁾₍₎≤≥⟨⟩", ")(><][}{»«›‹⁆⁅⁾⁽₎₍≥≤⟩⟨"))


def has_rtl(text: str) -> bool:
    """True when ``text`` holds a Hebrew or Arabic-script letter."""
    return _RTL_LETTER.search(text) is not None


def drawable(text: str) -> str:
    """``text`` without the characters a page shows as nothing (DEL, C1 controls, U+200B).

    >>> drawable("zero\\u200bwidth, delete\\u007fd, next\\u0085line")
    'zerowidth, deleted, next line'
    """
    return _UNDRAWN.sub("", text).replace("\u0085", " ")


def _bidi_type(character: str) -> str:
    """The Unicode bidirectional type; private-use characters (the layout's own marks) are neutral."""
    if "\ue000" <= character <= "\uf8ff":
        return "ON"
    return unicodedata.bidirectional(character) or "L"


def _spans(types: list[str], wanted: frozenset[str] | set[str]) -> list[tuple[int, int]]:
    """``(start, end)`` of every run of consecutive types in ``wanted``.

    >>> _spans(["L", "ET", "ET", "EN", "ET"], {"ET"})
    [(1, 3), (4, 5)]
    """
    spans, start = [], None
    for index, kind in enumerate([*types, ""]):
        if kind in wanted and start is None:
            start = index
        elif kind not in wanted and start is not None:
            spans.append((start, index))
            start = None
    return spans


def weak_types(text: str, rtl: bool) -> list[str]:
    """The type of every character after the weak rules W1-W7: ``L``, ``R``, ``EN``, ``AN`` or a neutral.

    >>> weak_types("ع 12", rtl=False), weak_types("a 12%", rtl=True)
    (['R', 'WS', 'AN', 'AN'], ['L', 'WS', 'L', 'L', 'L'])
    """
    start = "R" if rtl else "L"
    types = [_bidi_type(character) for character in text]
    for index, kind in enumerate(types):  # W1
        if kind in _FOLLOWERS:
            types[index] = types[index - 1] if index else start
    strong = start
    for index, kind in enumerate(types):  # W2, W3
        if kind in ("L", "R", "AL"):
            strong = kind
        elif kind == "EN" and strong == "AL":
            types[index] = "AN"
    types = ["R" if kind == "AL" else kind for kind in types]
    for index in range(1, len(types) - 1):  # W4
        before, kind, after = types[index - 1:index + 2]
        if before == after and (kind == "ES" and before == "EN" or kind == "CS" and before in ("EN", "AN")):
            types[index] = before
    for first, end in _spans(types, {"ET"}):  # W5
        if (first and types[first - 1] == "EN") or (end < len(types) and types[end] == "EN"):
            types[first:end] = ["EN"] * (end - first)
    types = ["ON" if kind in ("ES", "ET", "CS") else kind for kind in types]  # W6
    strong = start
    for index, kind in enumerate(types):  # W7
        if kind in ("L", "R"):
            strong = kind
        elif kind == "EN" and strong == "L":
            types[index] = "L"
    return types


def embedding_levels(text: str, rtl: bool) -> list[int]:
    """The level of every character of a paragraph (rules W1-W7, N1, N2, I1, I2).

    Even levels are drawn left to right, odd levels right to left. One addition to N1:
    spaces and plus or minus signs between two numbers join them into one group read
    left to right, so ``2026-03-10 09:00 +0330`` or ``+7 727 000 00 00`` after Persian
    words reads as written (the algorithm itself reverses the order of the numbers).

    >>> embedding_levels("ab אב 12", rtl=False)
    [0, 0, 0, 1, 1, 1, 2, 2]
    >>> embedding_levels("سلام iPhone\\u200cها", rtl=True)
    [1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 1, 1]
    """
    types = weak_types(text, rtl)
    base = "R" if rtl else "L"
    for start, end in _spans(types, _NEUTRALS):  # N1, N2
        if _joins_numbers(text, types, start, end):
            types[start:end] = [types[end]] * (end - start)
            continue
        before, after = _side(types, start - 1, base), _side(types, end, base)
        types[start:end] = [before if before == after else base] * (end - start)
    if rtl:  # I2
        return [1 if kind == "R" else 2 for kind in types]
    return [0 if kind == "L" else 1 if kind == "R" else 2 for kind in types]  # I1


def _joins_numbers(text: str, types: list[str], start: int, end: int) -> bool:
    """True when ``text[start:end]`` is only spaces and plus or minus signs between two numbers."""
    numbers = ("EN", "AN")
    return (0 < start and end < len(types) and types[start - 1] in numbers and types[end] in numbers
            and all(character.isspace() or _bidi_type(character) == "ES" for character in text[start:end]))


def _side(types: list[str], index: int, base: str) -> str:
    """The direction rule N1 sees at ``index``: ``L``, or ``R`` for R and numbers; ``base`` past either end."""
    if index < 0 or index >= len(types):
        return base
    return "L" if types[index] == "L" else "R"


def line_levels(text: str, levels: list[int], rtl: bool) -> list[int]:
    """Rule L1 for one line: spaces at its end take the paragraph's level.

    >>> line_levels("אב  ", [1, 1, 1, 1], rtl=False)
    [1, 1, 0, 0]
    """
    end = len(text)
    while end and (text[end - 1].isspace() or _bidi_type(text[end - 1]) in _FOLLOWERS):
        end -= 1
    return levels[:end] + [1 if rtl else 0] * (len(levels) - end)


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


def letter_runs(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """``text[start:end]`` cut into ``(start, end, letters)``: runs of right-to-left letters
    (with their marks and joiners), which are shaped, and the characters between them.

    >>> letter_runs("ab سلام!", 0, 8)
    [(0, 3, False), (3, 7, True), (7, 8, False)]
    """
    runs: list[tuple[int, int, bool]] = []
    for index in range(start, end):
        kind = unicodedata.bidirectional(text[index])
        letters = kind in ("R", "AL") or (kind in ("NSM", "BN") and bool(runs) and runs[-1][2])
        if runs and runs[-1][2] == letters:
            runs[-1] = (runs[-1][0], index + 1, letters)
        else:
            runs.append((index, index + 1, letters))
    return runs


def right_to_left(text: str, start: int, end: int, font: Any, language: str) -> str:
    """``text[start:end]``, part of a right-to-left run, as drawn from left to right.

    Letters are shaped by the font (``text`` around them decides their joining forms),
    other characters mirrored (rule L4), and the whole is reversed::

        >>> right_to_left("(abc)", 0, 5, font=None, language="")
        '(cba)'
    """
    parts: list[str] = []
    for first, stop, letters in letter_runs(text, start, end):
        if letters and hasattr(font, "shape"):
            parts.append(font.shape(text, True, language, first, stop))
        else:
            parts.extend(_MIRRORED.get(character, character) for character in text[first:stop])
    return "".join(reversed(parts))


def _visual_frags(frags: list[Any], levels: list[int], language: str) -> tuple[list[Any], Order | None]:
    """The frags of one line in display order, cut where the level changes and joined again by
    style, and their :data:`Order` (``None`` when the line holds a frag without text).

    ``levels`` has one level per character of the line's text (its text frags, joined).
    Frags without text (a line break) go at the end.
    """
    from reportlab.pdfbase.pdfmetrics import getFont

    line = "".join(getattr(frag, "text", "") for frag in frags if _is_text(frag))
    pieces: list[tuple[Any, int, int]] = []
    others, offset = [], 0
    for frag in frags:
        if not _is_text(frag):
            others.append(frag)
            continue
        for start, end in _level_spans(levels, offset, offset + len(frag.text)):
            pieces.append((frag, start, end))
        offset += len(frag.text)
    drawn, rank = [], 0
    for frag, start, end in pieces:  # in reading order: each glyph gets its place in it
        odd = levels[start] % 2
        text = right_to_left(line, start, end, getFont(frag.fontName), language) if odd else line[start:end]
        ranks = range(rank + len(text) - 1, rank - 1, -1) if odd else range(rank, rank + len(text))
        drawn.append((frag, text, list(ranks), [bool(odd)] * len(text)))
        rank += len(text)
    runs: list[tuple[Any, str, list[int], list[bool]]] = []
    for frag, text, ranks, odds in visual_order(drawn, [levels[start] for _, start, _ in pieces]):
        if runs and runs[-1][0] is frag:
            runs[-1] = (frag, runs[-1][1] + text, runs[-1][2] + ranks, runs[-1][3] + odds)
        else:
            runs.append((frag, text, ranks, odds))
    order = [(text, ranks, odds) for _, text, ranks, odds in runs]
    plain = not others and not any(getattr(frag, "rise", 0) for frag, *_ in runs)
    return [frag.clone(text=text) for frag, text, _, _ in runs] + others, order if plain else None


def _is_text(frag: Any) -> bool:
    return getattr(frag, "text", None) is not None and getattr(frag, "cbDefn", None) is None


def _level_spans(levels: list[int], start: int, end: int) -> list[tuple[int, int]]:
    """``(start, end)`` of the runs of one level between ``start`` and ``end``.

    >>> _level_spans([0, 0, 1, 1, 2], 1, 5)
    [(1, 2), (2, 4), (4, 5)]
    """
    spans: list[tuple[int, int]] = []
    for index in range(start, end):
        if spans and levels[index] == levels[spans[-1][0]]:
            spans[-1] = (spans[-1][0], index + 1)
        else:
            spans.append((index, index + 1))
    return spans


def _measured_as_drawn(words: list[Any], language: str) -> list[Any]:
    """reportlab's frag words (``[width, (frag, text), ...]``) with right-to-left letters
    measured shaped, as :func:`right_to_left` draws them (joining forms and ligatures are
    narrower than the letters alone)."""
    from reportlab.pdfbase.pdfmetrics import getFont, stringWidth

    for word in words:
        pieces = [(frag, text) for frag, text in word[1:] if _is_text(frag)]
        context = "".join(text for _, text in pieces)
        offset = 0
        for frag, text in pieces:
            font = getFont(frag.fontName)
            if has_rtl(text) and hasattr(font, "shape"):
                drawn = "".join(font.shape(context, True, language, start, end) if letters else context[start:end]
                                for start, end, letters in letter_runs(context, offset, offset + len(text)))
                word[0] += stringWidth(drawn, frag.fontName, frag.fontSize) - stringWidth(text, frag.fontName,
                                                                                          frag.fontSize)
            offset += len(text)
    return words


@cache
def text_block_class() -> type:
    """:class:`TextBlock`, built on reportlab's Paragraph on first use (reportlab is imported lazily)."""
    from reportlab.platypus import Paragraph as RLParagraph

    class TextBlock(RLParagraph):
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
            from reportlab.platypus.paragraph import _getFragWords, _processed_frags

            if not _processed_frags(self.frags) and any(has_rtl(getattr(frag, "text", "") or "")
                                                        for frag in self.frags):
                first = width[0] if isinstance(width, (list, tuple)) else width
                self.frags = _measured_as_drawn(_getFragWords(self.frags, first), self._language)
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
            self.blPara, self._orders = _visual_paragraph(marked, rtl, self._language)
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
            reading order (:func:`_reading_text_class`)."""
            orders = getattr(self, "_orders", None)
            return _reading_text_class()(self.canv, x, y, orders) if orders else super().beginText(x, y)

        def _actual_text(self, para: Any, rtl: bool) -> str:
            """The text of the lines, in logical order, when drawing reorders it (empty otherwise).

            Drawn as ``/ActualText`` around the paragraph, so text extraction and
            copying give the words in logical order, as they went in.
            """
            if not getattr(self.style, "actual_text", False) or self.role == "Artifact":
                return ""
            lines = _line_texts(para)
            if not rtl and not any(has_rtl(line) for line in lines):
                return ""
            return _joined_lines(lines)

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


def _joined_lines(lines: list[str]) -> str:
    """The lines of a paragraph as one text: a space between two lines, a soft hyphen instead
    of the mark that ends a line inside a word (:func:`mark_broken_words`).

    >>> _joined_lines(["one two", "thr\uf8fe", "ee "])
    'one two thr\xadee'
    """
    parts = []
    for line in lines:
        line = line.strip()
        parts.append(line[:-1] + _SHY if line.endswith((HYPHEN_MARK, JOIN_MARK)) else line + " ")
    return "".join(parts).strip()


def _line_texts(para: Any) -> list[str]:
    """The text of every line of a broken paragraph, in logical order."""
    if para.kind == 0:
        return [" ".join(words) for _, words in para.lines]
    return ["".join(frag.text for frag in line.words if _is_text(frag)) for line in para.lines]


def _visual_paragraph(para: Any, rtl: bool, language: str) -> tuple[Any, list[Order | None] | None]:
    """The broken paragraph with every line in display order, and the :data:`Order` of
    every line reportlab draws (``None`` when nothing is reordered).

    Levels come from the text of all its lines, so a line that starts with a number or a
    neutral resolves it by what came before, as in one unbroken paragraph.
    """
    texts = _line_texts(para)
    if not rtl and not any(has_rtl(text) for text in texts):
        return para, None
    levels = embedding_levels(" ".join(texts), rtl)
    lines, orders, offset = [], [], 0
    for line, text in zip(para.lines, texts):
        own = line_levels(text, levels[offset:offset + len(text)], rtl)
        offset += len(text) + 1
        if para.kind == 0:  # one font, no right-to-left letters (TextBlock.breakLines): mirror and reorder
            characters = [_MIRRORED.get(character, character) if level % 2 else character
                          for character, level in zip(text, own)]
            ranks = visual_order(list(range(len(text))), own)
            lines.append((line[0], "".join(characters[rank] for rank in ranks).split(" ")))
            orders.append(_pair_brackets([(" ".join(lines[-1][1]), ranks, [bool(own[rank] % 2) for rank in ranks])]))
        else:
            words, order = _visual_frags(list(line.words), own, language)
            lines.append(line.clone(words=words))
            if words:  # reportlab ends every line it draws with T*, and draws nothing for an empty one
                orders.append(order and _pair_brackets(order))
    return para.clone(lines=lines), orders


# -- the glyphs of a reordered line in reading order ---------------------------------------------
#
# A reordered line is laid out in display order, but its glyphs are written to the page in
# reading order, each run of them at its place on the line, so a reader that takes text in
# the order of the page content gets the words as they went in. pypdf (``PdfExporter.inspect``
# without ``/ActualText``) reads that way: it gives each glyph's text a direction (right to
# left: Hebrew and Arabic; neutral: ASCII punctuation and spaces, Arabic and Persian digits,
# general punctuation; left to right: the rest), takes neutrals in the direction before them,
# joins glyphs into runs of one direction and turns a right-to-left run around. A run ends
# where the direction changes or the font does (``Tf``); the runs follow one another in
# content order. So every run is written after its own ``Tf``, in an order that pypdf turns
# into reading order, starting with a glyph of its direction (or where pypdf already reads
# that way); anything else (Persian digits where pypdf reads right to left, a ``«`` between
# Persian words) is written one glyph at a time.

#: ``(text, ranks, odds)`` for each text reportlab draws on a line, in display order: the
#: glyphs, the place of each in reading order, and whether each is set right to left.
Order = list[tuple[str, list[int], list[bool]]]

_READ_NEUTRAL = re.compile("[\x00-\x2f\x3a-\x40\u0660-\u066d\u06f0-\u06f9\u2000-\u206f\u20a0-\u21ff]")
_READ_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_BRACKETS = {"(": ")", "[": "]", "{": "}", "«": "»", "‹": "›", "⁅": "⁆", "⁽": "⁾", "₍": "₎", "⟨": "⟩"}


def _pair_brackets(order: Order) -> Order:
    """``order`` with the two brackets of every pair set right to left trading places in reading order.

    Such a bracket is drawn as its mirror (rule L4) and reads back as the mirror: the ``(``
    of ``(Jane Doe)`` in a Persian paragraph is the ``)`` at the right. Read in each other's
    place, the pair gives the text as written.

    >>> _pair_brackets([("(Jane Doe)", [9, 1, 2, 3, 4, 5, 6, 7, 8, 0], [True] + [False] * 8 + [True])])[0][1]
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    """
    ranks = [list(ranks) for _, ranks, _ in order]
    mirrored = sorted((ranks[at][index], at, index, _MIRRORED[text[index]]) for at, (text, _, odds) in enumerate(order)
                      for index, odd in enumerate(odds) if odd and text[index] in _MIRRORED)
    opened: list[tuple[int, int, str]] = []
    for _, at, index, character in mirrored:  # the pairs of rule BD16, in reading order
        if character in _BRACKETS:
            opened.append((at, index, character))
        elif any(_BRACKETS[opening] == character for _, _, opening in opened):
            while _BRACKETS[opened[-1][2]] != character:
                opened.pop()
            other, place, _ = opened.pop()
            ranks[other][place], ranks[at][index] = ranks[at][index], ranks[other][place]
    return [(text, new, odds) for (text, _, odds), new in zip(order, ranks)]


def read_direction(text: str) -> str:
    """How pypdf's text extraction takes the text of one glyph: ``R``, ``L`` or ``N`` (neutral,
    also every glyph of several characters, a ligature), by the ranges of pypdf 7 (pypdf/_utils.py)::

        >>> [read_direction(text) for text in ("ש", "a", "۱", " ", "«", "لا")]
        ['R', 'L', 'N', 'N', 'L', 'N']
    """
    if len(text) != 1 or _READ_NEUTRAL.match(text):
        return "N"
    return "R" if _READ_RIGHT_TO_LEFT.match(text) else "L"


def reading_runs(glyphs: list[tuple[str, str, bool]]) -> list[tuple[int, int]]:
    """The glyphs of a line, in reading order, cut into runs ``(start, end)`` that pypdf reads
    back in reading order when each is written after a ``Tf`` and the runs one after another.

    A glyph is ``(set, read, joins)``: the direction it is set in (``L``, ``R``), the one pypdf
    reads it in (:func:`read_direction`), and whether it can share a run with the glyph before it
    (the next in its direction on the line, in the same font subset). A run is written in its
    set direction, left to right on the page. The direction pypdf reads in is unknown at the start.

    >>> reading_runs([("L", "N", False), ("L", "N", True)])       # two digits, read as neutrals: apart
    [(0, 1), (1, 2)]
    >>> reading_runs([("R", "R", False), ("R", "N", True), ("L", "L", False), ("L", "L", True)])
    [(0, 1), (1, 2), (2, 4)]
    """
    runs: list[tuple[int, int]] = []
    reading = ""
    index = 0
    while index < len(glyphs):
        direction, read, _ = glyphs[index]
        end = index + 1
        if read not in (direction, "N"):  # e.g. a « between Persian words: alone
            runs.append((index, end))
            reading, index = read, end
            continue
        while end < len(glyphs) and glyphs[end][2] and glyphs[end][0] == direction and glyphs[end][1] in (direction, "N"):
            end += 1
        strong = [at for at in range(index, end) if glyphs[at][1] == direction]
        if reading == direction:
            runs.append((index, end))
        elif not strong:  # neutrals pypdf would read the other way round
            runs.extend((at, at + 1) for at in range(index, end))
        elif direction == "L":  # the run starts with its first letter, the neutrals before go one by one
            runs.extend((at, at + 1) for at in range(index, strong[0]))
            runs.append((strong[0], end))
        else:  # written from its last letter on, and the neutrals after it in a run of their own
            runs.append((index, strong[-1] + 1))
            if strong[-1] + 1 < end:
                runs.append((strong[-1] + 1, end))
        if strong:
            reading = direction
        index = end
    return runs


@dataclass
class _Drawn:
    """A text reportlab drew on a line, held back: where, in which font and colour."""

    text: str
    font: str
    size: float
    colour: Any
    x: float
    line_x: float


@cache
def _reading_text_class() -> type:
    """:class:`ReadingText`, built on reportlab's text object on first use."""
    from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
    from reportlab.pdfgen.textobject import PDFTextObject

    class ReadingText(PDFTextObject):
        """The text object of a :class:`TextBlock` whose lines are reordered.

        reportlab draws a line frag by frag in display order (links, colours and the rest
        as usual); the text of each frag is held back until the line ends (``T*``) and then
        written in runs in reading order (:func:`reading_runs`), each moved to its place.
        ``orders`` has the :data:`Order` of every line, or ``None`` for one drawn as it is.
        """

        def __init__(self, canvas: Any, x: float, y: float, orders: list[Order | None]) -> None:
            super().__init__(canvas, x, y)
            self._orders, self._line, self._held = orders, 0, []

        def _textOut(self, text: str, TStar: int = 0) -> None:
            order = self._orders[self._line] if self._line < len(self._orders) else None
            if order is None:
                super()._textOut(text, TStar)
            else:
                last = self._held[-1] if self._held else None
                x = last.x + self._width(last.text, last.font, last.size) if last and last.line_x == self._x0 else self._x0
                colour = getattr(getattr(self, "XtraState", None), "textColor", None)
                self._held.append(_Drawn(text, self._fontname, self._fontsize, colour, x, self._x0))
            if TStar:
                if order is not None:
                    self._write_line(order, self._held)
                    self._code.append("T*")
                self._line, self._held = self._line + 1, []

        def _width(self, text: str, font: str, size: float) -> float:
            """How far ``text`` moves the pen: glyph widths and the word spacing (``Tw``) of spaces."""
            spaces = text.count(" ") + text.count("\u00a0")  # reportlab writes both as code 32
            return stringWidth(text, font, size) + getattr(self, "_wordSpace", 0) * spaces

        def _write_line(self, order: Order, held: list[_Drawn]) -> None:
            drawn = [piece for piece in held if piece.text]
            if [piece.text for piece in drawn] == [text for text, _, _ in order]:
                runs = self._runs(drawn, order)
            else:  # not the line planned: as reportlab drew it
                runs = [(at, 0, len(piece.text)) for at, piece in enumerate(drawn)]
            colour = held[-1].colour
            for at, start, end in runs:
                piece = drawn[at]
                self.setXPos(piece.x + self._width(piece.text[:start], piece.font, piece.size) - self._x0)
                self._setFont(piece.font, piece.size)  # so a Tf before every run: pypdf ends its run there
                if piece.colour is not None and piece.colour != colour:
                    self.setFillColor(piece.colour)
                    colour = piece.colour
                self._code.append(self._formatText(piece.text[start:end]))
            # back to the place, font and colour reportlab set last: it measures links and underlines with them
            self.setXPos(held[-1].line_x - self._x0)
            self._setFont(held[-1].font, held[-1].size)
            if colour != held[-1].colour:
                self.setFillColor(held[-1].colour)

        def _runs(self, drawn: list[_Drawn], order: Order) -> list[tuple[int, int, int]]:
            """``(piece, start, end)`` of every run, in the order to write them."""
            glyphs = sorted((rank, at, index, odd) for at, (text, ranks, odds) in enumerate(order)
                            for index, (rank, odd) in enumerate(zip(ranks, odds)))
            marks, before = [], None
            for _, at, index, odd in glyphs:
                font = getFont(drawn[at].font)
                character = drawn[at].text[index]
                # what pypdf reads for the glyph: its ToUnicode text (the source of a shaped glyph)
                source = getattr(font, "_source", {}).get(ord(character)) or character.replace("\u00a0", " ")
                subset = font.splitString(character, self._canvas._doc)[0][0] if font._dynamicFont else 0
                step = -1 if odd else 1
                joins = before is not None and before[:3] == (at, index - step, odd) and before[3] == subset
                marks.append(("R" if odd else "L", read_direction(source), joins))
                before = (at, index, odd, subset)
            runs = []
            for start, end in reading_runs(marks):
                _, at, first, _ = glyphs[start]
                last = glyphs[end - 1][2]
                runs.append((at, min(first, last), max(first, last) + 1))
            return runs

    return ReadingText


# -- text to paragraph markup ------------------------------------------------------------------


@dataclass
class Writer:
    """Turns model text into reportlab paragraph markup for one language."""

    language: str
    rtl: bool
    link_colour: str
    #: Who draws the characters FiraGO lacks: the style's ``fonts.fallback`` chain.
    fonts: Any = field(default_factory=font_chain)

    def text(self, text: str, bold: bool = False, italic: bool = False) -> str:
        """Escaped, XML-safe markup of plain text in logical order, without what draws nothing.

        Right-to-left words stay as they are: :class:`TextBlock` shapes and orders them
        line by line when it draws, so a word may run on across ``<b>``, ``<i>`` or a link.
        """
        from ..text import xml_safe

        return self.fonts.markup(drawable(xml_safe(text)), bold, italic)

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


def make_styles(style: PdfStyle, rtl: bool, actual_text: bool = False, language: str = "") -> dict[str, Any]:
    """Paragraph styles by role name for one text direction.

    Every style carries ``rtl`` (base direction), ``role`` (structure type), ``actual_text``
    (write the source text of reordered paragraphs as ``/ActualText``) and ``language``
    (what right-to-left words are shaped for); see :class:`TextBlock`.
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
        paragraph_style.actual_text = actual_text
        paragraph_style.language = language
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
    """A copy of a paragraph style with ``changes``; ``rtl``, ``role``, ``actual_text`` and ``language``
    carry over unless changed (reportlab's ``clone`` copies only its own attributes)."""
    extra = {key: changes.pop(key, getattr(style, key, None)) for key in ("rtl", "role", "actual_text", "language")}
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
    _keys: int = 0
    _made_styles: dict[tuple[bool, str], dict[str, Any]] = field(default_factory=dict)

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
        return Writer(language, rtl, self.style.colours.link, fonts=font_chain(self.style.fonts.fallback))

    def _styles(self, rtl: bool, language: str = "") -> dict[str, Any]:
        """The paragraph styles of one direction and language, made once per document."""
        key = (rtl, language)
        if key not in self._made_styles:
            self._made_styles[key] = make_styles(self.style, rtl, self.actual_text, language)
        return self._made_styles[key]

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
        styles, write = self._styles(rtl, language), self._writer(language, rtl)
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
                markup = self._writer(article.language, article_rtl).text(contents_title(article.headline))
                self.story.append(line(self._para(markup, entry_style), f"article-{number}", rtl,
                                       entry_style.fontSize))

    def section_title(self, title: str) -> None:
        bundle = self.bundle
        rtl = bundle.text_direction == "rtl"
        self._anchor(title, 0)
        self.story.append(self._para(self._writer(bundle.main_language, rtl).text(title, bold=True),
                                     self._styles(rtl, bundle.main_language)["section"]))

    # -- one article

    def article(self, article: Article, key: str, headline_level: int) -> None:
        rtl = article.text_direction == "rtl"
        styles, write = self._styles(rtl, article.language), self._writer(article.language, rtl)
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


#: About three lines of the contents list: a longer headline is cut there (see ``contents_title``).
CONTENTS_TITLE_CHARACTERS = 240


def contents_title(headline: str, limit: int = CONTENTS_TITLE_CHARACTERS) -> str:
    """A headline as the contents list shows it: whole, or cut after a word near ``limit``
    characters with an ellipsis. A contents line cannot break across pages, so a headline of
    thousands of characters would not fit; the article's own heading shows all of it.

    >>> contents_title("Port Reopens"), contents_title("word " * 100, 22)
    ('Port Reopens', 'word word word word…')
    """
    if len(headline) <= limit:
        return headline
    cut = headline[:limit]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    return (cut[:space] if space > limit // 2 else cut).rstrip() + "…"


def build_story(bundle: Bundle, style: PdfStyle, frame_height: float, actual_text: bool = True) -> list[Any]:
    """The flowables of ``bundle``: masthead and contents for an edition, then every article."""
    return StoryBuilder(bundle, style, frame_height, actual_text).build()

"""Right-to-left text in the PDF: bidirectional levels, lines in display order, glyphs in reading order.

reportlab lays out words left to right and, without the ``rlbidi`` extension, does not
reorder them. :class:`~.flowables.TextBlock` hands every broken paragraph to
:func:`visual_paragraph`, which orders each line for display, character by character
over the whole line, with the levels of the Unicode Bidirectional Algorithm from
python-bidi (:func:`embedding_levels`), so Persian lines read right to left, Latin names
and numbers inside them read forwards, and a word keeps its order across a bold, italic
or link boundary. Right-to-left pieces are shaped with HarfBuzz as they are drawn
(:func:`right_to_left`), every glyph reading back as one character of the text
(:mod:`.fonts`). The glyphs of such a line are written in reading order, each run at its
place (:class:`ReadingText`), so a reader that goes by the order of the page content
(pypdf) gets the words in order; one that goes by their places (poppler, MuPDF) does too,
on a page that says its direction (:func:`mark_page_direction`), poppler with an invisible
right-to-left mark between two numbers of a right-to-left line (:func:`number_marks`). Its
rule for a left-to-right line reads a number inside right-to-left words before them, and no
PDF can change that: the glyphs in display order (Chromium, LibreOffice) read back the same.

This module is the whole bidi pass: replacing it replaces how lines are ordered.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from itertools import accumulate
from dataclasses import dataclass
from typing import Any, Callable

from bidi.mirror import MIRRORED
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen.textobject import PDFTextObject

from .breaking import is_text, line_texts
from .fonts import FONT, HYPHEN_MARK, JOIN_MARK, NO_GLYPH, base_text

__all__ = [
    "Order",
    "ReadingText",
    "drawable",
    "embedding_levels",
    "has_rtl",
    "letter_runs",
    "mark_page_direction",
    "line_levels",
    "marked",
    "measured_as_drawn",
    "mirrored",
    "note_reading_direction",
    "number_marks",
    "read_direction",
    "reading_runs",
    "reads_right_to_left",
    "right_to_left",
    "start_page_count",
    "visual_order",
    "visual_paragraph",
]

# -- right-to-left text ------------------------------------------------------------------------
#
# Paragraph markup holds text in logical order; reportlab measures and breaks it into
# lines (:class:`~.flowables.TextBlock` measures right-to-left words as they will be drawn), and each
# line is put in display order when it is drawn: levels by the Unicode bidirectional
# algorithm over the characters of the whole paragraph (python-bidi; rules L1, L2 and L4
# here, line by line), frags cut
# where the level changes, right-to-left pieces shaped by HarfBuzz and mirrored.

_RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
#: Characters a page shows as nothing, which reportlab would draw as a box (DEL, the C1
#: controls) or take for a word space (U+200B, when the paragraph holds a U+00A0). NEL
#: (U+0085) ends a line: it is drawn as the space every other line end becomes.
_UNDRAWN = re.compile("[\u007f-\u0084\u0086-\u009f\u200b]")
#: Characters that rule L1 resets with the whitespace at the end of a line: marks of no
#: width, joiners and other invisible format characters, explicit embeddings and isolates.
_FOLLOWERS = frozenset({"NSM", "BN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"})


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
    """The Unicode bidirectional type; the layout's own break marks are neutral. A private-use
    character of the text is left to right, as Unicode says.

    >>> _bidi_type(HYPHEN_MARK), _bidi_type("\ue000"), _bidi_type("\U000f0000"), _bidi_type("۱")
    ('ON', 'L', 'L', 'EN')
    """
    if character in (HYPHEN_MARK, JOIN_MARK):
        return "ON"
    return unicodedata.bidirectional(character) or "L"


#: A level in the analysis python-bidi prints (``Level(\n 1,\n)``).
_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")
#: The layout's own break marks (noncharacters, ignored by the algorithm) stand in as this neutral.
_MARKS = re.compile(f"[{HYPHEN_MARK}{JOIN_MARK}]")


def embedding_levels(text: str, rtl: bool) -> list[int]:
    """The level of every character of a paragraph by the Unicode Bidirectional Algorithm
    (UAX #9: explicit embeddings and isolates, weak and neutral types, bracket pairs),
    as python-bidi's Rust ``unicode-bidi`` resolves it. Even levels are drawn left to
    right, odd levels right to left.

    >>> embedding_levels("ab אב 12", rtl=False)
    [0, 0, 0, 1, 1, 1, 2, 2]
    >>> embedding_levels("سلام iPhone\u200cها", rtl=True)
    [1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 1, 1]

    python-bidi's public functions give a paragraph's display string, not its levels; a
    line here is made of frags of several fonts, links and colours that must move with
    their characters, so the levels are read from the analysis ``get_display`` returns
    with ``debug=True`` (one level per UTF-8 byte), and :func:`line_levels` and
    :func:`visual_order` apply rules L1 and L2 line by line.

    One addition: spaces and plus or minus signs between two numbers join them into one
    group read left to right (:func:`_join_numbers`).
    """
    from bidi import get_display

    probe = _MARKS.sub("!", text)
    analysis = get_display(probe, base_dir="R" if rtl else "L", debug=True)
    start, end = analysis.find("levels: ["), analysis.find("paragraphs: [")
    by_byte = _LEVEL.findall(analysis, start, end)
    encoded = probe.encode("utf-8")
    if start < 0 or end < 0 or len(encoded) != len(by_byte):
        raise RuntimeError("python-bidi's analysis has a form this layout does not know; it needs python-bidi 0.6")
    # a character's level is that of its first byte, the one that is not a continuation byte (10xxxxxx)
    levels = [int(level) for level, byte in zip(by_byte, encoded) if byte & 0xC0 != 0x80]
    return _join_numbers(probe, levels)


def _join_numbers(text: str, levels: list[int]) -> list[int]:
    """``levels`` with the spaces and plus or minus signs between two numbers of one level
    raised to it, so ``2026-03-10 09:00 +0330`` or ``+7 727 000 00 00`` after Persian words
    reads as written: the algorithm itself sets the numbers right to left one after another.

    >>> _join_numbers("12 34", [2, 2, 1, 2, 2])
    [2, 2, 2, 2, 2]
    """
    levels = list(levels)
    for match in re.finditer(r"[ +\-\u2212]+", text):
        start, end = match.span()
        if 0 < start and end < len(text) and _bidi_type(text[start - 1]) in ("EN", "AN") \
                and _bidi_type(text[end]) in ("EN", "AN") and levels[start - 1] == levels[end] > levels[start]:
            levels[start:end] = [levels[end]] * (end - start)
    return levels


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


def right_to_left(text: str, start: int, end: int, font: Any, language: str,
                  marks: dict[int, str] | None = None) -> str:
    """``text[start:end]``, part of a right-to-left run, as drawn from left to right.

    Letters are shaped by the font (``text`` around them decides their joining forms),
    other characters mirrored (rule L4), and the whole is reversed::

        >>> right_to_left("(abc)", 0, 5, font=None, language="")
        '(cba)'

    The characters at the indices of ``marks`` (:func:`number_marks`) read back as the text
    given there (:func:`marked`).
    """
    parts: list[str] = []
    marks = marks or {}
    for first, stop, letters in letter_runs(text, start, end):
        if letters and hasattr(font, "shape"):
            parts.append(font.shape(text, True, language, first, stop))
        else:
            parts.extend(marked(text[index], font, marks[index]) if index in marks else mirrored(text[index], font)
                         for index in range(first, stop))
    return "".join(reversed(parts))


def number_marks(text: str, levels: list[int], rtl: bool, font_at: Callable[[int], Any]) -> dict[int, str]:
    """Where a line of a right-to-left paragraph needs a right-to-left mark for poppler: between
    two runs read left to right (numbers, Latin words) that have nothing right to left between
    them, on a character between them (a punctuation mark, else a space), or else on the first
    character of the run before, whichever ``font_at`` (the font of an index) can mark
    (:func:`marked`); and a left-to-right mark after a run read left to right that ends in
    a character poppler counts for neither direction (a combining accent, a letter past
    U+FFFF). The marks go by index, with the text the glyph there reads back as::

        >>> levels = embedding_levels("قیمت ۱۲ (2026) تومان", rtl=True)
        >>> number_marks("قیمت ۱۲ (2026) تومان", levels, True, lambda index: _AnyGlyph())
        {8: '\u200f('}

    poppler's ``pdftotext`` (``reorderText`` in ``TextOutputDev.cc``) reads a right-to-left
    line in display order from the right, in sections: it reverses a section of right-to-left
    letters and the neutrals after it, and reads forwards a section that starts at a
    left-to-right letter or a number character (a digit, or ``. , : / + -`` and the like) and
    runs on, across spaces and punctuation, up to the next right-to-left letter; an accent at
    the end of such a section would go with the right-to-left letters beside it. Two numbers
    with only punctuation between them (``۱۲ (2026)``, ``10:30، ۱۳۹۶/۱۰/۲۶``) or a Latin word and
    a number apart are therefore one section to it, read left to right, where the
    bidirectional algorithm sets them one after the other from the right; Chromium's PDF of
    the same text (its glyphs in display order, and nothing more) reads back in that wrong
    order. The mark (U+200F, a right-to-left letter to poppler, nothing to the eye or to
    :func:`~exporters.text.letters`) ends the section where the algorithm ends the run.

    Nothing is marked in a left-to-right paragraph: poppler reads the sections of such a line
    from the left, every number forwards, and no mark can set a number inside right-to-left
    words after them (README, "Persian in PDF").
    """
    if not rtl:
        return {}
    marks: dict[int, str] = {}
    for at, character in enumerate(text):
        if levels[at] % 2 == 0 < levels[at] and (at + 1 == len(text) or levels[at + 1] < levels[at]) \
                and (character > "\uffff" or _bidi_type(character) not in _POPPLER_STRONG) \
                and unicodedata.category(character)[0] in "LMN" and _carries_mark(character, font_at(at)):
            marks[at] = character + "\u200e"
    index = 0
    while index < len(text):
        if levels[index] % 2 == 0 or index == 0 or levels[index - 1] % 2:
            index += 1
            continue
        end = index
        while end < len(text) and levels[end] % 2 and levels[end] <= levels[index]:
            end += 1
        if end < len(text) and levels[end] > levels[index] \
                and not any(_bidi_type(text[at]) in ("R", "AL") for at in range(index, end)):
            first = index - 1  # of the run before, which the eye meets next to these characters
            while first > 0 and levels[first - 1] > levels[index]:
                first -= 1
            places = sorted(range(index, end), key=lambda at: text[at].isspace())  # poppler ends a word at a space
            if _bidi_type(text[first]) in ("L", "EN", "AN"):
                places.append(first)
            for at in places:
                if at not in marks and _carries_mark(text[at], font_at(at)):
                    marks[at] = "\u200f" + text[at]
                    break
        index = end
    return marks


class _EveryCode:
    """A character map that has every character, for :class:`_AnyGlyph`."""

    def __contains__(self, code: object) -> bool:
        return True


class _EveryGlyphFace:
    """A font face whose ``charToGlyph`` has every character, for :class:`_AnyGlyph`."""

    charToGlyph = _EveryCode()


class _AnyGlyph:
    """A stand-in font with every glyph, for the examples."""

    face = _EveryGlyphFace()

    def drawn_as(self, character: str, text: str) -> str:
        return text


def _carries_mark(character: str, font: Any) -> bool:
    """Whether ``font`` can draw ``character`` (mirrored) as a glyph that reads back as more text."""
    return hasattr(font, "drawn_as") and ord(MIRRORED.get(character, character)) in font.face.charToGlyph


#: The bidirectional types poppler counts for a direction, as left to right or as a number.
_POPPLER_STRONG = frozenset({"L", "EN", "AN", "ES", "ET", "CS", "R", "AL"})


def marked(character: str, font: Any, text: str) -> str:
    """``character`` as drawn (mirrored when it has a mirror image, :func:`mirrored`: only
    neutrals of a right-to-left run are marked, and the letters, digits and accents that start
    or end a run), reading back as ``text``, the character with a direction mark beside it
    (:func:`number_marks`): the same glyph, the same width, one more character in its
    ``ToUnicode`` text, placed as poppler spreads them over the glyph. A font that cannot map
    a glyph to text of its own (a fallback font) draws it unmarked::

        >>> marked("(", None, "\u200f(")
        ')'
    """
    if not _carries_mark(character, font):
        return mirrored(character, font)
    return font.drawn_as(MIRRORED.get(character, character), text)


def mirrored(character: str, font: Any) -> str:
    """``character`` as drawn in a right-to-left run (rule L4): the glyph of its mirror image
    (``(`` for ``)``, python-bidi's table) when the font has one, reading back as ``character``
    itself, so a reader gets the text as written::

        >>> mirrored("a", None), mirrored(")", None)
        ('a', '(')

    The empty box of :data:`~.fonts.NO_GLYPH` is its own mirror image: a character no font has
    stays itself (that font gains characters as documents need them, so asking it would make
    the answer depend on what the process drew before).
    """
    mirror = MIRRORED.get(character)
    if mirror is None:
        return character
    if hasattr(font, "drawn_as"):
        return font.drawn_as(mirror, character)
    if font is None:
        return mirror
    if font.fontName == NO_GLYPH:
        return character
    return mirror if ord(mirror) in font.face.charToGlyph else character


def _visual_frags(frags: list[Any], levels: list[int], language: str,
                  rtl: bool) -> tuple[list[Any], Order | None]:
    """The frags of one line in display order, cut where the level changes and joined again by
    style, and their :data:`Order` (``None`` when the line holds a frag without text).

    ``levels`` has one level per character of the line's text (its text frags, joined).
    Frags without text (a line break) go at the end.
    """
    line = "".join(getattr(frag, "text", "") for frag in frags if is_text(frag))
    pieces: list[tuple[Any, int, int]] = []
    others, offset = [], 0
    for frag in frags:
        if not is_text(frag):
            others.append(frag)
            continue
        for start, end in _level_spans(levels, offset, offset + len(frag.text)):
            pieces.append((frag, start, end))
        offset += len(frag.text)
    drawn, rank = [], 0
    fonts = [getFont(frag.fontName) for frag, start, end in pieces for _ in range(start, end)]
    marks = number_marks(line, levels, rtl, fonts.__getitem__)
    for frag, start, end in pieces:  # in reading order: each glyph gets its place in it
        odd = levels[start] % 2
        font = getFont(frag.fontName)
        text = right_to_left(line, start, end, font, language, marks) if odd \
            else "".join(marked(line[at], font, marks[at]) if at in marks else line[at] for at in range(start, end))
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


def measured_as_drawn(words: list[Any], language: str,
                      known: dict[tuple[Any, ...], float | None] | None = None) -> list[Any]:
    """reportlab's frag words (``[width, (frag, text), ...]``) with right-to-left letters
    measured shaped, as :func:`right_to_left` draws them (joining forms and ligatures are
    narrower than the letters alone).

    ``known`` keeps what each piece of a word adds to its width, by everything that decides
    it (font, size, the word's text, where the piece is in it, language), so a word that comes
    again is shaped once; the layout keeps one per document (:class:`~.flowables.TextBlock`).
    """
    known = {} if known is None else known
    for word in words:
        pieces = [(frag, text) for frag, text in word[1:] if is_text(frag)]
        context = "".join(text for _, text in pieces)
        offset = 0
        for frag, text in pieces:
            key = (frag.fontName, frag.fontSize, context, offset, len(text), language)
            if key not in known:
                known[key] = _shaped_extra(context, offset, offset + len(text), frag.fontName, frag.fontSize, language)
            if known[key] is not None:
                word[0] += known[key]
            offset += len(text)
    return words


def _shaped_extra(context: str, start: int, end: int, name: str, size: float, language: str) -> float | None:
    """How much wider ``context[start:end]`` is shaped in font ``name`` than its letters alone,
    ``None`` when nothing in it is shaped."""
    text, font = context[start:end], getFont(name)
    if not (has_rtl(text) and hasattr(font, "shape")):
        return None
    drawn = "".join(font.shape(context, True, language, first, stop) if letters else context[first:stop]
                    for first, stop, letters in letter_runs(context, start, end))
    return stringWidth(drawn, name, size) - stringWidth(text, name, size)


def visual_paragraph(para: Any, rtl: bool, language: str,
                     after_rtl: bool = False) -> tuple[Any, list[Order | None] | None]:
    """The broken paragraph with every line in display order, and the :data:`Order` of
    every line reportlab draws (``None`` when nothing is reordered).

    Levels come from the text of all its lines, so a line that starts with a number or a
    neutral resolves it by what came before, as in one unbroken paragraph. A left-to-right
    paragraph gets orders too when it comes ``after_rtl`` (:func:`reads_right_to_left`), so
    that :class:`ReadingText` writes the punctuation a line starts with apart.
    """
    texts = line_texts(para)
    if not rtl and not after_rtl and not any(has_rtl(text) for text in texts):
        return para, None
    levels = embedding_levels(" ".join(texts), rtl)
    lines, orders, offset = [], [], 0
    for line, text in zip(para.lines, texts):
        own = line_levels(text, levels[offset:offset + len(text)], rtl)
        offset += len(text) + 1
        if para.kind == 0:  # one font, no right-to-left letters (TextBlock.breakLines): mirror and reorder
            font = getFont(para.fontName)
            marks = number_marks(text, own, rtl, lambda index: font)
            characters = [marked(character, font, marks[index]) if index in marks
                          else mirrored(character, font) if level % 2 else character
                          for index, (character, level) in enumerate(zip(text, own))]
            ranks = visual_order(list(range(len(text))), own)
            lines.append((line[0], "".join(characters[rank] for rank in ranks).split(" ")))
            orders.append([(" ".join(lines[-1][1]), ranks, [bool(own[rank] % 2) for rank in ranks])])
        else:
            words, order = _visual_frags(list(line.words), own, language, rtl)
            lines.append(line.clone(words=words))
            if words:  # reportlab ends every line it draws with T*, and draws nothing for an empty one
                orders.append(order)
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


def read_direction(text: str) -> str:
    """How pypdf's text extraction takes the text of one glyph: ``R``, ``L`` or ``N`` (neutral,
    also every glyph of several characters, a ligature), by the ranges of pypdf 7 (pypdf/_utils.py)::

        >>> [read_direction(text) for text in ("ש", "a", "۱", " ", "«", "لا")]
        ['R', 'L', 'N', 'N', 'L', 'N']
    """
    if len(text) != 1 or _READ_NEUTRAL.match(text):
        return "N"
    return "R" if _READ_RIGHT_TO_LEFT.match(text) else "L"


def reading_runs(glyphs: list[tuple[str, str, bool, bool]]) -> list[tuple[int, int]]:
    """The glyphs of a line, in reading order, cut into runs ``(start, end)`` that pypdf reads
    back in reading order when each is written after a ``Tf`` and the runs one after another.

    A glyph is ``(set, read, joins, alone)``: the direction it is set in (``L``, ``R``), the one
    pypdf reads it in (:func:`read_direction`), whether it can share a run with the glyph before
    it (the next in its direction on the line, in the same font subset), and whether poppler
    keeps it when it comes on its own. A run is written left to right on the page. When poppler
    keeps every glyph set right to left, those are written a glyph at a time, in reading order,
    so that a reader that takes the glyphs as they come (poppler's structure text, ``pdfinfo
    -struct-text``) gets the words as written. A glyph of no width comes just left of its place
    (:data:`_NUDGE`), or ``pdftotext`` would end the line at it; but one of no width that reads
    as the glyph before it (the second lam of a ligature, carried on an empty glyph) is a
    duplicate to poppler, which drops it, so a line with one keeps its runs whole. The
    direction pypdf reads in is unknown at the start.

    >>> reading_runs([("L", "N", False, True), ("L", "N", True, True)])     # two digits, read as neutrals: apart
    [(0, 1), (1, 2)]
    >>> reading_runs([("R", "R", False, True), ("R", "R", True, True), ("L", "L", False, True)])
    [(0, 1), (1, 2), (2, 3)]
    >>> reading_runs([("R", "R", False, True), ("R", "R", True, False), ("L", "L", False, True)])
    [(0, 2), (2, 3)]
    """
    one_by_one = all(alone for direction, _, _, alone in glyphs if direction == "R")
    runs: list[tuple[int, int]] = []
    reading = ""
    index = 0
    while index < len(glyphs):
        direction, read, _, _ = glyphs[index]
        end = index + 1
        if read not in (direction, "N"):  # e.g. a « between Persian words: alone
            runs.append((index, end))
            reading, index = read, end
            continue
        while end < len(glyphs) and glyphs[end][2] and glyphs[end][0] == direction and glyphs[end][1] in (direction, "N"):
            end += 1
        strong = [at for at in range(index, end) if glyphs[at][1] == direction]
        if direction == "R" and one_by_one:
            runs.extend((at, at + 1) for at in range(index, end))
        elif reading == direction:
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


def reads_right_to_left(canvas: Any) -> bool:
    """Whether pypdf, having read the page so far, takes the punctuation that comes next for
    right-to-left text: it keeps the direction of the last letter it read, across text objects,
    so the ``— (`` that starts an English line after a Persian one would come back ``( —``."""
    return bool(getattr(canvas, "_reads_right_to_left", False))


def note_reading_direction(canvas: Any, lines: list[str], rtl: bool) -> None:
    """Remember on ``canvas`` what readers make of these lines of a paragraph (in reading order,
    ``rtl`` its base direction): the direction pypdf reads in after them, that of the last
    character it gives a direction (:func:`read_direction`); and the letters of each direction
    on the page, for :func:`mark_page_direction`, counted as poppler counts them: its table of
    directions stops at U+FFFF, so a flag's regional indicators or a letter of another plane
    count for neither direction."""
    left = right = 0
    for character, number in Counter("".join(lines)).items():  # each character looked up once, however often
        kind = unicodedata.bidirectional(character) if character <= "\uffff" else "ON"
        if kind == "L":
            left += number
        elif kind in ("R", "AL"):
            right += number
    canvas._letters_left_minus_right = getattr(canvas, "_letters_left_minus_right", 0) + left - right
    canvas._base_left_minus_right = getattr(canvas, "_base_left_minus_right", 0) + (left + right) * (-1 if rtl else 1)
    for line in reversed(lines):
        for character in reversed(line):
            direction = read_direction(character)
            if direction != "N":
                canvas._reads_right_to_left = direction == "R"
                return


def mark_page_direction(canvas: Any, x: float, y: float) -> None:
    """Make poppler read the page in the direction of its paragraphs, with right-to-left (or
    left-to-right) marks of no width at ``x, y``, an artifact.

    poppler's ``pdftotext`` orders every line of a page by one direction, the one of the
    page's letters that are more (it counts them, ``TextPage::coalesce``): a Persian article
    with many Latin names or links would be read left to right, its lines back to front.
    U+200F RIGHT-TO-LEFT MARK (U+200E for left to right) is the Unicode character that says
    a direction and shows nothing; poppler counts it as a letter of its direction, and every
    other reader drops it with the other invisible characters. The marks go on one empty glyph
    (:meth:`~.fonts.ShapingFont.carrier`): poppler keeps every character of a glyph, where it
    would take marks drawn one by one at one place for a single one drawn over and over.
    Nothing is added where the letters already agree with the paragraphs (most pages).
    Called once per page, last.
    """
    letters = getattr(canvas, "_letters_left_minus_right", 0)
    wanted = getattr(canvas, "_base_left_minus_right", 0)
    if (letters >= 0) == (wanted >= 0):
        return
    mark, font = "\u200e" if wanted >= 0 else "\u200f", getFont(FONT)
    groups: list[list[str]] = []
    left = abs(letters) + 1
    while left > 0:  # every glyph of a group carries another number of marks: poppler keeps one of two
        size = _MARKS_PER_GLYPH - len(groups[-1]) if groups and len(groups[-1]) < _MARKS_PER_GLYPH else 0
        if not size:  # equal words in one place; a new group goes half a point further on
            groups.append([])
            size = _MARKS_PER_GLYPH
        groups[-1].append(font.carrier(mark * min(size, left)))
        left -= size
    canvas.saveState()
    canvas.addLiteral("/Artifact BMC")
    canvas.setFont(FONT, 1)
    for number, group in enumerate(groups):
        canvas.drawString(x + number / 2, y, "".join(group))
    canvas.addLiteral("EMC")
    canvas.restoreState()


#: The most marks one glyph of :func:`mark_page_direction` carries: poppler skips a ``ToUnicode``
#: entry of 64 UTF-16 characters or more (its tokens hold 256 hex digits), pypdf one of 256 or more.
_MARKS_PER_GLYPH = 60


def start_page_count(canvas: Any) -> None:
    """Start the letter counts of :func:`mark_page_direction` for a new page."""
    canvas._letters_left_minus_right = canvas._base_left_minus_right = 0


#: How far left of its place a glyph of no width written on its own goes (points): where it would
#: start just where the glyph to its right does, poppler could put it after that glyph, take it
#: for one that overlaps the glyph before it, and end the line there.
_NUDGE = 0.01
#: The characters reportlab writes as code 32, which the word spacing (``Tw``) widens.
_WORD_SPACES = frozenset(" \u00a0")
#: The widest (in points at size 1) a glyph that draws nothing may be: a carrier takes a sliver.
_SLIVER_WIDTH = 0.05


@dataclass
class _Drawn:
    """A text reportlab drew on a line, held back: where, in which font and colour."""

    text: str
    font: str
    size: float
    colour: Any
    x: float
    line_x: float


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
        starts: dict[int, list[float]] = {}  # where each glyph of a piece starts, from the piece's start
        code, known, leading = self._code, self._operators(), self._leading
        for at, start, end in runs:
            piece = drawn[at]
            begins = starts.get(at)
            if begins is None:
                begins = starts[at] = [0.0, *accumulate(self._glyph_widths(piece))]
            nudge = _NUDGE if begins[end] == begins[start] else 0.0  # a run of no width
            self.moveCursor(piece.x + begins[start] - nudge - self._x0, 0)
            if piece.colour is not None and piece.colour is not colour and piece.colour != colour:
                self.setFillColor(piece.colour)
                colour = piece.colour
            text = piece.text[start:end]
            code.append(known.get((piece.font, piece.size, leading, text))
                        or self._run_operators(piece.font, piece.size, text))
        # back to the place, font and colour reportlab set last: it measures links and underlines with them
        self.setXPos(held[-1].line_x - self._x0)
        self._setFont(held[-1].font, held[-1].size)
        if colour != held[-1].colour:
            self.setFillColor(held[-1].colour)

    def _glyph_widths(self, piece: _Drawn) -> list[float]:
        """How far each glyph of ``piece`` moves the pen (:meth:`_width` of each character), each
        width measured once per document for its font and size (the canvas keeps them)."""
        canvas = self._canvas
        if not hasattr(canvas, "_glyph_widths"):
            canvas._glyph_widths = {}
        known, font, size = canvas._glyph_widths, piece.font, piece.size
        spacing = getattr(self, "_wordSpace", 0)
        widths = []
        for character in piece.text:
            width = known.get((character, font, size))
            if width is None:
                width = known[(character, font, size)] = stringWidth(character, font, size)
            widths.append(width + spacing if character in _WORD_SPACES else width)
        return widths

    def _run_operators(self, font: str, size: float, text: str) -> str:
        """The operators reportlab writes for ``text`` after ``_setFont(font, size)``: a ``Tf``
        before every run, where pypdf ends its run, then the text shown in its font subsets.

        reportlab's ``_formatText`` cuts the text into subsets on every call; for a font it
        subsets (every font here), the code of a character is fixed the first time a document
        uses it, and ``_setFont`` starts every run from no subset, so the same text in the same
        font, size and leading always comes out as the same operators in one document. They are
        worked out by reportlab the first time and kept on the canvas, which is the document's
        (:meth:`_operators`): nothing is carried from one document to the next. A line found
        there leaves the font state as it was; :meth:`_write_line` sets the font at its end.
        """
        self._setFont(font, size)
        operators = self._formatText(text)
        if getFont(font)._dynamicFont:  # a font reportlab does not subset is written as it comes
            self._operators()[(font, size, self._leading, text)] = operators
        return operators

    def _operators(self) -> dict[tuple[str, float, float, str], str]:
        """What :meth:`_run_operators` worked out so far in this document."""
        canvas = self._canvas
        if not hasattr(canvas, "_run_operators"):
            canvas._run_operators = {}
        return canvas._run_operators

    def _glyph(self, name: str, character: str) -> tuple[str, int, bool, str]:
        """How pypdf reads the glyph of ``character`` in font ``name`` (:func:`read_direction` of
        its ``ToUnicode`` text, the source of a shaped glyph), the font subset that holds it,
        whether it moves the pen more than a sliver (:data:`_SLIVER_WIDTH`) and its text; found
        once per document (the canvas keeps them), as the subset a character joins is fixed the
        first time the document uses it."""
        known = self._glyphs_read()
        key = (name, character)
        if key not in known:
            font = getFont(name)
            source = base_text(ord(character), getattr(font, "_source", {})).replace("\u00a0", " ")
            subset = font.splitString(character, self._canvas._doc)[0][0] if font._dynamicFont else 0
            known[key] = (read_direction(source), subset, stringWidth(character, name, 1) > _SLIVER_WIDTH, source)
        return known[key]

    def _glyphs_read(self) -> dict[tuple[str, str], tuple[str, int, bool, str]]:
        """What :meth:`_glyph` found so far in this document, by font and character."""
        canvas = self._canvas
        if not hasattr(canvas, "_glyphs_read"):
            canvas._glyphs_read = {}
        return canvas._glyphs_read

    def _runs(self, drawn: list[_Drawn], order: Order) -> list[tuple[int, int, int]]:
        """``(piece, start, end)`` of every run, in the order to write them."""
        glyphs = sorted((rank, at, index, odd) for at, (text, ranks, odds) in enumerate(order)
                        for index, (rank, odd) in enumerate(zip(ranks, odds)))
        marks, before, previous = [], None, ""
        known = self._glyphs_read()
        for _, at, index, odd in glyphs:
            piece = drawn[at]
            found = known.get((piece.font, piece.text[index]))  # most glyphs: found before
            read, subset, wide, source = found or self._glyph(piece.font, piece.text[index])
            if len(source) > 1:  # a direction mark :func:`number_marks` added counts for poppler's page direction
                self._canvas._letters_left_minus_right = getattr(self._canvas, "_letters_left_minus_right", 0) \
                    + source.count("\u200e") - source.count("\u200f")
            step = -1 if odd else 1
            joins = before == (at, index - step, odd, subset)
            alone = wide or source != previous
            marks.append(("R" if odd else "L", read, joins, alone))
            before, previous = (at, index, odd, subset), source
        runs = []
        for start, end in reading_runs(marks):
            _, at, first, _ = glyphs[start]
            last = glyphs[end - 1][2]
            runs.append((at, min(first, last), max(first, last) + 1))
        return runs

"""Words longer than a line: where reportlab cuts them, and the mark that ends the first piece.

A word that does not fit on a line (a URL, a long compound, a run of Chinese) is cut by
reportlab; :func:`keep_long_words` leaves room for a hyphen, :func:`mark_broken_words`
ends the first piece with a mark that reads back as a soft hyphen, and
:func:`carry_broken_word` carries that across a page break. Also here: the text of the
lines of a broken paragraph (:func:`line_texts`, :func:`joined_lines`).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from typing import Any

from .fonts import FONT, HYPHEN_MARK, JOIN_MARK

__all__ = ["SHY", "carry_broken_word", "is_text", "joined_lines", "keep_long_words", "line_texts", "mark_broken_words"]

SHY = "\u00ad"
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
    ends = _broken_line_ends(_source_text(paragraph.frags), line_texts(para))
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
        ends = _broken_line_ends(_source_text(paragraph.frags), line_texts(paragraph.blPara))
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
                parts[-1] = parts[-1][:-1] + SHY
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
    {0: (False, '\\uffff')}
    """
    if _whole_words(source, lines):
        return {}
    ends: dict[int, tuple[bool, str]] = {}
    words = _Words(source)
    at = 0
    for index, line in enumerate(lines):
        characters = [char for char in line if not char.isspace()]
        added = False
        for position, char in enumerate(characters):
            start = at
            while at < len(source) and (source[at].isspace() or source[at] == SHY):
                at += 1
            if at < len(source) and source[at] == char:
                at += 1
            elif char == "-" and position == len(characters) - 1 and SHY in source[start:at]:
                added = True  # reportlab's hyphen at a soft hyphen
            else:
                return {}
        following = source[at:].lstrip(SHY)
        if characters and index < len(lines) - 1 and following and not following[0].isspace():
            ends[index] = (added, _mark_for(source, at, words.around(at)))
    return ends


def _whole_words(source: str, lines: list[str]) -> bool:
    """True when every line holds whole words of ``source`` (soft hyphens aside), in order:
    then no line ends inside a word, which is what most paragraphs come to.

    >>> _whole_words("see https://a.org/x", ["see ", "https://a.org/x"])
    True
    >>> _whole_words("see https://a.org/x", ["see https://a.", "org/x"])
    False
    """
    return [word for line in lines for word in line.split()] == source.replace(SHY, "").split()


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
    while start > 0 and source[start - 1] == SHY:
        start -= 1
    while end < len(source) and source[end] == SHY:
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
    index = max((number for number, frag in enumerate(words) if is_text(frag) and frag.text), default=None)
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


def is_text(frag: Any) -> bool:
    return getattr(frag, "text", None) is not None and getattr(frag, "cbDefn", None) is None


def joined_lines(lines: list[str]) -> str:
    """The lines of a paragraph as one text: a space between two lines, a soft hyphen instead
    of the mark that ends a line inside a word (:func:`mark_broken_words`).

    >>> joined_lines(["one two", "thr\\ufffe", "ee "])
    'one two thr\xadee'
    """
    parts = []
    for line in lines:
        line = line.strip()
        parts.append(line[:-1] + SHY if line.endswith((HYPHEN_MARK, JOIN_MARK)) else line + " ")
    return "".join(parts).strip()


def line_texts(para: Any) -> list[str]:
    """The text of every line of a broken paragraph, in logical order."""
    if para.kind == 0:
        return [" ".join(words) for _, words in para.lines]
    return ["".join(frag.text for frag in line.words if is_text(frag)) for line in para.lines]

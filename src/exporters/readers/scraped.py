"""Scraped news pages saved as plain text, like the seed page from RFE/RL.

Such a page is one block per line: page chrome, the headline, the photo caption
(printed twice: once as the image's text, once as its caption), the story with
its subheads, and a footer. The reader finds the parts::

    >>> reading = read_scraped(Path("story.txt").read_bytes(), Path("story.txt"), {"language": "en"})  # doctest: +SKIP
    >>> reading.article.headline, reading.article.dateline.place                                   # doctest: +SKIP
    ('Nazarbaev Thanks Trump For Backing Kazakh Independence', 'WASHINGTON')

What it recognises, line by line (blank lines only separate):

- page chrome at the top or the bottom (``Accessibility links``, ``Breaking News``,
  ``Skip to main content``, ``Share``, ...) and ``Advertisement`` anywhere: dropped;
- the headline: the first line after the chrome;
- a line printed twice in a row: a photo caption, kept once. Before the story it is
  the lead image, later a figure. The photo itself was not captured, so ``src`` is
  empty; a trailing ``Photo: Name`` becomes the credit (the seed has none); the alt
  text is the caption, reported as a guess;
- a dateline (``WASHINGTON --``, ``ALMATY, Jan. 16 --``) at the start of the first
  paragraph: stored as :class:`~exporters.model.Dateline`, and the paragraph keeps
  every other word (``Kazakh President ...``). Exporters print the place before the
  story, so nothing is lost; the dash itself is not kept;
- a subhead: a short line (at most 8 words, 70 characters) without final
  punctuation between paragraphs, starting with a capital or a quote mark:
  a level-2 heading;
- ``ALSO READ: Title`` (and ``Read more:``, ``See also:``): a related link with an
  empty URL, since the text holds no link target;
- ``With reporting by Reuters, AFP, and Interfax``: one credit per name (agencies
  by a list of known agencies; other names are reported guesses), not a paragraph;
- the legal footer: from the first line near the end (after the credit line, or in
  the last four lines) that reads like a legal notice (``undesirable organization``,
  ``foreign agent``, ``If you are in Russia``, ``All rights reserved``, ``©``) to the
  end: one :class:`~exporters.model.Notice` of kind ``legal`` per line, word for
  word (``To find out more, click here.`` has no link target and stays text);
- every other line: a paragraph, word for word.

Facts the text does not hold come from the sidecar and ``--meta`` only: ``id`` is
the file name unless given; ``language`` is ``und`` unless given (never guessed
from the words); ``published``, ``publisher`` and ``url`` are never guessed.
Every decision above is listed in :attr:`Reading.guesses`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..body import Block, Figure, Heading, Paragraph
from ..errors import InputError
from ..media import Image
from ..model import Credit, Dateline, Notice
from . import Reading
from ._blocks import credit_line, finish, plural, related_link, split_credit, split_dateline
from .meta import decode_text

__all__ = ["read_scraped"]

_EDGE_CHROME = frozenset(
    text.casefold()
    for text in (
        "Accessibility links",
        "Skip to main content",
        "Skip to content",
        "Skip to navigation",
        "Breaking News",
        "Toggle navigation",
        "Main menu",
        "Menu",
        "Search",
        "Home",
        "Share",
        "Print",
        "Comments",
        "Sign in",
        "Log in",
        "Subscribe",
        "Close",
        "Advertisement",
        "Back to top",
    )
)
_ANYWHERE_CHROME = frozenset(
    text.casefold() for text in ("Advertisement", "Accessibility links", "Skip to main content")
)
_LEGAL = re.compile(
    r"undesirable organi[sz]ation|foreign agent|if you are in russia|all rights reserved|©|\bcopyright\b",
    re.IGNORECASE,
)
_FINAL_PUNCTUATION = re.compile(r"[.!?:;,…]['\"’”»)\]]*$")
_SUBHEAD_WORDS = 8
_SUBHEAD_CHARS = 70
_FOOTER_REACH = 4


@dataclass
class _Line:
    number: int
    text: str


@dataclass
class _Page:
    """What the reader has found so far."""

    body: list[Block] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    lead_image: Image | None = None
    dateline: Dateline | None = None
    guesses: list[str] = field(default_factory=list)


def read_scraped(data: bytes, path: Path, meta: dict[str, Any]) -> Reading:
    """A scraped plain-text page as an article; see the module docstring for the rules."""
    lines = _lines(decode_text(data, path))
    page = _Page()
    lines = _drop_chrome(lines, page)
    if not lines:
        raise InputError(path, "line 1", "no headline: the page holds nothing but page chrome")
    headline, lines = lines[0], lines[1:]
    page.guesses.insert(0, "headline: the first line after the page chrome")
    lines, footer = _split_footer(lines)
    _read_body(lines, page)
    if footer:
        page.notices = [Notice(text=line.text, kind="legal") for line in footer]
        page.guesses.append(
            f"notices: the closing legal footer (lines {footer[0].number}-{footer[-1].number}) kept as legal notices"
        )
    fields: dict[str, Any] = {
        "id": path.stem,
        "language": "und",
        "headline": headline.text,
        "body": page.body,
        "credits": page.credits,
        "notices": page.notices,
    }
    if page.lead_image:
        fields["lead_image"] = page.lead_image
    if page.dateline:
        fields["dateline"] = page.dateline
    page.guesses.append(f"id: the file name ({path.stem})")
    page.guesses.append(
        "language: not stated in the text; set to und (give it in the sidecar or with --meta language=...)"
    )
    return finish(path, fields, meta, page.guesses)


def _lines(text: str) -> list[_Line]:
    """The non-blank lines, stripped, with their line numbers."""
    return [_Line(number, line.strip()) for number, line in enumerate(text.splitlines(), 1) if line.strip()]


def _drop_chrome(lines: list[_Line], page: _Page) -> list[_Line]:
    """Lines without the page chrome at both ends and the chrome that may stand anywhere."""
    start, end = 0, len(lines)
    while start < end and lines[start].text.casefold() in _EDGE_CHROME:
        start += 1
    while end > start and lines[end - 1].text.casefold() in _EDGE_CHROME:
        end -= 1
    dropped = lines[:start] + lines[end:]
    kept = [line for line in lines[start:end] if line.text.casefold() not in _ANYWHERE_CHROME]
    dropped += [line for line in lines[start:end] if line.text.casefold() in _ANYWHERE_CHROME]
    if dropped:
        names = ", ".join(repr(line.text) for line in sorted(dropped, key=lambda line: line.number))
        page.guesses.append(f"body: page chrome dropped: {names}")
    return kept


def _split_footer(lines: list[_Line]) -> tuple[list[_Line], list[_Line]]:
    """The story lines and the legal footer at the end (possibly empty)."""
    credit_at = max((index for index, line in enumerate(lines) if credit_line(line.text)), default=-1)
    first = max(credit_at + 1, len(lines) - _FOOTER_REACH)
    for index in range(max(first, 0), len(lines)):
        if _LEGAL.search(lines[index].text):
            return lines[:index], lines[index:]
    return lines, []


def _read_body(lines: list[_Line], page: _Page) -> None:
    """Blocks, credits, lead image and dateline from the story lines."""
    index = 0
    while index < len(lines):
        line = lines[index]
        repeated = index + 1 < len(lines) and lines[index + 1].text == line.text
        if repeated:
            _caption(line, page)
            index += 2
            continue
        _story_line(line, lines, index, page)
        index += 1


def _caption(line: _Line, page: _Page) -> None:
    caption, credit = split_credit(line.text)
    image = Image(src="", alt=caption, caption=caption, credit=credit)
    started = any(isinstance(block, Paragraph) for block in page.body)
    if not started and page.lead_image is None:
        page.lead_image = image
        page.guesses.append(
            f"lead_image: line {line.number} is printed twice, taken as the photo caption; the photo was not captured (empty src)"
        )
        page.guesses.append("lead_image.alt: taken from the caption")
    else:
        page.body.append(Figure(image=image))
        where = f"body[{len(page.body) - 1}]"
        page.guesses.append(
            f"{where}: line {line.number} is printed twice, taken as a photo caption; alt text taken from the caption"
        )


def _story_line(line: _Line, lines: list[_Line], index: int, page: _Page) -> None:
    where = f"body[{len(page.body)}]"
    related = related_link(line.text)
    if related:
        page.body.append(related)
        page.guesses.append(f"{where}: {line.text!r} taken as a related link (the text holds no link target)")
        return
    credits = credit_line(line.text)
    if credits:
        page.credits.extend(credits[0])
        page.guesses.append(f"credits: {line.text!r} taken as {plural(len(credits[0]), 'credit')}, not a paragraph")
        page.guesses.extend(credits[1])
        return
    started = any(isinstance(block, Paragraph) for block in page.body)
    if started and index + 1 < len(lines) and _is_subhead(line.text):
        page.body.append(Heading(content=(line.text,), level=2))
        page.guesses.append(f"{where}: the short line {line.text!r} taken as a subhead")
        return
    text = line.text
    if not started and page.dateline is None:
        dateline, text = split_dateline(text)
        if dateline:
            page.dateline = dateline
            page.guesses.append(
                f"dateline: {dateline.place!r} taken from the start of line {line.number}; the paragraph keeps the words after it"
            )
    page.body.append(Paragraph(content=(text,)))


def _is_subhead(text: str) -> bool:
    """Short, no final punctuation, and starting with a capital or a quote mark."""
    if len(text) > _SUBHEAD_CHARS or len(text.split()) > _SUBHEAD_WORDS or _FINAL_PUNCTUATION.search(text):
        return False
    first = next((char for char in text if char.isalpha()), "")
    return bool(first) and not first.islower()

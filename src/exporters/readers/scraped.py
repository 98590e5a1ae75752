"""Scraped news pages saved as plain text, like the seed page from RFE/RL, in any language.

Such a page is one block per line, in an order that does not depend on its
language: page chrome, the headline, the photo caption (printed twice: once as
the image's text, once as its caption), the story with its subheads, the credit
line, and a footer. The reader finds the parts by their place::

    >>> reading = read_scraped(Path("story.txt").read_bytes(), Path("story.txt"), {"language": "en"})  # doctest: +SKIP
    >>> reading.article.headline, reading.article.dateline.place                                   # doctest: +SKIP
    ('Nazarbaev Thanks Trump For Backing Kazakh Independence', 'WASHINGTON')

The rules, line by line (blank lines only separate):

- a line printed twice in a row is a photo caption, kept once. Before the story
  it is the lead image, later a figure. The photo itself was not captured, so
  ``src`` is empty; a trailing ``Photo: Name`` (``Фото:``, ``عکس:``, ...) becomes
  the credit; the alt text is the caption, reported as a guess;
- the headline is the line just above the lead caption. Without a caption near
  the top, it is the line above a dateline paragraph; the short lines above the
  headline (at most six words, no closing full stop) are page chrome, whatever
  their language. When the line above the caption is a sentence ending with a
  full stop, it is the dek (``subheadline``) and the line above it the headline.
  Without either anchor, the first line that is not a known chrome label is the
  headline, and the guess says so;
- a dateline: a place in capitals (in a script without capitals, one to three
  words), optionally a comma and a date, then ``--`` or a dash, at the start of
  the first paragraph: stored as :class:`~exporters.model.Dateline`, and the
  paragraph keeps every other word. Exporters print the place before the story;
- a subhead: a short line (at most 8 words, 70 characters) without final
  punctuation between paragraphs, not starting in lower case: a level-2 heading;
- a teaser, ``LABEL: Title``: a related link with an empty URL, since the text
  holds no link target. The label is a known teaser label, or any label of one
  to four words in capitals before a title without final punctuation (reported);
- the credit line (``With reporting by Reuters, AFP, and Interfax``, ``По
  материалам ...``): one credit per name, not a paragraph;
- the footer, below a credit line among the last lines: every sentence, and every line with a legal
  word (``undesirable organization``, ``нежелательн...``, ``©``), is one
  :class:`~exporters.model.Notice` of kind ``legal``, word for word; short lines
  without a full stop there are page chrome. Without a credit line the footer
  starts at the first line with a legal word among the last four lines, and the
  short lines that close the page are chrome;
- a line equal to a known chrome label (``Advertisement``, ``Реклама``) is
  dropped wherever it stands;
- every other line: a paragraph, word for word.

Labels that only words can tell (teasers, credit lines, photo credits, legal
words, known chrome) come from :mod:`~exporters.page_labels`, one data
file a newsroom extends without code. Facts the text does not hold come from the
sidecar and ``--meta`` only: ``id`` is the file name unless given; ``language``
is ``und`` unless given (the language the text looks like is reported, never
used); ``published``, ``publisher`` and ``url`` are never guessed. Every decision
above is listed in :attr:`Reading.guesses`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..body import Block, Figure, Heading, Paragraph, RelatedLink
from ..errors import InputError
from ..media import Image
from ..model import Credit, Dateline, Notice
from .reading import Reading
from ._blocks import credit_line, finish, in_lower_case, plural, related_link, split_credit, split_dateline
from .meta import decode_text
from ..page_labels import PageLabels, page_labels

__all__ = ["read_scraped"]

_FINAL_PUNCTUATION = re.compile(r"[.!?:;,…。؟؛۔।]['\"’”»)\]]*$")
_DEK_END = re.compile(r"[^.]\.['\"’”»)\]]*$")
_CAPITALS_TEASER = re.compile(r"^(?P<label>[^\W\d_]+(?:[ -][^\W\d_]+){0,3})\s*:\s*(?P<title>\S.*)$", re.DOTALL)
_SUBHEAD_WORDS = 8
_SUBHEAD_CHARS = 70
_CHROME_WORDS = 6
_TOP_REACH = 12
_FOOTER_REACH = 4
_FOOTER_LINES = 10  # at most this many lines below the credit line: more is story, not footer
_TEASER_TITLE_WORDS = 20


@dataclass
class _Line:
    number: int
    text: str


@dataclass
class _Page:
    """What the reader has found so far."""

    labels: PageLabels
    body: list[Block] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    lead_image: Image | None = None
    dateline: Dateline | None = None
    started: bool = False
    guesses: list[str] = field(default_factory=list)


def read_scraped(data: bytes, path: Path, meta: dict[str, Any]) -> Reading:
    """A scraped plain-text page as an article; see the module docstring for the rules."""
    text = decode_text(data, path)
    lines = _lines(text)
    page = _Page(page_labels())
    found = _headline_at(lines, page)
    if found is None:
        raise InputError(path, "line 1", "no headline: the page holds nothing but page chrome")
    at, dek = found
    story, footer = _split_footer(lines[(at if dek is None else dek) + 1:], page)
    story = _drop_known_chrome(story, page)
    _read_body(story, page)
    _read_footer(footer, page)
    fields: dict[str, Any] = {
        "id": path.stem,
        "language": "und",
        "headline": lines[at].text,
        "subheadline": "" if dek is None else lines[dek].text,
        "body": page.body,
        "credits": page.credits,
        "notices": page.notices,
    }
    if page.lead_image:
        fields["lead_image"] = page.lead_image
    if page.dateline:
        fields["dateline"] = page.dateline
    page.guesses.append(f"id: the file name ({path.stem})")
    if "language" not in meta:
        page.guesses.append(_language_guess(text))
    return finish(path, fields, meta, page.guesses)


def _language_guess(text: str) -> str:
    """The ``language:`` guess: und, with the language the text looks like (never used)."""
    from ..langid import language_advice

    advice = language_advice(text)
    if advice:
        return f"language: not stated in the text; set to und; the text {advice} (not used; give it in the sidecar)"
    return "language: not stated in the text; set to und (give it in the sidecar or with --meta language=...)"


def _lines(text: str) -> list[_Line]:
    """The non-blank lines, stripped, with their line numbers."""
    return [_Line(number, line.strip()) for number, line in enumerate(text.splitlines(), 1) if line.strip()]


def _is_short(text: str) -> bool:
    """A chrome-sized line: a few words, no closing punctuation."""
    return len(text.split()) <= _CHROME_WORDS and not _FINAL_PUNCTUATION.search(text)


def _is_sentence(text: str) -> bool:
    """Closing punctuation or more words than chrome ever has."""
    return not _is_short(text)


def _headline_at(lines: list[_Line], page: _Page) -> tuple[int, int | None] | None:
    """The index of the headline and of a dek under it; the lines above are reported as chrome."""
    for index in range(1, min(len(lines), _TOP_REACH + 2)):
        if not all(_is_short(line.text) or page.labels.is_chrome(line.text) for line in lines[: index - 1]):
            break
        if index >= 2 and lines[index - 1].text == lines[index - 2].text:
            continue  # the line above is itself a caption printed twice
        why = _anchor(lines, index)
        if why:
            return _anchored(lines, index - 1, why, page)
    for index, line in enumerate(lines):
        if not page.labels.is_chrome(line.text):
            page.guesses.append(f"headline: line {line.number}, the first line that is not known page chrome "
                                "(no photo caption or dateline near the top to place it by)")
            _report_chrome(lines[:index], "above the headline", page)
            return index, None
    return None


def _anchor(lines: list[_Line], index: int) -> str:
    """Why the line above ``index`` is the headline: a caption printed twice or a dateline there; else ``""``."""
    if index + 1 < len(lines) and lines[index + 1].text == lines[index].text:
        return f"the line above the photo caption printed twice (line {lines[index].number})"
    if split_dateline(lines[index].text)[0] is not None:
        return f"the line above the dateline paragraph (line {lines[index].number})"
    return ""


def _anchored(lines: list[_Line], at: int, why: str, page: _Page) -> tuple[int, int | None]:
    """The headline at ``at``, unless it ends like a sentence under a short line: then that line, with a dek.

    Headlines do not end with a full stop and deks do, so ``Headline / A dek. /
    caption`` is read as a headline and its dek rather than as chrome above a
    headline; the guess says which lines were taken.
    """
    above = lines[at - 1] if at >= 1 else None
    dek = lines[at].text
    if above and _DEK_END.search(dek) and len(dek.split()) > _CHROME_WORDS and not page.labels.is_chrome(above.text):
        page.guesses.append(f"headline: line {above.number}, above the line that ends with a full stop "
                            f"(line {lines[at].number}, taken as the dek), {why}")
        page.guesses.append(f"subheadline: line {lines[at].number} ends with a full stop, as a dek does and a "
                            "headline does not")
        _report_chrome(lines[: at - 1], "above the headline", page)
        return at - 1, at
    page.guesses.append(f"headline: line {lines[at].number}, {why}")
    _report_chrome(lines[:at], "above the headline", page)
    return at, None


def _report_chrome(dropped: list[_Line], where: str, page: _Page) -> None:
    if dropped:
        names = ", ".join(repr(line.text) for line in dropped)
        page.guesses.append(f"body: page chrome {where} dropped: {names}")


def _split_footer(lines: list[_Line], page: _Page) -> tuple[list[_Line], list[_Line]]:
    """The story lines (credit line included) and the footer below them.

    The footer starts under the credit line when one stands among the last lines;
    otherwise at the first line with a legal word among the last four, and the
    short lines that close the page are chrome.
    """
    for index in range(len(lines) - 1, max(len(lines) - _FOOTER_LINES - 2, -1), -1):
        if page.labels.credit(lines[index].text):
            return lines[: index + 1], lines[index + 1:]
    end = len(lines)
    while end > max(1, len(lines) - _FOOTER_LINES) and _is_short(lines[end - 1].text) and not page.labels.legal(
            lines[end - 1].text):
        end -= 1
    for index in range(max(end - _FOOTER_REACH, 0), end):
        if page.labels.legal(lines[index].text):
            return lines[:index], lines[index:]
    _report_chrome(lines[end:], "closing the page", page)
    return lines[:end], []


def _read_footer(footer: list[_Line], page: _Page) -> None:
    """Legal notices from the footer's sentences; its short lines are chrome."""
    legal = [_is_sentence(line.text) or page.labels.legal(line.text) for line in footer]
    notices = [line for line, is_notice in zip(footer, legal) if is_notice]
    chrome = [line for line, is_notice in zip(footer, legal) if not is_notice]
    page.notices = [Notice(text=line.text, kind="legal") for line in notices]
    if notices:
        numbers = ", ".join(str(line.number) for line in notices)
        page.guesses.append(f"notices: {plural(len(notices), 'footer line')} ({numbers}) kept as legal notices")
    _report_chrome(chrome, "in the footer", page)


def _drop_known_chrome(lines: list[_Line], page: _Page) -> list[_Line]:
    """The story without lines that are known chrome labels (``Advertisement``)."""
    kept = [line for line in lines if not page.labels.is_chrome(line.text)]
    if len(kept) < len(lines):
        _report_chrome([line for line in lines if page.labels.is_chrome(line.text)], "inside the story", page)
    return kept


def _read_body(lines: list[_Line], page: _Page) -> None:
    """Blocks, credits, lead image and dateline from the story lines."""
    index = 0
    while index < len(lines):
        line = lines[index]
        if index + 1 < len(lines) and lines[index + 1].text == line.text:
            _caption(line, page)
            index += 2
            continue
        _story_line(line, index + 1 < len(lines), page)
        index += 1


def _caption(line: _Line, page: _Page) -> None:
    caption, credit = split_credit(line.text)
    image = Image(src="", alt=caption, caption=caption, credit=credit)
    if not page.started and page.lead_image is None:
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


def _story_line(line: _Line, more: bool, page: _Page) -> None:
    where = f"body[{len(page.body)}]"
    known = related_link(line.text)
    related = known or _capitals_teaser(line.text)
    if related:
        page.body.append(related)
        how = "a known teaser label" if known else "a label in capitals"
        page.guesses.append(f"{where}: {line.text!r} taken as a related link by {how} (the text holds no link target)")
        return
    credits = credit_line(line.text)
    if credits:
        page.credits.extend(credits[0])
        page.guesses.append(f"credits: {line.text!r} taken as {plural(len(credits[0]), 'credit')}, not a paragraph")
        page.guesses.extend(credits[1])
        return
    if page.started and more and _is_subhead(line.text):
        page.body.append(Heading(content=(line.text,), level=2))
        page.guesses.append(f"{where}: the short line {line.text!r} taken as a subhead")
        return
    text = line.text
    if not page.started and page.dateline is None:
        dateline, text = split_dateline(text)
        if dateline:
            page.dateline = dateline
            page.guesses.append(
                f"dateline: {dateline.place!r} taken from the start of line {line.number}; the paragraph keeps the words after it"
            )
    page.started = True
    page.body.append(Paragraph(content=(text,)))


def _capitals_teaser(text: str) -> RelatedLink | None:
    """``LABEL: Title`` with a label in capitals and a title that is not a sentence.

    >>> _capitals_teaser("VORNA TELISS: Port Reopens After Storm")
    RelatedLink(title='Port Reopens After Storm', url='', label='VORNA TELISS')
    >>> _capitals_teaser("UPDATE: The ministry said the port reopened.") is None
    True
    """
    match = _CAPITALS_TEASER.match(text) if ":" in text else None
    if not match or not match["label"].isupper() or len(match["label"]) < 4:
        return None
    title = match["title"].strip()
    first = next((char for char in title if char.isalpha()), "")
    if _FINAL_PUNCTUATION.search(title) or len(title.split()) > _TEASER_TITLE_WORDS or not first or in_lower_case(first):
        return None
    return RelatedLink(title=title, url="", label=match["label"])


def _is_subhead(text: str) -> bool:
    """Short, no final punctuation, and not starting in lower case (scripts without case pass)."""
    if len(text) > _SUBHEAD_CHARS or len(text.split()) > _SUBHEAD_WORDS or _FINAL_PUNCTUATION.search(text):
        return False
    first = next((char for char in text if char.isalpha()), "")
    return bool(first) and not in_lower_case(first)

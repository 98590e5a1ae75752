"""Conventions the text readers share: related links, credit lines, datelines, links, and the final step.

The scraped-text, HTML and Markdown readers all meet the same newsroom habits
in running text, and treat them the same way::

    >>> related_link("ALSO READ: Why EU Is Likely To Pick Newbie To Succeed Ashton")
    RelatedLink(title='Why EU Is Likely To Pick Newbie To Succeed Ashton', url='', label='ALSO READ')
    >>> [credit.name for credit in credit_line("With reporting by Reuters, AFP, and Interfax")[0]]
    ['Reuters', 'AFP', 'Interfax']
    >>> split_dateline("WASHINGTON -- Kazakh President Nursultan Nazarbaev thanked ...")
    (Dateline(place='WASHINGTON', text=''), 'Kazakh President Nursultan Nazarbaev thanked ...')

The dateline convention: the model keeps the place apart from the paragraph
(``Dateline(place="WASHINGTON")``) and the paragraph keeps every other word
(``"Kazakh President ..."``); exporters print the place before the story, so
the page's ``WASHINGTON -- Kazakh President ...`` is still read in full.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

from ..body import Block, Inline, Paragraph, RelatedLink
from ..errors import InputError
from ..model import Credit, Dateline, LanguageTag, ModelError, article_from_data
from .reading import Reading
from .meta import apply_overrides, expand
from ..page_labels import page_labels

__all__ = [
    "AGENCIES",
    "credit_kind",
    "credit_line",
    "finish",
    "in_lower_case",
    "join_inlines",
    "language_tag",
    "merge_inlines",
    "plural",
    "related_link",
    "safe_href",
    "safe_src",
    "split_credit",
    "split_dateline",
    "take_dateline",
]

#: Wire services and news agencies, as they are written in credit lines.
AGENCIES = frozenset(
    name.casefold()
    for name in (
        "Reuters",
        "AFP",
        "Agence France-Presse",
        "AP",
        "Associated Press",
        "TASS",
        "ITAR-TASS",
        "Interfax",
        "RIA Novosti",
        "RIA",
        "Xinhua",
        "dpa",
        "EFE",
        "ANSA",
        "Kyodo",
        "Bloomberg",
        "UPI",
        "Anadolu",
        "IRNA",
        "ISNA",
        "Fars",
        "Tasnim",
        "Kazinform",
        "KazTAG",
        "Trend",
        "APA",
        "Ukrinform",
        "UNIAN",
        "BelTA",
        "Yonhap",
        "PTI",
        "AAP",
        "Sputnik",
        "Interfax-Kazakhstan",
        "24.kz",
    )
)

_PERSON = re.compile(r"^(?:[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*\.?)(?: (?:[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*|[A-Z]\.)){1,3}$")
_DATELINE = re.compile(r"^(?P<head>[^\W\d_][^()\n]{0,58}?)\s+(?:--|—|–)\s+(?P<rest>\S.*)$", re.DOTALL)
_PLACE = re.compile(r"^(?:[^\W\d_]|[ .'’\-])+$")
_LANGUAGE = re.compile(LanguageTag.__metadata__[0].pattern)  # type: ignore[attr-defined]
_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_CASELESS_PLACE_WORDS = 3
CreditKind = Literal["agency", "person", "organization"]


def related_link(text: str, url: str = "") -> RelatedLink | None:
    """``ALSO READ: Title`` (and ``Read more:``, ``Читайте также:``, ...) as a related link.

    The labels come from :mod:`~exporters.page_labels`; the label keeps
    the page's own spelling. None when ``text`` is not such a line.

    >>> related_link("Read more: Port Doubles Grain Shipments", "https://example.org/a").url
    'https://example.org/a'
    """
    found = page_labels().teaser(text)
    if not found:
        return None
    return RelatedLink(title=found[1], url=url, label=found[0])


def credit_line(text: str) -> tuple[list[Credit], list[str]] | None:
    """``With reporting by Reuters, AFP, and Interfax`` as credits, and the guesses made.

    The credit labels of every language (``По материалам ...``, ``... агенттіктерінің
    хабарлары бойынша``) come from :mod:`~exporters.page_labels`. Names on
    the list of :data:`AGENCIES` are agencies. Any other name is a guess
    (reported): a person when it looks like ``Given Family``, else an organisation.
    None when ``text`` is not a credit line.

    >>> credits, guesses = credit_line("With additional reporting by Saule Demo")
    >>> credits[0].kind, credits[0].role, guesses
    ('person', 'additional reporting', ["credits: 'Saule Demo' taken as a person"])
    """
    found = page_labels().credit(text)
    if not found:
        return None
    role, names = found
    credits, guesses = [], []
    for name in names:
        kind = credit_kind(name)
        if kind != "agency":
            guesses.append(f"credits: {name!r} taken as {'a person' if kind == 'person' else 'an organization'}")
        credits.append(Credit(name=name, role=role, kind=kind))
    return credits, guesses


def credit_kind(name: str) -> CreditKind:
    """``agency`` for a known agency, ``person`` for ``Given Family``, else ``organization``."""
    if name.casefold() in AGENCIES:
        return "agency"
    return "person" if _PERSON.match(name) else "organization"


def split_dateline(text: str, place: str = "") -> tuple[Dateline | None, str]:
    """The dateline at the start of a paragraph, and the paragraph without it.

    A dateline is a place in capitals (in a script without capitals: at most three
    words), optionally followed by a comma and a date or a region, then ``--``, an
    em dash or an en dash. When ``place`` is given
    (from page metadata), only that place is recognised. Anything else leaves the
    paragraph whole.

    >>> split_dateline("ALMATY, Jan. 16 — Snow closed the airport.")
    (Dateline(place='ALMATY', text='Jan. 16'), 'Snow closed the airport.')
    >>> split_dateline("Snow -- and then rain.")
    (None, 'Snow -- and then rain.')
    """
    match = _DATELINE.match(text)
    if not match:
        return None, text
    head, rest = match["head"].strip(), match["rest"]
    if place:
        where, _, when = head.partition(",") if head.casefold() != place.casefold() else (head, "", "")
        if where.strip().casefold() != place.casefold():
            return None, text
        return Dateline(place=place, text=when.strip()), rest
    where, _, when = head.partition("،" if "،" in head else ",")
    where, when = where.strip(), when.strip()
    if not _in_capitals(where) or not _PLACE.match(where):
        return None, text
    if when and not any(char.isdigit() for char in when):
        if len(when.split()) > 3:
            return None, text
        where, when = f"{where}, {when}", ""
    return Dateline(place=where, text=when), rest


def _in_capitals(place: str) -> bool:
    """Capitals, or, in a script without case (Persian, Georgian), at most three words.

    >>> _in_capitals("WASHINGTON"), _in_capitals("Washington"), _in_capitals("تهران"), _in_capitals("თბილისი")
    (True, False, True, True)
    """
    if any(in_lower_case(char) for char in place):
        return False
    return any(char.isupper() for char in place) or len(place.split()) <= _CASELESS_PLACE_WORDS


def in_lower_case(char: str) -> bool:
    """A small letter of a script that writes capitals in running text.

    Georgian's everyday letters (Mkhedruli) are small letters to Unicode, but its
    capitals (Mtavruli) are for display only, so Georgian counts as a script
    without case, like Arabic.

    >>> in_lower_case("a"), in_lower_case("я"), in_lower_case("ა"), in_lower_case("ب"), in_lower_case("A")
    (True, True, False, False, False)
    """
    return char.islower() and not "\u10d0" <= char <= "\u10ff"


def split_credit(caption: str) -> tuple[str, str]:
    """A caption ending in ``Photo: Name`` (or ``(Фото: Name)``, ...) as (caption, credit).

    >>> split_credit("Cranes at the terminal. Photo: Dana Serik")
    ('Cranes at the terminal.', 'Photo: Dana Serik')
    >>> split_credit("Trump and Nazarbaev (file photo0")
    ('Trump and Nazarbaev (file photo0', '')
    """
    return page_labels().photo_credit(caption)


def safe_href(href: str, base: str = "") -> str:
    """``href`` when it is an http, https or mailto link (relative ones resolved against ``base``), else ``""``.

    >>> safe_href("javascript:alert(1)"), safe_href("/news", "https://example.org/a"), safe_href("/news")
    ('', 'https://example.org/news', '')
    """
    href = href.strip()
    if not href:
        return ""
    scheme = urlsplit(href).scheme.lower()
    if not scheme and base:
        href = urljoin(base, href)
        scheme = urlsplit(href).scheme.lower()
    return href if scheme in _LINK_SCHEMES and not any(char in href for char in '\n\r\t<>"') else ""


def safe_src(src: str) -> str:
    """An image source the model may hold: an https URL, a relative path inside the article folder,
    or a ``data:`` URI of an image type within the byte limit (tidied as browsers read it, see
    :func:`~exporters.resources.tidy_data_uri`; its payload is verified when the images are loaded).

    >>> safe_src("images/a.png"), safe_src("https://x.org/a.png"), safe_src("javascript:x"), safe_src("../a.png")
    ('images/a.png', 'https://x.org/a.png', '', '')
    >>> safe_src(" data:image/png;base64,iVBO\\nRw0KGgo="), safe_src("data:image/svg+xml,<svg/>")
    ('data:image/png;base64,iVBORw0KGgo=', '')
    """
    from ..resources import data_image_problem, is_data_uri, tidy_data_uri

    src = src.strip()
    if is_data_uri(src):
        src = tidy_data_uri(src)
        return "" if data_image_problem(src) else src
    parts = urlsplit(src)
    if parts.scheme:
        return src if parts.scheme.lower() == "https" else ""
    if not src or src.startswith(("/", "\\")) or ".." in Path(src).parts or parts.netloc:
        return ""
    return src


def language_tag(value: Any) -> str:
    """A well-formed BCP 47 tag of a known language from ``value`` (``en_GB`` becomes ``en-GB``), else ``""``.

    >>> language_tag("en_GB"), language_tag("zz"), language_tag("English")
    ('en-GB', '', '')
    """
    from ._guard import known_language

    if not isinstance(value, str):
        return ""
    tag = value.strip().replace("_", "-")
    return tag if _LANGUAGE.match(tag) and known_language(tag) else ""


def merge_inlines(parts: Iterable[Inline]) -> list[Inline]:
    """Adjacent strings merged, empty strings dropped.

    >>> from exporters.body import LineBreak
    >>> merge_inlines(["Kazakh ", "", "wind", LineBreak(), " farm"])
    ['Kazakh wind', LineBreak(), ' farm']
    """
    merged: list[Inline] = []
    for part in parts:
        if isinstance(part, str):
            if not part:
                continue
            if merged and isinstance(merged[-1], str):
                merged[-1] += part
                continue
        merged.append(part)
    return merged


def join_inlines(parts: Iterable[Inline]) -> tuple[Inline, ...]:
    """Adjacent strings merged, empty strings dropped, outer whitespace trimmed."""
    merged = merge_inlines(parts)
    if merged and isinstance(merged[0], str):
        merged[0] = merged[0].lstrip()
    if merged and isinstance(merged[-1], str):
        merged[-1] = merged[-1].rstrip()
    return tuple(part for part in merged if part != "")


def take_dateline(body: list[Block], declared: Dateline | None) -> tuple[Dateline | None, str]:
    """The dateline, taken off the start of the first paragraph of ``body`` (changed in place).

    With ``declared`` (from metadata) only that place (and a date after a comma)
    is taken off; without it a dateline found by :func:`split_dateline` is
    returned with a guess to report.

    >>> body = [Paragraph(content=("KURYK -- Ferries now leave on time.",))]
    >>> take_dateline(body, None)
    (Dateline(place='KURYK', text=''), "dateline: 'KURYK' taken from the start of the first paragraph")
    >>> body
    [Paragraph(content=('Ferries now leave on time.',))]
    """
    first = next((index for index, block in enumerate(body) if isinstance(block, Paragraph)), None)
    if first is None:
        return declared, ""
    paragraph = body[first]
    assert isinstance(paragraph, Paragraph)
    head = paragraph.content[0] if paragraph.content and isinstance(paragraph.content[0], str) else ""
    found, rest = split_dateline(head, declared.place if declared else "")
    if found is None or (declared and declared.text and found.text and declared.text != found.text):
        return declared, ""
    body[first] = Paragraph(content=join_inlines((rest,) + tuple(paragraph.content[1:])))
    if declared is not None:
        return Dateline(place=declared.place, text=declared.text or found.text), ""
    return found, f"dateline: {found.place!r} taken from the start of the first paragraph"


def plural(number: int, word: str) -> str:
    """``1 credit``, ``5 credits``."""
    return f"{number} {word}{'' if number == 1 else 's'}"


def finish(path: Path, fields: dict[str, Any], meta: dict[str, Any], guesses: list[str]) -> Reading:
    """Merge ``meta`` over what the reader found, validate, and return the :class:`Reading`.

    A guess about a field that ``meta`` sets is dropped: the stated fact wins.
    ``dateline: PLACE`` is short for ``dateline: {place: PLACE}``.
    """
    try:
        combined, replaced = apply_overrides(fields, meta)
    except ValueError as error:
        raise InputError(path, "", str(error)) from None
    merged, expanded = expand(combined)
    if isinstance(merged.get("dateline"), str):
        merged["dateline"] = {"place": merged["dateline"]}
    kept = [guess for guess in guesses if _field_of(guess) not in meta]
    try:
        article = article_from_data(merged)
    except ModelError as error:
        raise InputError(path, "", str(error)) from None
    return Reading(article, path, tuple(kept + expanded), tuple((key, "") for key in replaced))


def _field_of(guess: str) -> str:
    """``"lead_image.alt: taken from ..."`` -> ``"lead_image"``."""
    return re.split(r"[.:\[ ]", guess, maxsplit=1)[0]

"""Artifact-stage checks: read the bytes back and compare them with the model.

The exporter's ``inspect`` parses its own format with a real parser and returns
an :class:`~exporters.formats.base.Inspection`: what the file *declares*
(metadata) and what a reader *sees* (text). :func:`compare` holds that against
the articles. A credit that is in the metadata but not in the visible text is an
error, and so is one in the text but not in the metadata.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Iterator

from ..attribution import credit_names, photo_credits, rights_line, writer_names
from ..body import block_text
from ..facts import DocumentFacts, article_facts, document_facts, split_field
from ..formats.base import Exporter, Inspection
from ..labels import labels
from ..model import Article, Bundle
from ..text import letters, normalize
from .findings import Finding, Profile, finding
from .plugins import plugin_checks

__all__ = ["artifact_findings", "compare", "self_findings"]


def artifact_findings(bundle: Bundle, exporter: Exporter, data: bytes, profile: Profile) -> list[Finding]:
    """Inspect ``data`` with ``exporter`` and compare it with ``bundle``."""
    try:
        inspection = exporter.inspect(data)
    except Exception as error:  # any parser failure means the file is unreadable
        return [finding("A214", f"{exporter.name} file could not be read back: {error}", format=exporter.name)]
    found = compare(bundle, inspection)
    for check in plugin_checks("artifact"):
        found.extend(check(bundle, inspection))
    return [profile.apply(item) for item in found]


def compare(bundle: Bundle, inspection: Inspection) -> list[Finding]:
    """Every difference between ``inspection`` and ``bundle`` as findings."""
    fmt = inspection.format
    if inspection.extra.get("listing"):
        return list(_compare_listing(bundle, inspection))
    if inspection.items:
        return list(_compare_feed(bundle, inspection))
    found = list(_compare_facts(document_facts(bundle), inspection, bundle.lead.id if bundle.is_single else ""))
    found.extend(_undrawn(inspection))
    partial = bool(inspection.extra.get("partial"))
    # A PDF has no spaces, only gaps between glyphs, from which every reader infers its own.
    spaced = not inspection.extra.get("spaces_inferred")
    for reader, seen in inspection.extra.get("readers", {}).items():
        for article in bundle.articles:
            found.extend(_compare_letters(article, reader, seen, fmt, partial))
    # A format may show its text twice (an e-mail's plain and HTML parts): both must be complete.
    for shown in (inspection.text, inspection.extra.get("html_text")):
        if shown is None:
            continue
        text = normalize(shown) if spaced else _unspaced(shown)
        for article in bundle.articles:
            found.extend(item for item in _compare_text(article, text, fmt, partial, spaced) if item not in found)
    return found


def self_findings(inspection: Inspection) -> list[Finding]:
    """Checks a file can pass on its own, without the article (``exporters check FILE``
    without ``--against``): it carries a title, language, date, publisher and an author
    (or the publisher signing as one) (A220); it shows what it declares: every author
    (A204), the publisher (A209) and every credit (A221); and it declares what it shows:
    every name of a byline it prints (A203); and another reader of it (poppler, MuPDF)
    reads every line as its own reader does (A217)."""
    entries = inspection.items or (inspection,)
    fmt = inspection.format
    found: list[Finding] = []
    if inspection.extra.get("listing"):  # a news sitemap names articles; it carries no byline or text
        return [finding("A220", f"no {name} in the file's metadata", format=fmt, field=name)
                for entry in entries for name in ("title", "language", "published", "publisher") if not getattr(entry, name)]
    for entry in entries:
        for name in ("title", "language", "published", "publisher", "authors"):
            if not getattr(entry, name):
                what = "author (or the publisher signing as author)" if name == "authors" else name
                found.append(finding("A220", f"no {what} in the file's metadata", format=fmt, field=name))
        text = normalize(entry.text)
        for name in entry.authors:
            if normalize(name) not in text:
                found.append(finding("A204", f"author {name!r} is declared but not shown", format=fmt, field="authors"))
        for name in _publishers(entry.publisher):
            if normalize(name) not in text:
                found.append(finding("A209", f"publisher {name!r} is declared but not shown", format=fmt,
                                     field="publisher"))
        for name in entry.contributors:
            if normalize(name) not in text:
                found.append(finding("A221", f"credit {name!r} is declared but not shown", format=fmt, field="credits"))
        for name in _undeclared_byline_names(entry):
            found.append(finding("A203", f"the byline shows {name!r}, which the metadata does not declare",
                                 format=fmt, field="authors"))
    found.extend(_undrawn(inspection))
    found.extend(_readers_disagree(inspection))
    return found


def _readers_disagree(inspection: Inspection) -> Iterator[Finding]:
    """A217 for every other reader (``extra["readers"]``) that does not give the letters and
    digits of each line of the format's own reading (``text``) in one piece."""
    lines = [line for line in (letters(line) for line in inspection.text.splitlines()) if line]
    for reader, seen in inspection.extra.get("readers", {}).items():
        missing = [line for line in lines if line not in seen]
        if missing:
            yield finding("A217", f"{reader} reads {len(missing)} of {len(lines)} lines in another order than "
                                  f"the format's own reader, e.g. {_short(missing[0])!r}", format=inspection.format)


def _publishers(declared: str) -> list[str]:
    """The names in a declared publisher: an edition of several newsrooms declares each of
    them (:mod:`exporters.facts`), as a field of names (``A; B``, :func:`~exporters.formats.common.join_field`)
    or as one line (``A and B``), and each of them must be shown.

    >>> _publishers("Example News Desk; Служба новостей «Пример»")
    ['Example News Desk', 'Служба новостей «Пример»']
    >>> _publishers("Reuters and AFP")
    ['Reuters', 'AFP']
    """
    return [name.strip() for field in split_field(declared)
            for name in re.split(r"\s+(?:and|и|және|و)\s+", field) if name.strip()]


def _undeclared_byline_names(entry: Inspection) -> list[str]:
    """What a printed byline (``By A and B``, in the file's language) names beyond the declared authors.

    Each declared name is taken out of each byline line; words left over, once the
    separators (commas, the word for "and") are gone, name someone undeclared.
    """
    words = labels(entry.language or "en")
    by, joiner = words["by"], words["and"]
    declared = sorted((normalize(name) for name in entry.authors), key=len, reverse=True)
    extra: list[str] = []
    for line in entry.text.splitlines():
        line = normalize(line)
        if not line.startswith(by + " ") or len(line) > _BYLINE_LIMIT or re.search(_SENTENCE_END, line):
            continue
        rest = f" {line[len(by):]} "
        for name in declared:
            rest = rest.replace(f" {name} ", " ").replace(f" {name}, ", " ").replace(f" {name},", " ")
        leftover = re.sub(rf"(?:\s|,|\b{re.escape(joiner)}\b)+", " ", rest).strip()
        if leftover and leftover not in extra:
            extra.append(leftover)
    return extra


#: A byline is a short line that ends without a full stop; a body paragraph that happens to
#: start with "By" ("By noon, the port was closed.") is not one.
_BYLINE_LIMIT = 200
_SENTENCE_END = r"(?<!\b[A-Z][a-z])(?<!\b[A-Z])[.!?…]$"  # compiled on first use: few texts have a byline line


def _undrawn(inspection: Inspection) -> Iterator[Finding]:
    """A216 when the file draws characters as empty boxes (``extra["undrawn"]``, PDF)."""
    undrawn = inspection.extra.get("undrawn", "")
    if undrawn:
        shown = ", ".join(f"U+{ord(char):04X} {char}" for char in undrawn[:8]) + (" ..." if len(undrawn) > 8 else "")
        what = ("1 character has no font and is drawn as an empty box" if len(undrawn) == 1
                else f"{len(undrawn)} characters have no font and are drawn as empty boxes")
        yield finding("A216", f"{what}: {shown}", format=inspection.format)


def _compare_facts(facts: DocumentFacts, seen: Inspection, article: str = "") -> Iterator[Finding]:
    """What the file declares held against the document facts (:mod:`exporters.facts`).

    The same comparison for one article, an edition and a feed entry: each fact the
    bundle has must be declared, each name of a list found among the declared ones.
    """
    ids = {"article": article, "format": seen.format}
    if normalize(seen.title) != normalize(facts.title):
        yield finding("A201", f"title is {seen.title!r}, expected {facts.title!r}", field="title", **ids)
    if _primary(seen.language) != _primary(facts.language):
        yield finding("A202", f"language is {seen.language or 'missing'!r}, expected {facts.language!r}", field="language", **ids)
    declared = {normalize(name) for name in seen.authors}
    for name in facts.authors:
        if normalize(name) not in declared:
            yield finding("A203", f"author {name!r} is not in the metadata", field="authors", **ids)
    contributors = normalize(" | ".join(seen.contributors))
    for name in facts.contributors:
        if normalize(name) not in contributors:
            yield finding("A205", f"credit {name!r} is not in the metadata", field="credits", **ids)
    for name in facts.publishers:
        if not _declares(seen.publisher, name):
            yield finding("A208", f"publisher {name!r} is not in the metadata", field="publisher", **ids)
    for statement in facts.rights:
        if normalize(statement) not in normalize(seen.rights):
            yield finding("A210", f"rights {statement!r} are not in the metadata", field="rights", **ids)
    if facts.published and not _same_moment(seen.published, facts.published):
        yield finding("A211", f"date is {seen.published or 'missing'!r}, expected {facts.published.isoformat()}", field="published", **ids)


def _declares(field: str, name: str) -> bool:
    r"""Whether a declared field holds ``name``: as written (``A and B``), or as one of the
    names of a field of names whose ``;`` and backslashes are escaped (``A\; B News; C``).

    >>> _declares(r"Alpha\; Beta News; Gamma", "Alpha; Beta News"), _declares("Alpha and Beta", "Beta")
    (True, True)
    """
    wanted = normalize(name)
    return wanted in normalize(field) or any(wanted in normalize(part) for part in split_field(field))


def _compare_listing(bundle: Bundle, listing: Inspection) -> Iterator[Finding]:
    """A listing (a news sitemap) names each article by title, language, date and publisher,
    and carries no text or byline: those four are compared, and that every article is listed."""
    by_title = {normalize(item.title): item for item in listing.items}
    for article in bundle.articles:
        ids = {"article": article.id, "format": listing.format}
        item = by_title.get(normalize(article.headline))
        if item is None:
            yield finding("A212", f"no entry titled {article.headline!r}", **ids)
            continue
        facts = article_facts(article)
        if _primary(item.language) != _primary(facts.language):
            yield finding("A202", f"language is {item.language or 'missing'!r}, expected {facts.language!r}", field="language", **ids)
        if facts.publishers and normalize(facts.publishers[0]) != normalize(item.publisher):
            yield finding("A208", f"publisher {facts.publishers[0]!r} is not in the metadata", field="publisher", **ids)
        if facts.published and not _same_moment(item.published, facts.published):
            yield finding("A211", f"date is {item.published or 'missing'!r}, expected {facts.published.isoformat()}",
                          field="published", **ids)


def _compare_text(article: Article, text: str, fmt: str, partial: bool, spaced: bool = True) -> Iterator[Finding]:
    """Everything of ``article`` that must be visible, looked up in the normalised ``text``
    (without any whitespace unless ``spaced``)."""
    ids = {"article": article.id, "format": fmt}

    def shown(value: str) -> bool:
        return (normalize(value) if spaced else _unspaced(value)) in text

    if not shown(article.headline):
        yield finding("A215", f"headline {article.headline!r} is not shown", **ids)
    for name in writer_names(article):
        if not shown(name):
            yield finding("A204", f"byline {name!r} is not shown", field="authors", **ids)
    for name in credit_names(article):
        if not shown(name):
            yield finding("A206", f"credit {name!r} is not shown", field="credits", **ids)
    # An excerpt (a summary-only feed) shows the lead image but not the body's figures.
    lead_credit = [article.lead_image.credit] if article.lead_image and article.lead_image.credit else []
    for credit in (lead_credit if partial else photo_credits(article)):
        if not shown(credit):
            yield finding("A207", f"photo credit {credit!r} is not shown", field="images", **ids)
    if article.publisher and not shown(article.publisher.name):
        yield finding("A209", f"publisher {article.publisher.name!r} is not shown", field="publisher", **ids)
    statement = rights_line(article)
    if statement and not shown(statement):
        yield finding("A210", f"rights {statement!r} are not shown", field="rights", **ids)
    for index, notice in enumerate(article.notices):
        if not shown(notice.text):
            yield finding("A213", f"notice {_short(notice.text)!r} is not shown", field=f"$.notices[{index}]", **ids)
    if partial:
        return
    for index, block in enumerate(article.body):
        for piece in block_text(block):
            if piece.strip() and not shown(piece):
                yield finding("A212", f"$.body[{index}] {_short(piece)!r} is not in the output", field=f"$.body[{index}]", **ids)


def _unspaced(text: str) -> str:
    """``text`` normalised, without any whitespace.

    >>> _unspaced("« این  است »")
    '«ایناست»'
    """
    return normalize(text).replace(" ", "")


def _compare_letters(article: Article, reader: str, seen: str, fmt: str, partial: bool) -> Iterator[Finding]:
    """A217 for the headline and every text of the body whose letters and digits ``reader``
    (another reader of the file, ``extra["readers"]``) does not give in order: ``seen`` holds
    its letters and digits only (:func:`~exporters.text.letters`)."""
    ids = {"article": article.id, "format": fmt}
    pieces = [("$.headline", article.headline)]
    if not partial:
        pieces += [(f"$.body[{index}]", piece) for index, block in enumerate(article.body) for piece in block_text(block)]
    for place, piece in pieces:
        wanted = letters(piece)
        if wanted and wanted not in seen:
            yield finding("A217", f"{reader} reads {place} {_short(piece)!r} in another order", field=place, **ids)


def _compare_feed(bundle: Bundle, feed: Inspection) -> Iterator[Finding]:
    by_title = {normalize(item.title): item for item in feed.items}
    for article in bundle.articles:
        item = by_title.get(normalize(article.headline))
        if item is None:
            yield finding("A212", f"no entry titled {article.headline!r}", article=article.id, format=feed.format)
            continue
        yield from _compare_facts(article_facts(article), item, article.id)
        yield from _compare_text(article, normalize(item.text), feed.format, bool(item.extra.get("partial")))


def _primary(language: str) -> str:
    return language.split("-")[0].split("_")[0].casefold()


def _same_moment(declared: str, expected: datetime) -> bool:
    """True when ``declared`` (ISO 8601 or a bare date) names the same instant or day.

    Instants are compared to the second: RFC 822 dates (RSS) and the EPUB's
    ``dcterms:modified`` carry no fraction of a second, while a CMS date often has one.

    >>> _same_moment("2026-04-01T04:00:00Z", datetime.fromisoformat("2026-04-01T09:00:00.250+05:00"))
    True
    """
    if not declared:
        return False
    try:
        moment = datetime.fromisoformat(declared.strip().replace("Z", "+00:00"))
    except ValueError:
        return declared.strip()[:10] in {expected.date().isoformat()}
    if len(declared.strip()) <= 10 or moment.tzinfo is None:
        return moment.date() in {expected.date(), expected.astimezone(moment.tzinfo).date() if moment.tzinfo else expected.date()}
    return moment.replace(microsecond=0) == expected.replace(microsecond=0)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

"""The attribution lines every format shows: byline, credits, dates, rights.

Exporters call these instead of formatting names themselves, so the byline reads
the same in a PDF, an EPUB and a feed, and the checks know what to look for::

    >>> from exporters.model import Credit
    >>> credit_lines(article_with(credits=[Credit(name=n) for n in ("Reuters", "AFP", "AP")]))  # doctest: +SKIP
    ['With reporting by Reuters, AFP, and AP']
"""

from __future__ import annotations

from datetime import datetime

from .labels import labels
from .model import Article

__all__ = ["WRITING_ROLES", "writer_names", "byline", "credit_lines", "join_names", "photo_credits", "date_line", "human_date", "iso_date", "rights_line", "source_line", "credit_names"]


def join_names(names: list[str], language: str = "en") -> str:
    """``A``, ``A and B``, ``A, B, and C`` (the serial comma in English only).

    >>> join_names(["Reuters", "AFP", "TASS", "AP", "Interfax"])
    'Reuters, AFP, TASS, AP, and Interfax'
    """
    word = labels(language)["and"]
    if len(names) <= 2:
        return f" {word} ".join(names)
    comma = "," if language.split("-")[0] == "en" else ""
    return f"{', '.join(names[:-1])}{comma} {word} {names[-1]}"


def writer_names(article: Article) -> list[str]:
    """The names a byline shows: the writing authors, else the publisher as institutional author.

    Editors and other non-writing roles are not part of the byline; they appear
    in :func:`credit_lines`.
    """
    writers = [person.name for person in article.authors if person.role in WRITING_ROLES]
    if not writers and not article.authors and article.publisher:
        writers = [article.publisher.name]
    return writers


def byline(article: Article) -> str:
    """``By Marat Example``; ``By RFE/RL`` when the publisher signs the piece."""
    writers = writer_names(article)
    return f"{labels(article.language)['by']} {join_names(writers, article.language)}" if writers else ""


WRITING_ROLES = frozenset({"author", "reporter", "writer", "correspondent", "columnist", "contributor"})


def credit_lines(article: Article) -> list[str]:
    """One line per credit role, in the order roles first appear.

    ``With reporting by Reuters, AFP`` for agency reporting; ``Editor: Ruth Sample``
    for people outside the byline.
    """
    groups: dict[str, list[str]] = {}
    for credit in article.credits:
        groups.setdefault(credit.role, []).append(credit.name)
    for person in article.authors:
        if person.role not in WRITING_ROLES:
            groups.setdefault(person.role, []).append(person.name)
    return [_credit_line(role, names, article.language) for role, names in groups.items()]


def _credit_line(role: str, names: list[str], language: str) -> str:
    joined = join_names(names, language)
    if role == "reporting":
        return labels(language)["with_reporting"].format(names=joined)
    translated = labels(language).get(f"role:{role}")
    if translated:
        return f"{translated} {joined}"
    title = f"{role[:1].upper()}{role[1:]}"
    return f"{title} by {joined}" if role.endswith("reporting") else f"{title}: {joined}"


def credit_names(article: Article) -> list[str]:
    """Every credited name (agencies, contributors, non-writing people), in order."""
    return [credit.name for credit in article.credits] + [
        person.name for person in article.authors if person.role not in WRITING_ROLES
    ]


def photo_credits(article: Article) -> list[str]:
    """The credit of every image, without repeats, in reading order."""
    seen: dict[str, None] = {}
    for image in article.images():
        if image.credit:
            seen.setdefault(image.credit)
    return list(seen)


def iso_date(moment: datetime | None) -> str:
    """RFC 3339 with the article's own offset: ``2018-01-16T00:00:00-05:00``."""
    return moment.isoformat() if moment else ""


def date_line(article: Article) -> str:
    """``Published 2 March 2026 · Updated 2 March 2026 14:05`` (ISO dates, unambiguous)."""
    words = labels(article.language)
    parts = []
    if article.published:
        parts.append(f"{words['published']} {human_date(article.published)}")
    if article.updated and article.updated != article.published:
        parts.append(f"{words['updated']} {human_date(article.updated)}")
    return " · ".join(parts)


def human_date(moment: datetime) -> str:
    """A moment as the date lines print it: the date alone at midnight, else date, time and offset.

    >>> from datetime import timezone
    >>> human_date(datetime(2026, 3, 2, tzinfo=timezone.utc)), human_date(datetime(2026, 3, 2, 14, 5, tzinfo=timezone.utc))
    ('2026-03-02', '2026-03-02 14:05 UTC')
    """
    if (moment.hour, moment.minute, moment.second) == (0, 0, 0):
        return moment.date().isoformat()
    return moment.strftime("%Y-%m-%d %H:%M %z").replace("+0000", "UTC")


def rights_line(article: Article) -> str:
    """The visible rights statement, e.g. ``© 2026 Example News Desk. All rights reserved.``"""
    return article.rights.statement() if article.rights else ""


def source_line(article: Article) -> str:
    """``Originally published by Example Wire Service`` for syndicated copy."""
    return f"{labels(article.language)['originally']} {article.source.name}" if article.source else ""

"""Model-stage checks: is the article complete and publishable before anything is rendered?

Each rule is a small function ``(article, profile) -> Iterable[Finding]``.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Callable, Iterable, Iterator

from ..model import Article, Bundle
from ..resources import image_places
from .findings import Finding, Profile, finding
from .plugins import plugin_checks

__all__ = ["model_findings", "ARTICLE_RULES"]

ArticleRule = Callable[[Article, Profile], Iterable[Finding]]
_LIST_OF_NAMES = re.compile(r",|\band\b|\bund\b|\bet\b|;")


def model_findings(bundle: Bundle, profile: Profile) -> list[Finding]:
    """Every model-stage finding for every article of ``bundle``, strictness applied."""
    found: list[Finding] = list(_duplicate_ids(bundle)) + list(_remote_images_left_out(bundle))
    for article in bundle.articles:
        for rule in ARTICLE_RULES:
            found.extend(rule(article, profile))
    for check in plugin_checks("model"):
        found.extend(check(bundle, None))
    return [profile.apply(item) for item in found]


def _duplicate_ids(bundle: Bundle) -> Iterator[Finding]:
    for article_id, count in Counter(article.id for article in bundle.articles).items():
        if count > 1:
            yield finding("M115", f"{count} articles share the id {article_id!r}", article=article_id, field="id")


def _remote_images_left_out(bundle: Bundle) -> Iterator[Finding]:
    """M117 for every https image that was not fetched: it is shown as its alt text and caption."""
    from ..resources import image_places, left_out

    for article in bundle.articles:
        for place, image in image_places(article):
            if left_out(image.src, None) and bundle.resource(article, image) is None:
                yield finding("M117", f"remote image {image.src} left out; its alt text and caption are kept as text",
                              article=article.id, field=place)


def headline(article: Article, profile: Profile) -> Iterator[Finding]:
    if not article.headline.strip():
        yield finding("M101", article=article.id, field="headline")


def language(article: Article, profile: Profile) -> Iterator[Finding]:
    """M102, with the language the words look like (never used) when the tag is ``und``."""
    if article.language.lower() in {"und", "zxx", "mul", "mis"}:
        found = finding("M102", f"language is {article.language!r}", article=article.id, field="language")
        if article.language.lower() == "und":
            found = _with_language_advice(found, article)
        yield found


def _with_language_advice(found: Finding, article: Article) -> Finding:
    """M102 naming the language the words look like, and the line to paste; the guess is not used."""
    from msgspec.structs import replace

    from ..body import block_text
    from ..langid import looks_like

    words = " ".join([article.headline] + [text for block in article.body for text in block_text(block)])
    found_language = looks_like(words)
    if found_language is None:
        return replace(found, message=f"{found.message}; the words do not tell which language it is")
    tag, name = found_language
    return replace(found, message=f"{found.message}; the text looks like {name}: --meta language={tag}",
                   hint=f"Check it, then paste --meta language={tag} or put `language: {tag}` in the sidecar.")


def dates(article: Article, profile: Profile) -> Iterator[Finding]:
    if article.published is None:
        yield finding("M103", article=article.id, field="published")
    elif article.updated and article.updated < article.published:
        yield finding("M113", article=article.id, field="updated")


def publisher(article: Article, profile: Profile) -> Iterator[Finding]:
    if article.publisher is None or not article.publisher.name.strip():
        yield finding("M104", article=article.id, field="publisher")
    if not article.authors and article.publisher is None:
        yield finding("M105", article=article.id, field="authors")


def rights(article: Article, profile: Profile) -> Iterator[Finding]:
    if article.rights is None or not article.rights.statement():
        yield finding("M106", article=article.id, field="rights")


def images(article: Article, profile: Profile) -> Iterator[Finding]:
    for place, image in image_places(article):
        if not image.alt.strip() and not image.decorative:
            yield finding("M107", f"{place} has no alt text", article=article.id, field=f"{place}.alt")
        if not image.credit.strip():
            yield finding("M108", f"{place} has no credit", article=article.id, field=f"{place}.credit")


def credits(article: Article, profile: Profile) -> Iterator[Finding]:
    seen: set[tuple[str, str]] = set()
    for index, credit in enumerate(article.credits):
        place = f"$.credits[{index}]"
        name = credit.name.strip()
        if not name:
            yield finding("M109", f"{place} has no name", article=article.id, field=place)
        elif credit.kind == "agency" and _LIST_OF_NAMES.search(name):
            yield finding("M109", f"{place} {name!r} looks like several agencies in one credit", article=article.id, field=place)
        elif (name.casefold(), credit.role) in seen:
            yield finding("M109", f"{place} {name!r} is credited twice for {credit.role}", article=article.id, field=place)
        seen.add((name.casefold(), credit.role))


def status(article: Article, profile: Profile) -> Iterator[Finding]:
    if profile.force:
        return
    if article.embargoed and article.embargoed > profile.now:
        yield finding("M110", f"embargoed until {article.embargoed.isoformat()}", article=article.id, field="embargoed")
    if article.expires and article.expires <= profile.now:
        yield finding("M111", f"expired on {article.expires.isoformat()}", article=article.id, field="expires")
    if article.pubstatus != "usable":
        yield finding("M112", f"pubstatus is {article.pubstatus!r}", article=article.id, field="pubstatus")


def body(article: Article, profile: Profile) -> Iterator[Finding]:
    if not article.body:
        yield finding("M114", article=article.id, field="body")


#: The built-in article rules, in report order.
ARTICLE_RULES: tuple[ArticleRule, ...] = (headline, language, dates, publisher, rights, images, credits, status, body)

"""The channel of a feed, worked out once from a bundle, whatever the feed's syntax.

RSS and Atom (:mod:`exporters.formats.feed`, written with feedgen) and JSON Feed
(:mod:`exporters.formats.jsonfeed`) say the same things about a bundle of articles:
a title, a link, a self link, the newest dates, the publishers, and for each entry
its link, its guid, a plain-text summary and the base its images resolve against.
The rules for each (see :mod:`exporters.formats.feed`) live here, and nothing here
imports a feed library.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from urllib.parse import quote, urldefrag, urljoin, urlsplit

from ..body import Paragraph, inline_text
from ..errors import UsageError
from ..facts import DocumentFacts, article_identifier, build_time, document_facts
from ..model import Article, Bundle
from .common import is_web_url, newest_first, public_image_url, uri

__all__ = ["Channel", "channel_of", "channel_link", "entry_link", "entry_guid", "entry_summary"]


@dataclass(frozen=True)
class Channel:
    """What a feed says about itself, worked out once from the bundle: the RSS channel, the Atom
    feed, the JSON Feed top level."""

    title: str
    link: str
    self_url: str
    description: str
    language: str
    rights: str
    logo: str
    publishers: tuple[str, ...]
    #: The publishers as one name, for the Atom feed author.
    publisher: str
    publisher_url: str
    identifier: str
    updated: datetime
    published: datetime | None
    articles: tuple[Article, ...]


def channel_of(bundle: Bundle, self_url: str, suffix: str, name: str, facts: DocumentFacts | None = None) -> Channel:
    """The channel of ``bundle``: its articles newest first, its link, self link, dates and publishers.

    ``self_url`` is where the feed will be published (else ``feed`` + ``suffix`` under the channel
    link); ``name`` is the format named in a refusal; ``facts`` are the bundle's document facts
    when the caller has them already.
    """
    articles = tuple(newest_first(bundle.articles))
    facts = facts or document_facts(bundle)
    publisher = facts.sole_publisher
    link = channel_link(bundle, articles, facts)
    if not link:
        raise UsageError(f"{name}: no site URL to link the feed to (no site URL, no publisher URL, "
                         "and no article URL from the channel's one publisher): "
                         "pass --site-url URL (feed, newsletter), set site_url in the newsletter job, "
                         "or give the articles a url (--meta url=https://...)")
    given = self_url
    self_url = given or _feed_url(link, suffix)
    if not is_web_url(self_url):
        raise UsageError(f"{name}: self_url must be an http(s) URL, got {given!r}")
    link, self_url = uri(link), uri(self_url)
    modified = [article.modified for article in articles if article.modified]
    published = [article.published for article in articles if article.published]
    title = bundle.title or (articles[0].headline if bundle.is_single else "") or facts.publisher or bundle.display_title or link
    logo = bundle.logo or (publisher.logo if publisher else "")
    return Channel(
        title=title,
        link=link,
        self_url=self_url,
        description=bundle.subtitle or bundle.introduction or title,
        language=bundle.main_language,
        rights="; ".join(facts.rights),
        logo=(public_image_url(logo, link) or "") if logo else "",
        publishers=facts.publishers,
        publisher=facts.publisher,
        publisher_url=uri(publisher.url) if publisher and is_web_url(publisher.url) else "",
        identifier=bundle.identifier or self_url,
        updated=max(modified) if modified else build_time(bundle),
        published=max(published) if published else None,
        articles=articles,
    )


@lru_cache(maxsize=256)
def _feed_url(link: str, suffix: str) -> str:
    """Where a feed is published when nobody says: ``feed`` + ``suffix`` under the channel link
    (the same few sites over a batch, so the answers are kept)."""
    return urljoin(link.rstrip("/") + "/", "feed" + suffix)


def channel_link(bundle: Bundle, articles: Sequence[Article], facts: DocumentFacts | None = None) -> str:
    """``site_url``; else the channel publisher's URL; else the origin of the newest
    article URL, only when every article is that publisher's (or none names one).
    ``facts`` are the bundle's document facts when the caller has them already.

    A channel never takes its link from another publisher's article:

    >>> from exporters.model import Article, Organization
    >>> wire = Article(id="w", language="en", headline="H", url="https://wire.example.org/1",
    ...                publisher=Organization(name="Wire"))
    >>> channel_link(Bundle.of(wire), [wire])
    'https://wire.example.org/'
    >>> channel_link(Bundle.of(wire, publisher=Organization(name="Desk")), [wire])
    ''
    """
    if bundle.site_url:
        if not is_web_url(bundle.site_url):
            raise UsageError(f"site URL must be an http(s) URL, got {bundle.site_url!r}")
        return bundle.site_url
    publisher = (facts or document_facts(bundle)).sole_publisher
    if publisher and is_web_url(publisher.url):
        return publisher.url
    owner = publisher.name.casefold() if publisher else ""
    if any((article.publisher.name.casefold() if article.publisher else "") != owner for article in articles):
        return ""
    for article in articles:
        if is_web_url(article.url):
            parts = urlsplit(article.url)
            return f"{parts.scheme}://{parts.netloc}/"
    return ""


def entry_link(article: Article, channel: Channel) -> str:
    """The article URL; without one, the channel link with the article id as fragment."""
    if is_web_url(article.url):
        return uri(article.url)
    return f"{urldefrag(channel.link).url}#{quote(article.id, safe='')}"


def entry_guid(article: Article) -> tuple[str, bool]:
    """(guid, isPermaLink): the id itself when it is a URL, else a URN derived from it."""
    if is_web_url(article.id):
        return uri(article.id), article.id == article.url
    return article_identifier(article), False


def entry_summary(article: Article) -> str:
    """Plain text: the summary, else the dek, else the first paragraph, else the headline."""
    if article.summary or article.subheadline:
        return article.summary or article.subheadline
    first = next((block for block in article.body if isinstance(block, Paragraph)), None)
    return inline_text(first.content) if first else article.headline

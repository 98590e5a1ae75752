"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1): the bundle is the feed, each article an item.

The same rules as the RSS and Atom feeds (:mod:`exporters.formats.feed` is their one
home): the channel's title, home page, feed URL and dates; items newest first; an
item's ``id`` from the article id (the id when it is a URL, else a ``urn:uuid`` from
it); its ``url`` the article URL (else ``SITE#id``); dates from the articles, never
"now". Each item carries ``content_html`` (the same sanitised HTML as the feeds:
byline, credits, dateline, images, every block, notices, rights), ``content_text``
(the text of that HTML), ``summary``, ``image`` (the lead image's public URL),
``authors`` (``name`` and ``url``), ``tags`` (section and keywords), ``language``,
``date_published``, ``date_modified`` and ``attachments``: every image with a public
URL, its ``mime_type``, ``size_in_bytes`` and alt text as ``title``. What JSON Feed
has no field for (credits, publisher, rights) is in the ``_newsroom`` extension
object, as the specification allows for names that start with an underscore::

    >>> from exporters import api
    >>> bundle = api.read_bundle(["samples/articles/port-of-aktau.json"])
    >>> feed = json.loads(JsonFeedExporter().render(bundle).data)
    >>> feed["version"], feed["items"][0]["authors"][0]["name"]
    ('https://jsonfeed.org/version/1.1', 'Marat Example')
"""

from __future__ import annotations

import json
from typing import Any

import msgspec

from ..facts import DocumentFacts, article_facts, document_facts
from ..model import Article, Bundle
from .base import Artifact, Exporter, Inspection
from .common import html_text, image_base, is_web_url, public_image_url, uri
from .channel import Channel, channel_of, entry_guid, entry_link, entry_summary
from .html_body import article_html, fragment_text
from .jsonld import json_file

__all__ = ["JsonFeedExporter", "JsonFeedOptions", "inspect_jsonfeed", "VERSION"]

VERSION = "https://jsonfeed.org/version/1.1"
EXTENSION = "_newsroom"


class JsonFeedOptions(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Options of the ``jsonfeed`` format.

    ``self_url``: where the feed itself will be published (its feed_url).
    ``summary_only``: items carry an excerpt and the link, not the body.
    """

    self_url: str = ""
    summary_only: bool = False


def _item(article: Article, bundle: Bundle, channel: Channel, options: JsonFeedOptions,
          facts: DocumentFacts | None = None) -> dict[str, Any]:
    """One item; ``facts``: the article's :func:`~exporters.facts.article_facts`, when already worked out."""
    facts = facts or article_facts(article)
    base = image_base(article, channel.link)
    content = article_html(article, bundle, headline=False, body=not options.summary_only,
                           image_src=lambda owner, image: public_image_url(image.src, image_base(owner, channel.link)))
    people = {person.name: person for person in article.authors}
    item: dict[str, Any] = {"id": entry_guid(article)[0], "url": entry_link(article, channel), "title": article.headline,
                            "content_html": content, "content_text": fragment_text(content),
                            "summary": entry_summary(article)}
    attachments = _attachments(article, bundle, base)
    lead = article.lead_image
    if lead is not None and attachments and attachments[0]["url"] == public_image_url(lead.src, base):
        item["image"] = attachments[0]["url"]
    if facts.published:
        item["date_published"] = facts.published.isoformat()
    item["date_modified"] = (facts.modified or channel.updated).isoformat()
    item["authors"] = [_author(name, people) for name in facts.authors]
    tags = list(dict.fromkeys(tag for tag in (*facts.sections, *facts.keywords) if tag.strip()))
    if tags:
        item["tags"] = tags
    item["language"] = facts.language
    if attachments:
        item["attachments"] = attachments
    extension = {"contributors": list(facts.contributors), "publisher": facts.publisher, "rights": "; ".join(facts.rights)}
    item[EXTENSION] = {key: value for key, value in extension.items() if value}
    return item


def _author(name: str, people: dict[str, Any]) -> dict[str, str]:
    person = people.get(name)
    return {"name": name, **({"url": uri(person.url)} if person is not None and is_web_url(person.url) else {})}


def _attachments(article: Article, bundle: Bundle, base: str) -> list[dict[str, Any]]:
    """Every image with bytes and a public URL: ``url``, ``mime_type``, ``title`` (alt), ``size_in_bytes``."""
    found: dict[str, dict[str, Any]] = {}
    for image in article.images():
        resource = bundle.resource(article, image)
        url = public_image_url(image.src, base) if resource is not None else None
        if resource is None or url is None or url in found:
            continue
        attachment: dict[str, Any] = {"url": url, "mime_type": resource.media_type}
        if image.alt and not image.decorative:
            attachment["title"] = image.alt
        attachment["size_in_bytes"] = len(resource.data)
        found[url] = attachment
    return list(found.values())


def jsonfeed_document(bundle: Bundle, options: JsonFeedOptions, suffix: str = ".json", name: str = "jsonfeed") -> dict[str, Any]:
    """The JSON Feed 1.1 document of ``bundle``."""
    lead = article_facts(bundle.lead) if bundle.is_single else None  # its item's facts and, with the bundle's, the feed's
    channel = channel_of(bundle, options.self_url, suffix, name, document_facts(bundle, lead))
    document: dict[str, Any] = {"version": VERSION, "title": channel.title, "home_page_url": channel.link,
                                "feed_url": channel.self_url}
    if channel.description and channel.description != channel.title:
        document["description"] = channel.description
    if channel.logo:
        document["icon"] = channel.logo
    document["authors"] = [{"name": name, **({"url": channel.publisher_url} if channel.publisher_url else {})}
                           for name in channel.publishers] or [{"name": channel.title}]
    document["language"] = channel.language
    document["items"] = [_item(article, bundle, channel, options, lead) for article in channel.articles]
    return document


# -- reading it back ---------------------------------------------------------------------


class _Author(msgspec.Struct):
    name: str = ""


class _Extension(msgspec.Struct):
    contributors: list[str] = []
    publisher: str = ""
    rights: str = ""


class _Item(msgspec.Struct, rename={"extension": EXTENSION}):
    """What the read-back takes from one item; any other member is left alone (JSON Feed allows
    extensions)."""

    id: str = ""
    url: str = ""
    title: str = ""
    summary: str = ""
    content_html: str = ""
    content_text: str = ""
    image: str = ""
    language: str = ""
    date_published: str = ""
    date_modified: str = ""
    authors: list[_Author] = []
    tags: list[str] = []
    attachments: list[dict[str, Any]] = []
    extension: _Extension = msgspec.field(default_factory=_Extension)


class _Feed(msgspec.Struct):
    version: str = ""
    title: str = ""
    home_page_url: str = ""
    feed_url: str = ""
    description: str = ""
    language: str = ""
    authors: list[_Author] = []
    items: list[_Item] = []


def inspect_jsonfeed(data: bytes, format_name: str = "jsonfeed") -> Inspection:
    """A JSON Feed read back with the json module: the feed, and one inspection per item.

    A member of the wrong kind is named by its place, as a reader of the file would want it:

    >>> inspect_jsonfeed(b'{"version": "https://jsonfeed.org/version/1.1", "items": 3}')
    Traceback (most recent call last):
    ...
    msgspec.ValidationError: Expected `array`, got `int` - at `$.items`
    """
    document = json.loads(data.decode("utf-8"))
    if not isinstance(document, dict) or not str(document.get("version", "")).startswith("https://jsonfeed.org/version/"):
        raise ValueError("not a JSON Feed: no version https://jsonfeed.org/version/...")
    feed = msgspec.convert(document, _Feed)
    items = tuple(_item_inspection(item, feed.language, format_name) for item in feed.items)
    return Inspection(format=format_name, title=feed.title, language=feed.language,
                      publisher="; ".join(author.name for author in feed.authors), identifier=feed.feed_url,
                      description=feed.description, items=items,
                      text="\n\n".join([feed.title, *(item.text for item in items)]),
                      extra={"link": feed.home_page_url, "self": feed.feed_url})


def _item_inspection(item: _Item, language: str, format_name: str) -> Inspection:
    content = item.content_html
    return Inspection(
        format=format_name,
        title=item.title,
        language=item.language or language,
        authors=tuple(author.name for author in item.authors),
        contributors=tuple(item.extension.contributors),
        publisher=item.extension.publisher,
        rights=item.extension.rights,
        published=item.date_published,
        modified=item.date_modified,
        identifier=item.id,
        description=item.summary,
        keywords=tuple(item.tags),
        text="\n".join(part for part in (item.title, html_text(content) if content else item.content_text) if part),
        extra={"link": item.url, "attachments": item.attachments, "image": item.image,
               "partial": 'class="article excerpt"' in content},
    )


class JsonFeedExporter(Exporter):
    """JSON Feed 1.1 with full HTML and text content, attachments and a ``_newsroom`` extension."""

    name = "jsonfeed"
    suffix = ".feed.json"
    media_type = "application/feed+json"
    description = "JSON Feed 1.1 with full content, authors and image attachments"
    Options = JsonFeedOptions

    def render(self, bundle: Bundle) -> Artifact:
        options = self.options
        assert isinstance(options, JsonFeedOptions)
        return self.artifact(json_file(jsonfeed_document(bundle, options, ".json", self.name)))

    def inspect(self, data: bytes) -> Inspection:
        return inspect_jsonfeed(data, self.name)


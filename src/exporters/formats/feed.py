"""RSS 2.0 and Atom 1.0 feeds (feedgen): the bundle is the channel, each article an entry.

Entries come newest first. Each carries the article URL as its link, a guid/id
derived from the article ``id``, RFC 822 (RSS) and RFC 3339 (Atom) dates, authors
(``dc:creator`` in RSS, never a name in ``<author>``), credits, categories, a
plain-text summary, the full sanitised body as HTML (``content:encoded`` /
``<content type="html">``) with credits and notices, and the lead image as
enclosure and ``media:content`` with its credit and description::

    >>> from exporters import api
    >>> bundle = api.read_bundle(["samples/articles/port-of-aktau.json"])   # doctest: +SKIP
    >>> feed = RssExporter().render(bundle)                                  # doctest: +SKIP
    >>> RssExporter().inspect(feed.data).items[0].authors                    # doctest: +SKIP
    ('Marat Example',)

Choices where the formats leave room:

- Channel publisher: the document facts' publishers (:mod:`exporters.facts`), each a
  ``dc:publisher``. Channel link: ``bundle.site_url``; else the URL of the one publisher;
  else the origin of the newest article's URL, but only when every article is that
  publisher's: a channel never links to another publisher's site. A feed with none of
  these cannot be written (:class:`~exporters.errors.UsageError`).
- Self link (``atom:link rel="self"``, in RSS too): the ``self_url`` option, else
  ``feed.rss`` / ``feed.atom`` under the channel link.
- Entry link: the article URL; an article without one links to the channel link
  with the article id as fragment (``https://site/#id``), never to an invented page.
- guid / Atom id: the article id when it is an http(s) URL (``isPermaLink="true"``
  only when it is also the article URL), else a ``urn:uuid`` derived from the id.
- Image URL: an absolute ``https`` src as it is; a relative src resolved against
  the article URL (as a browser resolves an ``<img>`` in the article page), or the
  channel link when the article has none. Images without captured bytes get no
  enclosure and are shown as caption and credit text.
- Dates: ``lastBuildDate`` / feed ``updated`` are the newest entry's ``updated``
  (else ``published``); RSS channel ``pubDate`` the newest ``published``. An entry
  without dates takes :func:`~exporters.facts.build_time`. Never "now".
- RSS items also carry ``dcterms:modified`` (RFC 3339), ``dc:contributor``,
  ``dc:publisher``, ``dc:rights`` and ``dc:language``; Atom entries ``xml:lang`` and
  ``dc:publisher``. The RSS description is the summary as escaped text, so no
  reader can take it for markup.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any, ClassVar, Literal
import msgspec
from feedgen.entry import FeedEntry
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from .. import __version__, attribution
from ..facts import GENERATOR
from ..media import Image
from ..model import Article, Bundle
from ..text import xml_safe
from .base import Artifact, Exporter, Inspection
from .channel import Channel, channel_of, entry_guid, entry_link, entry_summary
from .common import html_text, image_base, is_web_url, public_image_url, uri
from .html_body import article_html

__all__ = [
    "AtomExporter",
    "FeedOptions",
    "RssExporter",
    "inspect_atom",
    "inspect_rss",
    "public_image_url",
]

ATOM_NS = "http://www.w3.org/2005/Atom"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
DCTERMS_NS = "http://purl.org/dc/terms/"
MEDIA_NS = "http://search.yahoo.com/mrss/"
XML_NS = "http://www.w3.org/XML/1998/namespace"

GENERATOR_URI = "https://github.com/newsroom-exporters/newsroom-exporters"


class FeedOptions(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Options of the ``rss`` and ``atom`` formats (``-O rss.profile=media``).

    ``summary_only``: the older spelling of ``profile=summary``.
    ``self_url``: where the feed itself will be published.
    ``profile``: the partner profile: full carries the whole article; summary leaves the
    body blocks out, so each entry is an excerpt (summary, byline, credits, lead image,
    notices, rights) and its link; media is the full entry with a Media RSS media:content
    (credit, description, title) for every image, not only the lead image.
    """

    summary_only: bool = False
    self_url: str = ""
    profile: Literal["full", "summary", "media"] = "full"

    @property
    def excerpt(self) -> bool:
        return self.summary_only or self.profile == "summary"


# -- what an entry carries that feedgen has no method for ------------------------


@dataclass
class _EntryExtras:
    """What feedgen has no method for: Dublin Core, media, and the Atom links it garbles."""

    creators: list[str] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)
    publisher: str = ""
    rights: str = ""
    language: str = ""
    modified: str = ""
    images: list[dict[str, str]] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)


# -- feedgen --------------------------------------------------------------------


class _NewsroomFeed(BaseExtension):
    """Channel part of the extension: declares namespaces and the channel publisher."""

    def __init__(self) -> None:
        self.namespaces: dict[str, str] = {}
        self.publishers: tuple[str, ...] = ()

    def extend_ns(self) -> dict[str, str]:
        return self.namespaces

    def extend_rss(self, feed: etree._Element) -> etree._Element:
        self._publisher(feed[0])
        return feed

    def extend_atom(self, feed: etree._Element) -> etree._Element:
        self._publisher(feed)
        return feed

    def _publisher(self, parent: etree._Element) -> None:
        for name in self.publishers:
            etree.SubElement(parent, f"{{{DC_NS}}}publisher").text = name


class _NewsroomEntry(BaseEntryExtension):
    """Entry part of the extension: Dublin Core, ``dcterms:modified``, ``media:content``."""

    def __init__(self) -> None:
        self.extras = _EntryExtras()

    def extend_rss(self, item: etree._Element) -> etree._Element:
        extras = self.extras
        for name in extras.creators:
            etree.SubElement(item, f"{{{DC_NS}}}creator").text = name
        for name in extras.contributors:
            etree.SubElement(item, f"{{{DC_NS}}}contributor").text = name
        for tag, value in (("publisher", extras.publisher), ("rights", extras.rights), ("language", extras.language)):
            if value:
                etree.SubElement(item, f"{{{DC_NS}}}{tag}").text = value
        if extras.modified:
            etree.SubElement(item, f"{{{DCTERMS_NS}}}modified").text = extras.modified
        self._media(item)
        return item

    def extend_atom(self, entry: etree._Element) -> etree._Element:
        _restore_atom_links(entry, self.extras.links)
        if self.extras.language:
            entry.set(f"{{{XML_NS}}}lang", self.extras.language)
        if self.extras.publisher:
            etree.SubElement(entry, f"{{{DC_NS}}}publisher").text = self.extras.publisher
        self._media(entry)
        return entry

    def _media(self, parent: etree._Element) -> None:
        """One ``media:content`` per image (not wrapped in ``media:group``) with title, description, credit."""
        for image in self.extras.images:
            self._content(parent, image)

    @staticmethod
    def _content(parent: etree._Element, image: dict[str, str]) -> None:
        content = etree.SubElement(parent, f"{{{MEDIA_NS}}}content")
        for key in ("url", "fileSize", "type", "medium", "width", "height"):
            if image.get(key):
                content.set(key, image[key])
        for tag in ("title", "description"):
            if image.get(tag):
                etree.SubElement(content, f"{{{MEDIA_NS}}}{tag}", type="plain").text = image[tag]
        if image.get("credit"):
            etree.SubElement(content, f"{{{MEDIA_NS}}}credit").text = image["credit"]


def _restore_atom_links(entry: etree._Element, links: list[dict[str, str]]) -> None:
    """Write the entry's ``<link>`` elements with every attribute.

    feedgen 1.0 writes Atom entry links with ``href`` only: ``rel``, ``type``,
    ``hreflang`` and ``length`` are lost, so an enclosure becomes a second
    alternate link and readers take the image for the article link (upstream
    python-feedgen issues #135 and #143). Its link elements get the attributes back
    in place (one element per link, in order); should feedgen ever write another
    number of them, they are replaced. Either stays correct once feedgen writes them properly.
    """
    old = entry.findall("link")
    if len(old) == len(links):
        for element, link in zip(old, links):
            for key in ("rel", "type", "hreflang", "title", "length"):
                if link.get(key):
                    element.set(key, link[key])
        return
    position = entry.index(old[0]) if old else len(entry)
    for child in old:
        entry.remove(child)
    for offset, link in enumerate(links):
        # No namespace, like feedgen's own elements: the feed's default namespace applies.
        element = etree.Element("link", href=link["href"])
        for key in ("rel", "type", "hreflang", "title", "length"):
            if link.get(key):
                element.set(key, link[key])
        entry.insert(position + offset, element)


def _generator(bundle: Bundle, options: FeedOptions, kind: str, suffix: str, media_type: str, name: str) -> FeedGenerator:
    channel = channel_of(bundle, options.self_url, suffix, name)
    generator = FeedGenerator()
    generator.register_extension("newsroom", _NewsroomFeed, _NewsroomEntry)
    generator.newsroom.namespaces = {"dc": DC_NS, "media": MEDIA_NS, **({"dcterms": DCTERMS_NS} if kind == "rss" else {})}
    generator.newsroom.publishers = tuple(xml_safe(name) for name in channel.publishers)
    generator.title(xml_safe(channel.title))
    # RSS readers take descriptions for HTML: plain text goes in escaped. Atom's subtitle is typed text.
    description = xml_safe(channel.description)
    generator.description(html.escape(description, quote=False) if kind == "rss" else description)
    # The RSS channel <link> is the last link() call: self first, the site last.
    generator.link(href=channel.self_url, rel="self", type=media_type)
    generator.link(href=channel.link, rel="alternate", type="text/html")
    generator.language(xml_safe(channel.language))
    if channel.rights:
        generator.rights(xml_safe(channel.rights))
    if channel.logo:
        generator.logo(channel.logo)
    generator.generator(GENERATOR, version=__version__, uri=GENERATOR_URI)
    if kind == "atom":  # an RSS channel has neither: its link and dc:publisher say it
        generator.id(xml_safe(channel.identifier))
        generator.author({"name": xml_safe(channel.publisher or channel.title),
                          **({"uri": channel.publisher_url} if channel.publisher_url else {})})
    generator.updated(channel.updated)
    if channel.published:
        generator.pubDate(channel.published)
    for article in channel.articles:
        _add_entry(generator.add_entry(order="append"), article, bundle, channel, options, kind)
    return generator


def _add_entry(entry: FeedEntry, article: Article, bundle: Bundle, channel: Channel, options: FeedOptions, kind: str) -> None:
    guid, permalink = entry_guid(article)
    entry.guid(xml_safe(guid), permalink=permalink)
    entry.title(xml_safe(article.headline))
    writers = attribution.writer_names(article)
    creators = [xml_safe(name) for name in writers]
    contributors = [xml_safe(name) for name in attribution.credit_names(article)]
    if kind == "atom":  # RSS names them in dc:creator and dc:contributor (the extension below)
        authors = [person for person in article.authors if person.name in writers]
        entry.author([{"name": name, **_uri_of(written, authors)} for name, written in zip(creators, writers)] or None)
        for name in contributors:
            entry.contributor(name=name)
    summary = xml_safe(entry_summary(article))
    if kind == "rss" and summary:
        entry.description(html.escape(summary, quote=False), isSummary=True)
    elif summary:
        entry.summary(summary)
    body = article_html(article, bundle, headline=False, body=not options.excerpt,
                        image_src=lambda owner, image: public_image_url(image.src, image_base(owner, channel.link)))
    entry.content(body, type="html")  # XML-safe already: every text in it went through the escaping
    entry.link(href=entry_link(article, channel), rel="alternate", type="text/html", hreflang=article.language)
    # After the alternate link: feedgen's RSS writer takes the last link of each kind.
    image = _lead_image(article, bundle, channel, entry)
    figures = _figure_media(article, bundle, channel) if options.profile == "media" else []
    extras = _EntryExtras(
        creators=creators,
        contributors=contributors,
        publisher=xml_safe(article.publisher.name) if article.publisher else "",
        rights=xml_safe(attribution.rights_line(article)),
        language=article.language,
        modified=(article.modified or channel.updated).isoformat(),
        images=([image] if image else []) + figures,
    )
    for term in dict.fromkeys(term for term in (article.section, *article.keywords) if term.strip()):
        entry.category(term=xml_safe(term))
    if article.published:
        entry.published(article.published)
    if kind == "atom":  # RSS items have no such elements: dcterms:modified and dc:rights say it there
        entry.updated(article.modified or channel.updated)
        if extras.rights:
            entry.rights(extras.rights)
    extras.links = entry.link()
    entry.newsroom.extras = extras


def _uri_of(name: str, people: list[Any]) -> dict[str, str]:
    person = next((person for person in people if person.name == name), None)
    return {"uri": uri(person.url)} if person is not None and is_web_url(person.url) else {}


def _lead_image(article: Article, bundle: Bundle, channel: Channel, entry: FeedEntry) -> dict[str, str] | None:
    """The lead image as enclosure (set on ``entry``) and the data of its ``media:content``."""
    media = _image_media(article.lead_image, article, bundle, channel) if article.lead_image else None
    if media is not None:
        entry.enclosure(media["url"], media["fileSize"], media["type"])
    return media


def _figure_media(article: Article, bundle: Bundle, channel: Channel) -> list[dict[str, str]]:
    """The ``media:content`` data of every image in the body (the ``media`` profile)."""
    figures = article.images()[1:] if article.lead_image else article.images()
    found = (_image_media(image, article, bundle, channel) for image in figures)
    return [media for media in found if media is not None]


def _image_media(image: Image, article: Article, bundle: Bundle, channel: Channel) -> dict[str, str] | None:
    """What ``media:content`` says of ``image``; None when it has no bytes or no public URL."""
    resource = bundle.resource(article, image)
    url = public_image_url(image.src, image_base(article, channel.link)) if resource else None
    if resource is None or url is None:
        return None
    return {
        "url": url,
        "fileSize": str(len(resource.data)),
        "type": resource.media_type,
        "medium": "image",
        "width": str(resource.width or image.width or ""),
        "height": str(resource.height or image.height or ""),
        "title": "" if image.decorative else xml_safe(image.alt),
        "description": xml_safe(image.caption),
        "credit": xml_safe(image.credit),
    }


# -- reading a feed back ---------------------------------------------------------

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _is_excerpt(fragment: str) -> bool:
    """True when the entry holds no body or only an excerpt (``summary_only``)."""
    if not fragment.strip():
        return True
    from lxml import html as lxml_html

    first = lxml_html.fragment_fromstring(fragment, create_parent="div").find("div")
    return first is not None and "excerpt" in (first.get("class") or "").split()


def _iso_from_rfc822(value: str) -> str:
    try:
        return parsedate_to_datetime(value.strip()).isoformat() if value.strip() else ""
    except (TypeError, ValueError):
        return ""


def _texts(parent: etree._Element, path: str) -> tuple[str, ...]:
    return tuple((element.text or "").strip() for element in parent.findall(path, _NS) if (element.text or "").strip())


def _first(parent: etree._Element, path: str) -> str:
    found = _texts(parent, path)
    return found[0] if found else ""


_NS = {"atom": ATOM_NS, "content": CONTENT_NS, "dc": DC_NS, "dcterms": DCTERMS_NS, "media": MEDIA_NS}


def _media(parent: etree._Element) -> dict[str, str]:
    """The first ``media:content`` of an entry (the lead image), ``{}`` when there is none."""
    found = _media_all(parent)
    return found[0] if found else {}


def _media_all(parent: etree._Element) -> list[dict[str, str]]:
    """Every ``media:content`` of an entry: its attributes, title, description and credit."""
    found = []
    for content in parent.findall("media:content", _NS):
        media = dict(content.attrib)
        for tag in ("title", "description", "credit"):
            media[tag] = _first(content, f"media:{tag}")
        found.append(media)
    return found


def _summarise(format_name: str, items: tuple[Inspection, ...], meta: dict[str, str], extra: dict[str, Any]) -> Inspection:
    """The channel's inspection: its own metadata, and the union of what the items declare."""
    def union(attribute: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(value for item in items for value in getattr(item, attribute)))

    text = "\n\n".join(part for part in (meta["title"], meta["description"], *(item.text for item in items)) if part)
    return Inspection(
        format=format_name,
        title=meta["title"],
        language=meta["language"],
        authors=union("authors"),
        contributors=union("contributors"),
        publisher=meta["publisher"],
        rights=meta["rights"],
        published=meta["published"] or _newest(item.published for item in items),
        modified=meta["modified"],
        identifier=meta["identifier"],
        description=meta["description"],
        keywords=union("keywords"),
        text=text,
        extra=extra,
        items=items,
    )


def _newest(moments: Iterable[str]) -> str:
    """The latest of some RFC 3339 timestamps, as written."""
    dated = [(datetime.fromisoformat(moment), moment) for moment in moments if moment]
    return max(dated)[1] if dated else ""


def _parse(data: bytes, expected: str) -> etree._Element:
    root = etree.fromstring(data, _PARSER)
    if root.tag != expected:
        raise ValueError(f"not a feed of this format: root element is {root.tag}")
    return root


def inspect_rss(data: bytes, format_name: str = "rss") -> Inspection:
    """Channel and items of an RSS 2.0 document, read with lxml."""
    root = _parse(data, "rss")
    channel = root.find("channel")
    if channel is None:
        raise ValueError("RSS document without <channel>")
    items = tuple(_rss_item(item, format_name) for item in channel.findall("item"))
    self_link = channel.find("atom:link[@rel='self']", _NS)
    meta = {
        "title": _first(channel, "title"),
        "description": html.unescape(_first(channel, "description")),
        "language": _first(channel, "language"),
        "publisher": "; ".join(_texts(channel, "dc:publisher")),
        "rights": _first(channel, "copyright"),
        "published": _iso_from_rfc822(_first(channel, "pubDate")),
        "modified": _iso_from_rfc822(_first(channel, "lastBuildDate")),
        "identifier": self_link.get("href", "") if self_link is not None else "",
    }
    extra = {"link": _first(channel, "link"), "self": meta["identifier"], "generator": _first(channel, "generator"),
             "logo": _first(channel, "image/url"), "last_build_date": _first(channel, "lastBuildDate")}
    return _summarise(format_name, items, meta, extra)


def _rss_item(item: etree._Element, format_name: str) -> Inspection:
    title = _first(item, "title")
    content = _first(item, "content:encoded")
    description = html.unescape(_first(item, "description"))
    guid = item.find("guid")
    enclosure = item.find("enclosure")
    body = html_text(content) if content else description
    return Inspection(
        format=format_name,
        title=title,
        language=_first(item, "dc:language"),
        authors=_texts(item, "dc:creator"),
        contributors=_texts(item, "dc:contributor"),
        publisher=_first(item, "dc:publisher"),
        rights=_first(item, "dc:rights"),
        published=_iso_from_rfc822(_first(item, "pubDate")),
        modified=_first(item, "dcterms:modified"),
        identifier=(guid.text or "").strip() if guid is not None else "",
        description=description,
        keywords=_texts(item, "category"),
        text="\n".join(part for part in (title, body) if part),
        extra={
            "link": _first(item, "link"),
            "permalink": guid.get("isPermaLink", "") if guid is not None else "",
            "pub_date": _first(item, "pubDate"),
            "enclosure": dict(enclosure.attrib) if enclosure is not None else {},
            "media": _media(item),
            "media_all": _media_all(item),
            "partial": _is_excerpt(content),
        },
    )


def inspect_atom(data: bytes, format_name: str = "atom") -> Inspection:
    """Feed and entries of an Atom 1.0 document, read with lxml."""
    root = _parse(data, f"{{{ATOM_NS}}}feed")
    language = root.get(f"{{{XML_NS}}}lang", "")
    items = tuple(_atom_entry(entry, format_name, language) for entry in root.findall("atom:entry", _NS))
    self_link = root.find("atom:link[@rel='self']", _NS)
    alternate = root.find("atom:link[@rel='alternate']", _NS)
    meta = {
        "title": _first(root, "atom:title"),
        "description": _first(root, "atom:subtitle"),
        "language": language,
        "publisher": "; ".join(_texts(root, "dc:publisher")),
        "rights": _first(root, "atom:rights"),
        "published": "",
        "modified": _first(root, "atom:updated"),
        "identifier": _first(root, "atom:id"),
    }
    extra = {"link": alternate.get("href", "") if alternate is not None else "",
             "self": self_link.get("href", "") if self_link is not None else "",
             "generator": _first(root, "atom:generator"), "logo": _first(root, "atom:logo")}
    return _summarise(format_name, items, meta, extra)


def _atom_entry(entry: etree._Element, format_name: str, feed_language: str) -> Inspection:
    title = _first(entry, "atom:title")
    content = entry.find("atom:content", _NS)
    content_html = (content.text or "") if content is not None else ""
    summary = _first(entry, "atom:summary")
    links = [dict(link.attrib) for link in entry.findall("atom:link", _NS)]
    alternates = [link for link in links if link.get("rel", "alternate") == "alternate"]
    enclosures = [link for link in links if link.get("rel") == "enclosure"]
    body = html_text(content_html) if content_html else summary
    return Inspection(
        format=format_name,
        title=title,
        language=entry.get(f"{{{XML_NS}}}lang", feed_language),
        authors=_texts(entry, "atom:author/atom:name"),
        contributors=_texts(entry, "atom:contributor/atom:name"),
        publisher=_first(entry, "dc:publisher"),
        rights=_first(entry, "atom:rights"),
        published=_first(entry, "atom:published"),
        modified=_first(entry, "atom:updated"),
        identifier=_first(entry, "atom:id"),
        description=summary,
        keywords=tuple(category.get("term", "") for category in entry.findall("atom:category", _NS)),
        text="\n".join(part for part in (title, body) if part),
        extra={
            "link": alternates[0].get("href", "") if alternates else "",
            "links": links,
            "enclosure": enclosures[0] if enclosures else {},
            "media": _media(entry),
            "media_all": _media_all(entry),
            "partial": _is_excerpt(content_html),
        },
    )


# -- the exporters ------------------------------------------------------------------


class _FeedExporter(Exporter):
    """What the RSS and Atom exporters share; ``kind`` picks feedgen's writer."""

    Options = FeedOptions
    kind: ClassVar[str]

    def render(self, bundle: Bundle) -> Artifact:
        options = self.options
        assert isinstance(options, FeedOptions)
        generator = _generator(bundle, options, self.kind, self.suffix, self.media_type, self.name)
        writer = generator.rss_str if self.kind == "rss" else generator.atom_str
        return self.artifact(writer(pretty=True, encoding="UTF-8", xml_declaration=True))


class RssExporter(_FeedExporter):
    """RSS 2.0 with ``content:encoded``, Dublin Core and Media RSS."""

    name = "rss"
    suffix = ".rss"
    media_type = "application/rss+xml"
    description = "RSS 2.0 feed with full content (feedgen)"
    kind = "rss"

    def inspect(self, data: bytes) -> Inspection:
        return inspect_rss(data, self.name)


class AtomExporter(_FeedExporter):
    """Atom 1.0 (RFC 4287) with HTML content, Dublin Core publisher and Media RSS."""

    name = "atom"
    suffix = ".atom"
    media_type = "application/atom+xml"
    description = "Atom 1.0 feed with full content (feedgen)"
    kind = "atom"

    def inspect(self, data: bytes) -> Inspection:
        return inspect_atom(data, self.name)

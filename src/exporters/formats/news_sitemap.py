"""A Google News sitemap: the sitemaps.org 0.9 ``urlset`` with Google's ``news:`` elements.

Each article is one ``<url>`` with its ``<loc>`` (the article URL) and ``<news:news>``:
``news:publication`` (``news:name``, ``news:language``), ``news:publication_date``
(W3C datetime) and ``news:title``::

    >>> from exporters import api
    >>> bundle = api.read_bundle(["samples/articles/port-of-aktau.json"])
    >>> NewsSitemapExporter().inspect(NewsSitemapExporter().render(bundle).data).items[0].published
    '2026-03-02T09:30:00+05:00'

Which articles belong in it is the feed command's choice (``exporters feed --format
news-sitemap --now T``): only those published in the two days before ``--now``
(:func:`in_news_window`), a warning naming each one left out. The exporter itself
lists every article it is given, so it stays a pure function of the bundle, and
refuses (:class:`~exporters.errors.UsageError`) more than :data:`MAX_URLS` URLs or an
article without an http(s) URL, the two things Google's rules forbid that no
markup can mend. The publication name is the article's publisher, else the
bundle's, else its title; the language is the ISO 639 code Google asks for (the
primary language subtag; ``zh-cn`` and ``zh-tw`` for Chinese).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from lxml import etree

from ..errors import UsageError
from ..facts import article_publishers
from ..model import Article, Bundle
from ..text import xml_safe
from .base import Artifact, Exporter, Inspection
from .common import is_web_url, newest_first, uri

__all__ = ["NewsSitemapExporter", "MAX_URLS", "WINDOW", "in_news_window", "news_language", "inspect_news_sitemap"]

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
#: Google's limit of URLs in one news sitemap.
MAX_URLS = 1000
#: How far back a news sitemap reaches: Google lists articles of the last two days.
WINDOW = timedelta(days=2)


def in_news_window(article: Article, now: datetime) -> bool:
    """True when ``article`` was published in the two days before ``now`` (``now`` itself included).

    >>> from datetime import timezone
    >>> now = datetime(2026, 5, 8, 12, 0, tzinfo=timezone.utc)
    >>> [in_news_window(Article(id="a", language="en", headline="H", published=now - timedelta(hours=hours)), now)
    ...  for hours in (0, 47, 49, -1)]
    [True, True, False, False]
    """
    return article.published is not None and now - WINDOW <= article.published <= now


def news_language(language: str) -> str:
    """The ``news:language`` Google asks for: an ISO 639 code, ``zh-cn`` or ``zh-tw`` for Chinese.

    >>> news_language("kk-Cyrl-KZ"), news_language("zh-Hant-TW"), news_language("zh"), news_language("FA")
    ('kk', 'zh-tw', 'zh-cn', 'fa')
    """
    subtags = language.lower().split("-")
    if subtags[0] == "zh":
        return "zh-tw" if {"hant", "tw", "hk", "mo"} & set(subtags[1:]) else "zh-cn"
    return subtags[0]


def _publication(article: Article, bundle: Bundle) -> str:
    publishers = article_publishers(article)
    return publishers[0].name if publishers else (bundle.publisher.name if bundle.publisher else bundle.display_title)


def sitemap_bytes(bundle: Bundle) -> bytes:
    """The news sitemap of every article in ``bundle``, newest first."""
    articles = bundle.articles
    if len(articles) > 1:  # one article needs no order
        articles = newest_first(articles)
    if len(articles) > MAX_URLS:
        raise UsageError(f"news-sitemap: {len(articles):,} articles; a news sitemap holds at most {MAX_URLS:,} URLs "
                         "(exporters feed --limit 1000, or split the articles over several sitemaps)")
    urlset = etree.Element(_URLSET, nsmap=_NSMAP)
    for article in articles:
        if not is_web_url(article.url):
            raise UsageError(f"news-sitemap: article {article.id!r} has no http(s) url to list (--meta url=https://...)")
        if article.published is None:
            raise UsageError(f"news-sitemap: article {article.id!r} has no publication date")
        url = etree.SubElement(urlset, _URL)
        etree.SubElement(url, _LOC).text = uri(article.url)
        news = etree.SubElement(url, _NEWS)
        publication = etree.SubElement(news, _PUBLICATION)
        etree.SubElement(publication, _NAME).text = xml_safe(_publication(article, bundle))
        etree.SubElement(publication, _LANGUAGE).text = news_language(article.language)
        etree.SubElement(news, _PUBLICATION_DATE).text = article.published.isoformat()
        etree.SubElement(news, _TITLE).text = xml_safe(article.headline)
    return _DECLARATION + etree.tostring(urlset, encoding="UTF-8", pretty_print=True)


#: The declaration with double quotes (lxml's own has single ones) and the qualified names, spelled once.
_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
_NSMAP = {None: SITEMAP_NS, "news": NEWS_NS}
_URLSET, _URL, _LOC = (f"{{{SITEMAP_NS}}}{name}" for name in ("urlset", "url", "loc"))
_NEWS, _PUBLICATION, _NAME, _LANGUAGE, _PUBLICATION_DATE, _TITLE = (
    f"{{{NEWS_NS}}}{name}" for name in ("news", "publication", "name", "language", "publication_date", "title"))


# -- reading it back -----------------------------------------------------------------------

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_NS = {"s": SITEMAP_NS, "news": NEWS_NS}


def inspect_news_sitemap(data: bytes, format_name: str = "news-sitemap") -> Inspection:
    """Every ``<url>`` of a news sitemap, read with lxml, as one item each.

    A sitemap lists articles; it does not carry their text or bylines, so its
    inspection is a *listing* (``extra["listing"]``): the checks compare each entry's
    title, language, date and publisher with the article, and nothing else.
    """
    root = etree.fromstring(data, _PARSER)
    if root.tag != f"{{{SITEMAP_NS}}}urlset":
        raise ValueError(f"not a sitemap: root element is {root.tag}")
    items = tuple(_url(url, format_name) for url in root.findall("s:url", _NS))
    return Inspection(format=format_name, items=items, text="\n".join(item.title for item in items),
                      extra={"listing": True, "urls": len(items)})


def _url(url: etree._Element, format_name: str) -> Inspection:
    def text(path: str) -> str:
        return (url.findtext(path, default="", namespaces=_NS) or "").strip()

    title = text("news:news/news:title")
    return Inspection(format=format_name, title=title, language=text("news:news/news:publication/news:language"),
                      publisher=text("news:news/news:publication/news:name"),
                      published=text("news:news/news:publication_date"), identifier=text("s:loc"), text=title,
                      extra={"listing": True, "link": text("s:loc")})


class NewsSitemapExporter(Exporter):
    """Google News sitemap (sitemaps.org 0.9 with the ``news:`` extension)."""

    name = "news-sitemap"
    suffix = ".sitemap.xml"
    media_type = "application/xml"
    description = "Google News sitemap (exporters feed --now picks the last two days' articles)"

    def render(self, bundle: Bundle) -> Artifact:
        return self.artifact(sitemap_bytes(bundle))

    def inspect(self, data: bytes) -> Inspection:
        return inspect_news_sitemap(data, self.name)

"""The web page: one article, or an edition of many, as one accessible HTML5 file.

The page is semantic HTML5 in reading order: a skip link, the masthead
(``<header>``), an edition's contents (``<nav>``), ``<main>`` with one
``<article>`` per story, and an edition's colophon (``<footer>``). Every story is
the shared, sanitised fragment of :mod:`exporters.formats.html_body` (the one the
feeds and the e-mail carry) in its page form: header, ``<time datetime>`` dates,
figures with captions and credits, quotes with their attribution in a footer, the
notices, rights and publisher in the story's own footer, and ``lang``/``dir`` on
every story::

    >>> from exporters import api
    >>> bundle = api.read_bundle(["samples/articles/port-of-aktau.json"])
    >>> page = HtmlExporter().render(bundle).data
    >>> HtmlExporter().inspect(page).title
    'Caspian Port Doubles Grain Shipments as Rail Link Opens'

The head declares the document facts (:mod:`exporters.facts`) in ``<meta>`` tags,
embeds one ``application/ld+json`` block (the ``jsonld`` format's document,
:func:`exporters.formats.jsonld.jsonld_document`: a ``NewsArticle``, an ``ItemList``
of them for an edition, without ``articleBody``: the page shows the body itself, and
neither schema.org nor Google's article guidance asks for a second copy of it) and, when the article has a URL, ``<link rel="canonical">``
and Open Graph. Nothing runs: that data
block is the only ``<script>``, and a Content-Security-Policy forbids scripts,
frames, forms and every fetch but the page's images.

Choices where the standards leave room:

- One file: the stylesheet (``templates/html/page.css``) sits in ``<style>``, and
  images are ``data:`` URIs (``-O html.images=link`` points each at its URL instead:
  an absolute https source as it is, a relative one against the article URL, or
  left relative when the article has none). Images whose bytes were not loaded are
  shown as caption and credit text, never fetched.
- Headings: a single article's headline is the page's ``h1``. An edition's title is
  the ``h1``; its section titles and every story headline are ``h2``, so each
  story sits at the same level wherever it is; body subheads sit below them.
- ``-O html.templates=DIR`` searches DIR first for ``page.html`` and ``page.css``.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from functools import cache
from typing import Any, Literal
from urllib.parse import quote, urlsplit

import msgspec
from lxml import html as lxml_html
from markupsafe import Markup

from .. import attribution
from ..facts import DocumentFacts, article_facts, document_facts
from ..labels import labels
from ..media import Image
from ..model import Article, Bundle
from ..text import html_safe, paragraphs
from .base import Artifact, Exporter, Inspection
from .common import ImageCatalogue, live_href, public_image_url
from .html_body import Page, article_html
from .html_meta import inspect_html, meta_tags
from .jsonld import jsonld_document, to_json

__all__ = ["HtmlExporter", "HtmlOptions", "open_graph"]

_POLICY = ("default-src 'none'; img-src {images}; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; "
           "frame-src 'none'")
_EMBEDDED_POLICY = _POLICY.format(images="data:")
_LINKED_POLICY = _POLICY.format(images="https: 'self' data:")


class HtmlOptions(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Options of the ``html`` format (``-O html.images=link``).

    ``images``: ``data`` (default) embeds every image in the page; ``link`` points
    each image at its URL, for pages published where the images already live.
    ``templates``: a folder searched before the shipped ``templates/html``.
    """

    images: Literal["data", "link"] = "data"
    templates: str = ""


ImageSource = Callable[[Article, Image], str | None]


class _Embedded:
    """The page's ``data:`` images. Each image first gets a stand-in (its SHA-256 digest as
    the base64 text) and the real bytes go in once the page is finished, so the sanitiser
    and the character filter never walk hundreds of kilobytes of base64."""

    def __init__(self, bundle: Bundle) -> None:
        self.bundle = bundle
        self.catalogue = ImageCatalogue()

    def source(self, article: Article, image: Image) -> str | None:
        resource = self.bundle.resource(article, image)
        if resource is None:
            return None
        return f"data:{resource.media_type};base64,{self.catalogue.add(resource).digest}"

    def fill(self, page: str) -> str:
        for entry in self.catalogue:
            page = page.replace(f";base64,{entry.digest}\"", f";base64,{base64.b64encode(entry.resource.data).decode('ascii')}\"")
        return page


def _link_source(article: Article, image: Image) -> str | None:
    """The image's URL: absolute https as it is, relative against the article URL, else relative.

    >>> from exporters.model import Article
    >>> story = Article(id="a", language="en", headline="H", url="https://news.example.org/2026/story")
    >>> _link_source(story, Image(src="images/a b.png", alt="x"))
    'https://news.example.org/2026/images/a%20b.png'
    >>> _link_source(Article(id="a", language="en", headline="H"), Image(src="images/a.png", alt="x"))
    'images/a.png'
    """
    public = public_image_url(image.src, article.url)
    if public or urlsplit(image.src.strip()).scheme or image.src.strip().startswith("/"):
        return public
    return quote(image.src.strip(), safe="/%-._~!$&'()*+,;=:@")


def _linked(embedded: _Embedded) -> ImageSource:
    """``-O html.images=link``'s image sources: each image's URL (:func:`_link_source`), except a
    photo the article itself holds as a ``data:`` URI, which has no URL to point at and stays
    embedded, so the page never loses it.

    >>> from exporters.model import Bundle
    >>> story = Article(id="a", language="en", headline="H", url="https://news.example.org/2026/story")
    >>> _linked(_Embedded(Bundle.of(story)))(story, Image(src="images/a.png", alt="x"))
    'https://news.example.org/2026/images/a.png'
    """
    def source(article: Article, image: Image) -> str | None:
        if image.src.strip().lower().startswith("data:"):
            return embedded.source(article, image)
        return _link_source(article, image)

    return source


@cache
def _template(user_folder: str) -> Any:
    """The compiled page template, loaded once per process (Jinja would otherwise look at the
    file's modification time on every render)."""
    from ..templates import environment

    return environment("html", user_folder or None).get_template("page.html")


@cache
def _stylesheet(user_folder: str) -> Markup:
    """The stylesheet text for ``<style>``, read once per process, without what HTML may not hold."""
    template = _template(user_folder)
    env = template.environment
    source, _, _ = env.loader.get_source(env, "page.css")
    return Markup(html_safe(source.strip()))


def render_page(bundle: Bundle, options: HtmlOptions) -> str:
    """The finished page of ``bundle`` as text.

    Every text from the model is made safe for HTML as it is written (the fragments of
    :mod:`~exporters.formats.html_body`, :func:`_line` here, :func:`~exporters.formats.jsonld.to_json`
    for the data block), so the finished page is not scanned again.
    """
    lead = article_facts(bundle.lead) if bundle.is_single else None  # the JSON-LD's, and the page's
    facts = document_facts(bundle, lead)
    words = labels(facts.language)
    linked = options.images == "link"
    embedded = _Embedded(bundle)
    image_src = _linked(embedded) if linked else embedded.source
    sections, contents = _stories(bundle, image_src, frozenset({"data"}))
    page = _template(options.templates).render(
        lang=facts.language,
        dir=facts.direction,
        title=_line(facts.title),
        policy=_LINKED_POLICY if linked else _EMBEDDED_POLICY,
        meta=[(name, _line(content)) for name, content in meta_tags(bundle, facts)],
        canonical=live_href(facts.url) if not facts.is_edition and facts.url else "",
        og=open_graph(bundle, facts),
        jsonld=Markup(to_json(jsonld_document(bundle, body=False, lead=lead), indent=None)),
        css=_stylesheet(options.templates),
        words=words,
        masthead=_masthead(bundle, facts, words),
        contents=contents if facts.is_edition else [],
        introduction=[html_safe(part) for part in paragraphs(bundle.introduction)] if facts.is_edition else [],
        sections=sections,
        colophon=_colophon(facts, words),
    )
    return embedded.fill(page)


def _stories(bundle: Bundle, image_src: ImageSource, schemes: frozenset[str]) -> tuple[list[dict], list[dict]]:
    """Every story as a page fragment, grouped by section, and the contents entries that link
    to them (``story-1``, ``story-2``, ... numbered on across sections)."""
    level = 1 if bundle.is_single else 2
    sections, contents, number = [], [], 0
    for index, section in enumerate(bundle.sections, start=1):
        title = "" if bundle.is_single else html_safe(section.title.strip())
        stories, entries = [], []
        for article in section.articles:
            number += 1
            anchor = f"story-{number}"
            stories.append(Markup(article_html(article, bundle, image_src=image_src, extra_schemes=schemes,
                                               page=Page(anchor, level))))
            entries.append({"anchor": anchor, "headline": html_safe(article.headline), "lang": article.language,
                            "dir": article.text_direction})
        if stories:
            sections.append({"title": title, "anchor": f"section-{index}", "stories": stories})
            contents.append({"title": title, "start": number - len(entries) + 1, "entries": entries})
    return sections, contents


def _line(value: str) -> str:
    """``value`` on one line, without what HTML may not hold.

    >>> _line(" Port\\x85of\\n Aktau\\x7f ")
    'Port of Aktau'
    """
    return " ".join(html_safe(value).split())


def _masthead(bundle: Bundle, facts: DocumentFacts, words: dict[str, str]) -> dict[str, Any]:
    """The banner: the publisher (one that has a site links to it); an edition's title and issue."""
    sole = facts.sole_publisher
    masthead: dict[str, Any] = {
        "publisher": _line(facts.publisher),
        "publisher_url": (live_href(sole.url) or "") if sole and sole.url else "",
        "title": "",
    }
    if facts.is_edition:
        editors = attribution.join_names(list(facts.editors), facts.language)
        masthead.update({
            "title": _line(facts.title),
            "subtitle": _line(bundle.subtitle),
            "issue": _line(f"{words['issue']} {bundle.issue}") if bundle.issue else "",
            "date": bundle.date.date().isoformat() if bundle.date else "",
            "date_iso": attribution.iso_date(bundle.date),
            "editors": _line(f"{words['editors']} {editors}") if editors else "",
        })
    return masthead


def _colophon(facts: DocumentFacts, words: dict[str, str]) -> list[str]:
    """An edition's footer: its publisher; each story's rights and notices are in the story."""
    if not facts.is_edition or not facts.publisher:
        return []
    return [_line(f"{words['publisher']}: {facts.publisher}")]


def open_graph(bundle: Bundle, facts: DocumentFacts) -> list[tuple[str, str]]:
    """Open Graph properties for a single article that has a URL (``og:url`` needs one), each
    value on one line and safe for HTML; the page's ``<meta property>`` tags.

    >>> from exporters.model import Article
    >>> story = Article(id="a", language="en", headline="Grain", url="https://news.example.org/grain")
    >>> open_graph(Bundle.of(story), document_facts(Bundle.of(story)))[:3]
    [('og:type', 'article'), ('og:title', 'Grain'), ('og:url', 'https://news.example.org/grain')]
    """
    url = live_href(facts.url) if facts.url else None
    if facts.is_edition or not url:
        return []
    article = bundle.lead
    tags = [("og:type", "article"), ("og:title", _line(facts.title)), ("og:url", url)]
    if facts.description:
        tags.append(("og:description", _line(facts.description)))
    if facts.publisher:
        tags.append(("og:site_name", _line(facts.publisher)))
    image = article.lead_image
    picture = public_image_url(image.src, article.url) if image and not image.decorative and image.src else None
    if image and picture:
        tags.append(("og:image", picture))
        if image.alt:
            tags.append(("og:image:alt", _line(image.alt)))
    if facts.published:
        tags.append(("article:published_time", attribution.iso_date(facts.published)))
    if facts.modified:
        tags.append(("article:modified_time", attribution.iso_date(facts.modified)))
    if article.section:
        tags.append(("article:section", _line(article.section)))
    tags.extend(("article:tag", _line(keyword)) for keyword in facts.keywords)
    return tags


def read_jsonld(data: bytes | str) -> list[Any]:
    """Every ``application/ld+json`` block of a page, parsed (``ValueError`` if one is not JSON)."""
    document = lxml_html.document_fromstring(data)
    return [json.loads(script.text or "") for script in document.iter("script")
            if (script.get("type") or "").strip().lower() == "application/ld+json"]


class HtmlExporter(Exporter):
    """An accessible, self-contained web page: one article, or an edition with its contents."""

    name = "html"
    suffix = ".html"
    media_type = "text/html; charset=utf-8"
    description = "Accessible web page (HTML5) with JSON-LD, one file with its images"
    Options = HtmlOptions

    @property
    def settings(self) -> HtmlOptions:
        """The options, typed (``-O html.images=link`` arrives here)."""
        return self.options if isinstance(self.options, HtmlOptions) else HtmlOptions()

    def render(self, bundle: Bundle) -> Artifact:
        return self.artifact(render_page(bundle, self.settings).encode("utf-8"))

    def inspect(self, data: bytes) -> Inspection:
        """Metadata from ``<title>``, ``<html lang>`` and the ``<meta>`` tags; text from the
        visible body (lxml); the JSON-LD parsed into ``extra["jsonld"]``."""
        seen = inspect_html(data, self.name)
        return msgspec.structs.replace(seen, extra={**seen.extra, "jsonld": read_jsonld(data)})

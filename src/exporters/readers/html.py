"""Saved news pages (``.html``): metadata from JSON-LD and Open Graph, the story by article extraction.

Metadata comes first from the page's schema.org JSON-LD (``NewsArticle`` and
its kin: headline, author, editor, dates, publisher, inLanguage, image,
articleSection, keywords, description, url, identifier, dateline, copyright
and licence), then from Open Graph and ``<meta>`` tags, then from ``<html lang>``,
``<h1>`` and ``<title>``::

    >>> reading = read_html(Path("page.html").read_bytes(), Path("page.html"), {})  # doctest: +SKIP
    >>> reading.article.authors[0].name, reading.article.language                  # doctest: +SKIP
    ('Aliya Example', 'en-GB')

The story is found by trafilatura (its XML output keeps headings, lists,
quotes, images, emphasis and links) after the page has been sanitised with
nh3: ``script``, ``style``, ``iframe``, ``object``, forms and every event
handler are removed with their content before extraction, and the page's
chrome is dropped by its structure and the page's metadata, never by its words:
navigation, asides, the page's headers and footers, the story's own footer, skip
links, and what the story's own header repeats of the metadata (kicker, headline,
byline, dates; see :func:`_drop_chrome`).
Links survive only as http, https or mailto (relative links are resolved
against the page's URL when it is known); any other link keeps its words as
plain text. Image sources must be https URLs, relative paths inside the
page's folder, or ``data:`` URIs of a PNG, JPEG or GIF image (as in this toolkit's
own web page and in pages a browser saved as one file): an embedded image is kept
with its alt text, caption and credit, and verified like a file when the article
is exported. Every string that reaches the model is plain text.

Choices:

- the lead image is the first image before the first paragraph (alt from the
  ``<img>``, caption and credit from its ``<figcaption>``: an element whose class
  names a credit, a ``<small>`` or ``<cite>``, or a trailing ``Photo: Name``);
  missing parts come from the JSON-LD image (``caption``, ``creditText``,
  ``copyrightHolder``) and ``og:image:alt``. When the text has no image, the
  metadata image becomes the lead image;
- a block quote's ``<footer>``, ``<cite>`` or last line starting with ``—`` is its
  attribution;
- the ``<h1>`` repeating the headline is not a body heading; other headings keep
  their level (an ``<h1>`` becomes level 2);
- JSON-LD ``dateline`` names the place; a paragraph starting with it (or, without
  it, with ``PLACE --``) keeps the words after it, as in the scraped reader;
- ``With reporting by ...`` and ``ALSO READ: ...`` paragraphs become credits and
  related links, as in the other readers;
- table rows become paragraphs with cells joined by `` | `` (the model has no table);
- invisible format characters are kept as the page wrote them: zero-width joiners and
  non-joiners (emoji sequences, Persian words), direction marks and isolates, soft
  hyphens and word joiners; bidi overrides and a stray byte order mark are dropped;
- a date without a time is midnight UTC (a guess); a time without a zone is
  dropped (a guess), never assumed;
- ``id`` is the JSON-LD ``identifier``, else the canonical URL, else the file name.

A page without article text is an :class:`~exporters.errors.InputError`. The
page must be UTF-8.
"""

from __future__ import annotations

import datetime as dt
import html as html_text
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .. import limits
from ..body import Block, Emphasis, Figure, Heading, Inline, LineBreak, Link, ListBlock, Paragraph, Quote, Strong
from ..errors import InputError
from ..media import Image
from ..model import Credit, Dateline, Notice, Organization, Person, Rights
from .reading import Reading
from ._blocks import (
    credit_kind,
    credit_line,
    finish,
    join_inlines,
    language_tag,
    plural,
    related_link,
    safe_href,
    safe_src,
    split_credit,
    take_dateline,
)
from .meta import decode_text

__all__ = ["read_html"]

_ARTICLE_TYPES = frozenset(
    {
        "NewsArticle",
        "Article",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "Report",
    }
)
_REMOVED_WITH_CONTENT = {
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "noscript",
    "object",
    "embed",
    "applet",
    "template",
    "svg",
    "math",
    "form",
    "button",
    "select",
    "textarea",
    "input",
    "canvas",
    "audio",
    "video",
    "title",
}
_ATTRIBUTES = {
    "*": {"class", "id", "lang", "dir", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "time": {"datetime"},
    "ol": {"start"},
}
_CREDIT_CLASS = re.compile(r"credit|byline|copyright|source|author|photographer", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_ATTRIBUTION = re.compile(r"^\s*(?:—|--|―|–)\s*")


def read_html(data: bytes, path: Path, meta: dict[str, Any]) -> Reading:
    """A saved news page as an article; see the module docstring for the rules."""
    from lxml import etree
    from lxml import html as lxml_html

    text = decode_text(data, path)
    try:
        # huge_tree: without it libxml2 silently drops whatever is nested deeper than 256 levels;
        # with it, the depth is seen (up to 2,048) and refused above MAX_HTML_DEPTH.
        parser = lxml_html.HTMLParser(encoding="utf-8", huge_tree=True)
        root = lxml_html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise InputError(path, "", f"not an HTML document ({error})") from None
    _check_shape(root, path)
    guesses: list[str] = []
    page = _PageMetadata(root, guesses)
    fields = page.fields()
    figures, prepared, frames = _prepare(root, fields)
    if frames:
        guesses.append(f"body: {frames} embedded frame(s) or object(s) removed; they are never imported")
    story = _extract(prepared)
    if story is None:
        raise InputError(path, "<body>", "no article text found (only navigation, scripts or page furniture)")
    builder = _Story(figures, fields.get("url", ""), fields.get("headline", ""), guesses)
    builder.read(story)
    if not builder.body:
        raise InputError(path, "<body>", "no article text found (only navigation, scripts or page furniture)")
    fields["body"] = builder.body
    if builder.credits:
        found = {credit.name: credit for credit in builder.credits}
        declared = [found.pop(credit.name, credit) for credit in fields.get("credits", [])]
        fields["credits"] = declared + list(found.values())
    _place_dateline(fields, builder, guesses)
    _place_lead_image(fields, builder, page, guesses)
    if not fields.get("headline") and not meta.get("headline"):
        raise InputError(path, "<head>", "no headline: the page has no JSON-LD headline, og:title, <h1> or <title>")
    if "id" not in fields:
        fields["id"] = fields.get("url") or path.stem
        guesses.append(f"id: {'the canonical URL' if fields.get('url') else 'the file name'} ({fields['id']})")
    return finish(path, fields, meta, guesses)


def _check_shape(root: Any, path: Path) -> None:
    """Refuse pages nested deeper than MAX_HTML_DEPTH or holding more than MAX_HTML_ELEMENTS elements."""
    from lxml import etree

    depth = count = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if event == "end":
            depth -= 1
            continue
        depth += 1
        count += 1
        if depth > limits.MAX_HTML_DEPTH:
            raise InputError(path, f"line {element.sourceline}", f"elements nested more than {limits.MAX_HTML_DEPTH} "
                             "deep; the limit is exporters.limits.MAX_HTML_DEPTH")
        if count > limits.MAX_HTML_ELEMENTS:
            raise InputError(path, f"line {element.sourceline}", f"more than {limits.MAX_HTML_ELEMENTS:,} elements; "
                             "the limit is exporters.limits.MAX_HTML_ELEMENTS")


# -- metadata -----------------------------------------------------------------


class _PageMetadata:
    """JSON-LD, Open Graph and ``<meta>`` facts of a page, in that order of trust."""

    def __init__(self, root: Any, guesses: list[str]) -> None:
        self.root = root
        self.guesses = guesses
        self.ld = _json_ld(root, guesses)
        self.tags = _meta_tags(root)

    def tag(self, *names: str) -> str:
        """The first non-empty ``<meta>`` value among ``names`` (``og:title``, ``description``)."""
        for name in names:
            for value in self.tags.get(name, []):
                if _clean(value):
                    return _clean(value)
        return ""

    def fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        self._identity(fields)
        self._text(fields)
        self._people(fields)
        self._dates(fields)
        return {key: value for key, value in fields.items() if value not in ("", [], None)}

    def _identity(self, fields: dict[str, Any]) -> None:
        ld = self.ld
        url = _ld_url(ld.get("url")) or _ld_url(ld.get("mainEntityOfPage")) or self.tag("og:url")
        canonical = self.root.xpath("//link[@rel='canonical']/@href")
        fields["url"] = safe_href(url or (canonical[0] if canonical else ""))
        if fields["url"].startswith("mailto:"):
            fields["url"] = ""
        identifier = ld.get("identifier")
        if isinstance(identifier, dict):
            identifier = identifier.get("value")
        if isinstance(identifier, (str, int)) and _clean(str(identifier)):
            fields["id"] = _clean(str(identifier))
        fields["language"] = self._language()

    def _language(self) -> str:
        candidates = [
            ("JSON-LD inLanguage", _ld_language(self.ld.get("inLanguage"))),
            ("og:locale", self.tag("og:locale")),
            (
                "<html lang>",
                (self.root.get("lang") or self.root.get("{http://www.w3.org/XML/1998/namespace}lang") or ""),
            ),
            ("<meta http-equiv content-language>", self.tag("content-language")),
        ]
        for source, value in candidates:
            tag = language_tag(value)
            if tag:
                if source != "JSON-LD inLanguage":
                    self.guesses.append(f"language: taken from {source} ({tag})")
                return tag
            if value:
                self.guesses.append(f"language: {source} {value!r} is not a BCP 47 tag; ignored")
        self.guesses.append("language: the page does not say; set to und (give it with --meta language=...)")
        return "und"

    def _text(self, fields: dict[str, Any]) -> None:
        ld = self.ld
        headline = _clean(_first(ld.get("headline")) or "")
        if not headline:
            for source, value in (
                ("og:title", self.tag("og:title")),
                ("the page's <h1>", _clean(" ".join(self.root.xpath("string((//h1)[1])").split()))),
                ("<title>", _clean(self.root.findtext(".//title") or "")),
            ):
                if value:
                    headline = value
                    self.guesses.append(f"headline: taken from {source}")
                    break
        fields["headline"] = headline
        fields["subheadline"] = _clean(_first(ld.get("alternativeHeadline")) or "")
        fields["summary"] = _clean(_first(ld.get("description")) or "") or self.tag("og:description", "description")
        fields["section"] = _clean(_first(ld.get("articleSection")) or "") or self.tag("article:section")
        fields["keywords"] = (
            _keywords(ld.get("keywords")) or self.tags_list("article:tag") or _keywords(self.tag("keywords"))
        )
        dateline = _clean(_first(ld.get("dateline")) or "")
        if dateline:
            fields["dateline"] = Dateline(place=dateline)
        corrections = [_comment_text(item) for item in _as_list(ld.get("correction"))]
        fields["notices"] = [Notice(text=text, kind="correction") for text in corrections if text]

    def tags_list(self, name: str) -> list[str]:
        return list(dict.fromkeys(_clean(value) for value in self.tags.get(name, []) if _clean(value)))

    def _people(self, fields: dict[str, Any]) -> None:
        ld = self.ld
        publisher = _organization(_first(ld.get("publisher")))
        if publisher is None and self.tag("og:site_name"):
            publisher = Organization(name=self.tag("og:site_name"))
            self.guesses.append("publisher: taken from og:site_name")
        fields["publisher"] = publisher
        authors = [person for item in _as_list(ld.get("author")) if (person := _person(item, "author"))]
        if publisher:
            institutional = [person for person in authors if person.name == publisher.name]
            if institutional:
                self.guesses.append(
                    f"authors: {publisher.name!r} is the publisher signing the piece; not listed as an author"
                )
            authors = [person for person in authors if person.name != publisher.name]
        if not authors and not ld.get("author"):
            name = self.tag("author")
            if name and not safe_href(name):
                authors = [Person(name=_strip_by(name))]
                self.guesses.append("authors: taken from <meta name=author>")
        authors += [person for item in _as_list(ld.get("editor")) if (person := _person(item, "editor"))]
        fields["authors"] = authors
        fields["credits"] = [credit for item in _as_list(ld.get("contributor")) if (credit := _credit(item))]
        fields["source"] = _organization(_first(ld.get("sourceOrganization")))
        holder = _name(_first(ld.get("copyrightHolder")))
        notice = _clean(_first(ld.get("copyrightNotice")) or "")
        licence = _clean(_ld_url(ld.get("license")) or _name(_first(ld.get("license"))) or "")
        if holder or notice or licence:
            fields["rights"] = Rights(holder=holder, notice=notice, licence=licence)

    def _dates(self, fields: dict[str, Any]) -> None:
        for key, ld_key, tag in (
            ("published", "datePublished", "article:published_time"),
            ("updated", "dateModified", "article:modified_time"),
        ):
            value = _first(self.ld.get(ld_key)) or self.tag(tag)
            fields[key] = _moment(value, key, self.guesses) if isinstance(value, str) and value.strip() else None
        if fields.get("updated") and fields["updated"] == fields.get("published"):
            fields["updated"] = None

    def image(self) -> Image | None:
        """The page's declared lead image (JSON-LD, else og:image), with its caption and credit."""
        item = _first(self.ld.get("image") or self.ld.get("thumbnailUrl"))
        src = safe_src(_ld_url(item) or self.tag("og:image"))
        if not src:
            return None
        details = item if isinstance(item, dict) else {}
        credit = _clean(_first(details.get("creditText")) or "") or _name(_first(details.get("copyrightHolder"))) or ""
        return Image(
            src=src,
            alt=self.tag("og:image:alt") or _clean(_first(details.get("description")) or ""),
            caption=_clean(_first(details.get("caption")) or ""),
            credit=_clean(credit),
        )

    def image_details(self, src: str) -> dict[str, str]:
        """Caption, credit and alt text the metadata gives for the image at ``src``."""
        declared = self.image()
        if declared is None or declared.src != src:
            return {}
        return {"caption": declared.caption, "credit": declared.credit, "alt": declared.alt}


def _json_ld(root: Any, guesses: list[str]) -> dict[str, Any]:
    """The first article object in the page's JSON-LD blocks (``@graph`` and lists searched)."""
    for number, script in enumerate(root.xpath("//script[@type='application/ld+json']"), 1):
        try:
            data = json.loads(script.text or "")
        except json.JSONDecodeError as error:
            guesses.append(f"JSON-LD block {number} is not valid JSON (line {error.lineno}); ignored")
            continue
        for item in _ld_items(data):
            types = {kind for kind in _as_list(item.get("@type")) if isinstance(kind, str)}
            if types & _ARTICLE_TYPES:
                return item
    return {}


def _ld_items(data: Any) -> Iterator[dict[str, Any]]:
    for item in _as_list(data):
        if isinstance(item, dict):
            yield item
            yield from _ld_items(item.get("@graph"))


def _meta_tags(root: Any) -> dict[str, list[str]]:
    """``<meta property|name|http-equiv=... content=...>`` values by lower-cased name."""
    tags: dict[str, list[str]] = {}
    for element in root.xpath("//meta[@content]"):
        name = element.get("property") or element.get("name") or element.get("http-equiv") or ""
        if name:
            tags.setdefault(name.strip().lower(), []).append(element.get("content"))
    return tags


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _first(value: Any) -> Any:
    items = _as_list(value)
    return items[0] if items else None


def _name(value: Any) -> str:
    """``"Jane Doe"`` or ``{"@type": "Person", "name": "Jane Doe"}`` -> ``Jane Doe``."""
    if isinstance(value, dict):
        value = _first(value.get("name"))
    return _clean(value)


def _comment_text(value: Any) -> str:
    """A correction as plain text, or a ``CorrectionComment`` object's ``text``."""
    if isinstance(value, dict):
        value = _first(value.get("text"))
    return "" if safe_href(str(value)) else _clean(value)


def _ld_url(value: Any) -> str:
    value = _first(value)
    if isinstance(value, dict):
        value = _first(value.get("url") or value.get("@id") or value.get("contentUrl"))
    return value.strip() if isinstance(value, str) else ""


def _ld_language(value: Any) -> str:
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name")
    return value if isinstance(value, str) else ""


def _organization(value: Any) -> Organization | None:
    name = _name(value)
    if not name:
        return None
    details = value if isinstance(value, dict) else {}
    url = safe_href(_ld_url(details.get("url")))
    logo = safe_src(_ld_url(details.get("logo")))
    return Organization(name=name, url="" if url.startswith("mailto:") else url, logo=logo)


def _person(value: Any, role: str) -> Person | None:
    name = _strip_by(_name(value))
    if not name:
        return None
    details = value if isinstance(value, dict) else {}
    url = safe_href(_ld_url(details.get("url")))
    organization = _name(_first(details.get("worksFor") or details.get("affiliation")))
    return Person(name=name, role=role, url="" if url.startswith("mailto:") else url, organization=organization)


def _credit(value: Any) -> Credit | None:
    """A JSON-LD ``contributor``: a person, a known agency or an organisation, crediting reporting.

    >>> _credit({"@type": "Organization", "name": "Reuters"})
    Credit(name='Reuters', role='reporting', kind='agency')
    >>> _credit({"@type": "Person", "name": "Saule Demo"}).kind
    'person'
    """
    name = _name(value)
    if not name:
        return None
    kinds = _as_list(value.get("@type")) if isinstance(value, dict) else []
    return Credit(name=name, kind="person" if "Person" in kinds else credit_kind(name))


def _strip_by(name: str) -> str:
    return re.sub(r"^by\s+", "", name, flags=re.IGNORECASE).strip()


def _keywords(value: Any) -> list[str]:
    words = value.split(",") if isinstance(value, str) else [item for item in _as_list(value) if isinstance(item, str)]
    return list(dict.fromkeys(_clean(word) for word in words if _clean(word)))


def _moment(value: str, key: str, guesses: list[str]) -> dt.datetime | dt.date | None:
    """An aware datetime, a bare date (expanded later), or None with a guess explaining why."""
    value = value.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return dt.date.fromisoformat(value)
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        guesses.append(f"{key}: {value!r} is not an ISO 8601 date; left out")
        return None
    if moment.tzinfo is None:
        guesses.append(
            f"{key}: {value!r} has no time zone; left out rather than assumed (give it with --meta {key}=...)"
        )
        return None
    return moment


def _clean(value: Any) -> str:
    """Plain text from a metadata string: markup removed, entities decoded, spaces collapsed."""
    if not isinstance(value, str):
        return ""
    import nh3

    return _SPACE.sub(
        " ", html_text.unescape(nh3.clean(value, tags=set(), clean_content_tags={"script", "style"}))
    ).strip()


# -- the page body ------------------------------------------------------------


def _prepare(root: Any, fields: dict[str, Any]) -> tuple[dict[str, dict[str, Any]], str, int]:
    """Sanitise the body and drop its chrome (``fields``: the page's metadata); return figure details
    by src, the cleaned page for extraction, and frames removed."""
    import nh3
    from lxml import html as lxml_html

    body = root.find("body")
    if body is None:
        return {}, "", 0
    frames = len(body.xpath(".//iframe | .//frame | .//object | .//embed | .//applet"))
    embedded = _stand_in_data_images(body)
    cleaned = nh3.clean(
        lxml_html.tostring(body, encoding="unicode"),
        tags=set(nh3.ALLOWED_TAGS) | {"main", "section"},
        clean_content_tags=_REMOVED_WITH_CONTENT,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )
    tree = lxml_html.fragment_fromstring(cleaned, create_parent="div")
    _drop_chrome(tree, fields)
    _mark_quote_attributions(tree)
    figures = _figures(tree, embedded)
    return figures, f"<html><body>{lxml_html.tostring(tree, encoding='unicode')}</body></html>", frames


#: A header or footer inside the story belongs to its nearest of these: the story's own (of an
#: ``<article>`` or ``<main>``) opens or closes the story; a ``<section>``'s or a quote's is part of it.
_INNER = "(ancestor::article or ancestor::main) and ancestor::*[self::article or self::main or self::section or " \
         "self::blockquote][1][self::section or self::blockquote]"
_CHROME = f".//nav | .//aside | .//header[not(ancestor::article or ancestor::main)] " \
          f"| .//footer[not(ancestor::blockquote) and not({_INNER})]"
_STORY_HEADER = f".//header[(ancestor::article or ancestor::main) and not({_INNER})]"
#: Skip links and back-to-top links: links to a place in the page, outside the story.
_IN_PAGE_LINKS = ".//a[starts-with(@href, '#') and string-length(@href) > 1][not(ancestor::article or ancestor::main)]"
_BLOCK = "self::p or self::div or self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6 " \
         "or self::address or self::ul or self::ol or self::dl or self::figure or self::blockquote or self::table"
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _drop_chrome(tree: Any, fields: dict[str, Any]) -> None:
    """Page chrome, found by the page's structure and the page's metadata, never by its words.

    - navigation and asides anywhere; the page's headers and footers (outside the story), and
      the story's own footer (publisher, rights, links): the footer of an ``<article>`` or
      ``<main>``, not of a ``<section>`` in it or of a quote;
    - in a page that marks its story with ``<article>`` or ``<main>``, links to a place in
      the page outside the story (skip links, back to top);
    - the story's own header, when it holds the headline: see :func:`_clear_story_header`.

    >>> from lxml import html
    >>> page = html.fragment_fromstring(
    ...     '<div><a href="#main">Skip</a><header>Site</header><main id="main"><article>'
    ...     '<header><h1>Title</h1><p>By A. Writer</p></header><p>Story.</p>'
    ...     '<section><header><h2>Part</h2></header><p>More.</p></section>'
    ...     '<footer>Publisher</footer></article></main></div>')
    >>> _drop_chrome(page, {"headline": "Title", "authors": [Person(name="A. Writer")]})
    >>> [element.tag for element in page.iter()], page.text_content()
    (['div', 'main', 'article', 'p', 'section', 'header', 'h2', 'p'], 'Story.PartMore.')
    """
    chrome = tree.xpath(_CHROME)
    if tree.xpath(".//article | .//main"):
        chrome += tree.xpath(_IN_PAGE_LINKS)
    for element in chrome:
        element.drop_tree()
    for header in tree.xpath(_STORY_HEADER):
        _clear_story_header(header, fields)


def _clear_story_header(header: Any, fields: dict[str, Any]) -> None:
    """The blocks of the story's header that the page's metadata gives, dropped; the rest kept in its place.

    Only a header holding a heading that is the headline is the story's introduction. In it,
    whatever comes before the headline (a kicker, a section label, a date), the headline,
    and each block after it that repeats a fact of the metadata are dropped: a block equal to
    the subheadline or the dateline, one holding a ``<time>`` (the dates), one naming an
    author, editor, contributor or source the metadata credits. Anything else (a lead image, a
    standfirst the metadata does not give, a credit line the reader knows, which keeps its
    role) stays where it was, out of the header (the extractor drops headers).

    >>> from lxml import html
    >>> article = html.fragment_fromstring(
    ...     '<article><header><figure><img src="b.png"></figure><p>Kicker</p><h1>Title</h1><p>Dek</p>'
    ...     '<p>Standfirst.</p><p>By <a>A. Writer</a></p><p>Published <time>today</time></p>'
    ...     '<figure><img src="a.png"></figure></header><p>Story.</p></article>')
    >>> facts = {"headline": "Title", "subheadline": "Dek", "authors": [Person(name="A. Writer")]}
    >>> _clear_story_header(article[0], facts)
    >>> [(element.tag, element.text or element.get("src")) for element in article.iter("p", "img")]
    [('img', 'b.png'), ('p', 'Standfirst.'), ('img', 'a.png'), ('p', 'Story.')]
    """
    blocks = header.xpath(f".//*[{_BLOCK}][not(ancestor::figure)][not(.//*[{_BLOCK}]) or self::figure]") or [header]
    headline = _folded(fields.get("headline", ""))
    found = next((number for number, block in enumerate(blocks)
                  if block.tag in _HEADINGS and _folded(block.text_content()) == headline), None)
    if not headline or found is None:
        return
    repeated = {_folded(fields.get("subheadline", "")), _folded(getattr(fields.get("dateline"), "place", ""))} - {""}
    credited = [*fields.get("authors", []), *fields.get("credits", []), *filter(None, [fields.get("source")])]
    names = [name for party in credited if (name := _folded(party.name))]
    for number, block in enumerate(blocks):
        text = _folded(block.text_content())
        if block.tag == "figure" or (number > found and credit_line(" ".join(block.text_content().split()))):
            continue
        if number <= found or text in repeated or block.find(".//time") is not None or any(n in text for n in names):
            block.drop_tree()
    header.drop_tag()


def _folded(text: str) -> str:
    """Text compared case- and space-insensitively: ``' Port  Opens'`` -> ``'port opens'``."""
    return " ".join(text.split()).casefold()


def _mark_quote_attributions(tree: Any) -> None:
    """``<blockquote>...<footer>— Name</footer>`` -> a last paragraph ``— Name`` the extractor keeps."""
    for quote in tree.iter("blockquote"):
        sources = quote.xpath("./footer | ./cite | ./p/cite[not(following-sibling::node()[normalize-space()])]")
        if not sources:
            continue
        source = sources[-1]
        text = " ".join(source.text_content().split())
        source.drop_tree()
        if text:
            paragraph = quote.makeelement("p", {})
            paragraph.text = text if _ATTRIBUTION.match(text) else f"— {text}"
            quote.append(paragraph)


def _figures(tree: Any, embedded: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Alt, caption and credit of every ``<img>`` by src; captions removed from the flow.

    An embedded image's entry (``embedded``: stand-in src -> ``data:`` URI, see
    :func:`_stand_in_data_images`) holds its real src under ``"source"``.
    """
    found: dict[str, dict[str, Any]] = {}
    for figure in tree.iter("figure"):
        caption_element = figure.find(".//figcaption")
        caption, credit = _caption_parts(caption_element) if caption_element is not None else ("", "")
        if caption_element is not None:
            caption_element.drop_tree()
        for image in figure.iter("img"):
            found.setdefault(image.get("src", ""), {**_image_attributes(image), "caption": caption, "credit": credit})
    for image in tree.iter("img"):
        found.setdefault(image.get("src", ""), {**_image_attributes(image), "caption": "", "credit": ""})
    for src, details in found.items():
        if src in embedded:
            details["source"] = embedded[src]
    return found


def _stand_in_data_images(body: Any) -> dict[str, str]:
    """Give every ``<img>`` whose src is a ``data:`` URI a short stand-in src of its own, before the
    page is sanitised (which keeps only web sources) and extracted (which keeps only sources named
    like image files); return stand-in -> URI. The same photo in two figures keeps both captions.

    >>> from lxml import html
    >>> body = html.fragment_fromstring('<p><img src="data:image/gif;base64,R0lGODlh"></p>')
    >>> embedded = _stand_in_data_images(body)
    >>> body.find("img").get("src"), embedded
    ('inline-image-1-9ea2b262119b3c70.png', {'inline-image-1-9ea2b262119b3c70.png': 'data:image/gif;base64,R0lGODlh'})
    """
    import hashlib

    from ..resources import is_data_uri

    embedded: dict[str, str] = {}
    for image in body.iter("img"):
        src = image.get("src", "").strip()
        if is_data_uri(src):
            digest = hashlib.sha256(src.encode("utf-8", "surrogatepass")).hexdigest()[:16]
            stand_in = f"inline-image-{len(embedded) + 1}-{digest}.png"
            embedded[stand_in] = src
            image.set("src", stand_in)
    return embedded


def _image_attributes(image: Any) -> dict[str, Any]:
    """Alt text and the declared size of an ``<img>`` (a size that is not a whole number is ignored)."""
    size = {key: int(value) for key in ("width", "height") if (value := image.get(key, "").strip()).isdigit()}
    return {"alt": " ".join(image.get("alt", "").split()), **size}


def _caption_parts(element: Any) -> tuple[str, str]:
    """(caption, credit) from a ``<figcaption>``.

    The credit is its first child whose class names a credit, or its first
    ``<small>`` or ``<cite>``; else a trailing ``Photo: Name``.
    """
    marked = next(
        (
            child
            for child in element.iterdescendants()
            if isinstance(child.tag, str)
            and (_CREDIT_CLASS.search(child.get("class", "")) or child.tag in ("small", "cite"))
        ),
        None,
    )
    credit = ""
    if marked is not None:
        credit = " ".join(marked.text_content().split())
        marked.drop_tree()
    caption = " ".join(element.text_content().split())
    if not credit:
        caption, credit = split_credit(caption)
    return caption, credit


#: Format characters the extractor may drop unless they are handed over as stand-ins; bidi
#: overrides and a stray byte order mark are left to it (the readers refuse overrides).
_DROPPED_FORMAT_CHARACTERS = frozenset("\u202d\u202e\ufeff")
#: Variation selectors 17 to 256: printable, and left alone by Unicode normalisation.
_STAND_INS = range(0xE0100, 0xE01F0)


def _stand_ins(page: str) -> dict[str, str]:
    """Each format character of ``page`` (Unicode category Cf) mapped to a printable stand-in.

    trafilatura writes only characters that ``str.isprintable()`` accepts, so it drops every
    format character, and those carry meaning: a zero-width non-joiner parts a Persian word
    (``می`` + U+200C + ``خواهم``), a zero-width joiner builds an emoji (a woman, a skin tone,
    a laptop: one coder), marks and isolates order mixed-direction text. It has no option to
    keep them, so they go through it as variation selectors the page does not use, and come
    back after.

    >>> _stand_ins("می\u200cخواهم \U0001F469\u200d\U0001F4BB")
    {'\u200c': '\U000e0100', '\u200d': '\U000e0101'}
    """
    import unicodedata

    present = set(page)
    kept = sorted(char for char in present
                  if unicodedata.category(char) == "Cf" and char not in _DROPPED_FORMAT_CHARACTERS)
    free = (chr(code) for code in _STAND_INS if chr(code) not in present)
    return dict(zip(kept, free))


def _swap(text: str, replacements: dict[str, str]) -> str:
    """``text`` with each character of ``replacements`` replaced; no new character may be a key.

    One ``str.replace`` a character: a page holds few of them, and ``str.translate`` with
    a mapping looks every character of the page up in Python, which costs far more.

    >>> _swap("a-b_c", {"-": "+", "_": "="})
    'a+b=c'
    """
    for old, new in replacements.items():
        text = text.replace(old, new)
    return text


_EXTRACTION: dict[str, Any] = {
    "output_format": "xml",
    "include_images": True,
    "include_formatting": True,
    "include_links": True,
    "include_comments": False,
    "include_tables": True,
    "deduplicate": False,
}


def _extract(page: str) -> Any:
    """trafilatura's XML of the main text, parsed, or None.

    When trafilatura finds less than its ``MIN_EXTRACTED_SIZE`` (250 characters: a story
    of one to a few short paragraphs), its balanced mode falls back on its baseline, which
    returns the text of the whole ``<article>`` or ``<body>`` as one plain paragraph:
    headline, byline and story run together. That answer (one ``<p>`` holding no markup)
    is taken only when extraction favouring precision, which has no such fallback, finds no
    more than one block either. Any other answer stands as it is: precision drops text that
    the balanced mode keeps on longer pages.
    """
    if not page:
        return None
    import trafilatura

    stand_ins = _stand_ins(page)
    swapped = _swap(page, stand_ins)
    main = _main(trafilatura.extract(swapped, **_EXTRACTION), stand_ins)
    if main is not None and len(main) == 1 and main[0].tag == "p" and not len(main[0]):
        precise = _main(trafilatura.extract(swapped, favor_precision=True, **_EXTRACTION), stand_ins)
        if precise is not None and len(precise) > 1:
            return precise
    return main


def _main(xml: str | None, stand_ins: dict[str, str]) -> Any:
    """The ``<main>`` of trafilatura's XML with the stand-ins put back, or None when it is empty."""
    from lxml import etree

    if not xml:
        return None
    xml = _swap(xml, {stand_in: char for char, stand_in in stand_ins.items()})
    main = etree.fromstring(xml.encode("utf-8")).find("main")
    return main if main is not None and len(main) else None


class _Story:
    """Blocks from trafilatura's XML, with the lead image and credits set aside."""

    def __init__(self, figures: dict[str, dict[str, Any]], base: str, headline: str, guesses: list[str]) -> None:
        self.figures = figures
        self.base = base
        self.headline = " ".join(headline.split()).casefold()
        self.guesses = guesses
        self.body: list[Block] = []
        self.credits: list[Any] = []
        self.lead_image: Image | None = None
        self.paragraphs = 0

    def read(self, main: Any) -> None:
        for element in main:
            self.block(element)

    def block(self, element: Any) -> None:
        tag = element.tag
        if tag == "head":
            self.heading(element)
        elif tag == "p":
            self.paragraph(element)
        elif tag == "list":
            self.list_block(element)
        elif tag == "quote":
            self.quote(element)
        elif tag == "graphic":
            self.figure(element)
            if (element.text or "").strip():
                self.body.append(Paragraph(content=join_inlines([" ".join(element.text.split())])))
        elif tag == "table":
            self.table(element)
        elif tag in ("div", "main", "section"):
            for child in element:
                self.block(child)
        else:
            self.paragraph(element)

    def heading(self, element: Any) -> None:
        content = self.inlines(element)
        text = " ".join(_plain(content).split())
        if not text or (text.casefold() == self.headline and not self.body):
            return
        level = int(element.get("rend", "h2")[1:] or 2) if re.fullmatch(r"h[1-6]", element.get("rend", "")) else 2
        self.body.append(Heading(content=content, level=max(2, level)))

    def paragraph(self, element: Any) -> None:
        content = self.inlines(element)
        text = _plain(content)
        if not text.strip():
            self.flush_figures(element)
            return
        related = related_link(text, self._single_link(content))
        credits = credit_line(text)
        if related:
            self.body.append(related)
            self.guesses.append(f"body[{len(self.body) - 1}]: {text!r} taken as a related link")
        elif credits:
            self.credits.extend(credits[0])
            self.guesses.append(f"credits: {text!r} taken as {plural(len(credits[0]), 'credit')}, not a paragraph")
            self.guesses.extend(credits[1])
        else:
            self.body.append(Paragraph(content=content))
            self.paragraphs += 1
        self.flush_figures(element)

    def list_block(self, element: Any) -> None:
        items: list[tuple[Inline, ...]] = []
        for item in element.iter("item"):
            content = self.inlines(item, skip=("list",))
            if _plain(content).strip():
                items.append(content)
        if items:
            self.body.append(ListBlock(items=tuple(items), ordered=element.get("rend") == "ol"))

    def quote(self, element: Any) -> None:
        parts = [child for child in element if child.tag in ("p", "lb")] or [element]
        runs = [self.inlines(part) for part in parts if part.tag != "lb"]
        runs = [run for run in runs if _plain(run).strip()]
        attribution = ""
        if len(runs) > 1 and _ATTRIBUTION.match(_plain(runs[-1])):
            attribution = _ATTRIBUTION.sub("", _plain(runs.pop())).strip()
        content: list[Inline] = []
        for number, run in enumerate(runs):
            if number:
                content.append(LineBreak())
            content.extend(run)
        if content:
            self.body.append(Quote(content=join_inlines(content), attribution=attribution))

    def table(self, element: Any) -> None:
        for row in element.iter("row"):
            cells = [" ".join("".join(cell.itertext()).split()) for cell in row.iter("cell")]
            if any(cells):
                self.body.append(Paragraph(content=(" | ".join(cells),)))
        self.guesses.append("body: a table was imported as one paragraph per row (cells joined by ' | ')")

    def figure(self, element: Any) -> None:
        details = self.figures.get(element.get("src", ""), {})
        src = details.get("source") or element.get("src", "")
        image = Image(
            src=safe_src(src),
            alt=" ".join((details.get("alt") or element.get("alt") or "").split()),
            caption=details.get("caption") or " ".join((element.get("title") or "").split()),
            credit=details.get("credit", ""),
            width=details.get("width", 0),
            height=details.get("height", 0),
        )
        if not image.src and not image.caption:
            self.guesses.append(f"body: an image with an unusable source {src[:40]!r} was left out")
            return
        if self.lead_image is None and not self.paragraphs:
            self.lead_image = image
        elif not self.lead_image or (image.src, image.caption) != (self.lead_image.src, self.lead_image.caption):
            self.body.append(Figure(image=image))  # the lead photo again with another caption is a figure too

    def flush_figures(self, element: Any) -> None:
        for graphic in element.iter("graphic"):
            self.figure(graphic)

    def inlines(self, element: Any, skip: tuple[str, ...] = ()) -> tuple[Inline, ...]:
        """The inline content of a block element, outer whitespace trimmed."""
        return join_inlines(self._run(element, skip))

    def _run(self, element: Any, skip: tuple[str, ...]) -> list[Inline]:
        """Text, formatting and links inside ``element``, whitespace collapsed as HTML does."""
        parts: list[Inline | list[Inline]] = [element.text or ""]
        for child in element:
            if child.tag == "graphic":
                # trafilatura puts the words after an <img> whose src it distrusts *inside* the graphic
                parts.append(child.text or "")
            elif child.tag not in skip:
                parts.append(self._inline(child, skip))
            parts.append(child.tail or "")
        return _merge(parts)

    def _inline(self, element: Any, skip: tuple[str, ...]) -> Inline | list[Inline]:
        if element.tag == "lb":
            return LineBreak()
        content = self._run(element, skip)
        if not _plain(content).strip():
            return content
        if element.tag == "hi" and element.get("rend") == "#b":
            return Strong(content=tuple(content))
        if element.tag == "hi" and element.get("rend") == "#i":
            return Emphasis(content=tuple(content))
        if element.tag == "ref":
            href = safe_href(element.get("target", ""), self.base)
            if href:
                return Link(href=href, content=tuple(content))
        return content

    @staticmethod
    def _single_link(content: tuple[Inline, ...]) -> str:
        links = [node.href for node in content if isinstance(node, Link)]
        return links[0] if len(links) == 1 else ""


def _merge(parts: list[Inline | list[Inline]]) -> list[Inline]:
    """Nested runs spliced in, adjacent strings joined, runs of whitespace made one space.

    Spaces next to a line break are dropped.
    """
    flat: list[Inline] = []
    for part in parts:
        for node in part if isinstance(part, list) else [part]:
            if isinstance(node, str):
                if flat and isinstance(flat[-1], str):
                    flat[-1] += node
                else:
                    flat.append(node)
            else:
                flat.append(node)
    merged: list[Inline] = []
    for index, node in enumerate(flat):
        if isinstance(node, str):
            node = _SPACE.sub(" ", node)
            if index and isinstance(flat[index - 1], LineBreak):
                node = node.lstrip()
            if index + 1 < len(flat) and isinstance(flat[index + 1], LineBreak):
                node = node.rstrip()
            if not node:
                continue
        merged.append(node)
    return merged


def _plain(content: tuple[Inline, ...] | list[Inline]) -> str:
    from ..body import inline_text

    return inline_text(tuple(content))


# -- lead image and dateline -------------------------------------------------


def _place_lead_image(fields: dict[str, Any], story: _Story, page: _PageMetadata, guesses: list[str]) -> None:
    image = story.lead_image
    if image is not None:
        extra = page.image_details(image.src)
        import msgspec

        image = msgspec.structs.replace(
            image,
            alt=image.alt or extra.get("alt", ""),
            caption=image.caption or extra.get("caption", ""),
            credit=image.credit or extra.get("credit", ""),
        )
    else:
        image = page.image()
        if image is not None:
            guesses.append("lead_image: the page's declared image (JSON-LD or og:image); it is not in the text")
    if image is None:
        return
    if not image.alt and image.caption:
        import msgspec

        image = msgspec.structs.replace(image, alt=image.caption)
        guesses.append("lead_image.alt: the page gives none; taken from the caption")
    fields["lead_image"] = image


def _place_dateline(fields: dict[str, Any], story: _Story, guesses: list[str]) -> None:
    """The declared (or found) dateline, taken off the first paragraph; see :func:`take_dateline`."""
    dateline, guess = take_dateline(story.body, fields.get("dateline"))
    if dateline is not None:
        fields["dateline"] = dateline
    if guess:
        guesses.append(guess)

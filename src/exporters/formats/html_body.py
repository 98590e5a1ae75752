"""One article as a sanitised HTML fragment, for formats that carry HTML (feeds, e-mail).

The fragment holds everything a reader must see, in the order every format uses:
kicker, headline (optional), dek, byline, credit lines, dateline and dates, source
line, lead image, every body block, then the notices, rights, publisher and the
canonical link. Every text and attribute is escaped as it is written, without the
characters HTML forbids (:func:`text_as_written`); an optional text made only of them
(a kicker, a quote's attribution, a related link's label, an embed's provider, a link's
title, a caption) is left out as an absent one is, so a reader of the fragment gets the
same article back. Links keep only :data:`LINK_SCHEMES`, and images only the sources the caller hands out, so nothing
from the input can become markup, script, an event handler or a remote fetch. The
fragment is written exactly as nh3 (the sanitiser the readers use on input) would
serialise it, so passing it through :func:`sanitize` changes nothing (the tests check
that on every sample and on generated articles), and the sanitiser is spent on input,
not on markup this module wrote. The one exception is a link inside a link, which
HTML cannot nest: such an article is passed through the sanitiser, as before::

    >>> from exporters.model import Article, Bundle
    >>> from exporters.body import Paragraph, Link
    >>> article = Article(id="a1", language="en", headline="Hello", body=(
    ...     Paragraph(content=("See ", Link(href="javascript:alert(1)", content=("this",)), ".")),))
    >>> article_html(article, Bundle.of(article), image_src=lambda article, image: None, headline=False)
    '<div class="article" lang="en" dir="ltr">\\n<p>See this.</p>\\n</div>'

``image_src(article, image)`` decides where an image is loaded from: a public
``https`` URL in a feed, a ``cid:`` reference in an e-mail (pass
``extra_schemes=frozenset({"cid"})``), or None to show the image as text only
(its caption and credit). Images whose bytes were not captured
(``bundle.resource(...)`` is None) are always shown as text only.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from .. import attribution
from ..body import (
    Block,
    Embed,
    Emphasis,
    Figure,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    NoticeBlock,
    Paragraph,
    Quote,
    RelatedLink,
    Separator,
    Strong,
)
from ..labels import labels
from ..media import Image
from ..model import Article, Bundle
from ..text import html_safe, xml_safe
from .common import BLOCK_TAGS, LINK_SCHEMES, live_href

__all__ = ["ImageSource", "Page", "article_html", "sanitize", "text_as_written"]

#: Where an image is loaded from, or None to show it as text: ``image_src(article, image)``.
ImageSource = Callable[[Article, Image], str | None]

#: The only schemes that become live links.

_TAGS = frozenset({
    "a", "article", "aside", "blockquote", "br", "div", "em", "figcaption", "figure", "footer", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hr", "img", "li", "ol", "p", "small", "span", "strong", "time", "ul",
})
_ATTRIBUTES = {
    "*": {"class", "dir", "lang"},
    "a": {"href", "title"},
    "article": {"id", "aria-labelledby"},
    "h1": {"id"},
    "h2": {"id"},
    "img": {"src", "alt", "width", "height"},
    "time": {"datetime"},
}


def article_html(
    article: Article,
    bundle: Bundle,
    *,
    image_src: ImageSource,
    headline: bool = True,
    body: bool = True,
    extra_schemes: frozenset[str] = frozenset(),
    page: Page | None = None,
    figure_places: bool = False,
) -> str:
    """The whole article as one sanitised ``<div lang dir>`` fragment.

    ``headline=False`` leaves the headline out (a feed entry carries it as its
    title). ``body=False`` makes an excerpt: the summary instead of the body
    blocks, with all attribution and notices kept; its ``<div>`` has the class
    ``excerpt``. ``extra_schemes`` lets image sources other than http(s) through
    the sanitiser, e.g. ``cid`` for e-mail; links stay limited to :data:`LINK_SCHEMES`.

    A figure with nothing to show (no bytes or no source, no caption, no credit) is left
    out; ``figure_places=True`` keeps its place as an empty ``<figure>``, so a reader of
    the fragment knows where each of the article's figures goes (ninjs pairs them, in
    order, with its picture associations)::

        >>> from exporters.body import Figure
        >>> photo = Article(id="a1", language="en", headline="Hi", body=(Figure(image=Image(alt="A ferry")),))
        >>> article_html(photo, Bundle.of(photo), image_src=lambda a, i: None, headline=False, figure_places=True)
        '<div class="article" lang="en" dir="ltr">\\n<figure class="figure image-unavailable"></figure>\\n</div>'

    ``page`` makes the fragment a web page's story (see :class:`Page`): an
    ``<article>`` with an ``id``, its header in ``<header>``, dates in ``<time>``,
    the headline at the page's level and body headings below it::

        >>> from exporters.model import Article
        >>> story = Article(id="a1", language="en", headline="Hi", body=(Heading(level=2, content=("Sub",)),))
        >>> print(article_html(story, Bundle.of(story), image_src=lambda a, i: None, page=Page("story-1", 2)))
        <article class="article" id="story-1" aria-labelledby="story-1-title" lang="en" dir="ltr">
        <header>
        <h2 id="story-1-title">Hi</h2>
        </header>
        <h3>Sub</h3>
        </article>
    """
    style = page or _PLAIN
    image_src = _within(image_src, LINK_SCHEMES | extra_schemes)
    parts = [*_header(article, bundle, image_src, headline, style)]
    if body:
        for block in article.body:
            shown = _block(block, article, bundle, image_src, style)
            if not shown and figure_places and isinstance(block, Figure):
                shown = '<figure class="figure image-unavailable"></figure>'
            parts.append(shown)
    else:
        parts.append(_para("summary", article.summary))
    parts.extend(_footer(article))
    kind = "article" if body else "article excerpt"
    language = f'lang="{_attr(article.language)}" dir="{article.text_direction}"'
    if page:
        opening = f'<article class="{kind}" id="{page.anchor}" aria-labelledby="{page.anchor}-title" {language}>'
    else:
        opening = f'<div class="{kind}" {language}>'
    fragment = "\n".join([opening, *filter(None, parts), "</article>" if page else "</div>"])
    # A link inside a link cannot be written as HTML: the parser splits it, so such an article
    # takes the sanitiser's shape of it rather than a copy of that rule here.
    return sanitize(fragment, extra_schemes) if _anchor_in_anchor(fragment) else fragment


def fragment_text(fragment: str) -> str:
    """The visible text of a fragment :func:`article_html` wrote: what
    :func:`~exporters.formats.common.html_text` reads from it with lxml, one line per block,
    without parsing it (a JSON Feed item's ``content_text``).

    The writer escapes every ``<`` of a text and an attribute, so each ``<`` of the fragment opens
    one of its own tags and no tag holds ``>``: a block element's tag (or ``<br>``) ends a line,
    any other tag is dropped, the entities are read back and whitespace is collapsed as
    :func:`~exporters.formats.common.visible_text` does. A text writer from the model would be a
    second copy of the fragment's layout (which lines, separators, captions, the sanitised shape
    of a link inside a link) to keep in step by hand; this reads the one layout there is.

    >>> fragment_text('<div class="article">\\n<p>One <em>two</em> &lt;3</p><ul><li>a<br>b</li></ul>\\n</div>')
    'One two <3\\na\\nb'
    """
    text = _BLOCK_TAG.sub("\n", fragment.replace("\n", " "))
    text = html.unescape(_ANY_TAG.sub("", text))
    return "\n".join(filter(None, map(_one_line, text.split("\n"))))


def _one_line(line: str) -> str:
    """``line`` with each run of whitespace as one space and none at either end: ``" ".join(line.split())``.

    A line with no whitespace but single spaces (nearly every line) only loses a space at an end:
    Python counts no whitespace character but the space as printable, and checking that in C costs
    half of splitting the line into words and joining them again.

    >>> _one_line(" One two "), _one_line("One\u2028 two\t"), _one_line("One  two")
    ('One two', 'One two', 'One two')
    """
    if line.isprintable() and "  " not in line:
        return line.strip(" ")
    return " ".join(line.split())


#: A block element's tag or ``<br>`` (a line ends there), and any tag, in a fragment of :func:`article_html`.
_BLOCK_TAG = re.compile(f"</?(?:{'|'.join(sorted(BLOCK_TAGS | {'br'}))})\\b[^>]*>")
_ANY_TAG = re.compile("<[^>]*>")


@dataclass(frozen=True)
class Page:
    """How a story sits in a web page: its element ``id`` and its headline's level.

    ``anchor`` must be a plain token (letters, digits, ``-``): the caller makes it,
    e.g. ``story-3``. Body headings sit below the headline (model level 2 becomes
    ``level + 1``, down to ``h6``).
    """

    anchor: str
    level: int = 1


#: The e-mail and feed fragment: a ``<div>``, ``h1`` headline, no ``<time>``.
_PLAIN = Page("", 1)


def sanitize(fragment: str, extra_schemes: frozenset[str] = frozenset()) -> str:
    """``fragment`` through nh3 with the allow-list of :func:`article_html`.

    >>> sanitize('<p onclick="x()">Hi<script>alert(1)</script></p>')
    '<p>Hi</p>'
    """
    return _cleaner(frozenset(extra_schemes)).clean(xml_safe(fragment))


@cache
def _cleaner(extra_schemes: frozenset[str]) -> Any:
    """nh3's cleaner with the fragment's allow-list (nh3 loads only when something is sanitised)."""
    import nh3

    return nh3.Cleaner(
        tags=set(_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in _ATTRIBUTES.items()},
        url_schemes=set(LINK_SCHEMES | extra_schemes),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


# -- pieces -------------------------------------------------------------------


def _text(value: str) -> str:
    """Plain text escaped for HTML as nh3 writes it; XML-illegal characters dropped, line ends as ``\\n``.

    >>> _text("a < b\xa0& c\\r\\n")
    'a &lt; b&nbsp;&amp; c\\n'
    """
    if not _TEXT_CHANGES.search(value):  # most texts: nothing to escape, drop or rewrite
        return value
    return html.escape(text_as_written(value), quote=False).replace("\xa0", "&nbsp;")


def _attr(value: str) -> str:
    """An attribute value escaped as nh3 writes it (``'`` stays, ``"`` ``<`` ``>`` are escaped).

    >>> _attr("it's <\\"x\\">")
    "it's &lt;&quot;x&quot;&gt;"
    """
    if not _ATTR_CHANGES.search(value):
        return value
    return html.escape(text_as_written(value), quote=True).replace("&#x27;", "'").replace("\xa0", "&nbsp;")


#: The characters :func:`_text` changes (escapes, no-break space, carriage return, the ones HTML may
#: not hold: :func:`~exporters.text.html_safe`); a text without any is written as it is. :func:`_attr`
#: changes ``"`` too. (A character beyond the first plane takes the slow path; only its noncharacters change.)
_HTML_FORBIDDEN = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\U0001fffe-\U0010ffff"
_TEXT_CHANGES = re.compile(f"[&<>\xa0\r{_HTML_FORBIDDEN}]")
_ATTR_CHANGES = re.compile(f"[\"&<>\xa0\r{_HTML_FORBIDDEN}]")


def text_as_written(value: str) -> str:
    """``value`` as the fragment holds it and an HTML parser reads it back: without the characters
    HTML may not hold (:func:`~exporters.text.html_safe`: XML's, DEL, C1 controls, noncharacters),
    ``\\r\\n`` and ``\\r`` read as ``\\n``.

    Every text of the fragment passes here as it is written, so the finished page or message
    needs no second pass over all its characters. A format that carries the fragment beside a
    plain text of the same blocks (ninjs) writes that text through here too, so the two agree
    and a reader of the fragment gets back the text the plain body holds.

    >>> text_as_written("a\\x7fb\\r\\nc")
    'ab\\nc'
    """
    if value.isprintable():  # no control, line end or noncharacter: most texts, checked in C
        return value
    return html_safe(value).replace("\r\n", "\n").replace("\r", "\n")


def _anchor_in_anchor(fragment: str) -> bool:
    """True when an ``<a>`` of ``fragment`` opens before the one before it closed (a link inside a link).

    Only this module's own anchors can match: every ``<`` of a text or an attribute is escaped.

    >>> _anchor_in_anchor('<p><a href="a">x <a href="b">y</a></a></p>'), _anchor_in_anchor('<a href="a">x</a> <a href="b">y</a>')
    (True, False)
    """
    start = fragment.find("<a ")
    while start != -1:
        following = fragment.find("<a ", start + 3)
        if following == -1:
            return False
        closing = fragment.find("</a>", start)
        if closing == -1 or following < closing:
            return True
        start = following
    return False


def _within(image_src: ImageSource, schemes: frozenset[str]) -> ImageSource:
    """``image_src`` giving only sources in ``schemes`` (or relative ones); any other image is shown as text.

    >>> source = _within(lambda article, image: "javascript:x()", frozenset({"https"}))
    >>> source(None, None) is None
    True
    """
    def source(article: Article, image: Image) -> str | None:
        src = image_src(article, image)
        scheme = src.split(":", 1)[0].lower() if src and ":" in src.split("/", 1)[0] else ""
        return src if src and (not scheme or scheme in schemes) else None

    return source


#: What nh3 adds to every link, so a page opened from the fragment cannot reach back.
_REL = ' rel="noopener noreferrer"'


def _para(css: str, text: str) -> str:
    """A ``<p class>`` of ``text``, or nothing when no character of it is left as written.

    >>> _para("kicker", "Analysis"), _para("kicker", "\\x7f")
    ('<p class="kicker">Analysis</p>', '')
    """
    written = _text(text)
    return f'<p class="{css}">{written}</p>' if written else ""


def _header(article: Article, bundle: Bundle, image_src: ImageSource, headline: bool, page: Page) -> list[str]:
    parts = [_para("kicker", article.kicker)]
    if headline:
        title_id = f' id="{page.anchor}-title"' if page.anchor else ""
        parts.append(f"<h{page.level}{title_id}>{_text(article.headline)}</h{page.level}>")
    parts.append(_para("dek", article.subheadline))
    parts.append(_para("byline", attribution.byline(article)))
    parts.extend(_para("credit", line) for line in attribution.credit_lines(article))
    if article.dateline:
        place = ", ".join(part for part in (article.dateline.place, article.dateline.text) if part)
        parts.append(_para("dateline", place))
    parts.append(_dates(article) if page.anchor else _para("dates", attribution.date_line(article)))
    parts.append(_para("source", attribution.source_line(article)))
    if page.anchor:
        parts = ["<header>", *(part for part in parts if part), "</header>"]
    if article.lead_image:
        parts.append(_figure(article.lead_image, article, bundle, image_src, "lead-image"))
    return parts


def _dates(article: Article) -> str:
    """The date line with each moment in a ``<time datetime>`` element (same words as
    :func:`~exporters.attribution.date_line`). The ISO dates read left to right in every
    language, so each ``<time>`` is its own left-to-right island: in a Persian line the
    bidi rules would otherwise show ``2026-03-10`` as ``10-03-2026``."""
    words = labels(article.language)
    moments = [("published", article.published)]
    if article.updated and article.updated != article.published:
        moments.append(("updated", article.updated))
    shown = [f'{_text(words[key])} <time datetime="{attribution.iso_date(moment)}" dir="ltr">'
             f"{_text(attribution.human_date(moment))}</time>" for key, moment in moments if moment]
    return f'<p class="dates">{" · ".join(shown)}</p>' if shown else ""


def _footer(article: Article) -> list[str]:
    parts = [f'<aside class="notice notice-{_attr(notice.kind)}"><p>{_text(notice.text)}</p></aside>'
             for notice in article.notices]
    closing = [_para("rights", attribution.rights_line(article))]
    if article.rights and article.rights.usage_terms:
        closing.append(_para("usage-terms", article.rights.usage_terms))
    if article.publisher:
        closing.append(f'<p class="publisher">{_linked(article.publisher.name, article.publisher.url)}</p>')
    if article.url:
        closing.append(f'<p class="canonical">{_linked(article.url, article.url)}</p>')
    closing = [part for part in closing if part]
    if closing:
        parts.append("<footer>" + "".join(closing) + "</footer>")
    return parts


def _linked(text: str, url: str, title: str = "") -> str:
    """``text`` as a live link when ``url`` is http(s)/mailto, else as plain text."""
    href = live_href(url)
    if href is None:
        return _text(text)
    title_attr = f' title="{_attr(title)}"' if title else ""
    return f'<a href="{_attr(href)}"{title_attr}{_REL}>{_text(text)}</a>'


def _inlines(content: tuple[Inline, ...]) -> str:
    parts = []
    for node in content:
        if isinstance(node, str):
            parts.append(_text(node))
        elif isinstance(node, Emphasis):
            parts.append(f"<em>{_inlines(node.content)}</em>")
        elif isinstance(node, Strong):
            parts.append(f"<strong>{_inlines(node.content)}</strong>")
        elif isinstance(node, Link):
            href = live_href(node.href)
            inner = _inlines(node.content)
            title = _attr(node.title) if node.title else ""
            title = f' title="{title}"' if title else ""
            parts.append(f'<a href="{_attr(href)}"{title}{_REL}>{inner}</a>' if href else inner)
        elif isinstance(node, LineBreak):
            parts.append("<br>")
    return "".join(parts)


def _block(block: Block, article: Article, bundle: Bundle, image_src: ImageSource, page: Page) -> str:
    if isinstance(block, Paragraph):
        return f"<p>{_inlines(block.content)}</p>"
    if isinstance(block, Heading):
        level = min(6, block.level + page.level - 1)
        return f"<h{level}>{_inlines(block.content)}</h{level}>"
    if isinstance(block, Quote):
        css = ' class="pull-quote"' if block.pull else ""
        attribution = _text(block.attribution) if block.attribution else ""
        cite = f"<footer>— {attribution}</footer>" if attribution else ""
        return f"<blockquote{css}><p>{_inlines(block.content)}</p>{cite}</blockquote>"
    if isinstance(block, ListBlock):
        tag = "ol" if block.ordered else "ul"
        items = "".join(f"<li>{_inlines(item)}</li>" for item in block.items)
        return f"<{tag}>{items}</{tag}>"
    if isinstance(block, Figure):
        return _figure(block.image, article, bundle, image_src, "figure")
    if isinstance(block, RelatedLink):
        label = _text(block.label) if block.label else ""
        label = f"<strong>{label}:</strong> " if label.strip() else ""  # NEL is written as a space: no label
        return f'<p class="related">{label}{_linked(block.title, block.url)}</p>'
    if isinstance(block, Embed):
        provider = _text(block.provider) if block.provider else ""
        provider = f" ({provider})" if provider else ""
        label = labels(article.language)["embed"]
        return f'<p class="embed">{_text(label)}: {_linked(block.title, block.url)}{provider}</p>'
    if isinstance(block, NoticeBlock):
        return f'<aside class="notice notice-{_attr(block.kind)}"><p>{_text(block.text)}</p></aside>'
    if isinstance(block, Separator):
        return "<hr>"
    raise TypeError(f"no HTML for block type {type(block).__name__}")


def _figure(image: Image, article: Article, bundle: Bundle, image_src: ImageSource, css: str) -> str:
    """``<figure>`` with the image, caption and credit; caption and credit only when the
    image has no bytes or no public source (nothing visual is claimed then)."""
    caption_text, credit = _text(image.caption), _text(image.credit)
    caption = " ".join(part for part in (
        f'<span class="caption">{caption_text}</span>' if caption_text else "",
        f'<small class="credit">{credit}</small>' if credit else "",
    ) if part)
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    resource = bundle.resource(article, image)
    src = image_src(article, image) if resource is not None else None
    if resource is None or not src:
        return f'<figure class="{css} image-unavailable">{figcaption}</figure>' if figcaption else ""
    width = resource.width or image.width
    height = resource.height or image.height
    alt = "" if image.decorative else image.alt
    img = f'<img src="{_attr(src)}" alt="{_attr(alt)}" width="{width}" height="{height}">'
    return f'<figure class="{css}">{img}{figcaption}</figure>'

"""Hypothesis strategies that build arbitrary *valid* bundles: anything a reader could hand an exporter.

"Valid" means within :mod:`exporters.limits` and past :mod:`exporters.readers._guard`:
no character XML forbids, no bidi override, no bidi control in a headline, links
with allowed schemes, images that are real, small pictures in ``Bundle.resources``.
Everything else is fair game: any script (Latin, Cyrillic with the Kazakh letters,
Greek, Hebrew, Arabic and Persian, Devanagari, Thai, CJK), combining marks, emoji
with joiners and flags, the control characters XML allows, markup-like text
(``]]>``, ``</script>``, ``onerror=``), empty optional fields and a few huge ones::

    from hypothesis import given
    from strategies import bundles

    @given(bundles())
    def test_something(bundle): ...

``bundles(alphabet=...)`` narrows the characters (the PDF test passes the characters
its embedded font can draw). Examples stay small (a handful of blocks, short texts,
pictures of at most 48 pixels a side) so that hundreds run in seconds per format.
"""

from __future__ import annotations

import io
import string
from datetime import datetime, timedelta, timezone
from functools import cache

from hypothesis import strategies as st

from exporters import limits
from exporters.body import (
    Embed,
    Emphasis,
    Figure,
    Heading,
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
from exporters.media import Image
from exporters.model import Article, Bundle, Credit, Dateline, Notice, Organization, Person, Resource, Rights, Section
from exporters.readers._guard import BIDI_CONTROLS, BIDI_OVERRIDES, XML_FORBIDDEN
from exporters.text import normalize

__all__ = [
    "ALPHABET",
    "SAFE_CONTROLS",
    "alphabet_without",
    "articles",
    "bundles",
    "pictures",
    "texts",
]

#: Samples of every script and kind of character the strategies mix (besides ASCII).
_SCRIPTS = (
    "àéîõüçñßøåæœÀÉÎÕÜÇÑ"  # Latin with diacritics
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЖЯ"  # Cyrillic
    "әғқңөұүһіӘҒҚҢӨҰҮҺІ"  # Kazakh letters
    "αβγδεζηθλμξπσςφψωΑΒΓΔΩ"  # Greek
    "אבגדהוזחטיכלמנסעפצקרשת"  # Hebrew
    "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"  # Arabic
    "پچژگکی۰۱۲۳۴۵۶۷۸۹"  # Persian letters and digits
    "अआइईकखगघचछजझ"  # Devanagari
    "กขคงจฉชซ"  # Thai
    "中文新闻记者报道日本語한국어"  # CJK and Hangul
)
_MARKS = "\u0300\u0301\u0302\u0303\u0308\u030a\u0327\u064b\u064e\u0650\u0651\u05b4\u093f\u0e34"
_EMOJI = ("👩🏽‍💻", "🇰🇿", "🇮🇷", "😀", "📰", "✅", "❤️", "👨‍👩‍👧", "🏳️‍🌈", "🤝🏿")
_PUNCTUATION = "«»„“”‘’—–…·•§¶†‰€£¥₸﷼؟،؛٪"
#: Controls and invisible characters that XML allows (and the model keeps).
SAFE_CONTROLS = "\t\n\u007f\u0085\u0080\u009f\u00a0\u00ad\u200b\u200c\u200d\u200e\u200f\u061c\u2028\u2029\ufeff"
#: Bidi embeddings and isolates: allowed everywhere but the headline.
_BIDI = "\u202a\u202b\u202c\u2066\u2067\u2068\u2069"
#: Strings that break naive escaping in XML, HTML, CDATA, templates, CSV and e-mail headers.
HOSTILE = (
    "]]>",
    "<![CDATA[",
    "</script>",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "onerror=alert(1)",
    "javascript:alert(1)",
    "<!--",
    "-->",
    "&amp;",
    "&lt;",
    "&#0;",
    "{{ 7*7 }}",
    "{% raw %}",
    "${7*7}",
    "%s%n",
    "\\u0000",
    '"',
    "'",
    "\\",
    "\r\nBcc: x@example.org",
    "=?utf-8?q?x?=",
    "--",
    "=_",
    "\u00a0",
    "%PDF-",
    "endstream",
    "(",
    ")",
)
#: Every character the text strategies draw from.
ALPHABET = "".join(dict.fromkeys(string.ascii_letters + string.digits + string.punctuation + " " + _SCRIPTS + _MARKS
                                 + _PUNCTUATION + SAFE_CONTROLS + _BIDI + "".join(_EMOJI)))

_TZ = st.integers(min_value=-14 * 4, max_value=14 * 4).map(lambda quarter: timezone(timedelta(minutes=15 * quarter)))
_URLS = st.sampled_from((
    "https://news.example.org/2026/story",
    "https://example.org/search?q=%22a%22&b=<c>",
    "https://example.org/?q=\"><script>alert(1)</script>",
    "http://example.org/plain-http",
    "https://xn--80ak6aa92e.example/путь/ünïcode?ключ=значение#frag",
    "https://example.org/" + "long-path/" * 20,
    "mailto:desk@example.org?subject=<hi>&body=]]>",
    "tel:+7-727-000-0000",
    "/relative/path",
    "#fragment",
    "",
))
_SAFE_URLS = _URLS.filter(lambda url: url.startswith(("http://", "https://")))


def alphabet_without(characters: str, alphabet: str = ALPHABET) -> str:
    """``alphabet`` less ``characters``."""
    return "".join(char for char in alphabet if char not in characters)


def _valid(text: str, headline: bool = False) -> bool:
    pattern = BIDI_CONTROLS if headline else BIDI_OVERRIDES
    return not XML_FORBIDDEN.search(text) and not pattern.search(text)


@st.composite
def texts(draw, alphabet: str = ALPHABET, min_size: int = 0, max_size: int = 24, visible: bool = False,
          headline: bool = False, line: bool = False) -> str:
    """Text mixing ``alphabet`` with emoji and hostile strings; sometimes huge.

    ``visible``: at least one character that survives :func:`~exporters.text.normalize`.
    ``headline``: no bidi embeddings or isolates (refused in a headline).
    ``line``: a single-line field, at most ``MAX_LINE_CHARS`` even when huge.
    """
    if headline:
        alphabet = alphabet_without(_BIDI, alphabet)
    emoji = [item for item in _EMOJI if all(char in alphabet for char in item)]
    pieces = st.one_of(
        st.text(st.sampled_from(alphabet), min_size=1, max_size=8),
        st.sampled_from([item for item in HOSTILE if all(char in alphabet for char in item)] or ["x"]),
        *([st.sampled_from(emoji)] if emoji else []),
    )
    parts = draw(st.lists(pieces, min_size=min_size and 1, max_size=max(1, max_size // 6)))
    text = "".join(parts)[:max_size] if max_size < 200 else "".join(parts)
    if draw(st.integers(0, 30)) == 0 and max_size >= 24:  # now and then a huge field
        text = (text + " ") * draw(st.integers(150, 400))
        if line:
            text = text[: limits.MAX_LINE_CHARS]
    if visible and not normalize(text):
        text += draw(st.sampled_from([char for char in alphabet if normalize(char) and char.isalnum()]))
    return text


def _words(alphabet: str, max_size: int = 24, visible: bool = True, headline: bool = False) -> st.SearchStrategy[str]:
    """Visible text of one line (names, titles, captions): huge is at most MAX_LINE_CHARS."""
    return texts(alphabet, min_size=1, max_size=max_size, visible=visible, headline=headline, line=True)


def inlines(alphabet: str = ALPHABET) -> st.SearchStrategy[tuple]:
    """A run of inlines: text, emphasis, strong, links (nested a little), line breaks."""
    leaf = st.one_of(texts(alphabet, min_size=1, max_size=30), st.just(LineBreak()))

    def nest(children: st.SearchStrategy) -> st.SearchStrategy:
        run = st.lists(children, min_size=1, max_size=3).map(tuple)
        return st.one_of(
            st.builds(lambda content: Emphasis(content=content), run),
            st.builds(lambda content: Strong(content=content), run),
            st.builds(lambda href, content, title: Link(href=href, content=content, title=title), _URLS, run,
                      texts(alphabet, max_size=10)),
        )

    return st.lists(st.recursive(leaf, nest, max_leaves=6), min_size=1, max_size=4).map(tuple)


@cache
def _picture_pool() -> tuple[tuple[bytes, str, int, int], ...]:
    """Small real pictures: PNG in several modes, a JPEG, a GIF; (data, media type, width, height)."""
    from PIL import Image as PILImage

    made = []
    for mode, size, colour, kind in (
        ("RGB", (1, 1), (255, 0, 0), "PNG"),
        ("RGB", (48, 32), (20, 90, 200), "PNG"),
        ("RGBA", (16, 40), (0, 160, 60, 128), "PNG"),
        ("L", (33, 7), 128, "PNG"),
        ("P", (24, 24), 3, "PNG"),
        ("1", (9, 9), 1, "PNG"),
        ("RGB", (40, 30), (240, 200, 10), "JPEG"),
        ("P", (12, 20), 5, "GIF"),
    ):
        buffer = io.BytesIO()
        PILImage.new(mode, size, colour).save(buffer, format=kind)
        made.append((buffer.getvalue(), f"image/{kind.lower()}", size[0], size[1]))
    return tuple(made)


def pictures() -> st.SearchStrategy[tuple[bytes, str, int, int]]:
    """One small real picture: (data, media type, width, height)."""
    return st.sampled_from(_picture_pool())


@st.composite
def images(draw, alphabet: str, number: int) -> tuple[Image, tuple[bytes, str, int, int] | None]:
    """An image and its picture; ``None`` when it has no source (a photo named but not captured)."""
    picture = draw(st.one_of(st.none(), pictures(), pictures(), pictures()))
    decorative = draw(st.booleans()) if picture else False
    suffix = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif"}[picture[1]] if picture else ""
    image = Image(
        src=f"images/picture-{number}.{suffix}" if picture else "",
        alt="" if decorative else draw(_words(alphabet, 40)),
        decorative=decorative,
        caption=draw(texts(alphabet, max_size=40)),
        credit=draw(st.one_of(st.just(""), _words(alphabet, 30))),
        licence=draw(texts(alphabet, max_size=12)),
        width=picture[2] if picture and draw(st.booleans()) else 0,
        height=picture[3] if picture and draw(st.booleans()) else 0,
    )
    return image, picture


@st.composite
def blocks(draw, alphabet: str, pictures_out: list) -> list:
    """0 to 7 body blocks of every type; figures add their pictures to ``pictures_out``."""
    chosen = []
    for kind in draw(st.lists(st.sampled_from(("paragraph", "paragraph", "heading", "quote", "list", "figure",
                                                "related", "embed", "notice", "separator")), max_size=7)):
        if kind == "paragraph":
            chosen.append(Paragraph(content=draw(inlines(alphabet))))
        elif kind == "heading":
            chosen.append(Heading(content=draw(inlines(alphabet)), level=draw(st.integers(2, 6))))
        elif kind == "quote":
            chosen.append(Quote(content=draw(inlines(alphabet)), attribution=draw(texts(alphabet, max_size=20, line=True)),
                                pull=draw(st.booleans())))
        elif kind == "list":
            chosen.append(ListBlock(items=tuple(draw(st.lists(inlines(alphabet), min_size=1, max_size=4))),
                                    ordered=draw(st.booleans())))
        elif kind == "figure":
            image, picture = draw(images(alphabet, len(pictures_out) + 1))
            pictures_out.append((image, picture))
            chosen.append(Figure(image=image))
        elif kind == "related":
            chosen.append(RelatedLink(title=draw(_words(alphabet)), url=draw(_URLS),
                                      label=draw(st.sampled_from(["Also read", "ALSO READ", "Читайте также", ""]))))
        elif kind == "embed":
            chosen.append(Embed(url=draw(_SAFE_URLS), title=draw(_words(alphabet)),
                                provider=draw(texts(alphabet, max_size=12, line=True))))
        elif kind == "notice":
            chosen.append(NoticeBlock(text=draw(_words(alphabet, 60)), kind=draw(st.sampled_from(["editor", "legal"]))))
        else:
            chosen.append(Separator())
    return chosen


_LANGUAGES = st.sampled_from(("en", "en-GB", "ru", "kk", "kk-Cyrl-KZ", "fa", "fa-IR", "ar", "he", "de", "tr", "zh-Hans",
                              "hi", "th", "ka", "uk"))


def moments() -> st.SearchStrategy[datetime]:
    """Aware datetimes from 1900 to 9998, microseconds included, in any quarter-hour offset."""
    return st.builds(lambda moment, zone: moment.replace(tzinfo=zone),
                     st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(9998, 12, 31)), _TZ)


@st.composite
def articles(draw, alphabet: str = ALPHABET, article_id: str | None = None) -> tuple[Article, dict[str, Resource]]:
    """A valid article and the resources its images need."""
    figures: list = []
    body = draw(blocks(alphabet, figures))
    lead = None
    if draw(st.booleans()):
        lead, picture = draw(images(alphabet, 0))
        figures.insert(0, (lead, picture))
    people = st.builds(Person, name=_words(alphabet, 24), role=st.sampled_from(["author", "reporter", "editor",
                       "photographer", "translator"]), url=_URLS, organization=texts(alphabet, max_size=12),
                       email=st.sampled_from(["", "desk@example.org"]))
    credit = st.builds(Credit, name=_words(alphabet, 20), role=st.sampled_from(["reporting", "additional reporting",
                       "translation"]), kind=st.sampled_from(["agency", "person", "organization"]))
    organization = st.builds(Organization, name=_words(alphabet, 24), url=_URLS)
    published = draw(st.one_of(st.none(), moments()))
    article = Article(
        id=article_id or draw(st.from_regex(r"[a-z0-9][a-z0-9-]{0,15}", fullmatch=True)),
        language=draw(_LANGUAGES),
        direction=draw(st.sampled_from(["auto", "auto", "ltr", "rtl"])),
        headline=draw(_words(alphabet, 60, headline=True)),
        url=draw(_URLS),
        version=draw(st.integers(1, 5)),
        subheadline=draw(texts(alphabet, max_size=40)),
        kicker=draw(texts(alphabet, max_size=12, line=True)),
        summary=draw(texts(alphabet, max_size=40)),
        section=draw(texts(alphabet, max_size=12, line=True)),
        keywords=tuple(draw(st.lists(_words(alphabet, 12), max_size=3))),
        body=tuple(body),
        authors=tuple(draw(st.lists(people, max_size=3))),
        credits=tuple(draw(st.lists(credit, max_size=3, unique_by=lambda c: (normalize(c.name).casefold(), c.role)))),
        publisher=draw(st.one_of(st.none(), organization)),
        source=draw(st.one_of(st.none(), organization)),
        rights=draw(st.one_of(st.none(), st.builds(Rights, holder=texts(alphabet, max_size=20),
                                                   notice=texts(alphabet, max_size=30),
                                                   licence=texts(alphabet, max_size=12)))),
        published=published,
        updated=draw(st.one_of(st.none(), moments())) if published else None,
        dateline=draw(st.one_of(st.none(), st.builds(Dateline, place=_words(alphabet, 16),
                                                     text=texts(alphabet, max_size=12, line=True)))),
        lead_image=lead,
        notices=tuple(draw(st.lists(st.builds(Notice, text=_words(alphabet, 50), kind=st.sampled_from(
            ["correction", "legal", "publisher"])), max_size=2))),
    )
    resources = {
        Bundle.resource_key(article, image): Resource(data=picture[0], media_type=picture[1], width=picture[2],
                                                      height=picture[3])
        for image, picture in figures if picture is not None
    }
    return article, resources


@st.composite
def bundles(draw, alphabet: str = ALPHABET, feed: bool = False) -> Bundle:
    """A single-article bundle (mostly) or an edition of two or three articles in sections.

    ``feed``: every bundle has a site URL, as feeds need one.
    """
    site_url = "https://news.example.org/" if feed or draw(st.booleans()) else ""
    if draw(st.integers(0, 3)):
        article, resources = draw(articles(alphabet))
        return Bundle.of(article, resources=resources, site_url=site_url)
    count = draw(st.integers(2, 3))
    found: list[Article] = []
    resources: dict[str, Resource] = {}
    headlines: set[str] = set()
    for number in range(count):
        article, pictures_of = draw(articles(alphabet, article_id=f"article-{number}"))
        key = normalize(article.headline).casefold()
        if key in headlines:
            continue
        headlines.add(key)
        found.append(article)
        resources.update(pictures_of)
    split = draw(st.integers(1, len(found)))
    sections = (Section(title=draw(texts(alphabet, max_size=20)), articles=tuple(found[:split])),)
    if found[split:]:
        sections += (Section(title=draw(texts(alphabet, max_size=20)), articles=tuple(found[split:])),)
    return Bundle(
        sections=sections,
        title=draw(_words(alphabet, 40, headline=True)),
        subtitle=draw(texts(alphabet, max_size=20)),
        issue=draw(texts(alphabet, max_size=6)),
        publisher=draw(st.one_of(st.none(), st.builds(Organization, name=_words(alphabet, 20)))),
        date=draw(st.one_of(st.none(), moments())),
        language=draw(st.one_of(st.just(""), _LANGUAGES)),
        editors=tuple(draw(st.lists(st.builds(Person, name=_words(alphabet, 20), role=st.just("editor")), max_size=2))),
        introduction=draw(texts(alphabet, max_size=60)),
        site_url=site_url,
        resources=resources,
    )


def is_valid_text(text: str, headline: bool = False) -> bool:
    """True when the guard would accept ``text`` (used by the tests of these strategies)."""
    return _valid(text, headline)

"""The canonical article model: frozen, typed, total, free of I/O.

Names follow IPTC ninjs and schema.org ``NewsArticle`` (the README maps every
field). Build an article in code or decode it from canonical JSON::

    >>> from exporters.model import Article, decode_article
    >>> article = decode_article(b'''{"id": "x1", "language": "en", "headline": "Hello",
    ...     "body": [{"type": "paragraph", "content": ["World."]}]}''')
    >>> article.headline, article.direction, article.text_direction
    ('Hello', 'auto', 'ltr')

Validation errors name the path: ``$.authors[0].name: Expected `str`, got `int```.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from typing import Annotated, Any, Literal

import msgspec

from .body import Block, Figure
from .media import Image

__all__ = [
    "Article",
    "Bundle",
    "Credit",
    "Dateline",
    "Notice",
    "Organization",
    "Person",
    "Resource",
    "Rights",
    "Section",
    "ModelError",
    "decode_article",
    "encode_article",
    "article_from_data",
    "article_to_data",
    "direction_of",
    "json_schema",
    "readable_message",
    "LANGUAGE_TAG_EXPECTED",
]

AwareDatetime = Annotated[datetime, msgspec.Meta(tz=True)]
_LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-([0-9A-Za-z]{5,8}|[0-9][0-9A-Za-z]{3}))*$"
LanguageTag = Annotated[
    str,
    msgspec.Meta(pattern=_LANGUAGE_PATTERN, description="BCP 47 language tag, e.g. en, kk-Cyrl-KZ, fa-IR"),
]
#: What a malformed language tag is told, wherever it is refused (an article, a sidecar, --meta, a job file).
LANGUAGE_TAG_EXPECTED = ("expected a BCP 47 language tag: a language code of 2 or 3 letters, then optionally a script "
                         "(4 letters) and a region (2 letters or 3 digits), joined by hyphens, for example en, en-GB, "
                         "kk-Cyrl-KZ or fa-IR")
Direction = Literal["auto", "ltr", "rtl"]

_RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ku-arab", "ps", "sd", "ug", "ur", "yi"})
_RTL_SCRIPTS = frozenset({"arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg"})


class _Record(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    """Base of every model record."""


class Organization(_Record):
    """A publisher, agency or other institution (schema.org Organization)."""

    name: str
    url: str = ""
    logo: str = ""


class Person(_Record):
    """An author or other named contributor (schema.org Person; ninjs ``by`` / ``people``).

    ``role`` uses plain words: ``author``, ``reporter``, ``editor``, ``photographer``,
    ``translator``.
    """

    name: str
    role: str = "author"
    url: str = ""
    organization: str = ""
    email: str = ""


class Credit(_Record):
    """A contribution credited in the story, e.g. agency reporting.

    ``With reporting by Reuters, AFP`` is two credits with ``role="reporting"`` and
    ``kind="agency"``.
    """

    name: str
    role: str = "reporting"
    kind: Literal["agency", "person", "organization"] = "agency"


class Rights(_Record):
    """Copyright and licensing (ninjs ``copyrightholder``, ``copyrightnotice``, ``usageterms``)."""

    holder: str = ""
    notice: str = ""
    licence: str = ""
    usage_terms: str = ""

    def statement(self) -> str:
        """The one line a reader sees, e.g. ``© 2018 RFE/RL. All rights reserved.``"""
        return self.notice or (f"© {self.holder}" if self.holder else "")


class Dateline(_Record):
    """Where (and, as printed, when) the story was filed: ``WASHINGTON --``."""

    place: str
    text: str = ""


class Notice(_Record):
    """A publisher, legal or correction notice kept apart from the body.

    ``kind`` is ``legal``, ``publisher``, ``correction`` or ``editor``.
    """

    text: str
    kind: str = "publisher"
    date: AwareDatetime | None = None


class Article(_Record):
    """One news article: identity, text, attribution, time and place, media, notices, status."""

    # identity
    id: Annotated[str, msgspec.Meta(min_length=1)]
    language: LanguageTag
    headline: str
    url: str = ""
    version: Annotated[int, msgspec.Meta(ge=1)] = 1
    direction: Direction = "auto"
    # text
    subheadline: str = ""
    kicker: str = ""
    summary: str = ""
    section: str = ""
    keywords: tuple[str, ...] = ()
    body: tuple[Block, ...] = ()
    # people and attribution
    authors: tuple[Person, ...] = ()
    credits: tuple[Credit, ...] = ()
    publisher: Organization | None = None
    source: Organization | None = None
    rights: Rights | None = None
    # time and place
    published: AwareDatetime | None = None
    updated: AwareDatetime | None = None
    dateline: Dateline | None = None
    # media and notices
    lead_image: Image | None = None
    notices: tuple[Notice, ...] = ()
    # status
    pubstatus: Literal["usable", "withheld", "canceled"] = "usable"
    embargoed: AwareDatetime | None = None
    expires: AwareDatetime | None = None

    @property
    def text_direction(self) -> Literal["ltr", "rtl"]:
        """``ltr`` or ``rtl``: the explicit ``direction``, else derived from ``language``."""
        return direction_of(self.language) if self.direction == "auto" else self.direction

    @property
    def modified(self) -> datetime | None:
        """The last change: ``updated``, else ``published``."""
        return self.updated or self.published

    def images(self) -> list[Image]:
        """Every image of the article, the lead image first, then figures in body order."""
        found = [self.lead_image] if self.lead_image else []
        found.extend(block.image for block in self.body if isinstance(block, Figure))
        return found


class Resource(_Record):
    """The bytes of an image an article refers to, loaded and verified before rendering.

    The api loads them (see :mod:`exporters.resources`), so exporters stay pure.
    """

    data: bytes
    media_type: str
    width: int
    height: int


class Section(_Record):
    """A titled group of articles inside a bundle. A flat bundle has one untitled section."""

    title: str = ""
    articles: tuple[Article, ...] = ()


class Bundle(_Record):
    """What every exporter renders: one article, a newsletter edition or a feed channel.

    >>> Bundle.of(article).articles == (article,)   # doctest: +SKIP
    """

    sections: tuple[Section, ...]
    title: str = ""
    subtitle: str = ""
    issue: str = ""
    publisher: Organization | None = None
    date: AwareDatetime | None = None
    language: str = ""
    editors: tuple[Person, ...] = ()
    introduction: str = ""
    identifier: str = ""
    site_url: str = ""
    logo: str = ""
    #: Image bytes by ``"<article id>:<src>"``; see :meth:`resource`.
    resources: dict[str, Resource] = {}

    @classmethod
    def of(cls, *articles: Article, **metadata: Any) -> Bundle:
        """A flat bundle: one untitled section holding ``articles``."""
        return cls(sections=(Section(articles=tuple(articles)),), **metadata)

    @staticmethod
    def resource_key(article: Article, image: Image) -> str:
        return f"{article.id}:{image.src}"

    def resource(self, article: Article, image: Image) -> Resource | None:
        """The loaded bytes of ``image`` in ``article``, or None when it has none.

        None means the image is shown as text (its alt, caption and credit).
        """
        return self.resources.get(self.resource_key(article, image)) if image.src else None

    @property
    def articles(self) -> tuple[Article, ...]:
        """Every article in reading order, across sections."""
        if len(self.sections) == 1:  # a flat bundle (every single export and feed): its one tuple
            return tuple(self.sections[0].articles)
        return tuple(article for section in self.sections for article in section.articles)

    @property
    def is_single(self) -> bool:
        """True when the bundle is one article exported on its own."""
        return len(self.articles) == 1 and not self.title

    @property
    def lead(self) -> Article:
        """The first article; its metadata stands for a single-article bundle."""
        return self.articles[0]

    @property
    def main_language(self) -> str:
        return self.language or (self.lead.language if self.articles else "und")

    @property
    def text_direction(self) -> Literal["ltr", "rtl"]:
        return direction_of(self.main_language) if self.language else self.lead.text_direction

    @property
    def display_title(self) -> str:
        return self.title or (self.lead.headline if self.articles else "")


class ModelError(ValueError):
    """Input that does not fit the model; ``str()`` names the path, e.g. ``$.headline``."""


@lru_cache(maxsize=256)
def direction_of(language: str) -> Literal["ltr", "rtl"]:
    """Text direction implied by a BCP 47 tag (asked for every article in every format: kept per tag).

    >>> direction_of("fa-IR"), direction_of("kk-Cyrl"), direction_of("az-Arab")
    ('rtl', 'ltr', 'rtl')
    """
    subtags = language.lower().split("-")
    if any(tag in _RTL_SCRIPTS for tag in subtags[1:2]):
        return "rtl"
    return "rtl" if subtags[0] in _RTL_LANGUAGES else "ltr"


_ENCODER = msgspec.json.Encoder(order="deterministic")


def decode_article(data: bytes | str) -> Article:
    """Canonical JSON to an :class:`Article`; raises :class:`ModelError` naming the path."""
    try:
        return msgspec.json.decode(data, type=Article)
    except msgspec.DecodeError as error:
        raise ModelError(_tidy(str(error))) from None


def article_from_data(data: Any) -> Article:
    """A parsed mapping (from YAML, front matter, a reader) to an :class:`Article`."""
    try:
        return msgspec.convert(data, type=Article, strict=False)
    except msgspec.ValidationError as error:
        raise ModelError(_tidy(str(error))) from None


def article_to_data(article: Article) -> dict[str, Any]:
    """An :class:`Article` as plain JSON-compatible data (defaults omitted)."""
    return msgspec.json.decode(_ENCODER.encode(article))


def encode_article(article: Article) -> bytes:
    """Canonical JSON, indented, keys in model order, ending with a newline."""
    return msgspec.json.format(msgspec.json.encode(article), indent=2) + b"\n"


def json_schema() -> dict[str, Any]:
    """The JSON Schema of canonical article files (``exporters schema``)."""
    schema = msgspec.json.schema(Article)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "newsroom-exporters canonical article"
    return schema


def _tidy(message: str) -> str:
    """``Expected `str`, got `int` - at `$.a[0]``` to ``$.a[0]: expected `str`, got `int```."""
    match = re.match(r"(?s)(.*) - at `(\$[^`]*)`$", message)
    if not match:
        return f"$: {_lower_first(message)}"
    what, path = match.groups()
    return f"{path}: {_lower_first(readable_message(what))}"


def readable_message(what: str) -> str:
    """A validation message with the language tag's regular expression told in words.

    >>> readable_message("Expected `str` matching regex '" + _LANGUAGE_PATTERN + "'")[:40]
    'expected a BCP 47 language tag: a langua'
    >>> readable_message("Expected `int`, got `str`")
    'Expected `int`, got `str`'
    """
    return LANGUAGE_TAG_EXPECTED if what.strip() == f"Expected `str` matching regex {_LANGUAGE_PATTERN!r}" else what


def _lower_first(text: str) -> str:
    """``Expected ...`` -> ``expected ...``, but ``JSON is ...`` stays."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text

"""The document facts every format declares, worked out once from a bundle.

Title, authors, credits, publisher, dates, language, identifiers and rights are
facts of the bundle, not of a format: each format decides only *where* it writes
them (OPF, PDF Info and XMP, ``docProps``, ``<meta>`` tags, feed elements, a text
header), and the artifact-stage checks hold what a file declares against the same
facts. A single article gives its own facts::

    >>> from datetime import datetime, timezone
    >>> from exporters.model import Article, Bundle, Organization, Person
    >>> when = datetime(2026, 5, 8, 9, 0, tzinfo=timezone.utc)
    >>> aktau = Article(id="aktau", language="en", headline="Caspian Port Doubles Grain Shipments",
    ...                 authors=(Person(name="Marat Example"),), published=when,
    ...                 publisher=Organization(name="Example News Desk"))
    >>> facts = document_facts(Bundle.of(aktau))
    >>> facts.title, facts.authors, facts.publishers, facts.published.isoformat()
    ('Caspian Port Doubles Grain Shipments', ('Marat Example',), ('Example News Desk',), '2026-05-08T09:00:00+00:00')

An edition has one rule for each fact. Its publisher is the edition's own when it
names one; otherwise every publisher of its articles, in reading order, each once,
since claiming the first would credit one newsroom with another's work::

    >>> pavlodar = Article(id="pavlodar", language="ru", headline="Зимний сад",
    ...                    authors=(Person(name="Анна Пример"),),
    ...                    publisher=Organization(name="Служба новостей «Пример»"))
    >>> edition = Bundle.of(aktau, pavlodar, title="Central Asia Weekly", language="en")
    >>> facts = document_facts(edition)
    >>> facts.publishers
    ('Example News Desk', 'Служба новостей «Пример»')
    >>> facts.publisher                      # one line, where a format has room for one name
    'Example News Desk and Служба новостей «Пример»'
    >>> facts.authors, facts.languages
    (('Marat Example', 'Анна Пример'), ('en', 'ru'))
    >>> own = Bundle.of(aktau, pavlodar, title="Central Asia Weekly", publisher=Organization(name="Desk"))
    >>> document_facts(own).publishers
    ('Desk',)

Its date is the edition's own, else that of its newest article.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from functools import lru_cache
from typing import Literal

import msgspec

from . import attribution
from .model import Article, Bundle, Organization

__all__ = ["DocumentFacts", "UNDATED", "article_facts", "article_identifier", "build_time", "bundle_identifier",
           "document_facts", "publishers_of", "article_publishers", "join_field", "split_field", "unique", "GENERATOR"]

#: The toolkit's name, as every file it writes declares its maker (generator, creator, application).
GENERATOR = "newsroom-exporters"

#: The build time of a bundle that gives no date at all: 1980-01-01, the earliest moment
#: a zip entry (EPUB, DOCX) can carry.
UNDATED = datetime(1980, 1, 1, tzinfo=timezone.utc)
_NAMESPACE = uuid.UUID("5f0e3c1a-9d0b-4b8e-8c36-7a1f2e4d6b10")


class DocumentFacts(msgspec.Struct, frozen=True):
    """What a document says about itself: one article's facts, or an edition's.

    Lists hold each value once, in reading order. Empty strings, empty tuples and
    None mean the bundle does not say.
    """

    #: The headline of a single article, the edition's title otherwise.
    title: str
    #: The dek of a single article, the edition's subtitle otherwise.
    subtitle: str
    #: The summary of a single article, the edition's introduction otherwise; else the subtitle.
    description: str
    #: The main language (BCP 47), and every language used, the main one first.
    language: str
    languages: tuple[str, ...]
    direction: Literal["ltr", "rtl"]
    #: The byline names of every article (writers, else the publisher signing the piece).
    authors: tuple[str, ...]
    #: The edition's editors (a single article's editors are among its contributors).
    editors: tuple[str, ...]
    #: Credited agencies and non-writing contributors of every article.
    contributors: tuple[str, ...]
    photo_credits: tuple[str, ...]
    #: The publishers, by the rule in the module docstring.
    publisher_organizations: tuple[Organization, ...]
    #: The visible rights statement of every article.
    rights: tuple[str, ...]
    licence: str
    usage_terms: str
    keywords: tuple[str, ...]
    sections: tuple[str, ...]
    #: Originally published by (a syndicated single article).
    source: str
    published: datetime | None
    modified: datetime | None
    #: The one timestamp of the file itself (:func:`~exporters.facts.build_time`).
    built: datetime
    identifier: str
    #: The article's canonical URL, or the edition's site URL.
    url: str
    is_edition: bool

    @property
    def credited(self) -> tuple[str, ...]:
        """Everyone credited besides the byline: the editors, then the contributors."""
        return unique((*self.editors, *self.contributors))

    @property
    def publishers(self) -> tuple[str, ...]:
        """The publishers' names."""
        return tuple(organization.name for organization in self.publisher_organizations)

    @property
    def publisher(self) -> str:
        """The publishers' names as one line (``A and B``), for a place that holds one name."""
        return attribution.join_names(list(self.publishers), self.language)

    @property
    def sole_publisher(self) -> Organization | None:
        """The publisher when there is exactly one (its URL and logo then stand for the document)."""
        return self.publisher_organizations[0] if len(self.publisher_organizations) == 1 else None


def document_facts(bundle: Bundle, lead: DocumentFacts | None = None) -> DocumentFacts:
    """The facts of ``bundle``: a single article's own, or an edition's by the rules above.

    ``lead``: the single article's :func:`article_facts`, when a format needs both (a web page
    declares the document and embeds the article's JSON-LD); then only what the bundle itself
    may set (publisher, build time, identifier) is worked out again.
    """
    if bundle.is_single:
        if lead is None:
            return _article_facts(bundle)
        return msgspec.structs.replace(lead, publisher_organizations=publishers_of(bundle), built=build_time(bundle),
                                       identifier=bundle_identifier(bundle))
    articles = bundle.articles
    published = [article.published for article in articles if article.published]
    modified = [article.modified for article in articles if article.modified]
    return DocumentFacts(
        title=bundle.display_title,
        subtitle=bundle.subtitle,
        description=bundle.introduction or bundle.subtitle,
        language=bundle.main_language,
        languages=unique([bundle.main_language, *(article.language for article in articles)]),
        direction=bundle.text_direction,
        authors=unique(name for article in articles for name in attribution.writer_names(article)),
        editors=unique(person.name for person in bundle.editors),
        contributors=unique(name for article in articles for name in attribution.credit_names(article)),
        photo_credits=unique(credit for article in articles for credit in attribution.photo_credits(article)),
        publisher_organizations=publishers_of(bundle),
        rights=unique(attribution.rights_line(article) for article in articles),
        licence="",
        usage_terms="",
        keywords=unique(keyword for article in articles for keyword in article.keywords),
        sections=unique(article.section for article in articles),
        source="",
        published=bundle.date or (max(published) if published else None),
        modified=bundle.date or (max(modified) if modified else None),
        built=build_time(bundle),
        identifier=bundle_identifier(bundle),
        url=bundle.site_url,
        is_edition=True,
    )


def _article_facts(bundle: Bundle) -> DocumentFacts:
    article = bundle.lead
    rights = article.rights
    return DocumentFacts(
        title=article.headline,
        subtitle=article.subheadline,
        description=article.summary or article.subheadline,
        language=article.language,
        languages=(article.language,),
        direction=article.text_direction,
        authors=unique(attribution.writer_names(article)),
        editors=(),
        contributors=unique(attribution.credit_names(article)),
        photo_credits=unique(attribution.photo_credits(article)),
        publisher_organizations=publishers_of(bundle),
        rights=unique([attribution.rights_line(article)]),
        licence=rights.licence if rights else "",
        usage_terms=rights.usage_terms if rights else "",
        keywords=unique(article.keywords),
        sections=unique([article.section]),
        source=article.source.name if article.source else "",
        published=article.published,
        modified=article.modified,
        built=build_time(bundle),
        identifier=bundle_identifier(bundle),
        url=article.url,
        is_edition=False,
    )


def publishers_of(bundle: Bundle) -> tuple[Organization, ...]:
    """The bundle's own publisher, else each distinct publisher of its articles in reading order
    (:attr:`DocumentFacts.publisher_organizations`, for a format that declares only them)."""
    if bundle.publisher:
        return (bundle.publisher,)
    found: dict[str, Organization] = {}
    for article in bundle.articles:
        for publisher in article_publishers(article):
            found.setdefault(publisher.name, publisher)
    return tuple(found.values())


def article_publishers(article: Article) -> tuple[Organization, ...]:
    """The publishers of ``article`` on its own (:func:`publishers_of` its one-article bundle, which
    a format writing one entry per article need not build): its publisher, when it has a name.

    >>> [organization.name for organization in article_publishers(Article(id="a", language="en", headline="H",
    ...                                                                       publisher=Organization(name="Desk")))]
    ['Desk']
    >>> article_publishers(Article(id="a", language="en", headline="H", publisher=Organization(name=" ")))
    ()
    """
    publisher = article.publisher
    return (publisher,) if publisher and publisher.name.strip() else ()


def article_facts(article: Article) -> DocumentFacts:
    """The facts of one article on its own (a feed entry, an edition's story).

    >>> article_facts(Article(id="a", language="kk", headline="Жел")).direction
    'ltr'
    """
    return _article_facts(Bundle.of(article))


# -- facts several of the above rest on -------------------------------------------------------


def build_time(bundle: Bundle) -> datetime:
    """The one timestamp an output may carry: ``SOURCE_DATE_EPOCH`` when set, else the
    bundle date, else the newest ``updated``/``published`` of its articles, else 1980.

    Never "now": the same input gives the same bytes.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    if bundle.date:
        return bundle.date
    moments = [article.modified for article in bundle.articles if article.modified]
    return max(moments) if moments else UNDATED


def article_identifier(article: Article) -> str:
    """A stable URN for an article, derived from its ``id`` (never random).

    >>> article_identifier(Article(id="a1", language="en", headline="H"))  # doctest: +SKIP
    'urn:uuid:...'
    """
    return _urn(article.id)


def bundle_identifier(bundle: Bundle) -> str:
    """The bundle's own identifier, or a URN derived from its title and article ids."""
    if bundle.identifier:
        return bundle.identifier
    if bundle.is_single:
        return article_identifier(bundle.lead)
    key = "\n".join([bundle.title, bundle.issue, *(article.id for article in bundle.articles)])
    return _urn(key)


@lru_cache(maxsize=4096)
def _urn(key: str) -> str:
    """The name-based URN of ``key``: the same key, the same URN (so it is worked out once)."""
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, key)}"


def unique(values: Iterable[str], tidy: Callable[[str], str] | None = None) -> tuple[str, ...]:
    """``values`` without repeats or empty ones, in first-seen order; each passed through ``tidy`` first.

    >>> unique(["Reuters", "", "AFP", "Reuters"])
    ('Reuters', 'AFP')
    >>> unique([" AP ", "AP"], tidy=str.strip)
    ('AP',)
    """
    tidied = map(tidy, values) if tidy else values
    return tuple(dict.fromkeys(filter(None, tidied)))


def join_field(names: Iterable[str]) -> str:
    r"""Names as one metadata value, ``"; "`` between them; a ``;`` or backslash in a name escaped.

    The escaping of vCard and iCalendar, so :func:`split_field` gets every name back
    whole, whatever it holds:

    >>> print(join_field(["Reuters", "Smith; Jones Media"]))
    Reuters; Smith\; Jones Media
    >>> split_field(join_field(["Reuters", "Smith; Jones Media"]))
    ('Reuters', 'Smith; Jones Media')
    """
    return "; ".join(name.replace("\\", "\\\\").replace(";", "\\;") for name in names)


def split_field(value: str) -> tuple[str, ...]:
    """The names :func:`join_field` joined, unescaped and stripped; empty ones left out.

    A hand-written scan rather than a regular expression: an escape is one character
    after a backslash, which a split pattern cannot say without look-behind tricks.
    """
    names: list[str] = []
    current: list[str] = []
    characters = iter(value)
    for character in characters:
        if character == "\\":
            current.append(next(characters, ""))
        elif character == ";":
            names.append("".join(current))
            current = []
        else:
            current.append(character)
    names.append("".join(current))
    return tuple(name.strip() for name in names if name.strip())

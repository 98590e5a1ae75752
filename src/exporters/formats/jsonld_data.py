"""schema.org JSON-LD for articles and editions: one builder for every format that carries it.

An article is a ``NewsArticle``; an edition is an ``ItemList`` of them, in reading
order. Property names and meanings follow schema.org and Google's article
structured-data guidance (``headline``, ``image``, ``datePublished``,
``dateModified``, ``author`` with ``name`` and ``url``, ``publisher`` with
``logo``), plus what the model holds besides: language, section, keywords,
credits as ``contributor``, rights, the dateline as ``locationCreated``::

    >>> from exporters.model import Article, Organization, Person
    >>> article = Article(id="a1", language="en", headline="Hello", url="https://news.example.org/a1",
    ...                   authors=(Person(name="Alma Writer"),), publisher=Organization(name="Desk"))
    >>> data = news_article(article, Bundle.of(article))
    >>> data["@type"], data["headline"], data["author"][0]["name"], data["publisher"]["name"]
    ('NewsArticle', 'Hello', 'Alma Writer', 'Desk')

Nothing is invented: a property the article does not hold is left out. Images are
listed by a URL a reader can fetch (an absolute ``https`` source, or a relative one
resolved against the article URL); an image with neither is described without a URL.
:func:`script_json` writes the data so that it can sit inside an HTML ``<script>``
element whatever the text holds.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from .. import attribution
from ..media import Image
from ..model import Article, Bundle, Organization, Person
from ..text import xml_safe
from .common import article_identifier, is_web_url, public_image_url, uri

__all__ = ["CONTEXT", "document", "item_list", "news_article", "script_json"]

CONTEXT = "https://schema.org"


def document(bundle: Bundle) -> dict[str, Any]:
    """The JSON-LD of ``bundle``: a ``NewsArticle`` for one article, else an ``ItemList``."""
    return news_article(bundle.lead, bundle) if bundle.is_single else item_list(bundle)


def item_list(bundle: Bundle) -> dict[str, Any]:
    """An edition as an ``ItemList`` of ``NewsArticle`` items, numbered in reading order.

    >>> from exporters.model import Article
    >>> data = item_list(Bundle.of(Article(id="a", language="en", headline="A"), title="Weekly"))
    >>> data["@type"], data["name"], data["itemListElement"][0]["position"]
    ('ItemList', 'Weekly', 1)
    """
    items = [{"@type": "ListItem", "position": number, "item": news_article(article, bundle, context=False)}
             for number, article in enumerate(bundle.articles, start=1)]
    data: dict[str, Any] = {"@context": CONTEXT, "@type": "ItemList", "name": _text(bundle.display_title)}
    if bundle.subtitle:
        data["description"] = _text(bundle.subtitle)
    data["numberOfItems"] = len(items)
    data["itemListElement"] = items
    return data


def news_article(article: Article, bundle: Bundle, *, context: bool = True) -> dict[str, Any]:
    """One article as a schema.org ``NewsArticle`` (``context=False`` inside a list)."""
    data: dict[str, Any] = {"@context": CONTEXT} if context else {}
    data["@type"] = "NewsArticle"
    data["@id"] = uri(article.url) if is_web_url(article.url) else article_identifier(article)
    data["identifier"] = _text(article.id)
    if is_web_url(article.url):
        data["url"] = data["mainEntityOfPage"] = uri(article.url)
    data["headline"] = _text(article.headline)
    optional = {
        "alternativeHeadline": article.subheadline,
        "description": article.summary,
        "inLanguage": article.language,
        "articleSection": article.section,
        "keywords": ", ".join(article.keywords),
    }
    data.update({key: _text(value) for key, value in optional.items() if value})
    images = _unique_images(_image(image, article, bundle) for image in article.images() if not image.decorative)
    if images:
        data["image"] = images
    if article.published:
        data["datePublished"] = attribution.iso_date(article.published)
    if article.modified:
        data["dateModified"] = attribution.iso_date(article.modified)
    data.update(_people(article))
    if article.publisher:
        data["publisher"] = _organization(article.publisher)
    if article.source:
        data["sourceOrganization"] = _organization(article.source)
    data.update(_rights(article))
    if article.dateline:
        data["locationCreated"] = {"@type": "Place", "name": _text(article.dateline.place)}
        data["dateline"] = _text(", ".join(part for part in (article.dateline.place, article.dateline.text) if part))
    if article.version > 1:
        data["version"] = article.version
    return data


def script_json(data: dict[str, Any]) -> str:
    """``data`` as compact JSON that cannot end a ``<script>`` element or open a comment.

    ``<``, ``>`` and ``&`` are written as ``\\u003c``, ``\\u003e`` and ``\\u0026``,
    which every JSON parser reads back as the same characters::

        >>> script_json({"headline": "</script><!--"})
        '{"headline":"\\\\u003c/script\\\\u003e\\\\u003c!--"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# -- pieces -----------------------------------------------------------------------------------


def _text(value: str) -> str:
    return " ".join(xml_safe(value).split())


def _person(person: Person) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Person", "name": _text(person.name)}
    if is_web_url(person.url):
        data["url"] = uri(person.url)
    if person.organization:
        data["affiliation"] = {"@type": "Organization", "name": _text(person.organization)}
    return data


def _organization(organization: Organization) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Organization", "name": _text(organization.name)}
    if is_web_url(organization.url):
        data["url"] = uri(organization.url)
    logo = public_image_url(organization.logo, organization.url) if organization.logo else None
    if logo:
        data["logo"] = {"@type": "ImageObject", "url": logo}
    return data


def _people(article: Article) -> dict[str, Any]:
    """``author`` (the byline: writers, else the publisher that signs) and ``contributor``
    (agency and other credits, then people outside the byline), as :mod:`exporters.attribution` says."""
    writers = [person for person in article.authors if person.role in attribution.WRITING_ROLES]
    data: dict[str, Any] = {}
    if writers:
        data["author"] = [_person(person) for person in writers]
    elif attribution.writer_names(article) and article.publisher:
        data["author"] = [_organization(article.publisher)]
    contributors = [
        {"@type": "Person" if credit.kind == "person" else "Organization", "name": _text(credit.name)}
        for credit in article.credits
    ]
    contributors += [_person(person) for person in article.authors if person.role not in attribution.WRITING_ROLES]
    if contributors:
        data["contributor"] = contributors
    return data


def _rights(article: Article) -> dict[str, Any]:
    rights = article.rights
    if rights is None:
        return {}
    data: dict[str, Any] = {}
    if rights.holder:
        data["copyrightHolder"] = {"@type": "Organization", "name": _text(rights.holder)}
    if rights.statement():
        data["copyrightNotice"] = _text(rights.statement())
    if rights.licence:
        data["license"] = uri(rights.licence) if is_web_url(rights.licence) else _text(rights.licence)
    if rights.usage_terms:
        data["usageInfo"] = _text(rights.usage_terms)
    return data


def _unique_images(images: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each image once: one shown twice (lead photo and figure) is listed at its first place."""
    found: dict[str, dict[str, Any]] = {}
    for image in images:
        found.setdefault(image.get("url") or json.dumps(image, sort_keys=True), image)
    return list(found.values())


def _image(image: Image, article: Article, bundle: Bundle) -> dict[str, Any]:
    """An ``ImageObject``: its public URL when there is one, size, caption, credit, licence."""
    data: dict[str, Any] = {"@type": "ImageObject"}
    url = public_image_url(image.src, article.url) if image.src else None
    if url:
        data["url"] = url
    resource = bundle.resource(article, image)
    width = resource.width if resource else image.width
    height = resource.height if resource else image.height
    if width and height:
        data["width"], data["height"] = width, height
    described = {"caption": image.caption, "description": image.alt, "creditText": image.credit}
    data.update({key: _text(value) for key, value in described.items() if value})
    if image.licence:
        data["license"] = uri(image.licence) if is_web_url(image.licence) else _text(image.licence)
    return data

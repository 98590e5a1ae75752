"""IPTC ninjs (News in JSON) 3.1, or 2.1 with ``-O ninjs.version=2.1``.

One article is one ninjs news item; an edition is a ``composite`` item whose
``associations`` are its articles, in order. Every field of the model has a place
(the README's model table lists them), so :mod:`exporters.readers.ninjs` reads the
file back into the same article::

    >>> from exporters.model import Article, Bundle
    >>> article = Article(id="a1", language="kk", headline="Жел", subheadline="Маңғыстау")
    >>> item = ninjs_item(article, Bundle.of(article), "3.1")
    >>> item["headlines"], item["language"], item["altIds"]
    ([{'role': 'main', 'value': 'Жел'}, {'role': 'sub', 'value': 'Маңғыстау'}], 'kk', [{'role': 'id', 'value': 'a1'}])

Where the model meets ninjs:

- ``profile``: ``newsroom-exporters``, the toolkit's mark (ninjs has no generator property).
- ``uri``: the article id when it is an absolute URI, else a ``urn:uuid`` derived from
  it; the id itself is always in ``altIds`` (role ``id``). The canonical URL is the
  ``web`` rendition (``text/html``).
- ``headlines``: roles ``main``, ``sub`` (the dek) and ``kicker``.
- ``bodies``: ``text/html`` (the same sanitised article HTML as the feeds: byline,
  credits, dateline, images, every block, notices, rights; role ``main``) and
  ``text/plain`` (the body blocks' text as the HTML holds it: without DEL, C1 controls and
  noncharacters, which HTML forbids, so both bodies carry one text). A figure with nothing
  to show (no public picture, caption or credit) keeps its place in the HTML as an empty
  ``<figure class="figure image-unavailable">``, so every ``<figure>`` of the body
  matches its ``figure-N`` association in order.
- ``descriptions``: the summary (role ``summary``), the printed date of the dateline
  (``dateline``) and each notice (role ``notice:KIND``, or ``notice:KIND:DATE`` when
  dated, so a correction keeps its time).
- ``people``: every author with ``rel`` = their role, ``uri`` = their page, their
  organisation and e-mail as ``contactInfo``; ``by`` is the byline as printed.
- ``infoSources``: every credit, ``role`` = the credit's role, ``literal`` = its kind
  (agency, person, organization); ``organisations``: the publisher (``rel`` publisher,
  its logo as ``contactInfo`` of type ``logo``) and the original source (``rel`` source).
- ``subjects``: the section (``rel`` section) and each keyword (``rel`` keyword).
- rights: ``copyrightHolder``, ``copyrightNotice``,
  ``usageTerms``, and the licence as ``rightsInfo`` (``linkedRights`` for a URL,
  ``encodedRights`` otherwise); an image's licence is its own ``rightsInfo``.
- dates: ``firstCreated`` = published, ``versionCreated`` = updated (else published),
  ``embargoedUntil`` (2.1: ``embargoed``), ``expires``; ``pubStatus``; ``version``.
- ``located``: the dateline's place.
- images: ``associations`` of type ``picture``, the lead image named ``featureimage``
  and figures ``figure-1``, ``figure-2``, ... in body order, each with ``descriptions``
  ``alt`` and ``caption`` (a decorative image has role ``decorative``), ``by`` = the
  credit, and a ``renditions`` entry ``original`` with its public URL, media type,
  size in pixels and bytes. A relative ``src`` is resolved against the article URL
  for the rendition and kept as written in ``altIds`` (role ``src``).

ninjs 2.1 spells every property in lower case (``firstcreated``, ``contenttype``,
``sizeinbytes``) and has no ``rel`` on associations; otherwise the two are the same.
"""

from __future__ import annotations

import json
import re
from typing import Any, Literal

import msgspec

from .. import attribution
from ..facts import GENERATOR, article_identifier, article_publishers, bundle_identifier, document_facts
from ..media import Image
from ..model import Article, Bundle, Notice, Organization, Person
from .base import Artifact, Exporter, Inspection
from .common import image_base, is_web_url, public_image_url, uri
from .html_body import article_html, text_as_written
from .jsonld import body_text, json_file

__all__ = ["NinjsExporter", "NinjsOptions", "ninjs_item", "ninjs_document", "inspect_ninjs", "SCHEMAS", "VERSIONS", "PROFILE"]

#: The schema each version declares in ``standard.schema``.
SCHEMAS = {
    "3.1": "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#",
    "2.1": "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json#",
}
VERSIONS = tuple(SCHEMAS)
#: The ``profile`` every file declares: ninjs has no generator property, and a profile names "the
#: structure of the news object", which is this toolkit's mapping. A folder read again knows the
#: file for its own output by it (``exporters.jobs.paths``).
PROFILE = GENERATOR
FEATURE_IMAGE = "featureimage"


class NinjsOptions(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Options of the ``ninjs`` format.

    ``version``: the ninjs version to write, 3.1 (default) or 2.1 for partners on 2.x.
    """

    version: Literal["3.1", "2.1"] = "3.1"


# -- one article ------------------------------------------------------------------------


def ninjs_item(article: Article, bundle: Bundle, version: str = "3.1") -> dict[str, Any]:
    """The ninjs news item of ``article`` (3.1 property names; :func:`ninjs_document` spells 2.1)."""
    item_uri = _item_uri(article.id, article_identifier(article))
    item: dict[str, Any] = {"uri": item_uri, "type": "text", "representationType": "full"}
    if article.version != 1:
        item["version"] = str(article.version)
    _put(item, "firstCreated", attribution.iso_date(article.published))
    if article.updated or article.published:
        item["versionCreated"] = attribution.iso_date(article.updated or article.published)
    _put(item, "embargoedUntil", attribution.iso_date(article.embargoed))
    _put(item, "expires", attribution.iso_date(article.expires))
    item["pubStatus"] = article.pubstatus
    _rights(item, article)
    item["language"] = article.language
    item["headlines"] = [{"role": role, "value": value} for role, value in
                         (("main", article.headline), ("sub", article.subheadline), ("kicker", article.kicker)) if value]
    _put(item, "descriptions", _descriptions(article))
    item["bodies"] = _bodies(article, bundle)
    _put(item, "by", attribution.byline(article))
    _put(item, "people", [_person(person) for person in article.authors])
    _put(item, "organisations", _organisations(article, article_publishers(article)))
    _put(item, "infoSources", [{"name": credit.name, "role": credit.role, "literal": credit.kind} for credit in article.credits])
    _put(item, "subjects", [{"name": article.section, "rel": "section"}] * bool(article.section)
         + [{"name": keyword, "rel": "keyword"} for keyword in article.keywords])
    if article.dateline:
        item["located"] = article.dateline.place
    if is_web_url(article.url):
        item["renditions"] = [{"name": "web", "href": uri(article.url), "contentType": "text/html"}]
    _put(item, "associations", _images(article, bundle, item_uri))
    item["altIds"] = [{"role": "id", "value": article.id}]
    if article.url and not is_web_url(article.url):  # no web page to render: kept as written
        item["altIds"].append({"role": "url", "value": article.url})
    return item


def ninjs_document(bundle: Bundle, version: str = "3.1") -> dict[str, Any]:
    """The whole file: one news item, or an edition as a ``composite`` item of items."""
    if bundle.is_single:
        document = ninjs_item(bundle.lead, bundle, version)
    else:
        document = _edition(bundle, version)
    document = {"standard": {"name": "ninjs", "version": version, "schema": SCHEMAS[version]}, "profile": PROFILE, **document}
    return document if version.startswith("3") else _spell_2x(document)


def _edition(bundle: Bundle, version: str) -> dict[str, Any]:
    facts = document_facts(bundle)
    item: dict[str, Any] = {"uri": _item_uri(facts.identifier, bundle_identifier(bundle)), "type": "composite", "representationType": "full"}
    _put(item, "firstCreated", attribution.iso_date(facts.published))
    _put(item, "versionCreated", attribution.iso_date(facts.modified))
    item["language"] = facts.language
    item["headlines"] = [{"role": "main", "value": facts.title}] + (
        [{"role": "sub", "value": facts.subtitle}] if facts.subtitle else [])
    _put(item, "descriptions", [{"role": "summary", "contentType": "text/plain", "value": facts.description}]
         if facts.description else [])
    _put(item, "people", [{"name": name, "rel": "editor"} for name in facts.editors])
    _put(item, "organisations", [_organisation(organisation, "publisher") for organisation in facts.publisher_organizations])
    if is_web_url(facts.url):
        item["renditions"] = [{"name": "web", "href": uri(facts.url), "contentType": "text/html"}]
    item["associations"] = [{"name": f"article-{index}", "rel": "item", **ninjs_item(article, bundle, version)}
                            for index, article in enumerate(bundle.articles, start=1)]
    item["altIds"] = [{"role": "id", "value": facts.identifier}]
    return item


# -- pieces --------------------------------------------------------------------------------

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$")


def _item_uri(identifier: str, derived: str) -> str:
    """``identifier`` when it is already an absolute URI without blanks, else ``derived`` (a URN from it).

    >>> _item_uri("https://news.example.org/a", "urn:x"), _item_uri("urn:newsml:x:1", "urn:x"), _item_uri("a b", "urn:x")
    ('https://news.example.org/a', 'urn:newsml:x:1', 'urn:x')
    """
    return identifier if _SCHEME.match(identifier) and uri(identifier) == identifier else derived


def _put(data: dict[str, Any], key: str, value: Any) -> None:
    if value:
        data[key] = value


def _rights(item: dict[str, Any], article: Article) -> None:
    rights = article.rights
    if rights is None:
        return
    _put(item, "copyrightHolder", rights.holder)
    _put(item, "copyrightNotice", rights.notice)
    _put(item, "usageTerms", rights.usage_terms)
    if rights.licence:
        item["rightsInfo"] = _rights_info(rights.licence)


def _rights_info(licence: str) -> dict[str, str]:
    return {"linkedRights": uri(licence)} if is_web_url(licence) else {"encodedRights": licence}


def _descriptions(article: Article) -> list[dict[str, str]]:
    found = []
    if article.summary:
        found.append({"role": "summary", "contentType": "text/plain", "value": article.summary})
    if article.dateline and article.dateline.text:
        found.append({"role": "dateline", "contentType": "text/plain", "value": article.dateline.text})
    found.extend({"role": _notice_role(notice), "contentType": "text/plain", "value": notice.text}
                 for notice in article.notices)
    return found


def _notice_role(notice: Notice) -> str:
    return f"notice:{notice.kind}" + (f":{notice.date.isoformat()}" if notice.date else "")


def _bodies(article: Article, bundle: Bundle) -> list[dict[str, Any]]:
    base = image_base(article, bundle.site_url)
    markup = article_html(article, bundle, headline=False, image_src=lambda owner, image: public_image_url(image.src, base),
                          figure_places=True)
    text = body_text(article, text_as_written)  # the text the HTML body holds, so the two bodies agree
    bodies = [{"role": "main", "contentType": "text/html", "value": markup}]
    if text:
        bodies.append({"role": "main", "contentType": "text/plain", "charCount": len(text),
                       "wordCount": len(text.split()), "value": text})
    return bodies


def _person(person: Person) -> dict[str, Any]:
    data: dict[str, Any] = {"name": person.name, "rel": person.role}
    if is_web_url(person.url):
        data["uri"] = uri(person.url)
    elif person.url:
        data["literal"] = person.url
    contacts = []
    if person.organization:
        contacts.append({"type": "organisation", "value": person.organization})
    if person.email:
        contacts.append({"type": "email", "value": person.email})
    _put(data, "contactInfo", contacts)
    return data


def _organisations(article: Article, publishers: tuple[Organization, ...]) -> list[dict[str, Any]]:
    found = [_organisation(organisation, "publisher") for organisation in publishers]
    if article.source:
        found.append(_organisation(article.source, "source"))
    return found


def _organisation(organisation: Organization, rel: str) -> dict[str, Any]:
    data: dict[str, Any] = {"name": organisation.name, "rel": rel}
    if is_web_url(organisation.url):
        data["uri"] = uri(organisation.url)
    elif organisation.url:
        data["literal"] = organisation.url
    if organisation.logo:
        data["contactInfo"] = [{"type": "logo", "value": organisation.logo}]
    return data


def _images(article: Article, bundle: Bundle, item_uri: str) -> list[dict[str, Any]]:
    """The pictures as associations; one without a public URL is named after the item's ``uri``."""
    named = [(FEATURE_IMAGE, article.lead_image)] if article.lead_image else []
    named += [(f"figure-{index}", image) for index, image in enumerate(article.images()[len(named):], start=1)]
    return [_picture(name, image, article, bundle, f"{item_uri}#{name}") for name, image in named]


def _picture(name: str, image: Image, article: Article, bundle: Bundle, fallback_uri: str) -> dict[str, Any]:
    url = public_image_url(image.src, image_base(article, bundle.site_url)) if image.src else None
    data: dict[str, Any] = {"name": name, "rel": name if name == FEATURE_IMAGE else "figure",
                            "uri": url or fallback_uri, "type": "picture"}
    descriptions = [{"role": "alt", "value": image.alt}] if image.alt or not image.decorative else []
    if image.decorative:
        descriptions.append({"role": "decorative", "value": "true"})
    if image.caption:
        descriptions.append({"role": "caption", "value": image.caption})
    data["descriptions"] = descriptions
    _put(data, "by", image.credit)
    if image.licence:
        data["rightsInfo"] = _rights_info(image.licence)
    rendition = _rendition(image, url, bundle.resource(article, image))
    if len(rendition) > 1:
        data["renditions"] = [rendition]
    if image.src and image.src != url:
        data["altIds"] = [{"role": "src", "value": image.src}]
    return data


def _rendition(image: Image, url: str | None, resource: Any) -> dict[str, Any]:
    rendition: dict[str, Any] = {"name": "original"}
    if url:
        rendition["href"] = url
    _put(rendition, "contentType", image.media_type or (resource.media_type if resource else ""))
    _put(rendition, "width", image.width)
    _put(rendition, "height", image.height)
    if resource is not None:
        rendition["sizeInBytes"] = len(resource.data)
    return rendition


#: 3.x names that 2.x does not simply spell in lower case.
_RENAMED_2X = {"embargoedUntil": "embargoed"}


def _spell_2x(value: Any, parent: str = "") -> Any:
    """3.x property names spelled as ninjs 2.x does: lower case, ``embargoed``; no ``rel`` on associations."""
    if isinstance(value, list):
        return [_spell_2x(item, parent) for item in value]
    if not isinstance(value, dict):
        return value
    spelled = {}
    for key, item in value.items():
        if parent == "associations" and key == "rel":
            continue
        name = _RENAMED_2X.get(key, key.lower())
        spelled[name] = item if key in ("value",) else _spell_2x(item, key)
    return spelled


# -- reading it back ----------------------------------------------------------------------------


def inspect_ninjs(data: bytes, format_name: str = "ninjs") -> Inspection:
    """What a ninjs consumer sees in ``data``: the item's metadata and its HTML body's text."""
    document = json.loads(data.decode("utf-8"))
    if not isinstance(document, dict) or "uri" not in document:
        raise ValueError("not a ninjs item: no uri")
    item = _lower_keys(document)
    if item.get("type") == "composite":
        parts = tuple(_item_inspection(child, format_name) for child in item.get("associations", [])
                      if child.get("type") == "text")
        title = _headline(item, "main")
        return Inspection(format=format_name, title=title, language=item.get("language", ""),
                          publisher="; ".join(_organisation_names(item, "publisher")),
                          identifier=item.get("uri", ""), items=parts,
                          text="\n\n".join([title, *(part.text for part in parts)]))
    return _item_inspection(item, format_name)


def _lower_keys(value: Any) -> Any:
    """Property names in lower case, so 3.x and 2.x read alike (``embargoeduntil`` as ``embargoed``)."""
    if isinstance(value, list):
        return [_lower_keys(item) for item in value]
    if isinstance(value, dict):
        return {("embargoed" if key == "embargoedUntil" else key.lower()): _lower_keys(item) for key, item in value.items()}
    return value


def _headline(item: dict[str, Any], role: str) -> str:
    return next((entry["value"] for entry in item.get("headlines", []) if entry.get("role") == role), "")


def _organisation_names(item: dict[str, Any], rel: str) -> list[str]:
    return [entry.get("name", "") for entry in item.get("organisations", []) if entry.get("rel") == rel]


def _item_inspection(item: dict[str, Any], format_name: str) -> Inspection:
    from .common import html_text

    markup = next((body["value"] for body in item.get("bodies", []) if body.get("contenttype") == "text/html"), "")
    title = _headline(item, "main")
    summary = next((entry["value"] for entry in item.get("descriptions", []) if entry.get("role") == "summary"), "")
    writers = [person["name"] for person in item.get("people", []) if person.get("rel") in attribution.WRITING_ROLES]
    if not writers and not item.get("people"):
        writers = _organisation_names(item, "publisher")[:1] if item.get("by") else []
    others = [person["name"] for person in item.get("people", []) if person.get("rel") not in attribution.WRITING_ROLES]
    return Inspection(
        format=format_name,
        title=title,
        language=item.get("language", ""),
        authors=tuple(writers),
        contributors=tuple(source.get("name", "") for source in item.get("infosources", [])) + tuple(others),
        publisher="; ".join(_organisation_names(item, "publisher")),
        rights=item.get("copyrightnotice") or (f"© {item['copyrightholder']}" if item.get("copyrightholder") else ""),
        published=item.get("firstcreated", ""),
        modified=item.get("versioncreated", ""),
        identifier=item.get("uri", ""),
        description=summary,
        keywords=tuple(subject.get("name", "") for subject in item.get("subjects", []) if subject.get("rel") == "keyword"),
        text="\n".join(part for part in (title, html_text(markup)) if part),
        extra={"by": item.get("by", ""), "associations": [child.get("name") for child in item.get("associations", [])]},
    )


class NinjsExporter(Exporter):
    """IPTC ninjs 3.1 (or 2.1) news items, as Superdesk and other newsroom systems exchange them."""

    name = "ninjs"
    suffix = ".ninjs.json"
    media_type = "application/ninjs+json"
    description = "IPTC ninjs 3.1 news item (-O ninjs.version=2.1 for partners on 2.x)"
    Options = NinjsOptions

    def render(self, bundle: Bundle) -> Artifact:
        options = self.options
        assert isinstance(options, NinjsOptions)
        return self.artifact(json_file(ninjs_document(bundle, options.version)))

    def inspect(self, data: bytes) -> Inspection:
        return inspect_ninjs(data, self.name)

"""schema.org JSON-LD: one ``NewsArticle`` per article, an edition as an ``ItemList``.

:func:`news_article` is the one place that turns an article into schema.org
terms; the ``jsonld`` format writes it as a file and the HTML page embeds the
same object in ``<script type="application/ld+json">`` (serialise it with
:func:`to_json`, which escapes ``<``, ``>`` and ``&`` so the text can never close
the script element)::

    >>> from exporters.model import Article, Bundle, Organization
    >>> article = Article(id="a1", language="en", headline="Grain moves",
    ...                   publisher=Organization(name="Desk", url="https://news.example.org/"))
    >>> data = news_article(article, Bundle.of(article))
    >>> data["@type"], data["headline"], data["publisher"]["name"], data["author"][0]["@type"]
    ('NewsArticle', 'Grain moves', 'Desk', 'Organization')

Every property Google's article structured-data guidance recommends is there when
the article has it: ``headline``, ``image`` (ImageObject with ``caption``,
``creditText``, ``license``), ``datePublished``, ``dateModified``, ``author``
(Person or, when the publisher signs, Organization, with ``name`` and ``url``),
``publisher`` (Organization with ``logo``); and ``inLanguage``, ``articleSection``,
``keywords``, ``contributor`` for credits, ``copyrightHolder``/``copyrightNotice``,
``dateline`` and ``locationCreated``. ``isAccessibleForFree`` is left out: the model
records no access terms (free, metered, subscription), and claiming ``true`` for every
article would be false for paywalled ones. Image URLs are
absolute (an https ``src``, or a relative one resolved against the article URL);
an image with no public URL keeps its caption and credit but no ``url``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import msgspec

from .. import attribution
from ..body import Figure, Quote, RelatedLink, block_text
from ..media import Image
from ..facts import DocumentFacts, article_facts, document_facts
from ..model import Article, Bundle, Organization, Person
from .base import Artifact, Exporter, Inspection
from .common import image_base, is_web_url, public_image_url, uri

__all__ = ["JsonLdExporter", "news_article", "edition_list", "jsonld_document", "to_json", "json_file", "inspect_jsonld"]

CONTEXT = "https://schema.org"


def news_article(article: Article, bundle: Bundle, *, body: bool = True,
                 facts: DocumentFacts | None = None) -> dict[str, Any]:
    """The schema.org ``NewsArticle`` of ``article`` (without ``@context``, so it nests).

    ``body=False`` leaves ``articleBody`` out: a web page that shows the body embeds the
    object without a second copy of all its text (neither schema.org nor Google's article
    guidance requires the property). ``facts``: the article's :func:`~exporters.facts.article_facts`,
    when already worked out.
    """
    facts = facts or article_facts(article)
    page = uri(facts.url) if is_web_url(facts.url) else ""
    data: dict[str, Any] = {"@type": "NewsArticle", "@id": page or facts.identifier, "identifier": article.id}
    if page:
        data["url"] = page
        data["mainEntityOfPage"] = {"@type": "WebPage", "@id": page}
    data["headline"] = facts.title
    _put(data, "alternativeHeadline", facts.subtitle)
    _put(data, "description", article.summary)
    data["inLanguage"] = facts.language
    _put(data, "articleSection", ", ".join(facts.sections))
    _put(data, "keywords", list(facts.keywords))
    images = [_image(image, image_base(article, bundle.site_url)) for image in article.images()]
    _put(data, "image", images)
    _put(data, "datePublished", attribution.iso_date(facts.published))
    _put(data, "dateModified", attribution.iso_date(facts.modified))
    data["author"] = _authors(article, facts)
    _put(data, "editor", [_person(person) for person in article.authors if person.role not in attribution.WRITING_ROLES])
    _put(data, "contributor", [_credit(credit.name, credit.kind) for credit in article.credits])
    if facts.sole_publisher:
        data["publisher"] = _organization(facts.sole_publisher, bundle)
    if article.source:
        data["sourceOrganization"] = _organization(article.source, bundle)
    _rights(data, article, facts)
    if article.dateline:
        data["dateline"] = ", ".join(part for part in (article.dateline.place, article.dateline.text) if part)
        data["locationCreated"] = {"@type": "Place", "name": article.dateline.place}
    if body:
        _put(data, "articleBody", body_text(article))
    _notices(data, article)
    if article.pubstatus != "usable":
        data["creativeWorkStatus"] = article.pubstatus
    _put(data, "expires", attribution.iso_date(article.expires))
    _put(data, "version", str(article.version) if article.version != 1 else "")
    return data


def edition_list(bundle: Bundle, *, body: bool = True) -> dict[str, Any]:
    """An edition (or any bundle of several articles) as a schema.org ``ItemList`` of ``NewsArticle``."""
    facts = document_facts(bundle)
    data: dict[str, Any] = {"@type": "ItemList", "@id": facts.identifier, "name": facts.title}
    _put(data, "description", facts.description)
    if is_web_url(facts.url):
        data["url"] = uri(facts.url)
    data["numberOfItems"] = len(bundle.articles)
    data["itemListOrder"] = "https://schema.org/ItemListOrderAscending"
    data["itemListElement"] = [{"@type": "ListItem", "position": index, "item": news_article(article, bundle, body=body)}
                               for index, article in enumerate(bundle.articles, start=1)]
    return data


def jsonld_document(bundle: Bundle, *, body: bool = True, lead: DocumentFacts | None = None) -> dict[str, Any]:
    """The whole JSON-LD document of ``bundle``: a ``NewsArticle``, or an ``ItemList`` of them
    (``body=False``: without ``articleBody``; ``lead``: a single article's facts; see :func:`news_article`)."""
    if bundle.is_single:
        data = news_article(bundle.lead, bundle, body=body, facts=lead)
    else:
        data = edition_list(bundle, body=body)
    return {"@context": CONTEXT, **data}


def to_json(data: Any, indent: int | None = 2) -> str:
    """Indented JSON, keys in the order given, with ``<``, ``>`` and ``&`` escaped.

    The escapes keep the text inert wherever it is pasted, including inside an
    HTML ``<script>`` element; every JSON parser reads them back as the characters.
    ``indent=None`` writes it compactly on one line (the web page's data block).
    msgspec writes it, byte for byte what ``json.dumps(data, ensure_ascii=False, indent=2)``
    writes for the strings, integers, booleans, lists and objects the formats hold (none holds a
    float, where the two spell exponents differently), several times faster.

    >>> to_json({"headline": "</script><b>"})
    '{\\n  "headline": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"\\n}'
    """
    try:
        raw = _utf8_json(data, indent)
    except UnicodeEncodeError:  # a lone surrogate, which UTF-8 cannot carry: the json module writes it
        text = json.dumps(data, ensure_ascii=False, indent=indent, separators=None if indent else (",", ":"))
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    else:
        text = raw.decode("utf-8")
        if not _may_hold_not_html(raw):
            return text
    return _NOT_HTML.sub(_json_escape, text)


def json_file(data: Any) -> bytes:
    """:func:`to_json` (indented) and a final newline, as the UTF-8 bytes of a file.

    Byte for byte ``(to_json(data) + "\\n").encode("utf-8")``. When the document holds no character
    of :data:`_NOT_HTML` (nearly always) the UTF-8 msgspec wrote is the file as it is: decoding it
    into a ``str`` and encoding that again are two more passes over every character, most of the
    time :func:`to_json` takes for a document of Cyrillic or Persian text.

    >>> json_file({"headline": "Жел </b>"})
    b'{\\n  "headline": "\\xd0\\x96\\xd0\\xb5\\xd0\\xbb \\\\u003c/b\\\\u003e"\\n}\\n'
    >>> json_file({"a": "\\x85"}) == (to_json({"a": "\\x85"}) + "\\n").encode("utf-8")
    True
    """
    try:
        raw: bytes | None = _utf8_json(data, 2)
    except UnicodeEncodeError:  # a lone surrogate: to_json writes it
        raw = None
    if raw is None or _may_hold_not_html(raw):
        return (to_json(data) + "\n").encode("utf-8")
    return raw + b"\n"


def _utf8_json(data: Any, indent: int | None) -> bytes:
    """msgspec's JSON of ``data`` (indented by ``indent``) with ``<``, ``>`` and ``&`` escaped, in UTF-8
    (no other character's bytes hold these three); ``UnicodeEncodeError`` for a lone surrogate."""
    raw = msgspec.json.encode(data)
    raw = msgspec.json.format(raw, indent=indent) if indent else raw
    return raw.replace(b"<", b"\\u003c").replace(b">", b"\\u003e").replace(b"&", b"\\u0026")


#: What JSON writes as it is but an HTML document may not hold (DEL, C1 controls, noncharacters,
#: lone surrogates): :func:`to_json` writes them as ``\\u`` escapes, which read back as the characters.
_NOT_HTML = re.compile("[\u007f-\u009f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\U0001fffe-\U0010ffff]")


def _may_hold_not_html(raw: bytes) -> bool:
    r"""Whether UTF-8 ``raw`` holds a character :func:`_json_escape` changes: DEL, a C1 control,
    U+FDD0-U+FDEF, or a noncharacter (U+FFFE, U+FFFF, U+1FFFE, ...). False means :data:`_NOT_HTML`
    need not run: a regular expression steps through every character in Python's matcher, where
    looking for the single bytes such a character starts with runs at memory speed, and only the few
    places found (a no-break space, guillemets, an emoji) are looked at closely.

    >>> [_may_hold_not_html(text.encode()) for text in ("«plain» © 🚢", "a\x85b", "\x7f", "\ufdd0", "\U0001fffe", "\ufffd")]
    [False, True, True, True, True, False]
    """
    if b"\x7f" in raw:
        return True
    for lead in _NOT_HTML_LEADS:
        at = raw.find(lead)
        while at != -1:
            if _NOT_HTML_UTF8.match(raw, at):
                return True
            at = raw.find(lead, at + 1)
    return False


#: The characters :func:`_json_escape` changes beyond DEL, in UTF-8, and the bytes they start with.
_NOT_HTML_UTF8 = re.compile(rb"\xc2[\x80-\x9f]|\xef\xb7[\x90-\xaf]|\xef\xbf[\xbe\xbf]"
                            rb"|[\xf0-\xf4][\x8f\x9f\xaf\xbf]\xbf[\xbe\xbf]")
_NOT_HTML_LEADS = (b"\xc2", b"\xef", b"\xf0", b"\xf1", b"\xf2", b"\xf3", b"\xf4")


def _json_escape(match: re.Match[str]) -> str:
    r"""The JSON escape of one character (a surrogate pair beyond the first plane); a character
    beyond the first plane that is not a noncharacter stays as it is.

    >>> _json_escape(re.match(".", "\x85")), _json_escape(re.match(".", "\U0010fffe"))
    ('\\u0085', '\\udbff\\udffe')
    """
    character = match.group()
    if character > "\U0001ffff" and ord(character) & 0xFFFE != 0xFFFE:
        return character
    return json.dumps(character)[1:-1]


def body_text(article: Article, written: Callable[[str], str] | None = None) -> str:
    """The plain text of the body blocks in reading order, one block a paragraph.

    ``written`` gives each text as another body of the same blocks holds it (ninjs: its HTML
    body, which drops the characters HTML forbids); a quote's attribution, a related link's
    label or a figure's caption or credit with nothing left there is left out here too, so the
    two bodies agree.

    >>> from exporters.body import Paragraph, Quote
    >>> article = Article(id="a", language="en", headline="H", body=(
    ...     Paragraph(content=("One.",)), Quote(content=("Two.\\x7f",), attribution="\\x7f")))
    >>> body_text(article), body_text(article, lambda text: text.replace("\\x7f", ""))
    ('One.\\n\\nTwo.\\x7f\\n\\x7f', 'One.\\n\\nTwo.')
    """
    parts = []
    for block in article.body:
        pieces = block_text(block)
        if isinstance(block, RelatedLink) and block.label:
            pieces = [f"{block.label}: {block.title}"]
        if isinstance(block, Figure) and block.image.alt and not block.image.decorative:
            pieces = [block.image.alt, *pieces]
        if written and isinstance(block, (Quote, RelatedLink, Figure)):
            pieces = _shown(block, pieces, written)
        if pieces:
            text = "\n".join(pieces)
            parts.append(written(text) if written else text)
    return "\n\n".join(parts)


def _shown(block: Quote | RelatedLink | Figure, pieces: list[str], written: Callable[[str], str]) -> list[str]:
    """``pieces`` of ``block`` without an attribution, a caption or a credit it leaves empty, or
    a label it leaves blank (NEL is written as a space).

    >>> _shown(Quote(content=("Yes.",), attribution="\\x7f"), ["Yes.", "\\x7f"], lambda text: text.strip("\\x7f"))
    ['Yes.']
    """
    if isinstance(block, Figure):
        return [piece for piece in pieces if written(piece)]
    if isinstance(block, Quote) and block.attribution and not written(block.attribution):
        return pieces[:1]
    if isinstance(block, RelatedLink) and block.label and not written(block.label).strip():
        return [block.title]
    return pieces


# -- pieces ------------------------------------------------------------------------------


def _put(data: dict[str, Any], key: str, value: Any) -> None:
    if value:
        data[key] = value


def _image(image: Image, base: str) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "ImageObject"}
    url = public_image_url(image.src, base) if image.src else None
    if url:
        data["url"] = url
        data["contentUrl"] = url
    _put(data, "description", "" if image.decorative else image.alt)
    _put(data, "caption", image.caption)
    _put(data, "creditText", image.credit)
    _put(data, "license", uri(image.licence) if is_web_url(image.licence) else image.licence)
    _put(data, "encodingFormat", image.media_type)
    if image.width and image.height:
        data["width"] = image.width
        data["height"] = image.height
    return data


def _authors(article: Article, facts: DocumentFacts) -> list[dict[str, Any]]:
    """Each byline name: a Person with what the model knows of them, else (the publisher signing) an Organization."""
    people = {person.name: person for person in article.authors}
    publishers = {organization.name: organization for organization in facts.publisher_organizations}
    return [_person(people[name]) if name in people else _organization(publishers[name], None) if name in publishers
            else {"@type": "Organization", "name": name} for name in facts.authors]


def _person(person: Person) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Person", "name": person.name}
    if is_web_url(person.url):
        data["url"] = uri(person.url)
    if person.organization:
        data["affiliation"] = {"@type": "Organization", "name": person.organization}
    if person.role not in ("author", ""):
        data["jobTitle"] = person.role
    return data


def _credit(name: str, kind: str) -> dict[str, Any]:
    return {"@type": "Person" if kind == "person" else "Organization", "name": name}


def _organization(organization: Organization, bundle: Bundle | None) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Organization", "name": organization.name}
    if is_web_url(organization.url):
        data["url"] = uri(organization.url)
    logo = organization.logo or (bundle.logo if bundle is not None else "")
    logo_url = public_image_url(logo, organization.url) if logo else None
    if logo_url:
        data["logo"] = {"@type": "ImageObject", "url": logo_url}
    return data


def _rights(data: dict[str, Any], article: Article, facts: DocumentFacts) -> None:
    if article.rights and article.rights.holder:
        data["copyrightHolder"] = {"@type": "Organization", "name": article.rights.holder}
    _put(data, "copyrightNotice", "; ".join(facts.rights))
    _put(data, "license", uri(facts.licence) if is_web_url(facts.licence) else facts.licence)
    _put(data, "usageInfo", facts.usage_terms)


def _notices(data: dict[str, Any], article: Article) -> None:
    """Corrections as ``correction`` (CorrectionComment), other notices as ``backstory``."""
    corrections = []
    others = []
    for notice in article.notices:
        if notice.kind == "correction":
            comment: dict[str, Any] = {"@type": "CorrectionComment", "text": notice.text}
            _put(comment, "datePublished", attribution.iso_date(notice.date))
            corrections.append(comment)
        else:
            others.append(notice.text)
    _put(data, "correction", corrections)
    _put(data, "backstory", "\n\n".join(others))


# -- reading it back ------------------------------------------------------------------------

#: Properties whose values a consumer shows as text (the rest are identifiers, dates, URLs).
_TEXT_KEYS = ("headline", "alternativeHeadline", "description", "articleSection", "dateline", "articleBody",
              "caption", "creditText", "copyrightNotice", "backstory", "text", "usageInfo")


def _names(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value] if value else []
    return tuple(item.get("name", "") for item in items if isinstance(item, dict) and item.get("name"))


def _article_inspection(data: dict[str, Any], format_name: str) -> Inspection:
    if data.get("@type") != "NewsArticle":
        raise ValueError(f"expected a NewsArticle, found {data.get('@type')!r}")
    publisher = data.get("publisher") or {}
    rights = data.get("copyrightNotice") or (f"© {data['copyrightHolder']['name']}" if data.get("copyrightHolder") else "")
    texts: list[str] = []
    _collect_text(data, texts)
    return Inspection(
        format=format_name,
        title=data.get("headline", ""),
        language=data.get("inLanguage", ""),
        authors=_names(data.get("author")),
        contributors=_names(data.get("contributor")) + _names(data.get("editor")),
        publisher=publisher.get("name", "") if isinstance(publisher, dict) else "",
        rights=rights,
        published=data.get("datePublished", ""),
        modified=data.get("dateModified", ""),
        identifier=data.get("@id", ""),
        description=data.get("description", ""),
        keywords=tuple(data.get("keywords") or ()),
        text="\n".join(texts),
        extra={"images": data.get("image") or [], "url": data.get("url", "")},
    )


def _collect_text(value: Any, texts: list[str]) -> None:
    """Every shown text value and every name in ``value``, in document order."""
    if isinstance(value, list):
        for item in value:
            _collect_text(item, texts)
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and (key in _TEXT_KEYS or key == "name"):
                texts.append(item)
            elif isinstance(item, (list, dict)):
                _collect_text(item, texts)


def inspect_jsonld(data: bytes, format_name: str = "jsonld") -> Inspection:
    """Read a JSON-LD document written by :class:`JsonLdExporter` back with the json module."""
    document = json.loads(data.decode("utf-8"))
    if not isinstance(document, dict) or document.get("@context") != CONTEXT:
        raise ValueError("not a schema.org JSON-LD document (no @context https://schema.org)")
    if document.get("@type") != "ItemList":
        return _article_inspection(document, format_name)
    items = tuple(_article_inspection(element["item"], format_name) for element in document.get("itemListElement", []))
    return Inspection(format=format_name, title=document.get("name", ""), identifier=document.get("@id", ""),
                      description=document.get("description", ""), items=items,
                      text="\n\n".join(item.text for item in items))


class JsonLdExporter(Exporter):
    """schema.org ``NewsArticle`` JSON-LD; an edition is an ``ItemList`` of them."""

    name = "jsonld"
    suffix = ".jsonld"
    media_type = "application/ld+json"
    description = "schema.org NewsArticle JSON-LD (an edition as an ItemList)"

    def render(self, bundle: Bundle) -> Artifact:
        return self.artifact((to_json(jsonld_document(bundle)) + "\n").encode("utf-8"))

    def inspect(self, data: bytes) -> Inspection:
        return inspect_jsonld(data, self.name)

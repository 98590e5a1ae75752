"""The HTML metadata of a document: the ``<meta>`` tags that declare its facts, and reading them back.

The e-mail's HTML part (:mod:`exporters.formats.email`) and the web page
(:mod:`exporters.formats.html`) declare the same document facts
(:mod:`exporters.facts`) in the same tags (``author``, ``dcterms.*``,
``description``, ``keywords``), so both write them with :func:`meta_tags` and
read them back with :func:`inspect_html`::

    >>> from exporters import api
    >>> bundle = api.read_bundle(["samples/articles/port-of-aktau.json"])
    >>> tags = meta_tags(bundle)
    >>> tags[0], tags[-1]
    (('author', 'Marat Example'), ('generator', 'newsroom-exporters'))
    >>> head = "".join(f'<meta name="{name}" content="{value}">' for name, value in tags)
    >>> inspect_html(f"<html lang='en'><head><title>Port</title>{head}</head><body><p>Text</p></body></html>").authors
    ('Marat Example',)
"""

from __future__ import annotations

from lxml import etree
from lxml import html as lxml_html

from .. import attribution
from ..facts import GENERATOR, DocumentFacts, document_facts, join_field, unique
from ..model import Bundle
from ..text import one_line
from .base import Inspection
from .common import visible_text

__all__ = ["meta_tags", "inspect_html"]


def meta_tags(bundle: Bundle, facts: DocumentFacts | None = None) -> list[tuple[str, str]]:
    """The ``<meta>`` tags that declare the document facts in HTML (the e-mail's HTML part and the
    ``html`` format's page): authors, credits, publishers, rights, dates, identifier, description,
    keywords; :func:`inspect_html` reads them back. ``facts``: the bundle's, when already worked out."""
    facts = facts or document_facts(bundle)
    tags = [("author", name) for name in unique(facts.authors, tidy=one_line)]
    tags += [("dcterms.contributor", name) for name in unique(facts.credited, tidy=one_line)]
    tags += [("dcterms.publisher", name) for name in unique(facts.publishers, tidy=one_line)]
    tags += [("dcterms.rights", line) for line in unique(facts.rights, tidy=one_line)]
    if facts.published:
        tags.append(("dcterms.issued", attribution.iso_date(facts.published)))
    if not facts.is_edition and bundle.lead.updated:
        tags.append(("dcterms.modified", attribution.iso_date(bundle.lead.updated)))
    tags.append(("dcterms.identifier", facts.identifier))
    description = one_line(facts.description if facts.is_edition else bundle.lead.summary)
    if description:
        tags.append(("description", description))
    keywords = unique(facts.keywords, tidy=one_line)
    if keywords:
        tags.append(("keywords", ", ".join(keywords)))
    tags.append(("generator", GENERATOR))
    return tags


def _visible_text(document: etree._Element) -> str:
    """The text a reader sees in the body, in order; blocks on their own lines.

    Leaves out the hidden preheader and the link addresses printed for the reader.
    """
    body = document.find("body")
    return visible_text(body if body is not None else document, hidden=_not_article_text)


def _not_article_text(element: etree._Element) -> bool:
    """The hidden preheader, or a link address printed for the reader (not article text)."""
    return bool({"preheader", "address"} & set((element.get("class") or "").split()))


def _meta_values(document: etree._Element, name: str) -> tuple[str, ...]:
    return tuple(element.get("content", "") for element in document.iter("meta")
                 if (element.get("name") or "").lower() == name and element.get("content"))


def inspect_html(data: bytes | str, format_name: str = "email") -> Inspection:
    """Metadata from the ``<meta>`` tags and ``<title>``, text from the visible body (lxml).

    Reads the HTML part of a message and the web page of the ``html`` format alike.
    """
    document = lxml_html.document_fromstring(data)
    title = document.findtext(".//title") or ""
    keywords = ", ".join(_meta_values(document, "keywords"))
    return Inspection(
        format=format_name,
        title=" ".join(title.split()),
        language=document.get("lang", ""),
        authors=_meta_values(document, "author"),
        contributors=_meta_values(document, "dcterms.contributor"),
        publisher=join_field(_meta_values(document, "dcterms.publisher")),
        rights=" | ".join(_meta_values(document, "dcterms.rights")),
        published=next(iter(_meta_values(document, "dcterms.issued")), ""),
        modified=next(iter(_meta_values(document, "dcterms.modified")), ""),
        identifier=next(iter(_meta_values(document, "dcterms.identifier")), ""),
        description=next(iter(_meta_values(document, "description")), ""),
        keywords=tuple(part.strip() for part in keywords.split(",") if part.strip()),
        text=_visible_text(document),
        extra={"images": [image.get("src", "") for image in document.iter("img")]},
    )

"""The inputs of the reference runs, made from the corpus before any timing starts.

The floors (``bench/floor/*.py``) and pandoc must produce a document with the
same visible text as the toolkit's, so both get the article already reduced to
what every format shows, in the toolkit's reading order: kicker, headline, dek,
byline, credit lines, dateline, dates, source, lead image, every body block,
notices, rights, publisher, URL.

- :func:`plain_document` -> a JSON-ready dict the floors read::

      {"id": "...", "language": "fa", "direction": "rtl", "title": "...", "author": "...",
       "published": "2026-03-02T09:00:00+03:30", "url": "https://...",
       "blocks": [{"kind": "p", "text": "..."}, {"kind": "h2", "text": "..."},
                  {"kind": "image", "src": "images/harbour-cranes.png", "alt": "..."}],
       "summary": "...", "authors": [...], "author_urls": {...}, "credits": [...], "categories": [...],
       "publisher": "...", "logo": "...", "publisher_url": "...", "rights": "...", "modified": "...",
       "lead_image": {"src": "...", "type": "image/png", "length": 773, "width": 320, "height": 200}}

  The fields after ``blocks`` are what a feed entry declares besides the text; the rss and
  atom floors write them.

  It also carries ``page``: the same article as the plain data a web page is written from
  (:func:`page_data`: the head's meta tags, Open Graph and JSON-LD, the story's header,
  figures, body blocks with their inline words and links, notices and footer), so the
  html floor writes the same page as the toolkit with one bare Jinja template.

  And ``pdf``: what a PDF of that page declares and prints besides it (:func:`pdf_data`: the
  Info facts, the date line, the running footer's publisher and page label and the digits of
  its page numbers), so the pdf floor writes the same document from ``page`` and ``pdf``.

  And ``json``: the values the JSON formats' files hold (:func:`json_data`: names, dates, URLs
  resolved, people, images, the article HTML and text), so the ninjs, jsonld and jsonfeed floors
  write the same document as the toolkit with the json module.

- :func:`markdown` -> the same document as Pandoc Markdown with a YAML header,
  the way a user would hand it to ``pandoc article.md -o article.epub``.
- :func:`typst_markup` -> the same document as Typst markup, for Typst's PDF/UA-1 render.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from exporters import attribution
from exporters.body import (
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
    block_text,
)
from exporters.facts import article_facts, article_identifier, document_facts
from exporters.formats.channel import channel_of, entry_guid, entry_link, entry_summary
from exporters.formats.common import html_text, image_base, is_web_url, live_href, public_image_url, uri
from exporters.formats.html_body import article_html
from exporters.formats.html import open_graph
from exporters.formats.html_meta import meta_tags
from exporters.formats.jsonld import body_text, jsonld_document
from exporters.formats.ninjs import FEATURE_IMAGE, PROFILE, SCHEMAS
from exporters.formats.ninjs import _item_uri as ninjs_uri
from exporters.labels import labels
from exporters.media import Image
from exporters.model import Article, Bundle


def plain_document(bundle: Bundle) -> dict[str, Any]:
    """The single article of ``bundle`` as headings, paragraphs and embedded images."""
    article = bundle.lead
    blocks: list[dict[str, str]] = []

    def text(*values: str) -> None:
        blocks.extend({"kind": "p", "text": value} for value in values if value.strip())

    text(article.kicker)
    blocks.append({"kind": "h1", "text": article.headline})
    text(article.subheadline, attribution.byline(article), *attribution.credit_lines(article))
    if article.dateline:
        text(" ".join(part for part in (article.dateline.place, article.dateline.text) if part))
    text(attribution.date_line(article), attribution.source_line(article))
    if article.lead_image:
        _image(blocks, bundle, article, article.lead_image)
    for block in article.body:
        if isinstance(block, Heading):
            blocks.append({"kind": f"h{min(6, block.level)}", "text": block_text(block)[0]})
        elif isinstance(block, Figure):
            _image(blocks, bundle, article, block.image)
        else:
            text(*block_text(block))
    text(*(notice.text for notice in article.notices), attribution.rights_line(article))
    text(article.publisher.name if article.publisher else "", article.url)
    return {
        "id": article.id,
        "language": article.language,
        "direction": article.text_direction,
        "title": article.headline,
        "author": ", ".join(attribution.writer_names(article)),
        "published": attribution.iso_date(article.published),
        "url": article.url,
        "blocks": blocks,
        **_feed_facts(bundle, article),
        "page": page_data(bundle),
        "pdf": pdf_data(bundle),
        "json": json_data(bundle),
    }


def _feed_facts(bundle: Bundle, article: Article) -> dict[str, Any]:
    """What a feed entry declares besides the text (the rss and atom floors write it):
    summary, each writer (and the page of each who has one) and credited name, categories,
    publisher with its page and logo, rights,
    the last change, and the lead image's file facts when its bytes were loaded."""
    lead = article.lead_image
    resource = bundle.resource(article, lead) if lead else None
    image = {"src": lead.src, "type": resource.media_type, "length": len(resource.data),
             "width": resource.width or lead.width or 0, "height": resource.height or lead.height or 0} if lead and resource else None
    return {
        "summary": entry_summary(article),
        "authors": attribution.writer_names(article),
        "author_urls": {person.name: person.url for person in article.authors if person.url.startswith("https://")},
        "credits": attribution.credit_names(article),
        "categories": list(dict.fromkeys(term for term in (article.section, *article.keywords) if term.strip())),
        "publisher": article.publisher.name if article.publisher else "",
        "logo": article.publisher.logo if article.publisher else "",
        "publisher_url": article.publisher.url if article.publisher else "",
        "rights": attribution.rights_line(article),
        "modified": attribution.iso_date(article.modified),
        "lead_image": image,
    }


def _image(blocks: list[dict[str, str]], bundle: Bundle, article: Article, image: Image) -> None:
    """An embedded image when its bytes were loaded, then its caption and credit as text."""
    if bundle.resource(article, image) is not None:
        blocks.append({"kind": "image", "src": image.src, "alt": image.alt})
    blocks.extend({"kind": "p", "text": value} for value in image.visible_text())


def write_plain(document: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")


_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|$~^@])")
_LINE_START = re.compile(r"^(\s*)([-+:>%]|\d+[.)])")


def _escape(text: str) -> str:
    """Pandoc Markdown that reads back as ``text`` (no emphasis, lists or headings by accident).

    >>> _escape("1. *not* a list")
    '1\\\\. \\\\*not\\\\* a list'
    """
    lines = []
    for line in text.split("\n"):
        line = _SPECIAL.sub(r"\\\1", line)
        line = _LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], line)
        lines.append(line)
    return "\\\n".join(lines)


def _yaml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted string


def markdown(document: dict[str, Any]) -> str:
    """The plain document as Pandoc Markdown; the headline is the title in the YAML header."""
    header = [
        "---",
        f"title: {_yaml_string(document['title'])}",
        f"lang: {document['language']}",
    ]
    if document["author"]:
        header.append(f"author: {_yaml_string(document['author'])}")
    if document["published"]:
        header.append(f"date: {_yaml_string(document['published'][:10])}")
    if document["direction"] == "rtl":
        header.append("dir: rtl")
    header.append("---")
    body = []
    for block in document["blocks"]:
        kind = block["kind"]
        if kind == "h1":
            continue  # the title
        if kind == "image":
            body.append(f"![{_escape(block['alt'])}]({block['src']})")
        elif kind.startswith("h"):
            body.append(f"{'#' * int(kind[1])} {_escape(block['text'])}")
        else:
            body.append(_escape(block["text"]))
    return "\n".join(header) + "\n\n" + "\n\n".join(body) + "\n"


def typst_markup(document: dict[str, Any], font: str = "FiraGO") -> str:
    """The plain document as Typst markup: title, author and language set (PDF/UA-1 asks for
    them), every text a string literal so no character of it reads as markup, images with alt.

    >>> typst_markup({"title": "T", "author": "", "language": "en", "direction": "ltr",
    ...               "blocks": [{"kind": "h1", "text": "T"}, {"kind": "p", "text": "*a*"}]}).splitlines()[-1]
    '#"*a*"'
    """
    def string(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a Typst string literal

    lines = [
        f"#set document(title: {string(document['title'])}, author: {string(document['author'])})",
        (f'#set text(lang: {string(document["language"].split("-")[0])}, font: {string(font)}, '
         f'dir: {document["direction"]})'),
    ]
    for block in document["blocks"]:
        kind = block["kind"]
        if kind == "image":
            lines.append(f"#figure(image({string(block['src'])}, alt: {string(block['alt'])}))")
        elif kind.startswith("h"):
            lines.append(f"#heading(level: {kind[1]}, {string(block['text'])})")
        else:
            lines.append(f"#{string(block['text'])}")
        lines.append("")
    return "\n".join(lines[:-1])


# -- the web page's plain data (the html floor) ----------------------------------------------------


def page_data(bundle: Bundle) -> dict[str, Any]:
    """The single article of ``bundle`` as the plain data of its web page: every value a string,
    number, list or dict, worked out here (untimed) so the html floor only fills one template."""
    article = bundle.lead
    facts = document_facts(bundle)
    words = labels(article.language)
    url = live_href(article.url) or ""
    publisher = article.publisher
    sole = facts.sole_publisher
    later = article.updated if article.updated != article.published else None
    return {
        "meta": [[name, " ".join(value.split())] for name, value in meta_tags(bundle, facts)],
        "canonical": url,
        "og": [list(pair) for pair in open_graph(bundle, facts)],
        "jsonld": jsonld_document(bundle, body=False),
        "skip": words["skip"],
        "site": facts.publisher,
        "site_url": (live_href(sole.url) or "") if sole and sole.url else "",
        "kicker": article.kicker,
        "dek": article.subheadline,
        "byline": attribution.byline(article),
        "credits": attribution.credit_lines(article),
        "dateline": ", ".join(part for part in (article.dateline.place, article.dateline.text) if part)
        if article.dateline else "",
        "dates": [{"label": words[key], "iso": attribution.iso_date(moment), "text": attribution.human_date(moment)}
                  for key, moment in (("published", article.published), ("updated", later)) if moment],
        "source": attribution.source_line(article),
        "lead": _figure(bundle, article, article.lead_image) if article.lead_image else None,
        "body": [_block(bundle, article, block, words) for block in article.body],
        "notices": [{"kind": notice.kind, "text": notice.text} for notice in article.notices],
        "rights": attribution.rights_line(article),
        "usage_terms": article.rights.usage_terms if article.rights else "",
        "publisher": publisher.name if publisher else "",
        "publisher_url": (live_href(publisher.url) or "") if publisher else "",
        "url": url,
    }


def _inlines(content: tuple[Inline, ...]) -> list[dict[str, Any]]:
    """Inline words as nested nodes: ``{"tag": "", "text"}``, ``{"tag": "em"|"strong", "content"}``,
    ``{"tag": "a", "href", "content"}`` (``"span"`` for a link that may not be live), ``{"tag": "br"}``."""
    nodes: list[dict[str, Any]] = []
    for node in content:
        if isinstance(node, str):
            nodes.append({"tag": "", "text": node})
        elif isinstance(node, (Emphasis, Strong)):
            nodes.append({"tag": "em" if isinstance(node, Emphasis) else "strong", "content": _inlines(node.content)})
        elif isinstance(node, Link):
            href = live_href(node.href)
            nodes.append({"tag": "a", "href": href, "content": _inlines(node.content)} if href
                         else {"tag": "span", "content": _inlines(node.content)})
        elif isinstance(node, LineBreak):
            nodes.append({"tag": "br"})
    return nodes


def _figure(bundle: Bundle, article: Article, image: Image) -> dict[str, Any]:
    resource = bundle.resource(article, image)
    return {"kind": "figure", "src": image.src if resource else "", "media_type": resource.media_type if resource else "",
            "alt": "" if image.decorative else image.alt, "width": (resource.width if resource else 0) or image.width,
            "height": (resource.height if resource else 0) or image.height, "caption": image.caption,
            "credit": image.credit}


def _block(bundle: Bundle, article: Article, block: Any, words: dict[str, str]) -> dict[str, Any]:
    """One body block as plain data: ``kind`` and what that kind shows."""
    if isinstance(block, Paragraph):
        return {"kind": "p", "content": _inlines(block.content)}
    if isinstance(block, Heading):
        return {"kind": "h", "level": min(6, block.level), "content": _inlines(block.content)}
    if isinstance(block, Quote):
        return {"kind": "quote", "pull": block.pull, "content": _inlines(block.content), "attribution": block.attribution}
    if isinstance(block, ListBlock):
        return {"kind": "list", "tag": "ol" if block.ordered else "ul", "items": [_inlines(item) for item in block.items]}
    if isinstance(block, Figure):
        return _figure(bundle, article, block.image)
    if isinstance(block, (RelatedLink, Embed)):
        label = block.label if isinstance(block, RelatedLink) else words["embed"]
        return {"kind": "related" if isinstance(block, RelatedLink) else "embed", "label": label, "title": block.title,
                "href": live_href(block.url) or "", "provider": getattr(block, "provider", "")}
    if isinstance(block, NoticeBlock):
        return {"kind": "notice", "notice": block.kind, "text": block.text}
    if isinstance(block, Separator):
        return {"kind": "hr"}
    raise TypeError(f"no page data for {type(block).__name__}")


# -- the PDF's plain data (the pdf floor) ---------------------------------------------------------


def pdf_data(bundle: Bundle) -> dict[str, Any]:
    """What the toolkit's PDF of ``bundle`` declares (Info: title, authors, subject, keywords,
    creator, producer) and prints besides the page data: the date line, the running footer's
    publisher and ``page_of`` pattern, and the digits its page numbers are written in."""
    from exporters.formats.pdf.markup import local_digits
    from exporters.formats.pdf.metadata import CREATOR, PRODUCER

    article = bundle.lead
    facts = document_facts(bundle)
    return {
        "title": facts.title, "author": "; ".join(facts.authors), "subject": facts.description,
        "keywords": list(facts.keywords), "creator": CREATOR, "producer": PRODUCER,
        "dates": attribution.date_line(article), "footer": facts.publisher,
        "page_of": labels(article.language)["page_of"],
        "digits": "".join(local_digits(digit, article.language) for digit in range(10)),
    }


# -- the JSON formats' plain data (the ninjs, jsonld and jsonfeed floors) -------------------------


def json_data(bundle: Bundle) -> dict[str, Any]:
    """The single article of ``bundle`` as the plain values its ninjs, JSON-LD and JSON Feed files
    hold: every URL resolved, every date in ISO 8601, the article HTML written (with the figures'
    places, as ninjs keeps them, and without), so the floors only arrange and serialise them."""
    article = bundle.lead
    facts = article_facts(article)
    channel = channel_of(bundle, "", ".json", "jsonfeed")
    base = image_base(article, bundle.site_url)
    feed_base = image_base(article, channel.link)
    rights = article.rights

    def link(value: str) -> str:
        return uri(value) if is_web_url(value) else ""

    html = article_html(article, bundle, headline=False, figure_places=True,
                        image_src=lambda owner, image: public_image_url(image.src, base))
    feed_html = article_html(article, bundle, headline=False,
                             image_src=lambda owner, image: public_image_url(image.src, feed_base))
    people = {person.name: person for person in article.authors}
    publishers = {organization.name: organization for organization in facts.publisher_organizations}
    return {
        "id": article.id,
        "identifier": article_identifier(article),
        "uri": ninjs_uri(article.id, article_identifier(article)),
        "profile": PROFILE,
        "schema": SCHEMAS["3.1"],
        "url": article.url,
        "page": link(article.url),
        "version": article.version,
        "published": attribution.iso_date(article.published),
        "updated": attribution.iso_date(article.updated or article.published),
        "modified": attribution.iso_date(facts.modified),
        "feed_modified": (facts.modified or channel.updated).isoformat(),
        "embargoed": attribution.iso_date(article.embargoed),
        "expires": attribution.iso_date(article.expires),
        "pubstatus": article.pubstatus,
        "language": article.language,
        "headline": article.headline,
        "dek": article.subheadline,
        "kicker": article.kicker,
        "summary": article.summary,
        "feed_summary": entry_summary(article),
        "byline": attribution.byline(article),
        "dateline_place": article.dateline.place if article.dateline else None,
        "dateline_text": article.dateline.text if article.dateline else "",
        "section": article.section,
        "keywords": list(article.keywords),
        "holder": rights.holder if rights else "",
        "notice": rights.notice if rights else "",
        "usage_terms": rights.usage_terms if rights else "",
        "licence": rights.licence if rights else "",
        "licence_url": link(rights.licence) if rights else "",
        "rights": list(facts.rights),
        "facts_licence": facts.licence,
        "facts_licence_url": link(facts.licence),
        "facts_usage_terms": facts.usage_terms,
        "notices": [{"kind": notice.kind, "date": notice.date.isoformat() if notice.date else "",
                     "iso": attribution.iso_date(notice.date), "text": notice.text} for notice in article.notices],
        "html": html,
        "feed_html": feed_html,
        "feed_text": html_text(feed_html),
        "text": body_text(article),
        "people": [_json_person(person) for person in article.authors],
        "authors": [_json_person(people[name]) if name in people else _json_organization(publishers[name], "")
                    if name in publishers else {"kind": "Organization", "name": name} for name in facts.authors],
        "publishers": [_json_organization(organization, bundle.logo) for organization in facts.publisher_organizations],
        "sole_publisher": _json_organization(facts.sole_publisher, bundle.logo) if facts.sole_publisher else None,
        "source": _json_organization(article.source, bundle.logo) if article.source else None,
        "credits": [{"name": credit.name, "role": credit.role, "kind": credit.kind} for credit in article.credits],
        "contributors": list(facts.contributors),
        "publisher_name": facts.publisher,
        "sections": list(facts.sections),
        "facts_keywords": list(facts.keywords),
        "images": [_json_image(bundle, article, image, base, name) for name, image in _named_images(article)],
        "feed_images": [_json_image(bundle, article, image, feed_base, "") for image in article.images()],
        "feed": {"title": channel.title, "link": channel.link, "self": channel.self_url,
                 "description": channel.description, "logo": channel.logo, "publishers": list(channel.publishers),
                 "publisher_url": channel.publisher_url, "language": channel.language,
                 "guid": entry_guid(article)[0], "link_item": entry_link(article, channel)},
    }


def _named_images(article: Article) -> list[tuple[str, Image]]:
    named = [(FEATURE_IMAGE, article.lead_image)] if article.lead_image else []
    return named + [(f"figure-{index}", image) for index, image in enumerate(article.images()[len(named):], start=1)]


def _json_person(person: Any) -> dict[str, Any]:
    return {"kind": "Person", "name": person.name, "role": person.role, "url": person.url,
            "page": uri(person.url) if is_web_url(person.url) else "", "organization": person.organization,
            "email": person.email, "writes": person.role in attribution.WRITING_ROLES}


def _json_organization(organization: Any, fallback_logo: str) -> dict[str, Any]:
    logo = organization.logo or fallback_logo
    return {"kind": "Organization", "name": organization.name, "url": organization.url,
            "page": uri(organization.url) if is_web_url(organization.url) else "", "logo": organization.logo,
            "logo_url": (public_image_url(logo, organization.url) or "") if logo else ""}


def _json_image(bundle: Bundle, article: Article, image: Image, base: str, name: str) -> dict[str, Any]:
    resource = bundle.resource(article, image)
    return {"name": name, "src": image.src, "url": (public_image_url(image.src, base) or "") if image.src else "",
            "alt": image.alt, "decorative": image.decorative, "caption": image.caption, "credit": image.credit,
            "licence": image.licence, "licence_url": uri(image.licence) if is_web_url(image.licence) else "",
            "media_type": image.media_type, "width": image.width, "height": image.height,
            "resource_type": resource.media_type if resource else "", "size": len(resource.data) if resource else None}

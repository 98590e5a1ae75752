"""Accessible plain text: one UTF-8 (NFC) file a screen reader or braille display reads well.

Layout, for an article::

    Title: Caspian Port Doubles Grain Shipments as Rail Link Opens
    By: Marat Example
    Credits: With reporting by Reuters and AFP
    Publisher: Example News Desk
    ...                                   <- the header: "Key: value" lines, English keys
                                             (stable, so `exporters check` can parse them)
    # Caspian Port Doubles Grain Shipments as Rail Link Opens

    By Marat Example
    With reporting by Reuters and AFP

    ## From a week to a day               <- every heading marked with "#" per level,
                                             the same way throughout; no boxes, no tables
    [Image: Three orange cranes ... Credit: Photo: Dana Serik]
    Freight rates on the Middle Corridor [1]

    ## Links
    [1] https://news.example.org/topics/middle-corridor

No hard wrapping unless ``-O wrap=72``. Right-to-left text stays in logical
order; the header notes the language and its direction.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from typing import Annotated, Iterable

import msgspec

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
from ..facts import DocumentFacts, document_facts, join_field, split_field
from ..labels import labels
from ..media import Image
from ..model import Article, Bundle
from ..text import one_line, paragraphs
from .base import Artifact, Exporter, Inspection
from .common import live_href

__all__ = ["TextExporter", "TextOptions"]

_HEADER_LINE = re.compile(r"^([A-Z][A-Za-z ]+): (.*)$")


class TextOptions(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """``wrap``: wrap paragraphs at this many characters (0: no wrapping)."""

    wrap: Annotated[int, msgspec.Meta(ge=0)] = 0


class _Page(msgspec.Struct):
    """Lines being written, and the link references collected on the way."""

    wrap: int
    lines: list[str] = msgspec.field(default_factory=list)
    links: list[str] = msgspec.field(default_factory=list)

    def paragraph(self, text: str) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")
        chunks = text.split("\n")
        for chunk in chunks:
            self.lines.extend(textwrap.wrap(chunk, self.wrap, break_long_words=False, break_on_hyphens=False) or [""]
                              if self.wrap else [chunk])

    def heading(self, level: int, text: str) -> None:
        self.paragraph(f"{'#' * min(level, 6)} {text}")

    def reference(self, href: str) -> int:
        if href not in self.links:
            self.links.append(href)
        return self.links.index(href) + 1


class TextExporter(Exporter):
    """Accessible plain text with a metadata header, marked headings and numbered links."""

    name = "txt"
    aliases = ("text",)
    suffix = ".txt"
    media_type = "text/plain; charset=utf-8"
    description = "Accessible plain text: header, marked headings, numbered links"
    Options = TextOptions

    def render(self, bundle: Bundle) -> Artifact:
        page = _Page(wrap=self.options.wrap)
        if bundle.is_single:
            _header(page, _article_header(bundle.lead, document_facts(bundle)))
            _article(page, bundle, bundle.lead, level=1)
        else:
            _bundle(page, bundle)
        if page.links:
            page.heading(2 if bundle.is_single else 1, labels(bundle.main_language)["links"])
            page.lines.append("")
            page.lines.extend(f"[{number}] {href}" for number, href in enumerate(page.links, 1))
        text = "\n".join(page.lines).strip("\n") + "\n"
        return self.artifact(unicodedata.normalize("NFC", text).encode("utf-8"))

    def inspect(self, data: bytes) -> Inspection:
        text = data.decode("utf-8")
        header, _, rest = text.partition("\n\n")
        fields: dict[str, str] = {}
        for line in header.splitlines():
            match = _HEADER_LINE.match(line)
            if not match:
                raise ValueError(f"not a header line: {line[:60]!r}")
            fields[match.group(1)] = match.group(2)
        visible = _without_link_markers(rest)
        return Inspection(
            format=self.name,
            title=fields.get("Title", ""),
            language=fields.get("Language", "").split(" ")[0],
            authors=split_field(fields.get("Authors", "")),
            contributors=split_field(fields.get("Contributors", "")),
            publisher=fields.get("Publisher", ""),
            rights=fields.get("Rights", ""),
            published=fields.get("Published", ""),
            modified=fields.get("Updated", ""),
            identifier=fields.get("Identifier", ""),
            description=fields.get("Summary", ""),
            keywords=split_field(fields.get("Keywords", "")),
            text=visible,
            extra={"header": fields},
        )


def _header(page: _Page, fields: Iterable[tuple[str, str]]) -> None:
    page.lines.extend(f"{key}: {one_line(value)}" for key, value in fields if value)
    page.lines.append("")


def _without_link_markers(text: str) -> str:
    r"""The text without the ``[N]`` after each link, which a wrapped line may carry to the next.

    The list of links closes the text, one ``[N] URL`` a line; it stays as it is.

    >>> print(_without_link_markers("on the hospital's\n[1] site and its\nforum [2].\n\n## Links\n\n[1] https://a.example/\n[2] https://b.example/\n"))
    on the hospital's site and its
    forum.
    <BLANKLINE>
    ## Links
    <BLANKLINE>
    [1] https://a.example/
    [2] https://b.example/
    <BLANKLINE>
    """
    lines = text.split("\n")
    end = len(lines)
    while end and (not lines[end - 1] or re.match(r"\[\d+\] ", lines[end - 1])):
        end -= 1
    listing = "\n".join(lines[end:])
    references = set(re.findall(r"^\[(\d+)\] ", listing, flags=re.M))
    body = re.sub(r"(?: |(?<=\S)\n)\[(\d+)\]", lambda m: "" if m.group(1) in references else m.group(0),
                  "\n".join(lines[:end]))
    return body + ("\n" if end else "") + listing


def _direction_note(language: str, direction: str) -> str:
    return f"{language} ({'right-to-left' if direction == 'rtl' else 'left-to-right'})"


def _article_header(article: Article, facts: DocumentFacts) -> list[tuple[str, str]]:
    return [
        ("Title", facts.title),
        ("Subtitle", facts.subtitle),
        ("Authors", join_field(facts.authors)),
        ("Contributors", join_field(facts.contributors)),
        ("Credits", "; ".join(attribution.credit_lines(article))),
        ("Photo credits", "; ".join(facts.photo_credits)),
        ("Publisher", join_field(facts.publishers)),
        ("Source", facts.source),
        ("Dateline", ", ".join(part for part in (article.dateline.place, article.dateline.text) if part) if article.dateline else ""),
        ("Published", attribution.iso_date(facts.published)),
        ("Updated", attribution.iso_date(article.updated)),
        ("Language", _direction_note(facts.language, facts.direction)),
        ("Section", article.section),
        ("Keywords", join_field(facts.keywords)),
        ("Summary", article.summary),
        ("URL", facts.url),
        ("Rights", "; ".join(facts.rights)),
        ("Licence", facts.licence),
        ("Usage terms", facts.usage_terms),
        ("Identifier", facts.identifier),
    ]


def _bundle(page: _Page, bundle: Bundle) -> None:
    words = labels(bundle.main_language)
    facts = document_facts(bundle)
    _header(page, [
        ("Title", facts.title),
        ("Subtitle", facts.subtitle),
        ("Issue", bundle.issue),
        ("Authors", join_field(facts.authors)),
        ("Contributors", join_field(facts.contributors)),
        ("Publisher", join_field(facts.publishers)),
        ("Editors", join_field(facts.editors)),
        ("Published", attribution.iso_date(facts.published)),
        ("Language", _direction_note(facts.language, facts.direction)),
        ("URL", facts.url),
        ("Rights", "; ".join(facts.rights)),
        ("Identifier", facts.identifier),
    ])
    page.heading(1, bundle.display_title)
    for line in (bundle.subtitle, bundle.issue and f"{words['issue']} {bundle.issue}", *paragraphs(bundle.introduction)):
        if line:
            page.paragraph(line)
    if bundle.editors:
        page.paragraph(f"{words['editors']} {attribution.join_names([p.name for p in bundle.editors], bundle.main_language)}")
    page.heading(2, words["contents"])
    page.lines.append("")
    number = 0
    for section in bundle.sections:
        if section.title:
            page.lines.append(section.title)
        for article in section.articles:
            number += 1
            page.lines.append(f"{number}. {article.headline}")
    for section in bundle.sections:
        level = 2
        if section.title:
            page.heading(2, section.title)
            level = 3
        for article in section.articles:
            _article(page, bundle, article, level=level)


def _article(page: _Page, bundle: Bundle, article: Article, level: int) -> None:
    words = labels(article.language)
    if article.kicker:
        page.paragraph(article.kicker)
    page.heading(level, article.headline)
    if not bundle.is_single:
        page.paragraph(f"{words['language']}: {_direction_note(article.language, article.text_direction)}")
    for line in (article.subheadline, attribution.byline(article), *attribution.credit_lines(article)):
        if line:
            page.paragraph(line)
    dateline = ", ".join(part for part in (article.dateline.place, article.dateline.text) if part) if article.dateline else ""
    for line in (dateline, attribution.date_line(article), attribution.source_line(article)):
        if line:
            page.paragraph(line)
    if article.lead_image:
        page.paragraph(_image_text(article.lead_image, words))
    for block in article.body:
        _block(page, block, level, words)
    if article.notices:
        page.heading(level + 1, words["notices"])
        for notice in article.notices:
            page.paragraph(notice.text)
    closing = [attribution.rights_line(article), article.publisher.name if article.publisher else ""]
    if article.url:
        closing.append(f"{words['source']}: {article.url}")
    for line in closing:
        if line:
            page.paragraph(line)


def _block(page: _Page, block: Block, level: int, words: dict[str, str]) -> None:
    if isinstance(block, Paragraph):
        page.paragraph(_inlines(page, block.content))
    elif isinstance(block, Heading):
        page.heading(level + block.level - 1, _inlines(page, block.content))
    elif isinstance(block, Quote):
        label = "Pull quote" if block.pull else "Quote"
        page.paragraph(f"{label}: {_inlines(page, block.content)}")
        if block.attribution:
            page.lines.append(f"— {block.attribution}")
    elif isinstance(block, ListBlock):
        page.paragraph("")
        page.lines.pop()
        for number, item in enumerate(block.items, 1):
            page.lines.append(f"{number}. " if block.ordered else "- ")
            page.lines[-1] += _inlines(page, item)
    elif isinstance(block, Figure):
        page.paragraph(_image_text(block.image, words))
    elif isinstance(block, RelatedLink):
        page.paragraph(f"{block.label}: {block.title}{_ref(page, block.url)}")
    elif isinstance(block, Embed):
        provider = f" ({block.provider})" if block.provider else ""
        page.paragraph(f"[{words['embed']}: {block.title}{provider}{_ref(page, block.url)}]")
    elif isinstance(block, NoticeBlock):
        page.paragraph(f"Notice: {block.text}")
    elif isinstance(block, Separator):
        page.paragraph("* * *")


def _ref(page: _Page, href: str) -> str:
    live = live_href(href)
    return f" [{page.reference(live)}]" if live else ""


def _inlines(page: _Page, content: tuple[Inline, ...]) -> str:
    parts: list[str] = []
    for node in content:
        if isinstance(node, str):
            parts.append(node)
        elif isinstance(node, LineBreak):
            parts.append("\n")
        elif isinstance(node, Link):
            parts.append(_inlines(page, node.content) + _ref(page, node.href))
        elif isinstance(node, (Emphasis, Strong)):
            parts.append(_inlines(page, node.content))
    return "".join(parts)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?…:;)»\"'”’" else text + "."


def _image_text(image: Image, words: dict[str, str]) -> str:
    """``[Image: alt. Caption. Credit: ...]``; the alt is left out when it repeats the caption."""
    parts = []
    if image.alt and image.alt.strip() != image.caption.strip():
        parts.append(_sentence(image.alt))
    elif image.decorative and not image.caption:
        parts.append(words["decorative"])
    if image.caption:
        parts.append(_sentence(image.caption))
    if image.credit:
        parts.append(f"{words['credit']}: {image.credit}")
    return f"[{words['image']}: {' '.join(parts)}]"



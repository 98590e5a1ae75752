"""The story: the flowables of a bundle, in the order every format follows.

A single article: kicker, headline, dek, byline and credits, dateline and dates, lead
figure, body, notices, rights, publisher, URL. An edition: masthead, contents, then each
section's title and articles, every article on a new page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus import KeepTogether, PageBreak

from ... import attribution
from ...body import (
    Block,
    Embed,
    Figure,
    Heading,
    ListBlock,
    NoticeBlock,
    Paragraph,
    Quote,
    RelatedLink,
    Separator,
    inline_text,
)
from ...labels import labels
from ...media import Image
from ...model import Article, Bundle
from ...text import paragraphs
from ..common import live_href
from .flowables import Anchor, ContentsLine, Picture, Rule, TextBlock
from .fonts import font_chain
from .markup import Writer, local_digits
from .style import PdfStyle, make_styles, variant
from .tagging import Element

__all__ = ["CONTENTS_TITLE_CHARACTERS", "StoryBuilder", "build_story", "contents_title"]


@dataclass
class StoryBuilder:
    """Builds the list of flowables for a bundle, in the order every format follows, and the
    structure tree they belong to (:mod:`.tagging`): ``Document`` > ``Art`` per article
    (``Sect`` per section of an edition, after its masthead and ``TOC``)."""

    bundle: Bundle
    style: PdfStyle
    frame_height: float
    actual_text: bool = False
    story: list[Any] = field(default_factory=list)
    document: Element = field(default_factory=lambda: Element("Document"))
    _keys: int = 0
    _made_styles: dict[tuple[bool, str], dict[str, Any]] = field(default_factory=dict)

    def build(self) -> list[Any]:
        bundle = self.bundle
        if bundle.is_single:
            self.article(bundle.lead, "article-1", headline_level=0, parent=self.document)
            return self.story
        self.masthead()
        self.contents()
        level = 1 if any(section.title for section in bundle.sections) else 0
        number = 0
        for section in bundle.sections:
            sect = self.document.add("Sect")
            for index, article in enumerate(section.articles):
                number += 1
                self.story.append(PageBreak())
                if index == 0 and section.title:
                    self.section_title(section.title, sect)
                self.article(article, f"article-{number}", headline_level=level, parent=sect)
        return self.story

    # -- pieces shared by every article

    def _writer(self, language: str, rtl: bool) -> Writer:
        return Writer(language, rtl, self.style.colours.link, fonts=font_chain(self.style.fonts.fallback))

    def _styles(self, rtl: bool, language: str = "") -> dict[str, Any]:
        """The paragraph styles of one direction and language, made once per document."""
        key = (rtl, language)
        if key not in self._made_styles:
            self._made_styles[key] = make_styles(self.style, rtl, self.actual_text, language)
        return self._made_styles[key]

    def _para(self, markup: str, style: Any, element: Element | None, bullet: str | None = None) -> TextBlock:
        paragraph = TextBlock(markup, style, bulletText=bullet)
        paragraph.element = element
        return paragraph

    def _key(self) -> str:
        self._keys += 1
        return f"d{self._keys}"

    def _anchor(self, title: str, level: int) -> str:
        key = self._key()
        self.story.append(Anchor(key, title, level))
        return key

    # -- an edition of several articles

    def masthead(self) -> None:
        bundle = self.bundle
        language = bundle.main_language
        rtl = bundle.text_direction == "rtl"
        styles, write = self._styles(rtl, language), self._writer(language, rtl)
        words = labels(language)
        top = self.document
        publisher = bundle.publisher.name if bundle.publisher else ""
        if publisher:
            self.story.append(self._para(write.text(publisher, bold=True), styles["kicker"], top.add("P")))
        self.story.append(self._para(write.text(bundle.title, bold=True), styles["masthead"], top.add("H1")))
        if bundle.subtitle:
            self.story.append(self._para(write.text(bundle.subtitle), styles["dek"], top.add("P")))
        facts = [f"{words['issue']} {bundle.issue}" if bundle.issue else "",
                 bundle.date.date().isoformat() if bundle.date else ""]
        if any(facts):
            self.story.append(self._para(write.text(" · ".join(fact for fact in facts if fact)), styles["meta"],
                                         top.add("P")))
        if bundle.editors:
            names = attribution.join_names([person.name for person in bundle.editors], language)
            self.story.append(self._para(write.text(f"{words['editors']} {names}"), styles["meta"], top.add("P")))
        self.story.append(Rule(self.style.colours.accent, thickness=1.2, space=8))
        for paragraph in paragraphs(bundle.introduction):
            self.story.append(self._para(write.text(paragraph), styles["body"], top.add("P")))

    def contents(self) -> None:
        """The contents page: a heading, then a ``TOC`` with a ``TOCI`` per section title and
        per article (a ``Link`` holding the title, the link and the page number)."""
        bundle = self.bundle
        language = bundle.main_language
        rtl = bundle.text_direction == "rtl"
        styles, write = self._styles(rtl), self._writer(language, rtl)
        title = labels(language)["contents"]
        self._anchor(title, 0)
        self.story.append(self._para(write.text(title, bold=True), styles["toc_title"], self.document.add("H2")))
        toc = self.document.add("TOC")
        number = 0
        for section in bundle.sections:
            if section.title:
                self.story.append(self._para(write.text(section.title, bold=True), styles["toc_section"],
                                             toc.add("TOCI")))
            for article in section.articles:
                number += 1
                article_rtl = article.text_direction == "rtl"
                entry_style = variant(styles["toc_entry"], f"toc-{number}", rtl=article_rtl)
                headline = contents_title(article.headline)
                markup = self._writer(article.language, article_rtl).text(headline)
                link = toc.add("TOCI", lang=article.language).add("Link")
                self.story.append(ContentsLine(self._para(markup, entry_style, link), f"article-{number}", rtl,
                                               entry_style.fontSize, title=headline))

    def section_title(self, title: str, sect: Element) -> None:
        bundle = self.bundle
        rtl = bundle.text_direction == "rtl"
        self._anchor(title, 0)
        self.story.append(self._para(self._writer(bundle.main_language, rtl).text(title, bold=True),
                                     self._styles(rtl, bundle.main_language)["section"], sect.add("H1")))

    # -- one article

    def article(self, article: Article, key: str, headline_level: int, parent: Element) -> None:
        rtl = article.text_direction == "rtl"
        styles, write = self._styles(rtl, article.language), self._writer(article.language, rtl)
        flow = self.story
        words = labels(article.language)
        art = parent.add("Art", lang=article.language)
        if article.kicker:
            flow.append(self._para(write.text(article.kicker, bold=True), styles["kicker"], art.add("P")))
        flow.append(Anchor(key, article.headline, headline_level))
        flow.append(self._para(write.text(article.headline, bold=True), styles["headline"], art.add("H1")))
        if article.subheadline:
            flow.append(self._para(write.text(article.subheadline), styles["dek"], art.add("P")))
        flow.append(Rule(self.style.colours.accent, thickness=1.0, space=4))
        byline = attribution.byline(article)
        if byline:
            flow.append(self._para(write.text(byline, bold=True), styles["byline"], art.add("P")))
        for line in attribution.credit_lines(article):
            flow.append(self._para(write.text(line), styles["meta"], art.add("P")))
        if article.dateline:
            place = article.dateline.place + (f", {article.dateline.text}" if article.dateline.text else "")
            flow.append(self._para(write.text(place, bold=True), styles["meta"], art.add("P")))
        dates = attribution.date_line(article)
        if dates:
            flow.append(self._para(write.text(dates), styles["meta"], art.add("P")))
        source = attribution.source_line(article)
        if source:
            flow.append(self._para(write.text(source), styles["meta"], art.add("P")))
        flow.append(Rule(self.style.colours.rule, thickness=0.5, space=5))
        if article.lead_image:
            self.figure(article, article.lead_image, styles, write, art)
        for block in article.body:
            self.block(article, block, styles, write, art, headline_level)
        self.end_matter(article, styles, write, words, art)

    def block(self, article: Article, block: Block, styles: dict[str, Any], write: Writer, art: Element,
              top: int) -> None:
        flow = self.story
        if isinstance(block, Paragraph):
            flow.append(self._para(write.inlines(block.content), styles["body"], art.add("P")))
        elif isinstance(block, Heading):
            self._anchor(inline_text(block.content), top + block.level - 1)
            flow.append(self._para(write.inlines(block.content, bold=True), styles[f"H{block.level}"],
                                   art.add(f"H{block.level}")))
        elif isinstance(block, Quote):
            self.quote(block, styles, write, art.add("BlockQuote"))
        elif isinstance(block, ListBlock):
            self.list(block, styles, write, article.language, art.add("L"))
        elif isinstance(block, Figure):
            self.figure(article, block.image, styles, write, art)
        elif isinstance(block, RelatedLink):
            label = write.text(f"{block.label}: ", bold=True) if block.label else ""
            title = write.link(block.url, write.text(block.title))
            flow.append(self._para(label + title, styles["related"], art.add("P")))
        elif isinstance(block, Embed):
            self.embed(block, styles, write, labels(article.language), art.add("P"))
        elif isinstance(block, NoticeBlock):
            flow.append(self._para(write.text(block.text), styles["notice"], art.add("P")))
        elif isinstance(block, Separator):
            flow.append(Rule(self.style.colours.rule, share=0.25, space=9))

    def quote(self, block: Quote, styles: dict[str, Any], write: Writer, quote: Element) -> None:
        """A ``BlockQuote`` holding the quoted text and its attribution, each a ``P``."""
        if block.pull:
            self.story.append(Rule(self.style.colours.accent, thickness=1.2, space=4))
            self.story.append(self._para(write.inlines(block.content, bold=True), styles["pull"], quote.add("P")))
            if block.attribution:
                self.story.append(self._para(write.text(block.attribution), styles["pull_by"], quote.add("P")))
            self.story.append(Rule(self.style.colours.accent, thickness=1.2, space=4))
            return
        self.story.append(self._para(write.inlines(block.content, italic=True), styles["quote"], quote.add("P")))
        if block.attribution:
            self.story.append(self._para(write.text(f"— {block.attribution}"), styles["quote_by"], quote.add("P")))

    def list(self, block: ListBlock, styles: dict[str, Any], write: Writer, language: str, items: Element) -> None:
        """An ``L`` of ``LI``, each with its marker (``Lbl``) and its text (``LBody``)."""
        for number, item in enumerate(block.items, start=1):
            if block.ordered:
                digits = local_digits(number, language)
                marker = f".{digits}" if write.rtl else f"{digits}."
            else:
                marker = "•"
            entry = items.add("LI")
            label = entry.add("Lbl")
            paragraph = self._para(write.inlines(item), styles["item"], entry.add("LBody"), bullet=marker)
            paragraph.label = label
            self.story.append(paragraph)

    def figure(self, article: Article, image: Image, styles: dict[str, Any], write: Writer, art: Element) -> None:
        """A ``Figure`` with the image's alt text and a ``Caption`` holding caption and credit.

        A decorative image (or one without alt text) is an artifact, and a missing one draws
        nothing; their caption and credit still say something, and stay, each a ``P``.
        """
        parts: list[Any] = []
        resource = self.bundle.resource(article, image)
        shown = resource is not None and bool(image.alt) and not image.decorative
        figure = art.add("Figure", alt=image.alt) if shown else None
        if resource is not None:
            parts.append(Picture(resource.data, (resource.width, resource.height),
                                 self.frame_height * self.style.figure.max_height, figure))
        caption = figure.add("Caption") if figure is not None and (image.caption or image.credit) else None
        if image.caption:
            parts.append(self._para(write.text(image.caption), styles["caption"], caption or art.add("P")))
        if image.credit:
            parts.append(self._para(write.text(image.credit), styles["credit"], caption or art.add("P")))
        if parts:
            self.story.append(KeepTogether(parts))

    def embed(self, block: Embed, styles: dict[str, Any], write: Writer, words: dict[str, str],
              element: Element) -> None:
        provider = f" ({block.provider})" if block.provider else ""
        markup = write.text(f"{words['embed']}: ", bold=True) + write.link(block.url, write.text(block.title))
        markup += write.text(provider)
        if live_href(block.url) is not None:
            markup += "<br/>" + write.link(block.url, write.text(block.url))
        self.story.append(self._para(markup, styles["related"], element))

    def end_matter(self, article: Article, styles: dict[str, Any], write: Writer, words: dict[str, str],
                   art: Element) -> None:
        flow = self.story
        flow.append(Rule(self.style.colours.rule, thickness=0.5, space=6))
        for notice in article.notices:
            flow.append(self._para(write.text(notice.text), styles["notice"], art.add("P")))
        rights = attribution.rights_line(article)
        if rights:
            flow.append(self._para(write.text(rights), styles["end"], art.add("P")))
        if article.publisher:
            name = write.text(article.publisher.name, bold=True)
            url = article.publisher.url
            flow.append(self._para(write.link(url, name) if url else name, styles["end"], art.add("P")))
        if article.url:
            flow.append(self._para(write.link(article.url, write.text(article.url)), styles["end"], art.add("P")))


#: About three lines of the contents list: a longer headline is cut there (see ``contents_title``).
CONTENTS_TITLE_CHARACTERS = 240


def contents_title(headline: str, limit: int = CONTENTS_TITLE_CHARACTERS) -> str:
    """A headline as the contents list shows it: whole, or cut after a word near ``limit``
    characters with an ellipsis. A contents line cannot break across pages, so a headline of
    thousands of characters would not fit; the article's own heading shows all of it.

    >>> contents_title("Port Reopens"), contents_title("word " * 100, 22)
    ('Port Reopens', 'word word word word…')
    """
    if len(headline) <= limit:
        return headline
    cut = headline[:limit]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    return (cut[:space] if space > limit // 2 else cut).rstrip() + "…"


def build_story(bundle: Bundle, style: PdfStyle, frame_height: float,
                actual_text: bool = False) -> tuple[list[Any], Element]:
    """The flowables of ``bundle`` (masthead and contents for an edition, then every article)
    and the root of the structure tree they belong to."""
    builder = StoryBuilder(bundle, style, frame_height, actual_text)
    return builder.build(), builder.document

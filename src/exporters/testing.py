"""A contract test suite every exporter must pass, shipped for plugin authors.

Subclass :class:`ExporterContract` in your test suite and name your format::

    from exporters.testing import ExporterContract

    class TestMarkdown(ExporterContract):
        format_name = "md"

pytest then renders the fullest article (every block type, every kind of
credit, two images), reads it back with your ``inspect``, compares metadata and
text with the model, renders it twice and compares the bytes. The same suite
runs over every built-in format.
"""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone
from typing import ClassVar

from .body import (
    BLOCK_TYPES,
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
from .media import Image
from .model import Article, Bundle, Credit, Dateline, Notice, Organization, Person, Resource, Rights, Section

__all__ = ["ExporterContract", "fullest_article", "fullest_bundle", "edition_bundle", "contract_problems"]

_TZ = timezone(timedelta(hours=6))


def _png(colour: tuple[int, int, int], size: tuple[int, int]) -> bytes:
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def fullest_article(article_id: str = "contract-article", language: str = "en") -> Article:
    """An article with every block type, every inline, every kind of credit and two figures."""
    lead = Image(src="lead.png", alt="A blue square standing for the lead photo.", caption="The lead photo caption.",
                 credit="Photo: Lead Photographer/Agency", width=40, height=30)
    chart = Image(src="chart.png", alt="A green rectangle standing for a chart.", caption="The chart caption.",
                  credit="Graphic: Chart Desk", width=60, height=20)
    body = (
        Paragraph(content=("Plain, ", Emphasis(content=("emphasised",)), ", ", Strong(content=("strong",)), " and ",
                           Link(href="https://example.org/linked", content=("linked",)), " words.")),
        Heading(level=2, content=("A second-level subhead",)),
        Paragraph(content=("Before a break", LineBreak(), "after a break.")),
        Quote(content=("A block quote of some length.",), attribution="Quoted Person, a title"),
        Quote(content=("A pull quote.",), attribution="Pulled Person", pull=True),
        Heading(level=3, content=("A third-level subhead",)),
        ListBlock(items=(("First bullet",), ("Second bullet",))),
        ListBlock(ordered=True, items=(("First step",), ("Second step",))),
        Figure(image=chart),
        Separator(),
        RelatedLink(title="A related story title", url="https://example.org/related"),
        Embed(url="https://video.example.org/v/1", title="An embedded video title", provider="Video Host"),
        NoticeBlock(text="An editor's note inside the body."),
        Paragraph(content=("The closing paragraph.",)),
    )
    return Article(
        id=article_id, language=language, headline=f"The Fullest Contract Article: {article_id}",
        url=f"https://example.org/{article_id}", subheadline="A dek that explains the story",
        kicker="Kicker", summary="A summary of the fullest article.", section="Testing", keywords=("contract", "export"),
        body=body,
        authors=(Person(name="Alma Writer", role="reporter"), Person(name="Erik Editor", role="editor")),
        credits=(Credit(name="Reuters"), Credit(name="AFP"), Credit(name="Nurlan Helper", role="additional reporting", kind="person")),
        publisher=Organization(name="Contract Publisher", url="https://example.org/"),
        source=Organization(name="Contract Wire"),
        rights=Rights(holder="Contract Publisher", notice="© 2024 Contract Publisher"),
        published=datetime(2024, 5, 6, 7, 8, tzinfo=_TZ), updated=datetime(2024, 5, 6, 9, 10, tzinfo=_TZ),
        dateline=Dateline(place="ALMATY"), lead_image=lead,
        notices=(Notice(kind="correction", text="A correction notice."), Notice(kind="legal", text="A legal notice.")),
    )


def _resources(article: Article) -> dict[str, Resource]:
    pictures = {"lead.png": _png((30, 60, 200), (40, 30)), "chart.png": _png((30, 160, 60), (60, 20))}
    return {Bundle.resource_key(article, image): Resource(data=pictures[image.src], media_type="image/png",
                                                          width=image.width, height=image.height)
            for image in article.images()}


def fullest_bundle() -> Bundle:
    """A single-article bundle of :func:`fullest_article`, images loaded."""
    article = fullest_article()
    return Bundle.of(article, resources=_resources(article))


def edition_bundle() -> Bundle:
    """A two-section edition of three articles (English, Kazakh, Persian), images loaded."""
    articles = [fullest_article("contract-en"), fullest_article("contract-kk", "kk"), fullest_article("contract-fa", "fa")]
    resources: dict[str, Resource] = {}
    for article in articles:
        resources.update(_resources(article))
    return Bundle(
        title="Contract Edition", subtitle="Weekly", issue="7", language="en",
        publisher=Organization(name="Contract Publisher"), date=datetime(2024, 5, 10, tzinfo=_TZ),
        editors=(Person(name="Erik Editor", role="editor"),), introduction="This week's stories.",
        sections=(Section(title="First section", articles=tuple(articles[:2])), Section(title="Second section", articles=(articles[2],))),
        resources=resources,
    )


def contract_problems(format_name: str, bundle: Bundle | None = None) -> list[str]:
    """Every way ``format_name`` breaks the contract on ``bundle`` (default: the fullest), as text."""
    from . import api, registry
    from .checks import compare

    bundle = bundle or fullest_bundle()
    cls = registry.exporter_class(format_name)
    problems = [f"class attribute {name} is missing" for name in ("name", "suffix", "media_type") if not getattr(cls, name, "")]
    first = api.render(bundle, format_name)
    second = api.render(bundle, format_name)
    if first.data != second.data:
        problems.append("two renders of the same bundle differ")
    if first.suffix != cls.suffix or first.format != cls.name:
        problems.append("the artifact does not carry the exporter's name and suffix")
    problems.extend(finding.line() for finding in compare(bundle, cls().inspect(first.data)))
    return problems


class ExporterContract:
    """Subclass with ``format_name = "..."``; pytest collects the tests below."""

    format_name: ClassVar[str] = ""

    def test_fullest_article_reads_back_complete(self) -> None:
        assert {type(block).__name__ for block in fullest_article().body} >= {cls.__name__ for cls in BLOCK_TYPES.values()}
        assert contract_problems(self.format_name) == []

    def test_edition_reads_back_complete(self) -> None:
        assert contract_problems(self.format_name, edition_bundle()) == []

    def test_render_is_pure_and_typed(self) -> None:
        from . import api

        artifact = api.render(fullest_bundle(), self.format_name)
        assert isinstance(artifact.data, bytes) and artifact.data

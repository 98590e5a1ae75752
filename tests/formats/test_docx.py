"""The docx format, read back by readers that are not the renderer: python-docx, pandoc,
LibreOffice (to PDF, then pdftotext) and plain zip + lxml on the package parts.

Every sample in samples/articles is a case, plus a Kazakh and a Persian article built
here from the model, so new samples are picked up without touching this file.
"""

from __future__ import annotations

import functools
import io
import json
import re
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import docx as python_docx
import msgspec
import pytest
from conftest import ARTICLES, ROOT, require, sample_articles
from lxml import etree

from exporters import api, attribution
from exporters.body import (
    Embed,
    Emphasis,
    Figure,
    Heading,
    Link,
    ListBlock,
    NoticeBlock,
    Paragraph,
    Quote,
    RelatedLink,
    Strong,
    block_text,
    inline_text,
)
from exporters.checks import compare
from exporters.errors import UsageError
from exporters.facts import build_time
from exporters.formats.docx import DocxExporter, DocxOptions, default_reference
from exporters.media import Image
from exporters.model import Article, Bundle, Credit, Dateline, Notice, Organization, Person, Resource, Rights, Section
from exporters.text import normalize

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "op": "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
W = f"{{{NS['w']}}}"
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
LIVE = ("http://", "https://", "mailto:")
PYTHON_DOCX_TEMPLATE = Path(python_docx.__file__).parent / "templates" / "default.docx"


# -- the cases: every sample file, and two articles built from the model ------------------------------


def _picture(name: str) -> Resource:
    from PIL import Image as PILImage

    data = (ARTICLES / "images" / name).read_bytes()
    with PILImage.open(io.BytesIO(data)) as picture:
        width, height = picture.size
    return Resource(data=data, media_type="image/png", width=width, height=height)


def kazakh_article() -> Article:
    almaty = timezone(timedelta(hours=5))
    return Article(
        id="docx-test-kk-school", language="kk", headline="Далада жаңа мектеп ашылды",
        url="https://kk.example.org/2026/04/mektep", kicker="Білім",
        subheadline="Ауыл балалары енді қалаға қатынамайды", summary="Ақтөбе облысындағы ауылда жаңа мектеп ашылды.",
        section="Қоғам", keywords=("мектеп", "ауыл"),
        body=(
            Paragraph(content=("Ақтөбе облысындағы ", Strong(content=("шағын ауылда",)), " жаңа мектеп ашылды.")),
            Heading(level=2, content=("Құрылыс қалай өтті",)),
            Paragraph(content=("Толығырақ ", Link(href="https://kk.example.org/mektep", content=("мына жерде",)),
                               " оқыңыз.")),
            ListBlock(ordered=True, items=(("Бірінші сынып",), ("Екінші сынып",))),
            Figure(image=Image(src="images/harbour-cranes.png", alt="Жаңа мектеп ғимаратының алдындағы аула.",
                               caption="Мектептің жаңа ғимараты.", credit="Фото: Әлия Үлгі")),
            Quote(content=("Балалар өте қуанышты.",), attribution="Гүлнар Өмірзақова, мұғалім"),
            NoticeBlock(text="Редактордан: деректер нақтыланып жатыр."),
        ),
        authors=(Person(name="Айгүл Үлгіқызы", role="reporter"),),
        credits=(Credit(name="Қазинформ"),),
        publisher=Organization(name="Үлгі Ақпарат", url="https://kk.example.org/"),
        rights=Rights(holder="Үлгі Ақпарат", notice="© 2026 Үлгі Ақпарат"),
        published=datetime(2026, 4, 1, 10, 0, tzinfo=almaty),
        dateline=Dateline(place="АҚТӨБЕ"),
        notices=(Notice(text="Түзету: мектептің атауы түзетілді.", kind="correction"),),
    )


def persian_article() -> Article:
    tehran = timezone(timedelta(hours=3, minutes=30))
    return Article(
        id="docx-test-fa-library", language="fa", headline="کتابخانه تازه در رشت گشایش یافت",
        url="https://fa.example.org/2026/04/library", kicker="فرهنگ",
        subheadline="کودکان هر روز می‌توانند کتاب امانت بگیرند", summary="یک کتابخانه تازه در رشت باز شد.",
        section="فرهنگ", keywords=("کتابخانه", "رشت"),
        body=(
            Paragraph(content=("کتابخانه تازه ", Emphasis(content=("شهر رشت",)), " امروز گشایش یافت.")),
            Heading(level=2, content=("کودکان و کتاب",)),
            Paragraph(content=("برنامه کامل را ", Link(href="https://fa.example.org/barnameh", content=("اینجا",)),
                               " ببینید.")),
            ListBlock(items=(("کتاب داستان",), ("کتاب علمی",))),
            Figure(image=Image(src="images/grain-exports-chart.png", alt="نمودار شمار کتاب‌های امانت داده شده.",
                               caption="شمار امانت‌ها در سه ماه نخست.", credit="نمودار: خبرگزاری نمونه")),
            Quote(content=("بچه‌ها از صبح منتظرند.",), attribution="مریم نمونه، کتابدار"),
            NoticeBlock(text="یادداشت سردبیر: ارقام تقریبی است."),
        ),
        authors=(Person(name="سارا نمونه‌پور", role="reporter"),),
        credits=(Credit(name="ایرنا"),),
        publisher=Organization(name="خبرگزاری نمونه", url="https://fa.example.org/"),
        rights=Rights(holder="خبرگزاری نمونه", notice="© 2026 خبرگزاری نمونه"),
        published=datetime(2026, 4, 2, 9, 30, tzinfo=tehran),
        dateline=Dateline(place="رشت"),
        notices=(Notice(text="اصلاحیه: ساعت کار کتابخانه اصلاح شد.", kind="correction"),),
    )


def with_pictures(*articles: Article, **metadata: Any) -> Bundle:
    """A bundle whose image bytes are given directly in ``resources``, as the api would load them."""
    resources = {Bundle.resource_key(article, image): _picture(Path(image.src).name)
                 for article in articles for image in article.images() if image.src}
    return Bundle.of(*articles, resources=resources, **metadata)


MODEL_CASES = {"model-kk": kazakh_article, "model-fa": persian_article}
SAMPLE_CASES = {path.stem: path for path in sample_articles()}
CASES = [*SAMPLE_CASES, *MODEL_CASES]


@functools.cache
def bundle_for(case: str) -> Bundle:
    if case in MODEL_CASES:
        return with_pictures(MODEL_CASES[case]())
    if case == "edition":
        return api.read_bundle(sample_articles(), title="Sample edition")
    if case == "model-edition":
        kk, fa = kazakh_article(), persian_article()
        bundle = with_pictures(kk, fa, title="Model edition", language="en")
        return msgspec.structs.replace(bundle, sections=(Section(title="Қазақша", articles=(kk,)),
                                                         Section(title="فارسی", articles=(fa,))))
    return api.read_bundle([SAMPLE_CASES[case]])


@functools.cache
def rendered(case: str) -> bytes:
    return DocxExporter().render(bundle_for(case)).data


@pytest.fixture(params=CASES)
def case(request) -> str:
    return request.param


# -- what the model says must be shown ---------------------------------------------------------------


def expected_items(article: Article, headline_style: str, offset: int) -> list[tuple[str | None, str]]:
    """(style or None, text) of everything the article shows, in reading order."""
    items: list[tuple[str | None, str]] = []

    def add(text: str, style: str | None = None) -> None:
        if text.strip():
            items.append((style, text))

    add(article.kicker, "Kicker")
    add(article.headline, headline_style)
    add(article.subheadline, "Subtitle")
    add(attribution.byline(article), "Byline")
    for line in attribution.credit_lines(article):
        add(line, "Credit")
    if article.dateline:
        add(article.dateline.place)
        add(article.dateline.text)
    add(attribution.date_line(article))
    add(attribution.source_line(article))
    if article.lead_image:
        items.extend(figure_items(article.lead_image))
    for block in article.body:
        items.extend(block_items(block, offset))
    for notice in article.notices:
        add(notice.text, "Notice")
    add(attribution.rights_line(article))
    if article.publisher:
        add(article.publisher.name)
    add(article.url)
    return items


def figure_items(image: Image) -> list[tuple[str | None, str]]:
    return [(style, text) for style, text in (("Caption", image.caption), ("Credit", image.credit)) if text]


def block_items(block: Any, offset: int) -> list[tuple[str | None, str]]:
    if isinstance(block, Heading):
        return [(f"Heading {offset + block.level - 1}", inline_text(block.content))]
    if isinstance(block, Figure):
        return figure_items(block.image)
    style = {Paragraph: "Normal", NoticeBlock: "Notice"}.get(type(block))
    if isinstance(block, Quote):
        style = "Intense Quote" if block.pull else "Quote"
        said = [("Attribution", block.attribution)] if block.attribution else []
        return [(style, inline_text(block.content)), *said]
    if isinstance(block, ListBlock):
        style = "List Number" if block.ordered else "List Bullet"
    return [(style, piece) for piece in block_text(block) if piece.strip()]


def live_links(article: Article) -> set[str]:
    """Every http, https and mailto address the article links to."""
    found = {article.url} | {organization.url for organization in (article.publisher, article.source) if organization}
    for block in article.body:
        if isinstance(block, (RelatedLink, Embed)):
            found.add(block.url)
        for content in _contents(block):
            found.update(_inline_links(content))
    return {href for href in found if href and href.lower().startswith(LIVE)}


def _contents(block: Any) -> list[tuple]:
    if isinstance(block, ListBlock):
        return list(block.items)
    return [block.content] if hasattr(block, "content") else []


def _inline_links(content: tuple) -> Iterator[str]:
    for node in content:
        if isinstance(node, Link):
            yield node.href
        if hasattr(node, "content"):
            yield from _inline_links(node.content)


# -- independent readers --------------------------------------------------------------------------------


def part(data: bytes, name: str) -> Any:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def docx_paragraphs(data: bytes) -> list[tuple[str, str]]:
    """(style name, normalised text) of every non-empty paragraph, as python-docx reads them."""
    document = python_docx.Document(io.BytesIO(data))
    return [(paragraph.style.name, normalize(paragraph.text))
            for paragraph in document.paragraphs if paragraph.text.strip()]


def assert_in_order(paragraphs: list[tuple[str, str]], items: list[tuple[str | None, str]]) -> None:
    position = 0
    for style, text in items:
        wanted = normalize(text)
        exact = style is not None and (style == "Title" or style.startswith("Heading"))
        for index in range(position, len(paragraphs)):
            found_style, found_text = paragraphs[index]
            if (found_text == wanted if exact else wanted in found_text) and style in (None, found_style):
                position = index
                break
        else:
            near = paragraphs[position: position + 4]
            pytest.fail(f"{text!r} with style {style} is not found in order after paragraph {position}; next: {near}")


def pandoc_reading(data: bytes, folder: Path) -> dict[str, Any]:
    pandoc = require("pandoc", "apt-get install pandoc")
    source = folder / "document.docx"
    source.write_bytes(data)
    tree = json.loads(subprocess.run([pandoc, "-f", "docx", "-t", "json", str(source)], capture_output=True,
                                     check=True).stdout)
    found: dict[str, Any] = {"headers": [], "images": [], "links": [], "meta": tree.get("meta", {})}
    _walk(tree["blocks"], found)
    return found


def _walk(node: Any, found: dict[str, Any]) -> None:
    if isinstance(node, dict):
        kind, content = node.get("t"), node.get("c")
        if kind == "Header":
            found["headers"].append((content[0], normalize(_plain(content[2]))))
        elif kind == "Image":
            found["images"].append((normalize(_plain(content[1])), content[2][1]))
        elif kind == "Link":
            found["links"].append(unquote(content[2][0]))
        for value in node.values():
            _walk(value, found)
    elif isinstance(node, list):
        for item in node:
            _walk(item, found)


def _plain(inlines: list[dict[str, Any]]) -> str:
    """The text of pandoc inlines."""
    out = []
    for node in inlines:
        kind, content = node["t"], node.get("c")
        if kind == "Str":
            out.append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif kind in ("Span", "Link", "Image", "Quoted"):
            out.append(_plain(content[1]))
        elif kind in ("Emph", "Strong", "Underline", "Strikeout", "SmallCaps", "Superscript", "Subscript"):
            out.append(_plain(content))
        elif kind == "Code":
            out.append(content[1])
    return "".join(out)


def pdf_shows(text: str, pdf_text: str, rtl: bool) -> bool:
    """Is ``text`` in the PDF's text (case aside: the Kicker style prints capitals)?

    pdftotext gives Persian in logical order, but it reorders the left-to-right runs
    inside it (``+0330`` comes out ``0330+``), drops the space where the direction
    changes, and spells the lam-alef ligature alef-lam. So for right-to-left articles
    every word must be there, with digits and each script apart and the ligature folded.
    """
    if not rtl:
        return normalize(text).casefold() in normalize(pdf_text).casefold()
    words = set(_words(pdf_text))
    return all(word in words for word in _words(text))


_ARABIC = "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff"
_PIECES = re.compile(rf"\d+|(?:(?!\d)[{_ARABIC}])+|[^{_ARABIC}\d]+")


def _words(text: str) -> list[str]:
    """Words, split further where digits or the script change (pdftotext may glue them)."""
    folded = normalize(text).casefold().replace("لا", "ال")
    return [piece for word in re.findall(r"\w+", folded) for piece in _PIECES.findall(word)]


# -- python-docx: headings and paragraphs ------------------------------------------------------------------


def test_python_docx_reads_every_heading_and_paragraph_in_order(case):
    article = bundle_for(case).lead
    paragraphs = docx_paragraphs(rendered(case))
    items = expected_items(article, "Title", offset=0)
    assert_in_order(paragraphs, items)
    def is_heading(style: str | None) -> bool:
        return style == "Title" or (style or "").startswith("Heading")

    headings = [(style, text) for style, text in paragraphs if is_heading(style)]
    assert headings == [(style, normalize(text)) for style, text in items if is_heading(style)]


def test_bundle_is_one_document_with_contents_and_a_page_break_before_every_article():
    bundle = bundle_for("edition")
    data = rendered("edition")
    document = python_docx.Document(io.BytesIO(data))
    paragraphs = docx_paragraphs(data)
    assert paragraphs[0] == ("Title", normalize(bundle.title))
    for article in bundle.articles:
        assert_in_order(paragraphs, expected_items(article, "Heading 1", offset=1))
    entries = [paragraph for paragraph in document.paragraphs if paragraph.style.name == "toc 1"]
    assert [normalize(entry.text) for entry in entries] == [normalize(article.headline) for article in bundle.articles]
    body = part(data, "word/document.xml")
    anchors = [entry._p.find(f"{W}hyperlink").get(f"{W}anchor") for entry in entries]
    for anchor, article in zip(anchors, bundle.articles):
        target = body.xpath("//w:p[w:bookmarkStart/@w:name=$name]", namespaces=NS, name=anchor)
        assert len(target) == 1 and normalize("".join(target[0].itertext())) == normalize(article.headline)
    breaks = body.xpath("//w:p[w:pPr/w:pageBreakBefore]", namespaces=NS)
    first_paragraphs = [normalize(article.kicker or article.headline) for article in bundle.articles]
    assert [normalize("".join(paragraph.itertext())) for paragraph in breaks] == first_paragraphs


def test_bundle_with_titled_sections_nests_headlines_under_section_headings():
    data = rendered("model-edition")
    bundle = bundle_for("model-edition")
    paragraphs = docx_paragraphs(data)
    for section in bundle.sections:
        assert ("Heading 1", normalize(section.title)) in paragraphs
        for article in section.articles:
            assert_in_order(paragraphs, expected_items(article, "Heading 2", offset=2))
    contents = [(style, text) for style, text in paragraphs if style.startswith("toc")]
    wanted = []
    for section in bundle.sections:
        wanted.append(("toc 1", normalize(section.title)))
        wanted.extend(("toc 2", normalize(article.headline)) for article in section.articles)
    assert contents == wanted


# -- pandoc: alt text, links, headings ------------------------------------------------------------------------


def test_pandoc_reads_alt_text_links_and_headings(case, tmp_path):
    bundle = bundle_for(case)
    article = bundle.lead
    reading = pandoc_reading(rendered(case), tmp_path)
    body_headings = [(block.level - 1, normalize(inline_text(block.content)))
                     for block in article.body if isinstance(block, Heading)]
    assert [header for header in reading["headers"] if header in body_headings] == body_headings
    if not article.kicker:  # a Title paragraph that opens the document is pandoc's document title
        assert normalize(_plain(reading["meta"]["title"]["c"])) == normalize(article.headline)
    shown = [image for image in article.images() if bundle.resource(article, image) is not None]
    assert [alt for alt, _ in reading["images"]] == [normalize(image.alt) for image in shown]
    assert set(reading["links"]) >= {unquote(href) for href in live_links(article)}


def test_pandoc_reads_the_contents_links_of_a_bundle(tmp_path):
    bundle = bundle_for("edition")
    reading = pandoc_reading(rendered("edition"), tmp_path)
    internal = [link for link in reading["links"] if link.startswith("#")]
    assert len(internal) == len(bundle.articles)
    headline_headers = [(1, normalize(article.headline)) for article in bundle.articles]
    assert [header for header in reading["headers"] if header in headline_headers] == headline_headers


# -- LibreOffice: a real office suite converts every file ----------------------------------------------------


@pytest.fixture(scope="session")
def office_texts(tmp_path_factory) -> dict[str, str]:
    """Every case, the sample edition and the model edition converted to PDF in one soffice call."""
    soffice = require("soffice", "apt-get install --no-install-recommends libreoffice-writer-nogui")
    pdftotext = require("pdftotext", "apt-get install poppler-utils")
    folder = tmp_path_factory.mktemp("docx-office")
    names = [*CASES, "edition", "model-edition"]
    for name in names:
        (folder / f"{name}.docx").write_bytes(rendered(name))
    profile = (folder / "profile").as_uri()
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
               "--outdir", str(folder), *(str(folder / f"{name}.docx") for name in names)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)
    assert result.returncode == 0, result.stderr
    texts = {}
    for name in names:
        pdf = folder / f"{name}.pdf"
        report = f"LibreOffice did not convert {name}.docx:\n{result.stdout}\n{result.stderr}"
        assert pdf.is_file() and pdf.stat().st_size, report
        texts[name] = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return texts


def test_libreoffice_converts_every_case_and_shows_all_its_text(case, office_texts):
    article = bundle_for(case).lead
    rtl = article.text_direction == "rtl"
    missing = [text for _, text in expected_items(article, "Title", 0) if not pdf_shows(text, office_texts[case], rtl)]
    assert missing == []


@pytest.mark.parametrize("edition", ["edition", "model-edition"])
def test_libreoffice_converts_a_bundle_and_shows_every_article(edition, office_texts):
    bundle = bundle_for(edition)
    text = office_texts[edition]
    assert pdf_shows(bundle.title, text, rtl=False)
    for article in bundle.articles:
        rtl = article.text_direction == "rtl"
        missing = [piece for _, piece in expected_items(article, "Heading 1", 1) if not pdf_shows(piece, text, rtl)]
        assert missing == [], article.id


# -- properties: complete, from the article, nothing of the library's template -----------------------------


def test_core_properties_come_from_the_article(case):
    bundle = bundle_for(case)
    article = bundle.lead
    data = rendered(case)
    core = python_docx.Document(io.BytesIO(data)).core_properties
    assert core.title == article.headline
    assert (core.author.split("; ") if core.author else []) == attribution.writer_names(article)
    assert core.subject == article.subheadline
    assert core.keywords == "; ".join(article.keywords)
    assert core.category == article.section
    assert normalize(core.comments).rstrip("…") in normalize(article.summary)
    assert core.language == article.language
    assert core.identifier.startswith("urn:uuid:")
    assert core.created == (article.published or build_time(bundle)).astimezone(UTC).replace(microsecond=0)
    assert core.modified == (article.modified or build_time(bundle)).astimezone(UTC).replace(microsecond=0)
    editors = [person.name for person in article.authors if person.role == "editor"]
    assert core.last_modified_by == (editors[0] if editors else article.publisher.name if article.publisher else "")
    assert core.revision == article.version


def test_custom_properties_hold_publisher_rights_source_and_credits(case):
    article = bundle_for(case).lead
    custom = part(rendered(case), "docProps/custom.xml")
    values = {item.get("name"): "".join(item.itertext()) for item in custom.iterfind("op:property", NS)}
    assert values.get("Publisher", "") == (article.publisher.name if article.publisher else "")
    assert values.get("Rights", "") == attribution.rights_line(article)
    assert values.get("Source URL", "") == article.url
    assert values.get("Credits", "").split("; ") == (attribution.credit_names(article) or [""])
    assert values.get("Published", "") == attribution.iso_date(article.published)
    pids = [int(item.get("pid")) for item in custom]
    assert pids == list(range(2, 2 + len(pids)))


def test_inspect_reads_the_properties_back_and_the_checks_pass(case):
    bundle = bundle_for(case)
    inspection = DocxExporter().inspect(rendered(case))
    assert compare(bundle, inspection) == []
    article = bundle.lead
    assert inspection.keywords == article.keywords
    assert inspection.publisher == (article.publisher.name if article.publisher else "")


@pytest.mark.parametrize("edition", ["edition", "model-edition"])
def test_inspect_reads_a_bundle_back_and_the_checks_pass(edition):
    bundle = bundle_for(edition)
    inspection = DocxExporter().inspect(rendered(edition))
    assert compare(bundle, inspection) == []
    assert inspection.title == bundle.title
    for article in bundle.articles:
        assert set(attribution.writer_names(article)) <= set(inspection.authors)


def test_package_holds_no_trace_of_the_library_template(case):
    data = rendered(case)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        properties = b"".join(archive.read(name) for name in names if name.startswith("docProps/"))
        everything = b"".join(archive.read(name) for name in names)
    assert b"python-docx" not in everything
    assert b"2013" not in properties
    assert "docProps/thumbnail.jpeg" not in names
    assert not [name for name in names if name.startswith("customXml/") or "stylesWithEffects" in name]
    app = part(data, "docProps/app.xml")
    assert app.findtext("{*}Application") == "newsroom-exporters"


def test_shipped_reference_is_clean_and_rebuilds_identically():
    import runpy

    script = runpy.run_path(str(ROOT / "templates" / "docx" / "make_reference.py"), run_name="make_reference")
    data = default_reference().read_bytes()
    assert script["build"]() == data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        everything = b"".join(archive.read(name) for name in names)
    assert b"python-docx" not in everything and b"2013" not in everything and b"rsid" not in everything
    assert "docProps/thumbnail.jpeg" not in names
    styles = {style.name for style in python_docx.Document(io.BytesIO(data)).styles}
    assert styles >= {"Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Quote", "Caption",
                      "Byline", "Credit", "Notice", "Hyperlink"}


# -- language and direction ------------------------------------------------------------------------------------


def test_language_is_set_in_the_style_defaults(case):
    language = bundle_for(case).lead.language
    styles = part(rendered(case), "word/styles.xml")
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert (lang.get(f"{W}val"), lang.get(f"{W}eastAsia"), lang.get(f"{W}bidi")) == (language, language, language)


def test_right_to_left_articles_have_rtl_paragraphs_and_runs(case):
    rtl = bundle_for(case).lead.text_direction == "rtl"
    body = part(rendered(case), "word/document.xml")
    paragraphs = [paragraph for paragraph in body.iter(f"{W}p") if "".join(paragraph.itertext()).strip()]
    runs = [run for run in body.iter(f"{W}r") if run.find(f"{W}t") is not None]
    assert {paragraph.find(f"{W}pPr/{W}bidi") is not None for paragraph in paragraphs} == {rtl}
    assert {run.find(f"{W}rPr/{W}rtl") is not None for run in runs} == {rtl}


def test_articles_in_another_language_than_the_bundle_mark_their_runs():
    body = part(rendered("model-edition"), "word/document.xml")
    languages = {lang.get(f"{W}val") for lang in body.iter(f"{W}lang")}
    assert languages == {"kk", "fa"}
    persian_headline = body.xpath("//w:p[w:r/w:t=$text]", namespaces=NS, text=persian_article().headline)[-1]
    assert persian_headline.find("w:pPr/w:bidi", NS) is not None


# -- images, links, resources ------------------------------------------------------------------------------------


def test_images_carry_alt_text_and_title_on_docpr(case):
    bundle = bundle_for(case)
    article = bundle.lead
    shown = [image for image in article.images() if bundle.resource(article, image) is not None]
    drawings = part(rendered(case), "word/document.xml").findall(".//wp:docPr", NS)
    assert [(element.get("descr"), element.get("title")) for element in drawings] == [
        (image.alt, image.caption or image.alt) for image in shown]


def test_decorative_image_has_empty_alt_and_the_decorative_mark():
    article = msgspec.structs.replace(kazakh_article(), body=(
        Figure(image=Image(src="images/harbour-cranes.png", decorative=True, caption="Безендіру.")),))
    data = DocxExporter().render(with_pictures(article)).data
    element = part(data, "word/document.xml").find(".//wp:docPr", NS)
    assert element.get("descr") == "" and element.get("title") is None
    assert element.xpath(".//*[local-name()='decorative']/@val") == ["1"]


def test_only_http_https_and_mailto_become_live_links():
    hrefs = ["https://safe.example.org/a", "mailto:desk@example.org", "javascript:alert(1)", "ftp://files.example.org/x",
             "data:text/html,<b>x</b>"]
    body = tuple(Paragraph(content=(Link(href=href, content=(f"link {index}",)),)) for index, href in enumerate(hrefs))
    article = msgspec.structs.replace(kazakh_article(), body=body, url="", publisher=Organization(name="Desk"))
    data = DocxExporter().render(Bundle.of(article)).data
    rels = part(data, "word/_rels/document.xml.rels")
    targets = {rel.get("Target") for rel in rels if rel.get("Type") == HYPERLINK}
    assert targets == {"https://safe.example.org/a", "mailto:desk@example.org"}
    assert all(rel.get("TargetMode") == "External" for rel in rels if rel.get("Type") == HYPERLINK)
    text = [text for _, text in docx_paragraphs(data)]
    assert all(f"link {index}" in text for index in range(len(hrefs)))


def test_images_come_only_from_bundle_resources(tmp_path):
    bundle = api.read_bundle([ARTICLES / "port-of-aktau.json"])
    article = bundle.lead
    without = DocxExporter().render(msgspec.structs.replace(bundle, resources={})).data
    with zipfile.ZipFile(io.BytesIO(without)) as archive:
        assert not [name for name in archive.namelist() if name.startswith("word/media/")]
    assert part(without, "word/document.xml").findall(".//wp:docPr", NS) == []
    shown = [text for _, text in docx_paragraphs(without)]
    for image in article.images():
        assert normalize(image.caption) in shown and normalize(image.credit) in shown
    # bytes handed over in resources are embedded, whatever exists on disk under that name
    elsewhere = msgspec.structs.replace(article, id="moved", lead_image=msgspec.structs.replace(
        article.lead_image, src="no/such/file.png"), body=())
    picture = _picture("grain-exports-chart.png")
    given = Bundle.of(elsewhere, resources={Bundle.resource_key(elsewhere, elsewhere.lead_image): picture})
    with zipfile.ZipFile(io.BytesIO(DocxExporter().render(given).data)) as archive:
        media = [name for name in archive.namelist() if name.startswith("word/media/")]
        assert [archive.read(name) for name in media] == [picture.data]


# -- reference documents -------------------------------------------------------------------------------------------


def test_a_house_reference_gives_its_styles_and_loses_its_history():
    article = api.read_bundle([ARTICLES / "port-of-aktau.json"])
    exporter = DocxExporter(DocxExporter.make_options({"reference": str(PYTHON_DOCX_TEMPLATE)}))
    data = exporter.render(article).data
    document = python_docx.Document(io.BytesIO(data))
    names = {style.name for style in document.styles}
    assert "Light Grid Accent 1" in names  # a style only the house document has
    assert {"Byline", "Credit", "Notice", "Kicker", "Hyperlink"} <= names  # added where the house lacks them
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        properties = b"".join(archive.read(name) for name in archive.namelist() if name.startswith("docProps/"))
        assert "docProps/thumbnail.jpeg" not in archive.namelist()
    assert b"python-docx" not in properties and b"2013" not in properties
    assert compare(article, exporter.inspect(data)) == []
    assert_in_order(docx_paragraphs(data), expected_items(article.lead, "Title", 0))


def test_a_missing_or_broken_reference_is_a_usage_error_before_rendering(tmp_path):
    with pytest.raises(UsageError, match="not found"):
        DocxExporter(DocxOptions(reference=str(tmp_path / "absent.docx")))
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(UsageError, match="not a Word .docx"):
        DocxExporter(DocxOptions(reference=str(broken)))
    workbook = tmp_path / "workbook.docx"  # a zip package, but not a word-processing document
    with zipfile.ZipFile(workbook, "w") as archive:
        archive.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    with pytest.raises(UsageError, match="not a Word .docx"):
        DocxExporter(DocxOptions(reference=str(workbook)))


# -- determinism and memory ------------------------------------------------------------------------------------------


def test_two_builds_are_byte_identical(case):
    bundle = bundle_for(case)
    assert DocxExporter().render(bundle).data == DocxExporter().render(bundle).data == rendered(case)


def test_zip_entries_carry_the_build_time(monkeypatch):
    bundle = bundle_for("model-fa")
    stamp = build_time(bundle).astimezone(UTC)
    with zipfile.ZipFile(io.BytesIO(rendered("model-fa"))) as archive:
        assert {info.date_time for info in archive.infolist()} == {stamp.timetuple()[:5] + (stamp.second // 2 * 2,)}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    with zipfile.ZipFile(io.BytesIO(DocxExporter().render(bundle).data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_memory_stays_flat_over_many_renders_with_a_large_reference():
    """python-docx documents are reference cycles; unreleased, 60 renders on a Word-sized
    reference grew the process by about 60 MiB. Measured in a fresh process."""
    script = textwrap.dedent("""
        import os, sys
        from exporters import api
        from exporters.formats.docx import DocxExporter, DocxOptions
        def rss():
            with open("/proc/self/statm") as handle:
                return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
        bundle = api.read_bundle([sys.argv[1]])
        exporter = DocxExporter(DocxOptions(reference=sys.argv[2]))
        exporter.render(bundle)
        start = rss()
        for _ in range(60):
            exporter.render(bundle)
        print(rss() - start)
    """)
    if not Path("/proc/self/statm").exists():
        pytest.skip("needs /proc to read the resident set size")
    command = [sys.executable, "-c", script, str(ARTICLES / "port-of-aktau.json"), str(PYTHON_DOCX_TEMPLATE)]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    assert float(result.stdout) < 25, f"grew by {float(result.stdout):.1f} MiB over 60 renders"


def test_long_core_properties_are_cut_at_a_word_within_255_characters():
    summary = "Word " * 80 + "end."
    article = msgspec.structs.replace(kazakh_article(), summary=summary)
    core = part(DocxExporter().render(with_pictures(article)).data, "docProps/core.xml")
    comments = core.findtext("dc:description", namespaces=NS)
    assert len(comments) <= 255 and comments.endswith("Word…") and summary.startswith(comments[:-1])

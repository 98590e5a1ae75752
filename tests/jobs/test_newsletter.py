"""The newsletter job: one edition over the samples in every format, read back; all or nothing."""

from __future__ import annotations

import email
import email.policy
import hashlib
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import html5lib
import pytest
from conftest import ARTICLES, ROOT, SAMPLES
from lxml import html as lxml_html

from exporters import api, attribution, registry
from exporters.body import Paragraph, block_text
from exporters.checks import compare
from exporters.errors import ExportersError
from exporters.formats.html_meta import inspect_html
from exporters.jobs.newsletter import SectionSpec, Source, build_edition, edition_slug, load_job, select_articles
from exporters.model import Article, Credit, Organization, Person, Rights, encode_article
from exporters.text import normalize

JOB = SAMPLES / "newsletter.toml"
SLUG = "central-asia-weekly-7"
DESK = Organization(name="Example News Desk", url="https://news.example.org/")
START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _loads(name: str) -> bool:
    try:
        registry.exporter_class(name)
    except (ImportError, ExportersError):  # a format still missing its module is not part of this run
        return False
    return True


#: Every format the registry can load in this checkout.
#: Every format the registry can load in this checkout that can hold the sample edition: a news
#: sitemap lists article URLs, and the edition's top story (the scraped seed page) has none.
FORMATS = [name for name in registry.names() if _loads(name) and name != "news-sitemap"]


def run(*args: object, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "exporters", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=600, env={**os.environ, "EXPORTERS_DEBUG": ""}, check=False)


def invoke(capsys, *args: object) -> subprocess.CompletedProcess:
    """The command line in this process (quicker than a new interpreter), same result shape."""
    from exporters.cli import main

    capsys.readouterr()
    code = main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return subprocess.CompletedProcess(args, code, captured.out, captured.err)


def one_line(result: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def article(number: int, **fields) -> Article:
    values = {
        "id": f"story-{number:02d}", "language": "en", "headline": f"Story number {number}",
        "url": f"https://news.example.org/story-{number}",
        "body": (Paragraph(content=(f"Paragraph of story {number}.",)),),
        "authors": (Person(name=f"Writer {number}"),), "credits": (Credit(name="Reuters"),),
        "publisher": DESK, "rights": Rights(notice="© 2026 Example News Desk"),
        "published": START + timedelta(days=number),
    }
    return Article(**{**values, **fields})


def write(folder: Path, item: Article, name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or f"{item.id}.json")
    path.write_bytes(encode_article(item))
    return path


def job_file(folder: Path, body: str, title: str = "Weekly", issue: int = 3) -> Path:
    path = folder / "weekly.toml"
    path.write_text(f'title = "{title}"\nissue = {issue}\nformats = ["txt", "email"]\noutput = "out"\n{body}',
                    encoding="utf-8")
    return path


def files_in(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())} if folder.exists() else {}


# -- the sample edition ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def edition_dir(tmp_path_factory) -> Path:
    """The sample job, run as users run it, in every format that loads."""
    out = tmp_path_factory.mktemp("edition") / "out"
    result = run("newsletter", "--job", JOB, "--format", ",".join(FORMATS), "-o", out)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return out


@pytest.fixture(scope="module")
def edition():
    """The same edition in memory (no formats rendered): the bundle the files must match."""
    return build_edition(load_job(JOB), []).bundle


def test_sample_job_bundles_four_languages_in_its_sections(edition):
    assert {article.language.split("-")[0] for article in edition.articles} >= {"en", "kk", "ru", "fa"}
    assert [section.title for section in edition.sections] == ["Top story", "Business", "Across the region", "Culture"]
    assert edition.sections[0].articles[0].headline == "Nazarbaev Thanks Trump For Backing Kazakh Independence"
    assert [a.language for a in edition.sections[2].articles] == ["kk", "ru", "fa"]
    assert len({article.id for article in edition.articles}) == len(edition.articles)
    assert (edition.title, edition.issue, edition.publisher.name) == ("Central Asia Weekly", "7", "Example News Desk")
    assert edition.date == datetime(2026, 5, 8, tzinfo=UTC) and edition.editors[0].name == "Ruth Sample"


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_reads_back_with_every_byline_and_credit(edition_dir, edition, name):
    exporter = api.make_exporter(name)
    path = edition_dir / f"{SLUG}{exporter.suffix}"
    inspection = exporter.inspect(path.read_bytes())
    assert compare(edition, inspection) == []
    text = normalize(inspection.text or " ".join(item.text for item in inspection.items))
    for item in edition.articles:
        for person in attribution.writer_names(item) + attribution.credit_names(item):
            assert normalize(person) in text, (name, item.id, person)


def test_eml_parses_back_with_both_parts_in_utf8(edition_dir, edition):
    message = email.message_from_bytes((edition_dir / f"{SLUG}.eml").read_bytes(), policy=email.policy.default)
    assert message["Subject"] == "Central Asia Weekly"
    plain = message.get_body(preferencelist=("plain",))
    page = message.get_body(preferencelist=("html",))
    assert plain.get_content_charset() == "utf-8" and page.get_content_charset() == "utf-8"
    assert all(not part.defects for part in message.walk())
    # the plain alternative is the edition's own text export, byte for byte
    assert plain.get_content().replace("\r\n", "\n").encode("utf-8") == (edition_dir / f"{SLUG}.txt").read_bytes()
    shown = normalize(inspect_html(page.get_content()).text)
    for item in edition.articles:
        for block in item.body:
            for piece in block_text(block):
                assert normalize(piece) in shown, (item.id, piece)


@pytest.mark.parametrize("source", ["eml", "html"])
def test_html_parses_without_errors_and_holds_no_script(edition_dir, edition, source):
    """The e-mail's HTML part (for mail clients) and the edition's web page (the html format)."""
    if source == "eml":
        message = email.message_from_bytes((edition_dir / f"{SLUG}.eml").read_bytes(), policy=email.policy.default)
        page = message.get_body(preferencelist=("html",)).get_content()
    else:
        page = (edition_dir / f"{SLUG}.html").read_text(encoding="utf-8")
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    parser.parse(page)
    assert parser.errors == []
    document = lxml_html.document_fromstring(page)
    scripts = [element.get("type") for element in document.iter("script", "iframe", "object", "embed")]
    assert scripts == ([] if source == "eml" else ["application/ld+json"])  # the page's one data block
    assert all(not name.startswith("on") for element in document.iter() if isinstance(element.tag, str)
               for name in element.attrib)
    langs = [(div.get("lang"), div.get("dir")) for div in document.find_class("article")]
    assert langs == [(item.language, item.text_direction) for item in edition.articles]
    assert compare(edition, inspect_html(page)) == []
    if source == "html":  # an edition page: contents linking to every story, headlines at h2
        assert [link.text_content() for link in document.find(".//nav").iter("a")] == \
            [item.headline for item in edition.articles]
        assert [h.text_content() for h in document.iter("h1")] == [edition.title]


def test_manifest_lists_every_file_with_format_hash_and_findings(edition_dir):
    raw = (edition_dir / f"{SLUG}.manifest.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    assert raw == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    listed = {entry["path"]: entry for entry in data["files"]}
    on_disk = {path.name for path in edition_dir.iterdir()} - {f"{SLUG}.manifest.json"}
    assert set(listed) == on_disk
    for name, entry in listed.items():
        content = (edition_dir / name).read_bytes()
        assert entry["sha256"] == hashlib.sha256(content).hexdigest() and entry["bytes"] == len(content)
        assert all(finding["severity"] in ("warning", "info") for finding in entry["findings"])
    assert sorted(entry["format"] for entry in data["files"]) == sorted(FORMATS)
    assert listed[f"{SLUG}.html"]["media_type"].startswith("text/html")
    seed_warnings = {f["code"] for f in data["findings"] if f.get("article") == "000_1c0508d7c4252433"}
    assert seed_warnings == {"M106", "M108"}  # the scraped seed names no rights and no photo credit
    assert data["edition"]["slug"] == SLUG and data["left_out"] == []
    for section in data["sections"]:
        for entry in section["articles"]:
            assert (edition_dir / entry["input"]).resolve().is_file()
    assert str(datetime.now().year + 1) not in raw and "now" not in data


def test_rerunning_the_job_gives_identical_bytes(edition_dir):
    before = files_in(edition_dir)
    result = run("newsletter", "--job", JOB, "--format", ",".join(FORMATS), "-o", edition_dir)
    assert result.returncode == 0, result.stderr
    assert files_in(edition_dir) == before


def test_outputs_pass_exporters_check(edition_dir):
    outputs = [path for path in sorted(edition_dir.iterdir()) if registry.for_suffix(path.name)]
    assert len(outputs) == len(FORMATS)
    result = run("check", *outputs)
    assert result.returncode == 0, result.stderr


def test_json_report_on_standard_output(capsys, tmp_path):
    out = tmp_path / "out"
    result = invoke(capsys, "newsletter", "--job", JOB, "--format", "txt", "-o", out, "--json")
    assert result.returncode == 0 and result.stderr == ""
    report = json.loads(result.stdout)
    assert report["exit_code"] == 0 and report["written"] == [str(out / f"{SLUG}.txt"), str(out / f"{SLUG}.manifest.json")]
    assert report["files"] == json.loads((out / f"{SLUG}.manifest.json").read_text(encoding="utf-8"))["files"]


# -- all or nothing ------------------------------------------------------------------------------


def test_job_naming_a_missing_article_exits_2_and_writes_nothing(tmp_path):
    good = write(tmp_path / "articles", article(1))
    job = job_file(tmp_path, f'[[sections]]\nfiles = ["{good}", "articles/missing-story.json"]\n')
    result = run("newsletter", "--job", job)
    assert result.returncode == 2
    line = one_line(result)
    assert "missing-story.json" in line and str(job) in line and "$.sections[0].files[1]" in line
    assert not (tmp_path / "out").exists()


def test_missing_input_on_the_command_line_exits_2(tmp_path):
    result = run("newsletter", ARTICLES / "port-of-aktau.json", tmp_path / "nowhere.json", "--title", "T",
                 "--format", "txt", "-o", tmp_path / "out")
    assert result.returncode == 2 and "nowhere.json" in one_line(result)
    assert not (tmp_path / "out").exists()


def test_one_failing_article_stops_the_whole_edition(tmp_path):
    folder = tmp_path / "articles"
    write(folder, article(1))
    bad = write(folder, article(2, publisher=None, authors=()), "unsigned.json")
    job = job_file(tmp_path, '[[sections]]\nfolders = ["articles"]\n')
    result = run("newsletter", "--job", job)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if " error " in f" {line}"]
    assert any(str(bad) in line and "M104" in line and "[story-02]" in line for line in errors), result.stderr
    assert "nothing written" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("status", [
    {"embargoed": datetime(2999, 1, 1, tzinfo=UTC)},
    {"expires": datetime(2001, 1, 1, tzinfo=UTC)},
    {"pubstatus": "withheld"},
], ids=["embargoed", "expired", "withheld"])
def test_unpublishable_article_is_left_out_unless_forced(capsys, tmp_path, status):
    folder = tmp_path / "articles"
    write(folder, article(1))
    held = write(folder, article(2, headline="The held story", **status))
    job = job_file(tmp_path, '[[sections]]\nfolders = ["articles"]\n')
    result = invoke(capsys, "newsletter", "--job", job)
    assert result.returncode == 0, result.stderr
    [line] = [line for line in result.stderr.splitlines() if "left out" in line]
    assert line.startswith(str(held)) and "warning M11" in line
    text = (tmp_path / "out" / "weekly-3.txt").read_text(encoding="utf-8")
    assert "Story number 1" in text and "The held story" not in text
    manifest = json.loads((tmp_path / "out" / "weekly-3.manifest.json").read_text(encoding="utf-8"))
    assert [entry["id"] for entry in manifest["left_out"]] == ["story-02"]

    forced = invoke(capsys, "newsletter", "--job", job, "--force", "-o", tmp_path / "forced")
    assert forced.returncode == 0, forced.stderr
    assert "The held story" in (tmp_path / "forced" / "weekly-3.txt").read_text(encoding="utf-8")

    strict = invoke(capsys, "newsletter", "--job", job, "--strict", "-o", tmp_path / "strict")
    assert strict.returncode == 1 and not (tmp_path / "strict").exists()


# -- the command line and the job file ---------------------------------------------------------------


def test_inputs_and_title_on_the_command_line(capsys, tmp_path):
    first = write(tmp_path / "a", article(1))
    second = write(tmp_path / "b", article(2))
    result = invoke(capsys, "newsletter", second, first, "--title", "Morning Brief", "--format", "txt,email",
                    "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == \
        ["morning-brief.eml", "morning-brief.manifest.json", "morning-brief.txt"]  # no web page unless html is asked
    seen = api.make_exporter("txt").inspect((tmp_path / "out" / "morning-brief.txt").read_bytes())
    assert seen.title == "Morning Brief"
    assert seen.text.index("Story number 2") < seen.text.index("Story number 1")


def test_title_is_required(capsys, tmp_path):
    result = invoke(capsys, "newsletter", ARTICLES / "port-of-aktau.json", "--format", "txt", "-o", tmp_path)
    assert result.returncode == 2 and "--title" in one_line(result)


def test_output_must_be_a_folder(capsys, tmp_path):
    result = invoke(capsys, "newsletter", ARTICLES / "port-of-aktau.json", "--title", "T",
                    "-o", tmp_path / "edition.pdf")
    assert result.returncode == 2 and "folder" in one_line(result)
    assert not list(tmp_path.iterdir())


def test_relative_paths_resolve_against_the_job_folder(capsys, tmp_path, monkeypatch):
    write(tmp_path / "articles", article(1))
    jobs = tmp_path / "jobs"
    jobs.mkdir()
    (jobs / "weekly.toml").write_text(
        'title = "Weekly"\nformats = "txt"\noutput = "../editions"\n'
        '[[sections]]\nfiles = ["../articles/story-01.json"]\n',
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = invoke(capsys, "newsletter", "--job", "jobs/weekly.toml")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "editions" / "weekly.txt").is_file()
    result = invoke(capsys, "newsletter", "--job", jobs / "weekly.toml", "-o", "elsewhere")
    assert result.returncode == 0 and (tmp_path / "elsewhere" / "weekly.txt").is_file()


@pytest.mark.parametrize(("body", "expected"), [
    ('titel = "x"\n[[sections]]\nfolders = ["articles"]\n', "titel"),
    ('[[sections]]\nfolders = ["articles"]\nnewest = 0\n', "$.sections[0].newest"),
    ('[[sections]]\nfolders = ["articles"]\nlanguage = "fa"\n', "selects no article"),
    ('[[sections]]\nglobs = ["articles/*.md"]\n', "matches no article file"),
    ('[[sections]]\nfiles = ["articles"]\n', "is not a file"),
    ('[[sections]]\ntitle = "Empty"\n', "names no files"),
    ('date = 2026-05-08T09:00:00\n[[sections]]\nfolders = ["articles"]\n', "UTC offset"),
    ('[[sections]\n', "invalid TOML"),
    ('language = "English"\n[[sections]]\nfolders = ["articles"]\n', "$.language"),
], ids=["unknown-key", "newest-zero", "empty-section", "empty-glob", "folder-as-file", "no-selector", "local-time",
        "toml", "not-a-language-tag"])
def test_job_file_mistakes_are_one_line_naming_the_place(capsys, tmp_path, body, expected):
    write(tmp_path / "articles", article(1))
    job = job_file(tmp_path, body)
    result = invoke(capsys, "newsletter", "--job", job)
    assert result.returncode == 2
    line = one_line(result)
    assert expected in line and str(job) in line
    assert not (tmp_path / "out").exists()


def test_section_filters_newest_and_each_article_once(tmp_path):
    folder = tmp_path / "articles"
    write(folder, article(1, language="kk-Cyrl-KZ", section="Economy", keywords=("energy",)))
    write(folder, article(2, language="ru", section="Society"))
    write(folder, article(3, language="kk", section="Economy", keywords=("Energy", "wind")))
    write(folder, article(4, language="en", section="economy"))
    write(folder, article(5, language="en", published=None))
    where = Source("$.sections[0].folders[0]", "articles", folder, "folder")
    from exporters.jobs.newsletter import EditionJob

    def chosen(*sections: SectionSpec) -> list[list[str]]:
        job = EditionJob(title="T", sections=sections)
        return [[reading.article.id for reading in readings] for _, readings in select_articles(job)]

    assert chosen(SectionSpec(sources=(where,), languages=("kk",))) == [["story-01", "story-03"]]
    assert chosen(SectionSpec(sources=(where,), sections=("Economy",))) == [["story-01", "story-03", "story-04"]]
    assert chosen(SectionSpec(sources=(where,), keywords=("energy",), newest=1)) == [["story-03"]]
    assert chosen(SectionSpec(sources=(where,), newest=2)) == [["story-04", "story-03"]]
    assert chosen(SectionSpec(sources=(where,), languages=("kk",)), SectionSpec(sources=(where,))) == \
        [["story-01", "story-03"], ["story-02", "story-04", "story-05"]]
    assert chosen(SectionSpec(sources=(where,), newest=1), SectionSpec(sources=(where,), newest=5)) == \
        [["story-04"], ["story-03", "story-02", "story-01", "story-05"]]


def test_edition_slug_names_the_outputs():
    assert edition_slug("Central Asia Weekly", "7") == SLUG
    assert edition_slug("Дайджест", "") == "дайджест"


# -- the edition's feed ------------------------------------------------------------------------------


WIRE = Organization(name="Wire Service")


def _channel_link(path: Path) -> str:
    import feedparser

    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    return parsed.feed.link


def test_the_feed_never_links_to_another_publishers_site(capsys, tmp_path):
    """The edition's own site, never the newest article's: the rule ``feed`` follows."""
    ours = write(tmp_path / "in", article(1, publisher=Organization(name="Example News Desk")))
    theirs = write(tmp_path / "in", article(2, publisher=WIRE, url="https://wire.example.org/2026/story-2"))
    refused = invoke(capsys, "newsletter", ours, theirs, "--title", "Brief", "--format", "rss", "-o", tmp_path / "a")
    assert refused.returncode == 1 and "A222" in refused.stderr and "--site-url" in refused.stderr
    assert not (tmp_path / "a").exists()
    fed = invoke(capsys, "feed", ours, theirs, "--format", "rss", "-o", tmp_path / "feed.rss")
    assert fed.returncode == 1 and "A222" in fed.stderr and not (tmp_path / "feed.rss").exists()

    given = invoke(capsys, "newsletter", ours, theirs, "--title", "Brief", "--format", "rss",
                   "--site-url", "https://brief.example.net/", "-o", tmp_path / "b")
    assert given.returncode == 0, given.stderr
    assert _channel_link(tmp_path / "b" / "brief.rss") == "https://brief.example.net/"


def test_the_feed_links_to_the_editions_publisher(capsys, tmp_path):
    write(tmp_path / "articles", article(1, publisher=WIRE, url="https://wire.example.org/2026/story-1"))
    job = job_file(tmp_path, 'publisher = { name = "Desk", url = "https://desk.example.com/" }\n'
                             '[[sections]]\nfolders = ["articles"]\n')
    result = invoke(capsys, "newsletter", "--job", job, "--format", "rss")
    assert result.returncode == 0, result.stderr
    assert _channel_link(tmp_path / "out" / "weekly-3.rss") == "https://desk.example.com/"
    unsigned = job_file(tmp_path, 'publisher = "Desk"\n[[sections]]\nfolders = ["articles"]\n')
    result = invoke(capsys, "newsletter", "--job", unsigned, "--format", "rss", "-o", tmp_path / "unsigned")
    assert result.returncode == 1 and "A222" in result.stderr


# -- the introduction ---------------------------------------------------------------------------------


def test_the_introductions_paragraphs_stay_apart_in_every_format(capsys, tmp_path):
    """Blank lines in the job's introduction separate paragraphs: the PDF (read by pdftotext),
    the DOCX (python-docx), the EPUB, the e-mail and the web page (their HTML) each show two paragraphs."""
    import docx as python_docx
    from conftest import require

    write(tmp_path / "articles", article(1))
    job = job_file(tmp_path, 'introduction = """\nFirst paragraph of the week.\n\nSecond paragraph, on its own."""\n'
                             '[[sections]]\nfolders = ["articles"]\n')
    result = invoke(capsys, "newsletter", "--job", job, "--format", "pdf,docx,epub,email,html,txt")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    first, second = "First paragraph of the week.", "Second paragraph, on its own."
    text = subprocess.run([require("pdftotext"), "-enc", "UTF-8", str(out / "weekly-3.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    lines = [line.strip() for line in text.splitlines()]
    assert first in lines and second in lines
    document = python_docx.Document(str(out / "weekly-3.docx"))
    assert [p.text for p in document.paragraphs if p.text in (first, second)] == [first, second]
    import zipfile

    with zipfile.ZipFile(out / "weekly-3.epub") as book:
        title = lxml_html.fromstring(book.read("EPUB/title.xhtml"))
    assert [p.text_content() for p in title.xpath("//*[@class='introduction']")] == [first, second]
    message = email.message_from_bytes((out / "weekly-3.eml").read_bytes(), policy=email.policy.default)
    mail = lxml_html.fromstring(message.get_body(preferencelist=("html",)).get_content())
    assert [p.text_content() for p in mail.xpath("//*[@class='introduction']")] == [first, second]
    page = lxml_html.fromstring((out / "weekly-3.html").read_bytes())
    assert [p.text_content() for p in page.xpath("//*[@class='introduction']/p")] == [first, second]
    assert f"{first}\n\n{second}" in (out / "weekly-3.txt").read_text(encoding="utf-8")


def test_a_named_format_that_cannot_take_the_edition_fails_it(capsys, tmp_path):
    """The sample edition as a news sitemap: its top story has no URL, so nothing is written (A222)."""
    result = invoke(capsys, "newsletter", "--job", JOB, "--format", "txt,news-sitemap", "-o", tmp_path)
    assert result.returncode == 1
    [line] = [line for line in result.stderr.splitlines() if "A222" in line]
    assert "news-sitemap" in line and "000_1c0508d7c4252433" in line
    assert not list(tmp_path.iterdir())

"""The benchmark harness works end to end: the corpus, the floors, and the table of ``bench/run.py --quick``.

No wall-clock time is ever asserted: only that the corpus is what it claims, that
each floor writes the same text as its input, and that the table has every row
with a numeric ratio.
"""

from __future__ import annotations

import io
import math
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, require

BENCH = ROOT / "bench"
LANGUAGES = {"en", "kk", "ru", "fa"}


def write_corpus(count: int, folder: Path) -> list[Path]:
    done = subprocess.run([sys.executable, str(BENCH / "corpus.py"), str(count), str(folder)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return sorted(folder.glob("*.json"))


def test_corpus_is_valid_varied_multilingual_and_deterministic(tmp_path):
    from exporters import api
    from exporters.body import Paragraph

    first = write_corpus(16, tmp_path / "a")
    second = write_corpus(16, tmp_path / "b")
    assert [path.name for path in first] == [path.name for path in second]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(first, second))

    bundle = api.read_bundle(first)  # every file reads as a canonical article, images loaded
    articles = bundle.articles
    assert len(articles) == 16 and len({article.id for article in articles}) == 16
    assert len({article.headline for article in articles}) == 16
    assert {article.language.split("-")[0] for article in articles} == LANGUAGES
    embedded = [a for a in articles if any(bundle.resource(a, image) for image in a.images())]
    assert 0 < len(embedded) < len(articles)
    paragraphs = {sum(isinstance(block, Paragraph) for block in article.body) for article in articles}
    assert len(paragraphs) > 3  # paragraph counts vary
    assert (tmp_path / "a" / "images" / "harbour-cranes.png").is_file()


@pytest.fixture(scope="module")
def floor_article(tmp_path_factory) -> Path:
    """A corpus article in English with an embedded, captioned photo, links, emphasis and quotes."""
    folder = tmp_path_factory.mktemp("floor")
    return write_corpus(9, folder / "corpus")[4]  # 00004-en


@pytest.fixture(scope="module")
def floor_input(floor_article):
    """That article as the floors' plain document."""
    sys.path.insert(0, str(BENCH))
    try:
        import plain
        from floor._doc import load
    finally:
        sys.path.remove(str(BENCH))
    from exporters import api

    path, folder = floor_article, floor_article.parent.parent
    document = plain.plain_document(api.read_bundle([path]))
    plain.write_plain(document, folder / "corpus" / "plain.json")
    return load(folder / "corpus" / "plain.json")


def _floor(name: str):
    sys.path.insert(0, str(BENCH))
    try:
        import importlib

        return importlib.import_module(f"floor.{name}")
    finally:
        sys.path.remove(str(BENCH))


def _words(text: str) -> str:
    return " ".join(text.split())


def _expected(document) -> list[str]:
    return [_words(block["text"]) for block in document["blocks"] if block["kind"] != "image"]


def test_floors_write_every_text_of_the_article(floor_input):
    """Each floor is an honest document: an independent reader finds every paragraph in it."""
    import docx
    import feedparser
    from lxml import etree, html

    assert floor_input["images"], "the chosen article must embed a photo"
    expected = _expected(floor_input)
    texts = {"txt": _floor("txt").render(floor_input).decode("utf-8")}
    with zipfile.ZipFile(io.BytesIO(_floor("epub").render(floor_input))) as book:
        chapter = etree.fromstring(book.read("EPUB/chapter.xhtml"))
        texts["epub"] = "\n".join(chapter.itertext())
        assert any(name.startswith("EPUB/images/") for name in book.namelist())
    document = docx.Document(io.BytesIO(_floor("docx").render(floor_input)))
    texts["docx"] = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert document.inline_shapes, "the photo is in the document"
    for name in ("rss", "atom"):
        entry = feedparser.parse(_floor(name).render(floor_input)).entries[0]
        content = entry["content"][0]["value"] if "content" in entry else entry["summary"]  # RSS: in description
        texts[name] = html.fromstring(content).text_content()
    # The JSON floors write the toolkit's own document: test_json_floors_write_the_same_document_as_the_toolkit.
    sitemap = etree.fromstring(_floor("news_sitemap").render(floor_input))
    assert sitemap.findtext(".//{http://www.google.com/schemas/sitemap-news/0.9}title") == floor_input["title"]
    page = html.document_fromstring(_floor("html").render(floor_input))
    texts["html"] = page.find("body").text_content()
    assert [img.get("src")[:22] for img in page.iter("img")] == ["data:image/png;base64,"] * len(floor_input["images"])
    for name, text in texts.items():
        flat = _words(text)
        missing = [line for line in expected if line not in flat]
        assert not missing, f"{name} floor lacks {missing[:3]}"


def test_pdf_floor_embeds_the_font_and_writes_every_text(floor_input, tmp_path):
    pdftotext, pdffonts = require("pdftotext"), require("pdffonts")
    target = tmp_path / "floor.pdf"
    target.write_bytes(_floor("pdf").render(floor_input))
    text = _words(subprocess.run([pdftotext, str(target), "-"], capture_output=True, text=True, check=True).stdout)
    text = text.replace("- ", "-")  # a hyphenated word broken across lines
    missing = [line for line in _expected(floor_input) if line.replace(" ", "") not in text.replace(" ", "")]
    assert not missing, f"pdf floor lacks {missing[:3]}"
    fonts = subprocess.run([pdffonts, str(target)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all("FiraGO" in line and " yes yes " in line for line in fonts)


def _letters(text: str) -> str:
    """Only the letters and digits of ``text``: line breaks, hyphenation and spacing aside."""
    return "".join(character for character in text if character.isalnum())


def test_pdf_floor_writes_the_same_document_as_the_toolkit(floor_article, floor_input, tmp_path):
    """The pdf floor's ratio measures the toolkit's overhead for the same visible document: poppler
    reads the same letters from both, in the same order (every paragraph, byline, credit, caption,
    notice, the dates and the running footer), and pypdf the same Info title, author, subject and
    keywords and the same outline."""
    import pypdf

    from exporters import api

    pdftotext = require("pdftotext")
    files = {"toolkit": api.render(api.read_bundle([floor_article]), "pdf").data,
             "floor": _floor("pdf").render(floor_input)}
    letters, facts = {}, {}
    for name, data in files.items():
        (tmp_path / f"{name}.pdf").write_bytes(data)
        letters[name] = _letters(subprocess.run([pdftotext, str(tmp_path / f"{name}.pdf"), "-"],
                                                capture_output=True, text=True, check=True).stdout)
        reader = pypdf.PdfReader(io.BytesIO(data))
        info = reader.metadata
        outline = [entry.title if not isinstance(entry, list) else [kid.title for kid in entry]
                   for entry in reader.outline]
        facts[name] = (info.title, info.author, info.subject, info.get("/Keywords"), outline, len(reader.pages))
    page = floor_input["page"]
    shown = [*_expected(floor_input), page["byline"], *page["credits"], page["lead"]["caption"],
             page["lead"]["credit"], *(notice["text"] for notice in page["notices"]), page["rights"], "Page 1 of"]
    for name, found in letters.items():
        missing = [line for line in shown if _letters(line) not in found]
        assert not missing, f"{name} lacks {missing[:3]}"
    assert page["credits"] and page["lead"]["credit"] and page["rights"]  # the article has them
    assert letters["floor"] == letters["toolkit"]
    assert facts["floor"] == facts["toolkit"]
    assert facts["toolkit"][1] == "Aliya Example" and facts["toolkit"][4][1] == ["Who comes at night"]


def typst_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("typst") is not None


ROW = re.compile(r"^\| (?P<what>[^|]+) \| (?P<toolkit>[^|]+) \| (?P<reference>[^|]+) \| (?P<ratio>[^|]+) \| "
                 r"(?P<target>[^|]+) \| (?P<result>[^|]+) \|$")


@pytest.mark.slow
def test_quick_run_prints_every_row_with_a_numeric_ratio(tmp_path):
    require("pandoc")
    committed = (BENCH / "RESULTS.md").read_bytes() if (BENCH / "RESULTS.md").exists() else None
    results = tmp_path / "latest.md"
    done = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--quick", "--articles", "6", "--memory-articles", "20",
         "--work", str(tmp_path / "work"), "--results", str(results)],
        capture_output=True, text=True, cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    report = results.read_text(encoding="utf-8")
    assert report.strip() in done.stdout

    rows = {match["what"]: match for match in map(ROW.match, report.splitlines()) if match and match["what"] != "what"}
    expected = ([f"1. render {name}," for name in ("txt", "epub", "pdf", "docx", "rss", "atom", "html", "ninjs",
                                                    "jsonld", "jsonfeed", "news-sitemap")]
                + [f"2. batch throughput {name}, {count} articles" for count in (3, 6) for name in ("epub", "docx", "txt")]
                + [f"3. cold start {name}," for name in ("txt", "epub", "docx", "pdf")]
                + ["4. peak memory,", "4. memory growth", "5. two workers against one"]
                + ["6. import of a 20,000-block scraped page"]
                + ["7. render pdf tagged (PDF/UA-1), per article, against untagged", "7. pdf file size tagged"]
                + (["7. render pdf tagged (PDF/UA-1), per article, against Typst"] if typst_installed() else [])
                + ["8. render pdf of a 20,000-character paragraph of ZWJ emoji and flags"])
    for prefix in expected:
        found = [row for what, row in rows.items() if what.startswith(prefix)]
        assert len(found) == 1, f"no row {prefix!r} in:\n{report}"
        row = found[0]
        ratio = float(row["ratio"])
        assert math.isfinite(ratio) and ratio > 0
        if prefix.startswith(("7. pdf file size", "1. render txt")):  # reported, not judged
            assert (row["target"].strip(), row["result"].strip()) == ("-", "reported")
            continue
        assert re.fullmatch(r"(<=|>=) \d+(\.\d+)?", row["target"].strip())
        assert row["result"].strip() in {"met", "missed"}
    assert len(rows) == len(expected)
    for key in ("CPU", "Cores", "Python", "Libraries", "pandoc"):
        assert re.search(rf"^- {key}: \S", report, re.MULTILINE), key
    assert "6 articles for rows 2 and 5" in report and "20 articles for row 4" in report
    free = re.findall(r"^- rows (\d): (\d+\.\d+) cores before, (\d+\.\d+) after$", report, re.MULTILINE)
    assert [number for number, *_ in free] == ["1", "2", "3", "4", "5", "6", "7", "8"]

    work = tmp_path / "work"
    assert len(list((work / "corpus").glob("*.json"))) == 6
    assert len(list((work / "out" / "pandoc-epub-6").glob("*.epub"))) == 6
    assert len(list((work / "out" / "throughput-docx-6").glob("*.docx"))) == 6
    assert len(list((work / "out" / "throughput-docx-3").glob("*.docx"))) == 3
    imports = report[report.index("## Start-up: each format's ten heaviest imports"):report.index("## Machine")]
    for name in ("txt", "epub", "pdf", "docx"):
        assert re.search(rf"^\| {name} \| \d+ ms \(\d+\) \| \S+ \d", imports, re.MULTILINE), imports
    now = (BENCH / "RESULTS.md").read_bytes() if (BENCH / "RESULTS.md").exists() else None
    assert now == committed, "a quick run must not replace the committed results"


def test_long_scraped_page_is_read_as_the_layout_it_claims(tmp_path):
    """Row 6 times the reader on a page of the seed's layout: every part found, every block kept."""
    sys.path.insert(0, str(BENCH))
    try:
        import scraped
    finally:
        sys.path.remove(str(BENCH))
    from exporters.body import Heading, Paragraph, RelatedLink
    from exporters.readers import read_article

    article = read_article(scraped.write_page(tmp_path, 1_000)).article
    assert article.headline == "Зимний сад в Павлодаре принял сорок тысяч гостей"
    assert article.language == "ru" and article.dateline.place == "ПАВЛОДАР"
    assert article.lead_image.credit == "Фото: Дана Серик"
    assert len(article.body) == 1_000
    kinds = {kind: sum(isinstance(block, kind) for block in article.body) for kind in (Paragraph, Heading, RelatedLink)}
    assert kinds == {Paragraph: 1_000 - 24 - 1, Heading: 24, RelatedLink: 1}
    assert [credit.name for credit in article.credits] == ["Reuters", "AFP", "ТАСС"]
    assert [notice.text for notice in article.notices] == ["RFE/RL признано в России «нежелательной организацией»."]


def test_html_floor_writes_the_same_page_as_the_toolkit(floor_article, floor_input):
    """The html floor's ratio measures the toolkit's overhead for the same page: the same visible
    text, head (meta tags, Open Graph, canonical link, JSON-LD) and landmarks, dates in ``<time>``."""
    import json

    from lxml import html

    from exporters import api

    toolkit = html.document_fromstring(api.render(api.read_bundle([floor_article]), "html").data)
    floor = html.document_fromstring(_floor("html").render(floor_input))

    def head(page):
        return ([(meta.get("name"), meta.get("content")) for meta in page.iter("meta") if meta.get("name")],
                [(meta.get("property"), meta.get("content")) for meta in page.iter("meta") if meta.get("property")],
                [link.get("href") for link in page.iter("link")],
                [json.loads(script.text) for script in page.iter("script")])

    assert head(floor) == head(toolkit)
    for tag in ("header", "main", "article", "footer", "figure", "figcaption", "time", "blockquote", "a", "img", "em"):
        assert len(list(floor.iter(tag))) == len(list(toolkit.iter(tag))), tag
    assert _words(floor.find("body").text_content()) == _words(toolkit.find("body").text_content())


@pytest.mark.parametrize("name", ["ninjs", "jsonld", "jsonfeed"])
def test_json_floors_write_the_same_document_as_the_toolkit(floor_article, floor_input, name):
    """The JSON floors' ratios measure the toolkit's overhead for the same file: read back with the
    json module, the floor's document has the toolkit's keys, in its order, and its values."""
    import json

    from exporters import api

    toolkit = json.loads(api.render(api.read_bundle([floor_article]), name).data)
    floor = json.loads(_floor(name).render(floor_input))
    assert floor == toolkit
    assert list(floor) == list(toolkit)
    assert "images/night-reading-room.png" in json.dumps(toolkit)  # the article's photo, with its facts
    assert "Saule Demo" in json.dumps(toolkit)  # and its credits

"""The web page: structure, language, attribution, JSON-LD, images, read back with html5lib;
then the Nu HTML Checker, axe-core and screenshots in real Chromium.

The validators run once each over every page (they are slow to start):

- the Nu HTML Checker (``npm install vnu-jar``; ``java -jar vnu.jar --errors-only``) on
  every sample article, every hostile sample and two editions;
- axe-core (``npm install axe-core puppeteer-core`` with ``PUPPETEER_SKIP_DOWNLOAD=1``) in
  Debian's headless Chromium on every sample article and a Kazakh, Russian, Persian and
  English edition, for the tags in :data:`AXE_TAGS`;
- screenshots of an English and a Persian page at 360 and 1280 pixels, light and dark.

scripts/test installs both under ~/.cache/newsroom-exporters (``VNU_JAR`` and
``AXE_MODULES`` point elsewhere); a missing one skips, or fails under
``EXPORTERS_REQUIRE_VALIDATORS=1``.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import zlib
from pathlib import Path

import html5lib
import msgspec
import pytest
from conftest import ARTICLES, ROOT, SAMPLES, TOOLS, require, require_path, sample_articles

from schemaorg import schemaorg_problems

from exporters import api
from exporters.attribution import credit_lines, photo_credits, rights_line, writer_names
from exporters.body import block_text
from exporters.checks import compare
from exporters.formats.html import HtmlExporter, read_jsonld
from exporters.model import Bundle, Section
from exporters.testing import edition_bundle, fullest_bundle
from exporters.text import normalize

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
HOSTILE = SAMPLES / "hostile"
SCREENSHOTS = ROOT / "docs" / "images"


def render(bundle: Bundle, **options: str) -> bytes:
    return api.render(bundle, "html", options or None).data


def parse(data: bytes):
    """The page as html5lib builds it (the WHATWG parsing algorithm), strict: a parse error raises."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False, tree=html5lib.getTreeBuilder("etree")).parse(data)


def text_of(element) -> str:
    """The text of ``element`` as a reader sees it, a line break as a space, scripts and styles left out."""
    parts: list[str] = []

    def walk(node) -> None:
        if node.tag in ("script", "style"):
            return
        parts.append(" " if node.tag == "br" else node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")

    walk(element)
    return " ".join("".join(parts).split())


def region_edition() -> Bundle:
    """The sample articles as an edition in English, Kazakh, Russian and Persian, in two sections."""
    bundle = api.read_bundle(sample_articles(), title="Central Asia Weekly")
    english = tuple(article for article in bundle.articles if article.language.startswith("en"))
    others = tuple(article for article in bundle.articles if not article.language.startswith("en"))
    assert {article.language.split("-")[0] for article in others} >= {"kk", "ru", "fa"}
    return msgspec.structs.replace(bundle, language="en", issue="7",
                                   sections=(Section(title="Top stories", articles=english),
                                             Section(title="Across the region", articles=others)))


# -- structure -----------------------------------------------------------------------------------


def test_article_page_is_semantic_html5():
    bundle = fullest_bundle()
    article = bundle.lead
    page = parse(render(bundle))
    body = page.find("body")
    assert page.get("lang") == "en" and page.get("dir") == "ltr"
    skip = body[0]
    assert skip.tag == "a" and skip.get("href") == "#main" and text_of(skip) == "Skip to content"
    main = body.find("main")
    assert main.get("id") == "main"
    assert [element.tag for element in body if element.tag in ("header", "main", "footer", "nav")] == ["header", "main"]
    [story] = main.findall("article")
    assert [text_of(h1) for h1 in page.iter("h1")] == [article.headline]
    assert story.find("header/h1") is not None
    assert [h.tag for h in story.iter() if h.tag in ("h2", "h3")] == ["h2", "h3"]
    assert [time.get("datetime") for time in story.iter("time")] == [article.published.isoformat(), article.updated.isoformat()]
    figures = story.findall(".//figure")
    assert [text_of(f.find("figcaption")) for f in figures] == [
        "The lead photo caption. Photo: Lead Photographer/Agency", "The chart caption. Graphic: Chart Desk"]
    assert all(f.find("img").get("alt") for f in figures)
    quotes = story.findall(".//blockquote")
    assert [text_of(q.find("footer")) for q in quotes] == ["— Quoted Person, a title", "— Pulled Person"]
    footer = story.find("footer")
    assert "A correction notice." in text_of(story) and rights_line(article) in text_of(footer)
    assert "Contract Publisher" in text_of(footer)


def test_edition_page_has_contents_sections_and_h2_headlines():
    bundle = edition_bundle()
    page = parse(render(bundle))
    body = page.find("body")
    assert [text_of(h1) for h1 in page.iter("h1")] == ["Contract Edition"]
    nav = body.find("nav")
    links = nav.findall(".//a")
    assert [text_of(a) for a in links] == [article.headline for article in bundle.articles]
    stories = body.findall("main//article")
    assert [a.get("href") for a in links] == [f"#{story.get('id')}" for story in stories]
    assert [text_of(story.find("header/h2")) for story in stories] == [article.headline for article in bundle.articles]
    assert [text_of(section.find("h2")) for section in body.findall("main/section")] == ["First section", "Second section"]
    assert [(story.get("lang"), story.get("dir")) for story in stories] == [("en", "ltr"), ("kk", "ltr"), ("fa", "rtl")]
    assert [(a.get("lang"), a.get("dir")) for a in links] == [("en", "ltr"), ("kk", "ltr"), ("fa", "rtl")]
    assert [ol.get("start") for ol in nav.findall("ol")] == ["1", "3"]  # numbered on across sections
    assert [text_of(h3) for h3 in nav.findall("h3")] == ["First section", "Second section"]
    assert "Contract Publisher" in text_of(body.find("footer"))
    assert {h.tag for story in stories for h in story.iter() if h.tag.startswith("h") and h.tag[1:].isdigit()} == {"h2", "h3", "h4"}


def test_a_persian_page_is_right_to_left():
    bundle = api.read_bundle([ARTICLES / "fa-gilan-mobile-library.json"])
    page = parse(render(bundle))
    assert (page.get("lang"), page.get("dir")) == ("fa", "rtl")
    assert page.find("body/a").text == "پرش به محتوای اصلی"


def test_only_script_is_one_json_ld_block_and_it_matches_the_article():
    bundle = fullest_bundle()
    article = bundle.lead
    data = render(bundle)
    scripts = list(parse(data).iter("script"))
    assert [script.get("type") for script in scripts] == ["application/ld+json"]
    [jsonld] = read_jsonld(data)
    assert jsonld["@type"] == "NewsArticle" and jsonld["headline"] == article.headline
    assert jsonld["datePublished"] == article.published.isoformat()
    assert jsonld["dateModified"] == article.updated.isoformat()
    assert [author["name"] for author in jsonld["author"]] == writer_names(article)
    assert jsonld["publisher"]["name"] == "Contract Publisher"
    assert [image["url"] for image in jsonld["image"]] == ["https://example.org/lead.png", "https://example.org/chart.png"]
    # the jsonld format's document, embedded without a second copy of the body the page shows
    assert jsonld == without_body(json.loads(api.render(bundle, "jsonld").data)) and "articleBody" not in jsonld
    assert "isAccessibleForFree" not in jsonld  # the model records no access terms: nothing is claimed
    assert schemaorg_problems(jsonld) == []
    [edition] = read_jsonld(render(edition_bundle()))
    assert edition == without_body(json.loads(api.render(edition_bundle(), "jsonld").data))
    assert edition["@type"] == "ItemList"
    assert [item["item"]["headline"] for item in edition["itemListElement"]] == [a.headline for a in edition_bundle().articles]
    assert not any("articleBody" in item["item"] for item in edition["itemListElement"])


def without_body(jsonld: dict) -> dict:
    """A JSON-LD document with every ``articleBody`` left out (each story of an ``ItemList`` too)."""
    if jsonld["@type"] == "ItemList":
        items = [{**element, "item": without_body(element["item"])} for element in jsonld["itemListElement"]]
        return {**jsonld, "itemListElement": items}
    return {key: value for key, value in jsonld.items() if key != "articleBody"}


def test_the_data_block_carries_the_exact_text_and_the_page_stays_html():
    """A control character HTML forbids is dropped from the page's text but kept, escaped, in the JSON-LD."""
    bundle = api.read_bundle([SAMPLES / "hostile" / "control-characters.json"])
    data = render(bundle)
    [jsonld] = read_jsonld(data)
    assert jsonld["headline"] == bundle.lead.headline and "\x85" in jsonld["headline"]
    text = data.decode("utf-8")
    assert not any("\x7f" <= character <= "\x9f" for character in text)
    assert "\\u0085" in text


def test_open_graph_and_canonical_only_with_a_url():
    bundle = fullest_bundle()
    head = parse(render(bundle)).find("head")
    properties = {meta.get("property"): meta.get("content") for meta in head.iter("meta") if meta.get("property")}
    assert properties["og:url"] == bundle.lead.url and properties["og:type"] == "article"
    assert properties["og:title"] == bundle.lead.headline and properties["og:image"] == "https://example.org/lead.png"
    assert [link.get("href") for link in head.iter("link") if link.get("rel") == "canonical"] == [bundle.lead.url]
    seed = api.read_bundle([ARTICLES / "000_1c0508d7c4252433.txt"])
    assert not seed.lead.url
    head = parse(render(seed)).find("head")
    assert not [meta for meta in head.iter("meta") if meta.get("property")]
    assert not [link for link in head.iter("link") if link.get("rel") == "canonical"]


def test_page_forbids_scripts_and_fetches():
    head = parse(render(fullest_bundle())).find("head")
    [policy] = [meta.get("content") for meta in head.iter("meta") if meta.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in policy and "img-src data:;" in policy and "script-src" not in policy


# -- read back ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sample_articles(), ids=lambda path: path.stem)
def test_every_sample_reads_back_complete_with_html5lib(path):
    bundle = api.read_bundle([path])
    article = bundle.lead
    data = render(bundle)
    assert render(bundle) == data
    assert compare(bundle, HtmlExporter().inspect(data)) == []
    shown = normalize(text_of(parse(data).find("body")))  # an independent reader of the visible text
    expected = [article.headline, *writer_names(article), *credit_lines(article), *photo_credits(article),
                *(notice.text for notice in article.notices), rights_line(article),
                *(piece for block in article.body for piece in block_text(block))]
    missing = [text for text in expected if text.strip() and normalize(text) not in shown]
    assert missing == []


def test_edition_reads_back_complete():
    bundle = region_edition()
    assert compare(bundle, HtmlExporter().inspect(render(bundle))) == []


# -- images -----------------------------------------------------------------------------------------


def test_images_are_embedded_by_default_and_linked_on_request():
    bundle = fullest_bundle()
    embedded = [img.get("src") for img in parse(render(bundle)).iter("img")]
    assert len(embedded) == 2 and all(src.startswith("data:image/png;base64,") for src in embedded)
    linked = parse(render(bundle, images="link"))
    assert [img.get("src") for img in linked.iter("img")] == ["https://example.org/lead.png", "https://example.org/chart.png"]
    [policy] = [m.get("content") for m in linked.iter("meta") if m.get("http-equiv") == "Content-Security-Policy"]
    assert "img-src https: 'self' data:" in policy


def test_linked_images_without_an_article_url_stay_relative():
    bundle = api.read_bundle([ARTICLES / "port-of-aktau.json"])
    article = msgspec.structs.replace(bundle.lead, url="")
    bundle = msgspec.structs.replace(bundle, sections=(Section(articles=(article,)),))
    sources = [img.get("src") for img in parse(render(bundle, images="link")).iter("img")]
    assert sources and all(not src.startswith(("data:", "http")) for src in sources)
    assert all((ARTICLES / src).is_file() for src in sources)


def test_user_templates_come_first(tmp_path):
    (tmp_path / "page.css").write_text("body { color: #123456 }\n", encoding="utf-8")
    page = render(fullest_bundle(), templates=str(tmp_path))
    style = parse(page).find("head/style")
    assert style.text.strip() == "body { color: #123456 }"
    assert parse(page).find("body/main/article") is not None  # page.html still the shipped one


# -- validators --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    """Every sample article, every hostile sample, the contract edition and a four-language edition."""
    folder = tmp_path_factory.mktemp("pages")
    found = {}
    bundles = {path.stem: api.read_bundle([path]) for path in sample_articles()}
    bundles.update({f"hostile-{path.stem}": api.read_bundle([path]) for path in sorted(HOSTILE.iterdir())
                    if path.suffix in (".json", ".md", ".html", ".txt")})
    bundles["edition-contract"] = edition_bundle()
    bundles["edition-region"] = region_edition()
    for name, bundle in bundles.items():
        found[name] = folder / f"{name}.html"
        found[name].write_bytes(render(bundle))
    return found


@pytest.mark.slow
def test_nu_html_checker_reports_no_error(pages):
    java = require("java", "apt-get install default-jre-headless")
    jar = require_path("VNU_JAR", TOOLS / "vnu/node_modules/vnu-jar/build/dist/vnu.jar", "npm install vnu-jar")
    run = subprocess.run([java, "-jar", str(jar), "--errors-only", "--format", "json", *map(str, pages.values())],
                         check=False, capture_output=True, text=True, timeout=300)
    messages = json.loads(run.stderr or '{"messages": []}')["messages"]
    assert [(Path(m.get("url", "")).name, m.get("lastLine"), m["message"]) for m in messages] == []
    assert run.returncode == 0


def browser(job: dict, tmp_path: Path) -> dict:
    """Run tests/browser/pages.cjs (one Chromium for every page of the job)."""
    node = require("node", "apt-get install nodejs")
    chromium = require("chromium", "apt-get install chromium")
    modules = require_path("AXE_MODULES", TOOLS / "axe/node_modules",
                           "PUPPETEER_SKIP_DOWNLOAD=1 npm install axe-core puppeteer-core")
    job_file = tmp_path / "job.json"
    job_file.write_text(json.dumps({"chromium": chromium, "modules": str(modules), "tags": AXE_TAGS, **job}))
    run = subprocess.run([node, str(ROOT / "tests/browser/pages.cjs"), str(job_file)], check=False, capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout)


@pytest.mark.slow
def test_axe_reports_no_violation(pages, tmp_path):
    checked = [str(path) for name, path in pages.items() if not name.startswith("hostile-")]
    report = browser({"axe": checked}, tmp_path)
    assert set(report["axe"]) == set(checked)
    violations = {Path(page).stem: [(v["id"], v["impact"], [n["target"] for n in v["nodes"]]) for v in found]
                  for page, found in report["axe"].items() if found}
    assert violations == {}


def png_size_and_colours(path: Path) -> tuple[int, int, int]:
    """Width, height and the number of distinct byte values in the pixel data (a blank page has a few)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    chunks, position = [], 8
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        if kind == b"IDAT":
            chunks.append(data[position + 8:position + 8 + length])
        position += 12 + length
    return width, height, len(set(zlib.decompress(b"".join(chunks))))


@pytest.mark.slow
def test_screenshots_fit_phones_and_desktops(pages, tmp_path):
    """English and Persian pages at 360 and 1280 px, light and dark, and the four-language
    edition on a phone: nothing wider than the screen, and a page that is not blank. The files stay in the test's folder
    (``EXPORTERS_SCREENSHOTS=DIR`` keeps them) for a look."""
    keep = Path(os.environ.get("EXPORTERS_SCREENSHOTS") or tmp_path)
    keep.mkdir(parents=True, exist_ok=True)
    shots = [{"page": str(pages[name]), "width": width, "dark": dark,
              "out": str(keep / f"{name}-{width}{'-dark' if dark else ''}.png")}
             for name in ("port-of-aktau", "fa-gilan-mobile-library") for width in (360, 1280) for dark in (False, True)]
    shots.append({"page": str(pages["edition-region"]), "width": 360, "dark": False,
                  "out": str(keep / "edition-region-360.png")})
    report = browser({"shots": shots}, tmp_path)
    for shot, taken in zip(shots, report["shots"]):
        assert taken["scrollWidth"] == shot["width"], f"{shot['out']} scrolls sideways: {taken['scrollWidth']} px"
        width, height, colours = png_size_and_colours(Path(shot["out"]))
        assert width == shot["width"] and height > 800 and colours > 50, shot["out"]
        corner = page_colour(Path(shot["out"]))
        assert (max(corner) < 60) if shot["dark"] else (min(corner) > 240), f"{shot['out']}: background {corner}"


def page_colour(path: Path) -> tuple[int, ...]:
    """The colour of the top-left pixel: the page background (dark when the system asks for dark)."""
    from PIL import Image

    with Image.open(path) as image:
        return image.convert("RGB").getpixel((0, 0))


@pytest.mark.slow
def test_print_stylesheet_prints_the_stories_without_the_screen_furniture(pages, tmp_path):
    """Chromium prints the edition (print media, A4): every headline and the body text are on
    paper, the skip link and the contents (links that go nowhere on paper) are not."""
    pdftotext = require("pdftotext", "apt-get install poppler-utils")
    out = tmp_path / "edition.pdf"
    report = browser({"prints": [{"page": str(pages["edition-region"]), "out": str(out)}]}, tmp_path)
    assert report["prints"] == [str(out)]
    text = subprocess.run([pdftotext, "-layout", "-enc", "UTF-8", str(out), "-"], check=True, capture_output=True,
                          text=True).stdout
    bundle = region_edition()
    flat = " ".join(text.split())
    assert "Skip to content" not in flat and "Contents" not in flat
    for article in bundle.articles:
        if article.text_direction == "ltr":  # pdftotext orders right-to-left lines its own way
            assert " ".join(article.headline.split()) in flat, article.headline
    assert text.count("\f") >= len(bundle.articles)  # each story starts a page

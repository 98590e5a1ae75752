"""Short saved pages: one to a few paragraphs come back block for block, without the page's chrome.

Our own web page of a short story is read back and compared with the story: each paragraph
(and heading, quote, list) is its own block, and nothing of the masthead, the skip link,
the story's header (kicker, headline, dek, byline, credits, dateline, dates) or its footer
reaches the body. The e-mail export is a MIME message (``.eml``), which no reader takes.
"""

from __future__ import annotations

import json
from pathlib import Path

import msgspec
import pytest
from conftest import ARTICLES
from lxml import html as lxml_html

from exporters import api
from exporters.body import block_text
from exporters.model import Article, Bundle, article_from_data, encode_article
from exporters.readers import read_article

SAMPLES = {
    "en": "port-of-aktau.json",
    "kk": "kk-mangystau-wind-station.json",
    "ru": "ru-pavlodar-winter-garden.json",
    "fa": "fa-gilan-mobile-library.json",
}


def short_story(language: str, count: int, kinds: tuple[str, ...] = ("paragraph",)) -> Article:
    """The language's sample with every fact of its header, and only its first ``count`` blocks of ``kinds``."""
    data = json.loads((ARTICLES / SAMPLES[language]).read_text(encoding="utf-8"))
    data["body"] = [block for block in data["body"] if block["type"] in kinds][:count]
    data.pop("lead_image", None)
    return article_from_data(data)


def page_of(story: Article, tmp_path: Path) -> Path:
    path = tmp_path / f"{story.language}.html"
    path.write_bytes(api.render(Bundle.of(story), "html").data)
    return path


def chrome_of(page: Path) -> list[str]:
    """The text of every part of the page that is not the story's body, read from the page itself."""
    root = lxml_html.fromstring(page.read_bytes())
    parts = root.xpath("//a[@class='skip-link'] | //header[@class='masthead'] | //article/header/*"
                       " | //article/footer/*")
    return [" ".join(part.text_content().split()) for part in parts]


@pytest.mark.parametrize("count", [1, 2, 3])
@pytest.mark.parametrize("language", list(SAMPLES))
def test_a_short_web_page_keeps_each_paragraph_and_drops_its_chrome(tmp_path: Path, language: str, count: int):
    story = short_story(language, count)
    page = page_of(story, tmp_path)
    imported = read_article(page).article
    paragraphs = [block_text(block) for block in story.body]
    assert len(paragraphs) == count
    assert [block_text(block) for block in imported.body] == paragraphs
    chrome = chrome_of(page)
    assert len(chrome) >= 8  # skip link, masthead, kicker, headline, dek, byline, credits, dates, footer
    assert chrome[3] == story.headline and chrome[4] == story.subheadline and story.authors[0].name in chrome[5]
    assert story.publisher.name in chrome[1]
    blocks = [text for strings in paragraphs for text in strings]
    assert not set(chrome) & set(blocks)
    body = "\n".join(blocks)
    skip_link, masthead, kicker, headline, dek, byline = chrome[:6]
    for line in (skip_link, masthead, headline, dek, byline, story.publisher.name):
        assert line not in body
    assert imported.language == story.language
    assert imported.headline == story.headline
    assert [author.name for author in imported.authors] == [author.name for author in story.authors]
    assert imported.published == story.published


@pytest.mark.parametrize("language", list(SAMPLES))
def test_a_short_web_page_keeps_its_credits_and_source(tmp_path: Path, language: str):
    """The credit lines of the story's header leave the body; the credits come from the page's metadata."""
    story = short_story(language, 2)
    imported = read_article(page_of(story, tmp_path)).article
    assert [credit.name for credit in imported.credits] == [credit.name for credit in story.credits]
    assert imported.source == story.source


@pytest.mark.parametrize("language", list(SAMPLES))
def test_a_short_story_with_heading_quote_and_list_keeps_every_block(tmp_path: Path, language: str):
    story = short_story(language, 20, ("paragraph", "heading", "quote", "list"))
    imported = read_article(page_of(story, tmp_path)).article
    assert {type(block).__name__ for block in story.body} == {"Paragraph", "Heading", "Quote", "ListBlock"}
    assert [type(block).__name__ for block in imported.body] == [type(block).__name__ for block in story.body]
    assert [block_text(block) for block in imported.body] == [block_text(block) for block in story.body]


def test_a_right_to_left_short_page_reads_the_same_twice(tmp_path: Path):
    page = page_of(short_story("fa", 1), tmp_path)
    assert b'dir="rtl"' in page.read_bytes()
    assert encode_article(read_article(page).article) == encode_article(read_article(page).article)


def test_the_example_of_two_tiny_paragraphs(tmp_path: Path):
    """The page that showed the fault: two one-line paragraphs once came back as one, headline and all."""
    story = msgspec.convert(
        {"id": "one", "headline": "Port opens", "language": "en", "published": "2026-05-01T10:00:00Z",
         "publisher": {"name": "Caspian Daily"}, "authors": [{"name": "A. Writer"}],
         "body": [{"type": "paragraph", "content": [f"Paragraph number {n} says the port opened today with ships."]}
                  for n in range(2)]},
        Article,
    )
    for count in (1, 2):
        short = msgspec.structs.replace(story, body=story.body[:count])
        imported = read_article(page_of(short, tmp_path)).article
        assert [block_text(block) for block in imported.body] == [block_text(block) for block in short.body]


#: A third-party page laid out with <div>s only: no <main>, <article>, <header>, <nav> or <footer>.
DIV_PAGE = """<!DOCTYPE html>
<html lang="kk">
<head><meta charset="utf-8"><title>Ақтауда жаңа паром іске қосылды | Каспий хабаршысы</title>
<meta property="og:title" content="Ақтауда жаңа паром іске қосылды">
<meta property="og:site_name" content="Каспий хабаршысы">
<meta property="article:published_time" content="2026-05-01T10:00:00+05:00">
</head>
<body>
<div id="header">
  <div class="logo"><a href="/">Каспий хабаршысы</a></div>
  <div class="menu"><a href="/">Басты бет</a> <a href="/news">Жаңалықтар</a> <a href="/sport">Спорт</a></div>
</div>
<div id="content">
  <div class="post">
    <h1>Ақтауда жаңа паром іске қосылды</h1>
    <div class="meta">2026 жылғы 1 мамыр</div>
    <div class="text">
      {paragraphs}
    </div>
  </div>
</div>
<div id="footer"><p>© 2026 Каспий хабаршысы</p></div>
</body>
</html>
"""
DIV_PARAGRAPHS = (
    "Ақтау портынан Бакуге дейінгі жаңа паром дүйсенбі күні алғашқы рейсіне шықты.",
    "Паром аптасына үш рет жүзеді және бір рейсте жүз жолаушыны алады.",
)
DIV_CHROME = ("Каспий хабаршысы", "Басты бет", "Жаңалықтар", "Ақтауда жаңа паром", "2026 жылғы 1 мамыр", "©")


@pytest.mark.parametrize("element", ["p", "div"])
def test_a_short_div_page_from_elsewhere_keeps_its_two_paragraphs(tmp_path: Path, element: str):
    """With paragraphs in <div>s, the extractor's fallback once returned the whole page as one paragraph."""
    path = tmp_path / "page.html"
    markup = "\n".join(f"<{element}>{text}</{element}>" for text in DIV_PARAGRAPHS)
    path.write_text(DIV_PAGE.replace("{paragraphs}", markup), encoding="utf-8")
    imported = read_article(path).article
    body = [text for block in imported.body for text in block_text(block)]
    assert [block_text(block) for block in imported.body] == [[text] for text in DIV_PARAGRAPHS]
    assert not [chrome for chrome in DIV_CHROME for text in body if chrome in text]
    assert imported.headline == "Ақтауда жаңа паром іске қосылды"


def test_a_short_web_page_keeps_its_figure_and_caption_as_a_block(tmp_path: Path):
    """A page whose images are linked (``-O html.images=link``): the figure stays between its paragraphs."""
    import shutil

    data = json.loads((ARTICLES / SAMPLES["en"]).read_text(encoding="utf-8"))
    data["body"] = [block for block in data["body"] if block["type"] in ("paragraph", "figure")][:3]
    data.pop("lead_image")
    (tmp_path / "story.json").write_text(json.dumps(data), encoding="utf-8")
    shutil.copytree(ARTICLES / "images", tmp_path / "images")
    bundle = api.read_bundle([tmp_path / "story.json"])
    story = bundle.sections[0].articles[0]
    page = tmp_path / "story.html"
    page.write_bytes(api.render(bundle, "html", {"images": "link"}).data)
    imported = read_article(page).article
    assert [type(block).__name__ for block in story.body] == ["Paragraph", "Paragraph", "Figure"]
    assert [block_text(block) for block in imported.body] == [block_text(block) for block in story.body]
    assert imported.body[2].image.src.startswith("https://") and imported.body[2].image.alt == story.body[2].image.alt

"""The saved-page reader: metadata from JSON-LD and Open Graph, the story by extraction, nothing unsafe."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import ARTICLES
from lxml import html as lxml_html

from exporters.body import (
    Emphasis,
    Figure,
    Heading,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    RelatedLink,
    Strong,
    block_text,
    inline_text,
)
from exporters.errors import InputError
from exporters.model import Credit, encode_article
from exporters.readers import read_article
from exporters.text import normalize

PAGE = ARTICLES / "html-sample.html"
PLUS_FIVE = dt.timezone(dt.timedelta(hours=5))


@pytest.fixture(scope="module")
def reading():
    return read_article(PAGE)


@pytest.fixture(scope="module")
def article(reading):
    return reading.article


def read_page(tmp_path: Path, markup: str, meta: dict | None = None):
    path = tmp_path / "page.html"
    path.write_text(markup, encoding="utf-8")
    return read_article(path, meta)


def test_author_and_editor(article):
    assert [(person.name, person.role, person.url) for person in article.authors] == [
        ("Aliya Example", "author", "https://herald.example.org/staff/aliya-example"),
        ("Timur Placeholder", "editor", ""),
    ]


def test_dates(article):
    assert article.published == dt.datetime(2026, 4, 14, 8, 0, tzinfo=PLUS_FIVE)
    assert article.updated == dt.datetime(2026, 4, 14, 11, 20, tzinfo=PLUS_FIVE)


def test_publisher_rights_and_language(article):
    assert (article.publisher.name, article.publisher.url, article.publisher.logo) == (
        "Example Steppe Herald",
        "https://herald.example.org/",
        "https://herald.example.org/logo.png",
    )
    assert article.rights.holder == "Example Steppe Herald"
    assert article.rights.notice == "© 2026 Example Steppe Herald. All rights reserved."
    assert article.rights.licence == "https://herald.example.org/terms"
    assert article.language == "en-GB"


def test_identity_and_text_metadata(article):
    assert article.id == "herald-2026-04-night-library"
    assert article.url == "https://herald.example.org/2026/04/night-library"
    assert article.headline == "Night Library Opens Its Doors to Shift Workers"
    assert article.subheadline == "Karaganda's central library keeps one room open until 3 a.m."
    assert article.summary.startswith("A reading room in Karaganda now stays open until 3 a.m.")
    assert article.section == "Culture"
    assert article.keywords == ("libraries", "Karaganda", "shift work", "reading")


def test_lead_image_from_the_figure(article):
    page = lxml_html.fromstring(PAGE.read_bytes())
    img = page.xpath("//figure[@class='lead']/img")[0]
    image = article.lead_image
    assert image.src == img.get("src") == "images/night-reading-room.png"
    assert image.alt == img.get("alt")
    assert image.caption == page.xpath("string(//figure[@class='lead']//span[@class='caption'])")
    assert image.credit == page.xpath("string(//figure[@class='lead']//span[@class='credit'])")
    assert (image.width, image.height) == (320, 200)
    assert not any(isinstance(block, Figure) for block in article.body), "the lead image is not repeated in the body"


def test_every_article_paragraph_in_order(article):
    """Compare with the page's own <article> paragraphs, read with lxml."""
    page = lxml_html.fromstring(PAGE.read_bytes())
    expected = [normalize(p.text_content()) for p in page.xpath("//article/p[not(@class='byline')]")]
    expected = [text for text in expected if not text.startswith(("ALSO READ", "With additional reporting"))]
    paragraphs = [normalize(inline_text(block.content)) for block in article.body if isinstance(block, Paragraph)]
    paragraphs[0] = f"{article.dateline.place} -- {paragraphs[0]}"
    assert paragraphs == expected


def test_structure(article):
    body = article.body
    assert Heading(content=("Who comes at night",), level=2) in body
    assert not any(isinstance(block, Heading) and inline_text(block.content) == article.headline for block in body)
    lists = [block for block in body if isinstance(block, ListBlock)]
    assert len(lists) == 1 and not lists[0].ordered and len(lists[0].items) == 3
    quote = next(block for block in body if isinstance(block, Quote))
    assert quote.attribution == "Yerlan Demo, a lorry driver"
    assert inline_text(quote.content).startswith("I used to read in the cab")
    assert any(
        isinstance(node, Strong) and node.content == ("Gulnar Sample",)
        for block in body
        if isinstance(block, Paragraph)
        for node in block.content
    )
    assert any(isinstance(node, Emphasis) for block in body if isinstance(block, Paragraph) for node in block.content)
    related = next(block for block in body if isinstance(block, RelatedLink))
    assert (related.label, related.title, related.url) == (
        "ALSO READ",
        "How Mining Towns Are Rethinking the Night Shift",
        "https://herald.example.org/2026/02/mining-towns",
    )
    assert article.credits == (Credit(name="Saule Demo", role="additional reporting", kind="person"),)


def test_dateline_from_json_ld(article):
    assert article.dateline.place == "KARAGANDA"
    first = next(block for block in article.body if isinstance(block, Paragraph))
    assert inline_text(first.content).startswith("When the last bus")


def test_nothing_dangerous_reaches_the_model(article):
    text = encode_article(article).decode("utf-8")
    for marker in (
        "<",
        "script",
        "javascript",
        "alert",
        "onclick",
        "onerror",
        "iframe",
        "video.example.net",
        "ads.example.net",
        "tracker",
        "document.write",
        "injected",
        "window.",
    ):
        assert marker not in text, marker
    links = [
        node
        for block in article.body
        if isinstance(block, Paragraph)
        for node in block.content
        if isinstance(node, Link)
    ]
    assert [link.href for link in links] == ["https://herald.example.org/2026/03/council-budget"]
    last = next(
        block
        for block in article.body
        if isinstance(block, Paragraph) and "share this story" in inline_text(block.content)
    )
    assert "or share this story with a friend." in inline_text(last.content), (
        "a javascript: link keeps its words as text"
    )


def test_page_chrome_is_gone(article):
    body = " ".join(text for block in article.body for text in block_text(block))
    for chrome in ("Skip to main content", "Most read", "Derby ends", "Privacy", "Terms of use", "Sport"):
        assert chrome not in body


def test_frames_are_reported(reading):
    assert any("frame" in guess for guess in reading.guesses)


OG_ONLY = """<!DOCTYPE html>
<html lang="kk"><head><meta charset="utf-8">
<title>Ignored title | Site</title>
<meta property="og:title" content="Open Graph &amp; Nothing Else">
<meta property="og:site_name" content="Example Wire">
<meta property="og:url" content="https://wire.example.org/2026/a">
<meta property="og:locale" content="en_US">
<meta property="article:published_time" content="2026-01-05">
<meta property="article:modified_time" content="2026-01-05T10:00:00">
<meta property="article:tag" content="one"><meta property="article:tag" content="two">
<meta name="author" content="By Jane Doe">
<script type="application/ld+json">{ not json </script>
</head><body><article>
<p>ALMATY -- The first paragraph of the story is long enough to count as text for extraction.</p>
<p>See the <a href="/2026/b">earlier story</a>, <a href="mailto:desk@example.org">write to us</a>
or <a href="data:text/html,hi">open this</a> and <a href="vbscript:x">this</a>.</p>
<figure><img src="images/chart.png" alt="A bar chart"><figcaption>Sales by month. Graphic: Example Wire</figcaption></figure>
<p>A closing paragraph with <b onmouseover="alert(1)">bold words</b> in it, for the test.</p>
<figure><img src="data:image/png;base64,AAAA" alt="inline data"></figure>
</article></body></html>"""


def test_open_graph_fallbacks(tmp_path: Path):
    reading = read_page(tmp_path, OG_ONLY)
    article = reading.article
    assert article.headline == "Open Graph & Nothing Else"
    assert article.publisher.name == "Example Wire"
    assert article.language == "en-US", "og:locale comes before <html lang>"
    assert article.url == "https://wire.example.org/2026/a" == article.id
    assert article.published == dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
    assert article.updated is None, "a time without a zone is not assumed"
    assert article.keywords == ("one", "two")
    assert [person.name for person in article.authors] == ["Jane Doe"]
    assert article.dateline.place == "ALMATY"
    guesses = "\n".join(reading.guesses)
    for expected in (
        "headline: taken from og:title",
        "publisher: taken from og:site_name",
        "language: taken from og:locale",
        "updated: '2026-01-05T10:00:00' has no time zone",
        "published: a date without a time",
        "JSON-LD block 1 is not valid JSON",
        "authors: taken from <meta name=author>",
        "id: the canonical URL",
    ):
        assert expected in guesses


def test_links_and_images_are_filtered(tmp_path: Path):
    article = read_page(tmp_path, OG_ONLY).article
    links = {
        inline_text(node.content): node.href
        for block in article.body
        if isinstance(block, Paragraph)
        for node in block.content
        if isinstance(node, Link)
    }
    assert links == {"earlier story": "https://wire.example.org/2026/b", "write to us": "mailto:desk@example.org"}
    text = " ".join(inline_text(block.content) for block in article.body if isinstance(block, Paragraph))
    assert "open this and this." in text
    figures = [block.image for block in article.body if isinstance(block, Figure)]
    assert [(image.src, image.alt, image.caption, image.credit) for image in figures] == [
        ("images/chart.png", "A bar chart", "Sales by month.", "Graphic: Example Wire"),
        ("data:image/png;base64,AAAA", "inline data", "", ""),  # an embedded image is kept; its bytes are checked on export
    ]
    assert "data:text" not in encode_article(article).decode("utf-8"), "a data: link keeps only its words"


def test_json_ld_graph_and_image_credit(tmp_path: Path):
    markup = """<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@graph": [
      {"@type": "WebSite", "name": "Site"},
      {"@type": ["NewsArticle"], "headline": "From the <b>Graph</b>", "inLanguage": {"@type": "Language", "alternateName": "ru"},
       "author": {"@type": "Organization", "name": "Example Wire"}, "publisher": {"@type": "Organization", "name": "Example Wire"},
       "datePublished": "2026-02-01T09:00:00Z", "dateModified": "2026-02-01T09:00:00Z",
       "correction": "An earlier version misspelt the mayor's name.",
       "image": {"@type": "ImageObject", "url": "https://cdn.example.org/a.jpg", "caption": "The square at dawn.",
                 "copyrightHolder": {"@type": "Organization", "name": "Example Photo Agency"}}}]}
    </script></head><body><main><p>Текст статьи достаточно длинный, чтобы извлечение его сохранило полностью и без потерь.</p></main></body></html>"""
    reading = read_page(tmp_path, markup)
    article = reading.article
    assert article.headline == "From the Graph"
    assert article.language == "ru"
    assert article.authors == (), "the publisher signing the piece is not an author"
    assert article.published == dt.datetime(2026, 2, 1, 9, tzinfo=dt.UTC) and article.updated is None
    assert [(notice.kind, notice.text) for notice in article.notices] == [
        ("correction", "An earlier version misspelt the mayor's name.")
    ]
    image = article.lead_image
    assert (image.src, image.caption, image.credit, image.alt) == (
        "https://cdn.example.org/a.jpg",
        "The square at dawn.",
        "Example Photo Agency",
        "The square at dawn.",
    )
    assert "lead_image.alt: the page gives none; taken from the caption" in reading.guesses


def test_meta_overrides_the_page(tmp_path: Path):
    reading = read_page(tmp_path, OG_ONLY, {"language": "kk", "publisher": "Example Desk"})
    assert reading.article.language == "kk"
    assert reading.article.publisher.name == "Example Desk"
    assert not any(guess.startswith(("language:", "publisher:")) for guess in reading.guesses)


def test_page_without_article_names_file_and_place(tmp_path: Path):
    markup = (
        "<html><head><title>Home</title><script>x()</script></head><body><nav><a href='/'>Home</a></nav></body></html>"
    )
    with pytest.raises(InputError) as error:
        read_page(tmp_path, markup)
    assert (
        str(error.value)
        == f"{tmp_path / 'page.html'}: <body>: no article text found (only navigation, scripts or page furniture)"
    )


#: Text whose invisible format characters carry meaning: a zero-width non-joiner inside Persian
#: words, an isolate and a mark around a Latin name in Persian, zero-width joiners building emoji
#: (and an ideographic variation selector, the kind of character the reader uses as a stand-in),
#: a soft hyphen and a word joiner.
FORMAT_CHARACTERS = (
    "می\u200cخواهم کتاب\u200cها را بخوانم، و این جمله آن\u200cقدر بلند است که متن به حساب بیاید.",
    "خبرنگار \u2068Dana Serik\u2069\u200f گفت که کشتی\u200cها دوباره حرکت می\u200cکنند.",
    "A coder \U0001F469\U0001F3FD\u200d\U0001F4BB and a family \U0001F469\u200d\U0001F469\u200d\U0001F467 met at 葛\U000E0100飾.",
    "The hyphen\u00adated word and the word\u2060joiner stay as they were written in the page.",
)


@pytest.mark.parametrize("language, paragraphs", [("fa", FORMAT_CHARACTERS[:2]), ("en", FORMAT_CHARACTERS[2:])])
def test_format_characters_in_the_story_are_kept(tmp_path: Path, language: str, paragraphs: tuple[str, ...]):
    """The extractor drops every character str.isprintable() refuses; these mean something and come back."""
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    page = f'<html lang="{language}"><head><title>T</title></head><body><article><h1>T</h1>{body}</article></body></html>'
    article = read_page(tmp_path, page, {"headline": "T"}).article
    assert [inline_text(block.content) for block in article.body] == list(paragraphs)


def test_a_web_page_with_joined_emoji_and_persian_reads_back_letter_for_letter(tmp_path: Path):
    from exporters import api
    from exporters.model import Article, Bundle

    paragraphs = ("Ferries resumed on Monday after a week of storms closed the port of Aktau to all traffic.",
                  ("\U0001F469\U0001F3FD\u200d\U0001F4BB0 " * 200).strip(), FORMAT_CHARACTERS[0],
                  "The harbour master said the timetable would hold through the spring.")
    story = Article(id="a1", language="en", headline="Ferries resume across the Caspian",
                    body=tuple(Paragraph(content=(text,)) for text in paragraphs))
    path = tmp_path / "story.html"
    path.write_bytes(api.render(Bundle.of(story), "html").data)
    assert [inline_text(block.content) for block in read_article(path).article.body] == list(paragraphs)

"""The Markdown reader: front matter, CommonMark blocks and inlines, the figure and related-link conventions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import ARTICLES

from exporters.body import (
    Emphasis,
    Figure,
    Heading,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    RelatedLink,
    Separator,
    Strong,
    inline_text,
)
from exporters.errors import InputError
from exporters.model import Credit, encode_article
from exporters.readers import read_article

SAMPLE = ARTICLES / "md-sample.md"


@pytest.fixture(scope="module")
def reading():
    return read_article(SAMPLE)


@pytest.fixture(scope="module")
def article(reading):
    return reading.article


def read_md(tmp_path: Path, text: str, meta: dict | None = None):
    path = tmp_path / "story.md"
    path.write_text(text, encoding="utf-8")
    return read_article(path, meta)


def kinds(article) -> list[str]:
    return [type(block).__name__ for block in article.body]


def test_front_matter_fields(article):
    assert article.id == "example-2026-05-caspian-ferry-timetable"
    assert article.language == "en"
    assert article.keywords == ("Kazakhstan", "Azerbaijan", "Caspian Sea", "ferries")
    assert [(person.name, person.role) for person in article.authors] == [
        ("Marat Example", "reporter"),
        ("Ruth Sample", "editor"),
    ]
    assert article.publisher.name == "Example News Desk"
    assert article.published == dt.datetime(2026, 5, 4, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=5)))
    assert article.rights.notice == "© 2026 Example News Desk. All rights reserved."
    assert [notice.kind for notice in article.notices] == ["legal"]


def test_leading_h1_is_the_headline(reading, article):
    assert article.headline == "Caspian Ferry Timetable Goes Online After Years of Waiting"
    assert "headline: the leading # heading" in reading.guesses
    assert not any(
        isinstance(block, Heading) and inline_text(block.content) == article.headline for block in article.body
    )


def test_block_order(article):
    assert kinds(article) == [
        "Paragraph",
        "Figure",
        "Paragraph",
        "Heading",
        "ListBlock",
        "Quote",
        "Paragraph",
        "ListBlock",
        "Paragraph",
        "RelatedLink",
        "Separator",
        "Paragraph",
    ]


def test_dateline_taken_off_the_first_paragraph(article):
    assert article.dateline.place == "KURYK"
    first = article.body[0]
    assert inline_text(first.content).startswith("For as long as anyone at this small Caspian port can remember")


def test_inlines(article):
    first, third = article.body[0], article.body[2]
    assert Emphasis(content=("full",)) in first.content
    assert Strong(content=("two or three days",)) in third.content
    assert Link(href="https://ferry.example.org/timetable", content=("passenger page",)) in third.content
    soft = inline_text(first.content)
    assert "ferry to Baku left" in soft, "a soft line break is a space"
    hard = article.body[8]
    assert isinstance(hard, Paragraph) and LineBreak() in hard.content


def test_figure_with_alt_caption_and_credit(article):
    figure = article.body[1]
    assert isinstance(figure, Figure)
    assert figure.image.src == "images/harbour-cranes.png"
    assert figure.image.alt == "Three orange cranes stand over a grey quay beside blue water."
    assert figure.image.caption == "The quay at Kuryk, where ferries to Baku now leave on a published schedule."
    assert figure.image.credit == "Photo: Dana Serik for the Example News Desk"
    assert not figure.image.decorative


def test_heading_quote_lists(article):
    assert article.body[3] == Heading(content=("How the booking works",), level=2)
    ordered = article.body[4]
    assert isinstance(ordered, ListBlock) and ordered.ordered and len(ordered.items) == 3
    quote = article.body[5]
    assert isinstance(quote, Quote)
    assert (
        inline_text(quote.content)
        == "We used to sleep in the car and listen for the horn. Now I know the day and the hour."
    )
    assert quote.attribution == "Bakhyt Sample, a lorry driver from Aktobe"
    bullets = article.body[7]
    assert isinstance(bullets, ListBlock) and not bullets.ordered
    assert inline_text(bullets.items[2]) == "tickets cannot be changed online"


def test_related_link_separator_and_credits(article):
    assert article.body[9] == RelatedLink(
        title="Why the Middle Corridor Matters to Central Asia",
        url="https://news.example.org/2026/01/middle-corridor",
        label="ALSO READ",
    )
    assert article.body[10] == Separator()
    assert article.credits == (Credit(name="Reuters"), Credit(name="Trend"))
    assert "With reporting by" not in encode_article(article).decode("utf-8")


def test_every_paragraph_word_for_word(article):
    """Paragraph words as written in the file (line breaks and markup aside)."""
    source = " ".join(SAMPLE.read_text(encoding="utf-8").split())
    for block in article.body:
        if isinstance(block, Paragraph):
            words = inline_text(block.content).split()
            assert len(words) > 3
            for word in words:
                assert word.strip("*.,") in source


def test_raw_html_is_not_trusted(tmp_path: Path):
    reading = read_md(
        tmp_path,
        """---
language: en
headline: Raw HTML
---
Text with <span onclick="steal()">inline tags</span> and <script>alert(1)</script>a script.

<div class="box" onmouseover="x()">A block of <b>HTML</b> text.<script>alert(2)</script></div>

A [bad link](javascript:alert(3)) and a [good one](https://example.org/) and <iframe src="https://x.example"></iframe>end.
""",
    )
    article = reading.article
    texts = [inline_text(block.content) for block in article.body]
    assert texts == [
        "Text with inline tags and a script.",
        "A block of HTML text.",
        "A bad link and a good one and end.",
    ]
    encoded = encode_article(article).decode("utf-8")
    for marker in ("<", "alert", "onclick", "onmouseover", "javascript", "steal", "iframe"):
        assert marker not in encoded, marker
    assert any("raw HTML at line 7" in guess for guess in reading.guesses)


def test_broken_front_matter_names_the_line(tmp_path: Path):
    with pytest.raises(InputError) as error:
        read_md(tmp_path, "---\nlanguage: en\nheadline: [unclosed\n---\nText.\n")
    message = str(error.value)
    assert message.startswith(f"{tmp_path / 'story.md'}: line ")
    assert "front matter is not valid YAML" in message and "\n" not in message


def test_unclosed_and_misplaced_front_matter(tmp_path: Path):
    with pytest.raises(InputError, match="line 1: front matter opened with --- is never closed"):
        read_md(tmp_path, "---\nlanguage: en\n\n# Title\n")
    with pytest.raises(InputError, match="front matter: body"):
        read_md(tmp_path, "---\nlanguage: en\nheadline: H\nbody: []\n---\nText.\n")
    with pytest.raises(InputError, match="front matter must be a mapping"):
        read_md(tmp_path, "---\n- a list\n---\nText.\n")


def test_headings_levels_and_repeated_headline(tmp_path: Path):
    reading = read_md(
        tmp_path,
        """---
language: en
headline: The Headline
---
# The Headline

Intro paragraph.

### Level three

# A second top heading

###### Level six
""",
    )
    article = reading.article
    assert article.headline == "The Headline"
    assert [(inline_text(block.content), block.level) for block in article.body if isinstance(block, Heading)] == [
        ("Level three", 3),
        ("A second top heading", 2),
        ("Level six", 6),
    ]
    assert any("taken as level 2" in guess for guess in reading.guesses)


def test_differing_h1_is_kept_as_a_heading(tmp_path: Path):
    article = read_md(
        tmp_path, "---\nlanguage: en\nheadline: Front Matter Headline\n---\n# Another Title\n\nText.\n"
    ).article
    assert article.body[0] == Heading(content=("Another Title",), level=2)


def test_credit_syntax_decorative_images_and_nested_lists(tmp_path: Path):
    reading = read_md(
        tmp_path,
        """# Title

![A map of the route](images/route.png "The new route.")
Credit: Example Maps

![](images/rule.png)

![Remote](http://insecure.example.org/a.png)

- first
  - first, nested
- second

> One line only.
""",
        {"language": "en"},
    )
    article = reading.article
    figures = [block.image for block in article.body if isinstance(block, Figure)]
    assert (figures[0].alt, figures[0].caption, figures[0].credit) == (
        "A map of the route",
        "The new route.",
        "Example Maps",
    )
    assert figures[1].decorative and figures[1].alt == ""
    assert figures[2].src == "" and figures[2].alt == "Remote"
    items = next(block for block in article.body if isinstance(block, ListBlock)).items
    assert [inline_text(item) for item in items] == ["first", "first, nested", "second"]
    quote = next(block for block in article.body if isinstance(block, Quote))
    assert quote.attribution == "" and inline_text(quote.content) == "One line only."
    guesses = "\n".join(reading.guesses)
    assert "marked decorative" in guesses and "not an https URL" in guesses and "flattened" in guesses
    assert "id: the file name (story)" in guesses


def test_no_front_matter_and_shorthands(tmp_path: Path):
    reading = read_md(
        tmp_path,
        """---
publisher: Example Desk
authors: [Jane Doe, John Roe]
published: 2026-05-04
dateline: {place: AKTAU, text: May 4}
---
# Shorthands

AKTAU, May 4 -- The words after the dateline stay.
""",
    )
    article = reading.article
    assert article.language == "und"
    assert article.publisher.name == "Example Desk"
    assert [person.name for person in article.authors] == ["Jane Doe", "John Roe"]
    assert article.published == dt.datetime(2026, 5, 4, tzinfo=dt.UTC)
    assert (article.dateline.place, article.dateline.text) == ("AKTAU", "May 4")
    assert (
        inline_text(article.body[0].content)
        == "AKTAU, May 4 -- The words after the dateline stay."[len("AKTAU, May 4 -- ") :]
    )
    guesses = "\n".join(reading.guesses)
    assert "language: the front matter does not say" in guesses
    assert "published: a date without a time" in guesses


def test_front_matter_errors_name_the_field(tmp_path: Path):
    with pytest.raises(InputError) as error:
        read_md(tmp_path, "---\nlanguage: en\nheadline: H\npublished: 2026-05-04 09:30:00\n---\nText.\n")
    assert "$.published" in str(error.value)

"""The scraped-text reader, checked against the seed page itself and against a page of the same shape."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from conftest import ARTICLES, SAMPLES

from exporters.body import Figure, Heading, Paragraph, RelatedLink, block_text, inline_text
from exporters.errors import InputError
from exporters.model import Credit, article_to_data, encode_article
from exporters.readers import read_article
from exporters.readers.scraped import read_scraped

SEED = ARTICLES / "000_1c0508d7c4252433.txt"
SEED_SHA256 = "bdf0d5951502ec259cb06bf0bbe4f60d689bc7b5e1e5f16fde0a11ab5567c022"
CAPTION = "U.S. President Donald Trump (right) and his Kazakh counterpart Nursultan Nazarbaev (file photo0"


@pytest.fixture(scope="module")
def reading():
    return read_article(SEED)


@pytest.fixture(scope="module")
def page_lines() -> list[str]:
    """The seed page's non-blank lines, read straight from the file."""
    return [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]


def all_text(article) -> str:
    """Every string the article holds, as canonical JSON text."""
    return encode_article(article).decode("utf-8")


def test_seed_is_byte_identical_to_the_page_as_given():
    assert hashlib.sha256(SEED.read_bytes()).hexdigest() == SEED_SHA256


def test_headline(reading):
    assert reading.article.headline == "Nazarbaev Thanks Trump For Backing Kazakh Independence"
    assert reading.guesses[0] == "headline: line 5, the line above the photo caption printed twice (line 8)"
    assert reading.guesses[1] == "body: page chrome above the headline dropped: 'Accessibility links', 'Breaking News'"


def test_caption_once_as_the_lead_image(reading, page_lines):
    assert page_lines.count(CAPTION) == 2
    image = reading.article.lead_image
    assert image is not None
    assert (image.src, image.caption, image.alt, image.credit) == ("", CAPTION, CAPTION, "")
    assert all_text(reading.article).count(CAPTION) == 2  # once as caption, once as alt text
    assert not any(CAPTION in text for block in reading.article.body for text in block_text(block))
    assert "lead_image.alt: taken from the caption" in reading.guesses


def test_dateline(reading, page_lines):
    dateline = reading.article.dateline
    assert dateline is not None and dateline.place == "WASHINGTON" and dateline.text == ""
    first = next(block for block in reading.article.body if isinstance(block, Paragraph))
    assert f"{dateline.place} -- {inline_text(first.content)}" in page_lines


def test_subheads_are_headings(reading):
    headings = [block for block in reading.article.body if isinstance(block, Heading)]
    assert [(inline_text(block.content), block.level) for block in headings] == [
        ("'Strategic Partner'", 2),
        ("Russia, Syria Talks", 2),
    ]


def test_also_read_is_a_related_link(reading):
    related = [block for block in reading.article.body if isinstance(block, RelatedLink)]
    assert related == [
        RelatedLink(title="Why EU Is Likely To Pick Newbie To Succeed Ashton", url="", label="ALSO READ")
    ]
    paragraphs = [inline_text(block.content) for block in reading.article.body if isinstance(block, Paragraph)]
    assert not any("ALSO READ" in text or "Succeed Ashton" in text for text in paragraphs)


def test_reporting_line_is_five_agency_credits(reading):
    assert reading.article.credits == tuple(
        Credit(name=name, role="reporting", kind="agency") for name in ("Reuters", "AFP", "TASS", "AP", "Interfax")
    )
    assert "With reporting by" not in all_text(reading.article)


def test_page_chrome_is_gone(reading):
    text = all_text(reading.article)
    assert "Accessibility links" not in text
    assert "Breaking News" not in text


def test_legal_footer_is_a_notice_not_body(reading, page_lines):
    footer = page_lines[page_lines.index("With reporting by Reuters, AFP, TASS, AP, and Interfax") + 1 :]
    assert [notice.text for notice in reading.article.notices] == footer
    assert {notice.kind for notice in reading.article.notices} == {"legal"}
    body = " ".join(text for block in reading.article.body for text in block_text(block))
    assert "undesirable organization" not in body
    assert "click here" not in body


def test_every_body_paragraph_in_order_word_for_word(reading, page_lines):
    """Rebuild the story lines from the model and compare them with the page's lines."""
    start = page_lines.index(CAPTION) + 2
    end = page_lines.index("With reporting by Reuters, AFP, TASS, AP, and Interfax")
    rebuilt = []
    for block in reading.article.body:
        if isinstance(block, (Paragraph, Heading)):
            rebuilt.append(inline_text(block.content))
        elif isinstance(block, RelatedLink):
            rebuilt.append(f"{block.label}: {block.title}")
        else:
            pytest.fail(f"unexpected block in the seed: {block!r}")
    rebuilt[0] = f"{reading.article.dateline.place} -- {rebuilt[0]}"
    assert rebuilt == page_lines[start:end]
    paragraphs = [block for block in reading.article.body if isinstance(block, Paragraph)]
    assert len(paragraphs) == len(page_lines[start:end]) - 3


def test_sidecar_facts_and_nothing_else(reading):
    article = reading.article
    assert article.language == "en"
    assert article.publisher is not None and article.publisher.name == "RFE/RL" and article.publisher.url == ""
    assert article.published == dt.datetime(2018, 1, 16, tzinfo=dt.UTC)
    assert article.url == "" and article.authors == () and article.rights is None and article.updated is None
    assert article.id == "000_1c0508d7c4252433"
    assert any(guess.startswith("published: a date without a time") for guess in reading.guesses)


def test_canonical_json_of_the_seed_is_current(reading):
    assert (SAMPLES / "canonical" / "000_1c0508d7c4252433.json").read_bytes() == encode_article(reading.article)


def test_without_sidecar_nothing_is_invented():
    reading = read_scraped(SEED.read_bytes(), SEED, {})
    article = reading.article
    assert article.language == "und"
    assert article.publisher is None and article.published is None and article.url == ""
    assert any(guess.startswith("language: not stated") for guess in reading.guesses)
    assert any(guess.startswith("id: the file name") for guess in reading.guesses)


def test_meta_wins_and_silences_the_guess():
    reading = read_scraped(SEED.read_bytes(), SEED, {"id": "rferl-2018-nazarbaev-trump", "language": "en"})
    assert reading.article.id == "rferl-2018-nazarbaev-trump"
    assert not any(guess.startswith(("id:", "language:")) for guess in reading.guesses)


OTHER_PAGE = """Skip to main content

Menu

Snow Closes Almaty Airport for a Second Day

Passengers wait in the departure hall on March 3. Photo: Dana Serik
Passengers wait in the departure hall on March 3. Photo: Dana Serik

ALMATY, March 3 -- Heavy snow kept Almaty's airport closed for a second day on Tuesday.

Airport officials said the runway would reopen once the wind drops

Crews Work Overnight

Snowploughs cleared the main road to the terminal by midnight.

Trucks carrying de-icing fluid arrived from Shymkent.
Trucks carrying de-icing fluid arrived from Shymkent.

Read more: Why Almaty's Winters Are Getting Wetter

With additional reporting by Saule Demo and Reuters

Advertisement

© 2026 Example Steppe Herald. All rights reserved.

Share
"""


@pytest.fixture
def other(tmp_path: Path):
    path = tmp_path / "snow.txt"
    path.write_text(OTHER_PAGE, encoding="utf-8")
    return read_article(path, {"language": "en"})


def test_same_shape_other_page(other):
    article = other.article
    assert article.headline == "Snow Closes Almaty Airport for a Second Day"
    assert article.lead_image.caption == "Passengers wait in the departure hall on March 3."
    assert article.lead_image.credit == "Photo: Dana Serik"
    assert (article.dateline.place, article.dateline.text) == ("ALMATY", "March 3")
    texts = [(type(block).__name__, block_text(block)) for block in article.body]
    assert texts == [
        ("Paragraph", ["Heavy snow kept Almaty's airport closed for a second day on Tuesday."]),
        ("Paragraph", ["Airport officials said the runway would reopen once the wind drops"]),
        ("Heading", ["Crews Work Overnight"]),
        ("Paragraph", ["Snowploughs cleared the main road to the terminal by midnight."]),
        ("Figure", ["Trucks carrying de-icing fluid arrived from Shymkent."]),
        ("RelatedLink", ["Why Almaty's Winters Are Getting Wetter"]),
    ]
    figure = article.body[4]
    assert isinstance(figure, Figure) and figure.image.src == "" and figure.image.alt == figure.image.caption
    assert article.credits == (
        Credit(name="Saule Demo", role="additional reporting", kind="person"),
        Credit(name="Reuters", role="additional reporting", kind="agency"),
    )
    assert [notice.text for notice in article.notices] == ["© 2026 Example Steppe Herald. All rights reserved."]
    data = str(article_to_data(article))
    for chrome in ("Skip to main content", "Menu", "Advertisement", "Share"):
        assert f"'{chrome}'" not in data


def test_long_line_without_punctuation_is_a_paragraph(other):
    """More than eight words: not a subhead, even without a final full stop."""
    assert isinstance(other.article.body[1], Paragraph)


def test_only_chrome_is_an_input_error(tmp_path: Path):
    path = tmp_path / "chrome.txt"
    path.write_text("Accessibility links\n\nBreaking News\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_article(path)
    assert str(error.value).startswith(f"{path}: line 1: no headline")


def test_paragraph_starting_with_lowercase_capitals_is_not_a_dateline(tmp_path: Path):
    path = tmp_path / "story.txt"
    path.write_text("Headline Here\n\nThe vote -- the third this year -- passed.\n", encoding="utf-8")
    article = read_article(path).article
    assert article.dateline is None
    assert inline_text(article.body[0].content) == "The vote -- the third this year -- passed."


def _read_page(tmp_path: Path, *lines: str):
    path = tmp_path / "page.txt"
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return read_article(path, {"language": "en"})


def test_without_a_caption_the_dateline_places_the_headline(tmp_path):
    reading = _read_page(tmp_path, "Vessu lirandi ombra", "Kelto pravinu", "Ferries Return to Aralsk",
                         "ARALSK -- A ferry docked on Monday.", "It will run twice a week.")
    assert reading.article.headline == "Ferries Return to Aralsk"
    assert reading.article.dateline.place == "ARALSK"
    assert "headline: line 5, the line above the dateline paragraph (line 7)" in reading.guesses
    assert "Vessu" not in all_text(reading.article) and "Kelto" not in all_text(reading.article)


def test_with_neither_anchor_the_guess_says_so(tmp_path):
    reading = _read_page(tmp_path, "Accessibility links", "Ferries Return to Aralsk", "A ferry docked on Monday.")
    assert reading.article.headline == "Ferries Return to Aralsk"
    assert reading.guesses[0] == ("headline: line 3, the first line that is not known page chrome "
                                  "(no photo caption or dateline near the top to place it by)")


def test_a_sentence_under_a_headline_is_its_dek(tmp_path):
    caption = "The ferry at the new pier."
    reading = _read_page(tmp_path, "Kelto pravinu", "Ferries Return to Aralsk",
                         "For the first time in fifty years, a passenger ferry reached the old port.",
                         caption, caption, "ARALSK -- A ferry docked on Monday.")
    article = reading.article
    assert article.headline == "Ferries Return to Aralsk"
    assert article.subheadline == "For the first time in fifty years, a passenger ferry reached the old port."
    assert article.lead_image.caption == caption
    assert any(guess.startswith("subheadline: line 5 ends with a full stop") for guess in reading.guesses)
    assert any("page chrome above the headline dropped: 'Kelto pravinu'" in guess for guess in reading.guesses)


def test_a_short_headline_ending_in_an_abbreviation_is_no_dek(tmp_path):
    caption = "The two leaders in Washington."
    reading = _read_page(tmp_path, "Kelto pravinu", "Nazarbaev Visits the U.S.", caption, caption,
                         "WASHINGTON -- The visit began on Monday.")
    assert (reading.article.headline, reading.article.subheadline) == ("Nazarbaev Visits the U.S.", "")


def test_a_page_that_opens_with_its_caption_says_what_it_took_as_headline(tmp_path):
    caption = "The ferry at the new pier."
    reading = _read_page(tmp_path, caption, caption, "ARALSK -- A ferry docked on Monday.", "It runs weekly.")
    assert reading.article.headline == caption
    assert reading.guesses[0].startswith("headline: line 1, the first line that is not known page chrome")
    assert [block_text(block)[0] for block in reading.article.body] == [
        caption, "ARALSK -- A ferry docked on Monday.", "It runs weekly."]


def test_a_credit_line_far_from_the_end_does_not_make_the_story_a_footer(tmp_path):
    story = [f"Paragraph {number} of the story goes on here." for number in range(1, 16)]
    reading = _read_page(tmp_path, "Ferries Return to Aralsk", "ARALSK -- A ferry docked on Monday.",
                         "With reporting by Reuters", *story)
    article = reading.article
    assert [credit.name for credit in article.credits] == ["Reuters"]
    assert article.notices == ()
    assert [block_text(block)[0] for block in article.body][-15:] == story


def test_a_page_of_short_lines_loses_at_most_a_footer_of_them(tmp_path):
    """Short closing lines are chrome, but never more than a footer's worth: the rest stays story."""
    lines = [f"Point number {number}" for number in range(1, 41)]
    reading = _read_page(tmp_path, "Ferries Return to Aralsk", "ARALSK -- A ferry docked on Monday.", *lines)
    kept = [text for block in reading.article.body for text in block_text(block)]
    assert kept[1:] == lines[:30]
    assert any(guess.startswith("body: page chrome closing the page dropped: 'Point number 31'")
               for guess in reading.guesses)

"""The samples: broken inputs fail with one line naming the file and the place; written articles are complete."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from conftest import ARTICLES, BROKEN, sample_articles

from exporters.body import Heading, ListBlock, Paragraph, Quote, block_text, inline_text
from exporters.errors import InputError
from exporters.readers import is_article_file, read_article


def expected_errors() -> list[tuple[str, str]]:
    rows = (BROKEN / "expected-errors.tsv").read_text(encoding="utf-8").splitlines()
    return [tuple(row.split("\t", 1)) for row in rows if row.strip() and not row.startswith("#")]


@pytest.mark.parametrize(("name", "substring"), expected_errors(), ids=lambda value: value if "." in value else "")
def test_broken_input_fails_with_one_line(name: str, substring: str):
    path = BROKEN / name
    with pytest.raises(InputError) as error:
        read_article(path)
    message = str(error.value)
    assert message.startswith(f"{path}: "), "the line names the file first"
    assert substring in message
    assert "\n" not in message and "Traceback" not in message


def test_every_broken_file_is_listed_once():
    listed = [name for name, _ in expected_errors()]
    assert len(listed) == len(set(listed))
    present = sorted(path.name for path in BROKEN.iterdir() if path.is_file() and path.name != "expected-errors.tsv")
    assert sorted(listed) == present
    assert all(is_article_file(BROKEN / name) for name in listed)


def test_broken_kinds_required_are_present():
    names = {name for name, _ in expected_errors()}
    assert (BROKEN / "empty.json").stat().st_size == 0
    with pytest.raises(UnicodeDecodeError):
        (BROKEN / "invalid-utf8.txt").read_bytes().decode("utf-8")
    assert b"\x00" in (BROKEN / "binary.json").read_bytes()
    for required in (
        "wrong-types.json",
        "no-headline.json",
        "unknown-key.json",
        "no-article.html",
        "broken-front-matter.md",
        "truncated.json",
        "naive-datetime.json",
        "bad-language.json",
    ):
        assert required in names


def test_seed_sidecar_holds_only_what_the_issue_allows():
    sidecar = yaml.safe_load((ARTICLES / "000_1c0508d7c4252433.meta.yaml").read_text(encoding="utf-8"))
    assert set(sidecar) == {"publisher", "published", "language"}
    assert sidecar["publisher"] == "RFE/RL" and sidecar["language"] == "en"
    assert str(sidecar["published"]) == "2018-01-16"


WRITTEN = {
    "kk-mangystau-wind-station.json": "kk",
    "ru-pavlodar-winter-garden.json": "ru",
    "fa-gilan-mobile-library.json": "fa",
}


@pytest.mark.parametrize(("name", "language"), WRITTEN.items())
def test_written_articles_are_complete(name: str, language: str):
    article = read_article(ARTICLES / name).article
    assert article.language == language
    assert [person for person in article.authors if person.role == "reporter"]
    assert article.credits and article.publisher and article.rights and article.rights.notice
    assert article.published and article.updated and article.updated > article.published
    assert article.dateline and article.dateline.place
    assert article.keywords and article.section and article.notices
    kinds = {type(block) for block in article.body}
    assert {Paragraph, Heading, Quote, ListBlock} <= kinds
    assert all(block.attribution for block in article.body if isinstance(block, Quote))


def body_text(article) -> str:
    return "\n".join(text for block in article.body for text in block_text(block))


def test_kazakh_uses_the_kazakh_letters():
    article = read_article(ARTICLES / "kk-mangystau-wind-station.json").article
    text = " ".join([article.headline, body_text(article)])
    assert set("әғқңөұүһі") <= set(text.lower())
    assert article.text_direction == "ltr"


def test_russian_is_cyrillic():
    article = read_article(ARTICLES / "ru-pavlodar-winter-garden.json").article
    letters = [char for char in body_text(article) if char.isalpha()]
    assert sum("CYRILLIC" in unicodedata.name(char) for char in letters) / len(letters) > 0.99


def test_persian_is_right_to_left_with_digits_and_a_latin_name_once():
    article = read_article(ARTICLES / "fa-gilan-mobile-library.json").article
    assert article.text_direction == "rtl"
    texts = [text for block in article.body for text in block_text(block)]
    with_digits = [text for text in texts if re.search("[۰-۹]", text)]
    assert with_digits == ["به گفته برگزارکنندگان، در سه ماه نخست ۱۲۴۰ کتاب به امانت داده شده است."]
    sentences = [sentence for text in texts for sentence in re.split(r"(?<=[.!؟])\s+", text)]
    assert [sentence for sentence in sentences if re.search("[A-Za-z]", sentence)] == [
        next(sentence for sentence in sentences if "OpenStreetMap" in sentence)
    ]
    letters = [char for char in " ".join(texts) if char.isalpha() and not char.isascii()]
    assert all("ARABIC" in unicodedata.name(char) for char in letters)
    assert {credit.kind for credit in article.credits} == {"agency"}
    quote = next(block for block in article.body if isinstance(block, Quote))
    assert inline_text(quote.content) and quote.attribution


@pytest.mark.parametrize("path", sample_articles(), ids=lambda path: path.name)
def test_every_sample_reads_with_images_present(path: Path):
    article = read_article(path).article
    for image in article.images():
        if image.src:
            assert (path.parent / image.src).is_file(), image.src
        assert image.alt or image.decorative


def test_samples_of_every_input_kind():
    suffixes = {path.suffix for path in sample_articles()}
    assert {".json", ".txt", ".html", ".md"} <= suffixes

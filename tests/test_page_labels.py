"""Every entry of the scraped-page labels file does what the file says, and a newsroom can add its own.

Each entry is tried in a small page of the seed's layout, read by the scraped-page
reader; the file is read here with ``tomllib`` on its own, so an entry the reader
skipped would fail its test.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT

from exporters.model import encode_article
from exporters.page_labels import LABELS_FILE, load_labels, page_labels
from exporters.readers.scraped import read_scraped

DATA = tomllib.loads(LABELS_FILE.read_text(encoding="utf-8"))


def entries(kind: str) -> list:
    return [pytest.param(language, value, id=f"{language}-{index}")
            for language, section in DATA.items() for index, value in enumerate(section.get(kind, []))]


def page(*lines: str) -> str:
    return "\n\n".join(lines) + "\n"


def read(text: str, tmp_path: Path):
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    return read_scraped(path.read_bytes(), path, {"language": "en"})


CAPTION = "Cranes at the new terminal on Monday."
LEAD = ("Harbour Cranes Arrive in Kuryk", CAPTION, CAPTION, "KURYK -- The first cranes arrived on Monday.")


def test_every_language_has_a_name_and_every_kind():
    for language, section in DATA.items():
        assert section["name"] and page_labels().language_name(language) == section["name"]
        assert {"chrome", "teaser", "photo", "legal", "and", "credit"} <= set(section), language


@pytest.mark.parametrize("language, label", entries("chrome"))
def test_chrome_label_is_dropped_anywhere(language, label, tmp_path):
    reading = read(page(label, *LEAD, label, "A second paragraph follows.", "Its last paragraph.", label), tmp_path)
    assert reading.article.headline == LEAD[0]
    assert label not in encode_article(reading.article).decode("utf-8")
    assert any(repr(label) in guess for guess in reading.guesses)


@pytest.mark.parametrize("language, label", entries("teaser"))
def test_teaser_label_makes_a_related_link(language, label, tmp_path):
    reading = read(page(*LEAD, f"{label}: Ferries Leave On Time Again", "The story goes on."), tmp_path)
    related = [block for block in reading.article.body if type(block).__name__ == "RelatedLink"]
    assert [(block.label, block.title, block.url) for block in related] == [(label, "Ferries Leave On Time Again", "")]


@pytest.mark.parametrize("language, label", entries("photo"))
def test_photo_label_ends_a_caption_as_its_credit(language, label, tmp_path):
    caption = f"{CAPTION} {label}: Dana Demo"
    reading = read(page("Harbour Cranes Arrive in Kuryk", caption, caption, "The first cranes arrived."), tmp_path)
    image = reading.article.lead_image
    assert (image.caption, image.credit) == (CAPTION, f"{label}: Dana Demo")


@pytest.mark.parametrize("language, word", entries("legal"))
def test_legal_word_makes_the_closing_lines_a_notice(language, word, tmp_path):
    notice = f"Notice {word} here"  # no full stop: only the word can make it a notice
    reading = read(page(*LEAD, "The story goes on.", notice), tmp_path)
    assert [(item.text, item.kind) for item in reading.article.notices] == [(notice, "legal")]
    assert notice not in encode_article(reading.article).decode("utf-8").split('"notices"')[0]


@pytest.mark.parametrize("language, word", entries("and"))
def test_and_joins_the_last_two_names(language, word, tmp_path):
    reading = read(page(*LEAD, f"With reporting by Reuters, AFP {word} Interfax"), tmp_path)
    assert [credit.name for credit in reading.article.credits] == ["Reuters", "AFP", "Interfax"]


@pytest.mark.parametrize("language, entry", entries("credit"))
def test_credit_label_makes_credits_with_its_role(language, entry, tmp_path):
    line = f"{entry['before']} Reuters, AFP" if "before" in entry else f"Reuters, AFP {entry['after']}"
    reading = read(page(*LEAD, "The story goes on.", line, "RFE/RL has been declared an undesirable organization."),
                   tmp_path)
    assert [(credit.name, credit.role) for credit in reading.article.credits] == [
        ("Reuters", entry["role"]), ("AFP", entry["role"])]
    assert [notice.text for notice in reading.article.notices] == [
        "RFE/RL has been declared an undesirable organization."]


def test_a_sentence_that_starts_like_a_credit_line_stays_a_paragraph(tmp_path):
    sentence = "По материалам следствия, обвиняемый скрывался в горах три недели"
    reading = read(page(*LEAD, sentence, "The story goes on."), tmp_path)
    assert reading.article.credits == ()


def test_a_newsroom_file_adds_labels_without_code(tmp_path):
    """EXPORTERS_SCRAPED_LABELS names a file of the same layout, read after the shipped one."""
    house = tmp_path / "house-labels.toml"
    house.write_text('[xx]\nname = "Vornish"\nteaser = ["Lesk ombra"]\n'
                     'credit = [{ before = "Ven raportis", role = "reporting" }]\nand = ["ot"]\n', encoding="utf-8")
    story = tmp_path / "story.txt"
    story.write_text(page(*LEAD, "Lesk ombra: Ferries Leave On Time Again", "The story goes on.",
                          "Ven raportis Reuters ot AFP"), encoding="utf-8")
    env = {**os.environ, "EXPORTERS_SCRAPED_LABELS": str(house)}
    done = subprocess.run([sys.executable, "-m", "exporters", "import", str(story), "--meta", "language=en"],
                          cwd=ROOT, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert '"label": "Lesk ombra"' in done.stdout
    assert '"name": "Reuters"' in done.stdout and '"name": "AFP"' in done.stdout


def test_a_broken_newsroom_file_is_one_line(tmp_path):
    house = tmp_path / "house-labels.toml"
    house.write_text('[xx]\nteaser = "not a list"\n', encoding="utf-8")
    story = tmp_path / "story.txt"
    story.write_text(page(*LEAD), encoding="utf-8")
    env = {**os.environ, "EXPORTERS_SCRAPED_LABELS": str(house)}
    done = subprocess.run([sys.executable, "-m", "exporters", "import", str(story)],
                          cwd=ROOT, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip() == f"exporters: {house}: [xx].teaser: expected a list of non-empty strings"


@pytest.mark.parametrize("text, where", [
    ('[xx]\nlabels = ["a"]', "[xx]"),
    ('[xx]\ncredit = [{ role = "reporting" }]', "[xx].credit[0]"),
    ('[xx]\ncredit = [{ before = "A", after = "B", role = "reporting" }]', "[xx].credit[0]"),
])
def test_entries_of_the_wrong_shape_are_named(text, where):
    from exporters.errors import InputError

    with pytest.raises(InputError) as error:
        load_labels(("house.toml", text))
    assert error.value.where == where

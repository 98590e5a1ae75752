"""Canonical JSON and YAML: JSON -> model -> JSON is the identity, and every reader's result survives it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import ARTICLES, SAMPLES, sample_articles

from exporters.errors import InputError
from exporters.model import article_to_data, decode_article, encode_article
from exporters.readers import read_article

JSON_SAMPLES = sorted(ARTICLES.rglob("*.json")) + sorted((SAMPLES / "canonical").rglob("*.json"))


@pytest.mark.parametrize("path", JSON_SAMPLES, ids=lambda path: path.name)
def test_json_sample_round_trip_is_the_identity(path: Path):
    data = path.read_bytes()
    assert encode_article(decode_article(data)) == data


@pytest.mark.parametrize("path", sample_articles(), ids=lambda path: path.name)
def test_every_reader_result_survives_canonical_json(path: Path):
    article = read_article(path).article
    encoded = encode_article(article)
    assert decode_article(encoded) == article
    assert encode_article(decode_article(encoded)) == encoded


@pytest.mark.parametrize("path", sorted(ARTICLES.glob("*.json")), ids=lambda path: path.name)
def test_yaml_reads_the_same_article(tmp_path: Path, path: Path):
    article = decode_article(path.read_bytes())
    copy = tmp_path / f"{path.stem}.yaml"
    copy.write_text(yaml.safe_dump(article_to_data(article), allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert read_article(copy).article == article


def test_json_with_sidecar_merges_and_expands(tmp_path: Path):
    source = ARTICLES / "ru-pavlodar-winter-garden.json"
    copy = tmp_path / "story.json"
    copy.write_bytes(source.read_bytes())
    (tmp_path / "story.meta.yaml").write_text("publisher: Example Desk\nupdated: 2026-02-10\n", encoding="utf-8")
    reading = read_article(copy)
    assert reading.article.publisher.name == "Example Desk"
    assert reading.article.updated.isoformat() == "2026-02-10T00:00:00+00:00"
    assert any(guess.startswith("updated: a date without a time") for guess in reading.guesses)
    command_line = read_article(copy, {"publisher": "From The Command Line"})
    assert command_line.article.publisher.name == "From The Command Line", "--meta wins over the sidecar"


def test_json_error_with_meta_names_line_and_column(tmp_path: Path):
    path = tmp_path / "bad.json"
    path.write_text('{\n  "id": "x",\n  "language": "en",,\n}\n', encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_article(path, {"language": "en"})
    assert str(error.value).startswith(f"{path}: line 3, column ")

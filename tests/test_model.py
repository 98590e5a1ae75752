"""The canonical model: strict, frozen, total, and a faithful JSON round trip."""

import json

import msgspec
import pytest

from exporters.body import BLOCK_TYPES
from exporters.model import Bundle, ModelError, decode_article, direction_of, encode_article, json_schema
from exporters.testing import fullest_article

MINIMAL = {"id": "a1", "language": "en", "headline": "Hello"}


def decode(**fields):
    return decode_article(json.dumps({**MINIMAL, **fields}))


def test_errors_name_the_path():
    with pytest.raises(ModelError, match=r"^\$\.authors\[0\]\.name: expected `str`, got `int`"):
        decode(authors=[{"name": 3}])
    with pytest.raises(ModelError, match=r"missing required field `headline`"):
        decode_article(json.dumps({"id": "a1", "language": "en"}))


def test_unknown_keys_are_refused_everywhere():
    with pytest.raises(ModelError, match="unknown field `colour`"):
        decode(colour="red")
    with pytest.raises(ModelError, match=r"\$\.body\[0\]: object contains unknown field `style`"):
        decode(body=[{"type": "paragraph", "content": ["x"], "style": "bold"}])


def test_dates_need_a_time_zone():
    with pytest.raises(ModelError, match=r"\$\.published: expected `datetime` with a timezone"):
        decode(published="2018-01-16T10:00:00")
    assert decode(published="2018-01-16T10:00:00-05:00").published.utcoffset().total_seconds() == -5 * 3600


def test_language_tags_are_checked():
    with pytest.raises(ModelError, match=r"\$\.language"):
        decode(language="english please")
    assert decode(language="kk-Cyrl-KZ").language == "kk-Cyrl-KZ"


@pytest.mark.parametrize("tag, direction", [("fa", "rtl"), ("fa-IR", "rtl"), ("ar", "rtl"), ("he", "rtl"),
                                            ("az-Arab", "rtl"), ("kk", "ltr"), ("ru", "ltr"), ("en-GB", "ltr")])
def test_direction_follows_language(tag, direction):
    assert direction_of(tag) == direction
    assert decode(language=tag).text_direction == direction


def test_direction_can_be_overridden():
    assert decode(language="fa", direction="ltr").text_direction == "ltr"


def test_model_is_frozen():
    article = decode()
    with pytest.raises(AttributeError):
        article.headline = "Changed"


def test_fullest_article_uses_every_block_type_and_round_trips():
    article = fullest_article()
    assert {type(block) for block in article.body} == set(BLOCK_TYPES.values())
    assert decode_article(encode_article(article)) == article


def test_bundle_of_one_is_single():
    bundle = Bundle.of(decode())
    assert bundle.is_single and bundle.lead.headline == "Hello" and bundle.display_title == "Hello"
    assert not Bundle.of(decode(), title="Edition").is_single


def test_schema_describes_every_block_type():
    schema = json.dumps(json_schema())
    for tag in BLOCK_TYPES:
        assert f'"{tag}"' in schema
    assert msgspec.json.decode(schema)["title"].startswith("newsroom-exporters")

"""The shared schema.org JSON-LD builder, read back with a JSON parser and compared with the model."""

from __future__ import annotations

import json

import pytest
from conftest import ARTICLES

from exporters import api
from exporters.attribution import credit_names, writer_names
from exporters.formats.jsonld_data import document, item_list, news_article, script_json
from exporters.testing import edition_bundle, fullest_bundle


def test_fullest_article_carries_what_search_engines_ask_for():
    bundle = fullest_bundle()
    article = bundle.lead
    data = json.loads(script_json(document(bundle)))
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == article.headline
    assert data["url"] == data["mainEntityOfPage"] == data["@id"] == article.url
    assert data["datePublished"] == "2024-05-06T07:08:00+06:00"
    assert data["dateModified"] == "2024-05-06T09:10:00+06:00"
    assert [author["name"] for author in data["author"]] == writer_names(article)
    assert [person["name"] for person in data["contributor"]] == credit_names(article)
    assert data["publisher"] == {"@type": "Organization", "name": "Contract Publisher", "url": "https://example.org/"}
    assert [image["url"] for image in data["image"]] == ["https://example.org/lead.png", "https://example.org/chart.png"]
    assert data["image"][0]["creditText"] == "Photo: Lead Photographer/Agency"
    assert (data["image"][0]["width"], data["image"][0]["height"]) == (40, 30)
    assert data["copyrightNotice"] == "© 2024 Contract Publisher"
    assert data["locationCreated"] == {"@type": "Place", "name": "ALMATY"}
    assert data["inLanguage"] == "en"


def test_an_edition_is_an_item_list_in_reading_order():
    bundle = edition_bundle()
    data = document(bundle)
    assert data["@type"] == "ItemList" and data["name"] == "Contract Edition" and data["numberOfItems"] == 3
    items = data["itemListElement"]
    assert [item["position"] for item in items] == [1, 2, 3]
    assert [item["item"]["headline"] for item in items] == [article.headline for article in bundle.articles]
    assert [item["item"]["inLanguage"] for item in items] == ["en", "kk", "fa"]
    assert all("@context" not in item["item"] for item in items)
    assert item_list(bundle) == data


def test_the_publisher_signs_when_nobody_does():
    bundle = api.read_bundle([ARTICLES / "000_1c0508d7c4252433.txt"])
    data = news_article(bundle.lead, bundle)
    assert data["author"] == [{"@type": "Organization", "name": bundle.lead.publisher.name,
                               **({"url": bundle.lead.publisher.url} if bundle.lead.publisher.url else {})}]
    assert "image" not in data or all("url" not in image for image in data["image"])  # no URL to fetch it from


@pytest.mark.parametrize("text", ["</script><script>alert(1)</script>", "<!-- x", "a & b ]]>", "\u2028\u2029"])
def test_script_json_cannot_close_the_element_and_reads_back_the_same(text):
    written = script_json({"headline": text})
    assert "<" not in written and ">" not in written and "&" not in written
    assert json.loads(written) == {"headline": text}

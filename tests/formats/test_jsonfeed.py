"""JSON Feed 1.1: the specification's rules, the feed rules RSS and Atom follow, read back complete."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ARTICLES, ROOT

from exporters import api
from exporters.checks import compare
from exporters.formats.jsonfeed import JsonFeedExporter
from exporters.testing import edition_bundle, fullest_bundle
from syndication_checks import jsonfeed_problems

SITE = "https://news.example.org/"


def render(bundle, **options) -> bytes:
    return api.render(bundle, "jsonfeed", options).data


def test_the_samples_as_one_feed():
    bundle = api.read_bundle([ARTICLES], site_url=SITE)
    data = render(bundle)
    document = json.loads(data)
    assert jsonfeed_problems(document) == []
    assert compare(bundle, JsonFeedExporter().inspect(data)) == []
    published = [item.get("date_published", "") for item in document["items"]]
    assert published[:-1] == sorted(published[:-1], reverse=True)  # newest first (the undated seed page last)
    assert data == render(bundle)


def test_an_item_carries_what_the_issue_asks():
    bundle = api.read_bundle([ARTICLES / "port-of-aktau.json"])
    [item] = json.loads(render(bundle))["items"]
    assert item["id"].startswith("urn:uuid:") and item["url"] == "https://news.example.org/2026/03/aktau-port-grain"
    assert item["authors"] == [{"name": "Marat Example", "url": "https://news.example.org/authors/marat-example"}]
    assert item["language"] == "en" and item["summary"].startswith("Grain shipments")
    assert item["date_published"] == "2026-03-02T09:30:00+05:00" and item["date_modified"] == "2026-03-02T14:05:00+05:00"
    assert "<p class=\"byline\">" in item["content_html"] and "With reporting by Reuters" in item["content_text"]
    assert item["image"] == "https://news.example.org/2026/03/images/harbour-cranes.png"
    assert [(attachment["mime_type"], attachment["size_in_bytes"] > 0) for attachment in item["attachments"]] == [
        ("image/png", True), ("image/png", True)]
    assert item["_newsroom"]["contributors"][:2] == ["Reuters", "AFP"]
    assert "Business" in item["tags"] and "grain" in item["tags"]


@pytest.mark.parametrize("make", [fullest_bundle, edition_bundle], ids=["fullest", "edition"])
def test_contract_bundles(make):
    bundle = make()
    data = render(bundle)
    assert jsonfeed_problems(json.loads(data)) == []
    assert compare(bundle, JsonFeedExporter().inspect(data)) == []


def test_the_checker_finds_broken_feeds():
    assert jsonfeed_problems({"version": "1", "items": [{"id": 3, "date_published": "yesterday"}]}) == [
        "version is not https://jsonfeed.org/version/1.1", "no title", "items[0]: id must be a non-empty string",
        "items[0]: neither content_html nor content_text", "items[0]: date_published 'yesterday' is not RFC 3339"]


def run(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "exporters", *map(str, args)], cwd=ROOT, capture_output=True, text=True)


def test_the_feed_command_writes_a_json_feed_with_limit_and_self_url(tmp_path: Path):
    target = tmp_path / "feed.json"
    result = run("feed", ARTICLES, "--format", "jsonfeed", "--site-url", SITE, "--limit", "2", "-o", target)
    assert result.returncode == 0, result.stderr
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["feed_url"] == "https://news.example.org/feed.json" and len(document["items"]) == 2
    assert [item["title"][:14] for item in document["items"]] == ["Caspian Ferry ", "Маңғыстауда жа"]
    again = tmp_path / "again.json"
    run("feed", ARTICLES, "--format", "jsonfeed", "--site-url", SITE, "--limit", "2", "-o", again)
    assert json.loads(again.read_text(encoding="utf-8"))["items"] == document["items"]  # never "now"


def test_the_commands_list_the_feed_formats_and_every_option():
    help_text = run("feed", "--help").stdout
    assert "{rss,atom,jsonfeed,news-sitemap}" in help_text and "--now RFC3339" in help_text
    listed = run("formats").stdout
    for line in ("-O ninjs.version=3.1", "-O rss.profile=full", "-O jsonfeed.self_url=", "jsonld ", "news-sitemap "):
        assert line in listed
    rows = {row["name"]: row for row in json.loads(run("formats", "--json").stdout)["formats"]}
    assert rows["ninjs"]["options"] == ["version=3.1"] and rows["news-sitemap"]["suffix"] == ".sitemap.xml"


def _fragments(bundle):
    from exporters.formats.html_body import article_html

    for article in bundle.articles:
        for body in (True, False):
            yield article_html(article, bundle, headline=False, body=body, image_src=lambda owner, image: image.src)


def test_content_text_is_the_text_lxml_reads_from_content_html():
    """``content_text`` is read from the item's own HTML without parsing it: for every sample, hostile
    sample and test bundle, and an article with a link inside a link (which the sanitiser reshapes),
    it is the text lxml reads."""
    from exporters.body import Link, Paragraph
    from exporters.formats.common import html_text
    from exporters.formats.html_body import fragment_text
    from exporters.model import Article, Bundle

    nested = Article(id="n", language="en", headline="N", body=(Paragraph(content=(
        Link(href="https://a.example/", content=("x ", Link(href="https://b.example/", content=("y &amp; <b>",)))),
        " tail\u00a0\u2028end")),))
    bundles = [api.read_bundle([path]) for path in sorted(ARTICLES.glob("*.json"))]
    bundles += [api.read_bundle([path]) for path in sorted((ROOT / "samples" / "hostile").glob("*.json"))]
    bundles += [fullest_bundle(), edition_bundle(), Bundle.of(nested)]
    fragments = [fragment for bundle in bundles for fragment in _fragments(bundle)]
    assert any("<a " in fragment and "&lt;b&gt;" in fragment for fragment in fragments)
    for fragment in fragments:
        assert fragment_text(fragment) == html_text(fragment)


def test_content_text_is_the_text_lxml_reads_from_any_article():
    """The same for any article the model can hold (few examples: the fixed cases are above)."""
    from hypothesis import HealthCheck, given, settings
    from strategies import bundles

    from exporters.formats.common import html_text
    from exporters.formats.html_body import fragment_text

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(bundles())
    def check(bundle):
        for fragment in _fragments(bundle):
            assert fragment_text(fragment) == html_text(fragment)

    check()

"""The HTML fragment of feeds, e-mail and the web page is written as nh3 would write it, so the
sanitiser, kept for input, is not run again on markup the toolkit wrote."""

from __future__ import annotations

import pytest

from conftest import ROOT, sample_articles
from exporters import api
from exporters.formats.html_body import Page, article_html, sanitize

HOSTILE = sorted(path for path in (ROOT / "samples" / "hostile").iterdir() if path.suffix in (".json", ".md", ".html", ".txt"))
SCRAPED = sorted((ROOT / "samples" / "scraped").glob("*.txt"))


@pytest.mark.parametrize("path", [*sample_articles(), *HOSTILE, *SCRAPED], ids=lambda path: path.name)
@pytest.mark.parametrize("kind", ["feed", "email", "page"])
def test_sanitising_the_fragment_changes_nothing(path, kind):
    bundle = api.read_bundle([path])
    schemes = frozenset({"cid"}) if kind == "email" else frozenset()
    for number, article in enumerate(bundle.articles, start=1):
        fragment = article_html(article, bundle, extra_schemes=schemes,
                                image_src=lambda owner, image: "cid:photo" if kind == "email" else "https://m.example.org/a.png",
                                page=Page(f"story-{number}", 2) if kind == "page" else None)
        assert sanitize(fragment, schemes) == fragment


def test_an_image_source_outside_the_schemes_is_shown_as_text():
    bundle = api.read_bundle([ROOT / "samples" / "articles" / "port-of-aktau.json"])
    fragment = article_html(bundle.lead, bundle, image_src=lambda owner, image: "javascript:alert(1)")
    assert "<img" not in fragment and "javascript" not in fragment and "image-unavailable" in fragment

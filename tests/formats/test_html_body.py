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


def test_xml_safe_takes_printable_text_as_it_is():
    """xml_safe returns printable text untouched without its pattern: no printable character of
    all Unicode is one XML forbids, so the shortcut drops nothing the pattern would have dropped."""
    from exporters.text import _XML_ILLEGAL, xml_safe

    printable = "".join(chr(code) for code in range(0x110000) if chr(code).isprintable())
    assert _XML_ILLEGAL.search(printable) is None
    assert xml_safe("Aqtau\x00 port\x1b\ufffe\n") == "Aqtau port\n"


@pytest.mark.parametrize("path", [*sample_articles(), *HOSTILE], ids=lambda path: path.name)
def test_the_text_of_a_fragment_is_what_lxml_html_reads(path):
    """html_text reads the fragment with lxml's plain elements: the same text as lxml.html's own
    fragment parser gives, for every format's fragment and for markup the toolkit did not write."""
    from lxml import html as lxml_html

    from exporters.formats.common import html_text, visible_text

    bundle = api.read_bundle([path])
    fragments = [article_html(article, bundle, image_src=lambda owner, image: "https://m.example.org/a.png")
                 for article in bundle.articles]
    fragments += ["lead text <p>one\n two</p>tail<!-- note --><br>x<p hidden>gone</p>", "<p>a\u2028b\x85c\u3000d</p>"]
    for fragment in fragments:
        assert html_text(fragment) == visible_text(lxml_html.fragment_fromstring(fragment, create_parent="div"))

"""Every registered exporter on arbitrary valid bundles (Hypothesis).

For each bundle the strategies in ``strategies.py`` build, every format must:

- render twice to identical bytes;
- be valid for its format (XML well formed, EPUB container rules, PDF opens with
  pikepdf, DOCX opens with python-docx, the e-mail parses without defects);
- read back complete: ``exporters.checks.compare(bundle, exporter.inspect(data)) == []``,
  plus an independent reader where it is cheap (title or subject);
- hold nothing active (no script, event handler, javascript: URL, frame, remote fetch).

Inputs that meet a bug already reported are left out of that one format with
``assume`` (see :data:`KNOWN_GAPS`); each such bug has a strict xfail in
test_hardening.py with the smallest failing input, so the day it is fixed the
xfail turns into a failure that asks for the gap to be removed here.

How many examples: ``HYPOTHESIS_PROFILE=ci`` (the default) runs 200 per exporter with
a fixed seed, so CI is reproducible; ``HYPOTHESIS_PROFILE=deep`` runs 2,000 with fresh
random data (``HYPOTHESIS_EXAMPLES=N`` for another count; ``bench/run.py --properties N``
sets both); ``HYPOTHESIS_PROFILE=dev`` runs 20.
The profiles are registered here rather than in conftest.py so that they apply to
this file only.
"""

from __future__ import annotations

import email
import email.policy
import io
import json
import os
import unicodedata
import zipfile
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, assume, find, given, settings
from hypothesis import strategies as st
from lxml import etree

from exporters import registry
from exporters.body import BLOCK_TYPES, block_text
from exporters.checks import compare
from exporters.readers._guard import check_article
from exporters.text import normalize
from strategies import ALPHABET, SAFE_CONTROLS, alphabet_without, articles, bundles, is_valid_text
from test_hardening import active_content

_COMMON = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                     HealthCheck.large_base_example, HealthCheck.filter_too_much],
               print_blob=True)
settings.register_profile("ci", max_examples=200, derandomize=True, **_COMMON)
settings.register_profile("deep", max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "2000")), **_COMMON)
settings.register_profile("dev", max_examples=20, **_COMMON)
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

FORMATS = registry.names()
FEEDS = ("rss", "atom", "jsonfeed", "news-sitemap")


def exporter_or_skip(name: str):
    """An instance of the ``name`` exporter, or a skip naming why its module does not import."""
    try:
        return registry.exporter_class(name)()
    except Exception as error:  # a format whose library is missing is skipped, not failed
        pytest.skip(f"format {name} does not import: {type(error).__name__}: {error}")


# -- what each format must be -------------------------------------------------------------


def _xml(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))


def valid_txt(data: bytes, title: str) -> None:
    assert normalize(title) in normalize(data.decode("utf-8"))


def valid_epub(data: bytes, title: str) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        first = book.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED and not first.extra
        assert book.read("mimetype") == b"application/epub+zip"
        assert book.testzip() is None
        container = _xml(book.read("META-INF/container.xml"))
        package = container.find(".//{*}rootfile").get("full-path")
        opf = _xml(book.read(package))
        assert normalize(opf.findtext(".//{http://purl.org/dc/elements/1.1/}title") or "") == normalize(title)
        for name in book.namelist():
            if name.endswith((".xhtml", ".opf", ".ncx", ".xml", ".svg")):
                _xml(book.read(name))  # well formed, or XMLSyntaxError


def valid_pdf(data: bytes, title: str) -> None:
    import pikepdf
    from pdf_structure import marking_problems

    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) >= 1
        assert normalize(str(pdf.docinfo.get("/Title", ""))) == normalize(title)
        assert marking_problems(pdf) == []  # tagged: nothing painted outside an element or an artifact


def valid_docx(data: bytes, title: str) -> None:
    import docx

    document = docx.Document(io.BytesIO(data))
    declared = document.core_properties.title or ""
    if len(" ".join(title.split())) <= 255:
        assert normalize(declared) == normalize(title)
    else:  # core properties hold 255 characters (Word's limit): the exporter cuts at a word with an ellipsis
        assert declared.endswith("…") and normalize(title).startswith(normalize(declared[:-1]))
    assert normalize(title) in normalize("\n".join(paragraph.text for paragraph in document.paragraphs))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                _xml(package.read(name))


def valid_feed(data: bytes, title: str) -> None:
    import feedparser

    _xml(data)
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.entries


def valid_email(data: bytes, title: str) -> None:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert not message.defects
    assert normalize(str(message["Subject"])) == normalize(title)
    kinds = []
    for part in message.walk():
        assert not part.defects, part.defects
        kinds.append(part.get_content_type())
        if part.get_content_type() == "text/html":
            from lxml import html

            html.document_fromstring(part.get_content())
    assert "text/plain" in kinds and "text/html" in kinds


def valid_html(data: bytes, title: str) -> None:
    import html5lib

    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)  # a parse error raises
    document = parser.parse(data)
    assert normalize(document.findtext(".//title") or "") == normalize(title)
    assert document.get("lang") and document.get("dir") in ("ltr", "rtl")
    assert len(document.findall(".//h1")) == 1


def valid_jsonld(data: bytes, title: str) -> None:
    from schemaorg import schemaorg_problems

    document = json.loads(data)
    assert schemaorg_problems(document) == []
    headlines = [document.get("headline")] if document["@type"] == "NewsArticle" else [
        element["item"]["headline"] for element in document["itemListElement"]]
    assert normalize(title) in {normalize(headline) for headline in headlines} or document.get("name") == title


def valid_ninjs(data: bytes, title: str) -> None:
    from jsonschema import Draft202012Validator

    schema = json.loads((Path(__file__).parent / "schemas" / "ninjs" / "ninjs-schema_3.1.json").read_text(encoding="utf-8"))
    document = json.loads(data)
    errors = [error.message for error in Draft202012Validator(
        schema, format_checker=Draft202012Validator.FORMAT_CHECKER).iter_errors(document)]
    assert errors == []
    headline = next(entry["value"] for entry in document["headlines"] if entry["role"] == "main")
    assert normalize(headline) == normalize(title)


def valid_jsonfeed(data: bytes, title: str) -> None:
    from syndication_checks import jsonfeed_problems

    document = json.loads(data)
    assert jsonfeed_problems(document) == []
    assert document["items"]


def valid_news_sitemap(data: bytes, title: str) -> None:
    from syndication_checks import sitemap_problems

    assert sitemap_problems(data) == []


def listable(bundle):
    """``bundle`` with a URL and a publication date on every article, as a news sitemap needs
    (the feed command leaves out articles without them, with a warning)."""
    from datetime import datetime, timezone

    import msgspec

    from exporters.model import Section

    def fix(article, number):
        from exporters.formats.common import is_web_url

        return msgspec.structs.replace(article, url=article.url if is_web_url(article.url) else f"https://news.example.org/{number}",
                                       published=article.published or datetime(2026, 5, 4, tzinfo=timezone.utc))

    count = iter(range(10_000))
    sections = tuple(Section(title=section.title, articles=tuple(fix(article, next(count)) for article in section.articles))
                     for section in bundle.sections)
    return msgspec.structs.replace(bundle, sections=sections)


VALIDATORS = {"jsonfeed": valid_jsonfeed, "news-sitemap": valid_news_sitemap, "ninjs": valid_ninjs, "jsonld": valid_jsonld, "html": valid_html, "txt": valid_txt, "epub": valid_epub, "pdf": valid_pdf, "docx": valid_docx, "rss": valid_feed,
              "atom": valid_feed, "email": valid_email}


# -- which characters a format can show -----------------------------------------------------


@cache
def pdf_alphabet() -> str:
    """The characters the PDF draws in every style (regular, bold, italic, bold italic):
    FiraGO's, then those of the shipped fallback fonts (Noto, DejaVu, WenQuanYi Micro Hei
    for CJK and Hangul, Symbola for emoji: see exporters.formats.pdf.fonts), and marks no
    font has, such as the emoji variation selector, which are drawn as nothing.

    Left out: invisible controls FiraGO lacks (DEL, C1, bidi embeddings and isolates; the
    PDF draws them as nothing and reads them back, but the property is about what the
    page shows), and characters no installed font has (drawn as an empty box, read back).
    """
    from exporters.formats.pdf.fonts import NO_GLYPH, font_chain

    chain = font_chain()
    styles = ((False, False), (True, False), (False, True), (True, True))

    def drawn(char: str) -> bool:
        if char in " \t\n":
            return True
        fonts = {name for style in styles for name, _ in chain.runs(char, *style)}
        return NO_GLYPH not in fonts or unicodedata.category(char) == "Mn"

    return alphabet_without("\u007f\u0080\u0085\u009f", "".join(char for char in ALPHABET if drawn(char)))


def alphabet_for(name: str) -> str:
    return pdf_alphabet() if name == "pdf" else ALPHABET


# -- inputs that meet a reported bug ---------------------------------------------------------


def _rtl(char: str) -> bool:
    """Hebrew, Arabic and Persian letters and marks, and anything else of strong right-to-left class."""
    import unicodedata

    return "\u0590" <= char <= "\u08ff" or "\ufb1d" <= char <= "\ufdff" or "\ufe70" <= char <= "\ufefe" \
        or unicodedata.bidirectional(char) in ("R", "AL")


def _pdf_words(bundle):
    """``bundle`` with words the PDF can draw and read back: a right-to-left mark (harakat,
    niqqud) with no right-to-left letter before it to sit on is left out. URLs and identifiers
    are left as they are. A word that switches between right-to-left and other characters is
    kept (``COVID-19\u200cها``), and so is a word longer than a line up to :data:`_LONGEST_WORD`
    characters: the PDF breaks it with a soft hyphen the read-back joins.
    """
    from datetime import datetime

    import msgspec

    from exporters.model import Bundle

    def seated(text: str) -> str:
        out: list[str] = []
        run = 0
        for char in text:
            if _rtl(char) and unicodedata.category(char) == "Mn" and not (out and _rtl(out[-1])):
                continue  # a right-to-left mark with no right-to-left letter to sit on
            if run >= _LONGEST_WORD and not char.isspace():
                out.append(" ")
                run = 0
            out.append(char)
            run = 0 if char.isspace() else run + 1
        return "".join(out)

    def walk(value, key=""):
        if isinstance(value, str):
            return value if key in _LEFT_ALONE else seated(value)
        if isinstance(value, (list, tuple)):
            return [walk(item, key) for item in value]
        if isinstance(value, dict):
            return {name: walk(item, name) for name, item in value.items()} if key != "resources" else value
        return value

    data = msgspec.to_builtins(bundle, builtin_types=(bytes, datetime))
    return msgspec.convert(walk(data), type=Bundle, builtin_types=(bytes, datetime))


#: Characters of the longest unbroken word :func:`_pdf_words` keeps. reportlab measures a word
#: longer than a line character by character on every page it spans, so a 100,000-character
#: word takes seconds to lay out and the property would spend its time there; words longer
#: than a line, pages long, are shown by the PDF tests in test_hardening.py.
_LONGEST_WORD = 2_000

#: Fields :func:`_pdf_words` leaves alone: identifiers, links, sources, tags.
_LEFT_ALONE = frozenset({"id", "url", "href", "src", "logo", "email", "language", "direction", "media_type", "type",
                         "pubstatus", "site_url", "identifier", "role", "kind"})


#: Inputs that hit a reported bug, left out of a format's property with ``assume``; each has a
#: strict xfail in test_hardening.py that turns green when the bug is fixed.
KNOWN_GAPS: dict[str, tuple] = {}


def poppler_limit(bundle, finding) -> bool:
    """True for an A217 (another reader, poppler, reads a text in another order) on a text that
    mixes directions: right-to-left letters with left-to-right letters or digits, or left-to-right
    letters or digits in a right-to-left article. poppler orders a line by one direction and takes
    every number and punctuation mark between left-to-right words for left to right, which cannot
    express every line the bidirectional algorithm lays out (README, "Persian in PDF"). Text of
    the article's own direction must read right in poppler too.
    """
    if finding.code != "A217":
        return False
    article = next(article for article in bundle.articles if article.id == finding.article)
    if finding.field == "$.headline":
        texts = [article.headline]
    else:
        texts = block_text(article.body[int(finding.field.split("[")[1].rstrip("]"))])
    return any(_mixes_directions(text, article.text_direction == "rtl") for text in texts)


def _mixes_directions(text: str, rtl: bool) -> bool:
    kinds = {unicodedata.bidirectional(char) for char in text}
    return bool(kinds & {"L", "EN", "AN"}) and (rtl or bool(kinds & {"R", "AL"}))


# -- the properties --------------------------------------------------------------------------


@pytest.mark.parametrize("name", FORMATS)
def test_every_exporter_on_arbitrary_bundles(name: str):
    exporter = exporter_or_skip(name)
    validate = VALIDATORS.get(name, lambda data, title: None)
    gaps = KNOWN_GAPS.get(name, ())

    strategy = bundles(alphabet_for(name), feed=name in FEEDS)
    if name == "pdf":
        strategy = strategy.map(_pdf_words)
    if name == "news-sitemap":
        strategy = strategy.map(listable)

    @PROFILE
    @given(bundle=strategy)
    def renders_valid_complete_and_inert(bundle):
        assume(not any(gap(bundle) for gap in gaps))
        first = exporter.render(bundle).data
        assert exporter.render(bundle).data == first, "a second render differs"
        validate(first, bundle.display_title)
        assert active_content(name, first) == []
        assert [finding for finding in compare(bundle, exporter.inspect(first)) if not poppler_limit(bundle, finding)] == []

    renders_valid_complete_and_inert()


@PROFILE
@given(pair=articles())
def test_strategies_build_only_valid_articles(pair):
    article, resources = pair
    check_article(article, None)
    assert all(is_valid_text(text) for text in (article.subheadline, article.summary))
    for image in article.images():
        assert (image.src == "") or any(key.endswith(image.src) for key in resources)


@settings(max_examples=50, deadline=None)
@given(text=st.text(st.sampled_from(SAFE_CONTROLS + "ab")))
def test_controls_that_xml_allows_pass_the_guard(text):
    assert is_valid_text(text)


#: Looking for one example, not the smallest: no shrinking.
_SEARCH = settings(max_examples=400, database=None, deadline=None, phases=[Phase.generate],
                   suppress_health_check=list(HealthCheck))


@pytest.mark.parametrize("kind", sorted(BLOCK_TYPES))
def test_strategies_reach_every_block_type(kind):
    cls = BLOCK_TYPES[kind]
    assert find(articles(), lambda pair: any(isinstance(block, cls) for block in pair[0].body), settings=_SEARCH)


@pytest.mark.parametrize("what, test", [
    ("right-to-left text", lambda pair: any("\u0600" <= char <= "\u06ff" for char in pair[0].headline)),
    ("an emoji", lambda pair: any(ord(char) > 0x1F000 for block in pair[0].body for text in block_text(block)
                                  for char in text)),
    ("a combining mark", lambda pair: any(unicodedata.combining(char) for char in pair[0].headline)),
    ("a control character XML allows", lambda pair: any(char in "\u007f\u0085\u0080\u009f" for block in pair[0].body
                                                        for text in block_text(block) for char in text)),
    ("markup as text", lambda pair: any("]]>" in text or "</script>" in text for block in pair[0].body
                                        for text in block_text(block))),
    ("a huge field", lambda pair: any(len(text) > 1_000 for block in pair[0].body for text in block_text(block))),
    ("a picture", lambda pair: bool(pair[1])),
    ("an empty optional field", lambda pair: pair[0].subheadline == "" and pair[0].publisher is None),
])
def test_strategies_reach_the_corners(what, test):
    assert find(articles(), test, settings=_SEARCH)


@PROFILE
@given(pair=articles())
def test_ninjs_to_model_to_ninjs_is_the_identity(pair):
    """Any article written as ninjs and read back is written again byte for byte. Its URL is
    taken as a valid URI first: ninjs holds a URI, so an invalid one is written escaped."""
    import json
    from pathlib import Path

    import msgspec

    from exporters import api
    from exporters.formats.common import is_web_url, uri
    from exporters.model import Bundle
    from exporters.readers.ninjs import read_ninjs_data

    article, resources = pair
    if is_web_url(article.url):
        article = msgspec.structs.replace(article, url=uri(article.url))
    first = api.render(Bundle.of(article, resources=resources), "ninjs").data
    reading = read_ninjs_data(json.loads(first), Path("story.ninjs.json"), {})
    assert reading.dropped == ()
    assert api.render(Bundle.of(reading.article, resources=resources), "ninjs").data == first


# -- the HTML fragment feeds, e-mail and the web page carry -------------------------------------------


@PROFILE
@given(bundles(), st.sampled_from(["feed", "email", "page"]))
def test_the_article_fragment_is_written_as_the_sanitiser_would_write_it(bundle, kind):
    """The fragment is not passed through nh3 any more: nh3 must find nothing in it to change,
    whatever the article holds, so the bytes are those of the sanitised fragment."""
    from exporters.formats.html_body import Page, article_html, sanitize

    schemes = frozenset({"cid"}) if kind == "email" else frozenset()
    for number, article in enumerate(bundle.articles, start=1):
        fragment = article_html(article, bundle, image_src=lambda owner, image: f"cid:image-{number}"
                                if kind == "email" else "https://media.example.org/a.png",
                                extra_schemes=schemes, page=Page(f"story-{number}", 2) if kind == "page" else None)
        assert sanitize(fragment, schemes) == fragment

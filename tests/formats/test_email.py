"""The e-mail exporter, read back with Python's e-mail parser, lxml and html5lib."""

from __future__ import annotations

import email
import email.policy
import re
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

import html5lib
import msgspec
import pytest
from lxml import html as lxml_html

from exporters import attribution, registry
from exporters.body import Embed, Link, Paragraph, RelatedLink, block_text
from exporters.checks import compare
from exporters.facts import build_time, bundle_identifier
from exporters.formats.email import EmailExporter, inline_css, preheader, sender_name
from exporters.formats.html_meta import inspect_html
from exporters.formats.txt import TextExporter
from exporters.media import Image
from exporters.model import Article, Bundle, Organization, Person, Rights
from exporters.testing import edition_bundle, fullest_bundle
from exporters.text import normalize

PARSE = email.policy.default


def parse(data: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(data, policy=PARSE)


def parts(data: bytes) -> tuple[email.message.EmailMessage, str, str]:
    message = parse(data)
    plain = message.get_body(preferencelist=("plain",))
    page = message.get_body(preferencelist=("html",))
    assert plain is not None and page is not None
    return message, plain.get_content(), page.get_content()


def strict_parse(page: str) -> None:
    """html5lib in strict mode raises on the first parse error."""
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)


def html_inspection(bundle: Bundle, data: bytes):
    seen = EmailExporter().inspect(data)
    return msgspec.structs.replace(seen, text=seen.extra["html_text"])


def simple_article(**fields) -> Article:
    values = {
        "id": "mail-1", "language": "en", "headline": "A Headline", "url": "https://news.example.org/a",
        "body": (Paragraph(content=("One paragraph.",)),), "authors": (Person(name="Ann Writer"),),
        "publisher": Organization(name="Desk", url="https://news.example.org/"),
        "rights": Rights(notice="© 2026 Desk"), "published": datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
    }
    return Article(**{**values, **fields})


# -- read-back ----------------------------------------------------------------------------------


def test_registered_under_its_name_and_alias():
    entry = registry.info("eml")
    assert (entry.name, entry.suffix, entry.media_type) == ("email", ".eml", "message/rfc822")
    assert registry.exporter_class("email") is EmailExporter


def test_fullest_article_reads_back_from_both_parts(full_bundle):
    data = EmailExporter().render(full_bundle).data
    assert compare(full_bundle, EmailExporter().inspect(data)) == []
    assert compare(full_bundle, html_inspection(full_bundle, data)) == []


def test_every_sample_reads_back(sample_bundle):
    data = EmailExporter().render(sample_bundle).data
    assert compare(sample_bundle, EmailExporter().inspect(data)) == []
    assert compare(sample_bundle, html_inspection(sample_bundle, data)) == []


@pytest.mark.parametrize("make", [fullest_bundle, edition_bundle], ids=["contract-article", "contract-edition"])
def test_contract_bundles_read_back(make):
    bundle = make()
    data = EmailExporter().render(bundle).data
    assert compare(bundle, EmailExporter().inspect(data)) == []
    assert compare(bundle, html_inspection(bundle, data)) == []


def test_edition_shows_every_byline_and_credit_in_both_parts(all_samples_bundle):
    data = EmailExporter().render(all_samples_bundle).data
    assert compare(all_samples_bundle, EmailExporter().inspect(data)) == []
    _, plain, page = parts(data)
    html_text = normalize(inspect_html(page).text)
    plain_text = normalize(plain)
    for article in all_samples_bundle.articles:
        for name in attribution.writer_names(article) + attribution.credit_names(article):
            assert normalize(name) in html_text and normalize(name) in plain_text, (article.id, name)
        for line in attribution.credit_lines(article):
            assert normalize(line) in html_text, (article.id, line)


# -- the message ---------------------------------------------------------------------------------


def test_message_structure_is_alternative_with_related_html(full_bundle):
    data = EmailExporter().render(full_bundle).data
    message = parse(data)
    assert message.get_content_type() == "multipart/alternative"
    plain, related = message.get_payload()
    assert plain.get_content_type() == "text/plain" and plain.get_content_charset() == "utf-8"
    assert related.get_content_type() == "multipart/related" and related.get_param("type") == "text/html"
    page, *images = related.get_payload()
    assert page.get_content_type() == "text/html" and page.get_content_charset() == "utf-8"
    assert [image.get_content_type() for image in images] == ["image/png", "image/png"]
    for part in message.walk():
        assert not part.defects, (part.get_content_type(), part.defects)
        assert part.get("Content-Transfer-Encoding", "7bit") in ("7bit", "quoted-printable", "base64")


def test_message_is_seven_bit_with_crlf_lines(full_bundle):
    data = EmailExporter().render(full_bundle).data
    assert all(byte < 128 for byte in data)
    lines = data.split(b"\r\n")
    assert b"\n" not in b"".join(lines)
    assert max(len(line) for line in lines) <= 998


def test_headers(full_bundle):
    article = full_bundle.lead
    message = parse(EmailExporter().render(full_bundle).data)
    assert message["Subject"] == article.headline
    assert sender_name(message) == article.publisher.name
    assert message["MIME-Version"] == "1.0"
    assert parsedate_to_datetime(message["Date"]) == build_time(full_bundle)
    assert message["Content-Language"].split(",")[0].strip() == article.language
    assert re.fullmatch(r"<[0-9a-f]{32}@news\.example\.org>", message["Message-ID"])
    assert message["Keywords"] == ", ".join(article.keywords)


def test_sender_and_recipient_options(full_bundle):
    options = {"sender": "news@example.org", "recipient": "Readers <list@example.org>"}
    exporter = EmailExporter(EmailExporter.make_options(options))
    message = parse(exporter.render(full_bundle).data)
    assert message["From"].addresses[0].addr_spec == "news@example.org"
    assert message["To"].addresses[0].addr_spec == "list@example.org"


def test_non_ascii_subject_and_publisher_survive(sample_bundle):
    message = parse(EmailExporter().render(sample_bundle).data)
    assert message["Subject"] == " ".join(sample_bundle.lead.headline.split())
    assert sender_name(message) == sample_bundle.lead.publisher.name


def test_plain_part_is_the_text_export(sample_bundle):
    _, plain, _ = parts(EmailExporter().render(sample_bundle).data)
    assert plain.replace("\r\n", "\n") == TextExporter().render(sample_bundle).data.decode("utf-8")


def test_both_parts_hold_every_block_of_every_article(all_samples_bundle):
    data = EmailExporter().render(all_samples_bundle).data
    _, _, page = parts(data)
    seen = EmailExporter().inspect(data)  # the plain part without its numbered link markers
    shown_plain, shown_html = normalize(seen.text), normalize(inspect_html(page).text)
    for article in all_samples_bundle.articles:
        for block in article.body:
            for piece in block_text(block):
                if piece.strip():
                    assert normalize(piece) in shown_plain, (article.id, piece)
                    assert normalize(piece) in shown_html, (article.id, piece)


def test_images_are_related_parts_named_by_content_id(full_bundle):
    data = EmailExporter().render(full_bundle).data
    message, _, page = parts(data)
    document = lxml_html.document_fromstring(page)
    sources = [image.get("src") for image in document.iter("img")]
    ids = {part["Content-ID"].strip("<>"): part for part in message.walk() if part["Content-ID"]}
    assert sources and all(src.startswith("cid:") for src in sources)
    assert {src[4:] for src in sources} == set(ids)
    loaded = {resource.data for resource in full_bundle.resources.values()}
    assert {part.get_content() for part in ids.values()} == loaded
    assert all(part.get_content_disposition() == "inline" for part in ids.values())


def test_rendering_is_deterministic_and_follows_source_date_epoch(full_bundle, monkeypatch):
    first = EmailExporter().render(full_bundle).data
    assert EmailExporter().render(full_bundle).data == first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    moved = EmailExporter().render(full_bundle).data
    assert parse(moved)["Date"] == format_datetime(datetime.fromtimestamp(1700000000, tz=UTC))
    assert parse(moved)["Message-ID"] == parse(first)["Message-ID"]
    boundaries = re.findall(rb'boundary="([^"]+)"', first)
    assert boundaries and all(boundary.startswith(b"=_") for boundary in boundaries)


def test_message_id_follows_the_bundle_identifier(full_bundle):
    other = msgspec.structs.replace(full_bundle, identifier="urn:example:other")
    assert bundle_identifier(other) != bundle_identifier(full_bundle)
    ids = {parse(EmailExporter().render(bundle).data)["Message-ID"] for bundle in (other, full_bundle)}
    assert len(ids) == 2


# -- the HTML ---------------------------------------------------------------------------------------


def test_html_parses_without_errors_and_holds_no_script(all_samples_bundle):
    _, _, page = parts(EmailExporter().render(all_samples_bundle).data)
    strict_parse(page)
    document = lxml_html.document_fromstring(page)
    assert not list(document.iter("script", "iframe", "object", "embed", "form", "link"))
    for element in document.iter():
        if isinstance(element.tag, str):
            assert not [name for name in element.attrib if name.lower().startswith("on")], element.tag


def test_language_and_direction_on_every_article(all_samples_bundle):
    _, _, page = parts(EmailExporter().render(all_samples_bundle).data)
    document = lxml_html.document_fromstring(page)
    assert document.get("lang") == all_samples_bundle.main_language
    found = [(div.get("lang"), div.get("dir")) for div in document.find_class("article")]
    assert found == [(article.language, article.text_direction) for article in all_samples_bundle.articles]
    assert ("fa", "rtl") in found
    for div in document.find_class("article"):
        style = div.get("style")
        assert ("direction: rtl" in style) == (div.get("dir") == "rtl")


def test_images_keep_their_alt_text(all_samples_bundle):
    _, _, page = parts(EmailExporter().render(all_samples_bundle).data)
    document = lxml_html.document_fromstring(page)
    alts = [image.get("alt") for image in document.iter("img")]
    expected = [("" if image.decorative else image.alt) for article in all_samples_bundle.articles
                for image in article.images() if all_samples_bundle.resource(article, image) is not None]
    assert alts == expected and all(alts)


def test_image_without_bytes_shows_caption_only():
    lost = Image(src="", alt="A photo that was not captured.", caption="The missing photo's caption.",
                 credit="Photo: Nobody")
    bundle = Bundle.of(simple_article(lead_image=lost))
    _, _, page = parts(EmailExporter().render(bundle).data)
    document = lxml_html.document_fromstring(page)
    assert not list(document.iter("img"))
    text = inspect_html(page).text
    assert "The missing photo's caption." in text and "Photo: Nobody" in text


def test_css_is_inlined_and_only_media_queries_stay_in_style(full_bundle):
    _, _, page = parts(EmailExporter().render(full_bundle).data)
    document = lxml_html.document_fromstring(page)
    for tag in ("p", "h1", "td", "img", "blockquote", "a"):
        elements = list(document.iter(tag))
        assert elements and all(element.get("style") for element in elements), tag
    [style] = document.iter("style")
    rules = re.sub(r"/\*.*?\*/", "", style.text, flags=re.DOTALL).strip()
    assert rules.startswith("@media") and rules.count("@media") == 1
    assert "max-width: 100%" in next(document.iter("img")).get("style")


def test_wide_images_are_scaled_to_the_layout():
    from io import BytesIO

    from PIL import Image as Picture

    from exporters.model import Resource

    buffer = BytesIO()
    Picture.new("RGB", (1200, 600), (10, 20, 30)).save(buffer, format="PNG")
    picture = Image(src="wide.png", alt="A wide dark rectangle.", credit="Photo: Desk")
    article = simple_article(lead_image=picture)
    bundle = Bundle.of(article, resources={Bundle.resource_key(article, picture): Resource(
        data=buffer.getvalue(), media_type="image/png", width=1200, height=600)})
    _, _, page = parts(EmailExporter().render(bundle).data)
    image = next(lxml_html.document_fromstring(page).iter("img"))
    assert int(image.get("width")) <= 600 and int(image.get("width")) == 2 * int(image.get("height"))


def test_preheader_is_hidden_and_first(full_bundle):
    _, _, page = parts(EmailExporter().render(full_bundle).data)
    body = lxml_html.document_fromstring(page).find("body")
    first = body[0]
    assert first.get("class") == "preheader" and "display: none" in first.get("style")
    summary = full_bundle.lead.summary
    assert first.text_content() == preheader(full_bundle)
    assert len(preheader(full_bundle)) <= 140 < len(summary)
    assert summary.startswith(preheader(full_bundle).removesuffix("…"))
    assert preheader(full_bundle).removesuffix("…") not in inspect_html(page).text  # hidden, so not read back


def test_only_https_and_mailto_links_stay_live():
    body = (
        Paragraph(content=("Read ", Link(href="https://example.org/s", content=("secure",)), ", ",
                           Link(href="http://example.org/plain", content=("plain",)), ", ",
                           Link(href="mailto:desk@example.org", content=("write",)), ", ",
                           Link(href="javascript:alert(1)", content=("evil",)), " and ",
                           Link(href="/relative", content=("relative",)), ".")),
        RelatedLink(title="Related over http", url="http://example.org/related"),
        Embed(url="https://video.example.org/v/1", title="A video", provider="Video Host"),
    )
    bundle = Bundle.of(simple_article(body=body, url="http://news.example.org/a"))
    data = EmailExporter().render(bundle).data
    _, _, page = parts(data)
    document = lxml_html.document_fromstring(page)
    hrefs = [link.get("href") for link in document.iter("a")]
    assert hrefs and all(href.startswith(("https://", "mailto:")) for href in hrefs)
    assert {"https://example.org/s", "mailto:desk@example.org", "https://video.example.org/v/1"} <= set(hrefs)
    text = inspect_html(page).text
    shown = " ".join(document.text_content().split())
    assert "plain (http://example.org/plain)" in shown and "http://example.org/related" in shown
    assert "evil" in text and "relative" in text and "javascript" not in page
    assert compare(bundle, EmailExporter().inspect(data)) == []


def test_hostile_text_stays_text():
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    bundle = Bundle.of(simple_article(headline=f"Headline {hostile}", body=(Paragraph(content=(hostile,)),),
                                      summary=hostile, keywords=(hostile,)))
    data = EmailExporter().render(bundle).data
    _, _, page = parts(data)
    strict_parse(page)
    document = lxml_html.document_fromstring(page)
    assert not list(document.iter("script")) and [i.get("src") for i in document.iter("img")] == []
    assert hostile in inspect_html(page).text
    assert compare(bundle, EmailExporter().inspect(data)) == []


def test_edition_has_masthead_contents_and_section_headings():
    bundle = edition_bundle()
    _, _, page = parts(EmailExporter().render(bundle).data)
    document = lxml_html.document_fromstring(page)
    headings = [(element.tag, element.text_content()) for element in document.iter("h1", "h2", "h3")]
    assert headings[0] == ("h1", bundle.title)
    assert ("h2", "First section") in headings and ("h2", "Second section") in headings
    for article in bundle.articles:
        assert ("h3", article.headline) in headings
    contents = [item.text_content() for item in document.iter("li") if item.getparent().get("class") == "contents-list"]
    assert contents == [article.headline for article in bundle.articles]
    text = inspect_html(page).text
    for line in (bundle.subtitle, "Issue 7", "Edited by Erik Editor", bundle.introduction, "Contract Publisher"):
        assert line in text


# -- the inliner -------------------------------------------------------------


def test_inliner_orders_by_specificity_then_source_order():
    page = inline_css('<div dir="rtl"><p class="a b" style="color: red">x</p><p>y</p></div>',
                      "p { margin: 0; color: blue; } .a { margin: 1px; } p { margin: 2px; } "
                      "[dir=rtl] p { text-align: right; } p.a.b { padding: 3px; }")
    first, second = lxml_html.fromstring(page).iter("p")
    assert _declared(first) == {"margin": "1px", "color": "red", "text-align": "right", "padding": "3px"}
    assert _declared(second) == {"margin": "2px", "color": "blue", "text-align": "right"}


def test_inliner_keeps_the_media_queries_and_fetches_nothing():
    page = ('<html><head><style>@media (max-width: 600px) { .x { width: 100% } }</style>'
            '<link rel="stylesheet" href="https://example.org/remote.css"></head><body><p class="x">x</p></body></html>')
    inlined = inline_css(page, "@import url(https://example.org/more.css); .x { color: blue }")
    assert "@media (max-width: 600px)" in inlined
    assert "example.org" not in inlined  # the remote stylesheet is neither fetched nor kept
    assert _declared(next(lxml_html.fromstring(inlined).iter("p"))) == {"color": "blue"}


def _declared(element) -> dict[str, str]:
    pairs = (item.partition(":") for item in (element.get("style") or "").split(";") if item.strip())
    return {name.strip(): value.strip() for name, _, value in pairs}


def test_user_templates_are_searched_first(full_bundle, tmp_path):
    (tmp_path / "email.css").write_text("p { color: #123456; }", encoding="utf-8")
    exporter = EmailExporter(EmailExporter.make_options({"templates": str(tmp_path)}))
    _, _, page = parts(exporter.render(full_bundle).data)
    assert "color: #123456" in next(lxml_html.document_fromstring(page).iter("p")).get("style")


@pytest.mark.parametrize("options", [{"sender": "not an address"}, {"recipient": "Readers <list>"},
                                     {"recipient": "a@example.org\nBcc: b@example.org"}])
def test_bad_addresses_are_refused_as_options(options):
    from exporters import api
    from exporters.errors import UsageError

    with pytest.raises(UsageError, match="email: bad option"):
        api.make_exporter("email", options)


def test_long_persian_subject_keeps_every_space():
    """Python 3.11 folds away the space between two encoded words (CPython gh-144156)."""
    headline = "کتابخانه سیار به روستاهای کوهستانی گیلان می\u200cرسد و کتاب‌ها را به کودکان ده روستا می‌برد"
    bundle = Bundle.of(simple_article(headline=headline, language="fa"))
    data = EmailExporter().render(bundle).data
    header_block = data.split(b"\r\n\r\n", 1)[0].decode("ascii")
    assert all(len(line) <= 78 for line in header_block.split("\r\n"))
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert str(message["Subject"]) == headline
    assert compare(bundle, EmailExporter().inspect(data)) == []

"""The ninjs reader: ninjs -> model -> ninjs round-trips, foreign ninjs comes in, nothing is lost silently."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, sample_articles

from exporters import api
from exporters.model import Bundle, article_from_data, article_to_data
from exporters.readers import read_article
from exporters.testing import fullest_bundle


def exported(bundle: Bundle, version: str) -> bytes:
    return api.render(bundle, "ninjs", {"version": version}).data


def with_declared_media_types(article):
    """The article as ninjs declares it: each image's media type is written from its bytes."""
    data = article_to_data(article)
    for image in [data.get("lead_image")] + [block["image"] for block in data.get("body", []) if block["type"] == "figure"]:
        if image and image.get("src") and "media_type" not in image:
            image["media_type"] = "image/png"
    if data.get("updated") == data.get("published"):
        data.pop("updated", None)
    return article_from_data(data)


def bundles():
    for path in sample_articles():
        yield pytest.param(lambda path=path: api.read_bundle([path]), id=path.name)
    yield pytest.param(fullest_bundle, id="fullest-contract-article")


@pytest.mark.parametrize("version", ["3.1", "2.1"])
@pytest.mark.parametrize("make", list(bundles()))
def test_ninjs_to_model_to_ninjs_is_the_identity(tmp_path: Path, make, version: str):
    bundle = make()
    first = exported(bundle, version)
    written = tmp_path / "story.ninjs.json"
    written.write_bytes(first)
    reading = read_article(written)
    assert reading.dropped == ()
    again = Bundle.of(reading.article, resources=bundle.resources)
    assert exported(again, version) == first
    # and every field of the model came back
    assert reading.article == with_declared_media_types(bundle.lead)


def test_a_ninjs_file_is_recognised_by_content_whatever_its_name(tmp_path: Path):
    data = exported(fullest_bundle(), "3.1")
    for name in ("story.json", "story", "story.ninjs", "story.txt", "story.yaml"):
        path = tmp_path / name
        path.write_bytes(data)
        assert read_article(path).article.headline == fullest_bundle().lead.headline


def notice_texts(ninjs: bytes) -> list[str]:
    """The notices a ninjs consumer sees in the item's HTML body, read with lxml."""
    from lxml import html

    item = json.loads(ninjs)
    markup = next(body["value"] for body in item["bodies"] if body["contentType"] == "text/html")
    return [aside.text_content() for aside in html.fragment_fromstring(markup, create_parent="div").iterfind(".//aside")
            if "notice" in aside.get("class", "").split()]


@pytest.mark.parametrize("alt", ["A woman coding", "\U0001F469\U0001F3FD\u200d\U0001F4BB0 " * 200], ids=["words", "ZWJ emoji"])
def test_an_image_the_body_cannot_show_does_not_turn_the_notices_into_body_text(tmp_path: Path, alt: str):
    """A figure with neither bytes, caption nor credit shows nothing in the HTML body, so the reader
    puts it at the end; the article's own notices printed before the footer stay notices."""
    from exporters.body import Figure, Paragraph
    from exporters.media import Image
    from exporters.model import Article, Notice

    article = Article(id="a1", language="en", headline="Ferries resume", url="https://news.example.org/a1",
                      body=(Paragraph(content=("Ferries resumed on Monday.",)), Figure(image=Image(alt=alt))),
                      notices=(Notice(text="An earlier version named the wrong port.", kind="correction"),))
    first = exported(Bundle.of(article), "3.1")
    written = tmp_path / "story.ninjs.json"
    written.write_bytes(first)
    reading = read_article(written)
    assert reading.article == article
    again = exported(Bundle.of(reading.article), "3.1")
    assert notice_texts(again) == ["An earlier version named the wrong port."]
    assert again == first


def test_an_image_the_body_cannot_show_keeps_its_place_in_the_body(tmp_path: Path):
    """Neither bytes, caption nor credit: the HTML body keeps an empty <figure> where it stood,
    so the reader puts each picture association back in its place, not at the end."""
    from lxml import html

    from exporters.body import Figure, Paragraph
    from exporters.formats.html_body import sanitize
    from exporters.media import Image
    from exporters.model import Article

    article = Article(id="a1", language="en", headline="Ferries resume", body=(
        Figure(image=Image(alt="A ferry at the quay")), Paragraph(content=("Ferries resumed on Monday.",)),
        Figure(image=Image(alt="The timetable", caption="The new timetable.")), Paragraph(content=("More soon.",))))
    first = exported(Bundle.of(article), "3.1")
    markup = next(body["value"] for body in json.loads(first)["bodies"] if body["contentType"] == "text/html")
    assert sanitize(markup) == markup
    tree = html.fragment_fromstring(markup, create_parent="div")
    assert [(element.tag, element.text_content()) for element in tree.find("div")] == [
        ("figure", ""), ("p", "Ferries resumed on Monday."), ("figure", "The new timetable."), ("p", "More soon.")]
    written = tmp_path / "story.ninjs.json"
    written.write_bytes(first)
    reading = read_article(written)
    assert reading.article == article
    assert exported(Bundle.of(reading.article), "3.1") == first


SUPERDESK = {
    "guid": "urn:newsml:example.org:2026-05-06:abc123",
    "uri": "urn:newsml:example.org:2026-05-06:abc123",
    "type": "text",
    "version": "3",
    "versioncreated": "2026-05-06T10:00:00+0000",
    "firstcreated": "2026-05-06T08:00:00+0000",
    "pubstatus": "usable",
    "language": "en",
    "headline": "Ferries Resume Across the Caspian",
    "slugline": "ferries",
    "urgency": 3,
    "priority": 5,
    "byline": "Dana Serik",
    "located": "AKTAU",
    "description_text": "Ferries are running again.",
    "body_html": "<p>Ferries <b>resumed</b> on Monday.</p><h2>Why</h2><p>Weather.</p>"
                 "<p>See <a href=\"https://example.org/x\">the timetable</a>.</p>",
    "keywords": ["ferries", "Caspian"],
    "subject": [{"code": "04000000", "name": "economy, business and finance", "scheme": "subject_custom"}],
    "authors": [{"name": "Dana Serik", "role": "writer"}],
    "copyrightholder": "Example News Desk",
    "associations": {
        "featuremedia": {"type": "picture", "uri": "urn:x:pic", "description_text": "A ferry at the quay.",
                         "body_text": "A white ferry moored at a grey quay.", "byline": "Photo: Dana Serik",
                         "renditions": {"original": {"href": "https://cdn.example.org/ferry.jpg", "mimetype": "image/jpeg",
                                                     "width": 1200, "height": 800}}},
        "video-1": {"type": "video", "uri": "urn:x:vid"},
    },
}


def test_superdesk_output_comes_in_and_names_what_it_drops(tmp_path: Path):
    path = tmp_path / "superdesk-item.json"
    path.write_text(json.dumps(SUPERDESK), encoding="utf-8")
    reading = read_article(path)
    article = reading.article
    assert article.id == SUPERDESK["guid"] and article.version == 3
    assert article.headline == "Ferries Resume Across the Caspian" and article.summary == "Ferries are running again."
    assert [block.content for block in article.body][1] == ("Why",)
    assert [(person.name, person.role) for person in article.authors] == [("Dana Serik", "writer")]
    assert article.keywords == ("ferries", "Caspian") and article.dateline.place == "AKTAU"
    assert article.published.isoformat() == "2026-05-06T08:00:00+00:00"
    assert article.updated.isoformat() == "2026-05-06T10:00:00+00:00"
    lead = article.lead_image
    assert (lead.src, lead.alt, lead.caption, lead.credit, lead.width) == (
        "https://cdn.example.org/ferry.jpg", "A white ferry moored at a grey quay.", "A ferry at the quay.", "Photo: Dana Serik", 1200)
    assert article.rights.holder == "Example News Desk"
    dropped = " | ".join(reading.dropped)
    for word in ("slugline", "urgency", "priority", "economy, business and finance", "video-1"):
        assert word in dropped


def run(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "exporters", *map(str, args)], cwd=ROOT, capture_output=True, text=True)


def test_import_and_export_through_the_command(tmp_path: Path):
    path = tmp_path / "story.ninjs.json"
    local = {key: value for key, value in SUPERDESK.items() if key != "associations"}  # remote media is never fetched
    path.write_text(json.dumps(local), encoding="utf-8")
    imported = run("import", path)
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["headline"] == SUPERDESK["headline"]
    assert "dropped urgency: the model has no field for it" in imported.stderr.splitlines()
    result = run("export", path, "--format", "txt", "-o", tmp_path / "out.txt", "--meta", "publisher=Example News Desk")
    assert result.returncode in (0, 1), result.stderr
    assert "Ferries resumed on Monday." in (tmp_path / "out.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("content, message", [
    ('{"uri": "urn:x:1", "language": "en", "headlines": "Grain"}', "$.headlines: expected a list, got str"),
    ('{"uri": "urn:x:1", "headlines": [{"value": "Grain"}]}', "$: object missing required field `language`"),
    ('{"uri": "urn:x:1", "language": "en", "firstcreated": "yesterday"}', "$.published"),
    ('{"uri": "urn:x:1", "language": "en", "pubstatus": "gone"}', "$.pubstatus"),
])
def test_bad_ninjs_is_one_line_and_exit_2(tmp_path: Path, content: str, message: str):
    path = tmp_path / "bad.ninjs.json"
    path.write_text(content, encoding="utf-8")
    result = run("import", path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith(f"exporters: {path}") and message in lines[0]


def test_an_edition_file_is_refused_with_one_line(tmp_path: Path):
    from exporters.testing import edition_bundle

    path = tmp_path / "edition.ninjs.json"
    path.write_bytes(exported(edition_bundle(), "3.1"))
    result = run("import", path)
    assert result.returncode == 2 and "composite" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_the_reader_report_keeps_the_written_fields_apart_from_the_dropped():
    data = json.loads(exported(fullest_bundle(), "3.1"))
    data["genres"] = [{"name": "Analysis"}]
    data["descriptions"].append({"role": "teaser", "value": "A teaser."})
    from exporters.readers.ninjs import read_ninjs_data

    reading = read_ninjs_data(data, Path("x.ninjs.json"), {})
    assert reading.dropped == ("genres: the model has no field for it", "descriptions: role 'teaser'")


def test_every_credit_role_round_trips_through_the_command_line(tmp_path):
    """ninjs -> model -> compare credits: export a story with credits of every kind and role (an
    empty role too) to ninjs 3.1 and 2.1, import each back, and get the same credits; a partner's
    infoSource without a role is taken as reporting and the import says it guessed so."""
    credits = [{"name": "Reuters", "role": "reporting", "kind": "agency"},
               {"name": "Jane Roe", "role": "photography", "kind": "person"},
               {"name": "AFP", "role": "additional reporting", "kind": "agency"},
               {"name": "Ann Lee", "role": "editing", "kind": "person"},
               {"name": "Data Org", "role": "data", "kind": "organization"},
               {"name": "TASS", "role": "", "kind": "agency"}]
    story = {"id": "credits-1", "language": "en", "headline": "Credits", "published": "2026-03-02T09:30:00+05:00",
             "publisher": {"name": "Desk"}, "body": [{"type": "paragraph", "content": ["Text."]}], "credits": credits}
    source = tmp_path / "story.json"
    source.write_text(json.dumps(story), encoding="utf-8")

    for version in ("3.1", "2.1"):
        target = tmp_path / f"story-{version}.ninjs.json"
        assert run("export", source, "-O", f"ninjs.version={version}", "-o", target).returncode == 0
        imported = run("import", target)
        assert imported.returncode == 0, imported.stderr
        assert article_from_data(json.loads(imported.stdout)).credits == article_from_data(story).credits
        assert "guessed credits" not in imported.stderr
    partner = tmp_path / "partner.json"
    partner.write_text(json.dumps({"uri": "urn:partner:1", "language": "en",
                                   "headlines": [{"role": "main", "value": "Partner story"}],
                                   "infoSources": [{"name": "AP", "literal": "agency"}]}), encoding="utf-8")
    imported = run("import", partner)
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["credits"] == [{"name": "AP"}]  # role reporting, kind agency: the defaults
    assert "guessed credits[0].role: the item gives none; taken as reporting" in imported.stderr


#: Texts with characters HTML forbids (DEL, C1 controls with NEL among them, noncharacters), which the
#: HTML body drops as it is written; one of them holds nothing else.
FORBIDDEN_IN_HTML = ["\x7f \x7f \x7f ", "\x7f\x7f", "Port\x85reopens\x80 \x9fon\ufdd0 Monday\uffff", "Line\r\nends\rhere"]


@pytest.mark.parametrize("text", FORBIDDEN_IN_HTML, ids=["DEL and spaces", "DEL only", "C1 and noncharacters", "CR"])
def test_text_html_forbids_reads_back_into_the_same_item(text: str):
    """The HTML body cannot hold DEL, C1 controls or noncharacters; the plain body carries the same
    text as the HTML body, so the item read back from its HTML is written again byte for byte, and
    a paragraph with nothing left keeps its place."""
    from lxml import html

    from exporters.body import Paragraph
    from exporters.model import Article
    from exporters.readers.ninjs import read_ninjs_data
    from exporters.text import html_safe

    article = Article(id="a1", language="en", headline="Ferries resume", body=(
        Paragraph(content=("Ferries resumed.",)), Paragraph(content=(text,)), Paragraph(content=("More soon.",))))
    first = exported(Bundle.of(article), "3.1")
    bodies = {body["contentType"]: body for body in json.loads(first)["bodies"]}
    shown = html_safe(text).replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [p.text_content() for p in html.fragment_fromstring(bodies["text/html"]["value"], create_parent="div").iter("p")]
    assert paragraphs == ["Ferries resumed.", shown, "More soon."]
    assert bodies["text/plain"]["value"] == "\n\n".join(paragraphs)
    assert bodies["text/plain"]["wordCount"] == len("\n\n".join(paragraphs).split())
    reading = read_ninjs_data(json.loads(first), Path("story.ninjs.json"), {})
    assert [block.content for block in reading.article.body] == [("Ferries resumed.",), (shown,) if shown else (), ("More soon.",)]
    assert exported(Bundle.of(reading.article), "3.1") == first


def optional_texts_html_cannot_hold():
    """Blocks whose optional text is made only of characters HTML forbids."""
    from exporters.body import Embed, Link, Paragraph, Quote, RelatedLink

    link = Link(href="https://news.example.org/c", content=("port",), title="\x7f")
    return [
        pytest.param(Quote(content=("We agree.",), attribution="\x7f\x80"), id="quote attribution"),
        pytest.param(RelatedLink(title="Grain deal", url="https://news.example.org/b", label="\x7f"), id="related label"),
        pytest.param(RelatedLink(title="Grain deal", url="", label="\x9f"), id="related label, no link"),
        pytest.param(RelatedLink(title="Grain deal", url="https://news.example.org/b", label="\x85"), id="related label, NEL"),
        pytest.param(RelatedLink(title="Grain deal", url="", label="\x7f\x85"), id="related label, NEL, no link"),
        pytest.param(Embed(title="Port video", url="https://video.example.org/1", provider="\ufdd0"), id="embed provider"),
        pytest.param(Paragraph(content=(link,)), id="link title"),
    ]


@pytest.mark.parametrize("block", optional_texts_html_cannot_hold())
def test_an_optional_text_with_nothing_html_can_hold_is_left_out_of_both_bodies(block):
    """A quote's attribution, a related link's label, an embed's provider or a link's title made only
    of characters HTML forbids is written as an absent one, in the HTML and in the plain body alike,
    so the item read back is written again byte for byte."""
    from exporters.model import Article
    from exporters.readers.ninjs import read_ninjs_data

    article = Article(id="a1", language="en", headline="Ferries resume", body=(block,))
    first = exported(Bundle.of(article), "3.1")
    bodies = {body["contentType"]: body["value"] for body in json.loads(first)["bodies"]}
    markup = bodies["text/html"].removesuffix("</div>")
    assert not any(absent in markup for absent in ("<footer>", "<strong>", "()", "title="))
    assert bodies["text/plain"] in ("We agree.", "Grain deal", "Port video", "port")
    reading = read_ninjs_data(json.loads(first), Path("story.ninjs.json"), {})
    assert exported(Bundle.of(reading.article), "3.1") == first


@pytest.mark.parametrize(("caption", "credit", "plain"), [("\x7f", "AP", "A ferry\nAP"), ("Ferry", "\x80", "A ferry\nFerry"),
                                                          ("\ufdd0", "\x7f", "A ferry")])
def test_a_caption_or_credit_with_nothing_html_can_hold_is_left_out_of_both_bodies(caption, credit, plain):
    """A figure's caption or credit made only of characters HTML forbids is no part of the
    figure's caption in the HTML body, nor a line of its own in the plain body."""
    from exporters.body import Figure
    from exporters.media import Image
    from exporters.model import Article
    from exporters.readers.ninjs import read_ninjs_data

    image = Image(src="https://img.example.org/ferry.jpg", alt="A ferry", caption=caption, credit=credit)
    article = Article(id="a1", language="en", headline="Ferries resume", body=(Figure(image=image),))
    first = exported(Bundle.of(article), "3.1")
    bodies = {body["contentType"]: body["value"] for body in json.loads(first)["bodies"]}
    assert "></span>" not in bodies["text/html"] and "></small>" not in bodies["text/html"]
    assert bodies["text/plain"] == plain
    reading = read_ninjs_data(json.loads(first), Path("story.ninjs.json"), {})
    assert exported(Bundle.of(reading.article), "3.1") == first

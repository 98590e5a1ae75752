"""Images embedded as ``data:`` URIs: the toolkit's own web page comes back through the HTML reader
with every figure, and its photos reach EPUB, DOCX and PDF byte for byte (pixel for pixel in a PDF).

The outputs are read back with independent readers: the zip packages' media parts, pypdf's image
extraction and poppler's ``pdftotext``; the imported article is compared with the canonical sample.
"""

from __future__ import annotations

import base64
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ARTICLES, ROOT, require
from test_cli import one_line, run

from exporters.body import Figure
from exporters.errors import ResourceError
from exporters.media import Image
from exporters.model import Article
from exporters.readers import read_article

FULL = ARTICLES / "port-of-aktau.json"


def figures(article: Article) -> list[Image]:
    """The lead image and every figure's image, in reading order."""
    lead = [article.lead_image] if article.lead_image else []
    return lead + [block.image for block in article.body if isinstance(block, Figure)]


def pixels(data: bytes) -> tuple[tuple[int, int], bytes]:
    from PIL import Image as PILImage

    with PILImage.open(io.BytesIO(data)) as picture:
        return picture.size, picture.convert("RGB").tobytes()


def data_uri(data: bytes, media_type: str = "image/png") -> str:
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


def write_story(folder: Path, src: str, name: str = "story.json") -> Path:
    story = {"id": "embedded", "language": "en", "headline": "A Photo in the File Itself",
             "published": "2026-03-02T09:00:00+05:00", "publisher": {"name": "Example News Desk"},
             "rights": {"holder": "Example News Desk"},
             "lead_image": {"src": src, "alt": "A harbour crane", "caption": "The crane.", "credit": "Photo: A. Writer"},
             "body": [{"type": "paragraph", "content": ["One paragraph of the story."]}]}
    path = folder / name
    path.write_text(json.dumps(story), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory) -> dict[str, Path]:
    """Our web page of the sample (photos embedded), imported, and the import exported to epub, docx, pdf."""
    folder = tmp_path_factory.mktemp("round-trip")
    page, imported = folder / "aktau.html", folder / "imported.json"
    assert run("export", FULL, "--format", "html", "-o", page).returncode == 0
    assert page.read_text(encoding="utf-8").count('src="data:image/png;base64,') == len(figures(read_article(FULL).article))
    result = run("import", page, "-o", imported)
    assert result.returncode == 0, result.stderr
    exported = run("export", imported, "--format", "epub,docx,pdf", "-o", folder / "out")
    assert exported.returncode == 0, exported.stderr
    return {"page": page, "imported": imported, **{kind: folder / "out" / f"imported.{kind}" for kind in ("epub", "docx", "pdf")}}


def test_the_imported_page_keeps_every_figure_with_its_words(round_trip):
    original, imported = read_article(FULL).article, read_article(round_trip["imported"]).article
    expected = [(image.alt, image.caption, image.credit, image.width, image.height) for image in figures(original)]
    assert [(image.alt, image.caption, image.credit, image.width, image.height) for image in figures(imported)] == expected
    assert all(image.src.startswith("data:image/png;base64,") for image in figures(imported))
    for before, after in zip(figures(original), figures(imported)):
        src = after.src.split(",", 1)[1]
        assert base64.b64decode(src) == (ARTICLES / before.src).read_bytes(), "the embedded bytes are the photo file's"


@pytest.mark.parametrize("kind, media", [("epub", "EPUB/images/"), ("docx", "word/media/")])
def test_the_photos_reach_the_packages_byte_for_byte(round_trip, kind, media):
    originals = {(ARTICLES / image.src).read_bytes() for image in figures(read_article(FULL).article)}
    with zipfile.ZipFile(round_trip[kind]) as package:
        parts = {package.read(name) for name in package.namelist() if name.startswith(media)}
    assert parts == originals


def test_the_photos_and_captions_reach_the_pdf(round_trip):
    from pypdf import PdfReader

    original = figures(read_article(FULL).article)
    expected = sorted(pixels((ARTICLES / image.src).read_bytes()) for image in original)
    found = sorted((picture.image.size, picture.image.convert("RGB").tobytes())
                   for page in PdfReader(round_trip["pdf"]).pages for picture in page.images)
    assert found == expected, "one image a figure, each with the photo's pixels"
    text = " ".join(subprocess.run([require("pdftotext"), "-enc", "UTF-8", round_trip["pdf"], "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    for image in original:
        assert image.caption in text and image.credit in text


def test_the_round_trip_is_deterministic(round_trip, tmp_path):
    again = tmp_path / "again.json"
    assert run("import", round_trip["page"], "-o", again).returncode == 0
    assert again.read_bytes() == round_trip["imported"].read_bytes()
    assert run("export", again, "--format", "epub,docx,pdf", "-o", tmp_path / "out").returncode == 0
    for kind in ("epub", "docx", "pdf"):
        assert (tmp_path / "out" / f"again.{kind}").read_bytes() == round_trip[kind].read_bytes(), kind


def test_a_canonical_article_with_a_large_embedded_photo_exports(tmp_path):
    """A photo of some 150 KiB is a data: URI far longer than the 100,000 characters a text field may hold."""
    import random

    from PIL import Image as PILImage

    noise = random.Random(7)
    picture = PILImage.frombytes("RGB", (220, 220), bytes(noise.randrange(256) for _ in range(220 * 220 * 3)))
    stream = io.BytesIO()
    picture.save(stream, "PNG")
    photo = stream.getvalue()
    src = data_uri(photo)
    assert len(src) > 100_000
    story = write_story(tmp_path, src[:5000] + "\n" + src[5000:])  # a payload wrapped over lines is read as browsers do
    result = run("export", story, "--format", "epub,txt", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "out" / "story.epub") as package:
        assert [package.read(name) for name in package.namelist() if name.startswith("EPUB/images/")] == [photo]
    text = (tmp_path / "out" / "story.txt").read_text(encoding="utf-8")
    assert "The crane." in text and "Photo: A. Writer" in text


def test_percent_encoded_and_unpadded_photos_are_the_same_bytes(tmp_path):
    from exporters.resources import load_resources

    photo = (ARTICLES / "images" / "harbour-cranes.png").read_bytes()
    for src in ("data:image/png," + "".join(f"%{byte:02X}" for byte in photo), data_uri(photo).rstrip("="),
                data_uri(photo, "image/PNG;name=crane.png")):
        article = Article(id="a", language="en", headline="H", lead_image=Image(src=src, alt="x"))
        [resource] = load_resources(article, None).values()
        assert (resource.data, resource.media_type, resource.width, resource.height) == (photo, "image/png", 320, 200)


def test_a_too_large_embedded_photo_is_refused_before_it_is_decoded(monkeypatch):
    from exporters import limits
    from exporters.resources import load_resources

    photo = (ARTICLES / "images" / "harbour-cranes.png").read_bytes()
    monkeypatch.setattr(limits, "MAX_IMAGE_BYTES", len(photo) - 1)
    monkeypatch.setattr(base64, "b64decode", lambda *args, **kwargs: pytest.fail("decoded before the size was checked"))
    article = Article(id="a", language="en", headline="H", lead_image=Image(src=data_uri(photo), alt="x"))
    with pytest.raises(ResourceError) as error:
        load_resources(article, None)
    assert str(error.value) == ("a: $.lead_image.src: image data:image/png (589 bytes) is larger than 0.0 MiB "
                                "(exporters.limits.MAX_IMAGE_BYTES)")


def test_a_too_large_embedded_photo_is_one_line_and_exit_2_through_the_command(tmp_path):
    """An input file cannot hold 20 MiB of photo (its own limit is 8 MiB), so the command runs with a lower image limit."""
    photo = (ARTICLES / "images" / "harbour-cranes.png").read_bytes()
    story = write_story(tmp_path, data_uri(photo))
    program = ("import sys; from exporters import limits; limits.MAX_IMAGE_BYTES = 500; "
               "from exporters.__main__ import run; raise SystemExit(run(sys.argv[1:]))")
    result = subprocess.run([sys.executable, "-c", program, "export", str(story), "--format", "txt", "-o",
                             str(tmp_path / "out")], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert one_line(result) == (f"exporters: {story}: $.lead_image.src: image data:image/png (589 bytes) is larger than "
                                "0.0 MiB (exporters.limits.MAX_IMAGE_BYTES)")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize("src, expected", [
    ("data:image/png;base64,iVBORw0KGgo%%%", "image data:image/png (10 bytes) is not valid base64: '%' at character 12"),
    ("data:text/plain;base64,SGVsbG8=", "image data:text/plain (5 bytes) refused: a data: image must be image/png, "
                                        "image/jpeg or image/gif"),
    ("data:image/webp;base64,UklGRg==", "refused: a data: image must be"),
    ("data:,Hello", "image data:(no media type) (5 bytes) refused"),
    ("data:image/gif;base64,iVBORw0KGgo=", "image data:image/gif (8 bytes) is not a readable image"),
])
def test_a_malformed_embedded_photo_is_one_line_and_exit_2(tmp_path, src, expected):
    result = run("export", write_story(tmp_path, src), "--format", "txt", "-o", tmp_path / "out")
    assert result.returncode == 2
    line = one_line(result)
    assert "$.lead_image.src: " in line and expected in line
    assert len(line) < 300, "the message names the media type and size, never the payload"


def test_a_data_link_stays_refused_while_a_data_image_is_taken(tmp_path):
    photo = (ARTICLES / "images" / "harbour-cranes.png").read_bytes()
    path = write_story(tmp_path, data_uri(photo))
    story = json.loads(path.read_text(encoding="utf-8"))
    story["body"][0]["content"].append({"type": "link", "href": data_uri(photo), "content": ["the photo"]})
    path.write_text(json.dumps(story), encoding="utf-8")
    result = run("export", path, "--format", "txt", "-o", tmp_path / "out")
    assert result.returncode == 2
    assert "$.body[0].content[1].href: link scheme 'data:' refused" in one_line(result)


def test_a_saved_page_keeps_an_embedded_photo_and_drops_a_data_link(tmp_path):
    photo = (ARTICLES / "images" / "night-reading-room.png").read_bytes()
    wrapped = "\n".join(data_uri(photo)[start:start + 76] for start in range(0, len(data_uri(photo)), 76))
    page = tmp_path / "page.html"
    page.write_text(f"""<!doctype html><html lang="en"><head><title>Library</title>
<meta property="og:title" content="The Library Stays Open at Night"><meta property="og:site_name" content="City Desk">
<meta property="article:published_time" content="2026-03-02T09:00:00+05:00"></head><body><article>
<h1>The Library Stays Open at Night</h1>
<p>The reading room now opens until midnight, the city said on Monday, for students and shift workers.</p>
<figure><img src="{wrapped}" alt="Lamps over long tables" width="320" height="200">
<figcaption>The reading room after dark. <small>Photo: A. Writer</small></figcaption></figure>
<p>A <a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">timetable</a> is posted at the door of the hall.</p>
<p>A <img src="data:image/svg+xml,%3Csvg%20onload%3Dalert(1)%3E" alt="logo"> vector logo is not a photo and is left out.</p>
</article></body></html>""", encoding="utf-8")
    imported = tmp_path / "imported.json"
    assert run("import", page, "-o", imported).returncode == 0
    article = read_article(imported).article
    assert [(image.src, image.alt, image.caption, image.credit) for image in figures(article)] == [
        (data_uri(photo), "Lamps over long tables", "The reading room after dark.", "Photo: A. Writer")]
    text = imported.read_text(encoding="utf-8")
    assert "data:text/html" not in text and "svg" not in text and "A timetable is posted" in text
    exported = run("export", imported, "--format", "docx", "-o", tmp_path / "out")
    assert exported.returncode == 0, exported.stderr
    with zipfile.ZipFile(tmp_path / "out" / "imported.docx") as package:
        assert [package.read(name) for name in package.namelist() if name.startswith("word/media/")] == [photo]


def test_messages_quote_an_embedded_photo_by_its_type_and_size():
    from exporters.resources import shown

    photo = (ARTICLES / "images" / "harbour-cranes.png").read_bytes()
    assert shown(data_uri(photo)) == "data:image/png (589 bytes)"
    assert shown("data:image/png," + "".join(f"%{byte:02X}" for byte in photo)) == "data:image/png (589 bytes)"


def test_a_markdown_image_may_be_embedded(tmp_path):
    photo = (ARTICLES / "images" / "harbour-cranes.png").read_bytes()
    story = tmp_path / "story.md"
    story.write_text("---\nid: md\nlanguage: en\nheadline: Cranes\n---\n\nA paragraph.\n\n"
                     f"![Three cranes]({data_uri(photo)} \"The quay at dawn.\")\n\nMore text.\n", encoding="utf-8")
    from exporters.resources import load_resources

    article = read_article(story).article
    assert [(image.src, image.alt, image.caption) for image in figures(article)] == [
        (data_uri(photo), "Three cranes", "The quay at dawn.")]
    assert [resource.data for resource in load_resources(article, story).values()] == [photo]


def test_an_embedded_photo_is_not_taken_for_a_file_beside_the_article(tmp_path, monkeypatch):
    """The check that no output overwrites an image file resolves file images only: a data: URI
    read as a path is thousands of folders deep (its base64 holds '/'), each looked up on disk."""
    import os

    from exporters.jobs import paths

    photo = (ARTICLES / "images" / "harbour-cranes.png").read_bytes()
    article = Article(id="a", language="en", headline="H", lead_image=Image(src=data_uri(photo), alt="x"),
                      body=(Figure(image=Image(src="images/chart.png", alt="y")),))
    looked_up: list[str] = []
    realpath = os.path.realpath
    monkeypatch.setattr(os.path, "realpath", lambda path, **kwargs: looked_up.append(os.fspath(path)) or realpath(path, **kwargs))
    paths.refuse_image_targets([tmp_path / "out" / "a.txt"], article, tmp_path / "story.json")
    assert looked_up and not [path for path in looked_up if "data:" in path]
    with pytest.raises(Exception) as error:
        paths.refuse_image_targets([tmp_path / "images" / "chart.png"], article, tmp_path / "story.json")
    assert "would be written over an image" in str(error.value)


def test_an_embedded_pixel_bomb_is_refused_like_a_file(tmp_path):
    """A small embedded PNG that declares a huge canvas is refused from its header, as the same file would be."""
    from conftest import BROKEN

    bomb = (BROKEN / "assets" / "pixel-bomb.png").read_bytes()
    result = run("export", write_story(tmp_path, data_uri(bomb)), "--format", "txt", "-o", tmp_path / "out")
    assert result.returncode == 2
    assert f"$.lead_image.src: image data:image/png ({len(bomb):,} bytes) " in one_line(result)
    assert "pixels" in one_line(result)


def test_a_linked_page_keeps_an_embedded_photo_embedded(tmp_path):
    """``-O html.images=link`` points each photo at its URL; a photo the article holds as a data: URI
    has none, so it stays embedded, the same bytes, beside its caption and credit."""
    from lxml import html as lxml_html

    photo = (ARTICLES / "images" / "harbour-cranes.png").read_bytes()
    story = write_story(tmp_path, data_uri(photo))
    page = tmp_path / "story.html"
    result = run("export", story, "--format", "html", "-O", "html.images=link", "-o", page)
    assert result.returncode == 0, result.stderr
    document = lxml_html.fromstring(page.read_bytes())
    [image] = document.iter("img")
    media, _, payload = image.get("src").partition(";base64,")
    assert media == "data:image/png" and base64.b64decode(payload) == photo
    assert image.get("alt") == "A harbour crane"
    caption = " ".join(document.xpath("//figcaption")[0].text_content().split())
    assert "The crane." in caption and "Photo: A. Writer" in caption

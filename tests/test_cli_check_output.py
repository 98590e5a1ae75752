"""What ``exporters check`` prints: one line per file, ``ok`` or its findings; one line for a
file that is not of its format; hints that fit files made by any tool; --json lists every file."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess

import pytest

from exporters import api

from test_cli import FULL, run


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("exported")
    result = run("export", FULL, "--format", "txt,docx,pdf", "-o", folder)
    assert result.returncode == 0, result.stderr
    return folder


def test_one_line_per_file_ok_or_its_findings(exported, tmp_path):
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"%PDF-1.7 this is not a PDF at all\n")
    files = [exported / "port-of-aktau.txt", exported / "port-of-aktau.docx", fake]
    result = run("check", *files)
    assert result.returncode == 1
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == f"{files[0]}: ok"
    assert lines[1] == f"{files[1]}: ok"
    assert lines[2].startswith(f"{fake}: error A214 pdf: cannot be read as pdf")
    assert lines[3] == "3 file(s) checked, 2 ok, 1 error(s), 0 warning(s)"
    assert len(lines) == 4


def test_a_single_clean_file_is_one_line(exported):
    result = run("check", exported / "port-of-aktau.pdf")
    assert result.returncode == 0
    assert result.stdout == f"{exported / 'port-of-aktau.pdf'}: ok\n"


def test_json_lists_every_checked_file_with_its_hash(exported, tmp_path):
    fake = tmp_path / "fake.docx"
    fake.write_text("not a zip", encoding="utf-8")
    files = [exported / "port-of-aktau.docx", fake]
    report = json.loads(run("check", *files, "--json").stdout)
    assert [entry["path"] for entry in report["files"]] == [str(f) for f in files]
    first, second = report["files"]
    assert first["format"] == "docx" and first["ok"] is True and first["findings"] == []
    assert first["sha256"] == hashlib.sha256(files[0].read_bytes()).hexdigest()
    assert second["ok"] is False and [f["code"] for f in second["findings"]] == ["A214"]
    assert report["exit_code"] == 1


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_hints_fit_a_file_made_by_another_tool(tmp_path):
    source = tmp_path / "note.md"
    source.write_text("---\ntitle: Grain prices\n---\n\nWheat rose.\n", encoding="utf-8")
    made = tmp_path / "note.docx"
    subprocess.run(["pandoc", str(source), "-o", str(made)], check=True)
    result = run("check", made)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any("A220" in line and "publisher" in line for line in lines), result.stdout
    for line in lines:
        assert "exporter" not in line.lower() and "re-export" not in line.lower() and "report a bug" not in line
        assert "in the tool that made it" in line


def test_a_newsletters_web_page_can_be_checked(tmp_path):
    from test_cli import ARTICLES

    result = run("newsletter", FULL, ARTICLES / "md-sample.md", "--title", "Morning", "--format", "html", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    page = tmp_path / "morning.html"
    checked = run("check", page, "--json")
    report = json.loads(checked.stdout)
    assert checked.returncode == 0 and [(f["path"], f["format"], f["ok"]) for f in report["files"]] == [(str(page), "html", True)]
    against = run("check", page, "--against", FULL, "--against", ARTICLES / "md-sample.md")
    assert against.returncode == 0 and against.stdout == f"{page}: ok\n", against.stdout
    from exporters.body import Paragraph

    plain = [block.content[0] for block in api.read(FULL).article.body
             if isinstance(block, Paragraph) and len(block.content) == 1 and isinstance(block.content[0], str)]
    page.write_text(page.read_text(encoding="utf-8").replace(plain[-1], ""), encoding="utf-8")
    damaged = run("check", page, "--against", FULL, "--against", ARTICLES / "md-sample.md")
    assert damaged.returncode == 1 and "A212" in damaged.stdout


def test_a_file_that_declares_nothing_is_one_line(tmp_path):
    page = tmp_path / "notes.html"
    page.write_text("just some words, no page at all\n", encoding="utf-8")
    result = run("check", page)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"{page}: error A220 html title, language, published, publisher, authors: "
                                          "missing from the file's metadata (hint: Add the missing field to the "
                                          "file's metadata in the tool that made it.)"]


def test_an_edition_of_two_newsrooms_passes_its_own_check(tmp_path):
    """An edition without a publisher of its own declares each of its articles' publishers;
    ``check`` looks for each of them in the text, whatever separator the format declares them with."""
    from test_cli import ARTICLES

    pavlodar = ARTICLES / "ru-pavlodar-winter-garden.json"
    formats = ("txt", "email", "html", "epub", "pdf", "docx")
    made = run("newsletter", FULL, pavlodar, "--title", "Two Desks", "--format", ",".join(formats), "-o", tmp_path)
    assert made.returncode == 0, made.stderr
    names = [api.read(path).article.publisher.name for path in (FULL, pavlodar)]
    assert names == ["Example News Desk", "Служба новостей «Пример»"]
    files = [tmp_path / f"two-desks.{suffix}" for suffix in ("txt", "eml", "html", "epub", "pdf", "docx")]
    checked = run("check", *files)
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.splitlines()[-1] == "6 file(s) checked, 6 ok, 0 error(s), 0 warning(s)"
    text = files[0].read_text(encoding="utf-8")
    header, body = text.split("\n\n", 1)
    files[0].write_text(header + "\n\n" + body.replace(names[1], "Другая служба"), encoding="utf-8")
    damaged = run("check", files[0])
    assert damaged.returncode == 1
    assert f"A209 txt publisher: publisher {names[1]!r} is declared but not shown" in damaged.stdout
    assert names[0] not in damaged.stdout


@pytest.mark.parametrize(("document", "place"), [
    ('{"version": "https://jsonfeed.org/version/1.1", "items": 3}', "Expected `array`, got `int` - at `$.items`"),
    ('{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1", "title": 5}]}',
     "Expected `str`, got `int` - at `$.items[0].title`"),
    ('{"version": "https://jsonfeed.org/version/1.1", "items": [], "authors": ["Desk"]}',
     "Expected `object`, got `str` - at `$.authors[0]`"),
])
def test_a_json_feed_of_the_wrong_shape_is_one_line_naming_the_place(tmp_path, document, place):
    """A JSON Feed found by its opening (any name) whose members are of the wrong kind is one A214
    line naming where, never the parser's own words about Python objects."""
    feed = tmp_path / "partners.json"
    feed.write_text(document, encoding="utf-8")
    result = run("check", feed)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    [line] = result.stdout.splitlines()
    assert line.startswith(f"{feed}: error A214 jsonfeed: cannot be read as jsonfeed: {place}")
    assert "of the format this line names" in line and "suffix" not in line

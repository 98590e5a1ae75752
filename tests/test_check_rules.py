"""What ``exporters check`` holds a file to, through the real command.

Without ``--against``, a file must show what it declares and declare what it shows,
and carry a title, language, date, publisher and an author (or the publisher
signing as one). With ``--against FOLDER``, each file is compared with its own
article, matched by id, never with every article of the folder.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx as python_docx
import pytest
from conftest import ARTICLES

from test_cli import FULL, run

MARAT = "Marat Example"


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("exported")
    result = run("export", ARTICLES, "--format", "txt,docx,epub", "-o", folder)
    assert result.returncode == 0, result.stderr
    feed = run("feed", ARTICLES / "port-of-aktau.json", ARTICLES / "md-sample.md", ARTICLES / "html-sample.html",
               "--format", "rss", "--site-url", "https://news.example.org/", "-o", folder / "three.rss")
    assert feed.returncode == 0, feed.stderr
    return folder


def edited_docx(source: Path, target: Path, author: str | None, drop_byline: bool) -> Path:
    """``source`` with its core author set (None: removed) and its byline paragraph removed, as a user might in Word."""
    shutil.copy(source, target)
    document = python_docx.Document(str(target))
    document.core_properties.author = author or ""
    if drop_byline:
        [byline] = [p for p in document.paragraphs if p.text == f"By {MARAT}"]
        byline._p.getparent().remove(byline._p)
    document.save(str(target))
    return target


def codes(result) -> list[str]:
    return [finding["code"] for entry in json.loads(result.stdout)["files"] for finding in entry["findings"]]


def test_a_clean_export_passes_alone(exported):
    result = run("check", *sorted(exported.glob("port-of-aktau.*")))
    assert result.returncode == 0, result.stdout


def test_an_author_removed_from_properties_and_byline_is_caught(exported, tmp_path):
    """The file still names its publisher, but no longer its author: that is not a signed article."""
    removed = edited_docx(exported / "port-of-aktau.docx", tmp_path / "no-author.docx", None, drop_byline=True)
    assert author_is_gone(removed)
    result = run("check", removed, "--json")
    assert result.returncode == 1
    [entry] = json.loads(result.stdout)["files"]
    [missing] = [f for f in entry["findings"] if f["code"] == "A220"]
    assert missing["field"] == "authors" and "author" in missing["message"]


def author_is_gone(path: Path) -> bool:
    """The edited file holds the author's name neither in its properties nor in its text."""
    document = python_docx.Document(str(path))
    shown = "\n".join(p.text for p in document.paragraphs)
    return document.core_properties.author == "" and f"By {MARAT}" not in shown


def test_a_file_shows_what_it_declares_and_declares_what_it_shows(exported, tmp_path):
    """Another name in the properties: declared but not shown (A204), and the byline's name undeclared (A203)."""
    swapped = edited_docx(exported / "port-of-aktau.docx", tmp_path / "swapped.docx", "Someone Else", drop_byline=False)
    result = run("check", swapped, "--json")
    assert result.returncode == 1
    found = json.loads(result.stdout)["files"][0]["findings"]
    assert any(f["code"] == "A204" and "Someone Else" in f["message"] for f in found), found
    assert any(f["code"] == "A203" and MARAT in f["message"] for f in found), found
    hidden = edited_docx(exported / "port-of-aktau.docx", tmp_path / "hidden.docx", MARAT, drop_byline=True)
    assert codes(run("check", hidden, "--json")) == ["A204"]


def test_a_text_export_missing_its_publisher_is_caught(exported, tmp_path):
    text = (exported / "port-of-aktau.txt").read_text(encoding="utf-8")
    edited = tmp_path / "no-publisher.txt"
    edited.write_text("\n".join(line for line in text.splitlines() if not line.startswith("Publisher: ")) + "\n",
                      encoding="utf-8")
    assert "A220" in codes(run("check", edited, "--json"))


def test_against_a_folder_matches_each_file_to_its_own_article(exported):
    files = sorted(path for path in exported.iterdir() if path.suffix in (".txt", ".docx", ".epub", ".rss"))
    assert len(files) >= 19
    result = run("check", *files, "--against", ARTICLES, "--json")
    report = json.loads(result.stdout)
    assert [entry["findings"] for entry in report["files"] if entry["findings"]] == []
    assert result.returncode == 0


def test_against_a_folder_without_the_files_article(exported, tmp_path):
    """A file whose article is not in the folder matches none (A223), instead of failing every comparison."""
    others = tmp_path / "others"
    others.mkdir()
    shutil.copy(ARTICLES / "md-sample.md", others)
    shutil.copytree(ARTICLES / "images", others / "images")
    result = run("check", exported / "port-of-aktau.txt", "--against", others, "--json")
    assert result.returncode == 1
    assert codes(result) == ["A223"]
    assert run("check", exported / "port-of-aktau.txt", "--against", FULL).returncode == 0


def test_against_another_named_article_is_one_a223_line(exported, tmp_path):
    """A file is matched by the id, URL or identifier it declares before anything is compared: named
    against another article, it is one A223 line, not a list of every field that differs."""
    for suffix in (".txt", ".docx", ".epub"):
        target = exported / f"port-of-aktau{suffix}"
        paired = run("check", target, "--against", ARTICLES / "md-sample.md")
        assert paired.returncode == 1, paired.stderr
        [line] = paired.stdout.splitlines()
        assert line.startswith(f"{target}: error A223 ") and "shows no headline" in line, line
        assert run("check", target, "--against", FULL).returncode == 0
    # a file another tool made declares an identifier of its own: its headline names the article
    foreign = tmp_path / "foreign.docx"
    shutil.copy(exported / "port-of-aktau.docx", foreign)
    document = python_docx.Document(str(foreign))
    document.core_properties.identifier = "urn:uuid:00000000-0000-4000-8000-000000000000"
    document.save(str(foreign))
    assert codes(run("check", foreign, "--against", FULL, "--json")) == []
    assert codes(run("check", foreign, "--against", ARTICLES / "md-sample.md", "--json")) == ["A223"]


def test_against_a_folder_checks_an_edition_by_the_headlines_it_shows(tmp_path):
    chosen = [ARTICLES / "port-of-aktau.json", ARTICLES / "md-sample.md"]
    made = run("newsletter", *chosen, "--title", "Two Stories", "--format", "docx", "-o", tmp_path / "edition")
    assert made.returncode == 0, made.stderr
    result = run("check", tmp_path / "edition" / "two-stories.docx", "--against", ARTICLES, "--json")
    assert result.returncode == 0, result.stdout

"""The command line as users run it: real processes, real files, exit codes and messages."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ARTICLES, BROKEN, ROOT

SEED = ARTICLES / "000_1c0508d7c4252433.txt"
FULL = ARTICLES / "port-of-aktau.json"
FORMAT_LIBRARIES = ("reportlab", "ebooklib", "docx", "feedgen", "trafilatura", "markdown_it", "lxml", "PIL", "jinja2", "rich")


def run(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "exporters", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=300)


def one_line(result: subprocess.CompletedProcess) -> str:
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_help_teaches_every_command():
    result = run("--help")
    assert result.returncode == 0
    for command in ("export", "newsletter", "feed", "check", "import", "formats", "schema"):
        assert command in result.stdout
    assert "examples:" in run("export", "--help").stdout


def modules_after(argv: list[str], watched: tuple[str, ...], env: dict | None = None) -> list[str]:
    """Which of ``watched`` a fresh process holds in ``sys.modules`` after running the command line."""
    code = (
        "import sys, contextlib, io\n"
        "from exporters.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        f"    try: main({argv!r})\n"
        "    except SystemExit: pass\n"
        f"print(sorted(m for m in {watched!r} if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, **(env or {})})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().replace("'", '"'))


#: What no run pays for unless it needs it: the plugin scan, the ninjs reader, every format's module.
START_UP_EXTRAS = ("importlib.metadata", "exporters.readers.ninjs", "zipfile", "nh3",
                   *(f"exporters.formats.{name}" for name in ("txt", "epub", "pdf", "docx", "feed", "email", "html",
                                                               "ninjs", "jsonld")))


@pytest.mark.parametrize("argv", [["--help"], ["import", str(FULL)], ["formats"], ["schema"]])
def test_start_up_imports_no_format_library(argv):
    assert modules_after(argv, FORMAT_LIBRARIES + START_UP_EXTRAS) == []


#: The libraries each built-in format may import (Pillow verifies the article's photo the first time).
FORMAT_NEEDS = {
    "txt": {"PIL", "exporters.formats.txt"},
    "epub": {"PIL", "ebooklib", "lxml", "jinja2", "zipfile", "exporters.formats.epub"},
    "docx": {"PIL", "docx", "lxml", "zipfile", "exporters.formats.docx"},
    "rss": {"PIL", "feedgen", "lxml", "exporters.formats.feed"},
}


@pytest.mark.parametrize("name", sorted(FORMAT_NEEDS))
def test_an_export_imports_only_what_its_format_needs(name, tmp_path):
    """No plugin scan without plugins, no other format's library, no template engine where none is filled."""
    argv = ["export", str(FULL), "--format", name, "-o", str(tmp_path / "out")]
    fresh = {"EXPORTERS_CACHE_DIR": str(tmp_path / "cache")}  # nothing remembered: Pillow verifies the photo
    assert set(modules_after(argv, FORMAT_LIBRARIES + START_UP_EXTRAS, fresh)) == FORMAT_NEEDS[name]


def test_unknown_format_lists_the_formats(tmp_path):
    result = run("export", FULL, "--format", "odt", "-o", tmp_path)
    assert result.returncode == 2
    line = one_line(result)
    assert "unknown format 'odt'" in line and "txt" in line and "all" in line


def test_no_format_is_a_usage_error(tmp_path):
    result = run("export", FULL, "-o", tmp_path)
    assert result.returncode == 2 and "--format" in one_line(result)


def test_format_inferred_from_output_suffix(tmp_path):
    target = tmp_path / "story.txt"
    result = run("export", FULL, "-o", target)
    assert result.returncode == 0, result.stderr
    assert target.read_text(encoding="utf-8").startswith("Title: Caspian Port Doubles Grain Shipments")


def test_format_list_forms_are_equivalent(tmp_path):
    assert run("export", FULL, "--format", "txt,text", "-o", tmp_path / "a").returncode == 0
    assert run("export", FULL, "--format", "txt", "--format", "text", "-o", tmp_path / "b").returncode == 0
    assert (tmp_path / "a" / "port-of-aktau.txt").read_bytes() == (tmp_path / "b" / "port-of-aktau.txt").read_bytes()


def test_unwritable_output_folder_is_one_clear_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run("export", FULL, "--format", "txt", "-o", blocker / "out")
    assert result.returncode == 2
    assert "cannot create output folder" in one_line(result)


def test_one_bad_article_among_good_ones(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.json").write_bytes(FULL.read_bytes())
    shutil.copytree(ARTICLES / "images", inputs / "images")
    (inputs / "bad.json").write_text('{"id": "x", "language": "en"}', encoding="utf-8")
    result = run("export", inputs, "--format", "txt", "-o", tmp_path / "out")
    assert result.returncode == 1
    assert (tmp_path / "out" / "good.txt").is_file()
    assert not (tmp_path / "out" / "bad.txt").exists()
    assert "bad.json" in result.stderr and "headline" in result.stderr and "Traceback" not in result.stderr


def test_json_report_lists_outputs_with_hashes(tmp_path):
    import hashlib

    result = run("export", FULL, "--format", "txt", "-o", tmp_path, "--json")
    report = json.loads(result.stdout)
    output = report["results"][0]["outputs"][0]
    assert output["format"] == "txt"
    assert output["sha256"] == hashlib.sha256(Path(output["path"]).read_bytes()).hexdigest()
    assert report["exit_code"] == 0


def test_no_partial_files_are_left(tmp_path):
    run("export", FULL, "--format", "txt", "-o", tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".exporters-manifest.jsonl", "port-of-aktau.txt"]


def test_outputs_are_byte_identical_across_runs(tmp_path):
    run("export", FULL, "--format", "all", "-o", tmp_path / "a")
    run("export", FULL, "--format", "all", "-o", tmp_path / "b")
    first = sorted(p for p in (tmp_path / "a").iterdir() if not p.name.startswith("."))
    assert first
    for path in first:
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name


# -- the seed page -----------------------------------------------------------------


def test_seed_exports_to_text_word_for_word(tmp_path):
    result = run("export", SEED, "--format", "txt", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / f"{SEED.stem}.txt").read_text(encoding="utf-8")
    page = SEED.read_text(encoding="utf-8").splitlines()
    start = page.index("In brief comments to reporters on January 16 before a scheduled luncheon, Nazarbaev also congratulated Trump on his first year in office.")
    end = page.index("With reporting by Reuters, AFP, TASS, AP, and Interfax")
    paragraphs = [line for line in page[start:end] if len(line.split()) > 8 and not line.startswith("ALSO READ")]
    assert len(paragraphs) > 25
    position = 0
    for paragraph in paragraphs:
        found = text.find(paragraph, position)
        assert found >= 0, paragraph
        position = found
    assert "With reporting by Reuters, AFP, TASS, AP, and Interfax" in text
    assert 'RFE/RL has been declared an "undesirable organization" by the Russian government.' in text
    assert "Accessibility links" not in text and "Breaking News" not in text


def test_seed_without_sidecar_names_missing_date_and_publisher(tmp_path):
    bare = tmp_path / "page.txt"
    bare.write_bytes(SEED.read_bytes())
    result = run("export", bare, "--format", "txt", "-o", tmp_path / "out")
    assert result.returncode == 1
    assert "M103" in result.stderr and "published" in result.stderr.lower()
    assert "M104" in result.stderr and "publisher" in result.stderr.lower()
    assert not (tmp_path / "out" / "page.txt").exists()


def test_seed_with_meta_options_instead_of_sidecar(tmp_path):
    bare = tmp_path / "page.txt"
    bare.write_bytes(SEED.read_bytes())
    result = run("export", bare, "--format", "txt", "-o", tmp_path / "out",
                 "--meta", "publisher=RFE/RL", "--meta", "published=2018-01-16", "--meta", "language=en")
    assert result.returncode == 0, result.stderr


def test_check_reports_a_deleted_credit_line(tmp_path):
    run("export", SEED, "--format", "txt", "-o", tmp_path)
    exported = tmp_path / f"{SEED.stem}.txt"
    assert run("check", exported).returncode == 0
    assert run("check", exported, "--against", SEED).returncode == 0
    lines = exported.read_text(encoding="utf-8").splitlines()
    edited = [line for line in lines if line != "With reporting by Reuters, AFP, TASS, AP, and Interfax"]
    assert len(edited) == len(lines) - 1
    exported.write_text("\n".join(edited) + "\n", encoding="utf-8")
    alone = run("check", exported)
    assert alone.returncode == 1 and "A221" in alone.stdout and "Reuters" in alone.stdout
    against = run("check", exported, "--against", SEED)
    assert against.returncode == 1 and "A206" in against.stdout and "Interfax" in against.stdout


def test_check_refuses_unknown_files(tmp_path):
    other = tmp_path / "notes.xyz"
    other.write_text("x")
    result = run("check", other)
    assert result.returncode == 2 and "not a file of a known format" in one_line(result)


def test_import_writes_canonical_json_and_lists_guesses(tmp_path):
    target = tmp_path / "seed.json"
    result = run("import", SEED, "-o", target)
    assert result.returncode == 0, result.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["headline"] == "Nazarbaev Thanks Trump For Backing Kazakh Independence"
    assert "guessed" in result.stderr


def test_missing_image_names_the_file(tmp_path):
    article = json.loads(FULL.read_text(encoding="utf-8"))
    article["lead_image"]["src"] = "images/missing.png"
    source = tmp_path / "story.json"
    source.write_text(json.dumps(article), encoding="utf-8")
    result = run("export", source, "--format", "txt", "-o", tmp_path / "out")
    assert result.returncode == 2
    line = one_line(result)
    assert "story.json" in line and "$.lead_image.src" in line and "missing.png" in line


# -- broken inputs -------------------------------------------------------------------


def broken_cases() -> list[tuple[str, str]]:
    table = BROKEN / "expected-errors.tsv"
    if not table.is_file():
        return []
    rows = [line.split("\t", 1) for line in table.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return [(name, expected) for name, expected in rows]


def test_every_broken_file_is_listed():
    from exporters.readers import article_files

    listed = {name for name, _ in broken_cases()}
    present = {path.relative_to(BROKEN).as_posix() for path in article_files(BROKEN)}
    assert present and present <= listed | {name for name in present if name.startswith("assets/")}


@pytest.mark.parametrize("name, expected", broken_cases())
def test_broken_input_fails_with_one_line(tmp_path, name, expected):
    result = run("export", BROKEN / name, "--format", "txt", "-o", tmp_path)
    assert result.returncode == 2, result.stderr
    line = one_line(result)
    assert name.split("/")[-1] in line and expected in line
    assert not any(tmp_path.iterdir())


def test_a_format_that_cannot_take_an_article_is_a_warning_only_under_all(tmp_path):
    every = run("export", SEED, "--format", "all", "-o", tmp_path / "all")
    assert every.returncode == 0, every.stderr
    assert "warning A222 rss" in every.stderr
    assert not (tmp_path / "all" / f"{SEED.stem}.rss").exists()
    named = run("export", SEED, "--format", "rss", "-o", tmp_path / "named")
    assert named.returncode == 1 and "error A222 rss" in named.stderr


def test_a_file_named_for_one_format_is_not_written_as_another(tmp_path):
    target = tmp_path / "story.pdf"
    result = run("export", str(ARTICLES / "port-of-aktau.json"), "--format", "txt", "-o", str(target))
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "names a pdf file, but --format asks for txt" in result.stderr
    assert list(tmp_path.iterdir()) == []
    same = run("export", str(ARTICLES / "port-of-aktau.json"), "--format", "pdf", "-o", str(target))
    assert same.returncode == 0, same.stderr
    assert target.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("publisher", ["Alpha;Beta News", "Alpha\\Beta News"])
def test_a_publisher_with_a_field_separator_in_its_name_passes_its_own_check(tmp_path, publisher):
    article = json.loads((ARTICLES / "port-of-aktau.json").read_text(encoding="utf-8"))
    article["publisher"] = {"name": publisher}
    shutil.copytree(ARTICLES / "images", tmp_path / "images")
    source = tmp_path / "story.json"
    source.write_text(json.dumps(article, ensure_ascii=False), encoding="utf-8")
    result = run("export", str(source), "--format", "txt,email,html,docx", "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert publisher in (tmp_path / "out" / "story.txt").read_text(encoding="utf-8")


def test_format_all_is_every_format_but_the_two_the_feed_command_adds(tmp_path):
    """As the design has it: ``all`` is txt ... jsonld; JSON Feed and the news sitemap are the feed
    command's, and export makes them only when they are named."""
    every = run("export", FULL, "--format", "all", "-o", tmp_path / "all", "--json")
    assert every.returncode == 0, every.stderr
    made = [output["format"] for output in json.loads(every.stdout)["results"][0]["outputs"]]
    assert made == ["txt", "epub", "pdf", "docx", "rss", "atom", "email", "html", "ninjs", "jsonld"]
    assert not list((tmp_path / "all").glob("*.feed.json")) and not list((tmp_path / "all").glob("*.sitemap.xml"))
    named = run("export", FULL, "--format", "all,jsonfeed,news-sitemap", "-o", tmp_path / "named", "--json")
    assert named.returncode == 0, named.stderr
    made = [output["format"] for output in json.loads(named.stdout)["results"][0]["outputs"]]
    assert made[-2:] == ["jsonfeed", "news-sitemap"] and len(made) == 12
    assert "all for every format but jsonfeed and news-sitemap" in " ".join(run("export", "--help").stdout.split()).replace("'", "")

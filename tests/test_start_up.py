"""What a new process reuses from disk (compiled templates) changes no byte of any output."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ARTICLES, ROOT
from exporters.templates import cache_folder

FULL = ARTICLES / "port-of-aktau.json"
KAZAKH = ARTICLES / "kk-mangystau-wind-station.json"
TEMPLATED = "epub,email,html"


def export(cache: Path, out: Path) -> dict[str, str]:
    """Export two articles in every templated format in a fresh process; SHA-256 of every output by name."""
    env = {**os.environ, "EXPORTERS_CACHE_DIR": str(cache)}
    result = subprocess.run([sys.executable, "-m", "exporters", "export", str(FULL), str(KAZAKH), "--format", TEMPLATED,
                             "--jobs", "1", "-o", str(out)], capture_output=True, text=True, cwd=ROOT, env=env)
    assert result.returncode == 0, result.stderr
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(out.iterdir())
            if not path.name.startswith(".")}


def entries(cache: Path) -> dict[str, int]:
    folder = cache / "newsroom-exporters" / "templates"
    return {path.name: path.stat().st_mtime_ns for path in folder.iterdir()} if folder.is_dir() else {}


def test_compiled_templates_are_reused_and_change_nothing(tmp_path):
    cache = tmp_path / "cache"
    cold = export(cache, tmp_path / "cold")
    compiled = entries(cache)
    assert len(compiled) >= 3, "every template filled (book, chapter, message, page...) is kept"
    warm = export(cache, tmp_path / "warm")
    assert entries(cache) == compiled, "a second process loads the compiled templates instead of writing them again"
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    uncached = export(blocked, tmp_path / "uncached")  # the cache cannot be made: every template is compiled
    assert len(cold) == 6 and cold == warm == uncached


def test_a_damaged_cache_entry_is_compiled_again(tmp_path):
    cache = tmp_path / "cache"
    first = export(cache, tmp_path / "first")
    for name in entries(cache):
        (cache / "newsroom-exporters" / "templates" / name).write_bytes(b"j2\x00damaged")
    assert export(cache, tmp_path / "second") == first


def test_the_cache_lives_in_the_users_cache_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("EXPORTERS_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_folder() == tmp_path / "newsroom-exporters" / "templates"


def test_a_verified_photo_is_not_decoded_again_and_changes_nothing(tmp_path):
    """The second process finds the photo's type and size in the cache and never imports Pillow."""
    cache = tmp_path / "cache"
    first = export(cache, tmp_path / "first")
    remembered = sorted((cache / "newsroom-exporters" / "images").glob("*.json"))
    assert remembered, "the verified photos are remembered by the SHA-256 of their bytes"
    code = ("import sys\nfrom exporters.cli import main\n"
            f"main(['export', {str(FULL)!r}, '--format', 'txt', '-o', {str(tmp_path / 'txt')!r}])\n"
            "print('PIL' in sys.modules)\n")
    env = {**os.environ, "EXPORTERS_CACHE_DIR": str(cache)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env)
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr
    for entry in remembered:  # a damaged entry: Pillow decodes the photo again
        entry.write_text("{not json", encoding="utf-8")
    assert export(cache, tmp_path / "second") == first


def test_a_photo_remembered_under_other_limits_is_decoded_again(tmp_path, monkeypatch):
    from PIL import Image

    from exporters import cache, limits, resources

    monkeypatch.setenv("EXPORTERS_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(cache, "_on_disk", True)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", Image.MAX_IMAGE_PIXELS)  # Pillow's limit is set from ours: restore it
    data = (ARTICLES / "images").glob("*.png").__next__().read_bytes()
    first = resources._verify(data, "story.json", "$.lead_image", "images/a.png")
    monkeypatch.setattr(limits, "MAX_IMAGE_PIXELS", 10)
    with pytest.raises(resources.ResourceError, match="too many pixels|declares"):
        resources._verify(data, "story.json", "$.lead_image", "images/a.png")
    assert first.width and first.height


def test_a_parsed_pdf_style_is_reused_without_yaml_and_changes_nothing(tmp_path, monkeypatch):
    """The command line's second process takes the shipped PDF style from the cache and never
    imports PyYAML; a damaged entry, or a changed file, is parsed again; a render through the
    library neither reads nor writes the cache."""
    from exporters import cache as cache_switch
    from exporters.formats.pdf.style import _parse_yaml, load_style, shipped_style_path

    cache = tmp_path / "cache"
    env = {**os.environ, "EXPORTERS_CACHE_DIR": str(cache)}
    library = (f"from exporters import api\napi.render(api.read_bundle([{str(FULL)!r}]), 'pdf')\n"
               "import sys\nprint('yaml' in sys.modules)\n")

    def run(number: int) -> tuple[str, str]:
        out = tmp_path / f"out{number}"
        code = ("import sys\nfrom exporters.cli import main\n"
                f"main(['export', {str(FULL)!r}, '--format', 'pdf', '-o', {str(out)!r}])\n"
                "print('yaml' in sys.modules)\n")
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env)
        assert result.returncode == 0, result.stderr
        (pdf,) = out.glob("*.pdf")
        return result.stdout.split()[-1], hashlib.sha256(pdf.read_bytes()).hexdigest()

    result = subprocess.run([sys.executable, "-c", library], capture_output=True, text=True, cwd=ROOT, env=env)
    assert result.stdout.split() == ["True"] and not (cache / "newsroom-exporters" / "styles").exists()
    first, second = run(1), run(2)
    assert (first[0], second[0]) == ("True", "False") and first[1] == second[1]
    (entry,) = (cache / "newsroom-exporters" / "styles").glob("*.json")
    entry.write_text("{not json", encoding="utf-8")
    assert run(3) == first
    monkeypatch.setenv("EXPORTERS_CACHE_DIR", str(cache))
    monkeypatch.setattr(cache_switch, "_on_disk", True)
    house = tmp_path / "house.yaml"
    for size in ("Letter", "A4"):  # the same path with other text is another entry
        house.write_text(f"page:\n  size: {size}\n", encoding="utf-8")
        _parse_yaml.cache_clear()
        assert load_style(house).page.size == size
    _parse_yaml.cache_clear()
    assert load_style(shipped_style_path()) == load_style()


def test_a_render_through_the_library_writes_nothing_in_the_cache(tmp_path):
    """Exporters are pure: only the command line and the jobs keep a cache on disk. A program
    that reads (photos verified) and renders through the library (a fresh process, every templated
    format) makes no cache folder at all, and renders the same bytes as the command line."""
    cache = tmp_path / "cache"
    code = ("import hashlib, json, sys\nfrom pathlib import Path\nfrom exporters import api\n"
            f"bundle = api.read_bundle([Path({str(FULL)!r})])\n"
            "before = sorted(str(p) for p in Path(sys.argv[1]).rglob('*'))\n"
            f"digests = {{name: hashlib.sha256(api.render(bundle, name).data).hexdigest() for name in {TEMPLATED!r}.split(',')}}\n"
            "after = sorted(str(p) for p in Path(sys.argv[1]).rglob('*'))\n"
            "print(json.dumps({'before': before, 'after': after, 'digests': digests}))\n")
    env = {**os.environ, "EXPORTERS_CACHE_DIR": str(cache), "XDG_CACHE_HOME": str(tmp_path / "xdg"),
           "HOME": str(tmp_path / "home")}
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, cwd=ROOT,
                            env=env)
    assert result.returncode == 0, result.stderr
    import json

    seen = json.loads(result.stdout)
    assert seen["after"] == seen["before"], "rendering wrote into the cache"
    assert not cache.exists(), "reading or rendering through the library made a cache entry"
    exported = export(tmp_path / "cli-cache", tmp_path / "out")  # the command line does keep them
    assert entries(tmp_path / "cli-cache")
    assert {digest for name, digest in exported.items() if name.startswith("port-of-aktau")} == set(seen["digests"].values())


#: Loaded by no one-article export: the other formats' libraries, the readers and parsers the input
#: does not need, the plugin metadata scan, and what a photo verified before needs no more (Pillow).
NEVER = {"reportlab", "feedgen", "pypdf", "uharfbuzz", "pymupdf_fonts", "PIL", "yaml", "markdown_it", "trafilatura",
         "nh3", "rich", "importlib.metadata", "email", "dataclasses", "exporters.readers.markdown",
         "exporters.readers.html", "exporters.readers.scraped", "exporters.jobs.pool"}
#: What each format must not load besides: the other formats' libraries; for txt also zip and XML;
#: and the json module, which only --json and the resume journal need (``-o FILE`` keeps none).
NOT_LOADED = {
    "txt": NEVER | {"jinja2", "lxml", "docx", "ebooklib", "zipfile", "json", "exporters.formats.epub",
                    "exporters.formats.docx"},
    "epub": NEVER | {"docx", "exporters.formats.docx", "exporters.formats.txt"},
    "docx": NEVER | {"jinja2", "ebooklib", "json", "exporters.formats.epub", "exporters.formats.txt"},
}


def loaded_by_export(tmp_path: Path, fmt: str, output: Path) -> set[str]:
    """Every module a fresh ``exporters export`` process of the full sample has loaded when it ends
    (the photo already verified by an earlier process, as on every run after the first)."""
    code = ("import sys\nfrom exporters.cli import main\n"
            f"code = main(['export', {str(FULL)!r}, '--format', {fmt!r}, '-o', {str(output)!r}])\n"
            "print(code, ' '.join(sorted(sys.modules)))\n")
    env = {**os.environ, "EXPORTERS_CACHE_DIR": str(tmp_path / "cache")}
    for _ in range(2):
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env)
    status, *modules = result.stdout.split()
    assert status == "0", result.stderr
    return set(modules)


@pytest.mark.parametrize("fmt", sorted(NOT_LOADED))
def test_a_one_article_export_loads_only_what_its_format_needs(tmp_path, fmt):
    """Start-up is most of a one-article export: what a run does not need is never imported
    (no timing here; the benchmark measures the time)."""
    loaded = loaded_by_export(tmp_path, fmt, tmp_path / f"story.{fmt}")
    assert f"exporters.formats.{fmt}" in loaded and "msgspec" in loaded, "the run itself is seen"
    assert sorted(loaded & NOT_LOADED[fmt]) == []
    assert "exporters.jobs.code_digest" not in loaded, "-o FILE keeps no journal: no digest of the toolkit"


def test_a_run_into_a_folder_journals_with_the_toolkits_digest(tmp_path):
    loaded = loaded_by_export(tmp_path, "txt", tmp_path / "out")
    assert {"json", "exporters.jobs.code_digest"} <= loaded
    assert sorted(loaded & (NOT_LOADED["txt"] - {"json"})) == []
    assert (tmp_path / "out" / ".exporters-manifest.jsonl").read_text(encoding="utf-8").count("\n") == 1


def _help(parser, argv: list[str], capsys) -> str:
    with pytest.raises(SystemExit):
        parser.parse_args(argv)
    return capsys.readouterr().out


@pytest.mark.parametrize("command", ["export", "newsletter", "feed", "check", "import", "formats", "schema"])
def test_a_run_builds_only_its_command_and_helps_the_same(command, capsys):
    """A run adds only the command it names to the parser; its help page is unchanged, and a run
    naming no known command (``--help``, a typo) gets every command."""
    from exporters.cli import _command_in, build_parser

    assert _command_in([command, "--help"]) == command
    assert _help(build_parser(command), [command, "--help"], capsys) == _help(build_parser(), [command, "--help"], capsys)
    assert _command_in(["--help"]) is None and _command_in(["exprot", "story.json"]) is None
    assert f"    {command}" in _help(build_parser(_command_in(["--help"])), ["--help"], capsys)


def test_only_the_command_itself_sets_its_start_up_aside_from_the_garbage_collector():
    """The console script (``run``) freezes what start-up loaded and still collects the run's own
    cycles; ``main``, which programs and tests call again and again, leaves the collector alone."""
    code = ("import contextlib, gc, io, sys\nfrom exporters import cli\nfrom exporters.__main__ import run\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    cli.main(['schema'])\n"
            "before = gc.get_freeze_count()\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    run(['schema'])\n"
            "cycle = []\ncycle.append(cycle)\ndel cycle\n"
            "print(before, gc.get_freeze_count() > 0, gc.isenabled(), gc.collect() >= 1)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.split() == ["0", "True", "True", "True"], result.stderr

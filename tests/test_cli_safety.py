"""No run loses a file: outputs never replace inputs, each other, links, or another edition's manifest."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from exporters import api
from test_cli import ARTICLES, FULL, ROOT, one_line, run


def run_bytes(*args, stdin: bytes = b"", cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """The command line with bytes on standard input and standard output taken as bytes."""
    return subprocess.run([sys.executable, "-m", "exporters", *map(str, args)], cwd=cwd, input=stdin,
                          capture_output=True, env=dict(os.environ), timeout=300)


def test_two_editions_in_one_folder_keep_both_manifests(tmp_path):
    out = tmp_path / "out"
    for title in ("Morning Brief", "Evening Brief"):
        result = run("newsletter", FULL, ARTICLES / "kk-mangystau-wind-station.json", "--title", title,
                     "--format", "txt", "-o", out)
        assert result.returncode == 0, result.stderr
    for slug in ("morning-brief", "evening-brief"):
        manifest = json.loads((out / f"{slug}.manifest.json").read_text(encoding="utf-8"))
        assert [entry["path"] for entry in manifest["files"]] == [f"{slug}.txt"]
        [entry] = manifest["files"]
        assert entry["sha256"] == hashlib.sha256((out / f"{slug}.txt").read_bytes()).hexdigest()
    assert not (out / "manifest.json").exists()


SEED = ARTICLES / "000_1c0508d7c4252433.txt"


def seed_copy(folder):
    folder.mkdir(parents=True, exist_ok=True)
    for source in (SEED, SEED.with_name(SEED.stem + ".meta.yaml")):
        shutil.copy(source, folder / source.name)
    return folder / SEED.name


def story_copy(path, source=FULL):
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, path)
    shutil.copytree(source.parent / "images", path.parent / "images", dirs_exist_ok=True)
    return path


def test_an_export_never_writes_over_its_input(tmp_path):
    page = seed_copy(tmp_path / "ow")
    before = page.read_bytes()
    result = run("export", page, "--format", "txt", "-o", tmp_path / "ow")
    assert result.returncode == 2
    line = one_line(result)
    assert f"would be written over the input {page}" in line and "nothing was written" in line
    assert page.read_bytes() == before
    assert sorted(p.name for p in page.parent.iterdir()) == sorted([SEED.name, SEED.stem + ".meta.yaml"])


def test_an_export_through_a_link_never_writes_over_a_sidecar_or_an_image(tmp_path):
    page = seed_copy(tmp_path / "in")
    sidecar = page.with_name(SEED.stem + ".meta.yaml")
    link = tmp_path / "notes.txt"
    link.symlink_to(sidecar)
    result = run("export", page, "-o", link)
    assert result.returncode == 2 and f"over the input {sidecar}" in one_line(result)
    story = story_copy(tmp_path / "story" / "story.json")
    image = story.parent / "images" / "harbour-cranes.png"
    before = image.read_bytes()
    link = tmp_path / "story.txt"
    link.symlink_to(image)
    result = run("export", story, "-o", link)
    assert result.returncode == 2 and "over an image of" in one_line(result)
    assert image.read_bytes() == before and link.is_symlink()


def test_inputs_with_one_stem_keep_their_folders_under_out(tmp_path):
    first = story_copy(tmp_path / "coll" / "a" / "story.json")
    second = story_copy(tmp_path / "coll" / "b" / "story.md", ARTICLES / "md-sample.md")
    result = run("export", tmp_path / "coll", "--format", "txt", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    for source, written in ((first, "a/story.txt"), (second, "b/story.txt")):
        headline = api.read(source).article.headline
        assert api.make_exporter("txt").inspect((tmp_path / "out" / written).read_bytes()).title == headline


def test_inputs_that_would_still_share_an_output_are_refused(tmp_path):
    story_copy(tmp_path / "coll" / "story.json")
    story_copy(tmp_path / "coll" / "story.md", ARTICLES / "md-sample.md")
    result = run("export", tmp_path / "coll", "--format", "txt,pdf", "-o", tmp_path / "out")
    assert result.returncode == 2
    line = one_line(result)
    assert "story.json and" in line and "story.md would both be written to" in line
    assert not (tmp_path / "out").exists()


def test_exporting_a_folder_twice_never_reads_its_outputs(tmp_path):
    story_copy(tmp_path / "story.json")
    seed_copy(tmp_path)
    single = run("export", tmp_path / "story.json", "-o", tmp_path / "alone.txt", cwd=tmp_path)
    assert single.returncode == 0, single.stderr
    feed = run("export", tmp_path / "story.json", "-o", tmp_path / "alone.feed.json", cwd=tmp_path)
    assert feed.returncode == 0, feed.stderr
    elsewhere = run("export", ".", "--format", "txt", "-o", "exports", cwd=tmp_path)
    assert elsewhere.returncode == 0, elsewhere.stderr
    for attempt in range(2):
        result = run("export", ".", "--format", "txt", "--json", "--rebuild", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        inputs = sorted(entry["input"] for entry in json.loads(result.stdout)["results"])
        assert inputs == [SEED.name, "story.json"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".exporters-manifest.jsonl", SEED.stem + ".txt", "story.txt"]


def test_output_through_a_link_writes_its_target_and_keeps_the_link(tmp_path):
    target = tmp_path / "kept" / "story.txt"
    target.parent.mkdir()
    link = tmp_path / "latest.txt"
    link.symlink_to(target)
    result = run("export", FULL, "-o", link)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and link.resolve() == target
    assert api.make_exporter("txt").inspect(target.read_bytes()).title == api.read(FULL).article.headline


def test_dev_stdout_is_written_as_a_stream_and_stays_a_link(tmp_path):
    result = run("export", FULL, "--format", "txt", "-o", "/dev/stdout")
    assert result.returncode == 0, result.stderr
    assert api.make_exporter("txt").inspect(result.stdout.encode()).title == api.read(FULL).article.headline
    assert Path("/dev/stdout").is_symlink()


def test_dash_is_standard_output_for_one_output(tmp_path):
    result = run_bytes("export", FULL, "--format", "pdf", "-o", "-")
    assert result.returncode == 0, result.stderr
    assert api.make_exporter("pdf").inspect(result.stdout).title == api.read(FULL).article.headline
    several = run("export", FULL, "--format", "pdf,txt", "-o", "-")
    assert several.returncode == 2 and "names one file" in one_line(several)
    imported = run("import", FULL, "-o", "-")
    assert imported.returncode == 0 and json.loads(imported.stdout)["headline"] == api.read(FULL).article.headline
    assert not (ROOT / "-").exists()


def test_dash_as_input_reads_standard_input(tmp_path):
    markdown = (ARTICLES / "md-sample.md").read_bytes()
    expected = api.read(ARTICLES / "md-sample.md").article
    for kind in ([], ["--from", "md"]):
        result = run_bytes("import", "-", *kind, stdin=markdown, cwd=ARTICLES)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["headline"] == expected.headline
    exported = run_bytes("export", "-", "--format", "txt", "-o", tmp_path, stdin=markdown, cwd=ARTICLES)
    assert exported.returncode == 0, exported.stderr
    assert api.make_exporter("txt").inspect((tmp_path / "stdin.txt").read_bytes()).title == expected.headline
    wrong = run_bytes("import", "-", "--from", "json", stdin=markdown)
    assert wrong.returncode == 2 and wrong.stderr.decode().startswith("exporters: <stdin>.json: line 1")


def test_newsletter_feed_and_import_never_write_over_an_input(tmp_path):
    seed = seed_copy(tmp_path / "desk")
    page = seed.with_name("morning.txt")
    seed.rename(page)
    seed.with_name(SEED.stem + ".meta.yaml").rename(page.with_name("morning.meta.yaml"))
    before = page.read_bytes()
    edition = run("newsletter", page, "--title", "Morning", "--format", "txt", "-o", tmp_path / "desk")
    assert edition.returncode == 2 and f"over the input {page}" in one_line(edition)
    story = story_copy(tmp_path / "feed" / "story.json")
    link = tmp_path / "feed" / "latest.rss"
    link.symlink_to(story.name)
    feed = run("feed", story, "--format", "rss", "-o", link)
    assert feed.returncode == 2 and f"over the input {story}" in one_line(feed)
    imported = run("import", story, "-o", tmp_path / "feed" / "story.meta.yaml")
    assert imported.returncode == 2 and "over the input" in one_line(imported)
    assert page.read_bytes() == before and story.read_bytes() == FULL.read_bytes()
    assert not (tmp_path / "feed" / "story.meta.yaml").exists()


def test_a_web_page_this_toolkit_wrote_is_not_read_as_a_saved_page(tmp_path):
    story = story_copy(tmp_path / "story.json")
    assert run("export", story, "-o", tmp_path / "story-page.html").returncode == 0
    result = run("export", tmp_path, "--format", "txt", "-o", tmp_path / "out", "--json")
    assert result.returncode == 0, result.stderr
    assert [entry["input"] for entry in json.loads(result.stdout)["results"]] == [str(story)]


def test_a_ninjs_file_this_toolkit_wrote_is_not_read_as_a_second_copy(tmp_path):
    """ninjs has no generator property: our files declare the toolkit as their ``profile``, and a
    folder read again skips them, for 3.1 and 2.1 alike; a partner's ninjs beside them is read."""
    story = story_copy(tmp_path / "desk" / "story.json")
    for version, name in (("3.1", "story.ninjs.json"), ("2.1", "story-2.ninjs.json")):
        result = run("export", story, "-O", f"ninjs.version={version}", "-o", story.parent / name)
        assert result.returncode == 0, result.stderr
        assert json.loads((story.parent / name).read_text(encoding="utf-8"))["profile"] == "newsroom-exporters"
    partner = {"uri": "urn:partner:1", "language": "en", "profile": "newsroom-exporters-like",
               "headlines": [{"role": "main", "value": "Partner story"}],
               "bodies": [{"contentType": "text/plain", "value": "Ships sail."}],
               "firstCreated": "2026-03-02T09:30:00+05:00", "by": "Partner Desk",
               "organisations": [{"name": "Partner", "rel": "publisher"}]}
    (story.parent / "partner.json").write_text(json.dumps(partner), encoding="utf-8")
    again = run("export", story.parent, "--format", "txt", "-o", tmp_path / "out", "--json")
    assert again.returncode == 0, again.stderr
    assert sorted(entry["input"] for entry in json.loads(again.stdout)["results"]) == [
        str(story.parent / "partner.json"), str(story)]
    feed = run("feed", story, story.parent / "story.ninjs.json", "--format", "rss", "-o", tmp_path / "named.rss")
    assert feed.returncode == 2 and "is also the id of" in one_line(feed)  # named on the command line: read
    imported = run("import", story.parent / "story.ninjs.json")
    assert imported.returncode == 0 and "dropped profile" not in imported.stderr
    assert json.loads(imported.stdout)["id"] == json.loads(story.read_text(encoding="utf-8"))["id"]


def test_feed_and_newsletter_never_read_an_earlier_runs_outputs(tmp_path):
    story = story_copy(tmp_path / "desk" / "story.json")
    assert run("export", story.parent, "--format", "txt,html", "-o", story.parent / "exports").returncode == 0
    assert run("export", story, "-o", story.parent / "story-page.html").returncode == 0
    feed = run("feed", story.parent, "--format", "rss", "--site-url", "https://news.example.org/",
               "-o", tmp_path / "news.rss", "--json")
    assert feed.returncode == 0, feed.stderr
    from xml.etree import ElementTree

    assert len(ElementTree.parse(tmp_path / "news.rss").getroot().findall("channel/item")) == 1
    edition = run("newsletter", story.parent, "--title", "Morning", "--format", "txt", "-o", tmp_path / "edition",
                  "--json")
    assert edition.returncode == 0, edition.stderr
    manifest = json.loads((tmp_path / "edition" / "morning.manifest.json").read_text(encoding="utf-8"))
    assert [entry["id"] for section in manifest["sections"] for entry in section["articles"]] == \
        [api.read(FULL).article.id]


def test_a_folder_is_never_taken_for_the_file_o_names(tmp_path):
    """``-o`` with a trailing slash is a folder whatever its name; an existing folder is never
    written as a file; a command that writes one file refuses a folder with one line."""
    folder = tmp_path / "story.txt"
    folder.mkdir()
    refused = run("export", FULL, "--format", "txt", "-o", folder)
    assert refused.returncode == 2 and one_line(refused) == f"exporters: cannot write {folder}: it is a folder " \
                                                          f"(give a folder as {folder}/ to write into it)"
    assert list(folder.iterdir()) == []
    into = run("export", FULL, "--format", "txt", "-o", f"{folder}/")
    assert into.returncode == 0, into.stderr
    written = folder / "port-of-aktau.txt"
    assert written.read_text(encoding="utf-8").startswith("Title: Caspian Port Doubles Grain Shipments")
    fresh = run("export", FULL, "--format", "txt", "-o", f"{tmp_path / 'new.txt'}/")
    assert fresh.returncode == 0 and (tmp_path / "new.txt" / "port-of-aktau.txt").is_file()
    for command in (("feed", FULL, "--format", "rss", "--site-url", "https://news.example.org/"), ("import", FULL)):
        target = tmp_path / f"{command[0]}-out"
        result = run(*command, "-o", f"{target}/")
        assert result.returncode == 2 and one_line(result) == (
            f"exporters: -o {target}/ names a folder; this command writes one file: name it, e.g. {target}/NAME.SUFFIX")
        assert not target.exists()


def test_dash_for_a_command_that_reads_no_standard_input_is_one_line(tmp_path):
    expected = "exporters: - (standard input) is read by export and import only; name the article files or folders"
    story = FULL.read_bytes()
    for command in (("newsletter", "-", "--title", "T", "--format", "txt", "-o", tmp_path / "edition"),
                    ("feed", "-", "--format", "rss", "--site-url", "https://news.example.org/", "-o", tmp_path / "f.rss")):
        result = run_bytes(*command, stdin=story)
        assert result.returncode == 2, result.stderr
        assert result.stderr.decode("utf-8").strip() == expected
    assert list(tmp_path.iterdir()) == []


def test_a_folder_where_a_file_of_the_run_goes_refuses_the_run_before_anything_is_written(tmp_path):
    """A folder named like the resume journal, an output or an edition manifest is one line, exit 2,
    and no output of the run is written beside it."""
    journal = tmp_path / "journal" / ".exporters-manifest.jsonl"
    journal.mkdir(parents=True)
    output = tmp_path / "output" / "port-of-aktau.txt"
    output.mkdir(parents=True)
    manifest = tmp_path / "edition" / "x.manifest.json"
    manifest.mkdir(parents=True)
    cases = [
        (("export", FULL, "--format", "txt", "-o", journal.parent),
         f"exporters: cannot keep the resume journal {journal}: it is a folder; move it away or choose another -o "
         "(nothing was written)"),
        (("export", FULL, "--format", "txt,epub", "-o", output.parent),
         f"exporters: cannot write {output}: it is a folder; move it away or choose another -o (nothing was written)"),
        (("newsletter", FULL, "--title", "X", "--format", "txt", "-o", manifest.parent),
         f"exporters: cannot write {manifest}: it is a folder; move it away or choose another -o (nothing was written)"),
    ]
    for command, expected in cases:
        result = run(*command)
        assert result.returncode == 2, result.stderr
        assert one_line(result) == expected
    assert sorted(path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*")) == [
        "edition", "edition/x.manifest.json", "journal", "journal/.exporters-manifest.jsonl",
        "output", "output/port-of-aktau.txt"]

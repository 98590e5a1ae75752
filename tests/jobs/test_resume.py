"""Incremental runs through the real command: the resume journal (``OUT/.exporters-manifest.jsonl``).

- files finished before Ctrl-C are journalled, so the rerun does only the rest;
- adding a format, or changing one format's options, renders only that format;
- an article with warnings (even a format it cannot take under ``--format all``) is
  not rewritten on every run;
- a changed toolkit (its code digest, not only its version) renders everything again.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ARTICLES, ROOT
from jobs.test_batch import corpus, run  # noqa: F401  (the fixture is shared)

from exporters.jobs.manifest import JOURNAL_NAME

SEED = ARTICLES / "000_1c0508d7c4252433.txt"


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    """Every output's inode and modification time: a file written again changes both."""
    return {path.name: (path.stat().st_ino, path.stat().st_mtime_ns) for path in sorted(folder.iterdir())
            if not path.name.startswith(".")}


def said(result: subprocess.CompletedProcess, verb: str) -> list[str]:
    return sorted(Path(line.removeprefix(verb + " ")).name for line in result.stderr.splitlines() if line.startswith(verb + " "))


def journalled(folder: Path) -> set[str]:
    lines = (folder / JOURNAL_NAME).read_text(encoding="utf-8").splitlines()
    return {Path(json.loads(line)["path"]).name for line in lines if json.loads(line)["path"]}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_files_finished_before_ctrl_c_are_journalled(corpus, tmp_path, jobs):  # noqa: F811
    """Ctrl-C reaches the whole process group, as from a terminal; the rerun writes only the rest."""
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "exporters", "export", str(corpus), "--format", "txt,docx",
                                "-o", str(out), "--jobs", jobs], cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, start_new_session=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(out.glob("story-*"))) < 7 and process.poll() is None:
        time.sleep(0.005)
    os.killpg(process.pid, signal.SIGINT)
    process.communicate(timeout=120)
    assert process.returncode == 130, "the run ended before it could be interrupted"
    done = {path.name for path in out.glob("story-*")}
    assert 7 <= len(done) < 24
    assert journalled(out) == done
    rerun = run("export", corpus, "--format", "txt,docx", "-o", out, "--jobs", jobs)
    assert rerun.returncode == 0, rerun.stderr
    assert said(rerun, "up to date") == sorted(done)
    assert len(said(rerun, "wrote")) == 24 - len(done)


def test_adding_a_format_renders_only_that_format(corpus, tmp_path):  # noqa: F811
    assert run("export", corpus, "--format", "txt", "-o", tmp_path).returncode == 0
    before = stamps(tmp_path)
    more = run("export", corpus, "--format", "txt,epub", "-o", tmp_path)
    assert more.returncode == 0, more.stderr
    assert said(more, "wrote") == sorted(name.replace(".txt", ".epub") for name in before)
    assert said(more, "up to date") == sorted(before)
    assert {name: stamp for name, stamp in stamps(tmp_path).items() if name.endswith(".txt")} == before
    wrapped = run("export", corpus, "--format", "txt,epub", "-O", "txt.wrap=60", "-o", tmp_path)
    assert said(wrapped, "wrote") == sorted(before) and len(said(wrapped, "up to date")) == 12


def test_an_article_with_warnings_is_not_rewritten_on_every_run(tmp_path):
    """The seed warns (no rights, an uncredited photo) and cannot be a feed without a URL (A222, a warning under all)."""
    first = run("export", SEED, "--format", "all", "-o", tmp_path, "--json")
    report = json.loads(first.stdout)
    assert first.returncode == 0
    codes = {finding["code"] for finding in report["results"][0]["findings"]}
    assert {"M106", "A222"} <= codes
    before = stamps(tmp_path)
    again = run("export", SEED, "--format", "all", "-o", tmp_path, "--json")
    result = json.loads(again.stdout)["results"][0]
    assert again.returncode == 0 and result["skipped"] is True
    assert all(output["up_to_date"] for output in result["outputs"]) and len(result["outputs"]) == len(before)
    assert {finding["code"] for finding in result["findings"]} == codes  # the warnings are still reported
    assert stamps(tmp_path) == before


def test_a_changed_toolkit_renders_again(capsys, monkeypatch, tmp_path):
    """Same version, other code: the journal's code digest differs, so nothing is current."""
    from exporters.cli import main

    assert main(["export", str(ARTICLES / "port-of-aktau.json"), "--format", "txt", "-o", str(tmp_path)]) == 0
    assert main(["export", str(ARTICLES / "port-of-aktau.json"), "--format", "txt", "-o", str(tmp_path)]) == 0
    assert "up to date" in capsys.readouterr().err
    monkeypatch.setattr("exporters.jobs.article.code_digest", lambda: "0" * 64)
    assert main(["export", str(ARTICLES / "port-of-aktau.json"), "--format", "txt", "-o", str(tmp_path)]) == 0
    assert "up to date" not in capsys.readouterr().err


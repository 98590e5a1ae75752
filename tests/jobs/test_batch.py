"""Batch export: serial, parallel and Dask runs agree byte for byte; reruns resume; failures stay local."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ARTICLES, ROOT

FULL = ARTICLES / "port-of-aktau.json"


def run(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "exporters", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=600, **kwargs)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Twelve articles: the full sample under several ids, with its images."""
    import json

    folder = tmp_path_factory.mktemp("corpus")
    shutil.copytree(ARTICLES / "images", folder / "images")
    data = json.loads(FULL.read_text(encoding="utf-8"))
    for number in range(12):
        data["id"] = f"corpus-{number}"
        data["headline"] = f"Story number {number}: {data['headline'].split(': ')[-1]}"
        (folder / f"story-{number:02}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def serial(corpus, tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("serial")
    result = run("export", corpus, "--format", "txt", "-o", out, "--jobs", "1")
    assert result.returncode == 0, result.stderr
    return tree(out)


def test_parallel_equals_serial(corpus, serial, tmp_path):
    result = run("export", corpus, "--format", "txt", "-o", tmp_path, "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert tree(tmp_path) == serial and len(serial) == 12


def test_rerun_skips_what_is_current_and_redoes_what_changed(corpus, serial, tmp_path):
    assert run("export", corpus, "--format", "txt", "-o", tmp_path, "--jobs", "2").returncode == 0
    (tmp_path / "story-03.txt").unlink()
    again = run("export", corpus, "--format", "txt", "-o", tmp_path, "--jobs", "2")
    assert again.returncode == 0
    lines = again.stderr.splitlines()
    assert sum(line.startswith("up to date ") for line in lines) == 11
    assert [line for line in lines if line.startswith("wrote ")] == [f"wrote {tmp_path / 'story-03.txt'}"]
    assert tree(tmp_path) == serial


def test_one_failing_article_does_not_stop_the_others(corpus, tmp_path):
    inputs = tmp_path / "in"
    shutil.copytree(corpus, inputs)
    (inputs / "story-05.json").write_text("{\"id\": 5}", encoding="utf-8")
    result = run("export", inputs, "--format", "txt", "-o", tmp_path / "out", "--jobs", "2")
    assert result.returncode == 1
    assert len(list((tmp_path / "out").glob("*.txt"))) == 11
    assert "story-05.json" in result.stderr and "Traceback" not in result.stderr


def test_killed_run_leaves_no_partial_file_and_rerun_completes(corpus, serial, tmp_path):
    process = subprocess.Popen([sys.executable, "-m", "exporters", "export", str(corpus), "--format", "txt",
                                "-o", str(tmp_path), "--jobs", "2"], cwd=ROOT, stderr=subprocess.PIPE,
                               stdout=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(tmp_path.glob("*.txt"))) < 2:
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")]
    for path in tmp_path.glob("*.txt"):
        assert path.read_bytes() == serial[path.name]
    done_before = len(list(tmp_path.glob("*.txt")))
    rerun = run("export", corpus, "--format", "txt", "-o", tmp_path, "--jobs", "2")
    assert rerun.returncode == 0
    assert tree(tmp_path) == serial
    assert sum(line.startswith("wrote ") for line in rerun.stderr.splitlines()) <= 12 - done_before + 2


def test_dask_local_cluster_matches_local_run(corpus, serial, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", processes=True,
                                  dashboard_address=None) as cluster:
        result = run("export", corpus, "--format", "txt", "-o", tmp_path, "--engine", "dask",
                     "--scheduler", cluster.scheduler_address)
    assert result.returncode == 0, result.stderr
    assert tree(tmp_path) == serial


def test_dask_needs_a_scheduler(corpus, tmp_path):
    result = run("export", corpus, "--format", "txt", "-o", tmp_path, "--engine", "dask")
    assert result.returncode == 2 and "--scheduler" in result.stderr


# -- flushing to disk ------------------------------------------------------------------------------------


def flushes(monkeypatch, files: list[Path], out: Path) -> tuple[int, int]:
    """Export ``files`` to txt in this process; how often it waited for the disk: (fsync calls, os.sync calls)."""
    from exporters.jobs.batch import ExportSettings, OutputPlan, export_files

    calls = {"fsync": 0, "sync": 0}
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        calls["fsync"] += 1
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "sync", lambda: calls.__setitem__("sync", calls["sync"] + 1))
    outcomes = list(export_files(files, ExportSettings(formats=("txt",), plan=OutputPlan.from_option(str(out)))))
    assert all(outcome.ok for outcome in outcomes)
    return calls["fsync"], calls["sync"]


def test_a_batch_waits_for_the_disk_once_not_per_file(monkeypatch, tmp_path):
    files = sorted(path for path in ARTICLES.iterdir() if path.suffix in (".json", ".md"))
    assert len(files) > 4
    assert flushes(monkeypatch, files, tmp_path / "out") == (0, 1)


def test_a_single_file_is_flushed_with_its_folder(monkeypatch, tmp_path):
    assert flushes(monkeypatch, [FULL], tmp_path / "out") == (2, 0)

"""A real Dask cluster, started the way the README says: ``dask scheduler``, then ``dask worker
ADDRESS`` twice, here on loopback (127.0.0.1) only. The export it runs equals a local run byte
for byte, resumes from its journal, and survives a worker that dies mid-run.

Every process is started in a session of its own, waited for with a time limit, and torn
down in ``finally`` (SIGTERM to its process group, then SIGKILL), whatever the test did.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ARTICLES, ROOT

pytestmark = pytest.mark.slow
distributed = pytest.importorskip("distributed")

DASK = Path(sys.executable).with_name("dask")
FULL = ARTICLES / "port-of-aktau.json"
FORMATS = "txt,docx,pdf"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(*command: str, log: Path) -> subprocess.Popen:
    return subprocess.Popen([str(DASK), *command], stdout=log.open("wb"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to the process group (a worker's nanny and its worker), then SIGKILL."""
    for sig, grace in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
        if process.poll() is not None:
            break
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture
def cluster(tmp_path):
    """A scheduler and two workers on 127.0.0.1: (address, [worker processes])."""
    if not DASK.is_file():
        pytest.skip("the dask command is not installed (pip install 'newsroom-exporters[dask]')")
    address = f"tcp://127.0.0.1:{free_port()}"
    processes: list[subprocess.Popen] = []
    try:
        processes.append(start("scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                               "--no-dashboard", log=tmp_path / "scheduler.log"))
        workers = [start("worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--no-dashboard",
                         "--name", f"worker-{number}", log=tmp_path / f"worker-{number}.log") for number in (1, 2)]
        processes.extend(workers)
        with distributed.Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        yield address, workers
    finally:
        for process in reversed(processes):
            stop(process)


def corpus(folder: Path, count: int) -> Path:
    """``count`` copies of the full sample under their own ids, with its images."""
    folder.mkdir()
    shutil.copytree(ARTICLES / "images", folder / "images")
    data = json.loads(FULL.read_text(encoding="utf-8"))
    for number in range(count):
        data["id"] = f"cluster-{number}"
        (folder / f"story-{number:03}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return folder


def export(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "exporters", "export", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=900, check=False)


def tree(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if not path.name.startswith(".")}


def test_a_two_worker_cluster_exports_what_a_laptop_does_and_resumes(cluster, tmp_path):
    address, _ = cluster
    inputs = corpus(tmp_path / "in", 40)
    local = export(inputs, "--format", FORMATS, "-o", tmp_path / "local", "--jobs", "1")
    assert local.returncode == 0, local.stderr
    on_cluster = export(inputs, "--format", FORMATS, "-o", tmp_path / "cluster", "--engine", "dask",
                        "--scheduler", address)
    assert on_cluster.returncode == 0, on_cluster.stderr
    assert tree(tmp_path / "cluster") == tree(tmp_path / "local") and len(tree(tmp_path / "local")) == 120
    again = export(inputs, "--format", FORMATS, "-o", tmp_path / "cluster", "--engine", "dask", "--scheduler", address)
    assert again.returncode == 0
    assert again.stderr.splitlines()[-1].startswith("40 input(s), 0 file(s) written, 120 up to date")


def test_a_worker_that_dies_mid_run_loses_nothing(cluster, tmp_path):
    """The whole second worker (nanny and process) is killed while both hold work: the scheduler
    runs its chunks on the first, and every file comes out as a local run writes it."""
    address, workers = cluster
    inputs = corpus(tmp_path / "in", 96)
    out = tmp_path / "cluster"
    run = subprocess.Popen([sys.executable, "-m", "exporters", "export", str(inputs), "--format", FORMATS, "-o",
                            str(out), "--engine", "dask", "--scheduler", address], cwd=ROOT,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and len(list(out.glob("story-*"))) < 6 and run.poll() is None:
            time.sleep(0.01)
        assert run.poll() is None, "the run ended before a worker could be killed"
        os.killpg(workers[1].pid, signal.SIGKILL)
        workers[1].wait(timeout=30)
        _, stderr = run.communicate(timeout=900)
    finally:
        stop(run)
    assert run.returncode == 0, stderr
    local = export(inputs, "--format", FORMATS, "-o", tmp_path / "local", "--jobs", "1")
    assert local.returncode == 0
    assert tree(out) == tree(tmp_path / "local") and len(tree(out)) == 288

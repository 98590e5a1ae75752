"""No run loses a file: outputs never replace inputs, each other, links, or another edition's manifest."""

from __future__ import annotations

import hashlib
import json

from test_cli import ARTICLES, FULL, run


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

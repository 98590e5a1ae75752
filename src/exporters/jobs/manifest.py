"""The resume journal of a batch export: which outputs are already up to date.

Each finished output appends one JSON line to ``OUT/.exporters-manifest.jsonl``
*after* its file was renamed into place, so a run killed at any moment leaves a
journal that only names complete files. A rerun skips every output whose input
digest (the input file, its sidecar, its images, the settings and the toolkit
version) is unchanged and whose file still has the recorded SHA-256.

    {"input": "samples/articles/port-of-aktau.json", "format": "pdf", "digest": "9c1…",
     "path": "out/port-of-aktau.pdf", "sha256": "4be…", "findings": []}
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

__all__ = ["Entry", "Journal", "JOURNAL_NAME", "file_sha256"]

JOURNAL_NAME = ".exporters-manifest.jsonl"


@dataclass(frozen=True)
class Entry:
    """One output recorded in the journal."""

    input: str
    format: str
    digest: str
    path: str
    sha256: str
    findings: tuple[dict[str, Any], ...] = ()

    def is_current(self, digest: str) -> bool:
        """True when the input is unchanged and the file on disk is the one recorded."""
        path = Path(self.path)
        return self.digest == digest and path.is_file() and file_sha256(path) == self.sha256


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class Journal:
    """Reads the entries of earlier runs and appends new ones as outputs finish."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / JOURNAL_NAME
        #: input path -> format -> the latest entry (later lines win).
        self.entries: dict[str, dict[str, Entry]] = {}
        if self.path.is_file():
            for line in self.path.read_text(encoding="utf-8", errors="replace").splitlines():
                entry = _parse(line)
                if entry is not None:
                    self.entries.setdefault(entry.input, {})[entry.format] = entry

    def previous(self, input_path: Path) -> dict[str, Entry]:
        """The recorded outputs of one input, by format."""
        return dict(self.entries.get(str(input_path), {}))

    def record(self, entries: Iterable[Entry]) -> None:
        lines = []
        for entry in entries:
            self.entries.setdefault(entry.input, {})[entry.format] = entry
            lines.append(json.dumps(entry.__dict__, ensure_ascii=False, sort_keys=True))
        if lines:
            with self.path.open("a", encoding="utf-8") as stream:
                stream.write("\n".join(lines) + "\n")
                stream.flush()


def _parse(line: str) -> Entry | None:
    """An entry, or None for a line cut short by a killed run."""
    try:
        data = json.loads(line)
        return Entry(**{**data, "findings": tuple(data.get("findings", ()))})
    except (ValueError, TypeError):
        return None

"""The resume journal of a batch export: which outputs are already up to date.

Each finished output appends one JSON line to ``OUT/.exporters-manifest.jsonl``
*after* its file was renamed into place, by the process that wrote it, so a run
stopped at any moment (Ctrl-C, a killed worker) leaves a journal that names every
complete file and nothing else. A rerun skips every output whose digest is
unchanged and whose file still has the recorded SHA-256. The digest is kept per
format: the input file, its sidecar, its images, the settings that format depends
on (its own ``-O`` options, ``--meta``, ``--strict``, ``--force``, SOURCE_DATE_EPOCH)
and the toolkit (:func:`code_digest`), so adding a format to a run renders only
that format. A format that made no file with only warnings (a feed for an article
without a URL under ``--format all``) is journalled without a path, so it is not
tried again on every run; one that failed with an error is.

    {"input": "samples/articles/port-of-aktau.json", "format": "pdf", "digest": "9c1…",
     "path": "out/port-of-aktau.pdf", "sha256": "4be…", "findings": []}
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path
from typing import Any, Iterable

import msgspec

__all__ = ["Entry", "Journal", "JOURNAL_NAME", "append_entries", "code_digest", "file_sha256"]

JOURNAL_NAME = ".exporters-manifest.jsonl"


class Entry(msgspec.Struct, frozen=True):
    """One output recorded in the journal."""

    input: str
    format: str
    digest: str
    path: str
    sha256: str
    findings: tuple[dict[str, Any], ...] = ()

    def is_current(self, digest: str, target: Path) -> bool:
        """True when the digest is unchanged and ``target`` is the file recorded, as recorded.

        An entry without a path (a format that made no file, with warnings only) is
        current when its digest is.
        """
        if self.digest != digest:
            return False
        if not self.path:
            return True
        path = Path(self.path)
        return path == target and path.is_file() and file_sha256(path) == self.sha256


@functools.cache
def code_digest() -> str:
    """SHA-256 of the toolkit's own files (its modules, data and templates), once per process:
    read from the installed wheel, or worked out from a source checkout's files
    (:mod:`exporters.jobs.code_digest`).

    >>> len(code_digest()), code_digest() == code_digest()
    (64, True)
    """
    from .. import __file__ as package_file
    from ..templates import template_root
    from .code_digest import package_digest

    return package_digest(Path(package_file).parent, template_root())


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
        entries = list(entries)
        for entry in entries:
            self.entries.setdefault(entry.input, {})[entry.format] = entry
        append_entries(self.path, entries)


def append_entries(journal: Path, entries: Iterable[Entry]) -> None:
    """Append ``entries`` to the journal file in one ``write`` to a file opened for appending,
    so the lines of several worker processes writing at once never interleave."""
    import json  # a run writing one named file keeps no journal and spares the module

    lines = "".join(json.dumps(msgspec.structs.asdict(entry), ensure_ascii=False, sort_keys=True) + "\n" for entry in entries)
    if lines:
        descriptor = os.open(journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(descriptor, lines.encode("utf-8"))
        finally:
            os.close(descriptor)


def _parse(line: str) -> Entry | None:
    """An entry, or None for a line cut short by a killed run."""
    import json

    try:
        data = json.loads(line)
        return Entry(**{**data, "findings": tuple(data.get("findings", ()))})
    except (ValueError, TypeError):
        return None

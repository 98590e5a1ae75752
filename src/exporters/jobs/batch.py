"""Export many articles, each on its own, to every asked format.

Every article is read, checked, rendered, read back and written on its own: a
failing article is reported and the others still export. Files are written
atomically, so an interrupted run leaves no partial output, and a rerun skips
what is already up to date (see :mod:`exporters.jobs.manifest`).

    >>> settings = ExportSettings(formats=("txt",), plan=OutputPlan.from_option("out"))
    >>> [outcome.ok for outcome in export_files([Path("samples/articles/port-of-aktau.json")], settings)]
    [True]
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Mapping

import msgspec

from .. import __version__, api
from ..checks import Finding, Profile, has_errors
from ..errors import ExportersError
from ..model import Bundle
from ..readers import article_files, sidecar_of
from ..resources import RemotePolicy
from ..text import slugify
from .manifest import Entry, Journal
from .outputs import OutputPlan, Written, write_output

__all__ = ["Outcome", "ExportSettings", "export_files", "export_one", "input_files", "slug_for"]


@dataclass(frozen=True)
class ExportSettings:
    """Everything an export needs besides the input file (picklable, for worker processes)."""

    formats: tuple[str, ...]
    plan: OutputPlan
    meta: dict[str, Any] = field(default_factory=dict)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    profile: Profile = field(default_factory=Profile)
    remote: RemotePolicy | None = None
    resume: bool = True
    #: Formats that came in through ``--format all``: one that cannot take an article
    #: (a feed without any URL) is then a warning for that article, not a failure.
    optional: frozenset[str] = frozenset()

    def fingerprint(self) -> bytes:
        """What, besides the input, decides the output bytes."""
        return msgspec.json.encode([__version__, self.formats, self.meta, self.options, self.profile.strict,
                                    self.profile.force, os.environ.get("SOURCE_DATE_EPOCH", "")], order="sorted")


@dataclass(frozen=True)
class Outcome:
    """What happened to one input: the files written, the findings, or the input error."""

    input: Path
    written: tuple[Written, ...] = ()
    findings: tuple[Finding, ...] = ()
    error: str = ""
    article: str = ""
    digest: str = ""
    skipped: bool = False

    @property
    def ok(self) -> bool:
        return not self.error and not has_errors(self.findings)


def input_files(inputs: list[Path]) -> list[Path]:
    """Every article file named or found below the given folders; missing paths are errors."""
    files: list[Path] = []
    for path in inputs:
        if not path.exists():
            raise ExportersError(f"{path}: no such file or directory")
        files.extend(article_files(path))
    return files


def slug_for(path: Path) -> str:
    """The output name of an input: its file name without suffix, made safe."""
    return slugify(path.stem)


def input_digest(path: Path, bundle: Bundle, settings: ExportSettings) -> str:
    """SHA-256 of everything an output depends on: file, sidecar, images, settings."""
    digest = hashlib.sha256(settings.fingerprint())
    sidecar = sidecar_of(path)
    for part in (path.read_bytes(), sidecar.read_bytes() if sidecar.is_file() else b""):
        digest.update(hashlib.sha256(part).digest())
    for key in sorted(bundle.resources):
        digest.update(key.encode() + hashlib.sha256(bundle.resources[key].data).digest())
    return digest.hexdigest()


def export_one(path: Path, settings: ExportSettings, previous: Mapping[str, Entry] | None = None) -> Outcome:
    """Read, check, render, read back and write one article to every format.

    ``previous`` holds this input's journal entries; when every format is current,
    nothing is rendered and the outcome is marked ``skipped``.
    """
    try:
        reading = api.read(path, settings.meta)
        bundle = api.bundle_of([reading], settings.remote)
        digest = input_digest(path, bundle, settings)
        if previous and settings.resume and _all_current(previous, settings.formats, digest):
            return _skipped(path, reading.article.id, digest, previous, settings.formats)
        results = api.export(bundle, settings.formats, options=settings.options, profile=settings.profile)
    except ExportersError as error:
        return Outcome(input=path, error=str(error))
    except Exception as error:  # a bug in one format must not stop the other articles
        if os.environ.get("EXPORTERS_DEBUG"):
            raise
        return Outcome(input=path, error=f"{path}: internal error: {type(error).__name__}: {error} (set EXPORTERS_DEBUG=1 for the traceback)")
    findings: list[Finding] = []
    written: list[Written] = []
    slug = slug_for(path)
    for result in results:
        findings.extend(_soften(item, settings.optional) for item in result.findings if item not in findings)
        if result.artifact is not None:
            target = settings.plan.path_for(slug, result.artifact.suffix)
            written.append(write_output(target, result.artifact.data, result.format))
    return Outcome(input=path, written=tuple(written), findings=tuple(findings), article=reading.article.id, digest=digest)


def _soften(item: Finding, optional: frozenset[str]) -> Finding:
    """A format refusal (A222) for a format the user did not name is a warning."""
    from dataclasses import replace

    return replace(item, severity="warning") if item.code == "A222" and item.format in optional else item


def _all_current(previous: Mapping[str, Entry], formats: tuple[str, ...], digest: str) -> bool:
    return all(name in previous and previous[name].is_current(digest) for name in formats)


def _skipped(path: Path, article: str, digest: str, previous: Mapping[str, Entry], formats: tuple[str, ...]) -> Outcome:
    entries = [previous[name] for name in formats]
    findings = {Finding(**item): None for entry in entries for item in entry.findings}
    written = tuple(Written(path=Path(e.path), format=e.format, sha256=e.sha256) for e in entries)
    return Outcome(input=path, written=written, findings=tuple(findings), article=article, digest=digest, skipped=True)


def export_files(files: list[Path], settings: ExportSettings, jobs: int = 1, scheduler: str = "") -> Iterator[Outcome]:
    """Export ``files``, yielding each outcome as it finishes.

    ``jobs`` > 1 uses local worker processes; a ``scheduler`` address sends the
    work to a Dask cluster instead. When the output is a folder, finished outputs
    are journalled there and a rerun skips what is current.
    """
    journal = Journal(settings.plan.directory) if settings.plan.file is None else None
    previous = journal.previous if journal and settings.resume else (lambda path: {})
    if scheduler:
        from .dask_engine import export_on_dask

        outcomes: Iterator[Outcome] = export_on_dask(files, settings, scheduler, previous)
    elif jobs <= 1 or len(files) <= 1:
        outcomes = (export_one(path, settings, previous(path)) for path in files)
    else:
        from .pool import export_parallel

        outcomes = export_parallel(files, settings, jobs, previous)
    for outcome in outcomes:
        if journal is not None and outcome.written and not outcome.skipped:
            journal.record(_entries(outcome))
        yield outcome


def _entries(outcome: Outcome) -> list[Entry]:
    return [
        Entry(input=str(outcome.input), format=w.format, digest=outcome.digest, path=str(w.path), sha256=w.sha256,
              findings=tuple(f.to_dict() for f in outcome.findings if not f.format or f.format == w.format))
        for w in outcome.written
    ]



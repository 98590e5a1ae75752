"""Export one article to every asked format: the unit of work of every batch engine.

The serial loop, the local process pool and the Dask engine all run
:func:`export_one`, so they produce the same bytes. It reads, checks, renders,
reads back and writes one article, and never raises for a bad article: the
:class:`Outcome` carries the error instead, so the other articles go on.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping

import msgspec

from .. import __version__, api
from ..checks import Finding, Profile, has_errors
from ..errors import ExportersError
from ..model import Bundle
from ..checks.findings import finding
from ..readers import Reading, read_input, sidecar_of
from ..resources import RemotePolicy
from .manifest import Entry
from .outputs import OutputPlan, Written, write_output
from .paths import output_stem, refuse_image_targets

__all__ = ["ExportSettings", "Outcome", "export_one", "input_digest", "override_findings"]


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
    #: The folder INPUTs of the run: a file found below one keeps its sub-folder under OUT.
    roots: tuple[Path, ...] = ()

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


def input_digest(path: Path, bundle: Bundle, settings: ExportSettings) -> str:
    """SHA-256 of everything an output depends on: file, sidecar, images, settings."""
    digest = hashlib.sha256(settings.fingerprint())
    sidecar = sidecar_of(path)
    for part in (read_input(path), sidecar.read_bytes() if sidecar.is_file() else b""):
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
    findings: list[Finding] = list(override_findings(reading))
    written: list[Written] = []
    stem = output_stem(path, settings.roots)
    targets = {result.format: settings.plan.path_for(stem, result.artifact.suffix) for result in results if result.artifact}
    try:
        refuse_image_targets(targets.values(), reading.article, path)
    except ExportersError as error:
        return Outcome(input=path, error=str(error), article=reading.article.id)
    for result in results:
        findings.extend(_soften(item, settings.optional) for item in result.findings if item not in findings)
        if result.artifact is not None:
            written.append(write_output(targets[result.format], result.artifact.data, result.format))
    return Outcome(input=path, written=tuple(written), findings=tuple(findings), article=reading.article.id, digest=digest)


def override_findings(reading: Reading) -> list[Finding]:
    """M116 (info) for every field whose input value a sidecar or ``--meta`` replaced, naming the source."""
    return [finding("M116", f"the input's value is replaced by {source or 'the sidecar or --meta'}",
                    article=reading.article.id, field=key) for key, source in reading.overridden]


def _soften(item: Finding, optional: frozenset[str]) -> Finding:
    """A format refusal (A222) for a format the user did not name is a warning."""
    return replace(item, severity="warning") if item.code == "A222" and item.format in optional else item


def _all_current(previous: Mapping[str, Entry], formats: tuple[str, ...], digest: str) -> bool:
    return all(name in previous and previous[name].is_current(digest) for name in formats)


def _skipped(path: Path, article: str, digest: str, previous: Mapping[str, Entry], formats: tuple[str, ...]) -> Outcome:
    entries = [previous[name] for name in formats]
    findings = {Finding(**item): None for entry in entries for item in entry.findings}
    written = tuple(Written(path=Path(e.path), format=e.format, sha256=e.sha256) for e in entries)
    return Outcome(input=path, written=written, findings=tuple(findings), article=article, digest=digest, skipped=True)

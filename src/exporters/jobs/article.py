"""Export one article to every asked format: the unit of work of every batch engine.

The serial loop, the local process pool and the Dask engine all run
:func:`export_one`, so they produce the same bytes. It reads, checks, renders,
reads back and writes one article, and never raises for a bad article: the
:class:`Outcome` carries the error instead, so the other articles go on.
"""

from __future__ import annotations

import hashlib
import os
import signal
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Mapping

import msgspec

from .. import __version__, api
from ..checks import Finding, Profile, has_errors
from ..errors import ExportersError
from ..model import Bundle
from ..checks.findings import finding
from ..readers import Reading, read_input, sidecar_of, source_sha256
from ..resources import RemotePolicy
from ..cache import keep_on_disk
from .manifest import Entry, append_entries, code_digest
from .outputs import OutputPlan, Written, write_output
from .paths import output_stem, refuse_image_targets

__all__ = ["ExportSettings", "Outcome", "export_one", "input_digest", "override_findings"]


class ExportSettings(msgspec.Struct, frozen=True):
    """Everything an export needs besides the input file (picklable, for worker processes)."""

    formats: tuple[str, ...]
    plan: OutputPlan
    meta: dict[str, Any] = msgspec.field(default_factory=dict)
    options: dict[str, dict[str, Any]] = msgspec.field(default_factory=dict)
    profile: Profile = msgspec.field(default_factory=Profile)
    remote: RemotePolicy | None = None
    resume: bool = True
    #: Formats that came in through ``--format all``: one that cannot take an article
    #: (a feed without any URL) is then a warning for that article, not a failure.
    optional: frozenset[str] = frozenset()
    #: The folder INPUTs of the run: a file found below one keeps its sub-folder under OUT.
    roots: tuple[Path, ...] = ()
    #: The resume journal the process that writes a file appends its entry to, at once
    #: (local engines); None when the caller records the outcomes itself (Dask) or writes one file.
    journal: Path | None = None
    #: Flush each file to disk before it is named. A local batch turns this off and flushes
    #: once at its end (:func:`~exporters.jobs.batch.export_files`); it decides no byte.
    sync_each: bool = True

    def fingerprint(self, format_name: str) -> bytes:
        """What, besides the input, decides one format's output and findings: that format's
        own options, never another format's, so adding a format leaves the others current."""
        return msgspec.json.encode([__version__, code_digest(), format_name, self.meta, self.options.get(format_name, {}),
                                    self.profile.strict, self.profile.force, format_name in self.optional,
                                    os.environ.get("SOURCE_DATE_EPOCH", "")], order="sorted")


class Outcome(msgspec.Struct, frozen=True):
    """What happened to one input: the files written, the findings, or the input error."""

    input: Path
    written: tuple[Written, ...] = ()
    findings: tuple[Finding, ...] = ()
    error: str = ""
    article: str = ""
    #: The journal entries of this input's formats (written, or current from an earlier run).
    entries: tuple[Entry, ...] = ()
    #: Formats whose file was up to date and not written again.
    current: frozenset[str] = frozenset()

    @property
    def skipped(self) -> bool:
        """True when every format was up to date: nothing was rendered."""
        return bool(self.current) and all(item.format in self.current for item in self.written)

    @property
    def ok(self) -> bool:
        return not self.error and not has_errors(self.findings)


def input_digest(path: Path, bundle: Bundle, source: str = "") -> str:
    """SHA-256 of the input an output depends on: the file, its sidecar, its images.

    ``source`` is the reader's digest of the file and sidecar it read
    (:attr:`~exporters.readers.Reading.source_sha256`); without it both are read again.
    """
    if not source:
        sidecar = sidecar_of(path)
        source = source_sha256(read_input(path), sidecar.read_bytes() if sidecar.is_file() else b"")
    digest = hashlib.sha256(bytes.fromhex(source))
    for key in sorted(bundle.resources):
        digest.update(key.encode() + hashlib.sha256(bundle.resources[key].data).digest())
    return digest.hexdigest()


def format_digest(input_digest: str, settings: ExportSettings, format_name: str) -> str:
    """The digest the journal keeps for one format's output: the input's and that format's settings."""
    return hashlib.sha256(input_digest.encode() + settings.fingerprint(format_name)).hexdigest()


def _journalled(settings: ExportSettings) -> bool:
    """True when the outputs go to a folder, which keeps a resume journal; ``-o FILE`` writes one
    file and keeps none, so that run needs no digest (it spares hashing the input and the toolkit)."""
    return settings.plan.file is None


def _digests(path: Path, reading: Reading, bundle: Bundle, settings: ExportSettings) -> dict[str, str]:
    """The journal digest of each asked format's output."""
    digest = input_digest(path, bundle, reading.source_sha256)
    return {name: format_digest(digest, settings, name) for name in settings.formats}


def export_one(path: Path, settings: ExportSettings, previous: Mapping[str, Entry] | None = None) -> Outcome:
    """Read, check, render, read back and write one article to every format not yet current.

    ``previous`` holds this input's journal entries; a format whose entry is current
    is not rendered again. Each file written is journalled at once (``settings.journal``).
    A batch worker keeps compiled templates on disk for the next worker (the job owns that cache).
    """
    keep_on_disk()
    try:
        reading = api.read(path, settings.meta)
        bundle = api.bundle_of([reading], settings.remote)
        stem = output_stem(path, settings.roots)
        digests = _digests(path, reading, bundle, settings) if _journalled(settings) else {}
        current = _current(previous or {}, settings, digests, stem)
        todo = [name for name in settings.formats if name not in current]
        results = api.export(bundle, todo, options=settings.options, profile=settings.profile) if todo else []
    except ExportersError as error:
        return Outcome(input=path, error=str(error))
    except Exception as error:  # a bug in one format must not stop the other articles
        if os.environ.get("EXPORTERS_DEBUG"):
            raise
        return Outcome(input=path, error=f"{path}: internal error: {type(error).__name__}: {error} (set EXPORTERS_DEBUG=1 for the traceback)")
    findings: list[Finding] = list(override_findings(reading))
    targets = {result.format: settings.plan.path_for(stem, result.artifact.suffix) for result in results if result.artifact}
    try:
        refuse_image_targets(targets.values(), reading.article, path)
    except ExportersError as error:
        return Outcome(input=path, error=str(error), article=reading.article.id)
    written: list[Written] = []
    entries: list[Entry] = []
    for result in results:
        found = [_soften(item, settings.optional) for item in result.findings]
        findings.extend(item for item in found if item not in findings)
        if result.artifact is None and has_errors(found):
            continue  # a failed format is tried again on the next run
        with _ctrl_c_deferred():  # a file in place is a file journalled
            if result.artifact is not None:
                written.append(write_output(targets[result.format], result.artifact.data, result.format,
                                            sync=settings.sync_each))
            if result.format in digests:
                entry = _entry(path, result.format, digests[result.format], written[-1] if result.artifact else None, found)
                if settings.journal is not None:
                    append_entries(settings.journal, [entry])
                entries.append(entry)
    for name, entry in current.items():
        findings.extend(item for item in (Finding(**data) for data in entry.findings) if item not in findings)
        if entry.path:
            written.append(Written(path=Path(entry.path), format=name, sha256=entry.sha256))
    return Outcome(input=path, written=tuple(written), findings=tuple(findings), article=reading.article.id,
                   entries=tuple(entries) + tuple(current.values()), current=frozenset(current))


@contextmanager
def _ctrl_c_deferred() -> Iterator[None]:
    """Hold back Ctrl-C (SIGINT) while a file is put in place and journalled, so a stop never
    falls between the two; the signal is delivered as soon as both are done."""
    block = getattr(signal, "pthread_sigmask", None)
    if block is None:  # no signal masks on this platform
        yield
        return
    previous = block(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        block(signal.SIG_SETMASK, previous)


def _current(previous: Mapping[str, Entry], settings: ExportSettings, digests: Mapping[str, str],
             stem: str) -> dict[str, Entry]:
    """The formats whose journalled output is still current, with their entries."""
    if not settings.resume:
        return {}
    from .. import registry

    return {name: previous[name] for name in settings.formats
            if name in previous and previous[name].is_current(digests[name], settings.plan.path_for(
                stem, registry.info(name).suffix))}


def _entry(path: Path, format_name: str, digest: str, written: Written | None, findings: list[Finding]) -> Entry:
    return Entry(input=str(path), format=format_name, digest=digest, path=str(written.path) if written else "",
                 sha256=written.sha256 if written else "",
                 findings=tuple(item.to_dict() for item in findings if not item.format or item.format == format_name))


def override_findings(reading: Reading) -> list[Finding]:
    """M116 (info) for every field whose input value a sidecar or ``--meta`` replaced, naming the source."""
    return [finding("M116", f"the input's value is replaced by {source or 'the sidecar or --meta'}",
                    article=reading.article.id, field=key) for key, source in reading.overridden]


def _soften(item: Finding, optional: frozenset[str]) -> Finding:
    """A format refusal (A222) for a format the user did not name is a warning."""
    return msgspec.structs.replace(item, severity="warning") if item.code == "A222" and item.format in optional else item

"""The one pipeline the command line, the newsletter job and the feed builder share.

    >>> from exporters import api
    >>> bundle = api.read_bundle(["samples/articles/port-of-aktau.json"])
    >>> results = api.export(bundle, ["txt", "epub"])
    >>> [(r.format, r.ok) for r in results]
    [('txt', True), ('epub', True)]

:func:`export` runs the model checks, renders each format, reads every artifact
back and checks it against the model. It never writes files: the command line
and the jobs do that, with :func:`write_atomic`.
"""

from __future__ import annotations

import glob
import itertools
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from .checks import Finding, Profile, artifact_findings, model_findings, has_errors
from .checks.findings import finding
from .errors import ExportersError, UsageError
from .formats.base import Artifact, Exporter
from .model import Bundle
from .readers import Reading, article_files, read_article
from .resources import RemotePolicy, with_resources

__all__ = [
    "ExportResult",
    "read",
    "read_all",
    "read_bundle",
    "bundle_of",
    "export",
    "render",
    "make_exporter",
    "write_atomic",
]


@dataclass(frozen=True)
class ExportResult:
    """One format of one bundle: the bytes (None when nothing was rendered) and findings."""

    format: str
    artifact: Artifact | None
    findings: tuple[Finding, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.artifact is not None and not has_errors(self.findings)


def read(path: str | Path, meta: dict[str, Any] | None = None) -> Reading:
    """One article file (any reader) with its sidecar and ``meta`` merged."""
    return read_article(Path(path), meta)


def read_all(paths: Iterable[str | Path], meta: dict[str, Any] | None = None) -> list[Reading]:
    """Every article file named or found below the given directories, in order."""
    return [read(file, meta) for path in paths for file in article_files(Path(path))]


def bundle_of(readings: Sequence[Reading], remote: RemotePolicy | None = None, **metadata: Any) -> Bundle:
    """A flat bundle of already-read articles, with their images loaded."""
    bundle = Bundle.of(*(reading.article for reading in readings), **metadata)
    return with_resources(bundle, {reading.article.id: reading.path for reading in readings}, remote)


def read_bundle(paths: Iterable[str | Path], meta: dict[str, Any] | None = None, **metadata: Any) -> Bundle:
    """Read article files and bundle them (images loaded): the quickest way to a Bundle."""
    return bundle_of(read_all(paths, meta), **metadata)


def make_exporter(name: str, options: dict[str, Any] | None = None) -> Exporter:
    """An exporter instance for ``name`` with ``-O`` style options converted and checked."""
    from . import registry

    cls = registry.exporter_class(name)
    try:
        return cls(cls.make_options(options or {}))
    except UsageError:
        raise
    except Exception as error:  # msgspec.ValidationError names the option
        raise UsageError(f"{cls.name}: bad option: {error}") from None


def render(bundle: Bundle, name: str, options: dict[str, Any] | None = None) -> Artifact:
    """Render ``bundle`` in one format without checks (tests, benchmarks)."""
    return make_exporter(name, options).render(bundle)


def export(
    bundle: Bundle,
    formats: Sequence[str],
    *,
    options: dict[str, dict[str, Any]] | None = None,
    profile: Profile = Profile(),
) -> list[ExportResult]:
    """Check, render, read back and check again, for each format.

    Model errors stop everything (no format is rendered); each format's own
    failure is a finding on that format only.
    """
    findings = tuple(model_findings(bundle, profile))
    if has_errors(findings):
        return [ExportResult(name, None, findings) for name in formats]
    results = []
    for name in formats:
        exporter = make_exporter(name, (options or {}).get(name))
        try:
            artifact = exporter.render(bundle)
        except ExportersError as error:  # this format cannot take this bundle; the others go on
            refused = finding("A222", str(error), format=exporter.name)
            results.append(ExportResult(exporter.name, None, findings + (refused,)))
            continue
        checked = artifact_findings(bundle, exporter, artifact.data, profile)
        results.append(ExportResult(exporter.name, artifact, findings + tuple(checked)))
    return results


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that no reader and no crash ever sees half a file.

    On Linux the bytes go to an anonymous file (``O_TMPFILE``) that only gets a
    name once complete, so even a process killed with SIGKILL mid-write leaves
    nothing behind. A new file is named ``path`` directly; an existing one is
    replaced by naming the new file ``.NAME.PID.N.part`` and renaming it over
    ``path``, and a ``.part`` file that a killed process left between those two
    steps is removed the next time ``path`` is written. Elsewhere, a temporary
    ``.NAME.*.part`` file beside ``path`` is written and renamed.

    A symbolic link is followed: its target is written and the link stays.
    """
    path = _link_target(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = _anonymous_file(path.parent)
    if descriptor is None:
        _write_named_temporary(path, data)
        return
    _remove_abandoned_parts(path)
    temporary = path.parent / f".{path.name}.{os.getpid()}.{next(_counter)}.part"
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
            if _give_name(stream.fileno(), path):
                return
            _give_name(stream.fileno(), temporary)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _link_target(path: Path) -> Path:
    """``path``, or the file a symbolic link at ``path`` leads to (which may not exist yet)."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _remove_abandoned_parts(path: Path) -> None:
    """Remove ``.NAME.PID.N.part`` files beside ``path`` whose process is gone."""
    for part in path.parent.glob(f".{glob.escape(path.name)}.*.part"):
        pid = part.name[len(path.name) + 2:].split(".")[0]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            part.unlink(missing_ok=True)


_counter = itertools.count()


def _give_name(descriptor: int, target: Path) -> bool:
    """linkat(2) with AT_SYMLINK_FOLLOW on /proc/self/fd/N: names an O_TMPFILE file.

    False when ``target`` already exists (the caller then renames over it).
    ``os.link`` calls linkat only when a directory descriptor is given, hence the folder's.
    """
    folder = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.link(f"/proc/self/fd/{descriptor}", target.name, src_dir_fd=folder, dst_dir_fd=folder, follow_symlinks=True)
    except FileExistsError:
        return False
    finally:
        os.close(folder)
    return True


def _anonymous_file(folder: Path) -> int | None:
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag or not Path("/proc/self/fd").is_dir():
        return None
    try:
        return os.open(folder, flag | os.O_WRONLY, 0o644)
    except OSError:  # a file system without O_TMPFILE support
        return None


def _write_named_temporary(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

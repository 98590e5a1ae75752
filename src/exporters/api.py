"""The one pipeline the command line, the newsletter job and the feed builder share.

    >>> from exporters import api
    >>> bundle = api.read_bundle(["samples/articles/port-of-aktau.json"])
    >>> results = api.export(bundle, ["txt", "epub"])
    >>> [(r.format, r.ok) for r in results]
    [('txt', True), ('epub', True)]

:func:`export` runs the model checks, renders each format, reads every artifact
back and checks it against the model. It never writes files: the command line
and the jobs do that, with :func:`exporters.jobs.outputs.write_atomic`.

Four kinds of output, one for each stage, each holding the one before:

- :class:`~exporters.formats.base.Artifact`: the bytes an exporter rendered and what they
  are (format, media type, suffix). Exporters know nothing of checks, so it holds no
  findings: a plugin format returns it without importing the checks.
- :class:`ExportResult`: one format of one bundle after the checks: the artifact, or
  none when the model checks stopped it or the format refused the bundle, and the
  findings. What :func:`export` returns, and what an edition holds before it is written.
- :class:`~exporters.jobs.outputs.Written`: a file on disk (path, format, SHA-256),
  known only to the side that writes; the bytes are gone from memory by then.
- :class:`~exporters.jobs.article.Outcome`: one input of a batch: the files written,
  the findings, or the input error that stopped it before any format was tried.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import msgspec

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
]


class ExportResult(msgspec.Struct, frozen=True):
    """One format of one bundle: the bytes (None when nothing was rendered) and findings."""

    format: str
    artifact: Artifact | None
    findings: tuple[Finding, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the format rendered and no check found an error."""
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

"""Export many articles, each on its own, to every asked format.

Every article is read, checked, rendered, read back and written on its own: a
failing article is reported and the others still export. Files are written
atomically, so an interrupted run leaves no partial output.

    >>> outcomes = export_files([Path("samples/articles")], ["txt"], OutputPlan.from_option("out"))
    >>> [outcome.ok for outcome in outcomes]                           # doctest: +SKIP
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from .. import api
from ..checks import Finding, Profile, has_errors
from ..errors import ExportersError
from ..readers import article_files
from ..resources import RemotePolicy
from ..text import slugify
from .outputs import OutputPlan, Written, write_output

__all__ = ["Outcome", "ExportSettings", "export_files", "export_one", "input_files"]


@dataclass(frozen=True)
class ExportSettings:
    """Everything an export needs besides the input file (picklable, for worker processes)."""

    formats: tuple[str, ...]
    plan: OutputPlan
    meta: dict[str, Any] = field(default_factory=dict)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    profile: Profile = field(default_factory=Profile)
    remote: RemotePolicy | None = None


@dataclass(frozen=True)
class Outcome:
    """What happened to one input: the files written, the findings, or the input error."""

    input: Path
    written: tuple[Written, ...] = ()
    findings: tuple[Finding, ...] = ()
    error: str = ""
    article: str = ""

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


def export_one(path: Path, settings: ExportSettings) -> Outcome:
    """Read, check, render, read back and write one article to every format."""
    try:
        reading = api.read(path, settings.meta)
        bundle = api.bundle_of([reading], settings.remote)
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
        findings.extend(item for item in result.findings if item not in findings)
        if result.artifact is not None:
            target = settings.plan.path_for(slug, result.artifact.suffix)
            written.append(write_output(target, result.artifact.data, result.format))
    return Outcome(input=path, written=tuple(written), findings=tuple(findings), article=reading.article.id)


def export_files(files: list[Path], settings: ExportSettings, jobs: int = 1) -> Iterator[Outcome]:
    """Export ``files``, yielding each outcome as it finishes (``jobs`` > 1: in worker processes)."""
    if jobs <= 1 or len(files) <= 1:
        for path in files:
            yield export_one(path, settings)
        return
    from .pool import export_parallel

    yield from export_parallel(files, settings, jobs)

"""Building an edition in memory: the bundle in sections, rendered and read back in every format.

Nothing here writes a file; :mod:`exporters.jobs.newsletter.write` does that, and
only for an edition without errors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from msgspec.structs import replace

from ... import api
from ...api import ExportResult
from ...checks import Finding, Profile, has_errors, model_findings
from ...errors import UsageError
from ...model import Bundle, Section
from ...readers import Reading
from ...resources import RemotePolicy, with_resources
from .jobfile import EditionJob, SectionSpec, edition_slug
from .selection import select_articles

__all__ = ["LEAVE_OUT", "Edition", "build_edition"]

#: Model rules that leave an article out of the edition (unless forced) instead of failing it.
LEAVE_OUT = frozenset({"M110", "M111", "M112"})


@dataclass(frozen=True)
class Edition:
    """An edition built and checked in memory: what would be written, and every finding."""

    job: EditionJob
    bundle: Bundle
    inputs: dict[str, Path]
    left_out: tuple[tuple[Reading, tuple[Finding, ...]], ...]
    findings: tuple[Finding, ...]
    #: Every format rendered and read back, each with its artifact, not yet written.
    outputs: tuple[ExportResult, ...]

    @property
    def slug(self) -> str:
        return edition_slug(self.job.title, self.job.issue)

    @property
    def ok(self) -> bool:
        """True when nothing stops the edition from being written."""
        return not has_errors(self.all_findings)

    @property
    def all_findings(self) -> list[Finding]:
        found = [item for _, items in self.left_out for item in items] + list(self.findings)
        for output in self.outputs:
            found.extend(item for item in output.findings if item not in found)
        return found


def _leave_out(reading: Reading, profile: Profile) -> tuple[Finding, ...]:
    """Why an article stays out of the edition (embargoed, expired, withheld), as warnings."""
    found = [item for item in model_findings(Bundle.of(reading.article), replace(profile, strict=False))
             if item.code in LEAVE_OUT]
    return tuple(profile.apply(replace(item, severity="warning", message=f"left out of the edition: {item.message}"))
                 for item in found)


def _edition_bundle(job: EditionJob, sections: list[tuple[SectionSpec, list[Reading]]],
                    remote: RemotePolicy | None) -> Bundle:
    articles = [reading.article for _, readings in sections for reading in readings]
    primaries = {article.language.split("-")[0].casefold() for article in articles}
    language = job.language or (articles[0].language.split("-")[0] if len(primaries) == 1 else "")
    bundle = Bundle(
        sections=tuple(Section(title=spec.title, articles=tuple(reading.article for reading in readings))
                       for spec, readings in sections),
        title=job.title, subtitle=job.subtitle, issue=job.issue, publisher=job.publisher, date=job.date,
        language=language, editors=job.editors, introduction=job.introduction, identifier=job.identifier,
        site_url=job.site_url,
    )
    origins = {reading.article.id: reading.path for _, readings in sections for reading in readings}
    return with_resources(bundle, origins, remote)


def build_edition(
    job: EditionJob,
    formats: Sequence[str],
    *,
    options: dict[str, dict[str, Any]] | None = None,
    profile: Profile | None = None,
    meta: dict[str, Any] | None = None,
    remote: RemotePolicy | None = None,
) -> Edition:
    """Select, check, render and read back the edition in every format. Writes nothing."""
    profile = profile or Profile()
    if not job.title.strip():
        raise UsageError("the edition has no title: pass --title T or set title in the job file")
    selected = select_articles(job, meta)
    left_out: list[tuple[Reading, tuple[Finding, ...]]] = []
    kept: list[tuple[SectionSpec, list[Reading]]] = []
    for spec, readings in selected:
        keep = []
        for reading in readings:
            reasons = _leave_out(reading, profile)
            if reasons:
                left_out.append((reading, reasons))
            else:
                keep.append(reading)
        if keep:
            kept.append((spec, keep))
    if not kept:
        where = f"{job.label}: " if job.label else ""
        raise UsageError(f"{where}every selected article is embargoed, expired or withheld; "
                         "nothing to publish (pass --force to include them)")
    bundle = _edition_bundle(job, kept, remote)
    inputs = {reading.article.id: reading.path for _, readings in kept for reading in readings if reading.path}
    results = api.export(bundle, formats, options=options, profile=profile)
    shared = tuple(item for item in results[0].findings if not item.format) if results else ()
    refused: list[Finding] = []
    outputs: list[ExportResult] = []
    for result in results:
        if result.artifact is None:  # a format that cannot take the edition fails it, with its reason
            refused.extend(item for item in result.findings if item.format)
            continue
        outputs.append(result)
    return Edition(job, bundle, inputs, tuple(left_out), shared + tuple(refused), tuple(outputs))


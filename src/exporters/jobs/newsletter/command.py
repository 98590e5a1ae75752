"""``exporters newsletter``: build, check and write one edition, and report it."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import Any

from ...checks import Finding
from ...errors import UsageError
from ..article import Outcome
from ..outputs import Written
from ..report import Reporter
from .edition import Edition, build_edition
from .jobfile import DEFAULT_FORMATS, EditionJob, job_from_inputs, load_job
from .manifest import manifest
from .write import write_edition

__all__ = ["run_newsletter"]


def _output_folder(args: argparse.Namespace, job: EditionJob) -> Path:
    from ... import registry

    if args.output:
        folder = Path(args.output)
        if registry.for_suffix(folder.name) is not None:
            raise UsageError(f"newsletter -o names a folder, not a file: {args.output} "
                             "(outputs are named after the edition)")
        return folder
    return job.output or Path("out")


def _options(args: argparse.Namespace, job: EditionJob, formats: list[str]) -> dict[str, dict[str, Any]]:
    from ... import registry
    from ...options import format_options

    merged: dict[str, dict[str, Any]] = {}
    for name, values in job.options.items():
        merged.setdefault(registry.info(name).name, {}).update(values)
    for name, values in format_options(args.option, formats).items():
        merged.setdefault(name, {}).update(values)
    return merged


def _outcomes(edition: Edition, folder: Path, written: list[Written]) -> list[Outcome]:
    """The edition as outcomes for the reporter: what was left out, the findings of each
    article (under its file), then each output with its own findings."""
    job = Path(edition.job.label or edition.slug)
    outcomes = [Outcome(input=reading.path or job, findings=reasons) for reading, reasons in edition.left_out]
    places: dict[Path, list[Finding]] = {}
    for item in edition.findings:
        places.setdefault(edition.inputs.get(item.article) or job, []).append(item)
    outcomes.extend(Outcome(input=place, findings=tuple(items)) for place, items in places.items())
    files = {item.path: item for item in written}
    for output in edition.outputs:
        target = folder / f"{edition.slug}{output.artifact.suffix}"
        done = (files[target],) if target in files else ()
        outcomes.append(Outcome(input=target, written=done, findings=tuple(i for i in output.findings if i.format)))
    outcomes.extend(Outcome(input=item.path, written=(item,)) for item in written if item.format == "manifest")
    return outcomes


def run_newsletter(args: argparse.Namespace) -> int:
    """``exporters newsletter``: build, check and write one edition; returns the exit code."""
    from ... import registry
    from ...options import check_profile, meta_values, remote_policy

    if args.job and args.inputs:
        raise UsageError("give INPUT files or --job FILE, not both (list the files in the job's sections)")
    if args.job:
        job = load_job(Path(args.job))
    elif args.inputs:
        job = job_from_inputs(args.inputs, "")
    else:
        raise UsageError("nothing to bundle: give INPUT files or folders, or --job newsletter.toml")
    if args.title:
        job = replace(job, title=args.title)
    if args.site_url:
        job = replace(job, site_url=args.site_url)
    formats = registry.resolve(list(args.format) or list(job.formats) or list(DEFAULT_FORMATS))
    folder = _output_folder(args, job)
    edition = build_edition(job, formats, options=_options(args, job, formats), profile=check_profile(args),
                            meta=meta_values(args.meta), remote=remote_policy(args.allow_remote_media))
    written = write_edition(edition, folder) if edition.ok else []
    report = {**manifest(edition, folder), "output": str(folder), "written": [str(w.path) for w in written]}
    reporter = Reporter(json_output=args.json, total=1, extra=report)
    with reporter:
        for outcome in _outcomes(edition, folder, written):
            reporter.outcome(outcome)
        if not edition.ok:
            errors = sum(1 for item in edition.all_findings if item.severity == "error")
            reporter.note(f"exporters: nothing written: the edition {edition.slug} has {errors} error(s)")
    return reporter.exit_code()

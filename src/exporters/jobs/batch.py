"""Export many articles, each on its own, to every asked format.

Every article is exported by :func:`~exporters.jobs.article.export_one`: a failing
article is reported and the others still export. Files are written atomically,
so an interrupted run leaves no partial output, and a rerun skips what is
already up to date (see :mod:`exporters.jobs.manifest`).

    >>> settings = ExportSettings(formats=("txt",), plan=OutputPlan.from_option("out"))
    >>> [outcome.ok for outcome in export_files([Path("samples/articles/port-of-aktau.json")], settings)]
    [True]
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from msgspec.structs import replace

from .article import ExportSettings, Outcome, export_one
from .manifest import Journal
from .outputs import STDOUT, OutputPlan, sync_written

__all__ = ["ExportSettings", "Outcome", "OutputPlan", "export_files"]


def export_files(files: list[Path], settings: ExportSettings, jobs: int = 1, scheduler: str = "") -> Iterator[Outcome]:
    """Export ``files``, yielding each outcome as it finishes.

    ``jobs`` > 1 uses local worker processes; a ``scheduler`` address sends the
    work to a Dask cluster instead. When the output is a folder, finished outputs
    are journalled there and a rerun skips what is current.

    Every file gets its name only once complete, so a killed run leaves no partial
    file. A local run does not wait for the disk after each file: it flushes once when
    the batch ends (or stops). A power failure before that may lose files of this run
    (left empty, or as they were); the journal records each file's SHA-256, so the
    next run renders such a file again. Dask workers flush each file on their machine.
    """
    journal = Journal(settings.plan.directory) if settings.plan.file is None else None
    previous = journal.previous if journal and settings.resume else (lambda path: {})
    if scheduler:
        from .dask_engine import export_on_dask

        # Workers on other machines do not append to this machine's journal: the client records.
        outcomes: Iterator[Outcome] = export_on_dask(files, replace(settings, journal=None), scheduler, previous)
        for outcome in outcomes:
            if journal is not None:
                journal.record(entry for entry in outcome.entries if entry.format not in outcome.current)
            yield outcome
        return
    # Local workers append each file's entry as soon as the file is in place, so a run
    # stopped by Ctrl-C keeps every finished file. They do not wait for the disk per file:
    # the batch is flushed once, when it ends or stops.
    local = replace(settings, journal=journal.path if journal is not None else None, sync_each=False)
    if jobs <= 1 or len(files) <= 1:
        outcomes: Iterator[Outcome] = (export_one(path, local, previous(path)) for path in files)
    else:
        from .pool import export_parallel

        outcomes = export_parallel(files, local, jobs, previous)
    written: list[Path] = []
    try:
        for outcome in outcomes:
            written.extend(item.path for item in outcome.written
                           if item.format not in outcome.current and item.path != STDOUT)
            yield outcome
    finally:
        sync_written(written)

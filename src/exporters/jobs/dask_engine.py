"""Batch export on a Dask distributed cluster (``--engine dask --scheduler ADDRESS``).

The same :func:`~exporters.jobs.article.export_one` the local pool runs is sent to
the cluster in chunks of articles, so a cluster produces the same bytes as a
laptop. Workers read inputs and write outputs at the paths they are given: the
input and output folders must be reachable by every worker at the same path (a
shared file system), as for any Dask job that reads files. The journal that
makes reruns resumable is kept by the client.

Needs the optional extra: ``pip install 'newsroom-exporters[dask]'``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

from ..errors import UsageError
from .article import ExportSettings, Outcome, export_one
from .manifest import Entry

__all__ = ["export_on_dask", "CHUNK_SIZE"]

#: Articles per Dask task: large enough to amortise scheduling, small enough to balance.
CHUNK_SIZE = 16


def export_chunk(chunk: list[tuple[Path, dict[str, Entry]]], settings: ExportSettings) -> list[Outcome]:
    """Run on a worker: export each article of the chunk."""
    return [export_one(path, settings, previous) for path, previous in chunk]


def export_on_dask(
    files: list[Path],
    settings: ExportSettings,
    scheduler: str,
    previous: Callable[[Path], dict[str, Entry]] = lambda path: {},
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[Outcome]:
    """Export ``files`` on the cluster at ``scheduler``, yielding outcomes chunk by chunk."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise UsageError("the dask engine needs the optional extra: pip install 'newsroom-exporters[dask]'") from None
    try:
        client = Client(scheduler, timeout="10s")
    except (OSError, TimeoutError) as error:
        raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None
    with client:
        work = [(path, previous(path)) for path in files]
        chunks = [work[start:start + chunk_size] for start in range(0, len(work), chunk_size)]
        futures = [client.submit(export_chunk, chunk, settings, pure=False) for chunk in chunks]
        for future in as_completed(futures):
            yield from future.result()

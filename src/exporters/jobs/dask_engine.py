"""Batch export on a Dask distributed cluster (``--engine dask --scheduler ADDRESS``).

The same :func:`~exporters.jobs.article.export_one` the local pool runs is sent to
the cluster in chunks of articles, so a cluster produces the same bytes as a
laptop. Workers read inputs (and their sidecars and images) and write outputs at
the paths they are given: the input and output folders must be reachable by every
worker at the same path (a shared file system), as for any Dask job that reads
files. The journal that makes reruns resumable is kept by the client, which
records each chunk's files when the chunk's results arrive.

When a worker dies, the scheduler runs its chunks again on the other workers (a
file written twice has the same bytes, and is written atomically). A chunk that
fails on the cluster (it killed workers again and again, or a worker cannot run
the toolkit) fails its own articles, each with one line; the other chunks go on.

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
        futures = {client.submit(export_chunk, chunk, settings, pure=False): chunk for chunk in chunks}
        for future in as_completed(futures):
            try:
                outcomes = future.result()
            except Exception as error:  # the cluster's failure (KilledWorker, a missing module), not an article's
                outcomes = [Outcome(input=path, error=_cluster_error(path, error)) for path, _ in futures[future]]
            yield from outcomes


def _cluster_error(path: Path, error: Exception) -> str:
    """One line for an article whose chunk failed on the cluster.

    >>> _cluster_error(Path("a.json"), ModuleNotFoundError("No module named 'exporters'"))
    "a.json: the Dask cluster could not export it: ModuleNotFoundError: No module named 'exporters' (install newsroom-exporters[dask], the same version, on every worker)"
    """
    hint = " (install newsroom-exporters[dask], the same version, on every worker)" if isinstance(
        error, ImportError) else ""
    return f"{path}: the Dask cluster could not export it: {type(error).__name__}: {error}{hint}"

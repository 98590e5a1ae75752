"""Local parallel export: a pool of worker processes, results streamed as they finish.

Workers are started with ``forkserver`` and replaced after
:data:`TASKS_PER_WORKER` articles, which bounds the memory a format library may
gather over a long run (python-docx is known to grow). At most ``2 × jobs``
articles are in flight, so a run over hundreds of thousands of files holds only
a small window in memory.
"""

from __future__ import annotations

import multiprocessing
import signal
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Callable, Iterator

from .article import ExportSettings, Outcome, export_one
from .manifest import Entry

__all__ = ["export_parallel", "TASKS_PER_WORKER"]


def _format_modules(formats: tuple[str, ...]) -> list[str]:
    from .. import registry

    return sorted({registry.info(name).target.partition(":")[0] for name in formats})


#: Articles a worker exports before it is replaced by a fresh process.
TASKS_PER_WORKER = 200


def export_parallel(
    files: list[Path],
    settings: ExportSettings,
    jobs: int,
    previous: Callable[[Path], dict[str, Entry]] = lambda path: {},
) -> Iterator[Outcome]:
    """Export ``files`` in ``jobs`` worker processes, yielding outcomes in finishing order."""
    context = multiprocessing.get_context("forkserver")
    # Import the format libraries once in the fork server, not again in every new worker.
    context.set_forkserver_preload(["exporters.jobs.article", *_format_modules(settings.formats)])
    pending: set[Future[Outcome]] = set()
    queue = iter(files)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, max_tasks_per_child=TASKS_PER_WORKER,
                             initializer=_leave_ctrl_c_to_the_parent) as pool:
        try:
            for path in queue:
                pending.add(pool.submit(export_one, path, settings, previous(path)))
                if len(pending) >= 2 * jobs:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    yield from (future.result() for future in done)
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (future.result() for future in done)
        except KeyboardInterrupt:
            # Ctrl-C: the articles in progress finish (and journal their files); the queued ones are dropped.
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def _leave_ctrl_c_to_the_parent() -> None:
    """Workers ignore Ctrl-C (SIGINT, sent to the whole process group by a terminal): a worker
    stopped between two queue operations can leave the pool waiting for ever. The parent
    handles it by finishing the articles in progress and dropping the rest."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

"""Memory over a long run: export many articles to every format in one process.

    python bench/memory.py CORPUS_DIR COUNT [FORMAT ...]

Reads, checks, renders and reads back each article with :func:`exporters.api.export`
(the work of ``exporters export --jobs 1``, without writing files), cycling over
the corpus when COUNT is larger than it. The resident set size (``VmRSS``) is
sampled every 5 % of the run; the last line of standard output is JSON::

    {"articles": 2000, "formats": ["txt", ...], "failed": 0, "seconds": 301.2,
     "samples": [[100, 121.3], [200, 122.0], ...]}       <- [articles done, MiB]

The caller reads the peak (``ru_maxrss``) from the finished child itself.
"""

from __future__ import annotations

import json
import sys
import time
from itertools import cycle, islice
from pathlib import Path

from exporters import api, registry
from exporters.readers import article_files


def resident_mib() -> float:
    """The current resident set size of this process, in MiB (Linux ``/proc``)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run(folder: Path, count: int, formats: list[str]) -> dict[str, object]:
    files = article_files(folder)
    step = max(1, count // 20)
    samples: list[list[float]] = []
    failed = 0
    started = time.perf_counter()
    for done, path in enumerate(islice(cycle(files), count), start=1):
        bundle = api.bundle_of([api.read(path)])
        results = api.export(bundle, formats)
        failed += not all(result.artifact is not None for result in results)
        if done % step == 0 or done == count:
            samples.append([done, round(resident_mib(), 2)])
    return {"articles": count, "formats": formats, "failed": failed,
            "seconds": round(time.perf_counter() - started, 2), "samples": samples}


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print("usage: memory.py CORPUS_DIR COUNT [FORMAT ...]", file=sys.stderr)
        return 2
    formats = argv[2:] or registry.names()
    print(json.dumps(run(Path(argv[0]), int(argv[1]), formats)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The ``exporters`` command as a process: ``python -m exporters`` and the console script.

:func:`run` is :func:`exporters.cli.main` in a process that ends when it returns, and so can set
its start-up aside from the garbage collector, as Python's documentation suggests for long-lived
start-up state (:func:`gc.freeze`). Programs and tests call :func:`exporters.cli.main`, which leaves
the collector alone.
"""

from __future__ import annotations

import gc

TYPE_CHECKING = False  # as in exporters/__init__.py: no import of typing or collections before run()
if TYPE_CHECKING:
    from collections.abc import Sequence


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line in this process and return the exit code.

    Loading the toolkit makes only objects that live until the process exits (modules, classes,
    functions), so the collector is off while it loads and :func:`gc.freeze` then sets them aside:
    no collection during the run walks them again. It stays on for what the command makes, so a
    batch of thousands of articles keeps its memory flat. When the command returns the process is
    about to exit, so what it made is set aside too: the last collection at exit would only walk
    the loaded libraries to free what the exit frees anyway (Python does not promise to finalise
    objects still alive at exit, and the toolkit closes and syncs every file it writes before this).
    All of it is about a tenth of a one-article export's CPU time, a sixth of a PDF's.

    It is what ``exporters`` and ``python -m exporters`` run:

    >>> import subprocess, sys
    >>> subprocess.run([sys.executable, "-m", "exporters", "--version"], capture_output=True, text=True).stdout.strip()
    'exporters 0.1.0'
    """
    gc.disable()
    try:
        from .cli import main
    finally:
        gc.freeze()
        gc.enable()
    try:
        return main(argv)
    finally:
        gc.freeze()


if __name__ == "__main__":
    raise SystemExit(run())

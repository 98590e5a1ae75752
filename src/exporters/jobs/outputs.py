"""Where outputs go, and writing them so a crash never leaves half a file.

``-o PATH`` names a file only when it ends with a registered format's suffix;
otherwise it is a directory, created when missing, where each output is named
``<slug><suffix>``::

    >>> OutputPlan.from_option("out/story.pdf").path_for("seed", ".pdf")
    PosixPath('out/story.pdf')
    >>> OutputPlan.from_option("out").path_for("seed", ".pdf")
    PosixPath('out/seed.pdf')

``-`` is standard output, for one output; so is a path that leads to a device or a
pipe (``/dev/stdout``), which is written as a stream rather than replaced::

    >>> OutputPlan.from_option("-").path_for("seed", ".pdf")
    PosixPath('-')
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from ..api import write_atomic
from ..errors import UsageError

__all__ = ["OutputPlan", "Written", "prepare_file", "write_output", "STDOUT", "is_stream"]

#: ``-o -``: standard output.
STDOUT = Path("-")


def is_stream(path: Path) -> bool:
    """True for ``-`` and for a path that leads (through links) to a device, pipe or socket.

    >>> is_stream(Path("-")), is_stream(Path("README.md"))
    (True, False)
    """
    if path == STDOUT:
        return True
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


@dataclass(frozen=True)
class Written:
    """A file that was written: where, what format, and its SHA-256."""

    path: Path
    format: str
    sha256: str


@dataclass(frozen=True)
class OutputPlan:
    """Either one output file, or a directory of ``<slug><suffix>`` files."""

    directory: Path
    file: Path | None = None

    @classmethod
    def from_option(cls, value: str | None, default: str = "out") -> OutputPlan:
        from .. import registry

        path = Path(value or default)
        if value and (is_stream(path) or registry.for_suffix(path.name) is not None):
            return cls(directory=path.parent, file=path)
        return cls(directory=path)

    @property
    def format_hint(self) -> str | None:
        """The format named by the file suffix of ``-o``, if any."""
        from .. import registry

        found = registry.for_suffix(self.file.name) if self.file else None
        return found.name if found else None

    def path_for(self, slug: str, suffix: str) -> Path:
        if self.file is not None and is_stream(self.file):
            return self.file
        if self.file is not None:
            return self.file if self.file.name.endswith(suffix) else self.file.with_suffix(suffix)
        return self.directory / f"{slug}{suffix}"

    def prepare(self) -> None:
        """Create the directory, or fail with one clear line when it cannot be written."""
        if self.file is not None and is_stream(self.file):
            return
        try:
            if self.directory.exists() and not self.directory.is_dir():
                raise UsageError(f"cannot write outputs to {self.directory}: it is a file, not a directory")
            self.directory.mkdir(parents=True, exist_ok=True)
        except (NotADirectoryError, FileExistsError):
            raise UsageError(f"cannot create output folder {self.directory}: a parent is a file") from None
        except PermissionError:
            raise UsageError(f"cannot create output folder {self.directory}: permission denied") from None
        import os

        if not os.access(self.directory, os.W_OK | os.X_OK):
            raise UsageError(f"cannot write to output folder {self.directory}: permission denied")


def prepare_file(path: Path) -> None:
    """Make ready to write the one file ``-o`` names (``feed``, ``import``); one clear line when it cannot be.

    >>> prepare_file(Path("README.md/feed.rss"))
    Traceback (most recent call last):
    exporters.errors.UsageError: cannot write outputs to README.md: it is a file, not a directory
    """
    if is_stream(path):
        return
    OutputPlan(directory=path.parent).prepare()
    if path.is_dir():
        raise UsageError(f"cannot write {path}: it is a folder")


def write_output(path: Path, data: bytes, format_name: str) -> Written:
    """Write atomically (``-``, a device or a pipe: as a stream) and return what was written."""
    if path == STDOUT:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    elif is_stream(path):
        with path.open("wb") as stream:
            stream.write(data)
    else:
        write_atomic(path, data)
    return Written(path=path, format=format_name, sha256=hashlib.sha256(data).hexdigest())

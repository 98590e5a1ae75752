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

import functools
import hashlib
import itertools
import os
import stat
import sys
from pathlib import Path
from typing import BinaryIO

import msgspec

from ..errors import UsageError

__all__ = ["OutputPlan", "Written", "output_file", "prepare_file", "write_output", "write_atomic", "sync_written", "STDOUT",
           "is_stream"]

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


class Written(msgspec.Struct, frozen=True):
    """A file that was written: where, what format, and its SHA-256."""

    path: Path
    format: str
    sha256: str


class OutputPlan(msgspec.Struct, frozen=True):
    """Either one output file, or a directory of ``<slug><suffix>`` files."""

    directory: Path
    file: Path | None = None

    @classmethod
    def from_option(cls, value: str | None, default: str = "out") -> OutputPlan:
        from .. import registry

        path = Path(value or default)
        if value and value.endswith(("/", os.sep)):  # a trailing slash says folder, whatever the name
            return cls(directory=path)
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

    def refuse_folder_file(self) -> None:
        """One clear line when the file ``-o`` names is an existing folder (checked before anything is written)."""
        if self.file is not None and not is_stream(self.file) and self.file.is_dir():
            raise UsageError(f"cannot write {self.file}: it is a folder (give a folder as {self.file}/ to write into it)")

    def prepare(self) -> None:
        """Create the directory, or fail with one clear line when it cannot be written."""
        if self.file is not None and is_stream(self.file):
            return
        self.refuse_folder_file()
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


def output_file(value: str) -> Path:
    """The one file ``-o VALUE`` names for a command that writes one file (``feed``, ``import``).

    A value that ends with a slash names a folder, which such a command cannot write:

    >>> output_file("out/news.rss")
    PosixPath('out/news.rss')
    >>> output_file("out/")
    Traceback (most recent call last):
    exporters.errors.UsageError: -o out/ names a folder; this command writes one file: name it, e.g. out/NAME.SUFFIX
    """
    if value.endswith(("/", os.sep)):
        raise UsageError(f"-o {value} names a folder; this command writes one file: name it, e.g. {value}NAME.SUFFIX")
    return Path(value)


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


def write_output(path: Path, data: bytes, format_name: str, sync: bool = True) -> Written:
    """Write atomically (``-``, a device or a pipe: as a stream) and return what was written.

    ``sync=False`` leaves the bytes to the operating system's cache: the file is still
    complete whenever it has its name, and the caller syncs the batch once at its end
    (:func:`sync_written`) instead of waiting for the disk once per file.
    """
    if path == STDOUT:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    elif is_stream(path):
        with path.open("wb") as stream:
            stream.write(data)
    else:
        write_atomic(path, data, sync=sync)
    return Written(path=path, format=format_name, sha256=hashlib.sha256(data).hexdigest())


def write_atomic(path: Path, data: bytes, sync: bool = True) -> None:
    """Write ``data`` to ``path`` so that no reader and no killed process ever leaves half a file.

    On Linux the bytes go to an anonymous file (``O_TMPFILE``) that only gets a
    name once complete, so even a process killed with SIGKILL mid-write leaves
    nothing behind. A new file is named ``path`` directly; an existing one is
    replaced by naming the new file ``.NAME.PID.N.part`` and renaming it over
    ``path``, and a ``.part`` file that a killed process left between those two
    steps is removed when the next run writes ``path`` (a process lists a folder's
    parts once). Elsewhere, a temporary ``.NAME.*.part`` file beside ``path`` is
    written and renamed.

    With ``sync`` (the default) the bytes reach the disk (``fsync``) before the file gets
    its name, so not even a power failure leaves a named file short; without it that
    guarantee waits for the caller's :func:`sync_written`.

    A symbolic link is followed: its target is written and the link stays.
    """
    path = _link_target(path)
    descriptor = _anonymous_file(path.parent)
    if descriptor is None:  # the folder is missing, or its file system makes no anonymous files
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = _anonymous_file(path.parent)
    if descriptor is None:
        _write_named_temporary(path, data, sync)
        return
    _remove_abandoned_parts(path)
    temporary = path.parent / f".{path.name}.{os.getpid()}.{next(_counter)}.part"
    try:
        with os.fdopen(descriptor, "wb") as stream:
            _fill(stream, data, sync)
            if _give_name(stream.fileno(), path):
                return
            _give_name(stream.fileno(), temporary)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _link_target(path: Path) -> Path:
    """``path``, or the file a symbolic link at ``path`` leads to (which may not exist yet)."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _remove_abandoned_parts(path: Path) -> None:
    """Remove ``.NAME.PID.N.part`` files beside ``path`` whose process is gone.

    The folder is listed once per process (:func:`_parts_in`), not once per file: a
    batch writing thousands of files into one folder would otherwise list it thousands
    of times. A part that a process killed later leaves behind is tidied by the next run.
    """
    parts = _parts_in(path.parent)
    prefix = f".{path.name}."
    for name in [name for name in parts if name.startswith(prefix)]:
        pid = name[len(prefix):].split(".")[0]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            (path.parent / name).unlink(missing_ok=True)
            parts.remove(name)


#: Folder -> the names of the ``.*.part`` files in it when this process first wrote there.
_PARTS: dict[Path, list[str]] = {}


def _parts_in(folder: Path) -> list[str]:
    """The ``.*.part`` file names in ``folder``, listed the first time this process asks."""
    if folder not in _PARTS:
        try:
            names = os.listdir(folder)
        except OSError:
            names = []
        _PARTS[folder] = [name for name in names if name.startswith(".") and name.endswith(".part")]
    return _PARTS[folder]


_counter = itertools.count()


def _give_name(descriptor: int, target: Path) -> bool:
    """linkat(2) with AT_SYMLINK_FOLLOW on /proc/self/fd/N: names an O_TMPFILE file.

    False when ``target`` already exists (the caller then renames over it).
    ``os.link`` calls linkat only when a directory descriptor is given, hence the folder's.
    """
    folder = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.link(f"/proc/self/fd/{descriptor}", target.name, src_dir_fd=folder, dst_dir_fd=folder, follow_symlinks=True)
    except FileExistsError:
        return False
    finally:
        os.close(folder)
    return True


def _anonymous_file(folder: Path) -> int | None:
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag or not _has_proc_fd():
        return None
    try:
        return os.open(folder, flag | os.O_WRONLY, 0o644)
    except OSError:  # a file system without O_TMPFILE support
        return None


@functools.cache
def _has_proc_fd() -> bool:
    """Whether ``/proc/self/fd`` names this process's open files (Linux), asked once."""
    return Path("/proc/self/fd").is_dir()


def _fill(stream: BinaryIO, data: bytes, sync: bool) -> None:
    """Write ``data`` to a new file's stream; with ``sync``, wait until it is on disk."""
    stream.write(data)
    stream.flush()
    if sync:
        os.fsync(stream.fileno())


def _write_named_temporary(path: Path, data: bytes, sync: bool = True) -> None:
    import tempfile

    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            _fill(stream, data, sync)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


#: Up to this many files, a batch's end flushes each file and its folder; past it, one
#: ``os.sync`` flushes them all, which costs about as much as flushing four files one by one.
FEW_FILES = 4


def sync_written(paths: list[Path]) -> None:
    """Flush files written with ``sync=False`` to disk, with their folders (the names).

    A missing file (replaced or removed since) is skipped: there is nothing of it to lose.
    """
    if len(paths) > FEW_FILES and hasattr(os, "sync"):
        os.sync()
        return
    for target in [*dict.fromkeys(paths), *dict.fromkeys(path.parent for path in paths)]:
        try:
            descriptor = os.open(target, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.fsync(descriptor)
        except OSError:  # a folder on a file system that cannot flush one
            pass
        finally:
            os.close(descriptor)

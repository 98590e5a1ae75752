"""Readers turn input files into the canonical :class:`~exporters.model.Article`.

One module per input kind, chosen by suffix, imported only when needed::

    >>> from exporters.readers import read_article
    >>> reading = read_article(Path("samples/articles/000_1c0508d7c4252433.txt"))
    >>> reading.article.headline
    'Nazarbaev Thanks Trump For Backing Kazakh Independence'
    >>> reading.guesses[0]
    'headline: line 5, the line above the photo caption printed twice (line 8)'

Facts a file does not hold come from a sidecar ``NAME.meta.yaml`` beside it and
from ``--meta key=value`` (the command line wins). Every reader returns what it
*guessed* as well, so ``exporters import`` can show it; a reader never invents a
fact.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any, Callable

from msgspec.structs import replace

from .. import limits
from ..errors import InputError
from .reading import Reading, source_sha256

__all__ = ["Reading", "source_sha256", "READERS", "read_article", "reader_for", "is_article_file", "article_files", "sidecar_of",
           "stdin_path", "sniff_kind"]


#: Suffix -> "module:function". Each function takes ``(data: bytes, path: Path, meta: dict)``.
READERS: dict[str, str] = {
    ".json": "exporters.readers.canonical:read_json",
    ".yaml": "exporters.readers.canonical:read_yaml",
    ".yml": "exporters.readers.canonical:read_yaml",
    ".md": "exporters.readers.markdown:read_markdown",
    ".markdown": "exporters.readers.markdown:read_markdown",
    ".html": "exporters.readers.html:read_html",
    ".htm": "exporters.readers.html:read_html",
    ".txt": "exporters.readers.scraped:read_scraped",
}

SIDECAR_SUFFIX = ".meta.yaml"


def is_article_file(path: Path) -> bool:
    """True for files a reader takes; sidecars (``*.meta.yaml``) are not articles."""
    return path.suffix.lower() in READERS and not path.name.lower().endswith(SIDECAR_SUFFIX)


def article_files(path: Path) -> list[Path]:
    """``path`` itself, or every article file below a directory, sorted (recursive)."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and is_article_file(p))
    return [path]


def sidecar_of(path: Path) -> Path:
    """``story.txt`` -> ``story.meta.yaml``."""
    return path.with_name(path.stem + SIDECAR_SUFFIX)


#: ``-`` as INPUT stands for standard input, read once, under this name plus the suffix
#: of its kind (``<stdin>.md``): messages name it so, and outputs are named ``stdin``.
STDIN_STEM = "<stdin>"


def stdin_path(kind: str) -> Path:
    """The name standard input is read under, for an input kind (a reader's suffix without the dot).

    >>> stdin_path("md")
    PosixPath('<stdin>.md')
    """
    if f".{kind}" not in READERS:
        raise InputError("-", "", f"unknown input kind {kind!r}; --from takes {', '.join(sorted(s[1:] for s in READERS))}")
    return Path(f"{STDIN_STEM}.{kind}")


def sniff_kind(data: bytes) -> str:
    r"""The input kind of standard input when ``--from`` does not say: JSON when it starts with
    ``{``, Markdown with ``---`` front matter, a saved page with ``<``, else a scraped text page.

    >>> sniff_kind(b' {"id": 1}'), sniff_kind(b"---\ntitle: x\n---\n"), sniff_kind(b"<!doctype html>"), sniff_kind(b"News")
    ('json', 'md', 'html', 'txt')
    """
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return "json"
    if head.startswith(b"---"):
        return "md"
    return "html" if head.startswith(b"<") else "txt"


def _is_stdin(path: Path) -> bool:
    return path.stem == STDIN_STEM and path.parent == Path(".")


_STDIN: bytes | None = None


def read_stdin() -> bytes:
    """Standard input, read once (every later call returns the same bytes), within the input limit."""
    import sys

    global _STDIN
    if _STDIN is None:
        data = sys.stdin.buffer.read(limits.MAX_INPUT_BYTES + 1)
        if len(data) > limits.MAX_INPUT_BYTES:
            raise InputError(STDIN_STEM, "", _too_big(len(data)))
        _STDIN = data
    return _STDIN


def reader_for(path: Path) -> Callable[[bytes, Path, dict[str, Any]], Reading]:
    """The read function for ``path``'s suffix; :class:`InputError` when there is none."""
    target = READERS.get(path.suffix.lower())
    if target is None:
        kinds = ", ".join(sorted(READERS))
        raise InputError(path, "", f"no reader for {path.suffix or 'files without a suffix'!r}; readers exist for {kinds}")
    module, _, function = target.partition(":")
    return getattr(importlib.import_module(module), function)


def read_article(path: Path, meta: dict[str, Any] | None = None) -> Reading:
    """Read one article file, merging its sidecar and ``meta`` (which wins).

    Raises :class:`InputError` naming the file and the place for anything wrong,
    including anything beyond :mod:`exporters.limits` (checked by
    :func:`~exporters.readers._guard.check_article` whatever the reader).
    """
    from ._guard import check_article
    from .meta import parse_sidecar, sidecar_bytes

    data = read_input(path)
    # A ninjs item is known by its content, whatever the file is called (.json looks for itself).
    read = (_by_content(data) if path.suffix.lower() != ".json" else None) or reader_for(path)
    sidecar_data = sidecar_bytes(sidecar_of(path))
    sidecar = parse_sidecar(sidecar_data, sidecar_of(path))
    merged = {**sidecar, **(meta or {})}
    sources = {**{key: str(sidecar_of(path)) for key in sidecar}, **{key: "--meta" for key in meta or {}}}
    try:
        reading = read(data, path, merged)
    except RecursionError:
        raise InputError(path, "", f"nested too deeply to read; keep nesting under {limits.MAX_NESTING_DEPTH} levels "
                         "(exporters.limits.MAX_NESTING_DEPTH)") from None
    except InputError as error:
        raise _blamed(error, sources) from None
    check_article(reading.article, path)
    overridden = tuple((key, sources.get(key, "")) for key, _ in reading.overridden)
    return replace(reading, overridden=overridden, source_sha256=source_sha256(data, sidecar_data))


def _blamed(error: InputError, sources: dict[str, str]) -> InputError:
    """``error`` naming the sidecar or ``--meta`` when the field at fault came from there.

    >>> str(_blamed(InputError("a.txt", "", "$.published: invalid RFC3339 encoded datetime"), {"published": "--meta"}))
    '--meta: $.published: invalid RFC3339 encoded datetime'
    """
    import re

    match = re.match(r"\$\.([A-Za-z_][\w.]*)", error.what) or re.match(r"([A-Za-z_][\w.]*):", error.what)
    if error.where or match is None:
        return error
    place = match.group(1)
    for key, source in sources.items():
        if key == place or place.startswith(key + ".") or key.startswith(place + "."):
            return InputError(source, "", error.what if error.what.startswith("$") else f"$.{error.what}")
    return error


def _by_content(data: bytes) -> Callable[[bytes, Path, dict[str, Any]], Reading] | None:
    """The reader a file's content names, whatever its suffix: a ninjs item is a JSON object with a ``uri``."""
    if data.lstrip()[:1] == b"{":
        from .ninjs import is_ninjs, read_ninjs
        import json

        try:
            if is_ninjs(json.loads(data)):
                return read_ninjs
        except ValueError:
            return None
    return None


def read_input(path: Path) -> bytes:
    """The bytes of a regular file of at most :data:`~exporters.limits.MAX_INPUT_BYTES`, not empty, not binary."""
    import stat

    if _is_stdin(path):
        return _checked_text(path, read_stdin())
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            raise InputError(path, "", "is a directory")
        if not stat.S_ISREG(status.st_mode):
            raise InputError(path, "", "not a regular file (a device, pipe or socket)")
        if status.st_size > limits.MAX_INPUT_BYTES:
            raise InputError(path, "", _too_big(status.st_size))
        with path.open("rb") as stream:
            data = stream.read(limits.MAX_INPUT_BYTES + 1)
    except FileNotFoundError:
        raise InputError(path, "", "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "", "is a directory") from None
    except PermissionError:
        raise InputError(path, "", "permission denied") from None
    except OSError as error:
        raise InputError(path, "", f"cannot be read: {error.strerror or error}") from None
    if len(data) > limits.MAX_INPUT_BYTES:
        raise InputError(path, "", _too_big(len(data)))
    return _checked_text(path, data)


def _checked_text(path: Path, data: bytes) -> bytes:
    """``data`` when it is text: not empty, no NUL bytes (UTF-16 with a byte order mark passes here)."""
    if not data.strip():
        raise InputError(path, "", "file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data
    nul = data.find(b"\x00")
    if 0 <= nul < 8192:
        raise InputError(path, "", "binary file (NUL bytes); expected UTF-8 text")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise InputError(path, f"line {line}, byte {nul}", "NUL byte in the text; XML cannot carry it, so no format could hold this file")
    return data


def _too_big(size: int) -> str:
    return f"file is {limits.mib(size)}; the limit is {limits.mib(limits.MAX_INPUT_BYTES)} (exporters.limits.MAX_INPUT_BYTES)"

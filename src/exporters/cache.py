"""The toolkit's folder in the user's cache, for what a new process may reuse instead of redoing.

``$EXPORTERS_CACHE_DIR``, else ``$XDG_CACHE_HOME`` or ``~/.cache``, then ``newsroom-exporters/KIND``.
Like Python's ``__pycache__`` it only saves work: every entry is checked before it is used, and
a folder that cannot be made or written means no cache, never a failed run::

    >>> folder("templates").parts[-2:]
    ('newsroom-exporters', 'templates')

Only the command line and the batch jobs write files, so the cache is off until one of them
turns it on (:func:`keep_on_disk`). A program that renders through the library reads and
writes nothing here. Three kinds are kept: compiled templates (``templates``), parsed PDF
styles (``styles``) and what Pillow found in an image's bytes (``images``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

__all__ = ["folder", "keep_on_disk", "kept_on_disk", "read_entry", "writable", "write_entry"]

#: Whether this process keeps what it works out in the user's cache (:func:`keep_on_disk`).
_on_disk = False


def keep_on_disk() -> None:
    """Let this process read and write its cache entries from now on.

    The command line and the batch jobs call this: they own every file a run writes.
    """
    global _on_disk
    _on_disk = True


def kept_on_disk() -> bool:
    """Whether this process uses the cache folder (:func:`keep_on_disk`).

    >>> isinstance(kept_on_disk(), bool)
    True
    """
    return _on_disk


def folder(kind: str) -> Path:
    """Where entries of one kind (``templates``, ``styles``, ``images``) are kept."""
    chosen = os.environ.get("EXPORTERS_CACHE_DIR")
    base = Path(chosen) if chosen else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "newsroom-exporters" / kind


def writable(kind: str) -> Path | None:
    """:func:`folder`, made (mode 0700) when missing; None when it cannot be made or written."""
    path = folder(kind)
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return path if os.access(path, os.W_OK | os.X_OK) else None


def read_entry(kind: str, key: str) -> dict[str, Any] | None:
    """The JSON object kept under ``key``; None when the cache is off or holds no readable object
    (the caller then works it out again)."""
    if not _on_disk:
        return None
    import msgspec  # already loaded for the model: spares the json module's import

    try:
        entry = msgspec.json.decode((folder(kind) / f"{key}.json").read_bytes())
    except (OSError, msgspec.DecodeError):
        return None
    return entry if isinstance(entry, dict) else None


def write_entry(kind: str, key: str, text: str) -> None:
    """Keep ``text`` (a JSON object) under ``key``, whole or not at all (a temporary file renamed
    into place); nothing when the cache is off, and a folder that cannot be written is skipped."""
    if not _on_disk:
        return
    place = writable(kind)
    if place is None:
        return
    temporary = place / f".{key}.{os.getpid()}.part"
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, place / f"{key}.json")
    except OSError:
        temporary.unlink(missing_ok=True)

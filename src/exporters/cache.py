"""The toolkit's folder in the user's cache, for what a new process may reuse instead of redoing.

``$EXPORTERS_CACHE_DIR``, else ``$XDG_CACHE_HOME`` or ``~/.cache``, then ``newsroom-exporters/KIND``.
Like Python's ``__pycache__`` it only saves work: every entry is checked before it is used, and
a folder that cannot be made or written means no cache, never a failed run::

    >>> folder("templates").parts[-2:]
    ('newsroom-exporters', 'templates')
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["folder", "writable"]


def folder(kind: str) -> Path:
    """Where entries of one kind (``templates``, ``images``) are kept."""
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

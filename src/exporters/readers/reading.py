"""What a reader returns: the article, and what the reader guessed to make it.

Its own module, so that the readers and the package that dispatches to them
(:mod:`exporters.readers`) both import it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model import Article

__all__ = ["Reading"]


@dataclass(frozen=True)
class Reading:
    """An article read from a file, with the reader's guesses spelled out."""

    article: Article
    path: Path | None = None
    guesses: tuple[str, ...] = field(default=())
    #: Fields whose value in the input a sidecar or ``--meta`` replaced: ``(key, source)``.
    overridden: tuple[tuple[str, str], ...] = field(default=())
    #: What the input held that the model has no place for (``urgency: ...``), never silently lost.
    dropped: tuple[str, ...] = field(default=())

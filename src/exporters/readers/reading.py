"""What a reader returns: the article, and what the reader guessed to make it.

Its own module, so that the readers and the package that dispatches to them
(:mod:`exporters.readers`) both import it without importing each other.
"""

from __future__ import annotations

from pathlib import Path

import msgspec

from ..model import Article

__all__ = ["Reading", "source_sha256"]


class Reading(msgspec.Struct, frozen=True):
    """An article read from a file, with the reader's guesses spelled out."""

    article: Article
    path: Path | None = None
    guesses: tuple[str, ...] = ()
    #: Fields whose value in the input a sidecar or ``--meta`` replaced: ``(key, source)``.
    overridden: tuple[tuple[str, str], ...] = ()
    #: What the input held that the model has no place for (``urgency: ...``), never silently lost.
    dropped: tuple[str, ...] = ()
    #: SHA-256 of the bytes read, the file's and then its sidecar's (:func:`source_sha256`):
    #: the resume journal starts its digest here instead of reading both again. Empty for
    #: an article that was not read from a file.
    source_sha256: str = ""


def source_sha256(*parts: bytes) -> str:
    """The SHA-256 of an input's parts (the file, its sidecar), each hashed on its own first.

    >>> source_sha256(b"{}", b"") == source_sha256(b"{", b"}")
    False
    """
    import hashlib

    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()

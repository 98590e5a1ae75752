"""One exception tree for the whole toolkit.

Every error a user can cause is an :class:`ExportersError`; the command line turns
it into one line on standard error and exit code 2, never a traceback::

    samples/broken/no-headline.json: $: object missing required field `headline`
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["ExportersError", "InputError", "ResourceError", "UsageError", "PluginError"]


class ExportersError(Exception):
    """Base of every error the toolkit raises on purpose."""


class UsageError(ExportersError):
    """The command or API was called wrongly (unknown format, bad option, clashing outputs)."""


class InputError(ExportersError):
    """An input file cannot be read into the model.

    ``where`` is a JSON path (``$.authors[0].name``), a line (``line 3``) or empty.

    >>> str(InputError("a.json", "$.headline", "expected `str`, got `int`"))
    'a.json: $.headline: expected `str`, got `int`'
    """

    def __init__(self, path: str | Path, where: str, what: str) -> None:
        self.path = str(path)
        self.where = where
        self.what = what
        super().__init__(": ".join(part for part in (self.path, where, what) if part))


class ResourceError(InputError):
    """An image or other file an article refers to is missing, unsafe or corrupt."""


class PluginError(ExportersError):
    """A third-party format or check could not be loaded; names its distribution."""

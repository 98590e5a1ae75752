"""newsroom-exporters: one canonical article model, many checked outputs.

Importing this package imports nothing else: each public name loads its module the first time it
is used (:pep:`562`), so a program pays only for what it touches and the ``exporters`` command
decides how its own start-up runs (:mod:`exporters.__main__`). Formats load when first used too::

    >>> import exporters
    >>> exporters.Article.__module__
    'exporters.model'
"""

from __future__ import annotations

from importlib import import_module

# The ``typing`` module costs a few milliseconds to import; type checkers read a module-level
# ``TYPE_CHECKING = False`` as true (the idiom PEP 781 describes), so the names below exist for them only.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .errors import ExportersError, InputError, PluginError, ResourceError, UsageError
    from .model import Article, Bundle, Section

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Bundle",
    "Section",
    "ExportersError",
    "InputError",
    "PluginError",
    "ResourceError",
    "UsageError",
    "__version__",
]

#: The module that defines each public name.
_HOMES = {
    "Article": "model",
    "Bundle": "model",
    "Section": "model",
    "ExportersError": "errors",
    "InputError": "errors",
    "PluginError": "errors",
    "ResourceError": "errors",
    "UsageError": "errors",
}
#: The modules ``import exporters`` loaded before its names became lazy, still reachable as attributes.
_SUBMODULES = frozenset({"errors", "model", "body", "media"})

if not TYPE_CHECKING:  # type checkers see the imports above, and so still catch a mistyped name

    def __getattr__(name: str) -> Any:
        """A public name (or one of :data:`_SUBMODULES`), imported on first use and kept here after.

        >>> import exporters
        >>> exporters.UsageError.__mro__[1].__name__
        'ExportersError'
        """
        if name in _SUBMODULES:
            return import_module(f"{__name__}.{name}")
        home = _HOMES.get(name)
        if home is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(import_module(f"{__name__}.{home}"), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        """The public API (:data:`__all__`), loaded or not."""
        return sorted(__all__)

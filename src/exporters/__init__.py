"""newsroom-exporters: one canonical article model, many checked outputs.

Importing this package imports no format library; formats load when first used.
"""

from __future__ import annotations

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

"""Third-party checks from the ``exporters.checks`` entry-point group.

A plugin check is a callable ``check(bundle, inspection) -> Iterable[Finding]``
with an attribute ``stage`` set to ``"model"`` (``inspection`` is None) or
``"artifact"``. It is loaded only when checks run; one that fails to load is
reported by ``exporters formats`` and never stops the others::

    # in a plugin's pyproject.toml
    [project.entry-points."exporters.checks"]
    house-style = "house_checks:check_house_style"
"""

from __future__ import annotations

from functools import cache
from typing import Any, Callable

from ..entrypoints import entry_points

__all__ = ["plugin_checks", "broken_checks"]

_broken: dict[str, str] = {}


@cache
def _load() -> tuple[Callable[..., Any], ...]:
    loaded = []
    for point in entry_points("exporters.checks"):
        try:
            check = point.load()
            if getattr(check, "stage", None) not in ("model", "artifact"):
                raise TypeError("a check needs a `stage` attribute: 'model' or 'artifact'")
            loaded.append(check)
        except Exception as error:  # a broken plugin must never break the others
            dist = point.dist.name if point.dist else "unknown distribution"
            _broken[point.name] = f"{dist}: {type(error).__name__}: {error}"
    return tuple(loaded)


def plugin_checks(stage: str) -> list[Callable[..., Any]]:
    """Loaded plugin checks of one stage."""
    return [check for check in _load() if check.stage == stage]


def broken_checks() -> dict[str, str]:
    """Check plugins that failed to load: name -> reason."""
    _load()
    return dict(_broken)

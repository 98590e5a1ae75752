"""Entry points of the toolkit's plugin groups, without paying for ``importlib.metadata`` when none exist.

Importing :mod:`importlib.metadata` pulls in the e-mail parser, ``zipfile``, ``csv`` and more:
about a third of a plain export's start-up. Every installed distribution lists its entry points
in a plain ``entry_points.txt`` inside its ``*.dist-info`` (or ``*.egg-info``) folder, so
:func:`declared` reads those files' section headers and names first. Only when some distribution
declares the group are the entry points loaded, through :mod:`importlib.metadata` as usual::

    >>> declared("exporters.no-such-group")
    ()
    >>> entry_points("exporters.no-such-group")
    ()

A ``sys.path`` entry that is not a folder (a zip archive) cannot be read this way; then the
group is taken as possibly declared and the real scan decides.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from typing import Any

__all__ = ["declared", "entry_points"]

#: Stands for "a zip archive on sys.path may declare anything": the real scan decides.
UNKNOWN = "*"


def declared(group: str) -> tuple[str, ...]:
    """The entry-point names installed distributions declare in ``group`` (``UNKNOWN`` when unreadable)."""
    table, unreadable = _declared()
    return table.get(group, ()) + ((UNKNOWN,) if unreadable else ())


@cache
def _declared() -> tuple[dict[str, tuple[str, ...]], bool]:
    """The names of every ``exporters.*`` group, from one pass over ``sys.path`` (each file read once
    per process, whichever groups are asked), and whether some entry could not be read."""
    names: dict[str, list[str]] = {}
    unreadable = False
    for entry in sys.path:
        folder = entry or "."
        if os.path.isfile(folder):
            unreadable = True
            continue
        try:
            listing = os.scandir(folder)
        except OSError:
            continue
        with listing:
            for item in listing:
                if item.name.endswith((".dist-info", ".egg-info")):
                    for group, name in _names_in(os.path.join(item.path, "entry_points.txt")):
                        names.setdefault(group, []).append(name)
    return {group: tuple(found) for group, found in names.items()}, unreadable


def _names_in(path: str) -> list[tuple[str, str]]:
    """``(group, name)`` for every entry under an ``[exporters.*]`` section of one ``entry_points.txt``
    (an INI file: ``name = module:attr``)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as stream:
            text = stream.read()
    except OSError:
        return []
    if "[exporters." not in text:
        return []
    found, group = [], ""
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("["):
            group = line[1:-1].strip() if line.startswith("[exporters.") else ""
        elif group and "=" in line and not line.startswith(("#", ";")):
            found.append((group, line.split("=", 1)[0].strip()))
    return found


def entry_points(group: str) -> tuple[Any, ...]:
    """The group's :class:`importlib.metadata.EntryPoint` objects, sorted by name; () when none is declared."""
    if not declared(group):
        return ()
    from importlib.metadata import entry_points as installed

    return tuple(sorted(installed(group=group), key=lambda point: point.name))

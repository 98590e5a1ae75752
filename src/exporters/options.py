"""Command-line values turned into what the api and the jobs take.

Shared by the command line and the jobs it starts (export, newsletter, feed), so
``--meta``, ``-O``, ``--format`` and ``--strict`` mean the same everywhere. An
option named with its format goes to that format; one without goes to every asked
format that takes it::

    >>> format_options(["pdf.page_size=letter", "wrap=72"], ["pdf", "txt"])
    {'pdf': {'page_size': 'letter'}, 'txt': {'wrap': '72'}}
"""

from __future__ import annotations

import argparse
from typing import Any, Sequence

from .checks.findings import Profile
from .errors import UsageError
from .resources import RemotePolicy

__all__ = ["meta_values", "format_options", "check_format_options", "positive_int", "remote_policy", "output_formats", "scheduler_address", "check_profile"]



def meta_values(values: list[str]) -> dict[str, Any]:
    """``--meta key=value`` strings as article fields (values read as YAML scalars)."""
    if not values:
        return {}  # spares the YAML import on every plain run
    from .readers.meta import check_meta, parse_meta_options

    try:
        meta = parse_meta_options(values)
    except ValueError as error:
        raise UsageError(str(error)) from None
    check_meta(meta)
    return meta


def format_options(values: list[str], formats: Sequence[str]) -> dict[str, dict[str, Any]]:
    """``-O pdf.page_size=letter`` for one format; ``-O wrap=72`` for every asked format that has it.

    An unscoped key that no asked format takes is a usage error naming the formats.
    """
    from . import registry

    options: dict[str, dict[str, Any]] = {}
    for value in values:
        key, sep, raw = value.partition("=")
        scope, dot, name = key.rpartition(".")
        if not sep or not name.strip():
            raise UsageError(f"-O expects [FORMAT.]KEY=VALUE, got {value!r}")
        targets = [registry.info(scope).name] if dot else _formats_taking(name, formats)
        for target in targets:
            options.setdefault(target, {})[name] = raw
    check_format_options(options)
    return options


def check_format_options(options: dict[str, dict[str, Any]]) -> None:
    """Convert and check every format's options once, before any article is read: a bad
    value is one usage error naming ``-O FORMAT.KEY=VALUE`` (and the choices, for a choice)."""
    from . import api

    for name, values in options.items():
        api.make_exporter(name, values)


def positive_int(value: str) -> int:
    """``--jobs N`` and the like: a whole number of at least 1.

    >>> positive_int("2")
    2
    >>> positive_int("0")
    Traceback (most recent call last):
    argparse.ArgumentTypeError: expected a whole number of at least 1, got '0'
    """
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return number


def _formats_taking(name: str, formats: Sequence[str]) -> list[str]:
    """The asked formats whose options have ``name``; all of them when only one was asked."""
    from . import registry

    if len(formats) <= 1:
        return list(formats)
    taking = [fmt for fmt in formats if name in registry.exporter_class(fmt).Options.__struct_fields__]
    if not taking:
        raise UsageError(f"-O {name}: none of the formats {', '.join(formats)} takes this option")
    return taking


def remote_policy(hosts: list[str]) -> RemotePolicy | None:
    """``--allow-remote-media HOST`` values; None (never fetch) when there are none."""
    return RemotePolicy(hosts=frozenset(hosts)) if hosts else None


def output_formats(requested: list[str], hint: str | None) -> list[str]:
    """``--format`` values, else the format named by ``-o``'s suffix; a usage error when neither."""
    from . import registry

    if not requested and hint:
        requested = [hint]
    if not requested:
        raise UsageError(f"no output format: pass --format (one of {', '.join(registry.names())}, all) or -o FILE.SUFFIX")
    return registry.resolve(requested)


def scheduler_address(args: argparse.Namespace) -> str:
    """The Dask scheduler for ``--engine dask``, or "" for a local run."""
    if args.engine == "dask" and not args.scheduler:
        raise UsageError("--engine dask needs --scheduler ADDRESS (e.g. tcp://127.0.0.1:8786)")
    if args.scheduler and args.engine != "dask":
        raise UsageError("--scheduler is only used with --engine dask")
    return args.scheduler or ""


def check_profile(args: argparse.Namespace) -> Profile:
    """``--strict`` and ``--force`` as a check profile."""
    return Profile(strict=args.strict, force=getattr(args, "force", False))

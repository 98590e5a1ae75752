"""Facts from outside the text: the ``NAME.meta.yaml`` sidecar and ``--meta key=value``.

Shorthands make a sidecar short to write; :func:`expand` turns them into model
fields::

    publisher: RFE/RL                 ->  {"name": "RFE/RL"}
    authors: [Jane Doe]               ->  [{"name": "Jane Doe"}]
    published: 2018-01-16             ->  2018-01-16T00:00:00+00:00 (reported as a guess)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..errors import InputError

__all__ = ["load_sidecar", "parse_meta_options", "expand", "decode_text"]

_ORGANIZATIONS = ("publisher", "source")
_PEOPLE = ("authors",)
_DATES = ("published", "updated", "embargoed", "expires")


def decode_text(data: bytes, path: Path) -> str:
    """UTF-8 text (a BOM is dropped); :class:`InputError` with the byte offset otherwise."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(path, f"line {line}, byte {error.start}", "invalid UTF-8; save the file as UTF-8") from None


def load_sidecar(path: Path) -> dict[str, Any]:
    """The mapping in a sidecar file, or ``{}`` when there is none."""
    if not path.is_file():
        return {}
    import yaml

    try:
        data = yaml.safe_load(decode_text(path.read_bytes(), path))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise InputError(path, where, f"invalid YAML: {getattr(error, 'problem', error)}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(path, "$", "a sidecar must be a mapping of article fields")
    return data


def parse_meta_options(values: list[str]) -> dict[str, Any]:
    """``["publisher=RFE/RL", "language=en"]`` -> a mapping; values are YAML scalars."""
    import yaml

    meta: dict[str, Any] = {}
    for value in values:
        key, sep, raw = value.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"--meta expects key=value, got {value!r}")
        try:
            meta[key.strip()] = yaml.safe_load(raw) if raw.strip() else ""
        except yaml.YAMLError:
            meta[key.strip()] = raw
    return meta


def expand(meta: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Model-shaped fields from sidecar shorthands, and the guesses it made."""
    fields = dict(meta)
    guesses: list[str] = []
    for key in _ORGANIZATIONS:
        if isinstance(fields.get(key), str):
            fields[key] = {"name": fields[key]}
    for key in _PEOPLE:
        if isinstance(fields.get(key), (str, list)):
            people = [fields[key]] if isinstance(fields[key], str) else fields[key]
            fields[key] = [{"name": person} if isinstance(person, str) else person for person in people]
    if isinstance(fields.get("keywords"), str):
        fields["keywords"] = [word.strip() for word in fields["keywords"].split(",") if word.strip()]
    for key in _DATES:
        value = fields.get(key)
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            fields[key] = dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc)
            guesses.append(f"{key}: a date without a time; taken as midnight UTC ({fields[key].isoformat()})")
    return fields, guesses

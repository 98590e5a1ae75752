"""Canonical article files: JSON (``exporters schema`` describes them) and the same in YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import ModelError, article_from_data, decode_article
from .reading import Reading
from ._guard import check_json_depth
from .meta import apply_overrides, decode_text, expand, load_yaml

__all__ = ["read_json", "read_yaml"]


def read_json(data: bytes, path: Path, meta: dict[str, Any]) -> Reading:
    """A canonical JSON article; sidecar and ``--meta`` fields replace top-level keys."""
    text = decode_text(data, path)
    check_json_depth(text, path)
    if not meta:
        try:
            return Reading(decode_article(text), path)
        except ModelError as error:
            if "malformed" not in str(error) and "truncated" not in str(error) and '"uri"' not in text:
                raise InputError(path, "", str(error)) from None
    mapping = _parse_json(text, path)
    if isinstance(mapping, dict) and "uri" in mapping:  # maybe ninjs: its reader loads only for such a file
        from .ninjs import is_ninjs, read_ninjs_data

        if is_ninjs(mapping):  # recognised by its content, whatever the file is called
            return read_ninjs_data(mapping, path, meta)
    return _from_mapping(mapping, path, meta)


def _parse_json(text: str, path: Path) -> Any:
    """Parsed JSON, or an :class:`InputError` with the line and column of the fault."""
    import json

    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(path, f"line {error.lineno}, column {error.colno}", f"invalid JSON: {error.msg}") from None


def read_yaml(data: bytes, path: Path, meta: dict[str, Any]) -> Reading:
    """A canonical article written in YAML."""
    import yaml

    text = decode_text(data, path)
    try:
        mapping = load_yaml(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise InputError(path, where, f"invalid YAML: {getattr(error, 'problem', error)}") from None
    return _from_mapping(mapping, path, meta)


def _from_mapping(mapping: Any, path: Path, meta: dict[str, Any]) -> Reading:
    if not isinstance(mapping, dict):
        raise InputError(path, "$", f"expected an article object, got {type(mapping).__name__}")
    try:
        combined, replaced = apply_overrides(mapping, meta)
    except ValueError as error:
        raise InputError(path, "", str(error)) from None
    fields, guesses = expand(combined)
    try:
        return Reading(article_from_data(fields), path, tuple(guesses), tuple((key, "") for key in replaced))
    except ModelError as error:
        raise InputError(path, "", str(error)) from None

"""Facts from outside the text: the ``NAME.meta.yaml`` sidecar and ``--meta key=value``.

Shorthands make a sidecar short to write; :func:`expand` turns them into model
fields::

    publisher: RFE/RL                 ->  {"name": "RFE/RL"}
    authors: [Jane Doe]               ->  [{"name": "Jane Doe"}]
    published: 2018-01-16             ->  2018-01-16T00:00:00+00:00 (reported as a guess)
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import InputError

__all__ = ["load_sidecar", "sidecar_bytes", "parse_sidecar", "parse_meta_options", "expand", "decode_text", "load_yaml", "apply_overrides", "check_meta"]

_ORGANIZATIONS = ("publisher", "source")
_PEOPLE = ("authors",)
_DATES = ("published", "updated", "embargoed", "expires")


def decode_text(data: bytes, path: Path) -> str:
    """UTF-8 text (a BOM is dropped); :class:`InputError` with the byte offset otherwise."""
    for mark, name in ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
                       (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16")):
        if data.startswith(mark):
            raise InputError(path, "line 1, byte 0", f"the file is {name} (it starts with a {name} byte order mark); save it as UTF-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(path, f"line {line}, byte {error.start}", "invalid UTF-8; save the file as UTF-8") from None


def load_yaml(text: str) -> Any:
    """``yaml.safe_load`` without aliases: ``*name`` is a :class:`yaml.YAMLError` at its place.

    An article never needs aliases, and nested aliases can make a file of a few
    hundred bytes stand for billions of values (a "billion laughs" file).

    >>> load_yaml("a: 1")
    {'a': 1}
    >>> import yaml
    >>> try:
    ...     load_yaml("a: &x [1]\\nb: *x")
    ... except yaml.YAMLError as error:
    ...     print(error.problem, error.problem_mark.line + 1)
    YAML aliases (*name) are not accepted in articles 2
    """
    import yaml

    return yaml.load(text, Loader=_loader_class())


@cache
def _loader_class() -> type:
    """A SafeLoader that refuses aliases (built on first use: yaml is imported lazily)."""
    import yaml

    class NoAliasLoader(yaml.SafeLoader):
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                mark = self.peek_event().start_mark
                raise yaml.composer.ComposerError(None, None, "YAML aliases (*name) are not accepted in articles", mark)
            return super().compose_node(parent, index)

        def construct_yaml_timestamp(self, node: Any) -> Any:
            """A date that is not one (``2018-13-45``) stays text, for the model to refuse by field."""
            try:
                return super().construct_yaml_timestamp(node)
            except ValueError:
                return self.construct_scalar(node)

    NoAliasLoader.add_constructor("tag:yaml.org,2002:timestamp", NoAliasLoader.construct_yaml_timestamp)
    return NoAliasLoader


def load_sidecar(path: Path) -> dict[str, Any]:
    """The mapping in a sidecar file, or ``{}`` when there is none."""
    return parse_sidecar(sidecar_bytes(path), path)


def sidecar_bytes(path: Path) -> bytes:
    """The bytes of a sidecar file within the input limit, or ``b""`` when there is none."""
    if not path.is_file():
        return b""
    from .. import limits

    size = path.stat().st_size
    if size > limits.MAX_INPUT_BYTES:
        raise InputError(path, "", f"file is {limits.mib(size)}; the limit is "
                         f"{limits.mib(limits.MAX_INPUT_BYTES)} (exporters.limits.MAX_INPUT_BYTES)")
    return path.read_bytes()


def parse_sidecar(data: bytes, path: Path) -> dict[str, Any]:
    """The mapping in the bytes of the sidecar ``path`` (``b""``: none, ``{}``)."""
    if not data:
        return {}
    import yaml

    try:
        mapping = load_yaml(decode_text(data, path))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise InputError(path, where, f"invalid YAML: {getattr(error, 'problem', error)}") from None
    except RecursionError:
        raise InputError(path, "", "invalid YAML: nested too deeply to read") from None
    if mapping is None:
        return {}
    if not isinstance(mapping, dict):
        raise InputError(path, "$", "a sidecar must be a mapping of article fields")
    return mapping


def parse_meta_options(values: list[str]) -> dict[str, Any]:
    """``["publisher=RFE/RL", "language=en"]`` -> a mapping; values are YAML scalars."""
    import yaml

    meta: dict[str, Any] = {}
    for value in values:
        key, sep, raw = value.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"--meta expects key=value, got {value!r}")
        try:
            meta[key.strip()] = load_yaml(raw) if raw.strip() else ""
        except yaml.YAMLError:
            meta[key.strip()] = raw
    return meta


def apply_overrides(fields: dict[str, Any], meta: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """``fields`` with every ``meta`` key set, a dotted key reaching into nested fields; and the
    keys that replaced a value the input held (for the report).

    >>> apply_overrides({"rights": {"holder": "AP"}, "publisher": "AP"}, {"rights.notice": "(c) AP", "publisher.url": "https://ap.org"})
    ({'rights': {'holder': 'AP', 'notice': '(c) AP'}, 'publisher': {'name': 'AP', 'url': 'https://ap.org'}}, [])
    >>> apply_overrides({"lead_image": {"src": "a.png"}}, {"lead_image": None})
    ({'lead_image': None}, ['lead_image'])
    """
    merged = dict(fields)
    replaced: list[str] = []
    for key, value in meta.items():
        *parents, name = key.split(".")
        target = merged
        for depth, part in enumerate(parents):
            current = target.get(part)
            if isinstance(current, str) and part in _ORGANIZATIONS:
                current = {"name": current}
            if current is None:
                current = {}
            if not isinstance(current, dict):
                raise ValueError(f"{key}: {'.'.join(parents[:depth + 1])} is not an object, so it has no field {name!r}")
            target[part] = target = dict(current)
        if target.get(name) not in (None, "", [], {}) and target.get(name) != value:
            replaced.append(key)
        target[name] = value
    return merged, replaced


def check_meta(meta: dict[str, Any], source: str = "--meta") -> None:
    """Refuse a ``--meta`` key that is no field of the model, or a value its field cannot take,
    once, before any article is read.

    >>> check_meta({"rights.notice": "(c) AP", "published": dt.date(2018, 1, 16), "lead_image": None})
    >>> check_meta({"published": "2018-13-45"})
    Traceback (most recent call last):
    exporters.errors.InputError: --meta: published: invalid RFC3339 encoded datetime
    >>> check_meta({"rights.owner": "AP"})
    Traceback (most recent call last):
    exporters.errors.InputError: --meta: rights.owner: unknown field 'owner'; fields of rights: holder, notice, licence, usage_terms
    """
    import msgspec

    from ..model import Article, readable_message

    for key, value in meta.items():
        kind: Any = Article
        for depth, part in enumerate(key.split(".")):
            struct = _struct_in(kind)
            if struct is None:
                raise InputError(source, key, f"{'.'.join(key.split('.')[:depth])} is not an object")
            fields = {item.name: item.type for item in msgspec.structs.fields(struct)}
            if part not in fields:
                owner = ".".join(key.split(".")[:depth]) or "an article"
                raise InputError(source, key, f"unknown field {part!r}; fields of {owner}: {', '.join(fields)}")
            kind = fields[part]
        shaped = expand({key: value})[0][key] if "." not in key else value
        if key == "dateline" and isinstance(value, str):
            shaped = {"place": value}
        try:
            msgspec.convert(shaped, type=kind, strict=False)
        except msgspec.ValidationError as error:
            what = readable_message(str(error).split(" - at ")[0]).replace("Invalid", "invalid")
            choices = _choices_of(kind)
            raise InputError(source, key, f"{what}; expected one of {', '.join(choices)}" if choices else what) from None


def _choices_of(kind: Any) -> tuple[str, ...]:
    """The values a ``Literal`` field allows, else ()."""
    import typing

    if typing.get_origin(kind) is typing.Literal:
        return tuple(str(value) for value in typing.get_args(kind))
    return ()


def _struct_in(kind: Any) -> type | None:
    """The msgspec Struct type in ``kind`` (``Rights | None`` -> ``Rights``), or None."""
    import typing

    import msgspec

    for candidate in (kind, *typing.get_args(kind)):
        if isinstance(candidate, type) and issubclass(candidate, msgspec.Struct):
            return candidate
    return None


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

"""Format options: ``-O FORMAT.KEY=VALUE`` converted once, with one clear line for a bad value,
and described for ``exporters formats FORMAT``.

A format declares its options as a frozen msgspec struct (``Options``) whose
docstring says what each does (```key``: what it does``). Values are converted
from the command line's strings; a choice is taken in any letter case, as the
docs may show it (``letter`` for ``Letter``); an option named ``style`` or
``reference`` must name a readable file and one named ``templates`` a folder::

    >>> from exporters.formats.txt import TextOptions
    >>> convert_options("txt", TextOptions, {"wrap": "72"})
    TextOptions(wrap=72)
    >>> convert_options("txt", TextOptions, {"wrap": "-5"})
    Traceback (most recent call last):
    exporters.errors.UsageError: -O txt.wrap=-5: expected an integer >= 0
"""

from __future__ import annotations

import functools
import re
import typing
from pathlib import Path
from typing import Any

import msgspec

from ..errors import UsageError

__all__ = ["OptionInfo", "convert_options", "describe_options", "with_choices"]

#: Options that name a file or a folder, by name, in every format.
_PATH_OPTIONS = {"style": "file", "reference": "file", "templates": "folder"}


class OptionInfo(msgspec.Struct, frozen=True):
    """One option of a format: name, type, default, allowed values and what it does."""

    name: str
    type: str
    default: str
    choices: tuple[str, ...] = ()
    help: str = ""


def describe_options(options: type[msgspec.Struct]) -> list[OptionInfo]:
    """Every option of a format's ``Options`` struct, in declaration order.

    >>> from exporters.formats.txt import TextOptions
    >>> describe_options(TextOptions)
    [OptionInfo(name='wrap', type='integer >= 0', default='0', choices=(), help='wrap paragraphs at this many characters (0: no wrapping).')]
    """
    info = msgspec.inspect.type_info(options)
    helps = _option_help(options.__doc__ or "")
    rows = []
    for item in info.fields:  # type: ignore[attr-defined]
        default = "" if item.default is msgspec.NODEFAULT else item.default
        rows.append(OptionInfo(item.name, _type_name(item.type, item.name), _shown(default), _choices(item.type),
                               helps.get(item.name, "")))
    return rows


def convert_options(format_name: str, options: type[msgspec.Struct], values: dict[str, Any]) -> msgspec.Struct:
    """``values`` (strings from ``-O``, or typed values from a job file) as the ``options`` struct
    of the format ``format_name``.

    A bad key or value is a :class:`UsageError` naming ``-O FORMAT.KEY=VALUE``, what is
    expected and, for a choice, every allowed value.
    """
    fields = _fields(options)
    converted: dict[str, Any] = {}
    for key, value in values.items():
        where = f"-O {format_name}.{key}={value}"
        if key not in fields:
            known = ", ".join(fields) or "none"
            raise UsageError(f"{where}: {format_name} has no option {key!r}; its options: {known}")
        converted[key] = _one_value(where, fields[key], value)
    try:
        return msgspec.convert(converted, type=options, strict=False)
    except msgspec.ValidationError as error:
        raise UsageError(f"-O {format_name}: bad option: {error}") from None


@functools.cache
def _fields(options: type[msgspec.Struct]) -> dict[str, Any]:
    """The fields of an options struct by name, inspected once per struct: every article
    of a batch makes its exporters again, and msgspec's inspection is the dear part."""
    return {item.name: item for item in msgspec.inspect.type_info(options).fields}  # type: ignore[attr-defined]


def _one_value(where: str, field: Any, value: Any) -> Any:
    choices = _choices(field.type)
    if choices and isinstance(value, str):
        matches = [choice for choice in choices if choice.lower() == value.strip().lower()]
        if not matches:
            raise UsageError(f"{where}: expected one of {', '.join(choices)}")
        value = matches[0]
    try:
        msgspec.convert({field.name: value}, type=_single(field), strict=False)
    except msgspec.ValidationError:
        raise UsageError(f"{where}: expected {_article(_type_name(field.type, field.name))}") from None
    kind = _PATH_OPTIONS.get(field.name)
    if kind and value:
        _check_path(where, Path(str(value)), kind)
    return value


def _check_path(where: str, path: Path, kind: str) -> None:
    if kind == "folder" and not path.is_dir():
        raise UsageError(f"{where}: {'a file, not a folder' if path.exists() else 'no such folder'}")
    if kind == "file" and not path.is_file():
        raise UsageError(f"{where}: {'a folder, not a file' if path.is_dir() else 'no such file'}")


def _single(field: Any) -> type[msgspec.Struct]:
    """A one-field struct, to convert and check one option on its own."""
    return msgspec.defstruct("One", [(field.name, _python_type(field.type))], kw_only=True)


def _python_type(info: msgspec.inspect.Type) -> Any:
    """The Python annotation for an inspected type (the ones format options use)."""
    if isinstance(info, msgspec.inspect.IntType):
        return typing.Annotated[int, msgspec.Meta(ge=info.ge, gt=info.gt, le=info.le, lt=info.lt)]
    if isinstance(info, msgspec.inspect.FloatType):
        return typing.Annotated[float, msgspec.Meta(ge=info.ge, gt=info.gt, le=info.le, lt=info.lt)]
    if isinstance(info, msgspec.inspect.LiteralType):
        return typing.Literal[tuple(info.values)]  # type: ignore[misc]
    if isinstance(info, msgspec.inspect.BoolType):
        return bool
    if isinstance(info, msgspec.inspect.StrType):
        return str
    return Any


def _type_name(info: msgspec.inspect.Type, name: str) -> str:
    if isinstance(info, msgspec.inspect.LiteralType):
        return "choice"
    if isinstance(info, (msgspec.inspect.IntType, msgspec.inspect.FloatType)):
        base = "integer" if isinstance(info, msgspec.inspect.IntType) else "number"
        bounds = [f">= {info.ge}" if info.ge is not None else "", f"> {info.gt}" if info.gt is not None else "",
                  f"<= {info.le}" if info.le is not None else "", f"< {info.lt}" if info.lt is not None else ""]
        return " ".join([base, *filter(None, bounds)])
    if isinstance(info, msgspec.inspect.BoolType):
        return "true or false"
    return _PATH_OPTIONS.get(name, "text")


def _choices(info: msgspec.inspect.Type) -> tuple[str, ...]:
    if isinstance(info, msgspec.inspect.LiteralType):
        return tuple(str(value) for value in info.values if value != "")
    return ()


def _shown(default: Any) -> str:
    if isinstance(default, bool):
        return "true" if default else "false"
    return str(default)


def _article(type_name: str) -> str:
    """``"integer >= 0"`` -> ``"an integer >= 0"``; ``"true or false"`` stays."""
    return type_name if type_name == "true or false" else f"{'an' if type_name[0] in 'aeiou' else 'a'} {type_name}"


def _option_help(doc: str) -> dict[str, str]:
    """```key``: what it does`` paragraphs of an Options docstring, by key; a cross-reference
    for readers of the code (``(:mod:`.bidi`)``) is left out of what users read.

    >>> _option_help("``wrap``: wrap at N (:mod:`.text`), ``0`` for none.")
    {'wrap': 'wrap at N, 0 for none.'}
    """
    text = re.sub(r"\s*\(:\w+:`[^`]*`\)", "", " ".join(doc.split()))
    text = re.sub(r":\w+:`[~.]*([^`]*)`", r"\1", text)
    found = {}
    for match in re.finditer(r"``(\w+)``:\s*(.*?)(?=\s*``\w+``:|$)", text):
        found.setdefault(match.group(1), match.group(2).replace("``", "").strip())
    return found


def with_choices(message: str, struct: type[msgspec.Struct]) -> str:
    """A msgspec validation message about a file read into ``struct`` (a style file), with what
    the place at fault allows: the choices of a choice, or the keys of a section.

    >>> from exporters.formats.pdf.style import PdfStyle
    >>> with_choices("Invalid enum value 'B5' - at `$.page.size`", PdfStyle)
    "Invalid enum value 'B5' - at `$.page.size`; expected one of A4, Letter"
    >>> with_choices("Object contains unknown field `txt` - at `$.colours`", PdfStyle)
    'Object contains unknown field `txt` - at `$.colours`; its keys: text, accent, muted, link, rule, notice_background'
    """
    match = re.search(r"at `\$((?:\.\w+)*)`", message)
    if match is None:
        return message
    info: Any = msgspec.inspect.type_info(struct)
    for name in filter(None, match.group(1).split(".")):
        fields = {item.name: item.type for item in getattr(info, "fields", ())}
        if name not in fields:
            return message
        info = fields[name]
    if _choices(info):
        return f"{message}; expected one of {', '.join(_choices(info))}"
    if isinstance(info, msgspec.inspect.StructType):
        return f"{message}; its keys: {', '.join(item.name for item in info.fields)}"
    return message

"""Where the Jinja templates of every format live, and the environment that loads them.

An installed wheel carries the templates inside the package (``exporters/templates``);
an editable install or a source checkout finds them in the repository's ``templates/``
folder. :func:`template_root` answers with whichever exists, the packaged copy first::

    >>> (template_root() / "epub" / "chapter.xhtml").is_file()
    True

:func:`environment` gives a Jinja environment for one format: autoescaping on,
undefined names an error, and a user folder searched before the shipped templates
(as Sphinx searches ``templates_path``), so one template can be overridden without
copying the others::

    >>> env = environment("epub", user_folder=Path("my-templates"))   # doctest: +SKIP
    >>> env.get_template("book.css")                                  # doctest: +SKIP
    <Template 'book.css'>   # my-templates/book.css if it exists, else the shipped one

The command line and the batch jobs keep compiled templates on disk as Python keeps bytecode
(:func:`exporters.cache.keep_on_disk`, :func:`bytecode_cache`), so a new process loads them instead
of compiling them again; Jinja checks each cached entry against the template's source, so an
edited template is compiled afresh. Exporters are pure functions of a bundle: they never turn
the cache on, so a render through the library reads and writes no file there.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2

__all__ = ["environment", "template_root", "default_files", "default_file", "bytecode_cache", "cache_folder"]

_PACKAGE = Path(__file__).resolve().parent


def template_root() -> Path:
    """The folder holding one sub-folder of templates per format.

    The copy packaged as ``exporters/templates`` wins; the repository's ``templates/``
    (two levels above ``src/exporters``) serves editable installs.
    """
    for candidate in (_PACKAGE / "templates", _PACKAGE.parents[1] / "templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"no templates folder beside {_PACKAGE} or in the repository root")


def environment(format_name: str, user_folder: str | Path | None = None, **options: Any) -> jinja2.Environment:
    """A Jinja environment for ``format_name``'s templates.

    ``user_folder`` (when given) is searched first, then ``<template_root>/<format_name>``.
    Autoescaping is always on and an undefined name raises (``StrictUndefined``);
    ``options`` go to :class:`jinja2.Environment` (e.g. ``finalize``).

    >>> environment("epub").loader.searchpath[-1].endswith("epub")
    True
    """
    import jinja2  # only the formats that fill templates pay for Jinja

    folders = [str(Path(user_folder))] if user_folder else []
    folders.append(str(template_root() / format_name))
    settings: dict[str, Any] = {"trim_blocks": True, "lstrip_blocks": True, "keep_trailing_newline": True}
    settings.update(options)
    from .cache import kept_on_disk

    if kept_on_disk():
        settings.setdefault("bytecode_cache", bytecode_cache(_settings_key(settings)))
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        **settings,
    )


def cache_folder() -> Path:
    """Where compiled templates are kept (:func:`exporters.cache.folder`).

    >>> cache_folder().parts[-2:]
    ('newsroom-exporters', 'templates')
    """
    from .cache import folder

    return folder("templates")


def _settings_key(settings: dict[str, Any]) -> str:
    """A short digest of the environment settings that shape compiled code (a function by its name).

    >>> _settings_key({"trim_blocks": True}) == _settings_key({"trim_blocks": True}) != _settings_key({})
    True
    """
    import hashlib

    def named(value: Any) -> str:
        return f"{value.__module__}.{value.__qualname__}" if callable(value) else repr(value)

    text = ";".join(f"{key}={named(value)}" for key, value in sorted(settings.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@cache
def bytecode_cache(settings_key: str = "") -> jinja2.BytecodeCache | None:
    """Jinja's on-disk cache of compiled templates, or None when the cache folder cannot be written
    (then every process compiles its templates, as before: the output is the same either way).

    An entry is named after the template's path and the environment settings it was compiled with
    (``settings_key``), and Jinja checks it against a checksum of the template's source and its own
    and Python's versions, so a stale or foreign entry is compiled again, never used. The folder is
    the user's own (mode 0700), like Python's ``__pycache__``.
    """
    import jinja2

    from .cache import writable

    folder = writable("templates")
    if folder is None:
        return None

    class QuietCache(jinja2.FileSystemBytecodeCache):
        """A cache that never fails a render: an entry that cannot be read or written is skipped."""

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except Exception:  # a damaged entry (truncated, unreadable): compile the template again
                bucket.reset()

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:
                pass

    return QuietCache(str(folder), pattern=f"%s.{settings_key or 'default'}.jinja")


def default_files(format_name: str = "") -> list[str]:
    """The shipped data files (templates, style, reference document) of one format, or of all,
    as names relative to the template root; build scripts are left out.

    >>> default_files("pdf")
    ['pdf/style.yaml']
    """
    root = template_root()
    folder = root / format_name if format_name else root
    if not folder.is_dir():
        return []
    return sorted(path.relative_to(root).as_posix() for path in folder.rglob("*")
                  if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts)


def default_file(name: str) -> bytes:
    """The bytes of one shipped data file, by a name :func:`default_files` lists.

    >>> default_file("pdf/style.yaml").startswith(b"#")
    True
    """
    from .errors import UsageError

    known = default_files()
    if name not in known:
        raise UsageError(f"no default file {name!r}; the default files are: {', '.join(known)}")
    return (template_root() / name).read_bytes()

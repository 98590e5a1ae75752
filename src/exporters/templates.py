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
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

__all__ = ["environment", "template_root", "default_files", "default_file"]

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
    folders = [str(Path(user_folder))] if user_folder else []
    folders.append(str(template_root() / format_name))
    settings: dict[str, Any] = {"trim_blocks": True, "lstrip_blocks": True, "keep_trailing_newline": True}
    settings.update(options)
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        **settings,
    )


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

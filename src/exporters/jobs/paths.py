"""Which files a run reads and where each output goes, settled before anything is written.

Three rules keep a run from losing a file:

- **Inputs are articles, never outputs.** A folder is read recursively, but the
  folders below it that this toolkit writes into are skipped (the run's ``OUT``,
  the default ``./out/``, and any folder that holds a resume journal or an
  edition manifest), and so are a ``.txt`` file that starts with the plain-text
  export's header, a web page whose generator is this toolkit, a JSON Feed and a ninjs item
  whose profile is this toolkit. A file named on the command line is always read.
- **Outputs keep their input's place.** A file found below a folder INPUT keeps its
  sub-folder under ``OUT``: ``coll/a/story.json`` -> ``OUT/a/story.txt``; a file
  named on the command line goes straight into ``OUT``::

      >>> output_stem(Path("coll/a/story.json"), (Path("coll"),))
      'a/story'
      >>> output_stem(Path("coll/a/Big Story.json"), ())
      'big-story'

- **Nothing is written over an input or over another output of the run.** Two
  inputs that would still write one file (``story.json`` and ``story.md`` side by
  side), or an output that would land on an input or its sidecar (followed through
  symbolic links), refuse the run before anything is written (:func:`refuse_unsafe`).
  An output that would land on one of an article's own images refuses that article
  (:func:`refuse_image_targets`).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from ..errors import UsageError
from ..facts import GENERATOR
from ..model import Article
from ..readers import is_article_file, sidecar_of
from ..text import slugify
from .manifest import JOURNAL_NAME
from .outputs import OutputPlan

__all__ = ["gather_inputs", "articles_in", "output_stem", "planned_targets", "refuse_unsafe", "refuse_overwriting",
           "refuse_image_targets", "is_toolkit_output"]

#: The folder outputs go to without ``-o``.
DEFAULT_OUT = Path("out")
#: The edition manifests the newsletter writes end so; a folder holding one is an output folder.
_EDITION_MANIFEST = ".manifest.json"
#: How the web pages this toolkit writes name themselves.
_HTML_GENERATOR = '<meta name="generator" content="newsroom-exporters'
#: What a command that takes files says of ``-`` (only ``export`` and ``import`` read standard input).
STDIN_ELSEWHERE = "- (standard input) is read by export and import only; name the article files or folders"
# The two patterns below are compiled by the re module on first use (and kept in its cache): only a
# run that meets a .json file in an output folder needs them.
#: How a JSON Feed opens, as the jsonfeed format writes it (a regular expression).
JSON_FEED = r'\{\s*"version"\s*:\s*"https://jsonfeed\.org/version/'
#: How a ninjs item this toolkit wrote opens: its ``standard``, then its ``profile``, the toolkit's name.
_NINJS = r'\{\s*"standard"\s*:\s*\{[^{}]*\}\s*,\s*"profile"\s*:\s*"' + re.escape(GENERATOR) + '"'
#: The first line of every plain-text export, and header keys that always follow it.
_TEXT_HEADER = ("Title: ", "\nLanguage: ", "\nIdentifier: ")


def gather_inputs(inputs: Sequence[Path], out: Path) -> tuple[list[Path], tuple[Path, ...]]:
    """The article files of a run, each once, and the folder INPUTs they were found in.

    Missing paths are usage errors. Files below folders this toolkit wrote are
    skipped (see the module's rules); a file named on the command line is always read.
    """
    _real_folder.cache_clear()  # links may have changed since an earlier run in this process
    files: dict[str, Path] = {}
    roots: list[Path] = []
    for path in inputs:
        if str(path) == "-":
            raise UsageError(STDIN_ELSEWHERE)
        if not path.exists():
            raise UsageError(f"{path}: no such file or directory")
        if path.is_dir():
            roots.append(path)
            found = articles_in(path, out)
        else:
            found = [path]
        for file in found:
            files.setdefault(_real(file), file)
    return list(files.values()), tuple(roots)


def articles_in(folder: Path, out: Path | None = None) -> list[Path]:
    """Every article file below ``folder``, sorted, leaving out what this toolkit wrote there
    (``out`` and ``./out/``, folders with a journal or an edition manifest, its own text exports
    and web pages)."""
    skip = {_real(DEFAULT_OUT)} | ({_real(out)} if out is not None else set())
    return [path for path in _articles_below(folder, skip) if not is_toolkit_output(path)]


def output_stem(path: Path, roots: Sequence[Path]) -> str:
    """The output name of ``path`` without suffix: its folder below the INPUT it was found in, and its slug."""
    slug = slugify(path.stem)
    for root in sorted(roots, key=lambda r: len(r.parts), reverse=True):
        try:
            folder = path.parent.relative_to(root)
        except ValueError:
            continue
        return (folder / slug).as_posix() if folder.parts else slug
    return slug


def planned_targets(files: Sequence[Path], roots: Sequence[Path], suffixes: Sequence[str],
                    plan: OutputPlan) -> dict[Path, list[Path]]:
    """Every output path of the run, with the inputs that would write it."""
    targets: dict[Path, list[Path]] = {}
    for path in files:
        stem = output_stem(path, roots)
        for suffix in suffixes:
            targets.setdefault(plan.path_for(stem, suffix), []).append(path)
    return targets


def refuse_unsafe(targets: dict[Path, list[Path]], journal: Path | None = None) -> None:
    """Refuse a run whose outputs (``target -> inputs that write it``) clash, land on an input,
    or land on a folder; ``journal`` (the resume journal the run keeps) must not be a folder either.

    >>> refuse_unsafe({Path("out/a.txt"): [Path("a.json"), Path("a.md")]})
    Traceback (most recent call last):
    exporters.errors.UsageError: a.json and a.md would both be written to out/a.txt; rename one, or export them in separate runs (nothing was written)
    """
    for target, inputs in targets.items():
        unique = list(dict.fromkeys(inputs))
        if len(unique) > 1:
            names = ", ".join(map(str, unique[:-1])) + f" and {unique[-1]}"
            raise UsageError(f"{names} would both be written to {target}; rename one, or export them in separate runs "
                             "(nothing was written)")
    refuse_overwriting(targets, dict.fromkeys(path for inputs in targets.values() for path in inputs))
    if journal is not None and journal.is_dir():
        raise UsageError(f"cannot keep the resume journal {journal}: it is a folder; move it away or choose another -o "
                         "(nothing was written)")


def refuse_overwriting(targets: Iterable[Path], inputs: Iterable[Path]) -> None:
    """Refuse when a target is one of ``inputs`` or an input's sidecar (links followed), or is a
    folder (a file cannot replace it); every command that writes (export, newsletter, feed, import)
    calls it before writing.

    >>> refuse_overwriting([Path("src")], [])
    Traceback (most recent call last):
    exporters.errors.UsageError: cannot write src: it is a folder; move it away or choose another -o (nothing was written)
    """
    protected = {}
    for path in inputs:
        protected[_real(path)] = path
        protected[_real(sidecar_of(path))] = sidecar_of(path)
    for target in targets:
        hit = protected.get(_real(target))
        if hit is not None:
            raise UsageError(f"{target} would be written over the input {hit}; choose another -o (nothing was written)")
        if target.is_dir():
            raise UsageError(f"cannot write {target}: it is a folder; move it away or choose another -o (nothing was written)")


def refuse_image_targets(targets: Iterable[Path], article: Article, path: Path) -> None:
    """Refuse to write an output over one of ``article``'s own image files."""
    from ..resources import image_places, is_data_uri

    images = {_real(path.parent / image.src) for _, image in image_places(article)  # an embedded image is no file
              if image is not None and image.src and "://" not in image.src and not is_data_uri(image.src)}
    for target in targets:
        if _real(target) in images:
            raise UsageError(f"{target} would be written over an image of {path}; choose another -o (nothing of it was written)")


def is_toolkit_output(path: Path) -> bool:
    """True for a ``.txt`` file that starts with the plain-text export's header, for a web
    page this toolkit wrote (it names itself in ``<meta name="generator">``), for a JSON
    Feed (``.feed.json``, which no reader takes: it opens with its ``version`` URL) and for
    a ninjs item this toolkit wrote (``.ninjs.json``, whose ``profile`` names the toolkit)."""
    suffix = path.suffix.lower()
    if suffix not in (".txt", ".html", ".htm", ".json"):
        return False
    try:
        with path.open("rb") as stream:
            head = stream.read(16384).decode("utf-8", "replace")
    except OSError:
        return False
    if suffix == ".json":
        return re.match(JSON_FEED, head) is not None or re.match(_NINJS, head) is not None
    if suffix != ".txt":
        return _HTML_GENERATOR in head
    header = head.split("\n\n", 1)[0]
    return header.startswith(_TEXT_HEADER[0]) and all(key in header for key in _TEXT_HEADER[1:])


def _articles_below(root: Path, skip: set[str]) -> list[Path]:
    """Every article file below ``root``, sorted, leaving out the output folders below it."""
    found: list[Path] = []
    for folder, subfolders, names in os.walk(root):
        here = Path(folder)
        subfolders[:] = [name for name in subfolders
                         if _real(here / name) not in skip and not _is_output_folder(here / name)]
        found.extend(here / name for name in names if is_article_file(here / name))
    return sorted(found)


def _is_output_folder(folder: Path) -> bool:
    if (folder / JOURNAL_NAME).is_file():
        return True
    return any(entry.name.endswith(_EDITION_MANIFEST) for entry in folder.iterdir() if entry.is_file())


def _real(path: Path) -> str:
    """Where ``path`` leads, links followed; a folder is resolved once per run (a batch has many files in few folders)."""
    text = os.fspath(path)
    folder, name = os.path.split(text)
    if name in ("", ".", "..") or os.path.islink(text):
        return os.path.realpath(text)
    return os.path.join(_real_folder(folder), name)


@lru_cache(maxsize=4096)
def _real_folder(folder: str) -> str:
    return os.path.realpath(folder or ".")

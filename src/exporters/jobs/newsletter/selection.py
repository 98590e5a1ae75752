"""Choosing an edition's articles: each section's selectors, filters and ``newest`` limit.

An article is placed once, in the first section that selects it; without
``newest`` a section keeps the order of its selectors. A selector or a section
that finds nothing is an input error: an edition is never silently missing a part.
"""

from __future__ import annotations

import glob
from pathlib import Path
from typing import Any

from ... import api
from ...errors import InputError
from ...formats.common import newest_first
from ...readers import Reading, is_article_file
from ..paths import articles_in
from .jobfile import EditionJob, SectionSpec, Source

__all__ = ["select_articles"]


def _files_of(source: Source, label: str) -> list[Path]:
    """The article files a selector names; a selector that finds nothing is an input error."""
    path = source.path
    if source.kind == "glob":
        matches = sorted(Path(found) for found in glob.glob(str(path), recursive=True))
        files = [found for found in matches if found.is_file() and is_article_file(found)]
        if not files:
            raise InputError(label, source.where, f"{source.value!r} matches no article file")
        return files
    if not path.exists():
        raise InputError(label, source.where, f"{path}: no such file or directory")
    if source.kind == "file" and not path.is_file():
        raise InputError(label, source.where, f"{path}: is not a file (list folders under 'folders')")
    if source.kind == "folder" and not path.is_dir():
        raise InputError(label, source.where, f"{path}: is not a folder (list files under 'files')")
    files = articles_in(path) if path.is_dir() else [path]
    if not files:
        raise InputError(label, source.where, f"{path}: holds no article file")
    return files


def select_articles(job: EditionJob, meta: dict[str, Any] | None = None) -> list[tuple[SectionSpec, list[Reading]]]:
    """The readings of every section, filters and ``newest`` applied, each article once."""
    cache: dict[Path, Reading] = {}
    placed: set[Path] = set()
    chosen = []
    for spec in job.sections:
        found: dict[Path, Reading] = {}
        for source in spec.sources:
            for file in _files_of(source, job.label):
                key = file.resolve()
                if key in placed or key in found:
                    continue
                if key not in cache:
                    cache[key] = api.read(file, {**job.meta, **(meta or {})})
                if spec.accepts(cache[key]):
                    found[key] = cache[key]
        readings = list(found.values())
        if spec.newest is not None:
            readings = newest_first(readings, article=lambda reading: reading.article)[: spec.newest]
        placed.update(key for key, reading in found.items() if reading in readings)
        if not readings:
            raise InputError(job.label, spec.where, "the section selects no article (check its filters)")
        chosen.append((spec, readings))
    return chosen

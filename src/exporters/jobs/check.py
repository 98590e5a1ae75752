"""``exporters check``: read exported files back and check them.

Without ``--against``, a file must carry complete metadata and show every credit
it declares. With ``--against ARTICLE``, it is compared with the article it was
made from: every paragraph, credit, photo credit, notice and metadata field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from .. import api, registry
from ..checks import Profile
from ..checks.artifact_stage import compare, self_findings
from ..errors import ExportersError
from ..model import Bundle
from .article import Outcome

__all__ = ["check_files"]


def check_files(files: list[Path], against: list[Path], meta: dict[str, Any], profile: Profile) -> Iterator[Outcome]:
    """One :class:`Outcome` per file: its findings, or the reason it could not be read."""
    source = api.read_bundle(against, meta) if against else None
    for path in files:
        yield _check_one(path, source, profile)


def _check_one(path: Path, source: Bundle | None, profile: Profile) -> Outcome:
    try:
        found = registry.for_suffix(path.suffix)
        if found is None:
            suffixes = ", ".join(entry.suffix for entry in registry.all_formats())
            raise ExportersError(f"{path}: not a file of a known format (suffixes: {suffixes})")
        if not path.is_file():
            raise ExportersError(f"{path}: no such file")
        exporter = api.make_exporter(found.name)
        try:
            inspection = exporter.inspect(path.read_bytes())
        except Exception as error:  # the parser's own complaint, in one line
            raise ExportersError(f"{path}: cannot be read as {found.name}: {type(error).__name__}: {error}") from None
    except ExportersError as error:
        return Outcome(input=path, error=str(error))
    if source is None:
        findings = self_findings(inspection)
    else:
        bundle = source if len(source.articles) == 1 else _titled(source, inspection.title)
        findings = compare(bundle, inspection)
    return Outcome(input=path, findings=tuple(profile.apply(item) for item in findings))


def _titled(bundle: Bundle, title: str) -> Bundle:
    """Several source articles: compare their text, and take the edition's own title as given."""
    import msgspec

    return msgspec.structs.replace(bundle, title=title or "edition")

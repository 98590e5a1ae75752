"""``exporters check``: read exported files back and check them.

Without ``--against``, a file must carry complete metadata and show every credit
it declares. With ``--against ARTICLE``, it is compared with the article it was
made from: every paragraph, credit, photo credit, notice and metadata field.

Each file gives one :class:`Checked`: its format, SHA-256 and findings. A file
that cannot be parsed as its format is one finding (A214), whatever the parser
had to say; the hints fit a file made by any tool, not only by this one.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterator

from .. import api, registry
from ..checks import Finding, Profile, has_errors
from ..checks.artifact_stage import compare, self_findings
from ..checks.findings import finding
from ..checks.rules import RULES
from ..errors import ExportersError
from ..model import Bundle

__all__ = ["Checked", "check_files", "for_any_file"]

#: Loggers of the parsers ``inspect`` uses; their warnings about a damaged file are
#: summed up in the one A214 finding instead of printed line by line.
_PARSER_LOGGERS = ("pypdf",)


@dataclass(frozen=True)
class Checked:
    """One checked file: its format and SHA-256, and its findings or why it could not be checked."""

    path: Path
    format: str = ""
    sha256: str = ""
    findings: tuple[Finding, ...] = ()
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error and not has_errors(self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "format": self.format, "sha256": self.sha256, "ok": self.ok,
                "error": self.error, "findings": [item.to_dict() for item in self.findings]}


def check_files(files: list[Path], against: list[Path], meta: dict[str, Any], profile: Profile) -> Iterator[Checked]:
    """One :class:`Checked` per file: its findings, or the reason it could not be checked."""
    source = api.read_bundle(against, meta) if against else None
    for name in _PARSER_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)
    for path in files:
        yield _check_one(path, source, profile)


def _check_one(path: Path, source: Bundle | None, profile: Profile) -> Checked:
    found = registry.for_suffix(path.name)
    if found is None:
        suffixes = ", ".join(entry.suffix for entry in registry.all_formats())
        return Checked(path, error=f"{path}: not a file of a known format (suffixes: {suffixes})")
    if not path.is_file():
        return Checked(path, found.name, error=f"{path}: no such file")
    try:
        exporter = api.make_exporter(found.name)
    except ExportersError as error:
        return Checked(path, found.name, error=str(error))
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    try:
        inspection = exporter.inspect(data)
    except ExportersError as error:  # a limit the file crosses (a zip bomb): refused, as any input
        return Checked(path, found.name, digest, error=str(error))
    except Exception as error:  # the parser's own complaint, as one finding
        unreadable = finding("A214", f"cannot be read as {found.name}: {_first_line(error)}", format=found.name)
        return Checked(path, found.name, digest, (for_any_file(unreadable),))
    if source is None:
        findings = self_findings(inspection)
    else:
        bundle = source if len(source.articles) == 1 else _titled(source, inspection.title)
        findings = compare(bundle, inspection)
    return Checked(path, found.name, digest, tuple(profile.apply(for_any_file(item)) for item in findings))


def for_any_file(item: Finding) -> Finding:
    """The finding with the hint for a file made by any tool (the rule's ``file_hint``), when it has one.

    >>> for_any_file(finding("A201")).hint
    'Give the file a title (the document title in its properties or metadata) that matches the headline.'
    """
    rule = RULES.get(item.code)
    return replace(item, hint=rule.file_hint) if rule is not None and rule.file_hint else item


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def _titled(bundle: Bundle, title: str) -> Bundle:
    """Several source articles: compare their text, and take the edition's own title as given."""
    import msgspec

    return msgspec.structs.replace(bundle, title=title or "edition")

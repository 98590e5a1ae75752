"""``exporters check``: read exported files back and check them.

Without ``--against``, a file must carry complete metadata and show every credit
it declares. With ``--against ARTICLE`` (files or folders), each file is compared with
the article it was made from, matched by id, URL or headline (see :func:`_against`): every
paragraph, credit, photo credit, notice and metadata field.

Each file gives one :class:`Checked`: its format, SHA-256 and findings. A file
that cannot be parsed as its format is one finding (A214), whatever the parser
had to say; the hints fit a file made by any tool, not only by this one.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Sequence

import msgspec

from .. import api, registry
from ..checks import Finding, Profile, has_errors
from ..checks.artifact_stage import compare, self_findings
from ..checks.findings import finding
from ..checks.rules import RULES
from ..errors import ExportersError
from ..formats.base import Inspection
from ..model import Article, Bundle
from ..text import normalize
from .paths import JSON_FEED

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
    found = registry.for_suffix(path.name) or _feed_by_content(path)
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
    findings = self_findings(inspection) if source is None else _against(source, inspection)
    return Checked(path, found.name, digest, tuple(profile.apply(for_any_file(item)) for item in _one_metadata_line(findings)))


#: How each feed opens after an XML declaration, processing instructions or comments. ``exporters
#: feed -o`` takes any name (``feed.xml``, ``feed.json``), so a file whose name ends in no format's
#: suffix is checked as the feed it holds.
_XML_PROLOGUE = r"\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*)*"
_FEED_OPENINGS = (
    ("rss", re.compile(_XML_PROLOGUE + r"<rss[\s>]", re.S)),
    ("atom", re.compile(_XML_PROLOGUE + r"<feed[\s>]", re.S)),
    ("news-sitemap", re.compile(_XML_PROLOGUE + r"<urlset[\s>]", re.S)),
    ("jsonfeed", re.compile(r"\s*" + JSON_FEED)),
)


def _feed_by_content(path: Path) -> registry.FormatInfo | None:
    """The feed format a file holds, by how it opens, for a name that ends in no format's suffix.

    >>> _feed_by_content(Path("samples/articles/port-of-aktau.json")) is None
    True
    """
    try:
        with path.open("rb") as stream:
            head = stream.read(4096).decode("utf-8-sig", "replace")
    except OSError:
        return None
    name = next((name for name, opening in _FEED_OPENINGS if opening.match(head)), None)
    return registry.info(name) if name else None


def _one_metadata_line(findings: list[Finding]) -> list[Finding]:
    """The A220 findings of one file (each missing metadata field) as one line naming every field:
    a file that declares nothing (a text file that is no export at all) is one line, not five.

    >>> lines = [finding("A220", "no title", field="title"), finding("A220", "no language", field="language")]
    >>> [(item.field, item.message) for item in _one_metadata_line(lines)]
    [('title, language', "missing from the file's metadata")]
    """
    missing = [item for item in findings if item.code == "A220" and item.field]
    if len(missing) < 2:
        return findings
    fields = ", ".join(dict.fromkeys(item.field for item in missing))
    merged = msgspec.structs.replace(missing[0], message="missing from the file's metadata", field=fields)
    first = findings.index(missing[0])
    return [*findings[:first], merged, *(item for item in findings[first:] if item not in missing)]


def for_any_file(item: Finding) -> Finding:
    """The finding with the hint for a file made by any tool (the rule's ``file_hint``), when it has one.

    >>> for_any_file(finding("A201")).hint
    'Give the file a title (the document title in its properties or metadata) that matches the headline.'
    """
    rule = RULES.get(item.code)
    return msgspec.structs.replace(item, hint=rule.file_hint) if rule is not None and rule.file_hint else item


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def _against(source: Bundle, inspection: Inspection) -> list[Finding]:
    """Compare the file with the articles of ``--against`` it was made from: identity first.

    A file (or a feed entry) declares an identifier derived from its article's ``id``
    (or its URL): that names the article. A file without one of them (an edition, which
    declares its own identifier, or a file another tool made) is matched by the headlines
    it shows. A file that matches none is one A223, never a comparison with an article it
    was not made from, even when ``--against`` names a single article.
    """
    known = _by_identifier(source.articles)
    if inspection.items:
        matched = [known.get(item.identifier) for item in inspection.items]
        found = [finding("A223", f"entry {item.title!r} declares {item.identifier!r}, which is no article's id",
                         format=inspection.format, field="identifier")
                 for item, article in zip(inspection.items, matched) if article is None]
        articles = list(dict.fromkeys(article for article in matched if article is not None))
        return found + (compare(Bundle.of(*articles), inspection) if articles else [])
    article = known.get(inspection.identifier)
    if article is not None:
        return compare(Bundle.of(article), inspection)
    text = normalize(inspection.text)
    shown = [article for article in source.articles if normalize(article.headline) in text]
    if len(shown) > 1:
        import msgspec

        return compare(msgspec.structs.replace(Bundle.of(*shown), title=inspection.title or "edition"), inspection)
    if len(shown) == 1:
        return compare(Bundle.of(shown[0]), inspection)
    return [finding("A223", f"the file declares {inspection.identifier or 'no identifier'!r} and shows no headline "
                    "of the articles given with --against", format=inspection.format, field="identifier")]


def _by_identifier(articles: Sequence[Article]) -> dict[str, Article]:
    """Every identifier a file may declare for an article: its id, its URL (as written and as a URI)
    and the identifier derived from the id (:func:`~exporters.facts.article_identifier`)."""
    from ..facts import article_identifier
    from ..formats.common import uri

    known: dict[str, Article] = {}
    for article in articles:
        for key in (article.id, article.url, uri(article.url) if article.url else "", article_identifier(article)):
            if key:
                known.setdefault(key, article)
    return known

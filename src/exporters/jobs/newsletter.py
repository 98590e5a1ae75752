"""Bundle many articles into one newsletter edition: ``exporters newsletter``.

An edition is one :class:`~exporters.model.Bundle` in sections, rendered by every
asked exporter (masthead, contents, section headings, and every article with its own
byline, credits, images and notices). From the command line::

    exporters newsletter samples/articles --title "Central Asia Weekly" --format txt,email -o out/
    exporters newsletter --job samples/newsletter.toml          # sections, filters, formats, folder

or from Python::

    >>> job = load_job(Path("samples/newsletter.toml"))                       # doctest: +SKIP
    >>> edition = build_edition(job, ["txt", "email"])                         # doctest: +SKIP
    >>> [written.path.name for written in write_edition(edition, Path("out"))]  # doctest: +SKIP
    ['central-asia-weekly-7.txt', 'central-asia-weekly-7.eml', 'central-asia-weekly-7.html']

The job file (TOML; relative paths resolve against the job file's folder)::

    title = "Central Asia Weekly"          # required (or --title)
    subtitle = "News from the Caspian to the Altai"
    issue = 7
    date = 2026-05-08                      # a date (midnight UTC) or a date-time with offset
    publisher = "Example News Desk"        # or { name = "...", url = "https://..." }
    editors = ["Ruth Sample"]              # or editor = "Ruth Sample"; or tables {name, role, email}
    introduction = "This week ..."         # blank lines separate paragraphs
    language = "en"                        # the edition's language (masthead, contents)
    formats = ["txt", "epub", "pdf", "docx", "email"]
    output = "out/newsletter"              # -o overrides it
    [meta]                                 # facts for every article, as --meta (which wins)
    [options.txt]                          # format options, as -O (which wins)
    wrap = 72

    [[sections]]
    title = "Kazakhstan"
    files = ["articles/kk-story.json"]     # named articles: each must exist
    folders = ["articles"]                 # every article file below, sorted
    globs = ["articles/*.md"]              # must match at least one article file
    language = ["kk", "ru"]                # filters: section, language (kk matches kk-Cyrl-KZ),
    section = "Economy"                    #   keywords (any one); a string or a list
    keywords = ["energy"]
    newest = 3                             # keep the newest N (by published), newest first

Rules: an article is placed once, in the first section that selects it; without
``newest`` a section keeps the order of its selectors. A named file, folder or
glob that finds nothing, or a section that selects nothing, is an input error
(exit 2): an edition is never silently missing a part. An embargoed, expired or
withheld article is left out with a warning (``--force`` keeps it). If any kept
article fails its model checks, or any format fails its read-back check, nothing
of the edition is written and the report names the article and the rule (exit 1).

Outputs are named after the edition (``central-asia-weekly-7.pdf``); the ``email``
format writes the ``.eml`` message and the standalone ``.html`` page beside it.
``manifest.json`` lists every file with its format, size, SHA-256 and findings; it
holds no timestamps, so rerunning a job gives byte-identical files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import glob
import json
import os
import sys
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import msgspec

from .. import __version__, api
from ..checks import Finding, Profile, compare, has_errors, model_findings
from ..errors import InputError, UsageError
from ..model import Bundle, Organization, Person, Section
from ..readers import Reading, article_files, is_article_file
from ..resources import RemotePolicy, with_resources
from ..text import slugify
from .outputs import OutputPlan, Written, write_output

__all__ = [
    "DEFAULT_FORMATS",
    "Edition",
    "EditionJob",
    "SectionSpec",
    "build_edition",
    "edition_slug",
    "job_from_inputs",
    "load_job",
    "manifest",
    "run_newsletter",
    "write_edition",
]

#: The formats an edition is written in when neither --format nor the job names any.
DEFAULT_FORMATS = ("txt", "epub", "pdf", "docx", "email")
MANIFEST = "manifest.json"
#: Model rules that leave an article out of the edition (unless forced) instead of failing it.
LEAVE_OUT = frozenset({"M110", "M111", "M112"})


# -- the job --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """One selector of articles: a file, a folder or a glob, and where the job named it."""

    where: str
    value: str
    path: Path
    kind: str  # "file", "folder", "glob" or "any" (a command-line INPUT: file or folder)


@dataclass(frozen=True)
class SectionSpec:
    """What one section holds: its selectors, filters and ``newest`` limit."""

    title: str = ""
    sources: tuple[Source, ...] = ()
    sections: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    newest: int | None = None
    where: str = "$"

    def accepts(self, reading: Reading) -> bool:
        """True when the article passes every filter of this section.

        >>> from exporters.model import Article
        >>> spec = SectionSpec(languages=("kk",))
        >>> spec.accepts(Reading(Article(id="a", language="kk-Cyrl-KZ", headline="H")))
        True
        """
        article = reading.article
        if self.sections and article.section.casefold() not in {value.casefold() for value in self.sections}:
            return False
        if self.languages and not any(_language_matches(article.language, value) for value in self.languages):
            return False
        if self.keywords:
            have = {keyword.casefold() for keyword in article.keywords}
            if not any(value.casefold() in have for value in self.keywords):
                return False
        return True


@dataclass(frozen=True)
class EditionJob:
    """Everything that defines an edition, from a job file or the command line."""

    title: str
    sections: tuple[SectionSpec, ...]
    subtitle: str = ""
    issue: str = ""
    date: dt.datetime | None = None
    publisher: Organization | None = None
    editors: tuple[Person, ...] = ()
    introduction: str = ""
    language: str = ""
    identifier: str = ""
    site_url: str = ""
    formats: tuple[str, ...] = ()
    output: Path | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    source: Path | None = None

    @property
    def label(self) -> str:
        """The job file, for messages; empty for an edition made on the command line."""
        return str(self.source) if self.source else ""


def _language_matches(language: str, wanted: str) -> bool:
    language, wanted = language.casefold(), wanted.casefold()
    return language == wanted or language.startswith(wanted + "-")


def edition_slug(title: str, issue: str = "") -> str:
    """The file name stem of an edition's outputs.

    >>> edition_slug("Central Asia Weekly", "7")
    'central-asia-weekly-7'
    """
    return slugify(" ".join(part for part in (title, issue) if part), fallback="edition")


class _Publisher(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: str
    url: str = ""
    logo: str = ""


class _Person(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: str
    role: str = "editor"
    email: str = ""
    url: str = ""


class _SectionFile(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    title: str = ""
    files: str | list[str] = []
    folders: str | list[str] = []
    globs: str | list[str] = []
    section: str | list[str] = []
    language: str | list[str] = []
    keywords: str | list[str] = []
    newest: int | None = None


class _JobFile(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    title: str = ""
    subtitle: str = ""
    issue: int | str = ""
    date: Any = None
    publisher: str | _Publisher | None = None
    editor: str | _Person | None = None
    editors: list[str | _Person] = []
    introduction: str = ""
    language: str = ""
    identifier: str = ""
    site_url: str = ""
    formats: str | list[str] = []
    output: str = ""
    meta: dict[str, Any] = {}
    options: dict[str, dict[str, Any]] = {}
    sections: list[_SectionFile] = []


def _strings(value: str | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _person(value: str | _Person) -> Person:
    if isinstance(value, str):
        return Person(name=value, role="editor")
    return Person(name=value.name, role=value.role, email=value.email, url=value.url)


def _date(value: Any, path: Path) -> dt.datetime | None:
    """A TOML date (midnight UTC), an offset date-time, or the same as an ISO string."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            timed = "T" in value or " " in value.strip()
            value = dt.datetime.fromisoformat(value) if timed else dt.date.fromisoformat(value)
        except ValueError:
            raise InputError(path, "$.date", f"not an ISO 8601 date: {value!r}") from None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            example = f"{value.isoformat()}+00:00"
            raise InputError(path, "$.date", f"{value.isoformat()} has no UTC offset; write e.g. {example}")
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    raise InputError(path, "$.date", f"expected a date, got {type(value).__name__}")


def _tidy(error: msgspec.ValidationError) -> tuple[str, str]:
    """``Expected `int`, got `str` - at `$.sections[0].newest``` -> (path, message)."""
    message, _, where = str(error).rpartition(" - at ")
    if not message:
        return "$", str(error)
    return where.strip("`"), message[:1].lower() + message[1:]


def load_job(path: Path) -> EditionJob:
    """Read a newsletter job file; every problem is an :class:`InputError` naming the file and key."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(path, "", "no such job file") from None
    except (IsADirectoryError, PermissionError, UnicodeDecodeError) as error:
        raise InputError(path, "", f"cannot read the job file: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(path, "", f"invalid TOML: {error}") from None
    try:
        raw = msgspec.convert(data, type=_JobFile, strict=False)
    except msgspec.ValidationError as error:
        raise InputError(path, *_tidy(error)) from None
    folder = path.parent

    def sources(index: int, section: _SectionFile) -> tuple[Source, ...]:
        found = []
        for kind, values in (("file", section.files), ("folder", section.folders), ("glob", section.globs)):
            for number, value in enumerate(_strings(values)):
                path = folder / value
                if kind == "glob" and not Path(value).is_absolute():  # the folder's own name is no pattern
                    path = Path(os.path.join(glob.escape(str(folder)), value))
                found.append(Source(f"$.sections[{index}].{kind}s[{number}]", value, path, kind))
        return tuple(found)

    sections = tuple(
        SectionSpec(title=section.title, sources=sources(index, section), sections=_strings(section.section),
                    languages=_strings(section.language), keywords=_strings(section.keywords),
                    newest=section.newest, where=f"$.sections[{index}]")
        for index, section in enumerate(raw.sections)
    )
    if not sections:
        raise InputError(path, "$.sections", "the job has no [[sections]]; add one with files, folders or globs")
    for spec in sections:
        if not spec.sources:
            raise InputError(path, spec.where, "the section names no files, folders or globs")
        if spec.newest is not None and spec.newest < 1:
            raise InputError(path, f"{spec.where}.newest", f"must be 1 or more, got {spec.newest}")
    publisher = raw.publisher
    if isinstance(publisher, str):
        publisher = _Publisher(name=publisher)
    editors = ([raw.editor] if raw.editor else []) + list(raw.editors)
    return EditionJob(
        title=raw.title,
        sections=sections,
        subtitle=raw.subtitle,
        issue=str(raw.issue),
        date=_date(raw.date, path),
        publisher=Organization(name=publisher.name, url=publisher.url, logo=publisher.logo) if publisher else None,
        editors=tuple(_person(editor) for editor in editors),
        introduction=raw.introduction.strip(),
        language=raw.language,
        identifier=raw.identifier,
        site_url=raw.site_url,
        formats=_strings(raw.formats),
        output=folder / raw.output if raw.output else None,
        meta=dict(raw.meta),
        options={name: dict(values) for name, values in raw.options.items()},
        source=path,
    )


def job_from_inputs(inputs: Sequence[str | Path], title: str) -> EditionJob:
    """An edition of one untitled section holding ``inputs`` (files or folders) in order."""
    sources = tuple(Source(f"INPUT {index + 1}", str(value), Path(value), "any") for index, value in enumerate(inputs))
    return EditionJob(title=title, sections=(SectionSpec(sources=sources),))


# -- choosing the articles --------------------------------------------------------------------


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
    files = article_files(path)
    if not files:
        raise InputError(label, source.where, f"{path}: holds no article file")
    return files


def _newest_first(readings: list[Reading]) -> list[Reading]:
    """By ``published``, newest first; undated last; equal dates by id."""
    def key(reading: Reading) -> tuple[bool, float, str]:
        published = reading.article.published
        return (published is None, -published.timestamp() if published else 0.0, reading.article.id)

    return sorted(readings, key=key)


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
            readings = _newest_first(readings)[: spec.newest]
        placed.update(key for key, reading in found.items() if reading in readings)
        if not readings:
            raise InputError(job.label, spec.where, "the section selects no article (check its filters)")
        chosen.append((spec, readings))
    return chosen


# -- the edition --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rendered:
    """One output of an edition, rendered and read back, not yet written."""

    format: str
    suffix: str
    media_type: str
    data: bytes
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Edition:
    """An edition built and checked in memory: what would be written, and every finding."""

    job: EditionJob
    bundle: Bundle
    inputs: dict[str, Path]
    left_out: tuple[tuple[Reading, tuple[Finding, ...]], ...]
    findings: tuple[Finding, ...]
    outputs: tuple[Rendered, ...]

    @property
    def slug(self) -> str:
        return edition_slug(self.job.title, self.job.issue)

    @property
    def ok(self) -> bool:
        """True when nothing stops the edition from being written."""
        return not has_errors(self.all_findings)

    @property
    def all_findings(self) -> list[Finding]:
        found = [item for _, items in self.left_out for item in items] + list(self.findings)
        for output in self.outputs:
            found.extend(item for item in output.findings if item not in found)
        return found


def _leave_out(reading: Reading, profile: Profile) -> tuple[Finding, ...]:
    """Why an article stays out of the edition (embargoed, expired, withheld), as warnings."""
    found = [item for item in model_findings(Bundle.of(reading.article), replace(profile, strict=False))
             if item.code in LEAVE_OUT]
    return tuple(profile.apply(replace(item, severity="warning", message=f"left out of the edition: {item.message}"))
                 for item in found)


def _edition_bundle(job: EditionJob, sections: list[tuple[SectionSpec, list[Reading]]],
                    remote: RemotePolicy | None) -> Bundle:
    articles = [reading.article for _, readings in sections for reading in readings]
    primaries = {article.language.split("-")[0].casefold() for article in articles}
    language = job.language or (articles[0].language.split("-")[0] if len(primaries) == 1 else "")
    bundle = Bundle(
        sections=tuple(Section(title=spec.title, articles=tuple(reading.article for reading in readings))
                       for spec, readings in sections),
        title=job.title, subtitle=job.subtitle, issue=job.issue, publisher=job.publisher, date=job.date,
        language=language, editors=job.editors, introduction=job.introduction, identifier=job.identifier,
        site_url=job.site_url,
    )
    origins = {reading.article.id: reading.path for _, readings in sections for reading in readings}
    return with_resources(bundle, origins, remote)


def build_edition(
    job: EditionJob,
    formats: Sequence[str],
    *,
    options: dict[str, dict[str, Any]] | None = None,
    profile: Profile | None = None,
    meta: dict[str, Any] | None = None,
    remote: RemotePolicy | None = None,
) -> Edition:
    """Select, check, render and read back the edition in every format. Writes nothing."""
    profile = profile or Profile()
    if not job.title.strip():
        raise UsageError("the edition has no title: pass --title T or set title in the job file")
    selected = select_articles(job, meta)
    left_out: list[tuple[Reading, tuple[Finding, ...]]] = []
    kept: list[tuple[SectionSpec, list[Reading]]] = []
    for spec, readings in selected:
        keep = []
        for reading in readings:
            reasons = _leave_out(reading, profile)
            if reasons:
                left_out.append((reading, reasons))
            else:
                keep.append(reading)
        if keep:
            kept.append((spec, keep))
    if not kept:
        where = f"{job.label}: " if job.label else ""
        raise UsageError(f"{where}every selected article is embargoed, expired or withheld; "
                         "nothing to publish (pass --force to include them)")
    bundle = _edition_bundle(job, kept, remote)
    inputs = {reading.article.id: reading.path for _, readings in kept for reading in readings if reading.path}
    results = api.export(bundle, formats, options=options, profile=profile)
    shared = tuple(item for item in results[0].findings if not item.format) if results else ()
    outputs: list[Rendered] = []
    for result in results:
        if result.artifact is None:
            continue
        artifact = result.artifact
        outputs.append(Rendered(result.format, artifact.suffix, artifact.media_type, artifact.data, result.findings))
        if result.format == "email":
            outputs.extend(_standalone_page(bundle, (options or {}).get("email"), profile, shared))
    return Edition(job, bundle, inputs, tuple(left_out), shared, tuple(outputs))


def _standalone_page(bundle: Bundle, options: dict[str, Any] | None, profile: Profile,
                     shared: tuple[Finding, ...]) -> list[Rendered]:
    """The e-mail's standalone ``.html`` page, read back and checked like the message
    (none when a plugin replaced the built-in ``email`` format with one that has no page)."""
    from ..formats.email import inspect_html

    page = getattr(api.make_exporter("email", options), "html", None)
    if not callable(page):
        return []
    data = page(bundle)
    checked = tuple(profile.apply(item) for item in compare(bundle, inspect_html(data, "email")))
    return [Rendered("email", ".html", "text/html; charset=utf-8", data, shared + checked)]


# -- writing ------------------------------------------------------------------------------------


def _relative(path: Path, folder: Path) -> str:
    return Path(os.path.relpath(path.resolve(), folder.resolve())).as_posix()


def manifest(edition: Edition, folder: Path) -> dict[str, Any]:
    """What ``manifest.json`` holds: the edition, its articles, what was left out, every file.

    Paths are relative to ``folder`` (where the manifest lives); no timestamps.
    """
    bundle = edition.bundle
    return {
        "generator": f"newsroom-exporters {__version__}",
        "edition": {
            "title": bundle.title, "subtitle": bundle.subtitle, "issue": bundle.issue,
            "date": bundle.date.isoformat() if bundle.date else "", "language": bundle.main_language,
            "publisher": bundle.publisher.name if bundle.publisher else "",
            "identifier": _identifier(bundle), "slug": edition.slug,
        },
        "sections": [
            {"title": section.title,
             "articles": [{"id": article.id, "headline": article.headline, "language": article.language,
                           "input": _relative(edition.inputs[article.id], folder) if article.id in edition.inputs
                           else ""}
                          for article in section.articles]}
            for section in bundle.sections
        ],
        "left_out": [
            {"id": reading.article.id, "headline": reading.article.headline,
             "input": _relative(reading.path, folder) if reading.path else "",
             "findings": [item.to_dict() for item in reasons]}
            for reading, reasons in edition.left_out
        ],
        "files": [
            {"path": f"{edition.slug}{output.suffix}", "format": output.format, "media_type": output.media_type,
             "bytes": len(output.data), "sha256": _sha256(output.data),
             "findings": [item.to_dict() for item in output.findings]}
            for output in edition.outputs
        ],
        "findings": [item.to_dict() for item in edition.all_findings],
    }


def _identifier(bundle: Bundle) -> str:
    from ..formats.common import bundle_identifier

    return bundle_identifier(bundle)


def _sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def manifest_bytes(edition: Edition, folder: Path) -> bytes:
    """Deterministic JSON: sorted keys, two-space indent, UTF-8, a final newline."""
    return (json.dumps(manifest(edition, folder), indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def write_edition(edition: Edition, folder: Path) -> list[Written]:
    """Write every output and the manifest atomically; refuses an edition with errors."""
    if not edition.ok:
        raise UsageError(f"the edition {edition.slug} has errors; nothing is written")
    plan = OutputPlan(directory=folder)
    plan.prepare()
    written = [write_output(plan.path_for(edition.slug, output.suffix), output.data, output.format)
               for output in edition.outputs]
    written.append(write_output(folder / MANIFEST, manifest_bytes(edition, folder), "manifest"))
    return written


# -- the command ----------------------------------------------------------------------------------


def _output_folder(args: argparse.Namespace, job: EditionJob) -> Path:
    from .. import registry

    if args.output:
        folder = Path(args.output)
        if registry.for_suffix(folder.suffix) is not None:
            raise UsageError(f"newsletter -o names a folder, not a file: {args.output} "
                             "(outputs are named after the edition)")
        return folder
    return job.output or Path("out")


def _options(args: argparse.Namespace, job: EditionJob, formats: list[str]) -> dict[str, dict[str, Any]]:
    from .. import registry
    from ..options import format_options

    merged: dict[str, dict[str, Any]] = {}
    for name, values in job.options.items():
        merged.setdefault(registry.info(name).name, {}).update(values)
    for name, values in format_options(args.option, formats).items():
        merged.setdefault(name, {}).update(values)
    return merged


def _report_lines(edition: Edition, folder: Path) -> list[str]:
    """One line per problem, each naming the article's file (or the output) and the rule."""
    lines: list[str] = []
    job = edition.job.label or edition.slug
    for reading, reasons in edition.left_out:
        lines.extend(f"{reading.path or job}: {item.line()}" for item in reasons)
    for item in edition.findings:
        place = edition.inputs.get(item.article) or job
        lines.append(f"{place}: {item.line()}")
    for output in edition.outputs:
        target = folder / f"{edition.slug}{output.suffix}"
        lines.extend(f"{target}: {item.line()}" for item in output.findings if item.format)
    return lines


def run_newsletter(args: argparse.Namespace) -> int:
    """``exporters newsletter``: build, check and write one edition; returns the exit code."""
    from .. import registry
    from ..options import check_profile, meta_values, remote_policy

    if args.job and args.inputs:
        raise UsageError("give INPUT files or --job FILE, not both (list the files in the job's sections)")
    if args.job:
        job = load_job(Path(args.job))
    elif args.inputs:
        job = job_from_inputs(args.inputs, "")
    else:
        raise UsageError("nothing to bundle: give INPUT files or folders, or --job newsletter.toml")
    if args.title:
        job = replace(job, title=args.title)
    formats = registry.resolve(list(args.format) or list(job.formats) or list(DEFAULT_FORMATS))
    folder = _output_folder(args, job)
    edition = build_edition(job, formats, options=_options(args, job, formats), profile=check_profile(args),
                            meta=meta_values(args.meta), remote=remote_policy(args.allow_remote_media))
    written = write_edition(edition, folder) if edition.ok else []
    code = 0 if edition.ok else 1
    if args.json:
        report = {**manifest(edition, folder), "output": str(folder), "written": [str(w.path) for w in written],
                  "exit_code": code}
        print(json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False))
        return code
    for line in _report_lines(edition, folder):
        print(line, file=sys.stderr)
    if not edition.ok:
        errors = sum(1 for item in edition.all_findings if item.severity == "error")
        print(f"exporters: nothing written: the edition {edition.slug} has {errors} error(s)", file=sys.stderr)
    for item in written:
        print(f"wrote {item.path}", file=sys.stderr)
    return code

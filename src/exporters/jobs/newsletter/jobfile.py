"""The newsletter job: what defines an edition, from a job file (TOML) or the command line.

:func:`load_job` reads a job file into an :class:`EditionJob`; every problem is an
:class:`~exporters.errors.InputError` naming the file and the key::

    >>> job = load_job(Path("samples/newsletter.toml"))
    >>> job.title, [section.title for section in job.sections][:2]
    ('Central Asia Weekly', ['Top story', 'Business'])

The job file's keys are listed in :mod:`exporters.jobs.newsletter`.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec

from ...errors import InputError
from ...model import LanguageTag, Organization, Person, readable_message
from ...readers import Reading
from ...text import slugify

__all__ = ["DEFAULT_FORMATS", "EditionJob", "SectionSpec", "Source", "edition_slug", "job_from_inputs", "load_job"]

#: The formats an edition is written in when neither --format nor the job names any.
DEFAULT_FORMATS = ("txt", "epub", "pdf", "docx", "email")


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
    language: LanguageTag | None = None  # refused unless a BCP 47 tag, as an article's is
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
    message = readable_message(message)
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
        language=raw.language or "",
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
    if any(str(value) == "-" for value in inputs):
        from ...errors import UsageError
        from ..paths import STDIN_ELSEWHERE

        raise UsageError(STDIN_ELSEWHERE)
    sources = tuple(Source(f"INPUT {index + 1}", str(value), Path(value), "any") for index, value in enumerate(inputs))
    return EditionJob(title=title, sections=(SectionSpec(sources=sources),))

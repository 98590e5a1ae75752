"""The labels a news page prints that its layout cannot tell, in every language we know.

They live in one data file, ``exporters/data/scraped-labels.toml``, which a
newsroom extends without touching code (or adds to with a file of the same
layout named by the ``EXPORTERS_SCRAPED_LABELS`` environment variable). Every
language's labels are used on every page, since the page's language is often
not known when it is read::

    >>> labels = page_labels()
    >>> labels.teaser("Читайте также: Зимний сад открылся")
    ('Читайте также', 'Зимний сад открылся')
    >>> labels.credit("Reuters, AFP және Interfax агенттіктерінің хабарлары бойынша")
    ('reporting', ['Reuters', 'AFP', 'Interfax'])
    >>> labels.photo_credit("Кран в порту. Фото: Дана Серик")
    ('Кран в порту.', 'Фото: Дана Серик')
    >>> bool(labels.legal("RFE/RL признано «нежелательной организацией»")), labels.is_chrome("Срочные новости")
    (True, True)
    >>> labels.language_name("fa"), labels.language_name("xx")
    ('Persian', '')
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .errors import InputError

__all__ = ["LABELS_FILE", "ENVIRONMENT", "PageLabels", "page_labels", "load_labels"]

#: The shipped data file (inside the package, so an installed wheel carries it).
LABELS_FILE = Path(__file__).resolve().parent / "data" / "scraped-labels.toml"
#: The environment variable that names a newsroom's own labels file, read after the shipped one.
ENVIRONMENT = "EXPORTERS_SCRAPED_LABELS"
_LISTS = ("chrome", "teaser", "photo", "legal", "and")
_KEYS = frozenset(_LISTS + ("name", "credit"))
_NAME_WORDS = 5


def _alternation(labels: list[str]) -> str:
    """``a|b|c`` of the escaped labels, longest first, so the longest label wins."""
    return "|".join(re.escape(label) for label in sorted(set(labels), key=lambda label: (-len(label), label)))


@dataclass(frozen=True)
class PageLabels:
    """Every language's labels, compiled into one pattern per kind."""

    chrome_lines: frozenset[str]
    names: dict[str, str]
    roles: dict[str, str]
    teaser_pattern: re.Pattern[str]
    before_pattern: re.Pattern[str] | None
    after_pattern: re.Pattern[str] | None
    photo_pattern: re.Pattern[str]
    legal_pattern: re.Pattern[str]
    name_split: re.Pattern[str]
    after_reach: int

    def is_chrome(self, line: str) -> bool:
        """True when the whole line is a known chrome label (any case)."""
        return line.strip().casefold() in self.chrome_lines

    def teaser(self, line: str) -> tuple[str, str] | None:
        """``(label, title)`` of a ``LABEL: Title`` teaser line, else None."""
        if ":" not in line:  # most lines: no need to try every label
            return None
        match = self.teaser_pattern.match(line.strip())
        return (match["label"], match["title"].strip()) if match else None

    def credit(self, line: str) -> tuple[str, list[str]] | None:
        """``(role, names)`` of a credit line, else None.

        >>> page_labels().credit("With reporting by Reuters, AFP, TASS, AP, and Interfax.")
        ('reporting', ['Reuters', 'AFP', 'TASS', 'AP', 'Interfax'])
        >>> page_labels().credit("With reporting by")
        >>> page_labels().credit("По материалам следствия, обвиняемый скрывался в горах три недели")
        """
        text = line.strip()
        match = self.before_pattern.match(text) if self.before_pattern else None
        if match:
            label, listed = match["label"], text[match.end("label"):]
        else:
            # Only the end of the line can hold an `after` label: search there, so a
            # long paragraph costs no more than a short one.
            cut = max(len(text) - self.after_reach, 0)
            match = self.after_pattern.search(text, cut) if self.after_pattern else None
            if not match:
                return None
            label, listed = match["label"], text[: match.start("label")]
        names = [name.strip() for name in self.name_split.split(listed.strip().rstrip(".")) if name.strip()]
        if not names or any(len(name.split()) > _NAME_WORDS for name in names):
            return None  # a sentence that happens to start or end like a credit line
        return self.roles[label.casefold()], list(dict.fromkeys(names))

    def photo_credit(self, caption: str) -> tuple[str, str]:
        """A caption ending in ``Photo: Name`` (or ``(Photo: Name)``) as ``(caption, credit)``."""
        match = self.photo_pattern.search(caption)
        if not match or match.start() == 0:
            return caption.strip(), ""
        return caption[: match.start()].strip(), match["credit"].strip()

    def legal(self, line: str) -> bool:
        """True when the line holds a word that marks a legal notice."""
        return bool(self.legal_pattern.search(line))

    def language_name(self, tag: str) -> str:
        """The English name of a language the file lists (``ru`` -> ``Russian``), else ``""``."""
        return self.names.get(tag.split("-")[0].lower(), "")


@dataclass
class _Collected:
    """What the files hold, before compiling."""

    lists: dict[str, list[str]] = field(default_factory=lambda: {key: [] for key in _LISTS})
    names: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)


def load_labels(*texts: tuple[str, str]) -> PageLabels:
    """Labels from TOML ``(origin, text)`` pairs, later files adding to earlier ones.

    An entry of the wrong shape is an :class:`~exporters.errors.InputError` naming
    the file and the entry.

    >>> load_labels(("house.toml", '[xx]\\nteaser = ["VOR LESSA"]')).teaser("VOR LESSA: Harbour reopens")
    ('VOR LESSA', 'Harbour reopens')
    """
    import tomllib

    collected = _Collected()
    for origin, text in texts:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise InputError(origin, "", f"invalid TOML: {error}") from None
        for language, entry in data.items():
            _add_language(origin, language, entry, collected)
    return _compile(collected)


def _add_language(origin: str, language: str, entry: Any, collected: _Collected) -> None:
    if not isinstance(entry, dict) or not set(entry) <= _KEYS:
        raise InputError(origin, f"[{language}]", f"a language holds only {', '.join(sorted(_KEYS))}")
    if isinstance(entry.get("name"), str):
        collected.names[language.lower()] = entry["name"]
    for key in _LISTS:
        values = entry.get(key, [])
        if not isinstance(values, list) or not all(isinstance(value, str) and value.strip() for value in values):
            raise InputError(origin, f"[{language}].{key}", "expected a list of non-empty strings")
        collected.lists[key].extend(value.strip() for value in values)
    for index, credit in enumerate(entry.get("credit", [])):
        sides = credit.keys() & {"before", "after"} if isinstance(credit, dict) else set()
        if len(sides) != 1 or not set(credit) <= {"before", "after", "role"} or not all(
                isinstance(value, str) and value.strip() for value in credit.values()):
            raise InputError(origin, f"[{language}].credit[{index}]",
                             'expected { before = "label", role = "reporting" } or { after = "label", role = ... }')
        side = sides.pop()
        label = credit[side].strip()
        (collected.before if side == "before" else collected.after).append(label)
        collected.roles[label.casefold()] = credit.get("role", "").strip()


def _compile(collected: _Collected) -> PageLabels:
    lists = collected.lists
    words = [word for word in lists["and"] if word.replace("&", "").strip()]
    conjunction = rf"(?:{_alternation(words)})" if words else r"(?!)"
    name_split = re.compile(rf"\s*[,،;]\s*(?:{conjunction}\s+)?|\s+{conjunction}\s+|\s*&\s*", re.IGNORECASE)
    flags = re.IGNORECASE | re.DOTALL
    before = _alternation(collected.before)
    after = _alternation(collected.after)
    photo = _alternation(lists["photo"]) or "(?!)"
    return PageLabels(
        chrome_lines=frozenset(line.casefold() for line in lists["chrome"]),
        names=collected.names,
        roles=collected.roles,
        teaser_pattern=re.compile(rf"^(?P<label>{_alternation(lists['teaser']) or '(?!)'})\s*:\s*(?P<title>\S.*)$",
                                  flags),
        before_pattern=re.compile(rf"(?P<label>{before})(?=\s|$)", flags) if before else None,
        after_pattern=re.compile(rf"(?<=\s)(?P<label>{after})\s*\.?$", flags) if after else None,
        after_reach=max((len(label) for label in collected.after), default=0) + 4,
        photo_pattern=re.compile(rf"\s*\(?\s*(?P<credit>(?:{photo})\s*:\s*[^()]+?)\s*\)?\s*$", re.IGNORECASE),
        legal_pattern=re.compile(_alternation(lists["legal"]) or "(?!)", re.IGNORECASE),
        name_split=name_split,
    )


@cache
def page_labels() -> PageLabels:
    """The shipped labels, plus the newsroom's file named by ``EXPORTERS_SCRAPED_LABELS`` (read once)."""
    texts = [(str(LABELS_FILE), LABELS_FILE.read_text(encoding="utf-8"))]
    extra = os.environ.get(ENVIRONMENT, "").strip()
    if extra:
        try:
            texts.append((extra, Path(extra).read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(extra, "", f"cannot read the labels file named by {ENVIRONMENT}: "
                             f"{getattr(error, 'strerror', None) or error}") from None
    return load_labels(*texts)

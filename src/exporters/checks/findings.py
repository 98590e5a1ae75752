"""Findings and profiles: the data checks return."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Iterable

import msgspec

from .rules import RULES, Severity

__all__ = ["Finding", "Profile", "finding", "has_errors"]


class Finding(msgspec.Struct, frozen=True):
    """One thing a check found. ``code`` is stable; ``message`` says what, ``hint`` what to do."""

    code: str
    severity: Severity
    message: str
    hint: str = ""
    article: str = ""
    format: str = ""
    field: str = ""

    def to_dict(self) -> dict[str, str]:
        return {key: value for key, value in msgspec.structs.asdict(self).items() if value}

    def line(self) -> str:
        """``error M104 [seed] publisher: The article names no publisher. (hint: Set `publisher` ...)``"""
        where = " ".join(part for part in (f"[{self.article}]" if self.article else "", self.format, self.field) if part)
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"{self.severity} {self.code} {where}: {self.message}{hint}".replace("  ", " ")


class Profile(msgspec.Struct, frozen=True):
    """How strict to be. ``strict`` turns warnings into errors; ``force`` lets embargoed,
    expired and withheld articles through; ``now`` is the clock for embargo and expiry."""

    strict: bool = False
    force: bool = False
    now: datetime = msgspec.field(default_factory=lambda: datetime.now(timezone.utc))

    def apply(self, found: Finding) -> Finding:
        if self.strict and found.severity == "warning":
            return msgspec.structs.replace(found, severity="error")
        return found


def finding(code: str, message: str = "", *, article: str = "", format: str = "", field: str = "") -> Finding:
    """A :class:`Finding` for a catalogued rule; ``message`` defaults to the rule's summary."""
    rule = RULES[code]
    return Finding(code, rule.severity, message or rule.summary, rule.hint, article, format, field)


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(item.severity == "error" for item in findings)

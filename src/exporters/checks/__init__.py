"""Checks: findings as data, with stable codes.

Two stages. The *model* stage looks at the articles before anything is rendered;
the *artifact* stage compares what an exporter's ``inspect`` read back out of the
bytes with the model. Checks never print; the command line reports.

    >>> from exporters.checks import model_findings, Profile
    >>> [f.code for f in model_findings(bundle, Profile())]          # doctest: +SKIP
    ['M106']

Every code is listed in :data:`~exporters.checks.rules.RULES` and in the README.
Third-party checks come from the ``exporters.checks`` entry-point group (see
:mod:`exporters.checks.plugins`).
"""

from __future__ import annotations

from .findings import Finding, Profile, has_errors
from .model_stage import model_findings
from .artifact_stage import artifact_findings, compare
from .rules import RULES, Rule

__all__ = ["Finding", "Profile", "RULES", "Rule", "artifact_findings", "compare", "has_errors", "model_findings"]

"""Shared fixtures: sample paths, bundles, and external validators.

A validator that is not installed skips its test with the reason shown; with
``EXPORTERS_REQUIRE_VALIDATORS=1`` (set by CI) the skip becomes a failure.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from exporters.text import normalize

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
ARTICLES = SAMPLES / "articles"
BROKEN = SAMPLES / "broken"
#: Where scripts/test installs the npm validators (Ace, the Nu HTML Checker, axe-core).
TOOLS = Path("~/.cache/newsroom-exporters").expanduser()


def require(tool: str, hint: str = "") -> str:
    """The path of an external tool, or skip (fail under EXPORTERS_REQUIRE_VALIDATORS=1)."""
    found = shutil.which(tool)
    if found:
        return found
    _missing(f"{tool} is not installed{': ' + hint if hint else ''}")


def require_path(variable: str, default: Path, hint: str = "") -> Path:
    """A validator's file or folder: ``$variable`` when set, else ``default`` (under
    ~/.cache/newsroom-exporters, where scripts/test installs it); skip when absent
    (fail under EXPORTERS_REQUIRE_VALIDATORS=1)."""
    path = Path(os.environ.get(variable) or default).expanduser()
    if path.exists():
        return path
    _missing(f"{path} does not exist (set {variable}){': ' + hint if hint else ''}")


def _missing(reason: str):
    if os.environ.get("EXPORTERS_REQUIRE_VALIDATORS") == "1":
        pytest.fail(reason + " (EXPORTERS_REQUIRE_VALIDATORS=1)")
    pytest.skip(reason)


def sample_articles() -> list[Path]:
    """Every article file in samples/articles (sidecars excluded), sorted."""
    from exporters.readers import article_files

    return article_files(ARTICLES)


@pytest.fixture(params=sample_articles(), ids=lambda path: path.stem)
def sample_path(request) -> Path:
    return request.param


@pytest.fixture
def sample_bundle(sample_path):
    from exporters import api

    return api.read_bundle([sample_path])


@pytest.fixture(scope="session")
def full_bundle():
    """The fullest sample: every block type, every kind of credit, two images."""
    from exporters import api

    return api.read_bundle([ARTICLES / "port-of-aktau.json"])


@pytest.fixture(scope="session")
def all_samples_bundle():
    """Every sample article in one bundle, as a newsletter would hold them."""
    from exporters import api

    return api.read_bundle(sample_articles(), title="Sample edition")


def missing_in_order(expected: list[str], text: str, key=normalize) -> list[str]:
    """Every expected string not found after the previous one (empty when all are there, in order)."""
    haystack, position, missing = key(text), 0, []
    for piece in expected:
        found = haystack.find(key(piece), position)
        if found < 0:
            missing.append(piece)
        else:
            position = found + len(key(piece))
    return missing

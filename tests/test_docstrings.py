"""The examples in the docstrings are true: every module's doctests run here.

Docstrings teach with examples (``>>> join_field(["Reuters", "AFP"])``); an example
that no longer holds would teach something false, so each module is a test.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest
from conftest import ROOT

import exporters

MODULES = ["exporters", *sorted(info.name for info in pkgutil.walk_packages(exporters.__path__, "exporters."))]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name, monkeypatch):
    monkeypatch.chdir(ROOT)  # examples name the bundled samples by relative path
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, report=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} fail (printed above)"


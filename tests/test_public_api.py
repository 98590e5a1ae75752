"""The public API is small, explicit and typed: what ``exporters`` and ``exporters.api`` promise.

A name that joins or leaves ``__all__`` is a change to the API its users build on,
so the lists are spelled out here and a change must come with this test.
"""

from __future__ import annotations

import inspect
import subprocess
import sys
import typing

import pytest
from conftest import ROOT

import exporters
from exporters import api

PACKAGE_API = {"Article", "Bundle", "Section", "ExportersError", "InputError", "PluginError", "ResourceError",
               "UsageError", "__version__"}
PIPELINE_API = {"ExportResult", "read", "read_all", "read_bundle", "bundle_of", "export", "render", "make_exporter"}


def test_the_package_exports_the_model_and_the_error_tree_and_nothing_else():
    assert set(exporters.__all__) == PACKAGE_API
    assert len(exporters.__all__) == len(PACKAGE_API)  # no name listed twice
    for name in PACKAGE_API - {"__version__"}:
        assert getattr(exporters, name).__module__.startswith("exporters.")
    assert all(issubclass(getattr(exporters, name), exporters.ExportersError)
               for name in ("InputError", "PluginError", "ResourceError", "UsageError"))


def test_the_pipeline_exports_what_it_defines():
    assert set(api.__all__) == PIPELINE_API
    for name in PIPELINE_API:
        assert getattr(api, name).__module__ == "exporters.api", f"{name} is not the pipeline's own"


@pytest.mark.parametrize("name", sorted(PIPELINE_API - {"ExportResult"}))
def test_every_pipeline_function_is_typed_and_documented(name):
    function = getattr(api, name)
    hints = typing.get_type_hints(function)
    parameters = [p for p in inspect.signature(function).parameters.values()
                  if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    assert [p.name for p in parameters if p.name not in hints] == []
    assert "return" in hints
    assert (function.__doc__ or "").strip()


def test_the_version_is_the_distributions():
    from importlib.metadata import version

    assert exporters.__version__ == version("newsroom-exporters")


def test_importing_the_package_and_its_pipeline_loads_no_format():
    code = ("import sys, exporters, exporters.api\n"
            "print(sorted(m for m in sys.modules if m.startswith('exporters.formats.') and m != 'exporters.formats.base'"
            " or m in ('ebooklib', 'reportlab', 'docx', 'feedgen', 'lxml', 'jinja2')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "[]"

"""Imports run one way: the command line and the jobs above the pipeline, the formats and readers
below it, the model at the bottom; and no module imports itself through others.

Read from the source (every import, those inside functions too), so a lazy import cannot hide an
arrow that runs the wrong way.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT

SOURCE = ROOT / "src"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SOURCE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The modules of this package that ``path`` imports, as absolute names."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {module for module in found if module.split(".")[0] == "exporters" and module in MODULES}


MODULES = {_module_name(path) for path in SOURCE.rglob("*.py")}
GRAPH = {_module_name(path): _imports(path) - {_module_name(path)} for path in SOURCE.rglob("*.py")}


def _under(module: str, *packages: str) -> bool:
    return any(module == package or module.startswith(package + ".") for package in packages)


ABOVE_FORMATS = ("exporters.cli", "exporters.jobs", "exporters.api", "exporters.registry", "exporters.checks",
                 "exporters.readers", "exporters.options", "exporters.testing")
ABOVE_READERS = ("exporters.cli", "exporters.jobs", "exporters.api", "exporters.registry", "exporters.checks",
                 "exporters.formats", "exporters.options", "exporters.testing")
SHARED = ("exporters.model", "exporters.body", "exporters.media", "exporters.errors", "exporters.limits",
          "exporters.labels", "exporters.text", "exporters.facts", "exporters.attribution", "exporters.page_labels",
          "exporters.langid", "exporters.templates", "exporters.resources", "exporters.entrypoints")


def _wrong_way(source: tuple[str, ...], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(f"{module} -> {target}" for module, targets in GRAPH.items() if _under(module, *source)
                  for target in targets if _under(target, *forbidden))


def test_the_source_was_read():
    assert {"exporters.formats.base", "exporters.readers.scraped", "exporters.jobs.feed"} <= MODULES
    assert "exporters.formats.base" in GRAPH["exporters.formats.txt"]


def test_no_format_imports_what_stands_above_it():
    assert _wrong_way(("exporters.formats",), ABOVE_FORMATS) == []


def test_no_reader_imports_a_format_or_what_stands_above_it():
    assert _wrong_way(("exporters.readers",), ABOVE_READERS) == []


def test_the_shared_modules_import_no_format_reader_check_or_job():
    assert _wrong_way(SHARED, ("exporters.formats", "exporters.readers") + ABOVE_FORMATS) == []


def test_the_checks_see_a_format_only_through_its_interface():
    uses = sorted(f"{module} -> {target}" for module, targets in GRAPH.items() if _under(module, "exporters.checks")
                  for target in targets if _under(target, "exporters.formats") and target not in
                  ("exporters.formats", "exporters.formats.base"))
    assert uses == []


def test_a_format_uses_another_format_only_through_its_public_names():
    private = []
    for path in (SOURCE / "exporters" / "formats").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level and node.module:
                private += [f"{_module_name(path)}: {node.module}.{alias.name}" for alias in node.names
                            if alias.name.startswith("_")]
    assert private == []


def _cycle_from(start: str) -> list[str] | None:
    path, seen = [start], set()

    def visit(module: str) -> list[str] | None:
        for target in sorted(GRAPH.get(module, ())):
            if target == start:
                return path + [start]
            if target not in seen and not target.endswith("__init__"):
                seen.add(target)
                path.append(target)
                if found := visit(target):
                    return found
                path.pop()
        return None

    return visit(start)


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if not m.endswith("__main__")))
def test_no_module_imports_itself_through_others(module):
    # a package imports its own modules to hand their names on: that is not a circle of logic
    cycle = _cycle_from(module)
    if cycle and all(_under(step, module) or _under(module, step) for step in cycle):
        cycle = None
    assert cycle is None, " -> ".join(cycle or [])

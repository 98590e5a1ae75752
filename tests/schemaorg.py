"""An offline schema.org check for JSON-LD: PyLD expansion, then the vocabulary.

Expands a document with PyLD against the vendored schema.org context (a document
loader serves it; nothing is fetched), then checks each node of the expanded graph
against the vendored vocabulary (schema.org release 30.0, tests/schemas/schemaorg/):
every ``@type`` is a schema.org type, and every property exists and applies to the
node's type or one of its parents (``schema:domainIncludes``).

    problems = schemaorg_problems(json.loads(data))   # [] when valid

npm's ``@adobe/structured-data-validator`` was tried first: it downloads the
vocabulary at run time (its README fetches schemaorg-all-https.jsonld) and has
no rule set for Article, so it cannot check a NewsArticle offline.
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).resolve().parent / "schemas" / "schemaorg"
VOCAB = "http://schema.org/"


@cache
def _context() -> dict[str, Any]:
    return json.loads(gzip.decompress((FOLDER / "schemaorgcontext.jsonld.gz").read_bytes()))


@cache
def vocabulary() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(type -> parent types, property -> types it applies to), by local name."""
    graph = json.loads(gzip.decompress((FOLDER / "schemaorg-current-https.jsonld.gz").read_bytes()))["@graph"]

    def local(node: dict[str, Any]) -> str:
        return node["@id"].removeprefix("schema:")

    def refs(value: Any) -> set[str]:
        items = value if isinstance(value, list) else [value] if value else []
        return {item["@id"].removeprefix("schema:") for item in items}

    types = {local(node): refs(node.get("rdfs:subClassOf")) for node in graph
             if "rdfs:Class" in (node["@type"] if isinstance(node["@type"], list) else [node["@type"]])}
    properties = {local(node): refs(node.get("schema:domainIncludes")) for node in graph
                  if node["@type"] == "rdf:Property"}
    return types, properties


def _ancestors(name: str, types: dict[str, set[str]]) -> set[str]:
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(types.get(current, ()))
    return seen


def _loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    if "schema.org" not in url:
        raise ValueError(f"the check fetches nothing; asked for {url}")
    return {"contextUrl": None, "documentUrl": url, "document": _context()}


def expand(document: Any) -> list[dict[str, Any]]:
    """``document`` expanded by PyLD, with the vendored context and no network."""
    from pyld import jsonld

    return jsonld.expand(document, {"documentLoader": _loader})


def schemaorg_problems(document: Any) -> list[str]:
    """Every type or property of ``document`` that schema.org does not define for its node."""
    types, properties = vocabulary()
    problems: list[str] = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, f"{where}[{index}]")
            return
        if not isinstance(node, dict) or "@value" in node:
            return
        names = [value.removeprefix(VOCAB) for value in node.get("@type", [])]
        for name in names:
            if not name or name not in types:
                problems.append(f"{where}: @type {name!r} is not a schema.org type")
        allowed = set().union(*(_ancestors(name, types) for name in names)) if names else set()
        for key, value in node.items():
            if key.startswith("@"):
                continue
            if not key.startswith(VOCAB):
                problems.append(f"{where}: {key!r} is not a schema.org term")
                continue
            name = key.removeprefix(VOCAB)
            if name not in properties:
                problems.append(f"{where}: {name!r} is not a schema.org property")
            elif names and not properties[name] & allowed:
                problems.append(f"{where}: {name!r} does not apply to {'/'.join(names)}")
            walk(value, f"{where}.{name}")

    expanded = expand(document)
    if not expanded:
        problems.append("the document expands to nothing")
    walk(expanded, "$")
    return problems

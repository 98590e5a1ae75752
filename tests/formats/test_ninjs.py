"""IPTC ninjs 3.1 and 2.1: valid against IPTC's official schemas, complete, read back."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from conftest import ARTICLES, ROOT, sample_articles
from jsonschema import Draft202012Validator

from exporters import api
from exporters.checks import compare
from exporters.formats.ninjs import NinjsExporter
from exporters.testing import edition_bundle, fullest_bundle

SCHEMAS = ROOT / "tests" / "schemas" / "ninjs"


@cache
def validator(version: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"ninjs-schema_{version}.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_errors(document: dict, version: str) -> list[str]:
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message[:200]}"
            for error in validator(version).iter_errors(document)]


def render(bundle, version: str = "3.1") -> bytes:
    return api.render(bundle, "ninjs", {"version": version}).data


BUNDLES = {"fullest": fullest_bundle, "edition": edition_bundle}


@pytest.mark.parametrize("version", ["3.1", "2.1"])
@pytest.mark.parametrize("path", sample_articles(), ids=lambda path: path.name)
def test_every_sample_is_valid_ninjs_and_reads_back(path: Path, version: str):
    bundle = api.read_bundle([path])
    data = render(bundle, version)
    document = json.loads(data)
    assert schema_errors(document, version) == []
    assert document["standard"] == {"name": "ninjs", "version": version,
                                     "schema": f"http://www.iptc.org/std/ninjs/ninjs-schema_{version}.json#"}
    assert compare(bundle, NinjsExporter().inspect(data)) == []


@pytest.mark.parametrize("version", ["3.1", "2.1"])
@pytest.mark.parametrize("kind", sorted(BUNDLES))
def test_contract_bundles_are_valid_in_both_versions(kind: str, version: str):
    assert schema_errors(json.loads(render(BUNDLES[kind](), version)), version) == []


def test_the_schemas_catch_a_broken_item():
    assert schema_errors({"uri": "not a uri", "pubStatus": "gone", "headlines": [{"role": "main"}]}, "3.1")
    assert schema_errors({"uri": "urn:x:1", "firstCreated": "yesterday"}, "3.1")
    assert schema_errors({"uri": "urn:x:1", "firstCreated": "2024-05-06T07:08:00+06:00"}, "2.1")  # 2.1 spells it firstcreated


def test_every_model_field_has_its_place():
    document = json.loads(render(api.read_bundle([ARTICLES / "port-of-aktau.json"])))
    assert [(entry["role"], entry["value"][:20]) for entry in document["headlines"]] == [
        ("main", "Caspian Port Doubles"), ("sub", "A new rail spur lets"), ("kicker", "Trade")]
    assert [body["contentType"] for body in document["bodies"]] == ["text/html", "text/plain"]
    assert {entry["role"] for entry in document["descriptions"]} >= {"summary", "dateline"}
    assert any(entry["role"].startswith("notice:correction:2026-03-02") for entry in document["descriptions"])
    assert [(person["name"], person["rel"]) for person in document["people"]] == [
        ("Marat Example", "reporter"), ("Ruth Sample", "editor")]
    assert document["people"][0]["uri"] == "https://news.example.org/authors/marat-example"
    assert [(source["name"], source["role"], source["literal"]) for source in document["infoSources"]][:2] == [
        ("Reuters", "reporting", "agency"), ("AFP", "reporting", "agency")]
    assert [(org["name"], org["rel"]) for org in document["organisations"]][0] == ("Example News Desk", "publisher")
    assert document["organisations"][0]["contactInfo"] == [{"type": "logo", "value": "https://news.example.org/logo.png"}]
    assert {"name": "Business", "rel": "section"} in document["subjects"]
    assert {"name": "grain", "rel": "keyword"} in document["subjects"]
    assert document["copyrightHolder"] == "Example News Desk"
    assert document["rightsInfo"] == {"linkedRights": "https://news.example.org/terms"}
    assert (document["language"], document["pubStatus"], document["located"]) == ("en", "usable", "AKTAU")
    assert document["firstCreated"] == "2026-03-02T09:30:00+05:00"
    assert document["versionCreated"] == "2026-03-02T14:05:00+05:00"
    lead, *figures = document["associations"]
    assert (lead["name"], lead["type"]) == ("featureimage", "picture")
    assert {entry["role"] for entry in lead["descriptions"]} == {"alt", "caption"}
    assert lead["by"] == "Photo: Dana Serik for the Example News Desk"
    assert lead["renditions"][0]["href"] == "https://news.example.org/2026/03/images/harbour-cranes.png"
    assert lead["renditions"][0]["contentType"] == "image/png" and lead["renditions"][0]["sizeInBytes"] > 0
    assert [figure["name"] for figure in figures] == ["figure-1", "figure-2"]
    assert figures[0]["rightsInfo"] == {"encodedRights": "All rights reserved"}


def test_version_2_1_spells_properties_in_lower_case():
    document = json.loads(render(api.read_bundle([ARTICLES / "port-of-aktau.json"]), "2.1"))
    assert "firstcreated" in document and "firstCreated" not in document
    assert document["bodies"][0]["contenttype"] == "text/html"
    assert all("rel" not in association for association in document["associations"])


def test_an_edition_is_a_composite_of_its_articles():
    bundle = edition_bundle()
    document = json.loads(render(bundle))
    assert document["type"] == "composite" and document["headlines"][0]["value"] == "Contract Edition"
    assert [child["language"] for child in document["associations"]] == ["en", "kk", "fa"]
    assert compare(bundle, NinjsExporter().inspect(render(bundle))) == []


def test_an_unknown_version_is_a_usage_error():
    from exporters.errors import UsageError

    with pytest.raises(UsageError, match="-O ninjs.version=9: expected one of 2.1, 3.1"):
        api.make_exporter("ninjs", {"version": "9"})


def test_markup_in_the_text_stays_text():
    import msgspec

    bundle = fullest_bundle()
    hostile = msgspec.structs.replace(bundle.lead, headline="</script><script>alert(1)</script>")
    data = render(type(bundle).of(hostile))
    assert b"<script" not in data.lower()
    assert json.loads(data)["headlines"][0]["value"] == hostile.headline

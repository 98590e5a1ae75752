"""The lazy registry: built-ins by name without imports, plugins by entry point, broken plugins reported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import ARTICLES, ROOT
from exporters import registry
from exporters.errors import UsageError


def test_aliases_and_lists():
    assert registry.info("text").name == "txt"
    assert registry.info("EML").name == "email"
    assert registry.resolve(["txt,epub", "text", "pdf"]) == ["txt", "epub", "pdf"]
    feed_only = ["jsonfeed", "news-sitemap"]  # the feed command adds them; export makes them when named
    assert registry.resolve(["all"]) == [name for name in registry.names() if name not in feed_only]
    assert registry.resolve(["all", *feed_only]) == registry.names()
    assert registry.named(["all", "pdf"]) == {"pdf"}
    assert registry.for_suffix(".docx").name == "docx"
    with pytest.raises(UsageError, match="choose from: txt, epub"):
        registry.info("odt")


def make_plugin(folder: Path, entry_points: str, module: str) -> dict[str, str]:
    """A minimal installed distribution on a private path: a module and its entry points."""
    (folder / "house_plugin.py").write_text(textwrap.dedent(module), encoding="utf-8")
    info = folder / "house_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: house-plugin\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(textwrap.dedent(entry_points), encoding="utf-8")
    return {**os.environ, "PYTHONPATH": f"{folder}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}


PLUGIN = '''
from exporters.formats.base import Exporter, Inspection
from exporters.checks.findings import Finding

class ShoutExporter(Exporter):
    name = "shout"
    suffix = ".shout"
    media_type = "text/plain"
    description = "Headlines in capitals"

    def render(self, bundle):
        return self.artifact("\\n".join(a.headline.upper() for a in bundle.articles).encode())

    def inspect(self, data):
        return Inspection(format=self.name, text=data.decode())

def house_style(bundle, inspection):
    return [Finding("H001", "warning", "house style: headline ends with a full stop", article=a.id)
            for a in bundle.articles if a.headline.endswith(".")]
house_style.stage = "model"

raise_on_import = None
'''


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "exporters", *args], capture_output=True, text=True, env=env, cwd=ROOT)


def test_plugin_format_and_broken_plugin(tmp_path):
    env = make_plugin(tmp_path, """
        [exporters.formats]
        shout = house_plugin:ShoutExporter
        broken = house_plugin:DoesNotExist
        pdf = house_plugin:ShoutExporter

        [exporters.checks]
        house-style = house_plugin:house_style
        """, PLUGIN)
    listed = run(env, "formats", "--json")
    assert listed.returncode == 0, listed.stderr
    report = json.loads(listed.stdout)
    shout = next(row for row in report["formats"] if row["name"] == "shout")
    assert shout["origin"] == "house-plugin" and shout["suffix"] == ".shout"
    assert next(row for row in report["formats"] if row["name"] == "pdf")["origin"] == "built-in"
    assert "house-plugin" in report["broken_plugins"]["broken"]
    assert "override:pdf" in report["broken_plugins"]["pdf"]
    out = tmp_path / "out"
    exported = run(env, "export", str(ARTICLES / "port-of-aktau.json"), "--format", "shout,txt", "-o", str(out))
    # The plugin drops every credit, and the read-back checks say so: exit 1, files still written.
    assert exported.returncode == 1 and "error A206 [newsroom-sample-2026-aktau-port] shout" in exported.stderr
    assert "error A206 [newsroom-sample-2026-aktau-port] txt" not in exported.stderr
    assert (out / "port-of-aktau.shout").read_text() == "CASPIAN PORT DOUBLES GRAIN SHIPMENTS AS RAIL LINK OPENS"
    assert (out / "port-of-aktau.txt").is_file()
    broken = run(env, "export", str(ARTICLES / "port-of-aktau.json"), "--format", "broken", "-o", str(out))
    assert broken.returncode == 2 and "house-plugin" in broken.stderr and "Traceback" not in broken.stderr


def test_a_check_plugin_that_cannot_load_is_reported_and_the_others_still_run(tmp_path):
    env = make_plugin(tmp_path, """
        [exporters.checks]
        house-style = house_plugin:house_style
        missing = house_plugin:no_such_check
        stageless = house_plugin:raise_on_import
        """, PLUGIN)
    listed = run(env, "formats", "--json")
    assert listed.returncode == 0, listed.stderr
    broken = json.loads(listed.stdout)["broken_checks"]
    assert sorted(broken) == ["missing", "stageless"]
    assert broken["missing"].startswith("house-plugin: AttributeError") and "stage" in broken["stageless"]
    text = run(env, "formats")
    assert "check missing not loaded: house-plugin" in text.stderr and "Traceback" not in text.stderr
    # the check that loads still runs (it warns about a headline ending with a full stop)
    source = tmp_path / "story.json"
    source.write_text(json.dumps({"id": "dot", "language": "en", "headline": "A headline that ends.",
                                  "published": "2026-05-08T09:00:00+00:00", "publisher": {"name": "Desk"},
                                  "body": [{"type": "paragraph", "content": ["Text."]}]}), encoding="utf-8")
    exported = run(env, "export", str(source), "--format", "txt", "-o", str(tmp_path / "out"))
    assert "H001" in exported.stderr


def test_plugin_may_override_a_builtin_when_it_says_so(tmp_path):
    env = make_plugin(tmp_path, """
        [exporters.formats]
        override:txt = house_plugin:ShoutExporter
        """, PLUGIN.replace('name = "shout"', 'name = "txt"').replace('suffix = ".shout"', 'suffix = ".txt"'))
    report = json.loads(run(env, "formats", "--json").stdout)
    assert next(row for row in report["formats"] if row["name"] == "txt")["origin"] == "house-plugin"


def test_plugin_check_runs_in_the_model_stage(tmp_path):
    env = make_plugin(tmp_path, """
        [exporters.checks]
        house-style = house_plugin:house_style
        """, PLUGIN)
    article = json.loads((ARTICLES / "port-of-aktau.json").read_text(encoding="utf-8"))
    article["headline"] += "."
    article.pop("lead_image")
    article["body"] = [block for block in article["body"] if block["type"] != "figure"]
    source = tmp_path / "story.json"
    source.write_text(json.dumps(article), encoding="utf-8")
    result = run(env, "export", str(source), "--format", "txt", "-o", str(tmp_path / "out"))
    assert result.returncode == 0 and "warning H001" in result.stderr

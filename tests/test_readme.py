"""The README stays true: its check table is the catalogue, its first commands are the real ones."""

import re

from conftest import ROOT
from exporters.checks.rules import RULES

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_rule_is_documented_with_its_severity():
    rows = dict(re.findall(r"^\| ([AM]\d{3}) \| [^|]+ \| (\w+) \|", README, flags=re.M))
    assert rows == {code: rule.severity for code, rule in RULES.items()}


def test_readme_opens_with_the_two_commands():
    block = README.split("```sh\n", 1)[1].split("```", 1)[0].strip().splitlines()
    assert len(block) == 2
    assert "exporters export samples/articles" in block[0] and "pip install" in block[0]
    assert block[1] == "./scripts/test"
    assert "./scripts/test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


# -- every command the README and --help show, run ------------------------------------------------

import os  # noqa: E402
import shlex  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

import pytest  # noqa: E402

#: Commands the README names in prose without their arguments: they must fail as usage errors.
_BARE = {"exporters check": 2, "exporters export": 2, "exporters newsletter": 2, "exporters import": 2,
         "exporters export story.json": 2}
#: A command for a Dask cluster runs end to end, against a real cluster started as the README says,
#: in tests/jobs/test_dask_cluster.py; here it would need the cluster's machines.
_ON_A_CLUSTER = "--engine dask"
#: A word in capitals is a placeholder of a synopsis (INPUT, FILE, FORMAT), not a command to run.
_PLACEHOLDER = re.compile(r"\b[A-Z]{3,}\b|\.\.\.")


def readme_commands() -> list[str]:
    """Every ``exporters`` command line of the README: in shell blocks and in inline code."""
    blocks = re.findall(r"```(\w*)\n(.*?)```", README, flags=re.S)
    commands = []
    for _, block in blocks:
        for line in block.splitlines():
            line = line.split("  #", 1)[0].strip()
            if ".venv/bin/exporters " in line:
                line = "exporters " + line.split(".venv/bin/exporters ", 1)[1]
            if line.startswith("exporters ") and not _PLACEHOLDER.search(line):
                commands.append(line)
    prose = re.sub(r"```.*?```", "", README, flags=re.S)
    for span in re.findall(r"(?<!`)`(exporters [^`]*)`", prose):  # a span that opens on a command
        text = " ".join(span.split())
        if not _PLACEHOLDER.search(text):
            commands.append(text)
    return list(dict.fromkeys(commands))


def help_commands() -> list[str]:
    """Every example line of every command's ``--help``."""
    from exporters.cli import build_parser

    parser = build_parser()
    commands = []
    for name, sub in parser._subparsers._group_actions[0].choices.items():  # argparse keeps them only there
        for line in (sub.epilog or "").splitlines():
            if line.startswith("  exporters "):
                commands.append(re.split(r"\s{2,}", line.strip())[0])
    return commands


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    """A folder holding the samples and the files the examples name (story.json, page.txt, ...)."""
    root = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "samples", root / "samples")
    articles = root / "samples" / "articles"
    shutil.copy(articles / "port-of-aktau.json", root / "story.json")
    shutil.copy(articles / "md-sample.md", root / "story.md")
    shutil.copy(articles / "000_1c0508d7c4252433.txt", root / "page.txt")
    shutil.copytree(articles / "images", root / "images")
    (root / "stories").mkdir()
    for path in articles.glob("*.json"):
        shutil.copy(path, root / "stories" / path.name)
    shutil.copytree(articles / "images", root / "stories" / "images")
    return root


def run_shown(command: str, cwd) -> subprocess.CompletedProcess:
    words = shlex.split(command)
    target = None
    if ">" in words:
        words, target = words[: words.index(">")], words[words.index(">") + 1]
    result = subprocess.run([sys.executable, "-m", "exporters", *words[1:]], cwd=cwd, capture_output=True,
                            env={**os.environ, "COLUMNS": "100"}, timeout=600)
    if target:
        (cwd / target).write_bytes(result.stdout)
    return result


def test_the_readme_and_help_show_commands():
    shown = readme_commands()
    assert "exporters export samples/articles --format all -o out/" in shown
    assert "exporters formats --print-default-file pdf/style.yaml > house.yaml" in shown
    assert len(help_commands()) >= 10


@pytest.mark.parametrize("command", [c for c in readme_commands() + help_commands() if _ON_A_CLUSTER not in c])
def test_every_command_shown_runs(sandbox, command):
    result = run_shown(command, sandbox)
    stderr = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    assert result.returncode == _BARE.get(command, 0), stderr


def test_the_readme_error_example_is_the_real_error():
    [example] = re.findall(r"``(exporters: samples/broken/[^`]+`[^`]+`) ``", README)
    result = subprocess.run([sys.executable, "-m", "exporters", "export", "samples/broken/no-headline.json",
                             "--format", "txt", "-o", "-"], cwd=ROOT, capture_output=True, text=True)
    assert result.stderr.strip() == example

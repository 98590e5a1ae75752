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

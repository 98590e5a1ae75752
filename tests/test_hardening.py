"""Hostile and broken inputs: limits, refusals, remote media, status gating, crash-safe writes.

What this file shows, each through the real command where a user would meet it:

- every file in samples/broken/ (and samples/broken/assets/, the cases that need an
  image to fail) exits 2 with one line naming the file and the place;
- the large cases (a 10 MB body, 50,000 paragraphs, HTML nested 10,000 deep, ...) are
  generated here, never committed, and are refused by the limits in exporters.limits;
- every article in samples/hostile/ exports in every format, shows its hostile text
  as text, and no output holds anything active (see :func:`active_content`, which
  test_properties.py also runs over generated articles);
- remote images: refused without --allow-remote-media, from other hosts, over http,
  through redirects elsewhere, beyond the size and time limits; fetched from a
  local TLS server when allowed;
- embargoed, expired and withheld articles exit 1 with M110, M111, M112 unless --force;
- a process killed while writing leaves no output and no temporary file.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from datetime import datetime, timedelta, timezone
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from conftest import ARTICLES, BROKEN, ROOT, SAMPLES, require
from lxml import etree
from lxml import html as lxml_html

from exporters import limits, registry
from exporters.errors import InputError, ResourceError
from exporters.readers import read_article
from exporters.text import normalize


# -- active content in an output ---------------------------------------------------------------

ACTIVE_ELEMENTS = frozenset({"script", "iframe", "frame", "frameset", "object", "embed", "applet", "portal", "base"})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "data", "poster", "background", "cite", "srcset",
                            "longdesc", "lowsrc", "dynsrc", "codebase", "manifest", "ping", "xmlns:xlink"})
FETCHING = frozenset({"src", "srcset", "poster", "background", "data", "lowsrc", "dynsrc", "codebase"})
SAFE_LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel", "cid"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_CSS_REMOTE = re.compile(r"@import|url\(\s*['\"]?\s*(?:https?:)?//|expression\s*\(|javascript:|behavior\s*:", re.I)


def scheme(url: str) -> str:
    """The scheme a browser would see (leading controls and spaces, tabs and line breaks ignored)."""
    cleaned = re.sub(r"[\t\n\r]", "", url.strip(" \x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13"
                                                   "\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f")).lower()
    match = _SCHEME.match(cleaned)
    return match[1] if match else ""


def markup_problems(root, where: str, fetch_ok: bool = False, html: bool = True) -> list[str]:
    """Problems in a parsed (X)HTML or XML tree.

    ``fetch_ok``: images may come from the network (a feed can only point at them);
    ``html``: the tree is (X)HTML, so ``<link>`` and ``<meta>`` have their HTML meaning.
    """
    problems: list[str] = []
    for node in root.iter():
        if isinstance(node, etree._ProcessingInstruction):
            if "href" in (node.text or "") and "//" in (node.text or ""):
                problems.append(f"{where}: processing instruction fetches {node.text[:60]!r}")
            continue
        if not isinstance(node.tag, str):
            continue
        name = etree.QName(node).localname.lower()
        if name in ACTIVE_ELEMENTS:
            problems.append(f"{where}: <{name}> element")
        if html and name == "meta" and (node.get("http-equiv") or "").lower() == "refresh":
            problems.append(f"{where}: <meta http-equiv=refresh>")
        if html and name == "link" and "//" in (node.get("href") or "") and (node.get("rel") or "").lower() not in ("canonical", "alternate"):
            problems.append(f"{where}: <link> fetches {node.get('href')[:60]!r}")
        if name == "style" and _CSS_REMOTE.search(node.text or ""):
            problems.append(f"{where}: <style> fetches or runs something")
        for attribute, value in node.attrib.items():
            local = etree.QName(attribute).localname.lower()
            if local.startswith("on"):
                problems.append(f"{where}: event handler {local}= on <{name}>")
            if local == "style" and _CSS_REMOTE.search(value):
                problems.append(f"{where}: style attribute on <{name}> fetches or runs something")
            if local in URL_ATTRIBUTES or local == "href":
                kind = scheme(value)
                if kind in ("javascript", "vbscript", "livescript") or (kind == "data" and local != "src"):
                    problems.append(f"{where}: {kind}: URL in {local}= of <{name}>")
                if kind == "data" and local == "src" and not value.strip().lower().startswith("data:image/"):
                    problems.append(f"{where}: non-image data: URL in src= of <{name}>")
                if not fetch_ok and local in FETCHING and (kind in ("http", "https") or value.strip().startswith("//")):
                    problems.append(f"{where}: <{name} {local}=...> fetches {value[:60]!r} from the network")
                if name == "a" and local == "href" and kind and kind not in SAFE_LINK_SCHEMES:
                    problems.append(f"{where}: link with scheme {kind}:")
    return problems


def html_problems(markup: str, where: str, fetch_ok: bool = False) -> list[str]:
    if not markup.strip():
        return []
    try:
        fragments = lxml_html.fragments_fromstring(markup)
    except (etree.ParserError, ValueError):
        return []
    problems = []
    for fragment in fragments:
        if isinstance(fragment, str):
            continue
        problems.extend(markup_problems(fragment, where, fetch_ok))
    return problems


def xml_tree(data: bytes, where: str):
    """A parsed XML part: well formed, no entity expansion, no network (raises XMLSyntaxError otherwise)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    return etree.fromstring(data, parser)


def epub_problems(data: bytes) -> list[str]:
    problems = []
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        for name in book.namelist():
            content = book.read(name)
            lower = name.lower()
            if lower.endswith((".js", ".mjs")):
                problems.append(f"{name}: a script file")
            if lower.endswith(".css") and _CSS_REMOTE.search(content.decode("utf-8", "replace")):
                problems.append(f"{name}: stylesheet fetches or runs something")
            if lower.endswith((".xhtml", ".html", ".htm", ".opf", ".ncx", ".svg", ".xml", ".smil")):
                root = xml_tree(content, name)
                problems.extend(markup_problems(root, name))
                if lower.endswith(".opf"):
                    for item in root.iter("{*}item"):
                        properties = (item.get("properties") or "").split()
                        if "scripted" in properties or "remote-resources" in properties:
                            problems.append(f"{name}: manifest item {item.get('href')} is {properties}")
                        if "javascript" in (item.get("media-type") or ""):
                            problems.append(f"{name}: manifest lists a script")
                        if "//" in (item.get("href") or ""):
                            problems.append(f"{name}: manifest item fetched from {item.get('href')}")
    return problems


_DOCX_FIELDS = re.compile(r"\b(?:DDE|DDEAUTO|INCLUDEPICTURE|INCLUDETEXT|IMPORT|LINK|MACROBUTTON)\b")


def docx_problems(data: bytes) -> list[str]:
    problems = []
    with zipfile.ZipFile(io.BytesIO(data)) as document:
        for name in document.namelist():
            lower = name.lower()
            content = document.read(name)
            if lower.endswith(".bin") or "vba" in lower or "activex" in lower:
                problems.append(f"{name}: macro or ActiveX part")
            if lower.endswith(".rels"):
                root = xml_tree(content, name)
                for relation in root.iter("{*}Relationship"):
                    kind = (relation.get("Type") or "").rsplit("/", 1)[-1]
                    target = relation.get("Target") or ""
                    if kind in ("aFChunk", "oleObject", "package", "control", "attachedTemplate", "frame", "subDocument"):
                        problems.append(f"{name}: relationship of type {kind}")
                    if relation.get("TargetMode") == "External":
                        if kind != "hyperlink":
                            problems.append(f"{name}: external {kind} fetched from {target[:60]!r}")
                        elif scheme(target) not in SAFE_LINK_SCHEMES:
                            problems.append(f"{name}: hyperlink with scheme {scheme(target) or 'none'}: {target[:60]!r}")
            elif lower.endswith(".xml"):
                root = xml_tree(content, name)
                for node in root.iter("{*}instrText", "{*}fldSimple"):
                    code = node.text if etree.QName(node).localname == "instrText" else node.get(
                        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}instr", "")
                    if code and _DOCX_FIELDS.search(code):
                        problems.append(f"{name}: field code {code.strip()[:60]!r}")
                if "macroEnabled" in content.decode("utf-8", "replace") and "[Content_Types]" in name:
                    problems.append(f"{name}: macro-enabled content type")
    return problems


def pdf_problems(data: bytes) -> list[str]:
    import pikepdf

    problems = []
    risky = {"/JavaScript", "/JS", "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE", "/RichMedia",
             "/EmbeddedFile", "/EmbeddedFiles", "/AA", "/XFA", "/Sound", "/Movie", "/Rendition"}
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) or isinstance(obj, pikepdf.Stream):
                dictionary = obj if isinstance(obj, pikepdf.Dictionary) else obj.stream_dict
                for key in dictionary.keys():
                    if key in risky:
                        problems.append(f"PDF object holds {key}")
                action = dictionary.get("/S")
                if action is not None and str(action) in risky:
                    problems.append(f"PDF action {action}")
                if action is not None and str(action) == "/URI":
                    uri = str(dictionary.get("/URI", ""))
                    if scheme(uri) not in SAFE_LINK_SCHEMES:
                        problems.append(f"PDF link to {uri[:60]!r}")
        if "/OpenAction" in pdf.Root:
            target = pdf.Root.OpenAction
            if isinstance(target, pikepdf.Dictionary) and str(target.get("/S", "")) != "/GoTo":
                problems.append(f"PDF OpenAction {target.get('/S')}")
        if "/Names" in pdf.Root and "/JavaScript" in pdf.Root.Names:
            problems.append("PDF document-level JavaScript")
    return problems


_HTML_TYPED = ("html", "text/html")


def feed_problems(data: bytes) -> list[str]:
    """RSS ``description`` and ``content:encoded`` hold HTML; Atom and Media RSS say so with ``type``.

    Feeds may point at images on the network (they cannot hold them); nothing else may fetch.
    """
    root = xml_tree(data, "feed")
    problems = markup_problems(root, "feed", fetch_ok=True, html=False)
    rss = etree.QName(root).localname == "rss"
    for node in root.iter():
        if not isinstance(node.tag, str) or not node.text or "<" not in node.text:
            continue
        name = etree.QName(node).localname
        typed = node.get("type")
        if (typed or "").lower() in _HTML_TYPED or (rss and typed is None and name in ("description", "encoded")):
            problems.extend(html_problems(node.text, f"feed <{name}> HTML", fetch_ok=True))
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        for attribute in ("href", "url", "src"):
            value = node.get(attribute)
            if value and scheme(value) and scheme(value) not in SAFE_LINK_SCHEMES:
                problems.append(f"feed: <{etree.QName(node).localname} {attribute}={value[:60]!r}>")
    return problems


def email_problems(data: bytes) -> list[str]:
    message = email.message_from_bytes(data, policy=email.policy.default)
    problems = []
    names = [name.lower() for name in message.keys()]
    for unexpected in ("bcc", "cc", "reply-to", "x-injected"):
        if unexpected in names:
            problems.append(f"e-mail header {unexpected} appears (a header injected from the text?)")
    if names.count("subject") != 1:
        problems.append(f"e-mail has {names.count('subject')} Subject headers")
    for part in message.walk():
        kind = part.get_content_type()
        if kind == "text/html":
            problems.extend(html_problems(part.get_content(), "e-mail HTML"))
        elif kind in ("application/javascript", "text/javascript", "application/x-msdownload"):
            problems.append(f"e-mail carries {kind}")
    return problems


def page_problems(data: bytes) -> list[str]:
    """A web page, parsed as a browser parses it (html5lib): nothing active, nothing fetched,
    and no script but one ``application/ld+json`` data block that is whole JSON."""
    import html5lib

    root = html5lib.parse(data, treebuilder="lxml", namespaceHTMLElements=False).getroot()
    problems = []
    scripts = list(root.iter("script"))
    for script in scripts:
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            problems.append(f"html: <script type={script.get('type')!r}>")
            continue
        try:
            json.loads(script.text or "")
        except ValueError as error:  # the data ended early: something in it closed the element
            problems.append(f"html: the JSON-LD block is not whole JSON: {error}")
        script.getparent().remove(script)
    if len(scripts) > 1:
        problems.append(f"html: {len(scripts)} script elements")
    return problems + markup_problems(root, "html")


def text_problems(data: bytes) -> list[str]:
    """Plain text runs nothing; it must only be UTF-8."""
    data.decode("utf-8")
    return []


#: Keys of the JSON formats whose values are HTML (JSON Feed, ninjs 1.x) and whose values are links.
JSON_HTML_KEYS = frozenset({"content_html", "body_html", "description_html"})
JSON_URL_KEYS = frozenset({"url", "href", "contentUrl", "@id", "uri", "external_url", "image", "banner_image", "icon",
                           "favicon", "avatar", "feed_url", "home_page_url", "linkedRights", "next_url"})


def json_problems(data: bytes) -> list[str]:
    """A JSON output (ninjs, JSON-LD, JSON Feed): UTF-8 JSON whose bytes hold no ``<script``;
    every value the format declares as HTML (``content_html``, a ninjs body of type ``text/html``)
    is read as HTML (images may point at the network, nothing else may fetch or run); no link
    is a ``javascript:``, ``vbscript:`` or ``data:`` URL. Other strings are text, not markup."""
    problems = [] if b"<script" not in data.lower() else ["JSON: '<script' in the bytes"]

    def walk(value, where: str, key: str = "", html: bool = False) -> None:
        if isinstance(value, dict):
            typed_html = value.get("contentType", value.get("contenttype")) == "text/html"
            for name, item in value.items():
                walk(item, f"{where}.{name}", name, typed_html and name == "value")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{where}[{index}]", key)
        elif isinstance(value, str):
            if html or key in JSON_HTML_KEYS:
                problems.extend(html_problems(value, f"JSON {where}", fetch_ok=True))
            if key in JSON_URL_KEYS and scheme(value) in ("javascript", "vbscript", "livescript", "data"):
                problems.append(f"JSON {where}: {scheme(value)}: URL")

    walk(json.loads(data.decode("utf-8")), "$")
    return problems


SCANNERS = {"jsonld": json_problems, "ninjs": json_problems, "jsonfeed": json_problems, "news-sitemap": feed_problems, "epub": epub_problems, "docx": docx_problems, "pdf": pdf_problems, "rss": feed_problems,
            "atom": feed_problems, "email": email_problems, "txt": text_problems, "html": page_problems}


def active_content(format_name: str, data: bytes) -> list[str]:
    """Everything active in ``data`` (an output of ``format_name``), as readable lines; ``[]`` when inert.

    A format this scanner does not know is read as text and must hold no ``<script``.
    """
    scanner = SCANNERS.get(format_name)
    if scanner is None:
        text = data.decode("utf-8", "replace").lower()
        return [f"{format_name}: '<script' in the output"] if "<script" in text else []
    return scanner(data)




# -- running the command ----------------------------------------------------------------------

HOSTILE = SAMPLES / "hostile"
ASSETS = BROKEN / "assets"
FULL = ARTICLES / "port-of-aktau.json"


def run(*args: object, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """The real command: ``python -m exporters ARGS``."""
    return subprocess.run([sys.executable, "-m", "exporters", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=timeout)


def one_line(result: subprocess.CompletedProcess) -> str:
    """The single line on standard error (no traceback, no warning)."""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def table(path: Path) -> list[tuple[str, str]]:
    rows = [line.split("\t", 1) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return [(name, expected) for name, expected in rows]


def write_article(folder: Path, name: str = "story.json", **fields: object) -> Path:
    """A complete canonical article (checks pass) with ``fields`` changed."""
    data = {"id": "hardening-story", "language": "en", "headline": "Harbour Reopens After Storm",
            "url": "https://news.example.org/2026/04/harbour", "authors": [{"name": "Dana Example"}],
            "publisher": {"name": "Example Desk"}, "rights": {"holder": "Example Desk"},
            "published": "2026-04-01T09:00:00+05:00",
            "body": [{"type": "paragraph", "content": ["The harbour reopened on Monday after the storm."]}]}
    data.update(fields)
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def png(size: tuple[int, int] = (8, 6)) -> bytes:
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", size, (30, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


# -- broken inputs: committed, with images, and generated large ones ---------------------------


def test_at_least_forty_broken_cases_each_with_its_error():
    committed = table(BROKEN / "expected-errors.tsv") + table(ASSETS / "expected-errors.tsv")
    assert len(committed) >= 40
    for name, expected in table(BROKEN / "expected-errors.tsv"):
        assert (BROKEN / name).is_file() and expected.strip(), name
    for name, _ in table(ASSETS / "expected-errors.tsv"):
        assert (ASSETS / name).is_file(), name
    assert not [path for path in BROKEN.rglob("*") if path.is_file() and path.stat().st_size > 512 * 1024], \
        "large cases are generated, not committed"


@pytest.mark.parametrize("name, expected", table(ASSETS / "expected-errors.tsv"))
def test_broken_images_fail_with_one_line(tmp_path, name, expected):
    result = run("export", ASSETS / name, "--format", "txt", "-o", tmp_path)
    assert result.returncode == 2, result.stderr
    line = one_line(result)
    assert name in line and expected in line
    assert not any(tmp_path.iterdir())


def _large_cases():
    import importlib.util

    spec = importlib.util.spec_from_file_location("generate_large", BROKEN / "large" / "generate_large.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LARGE = _large_cases()


@pytest.mark.parametrize("case", sorted(LARGE.CASES))
def test_large_input_is_refused_by_a_documented_limit(tmp_path, case):
    source = tmp_path / "in"
    source.mkdir()
    path, expected = LARGE.write_case(case, source)
    result = run("export", path, "--format", "txt", "-o", tmp_path / "out")
    assert result.returncode == 2, result.stderr
    line = one_line(result)
    assert path.name in line and expected in line
    assert "exporters.limits." in line
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_every_limit_is_documented():
    import inspect

    source = inspect.getsource(limits)
    for name in limits.__all__:
        if name.isupper() and name.startswith(("MAX_", "REMOTE_")):
            assert "#: " in source.split(f"\n{name} =")[0].rsplit("\n\n", 1)[-1], f"{name} has no #: comment"
    assert limits.MAX_INPUT_BYTES == 8 * 1024 * 1024 and limits.MAX_BLOCKS == 20_000
    assert limits.MAX_HTML_DEPTH < 256, "libxml2 drops content deeper than 256 levels"


def test_a_long_real_article_still_exports(tmp_path):
    """2,000 paragraphs and a 60,000-character paragraph: far beyond real news, well within the limits."""
    body = [{"type": "paragraph", "content": [f"Paragraph {n} of a very long investigation, with some detail."]}
            for n in range(2_000)] + [{"type": "paragraph", "content": ["word " * 12_000]}]
    path = write_article(tmp_path, body=body)
    result = run("export", path, "--format", "txt,epub", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "out" / "story.txt").read_text(encoding="utf-8")
    assert "Paragraph 1999 of a very long investigation" in text


# -- the readers' refusals and repairs ---------------------------------------------------------


@pytest.mark.parametrize("href, scheme_seen", [
    ("javascript:alert(1)", "javascript"), ("  JaVaScRiPt:alert(1)", "javascript"), ("\x01javascript:x", "javascript"),
    ("data:text/html,x", "data"), ("vbscript:x", "vbscript"), ("file:///etc/passwd", "file"), ("feed:https://x", "feed"),
])
def test_dangerous_link_schemes_are_refused_in_canonical_input(tmp_path, href, scheme_seen):
    body = [{"type": "paragraph", "content": [{"type": "link", "href": href, "content": ["the report"]}]}]
    path = write_article(tmp_path, body=body)
    with pytest.raises(InputError) as error:
        read_article(path)
    assert "$.body[0].content[0].href" in str(error.value)
    assert scheme_seen in str(error.value) or "control character" in str(error.value)


@pytest.mark.parametrize("href", ["https://example.org/a?b=<c>&d=\"e\"", "mailto:desk@example.org", "tel:+77270000000",
                                  "/relative/link", "#anchor", "http://example.org/"])
def test_ordinary_links_pass(tmp_path, href):
    body = [{"type": "paragraph", "content": [{"type": "link", "href": href, "content": ["the report"]}]}]
    assert read_article(write_article(tmp_path, body=body)).article.body


def test_html_and_markdown_keep_the_words_of_a_script_link(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html lang=en><body><article><h1>Library Reopens</h1><p>Read the "
                    "<a href='javascript:alert(1)'>opening programme</a> at the desk, the librarian said on Tuesday.</p>"
                    "<p>The reading room holds twelve thousand books and forty desks, the librarian said.</p>"
                    "</article></body></html>", encoding="utf-8")
    markdown = tmp_path / "story.md"
    markdown.write_text("---\nid: s\nlanguage: en\nheadline: H\n---\nRead the [programme](javascript:alert(1)) now.\n",
                        encoding="utf-8")
    from exporters.body import Link, block_text

    for path, words in ((page, "Read the opening programme at the desk"), (markdown, "Read the programme now.")):
        article = read_article(path).article
        assert any(words in text for block in article.body for text in block_text(block))
        assert not [node for block in article.body for node in getattr(block, "content", ()) if isinstance(node, Link)]


def test_html_words_after_an_untrusted_image_are_kept(tmp_path):
    """trafilatura puts the words after an <img src=x> inside its graphic; they used to be lost."""
    page = tmp_path / "page.html"
    page.write_text("<html lang=en><body><article><h1>T</h1><p>The council reopened the riverside library on Tuesday "
                    "after two years.</p><p>An image <img src=x onerror=alert(1)> was removed from the page, staff said."
                    "</p><p>The library opens daily from nine in the morning until seven in the evening.</p></article>"
                    "</body></html>", encoding="utf-8")
    from exporters.body import block_text

    texts = [text for block in read_article(page).article.body for text in block_text(block)]
    assert "An image was removed from the page, staff said." in texts


@pytest.mark.parametrize("depth", [3, 12, 39])
def test_markdown_nested_lists_keep_their_deepest_item(tmp_path, depth):
    """markdown-it's commonmark preset silently dropped what was nested more than 20 levels."""
    path = tmp_path / "nested.md"
    path.write_text("---\nid: n\nlanguage: en\nheadline: H\n---\n" + "".join("  " * level + f"- item {level}\n"
                    for level in range(depth)), encoding="utf-8")
    from exporters.body import block_text

    texts = [text for block in read_article(path).article.body for text in block_text(block)]
    assert f"item {depth - 1}" in texts


@pytest.mark.parametrize("where", ["sidecar", "front matter", "meta"])
def test_yaml_aliases_are_refused_everywhere(tmp_path, where):
    bomb = "&a [x, x, x, x, x, x, x, x, x]"
    if where == "sidecar":
        path = tmp_path / "page.txt"
        path.write_text("A Headline\n\nA paragraph of the story, long enough to read.\n", encoding="utf-8")
        (tmp_path / "page.meta.yaml").write_text(f"keywords: {bomb}\nsummary: [*a, *a]\n", encoding="utf-8")
        result = run("export", path, "--format", "txt", "-o", tmp_path / "out")
    elif where == "front matter":
        path = tmp_path / "story.md"
        path.write_text(f"---\nid: s\nlanguage: en\nheadline: H\nkeywords: {bomb}\nsection: *a\n---\nText.\n", encoding="utf-8")
        result = run("export", path, "--format", "txt", "-o", tmp_path / "out")
    else:  # a --meta value that is not plain YAML is taken as written: the alias is never expanded
        from exporters.readers.meta import parse_meta_options

        assert parse_meta_options([f"keywords=[{bomb}, *a]"]) == {"keywords": f"[{bomb}, *a]"}
        return
    assert result.returncode == 2
    assert "YAML aliases (*name) are not accepted" in one_line(result)


def test_an_input_that_is_a_pipe_is_refused_without_reading(tmp_path):
    pipe = tmp_path / "story.json"
    os.mkfifo(pipe)
    result = run("export", pipe, "--format", "txt", "-o", tmp_path / "out", timeout=60)
    assert result.returncode == 2
    assert "not a regular file" in one_line(result)


# -- image paths stay inside the article's folder ----------------------------------------------


def _article_with_image(folder: Path, src: str) -> Path:
    image = {"src": src, "alt": "A photo", "caption": "A caption.", "credit": "Photo: A. Example"}
    return write_article(folder, lead_image=image)


def test_a_symbolic_link_out_of_the_folder_is_refused(tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(png())
    folder = tmp_path / "story"
    (folder / "images").mkdir(parents=True)
    (folder / "images" / "photo.png").symlink_to(secret)
    result = run("export", _article_with_image(folder, "images/photo.png"), "--format", "txt", "-o", tmp_path / "out")
    assert result.returncode == 2
    line = one_line(result)
    assert "$.lead_image.src" in line and "symbolic link" in line


def test_a_symbolic_link_to_a_folder_outside_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "photo.png").write_bytes(png())
    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "images").symlink_to(outside, target_is_directory=True)
    result = run("export", _article_with_image(folder, "images/photo.png"), "--format", "txt", "-o", tmp_path / "out")
    assert result.returncode == 2 and "symbolic link" in one_line(result)


def test_a_symbolic_link_loop_is_one_line(tmp_path):
    (tmp_path / "a.png").symlink_to(tmp_path / "b.png")
    (tmp_path / "b.png").symlink_to(tmp_path / "a.png")
    result = run("export", _article_with_image(tmp_path, "a.png"), "--format", "txt", "-o", tmp_path / "out")
    assert result.returncode == 2
    assert "$.lead_image.src" in one_line(result)


def test_a_symbolic_link_inside_the_folder_is_fine(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "real.png").write_bytes(png())
    (tmp_path / "photo.png").symlink_to(tmp_path / "images" / "real.png")
    result = run("export", _article_with_image(tmp_path, "photo.png"), "--format", "epub", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "out" / "story.epub") as book:
        assert any(book.read(name) == png() for name in book.namelist())


def test_an_image_that_is_a_pipe_is_refused_without_reading(tmp_path):
    os.mkfifo(tmp_path / "photo.png")
    result = run("export", _article_with_image(tmp_path, "photo.png"), "--format", "txt", "-o", tmp_path / "out",
                 timeout=60)
    assert result.returncode == 2 and "not a regular file" in one_line(result)


def test_resources_refuse_escapes_even_for_articles_built_in_code(tmp_path):
    """The api checks again what the readers check, for bundles that never went through a reader."""
    from exporters.media import Image
    from exporters.model import Article
    from exporters.resources import load_resources

    (tmp_path / "photo.png").write_bytes(png())
    origin = tmp_path / "folder" / "story.json"
    origin.parent.mkdir()
    for src, message in (("../photo.png", "climbs out"), (str(tmp_path / "photo.png"), "absolute"),
                         ("data:image/png;base64,AAAA", "not a readable image"), ("data:text/html,x", "must be image/png"),
                         ("http://example.org/a.png", "only https")):
        article = Article(id="a", language="en", headline="H", lead_image=Image(src=src, alt="x"))
        with pytest.raises(ResourceError) as error:
            load_resources(article, origin)
        assert message in str(error.value)


# -- hostile but valid inputs export in every format, with nothing active ---------------------

HOSTILE_FILES = sorted(path.name for path in HOSTILE.iterdir() if path.suffix in (".json", ".md", ".html", ".txt"))
MUST_SHOW = table(HOSTILE / "expected.tsv")
#: (file, format) pairs that fail because of a reported bug; strict, so a fix turns them into passes.
#: (sample, format) pairs with a known bug, each an xfail with its reason; none today.
HOSTILE_BUGS: dict[tuple[str, str], str] = {}


@pytest.fixture(scope="module")
def hostile_exports(tmp_path_factory) -> dict[str, dict]:
    """Every hostile sample exported once in every format (the real command, --json report)."""
    reports = {}
    for name in HOSTILE_FILES:
        out = tmp_path_factory.mktemp(Path(name).stem)
        result = run("export", HOSTILE / name, "--format", "all,jsonfeed,news-sitemap", "-o", out, "--json", "--jobs", "1")
        assert "Traceback" not in result.stderr
        reports[name] = {"report": json.loads(result.stdout), "out": out, "stderr": result.stderr}
    return reports


def _hostile_params():
    for name in HOSTILE_FILES:
        for format_name in registry.names():
            reason = HOSTILE_BUGS.get((name, format_name))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(name, format_name, marks=marks, id=f"{name}-{format_name}")


def test_hostile_samples_cover_the_brief():
    text = " ".join((HOSTILE / name).read_text(encoding="utf-8") for name in HOSTILE_FILES)
    for needle in ("]]>", "</script>", "<script>alert(1)</script>", "onerror=", "\\u007f", "\\u0085", "\u2066", "שלום",
                   "javascript:", "<iframe"):
        assert needle in text, needle
    assert {name for name, _ in MUST_SHOW} == set(HOSTILE_FILES)


@pytest.mark.parametrize("name, format_name", list(_hostile_params()))
def test_hostile_sample_exports_inert_and_complete(hostile_exports, name, format_name):
    try:
        exporter = registry.exporter_class(format_name)()
    except Exception as error:
        pytest.skip(f"format {format_name} does not import: {error}")
    report = hostile_exports[name]["report"]["results"][0]
    assert not report["error"], report["error"]
    errors = [f for f in report["findings"] if f["severity"] == "error" and f.get("format", format_name) == format_name]
    assert errors == [], errors
    [output] = [o for o in report["outputs"] if o["format"] == format_name]
    data = Path(output["path"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == output["sha256"]
    assert active_content(format_name, data) == []
    inspection = exporter.inspect(data)
    seen = normalize(inspection.text + " ".join(item.text for item in inspection.items))
    for file_name, words in MUST_SHOW:
        if file_name == name and not inspection.extra.get("listing"):  # a news sitemap lists headlines only
            assert normalize(words) in seen, words
    if format_name == "pdf":  # and an independent reader
        pdftotext = require("pdftotext", "apt-get install poppler-utils")
        text = subprocess.run([pdftotext, "-enc", "UTF-8", output["path"], "-"], capture_output=True, text=True).stdout
        for file_name, words in MUST_SHOW:
            if file_name == name and not _rtl(words):
                assert normalize(words) in normalize(text), words


def _rtl(text: str) -> bool:
    """pdftotext orders right-to-left runs its own way; those are compared through inspect only."""
    return any("\u0590" <= char <= "\u08ff" for char in text)


def test_no_sample_output_holds_anything_active(tmp_path):
    result = run("export", ARTICLES, "--format", "all", "-o", tmp_path, "--jobs", "1")
    assert "Traceback" not in result.stderr
    outputs = {path: registry.for_suffix(path.name) for path in tmp_path.iterdir()}
    outputs = {path: entry.name for path, entry in outputs.items() if entry is not None}
    assert len(outputs) >= len(list(ARTICLES.glob("*.json"))) * 5
    for path, format_name in outputs.items():
        assert active_content(format_name, path.read_bytes()) == [], path.name


# -- the scanner itself finds what it looks for -------------------------------------------------


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


XHTML = b'<html xmlns="http://www.w3.org/1999/xhtml"><body>%s</body></html>'


@pytest.mark.parametrize("body, found", [
    (b"<script>alert(1)</script>", "<script>"),
    (b'<p onclick="x()">a</p>', "onclick"),
    (b'<a href=" javascript:alert(1)">a</a>', "javascript:"),
    (b'<iframe src="https://x.example/"></iframe>', "<iframe>"),
    (b'<img src="https://tracker.example/p.gif" alt=""/>', "from the network"),
    (b'<p style="background:url(//x.example/a.png)">a</p>', "style attribute"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:x">a</a></svg>', "javascript:"),
])
def test_scanner_finds_active_xhtml(body, found):
    epub = _zip({"mimetype": b"application/epub+zip", "OEBPS/text.xhtml": XHTML % body})
    problems = active_content("epub", epub)
    assert problems and any(found in problem for problem in problems), problems
    assert active_content("epub", _zip({"OEBPS/text.xhtml": XHTML % b"<p>&lt;script&gt; as text</p>"})) == []


@pytest.mark.parametrize("head, found", [
    (b'<script type="application/ld+json">{"a": "</script><script>alert(1)</script>"}</script>', "not whole JSON"),
    (b'<script type="application/ld+json">{}</script><script type="application/ld+json">{}</script>', "2 script"),
    (b'<script type="module">import "x"</script>', "<script type='module'>"),
    (b'<meta http-equiv="refresh" content="0; url=https://x.example/">', "refresh"),
    (b'<link rel="stylesheet" href="https://x.example/a.css">', "fetches"),
])
def test_scanner_finds_active_web_pages(head, found):
    page = b"<!DOCTYPE html><html><head>%s</head><body><p>a</p></body></html>"
    problems = active_content("html", page % head)
    assert problems and any(found in problem for problem in problems), problems
    assert active_content("html", page % b'<script type="application/ld+json">{"a": "\\u003c/script\\u003e"}</script>') == []


def test_scanner_finds_active_feeds_mail_docx_and_pdf():
    rss = (b'<rss version="2.0"><channel><title>&lt;script&gt; is plain text here</title><item><description>'
           b'&lt;img src=x onerror=alert(1)&gt;</description></item></channel></rss>')
    assert any("onerror" in problem for problem in active_content("rss", rss))
    atom = (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>&lt;script&gt;</title><entry><content type="html">'
            b'&lt;script&gt;alert(1)&lt;/script&gt;</content></entry></feed>')
    assert [problem for problem in active_content("atom", atom) if "<script>" in problem] != []
    assert len([problem for problem in active_content("atom", atom) if "<title>" in problem]) == 0
    mail = (b"Subject: a\r\nBcc: x@example.org\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
            b"<p onmouseover=alert(1)>a</p>")
    assert len(active_content("email", mail)) == 2
    rels = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" '
            b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
            b'Target="https://tracker.example/p.png" TargetMode="External"/></Relationships>')
    assert active_content("docx", _zip({"word/_rels/document.xml.rels": rels}))
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    buffer = io.BytesIO()
    pdf.save(buffer)
    assert any("JavaScript" in problem or "/JS" in problem for problem in active_content("pdf", buffer.getvalue()))


# -- remote images ---------------------------------------------------------------------------


def test_remote_image_needs_permission_and_an_allowed_host(tmp_path):
    path = _article_with_image(tmp_path, "https://media.example.org/photo.png")
    left = run("export", path, "--format", "txt", "-o", tmp_path / "out")
    assert left.returncode == 0 and "warning M117" in left.stderr and "left out" in left.stderr
    elsewhere = run("export", path, "--format", "txt", "-o", tmp_path / "out", "--allow-remote-media", "cdn.example.net")
    assert elsewhere.returncode == 2
    assert "host 'media.example.org' is not in the allowed hosts (cdn.example.net)" in one_line(elsewhere)


def test_remote_image_over_http_is_refused_even_when_allowed():
    from exporters.resources import RemotePolicy, fetch

    policy = RemotePolicy(hosts=frozenset({"media.example.org"}))
    for url in ("http://media.example.org/a.png", "ftp://media.example.org/a.png", "file:///etc/passwd",
                "data:image/png;base64,AAAA", "//media.example.org/a.png"):
        with pytest.raises(ResourceError) as error:
            fetch(url, policy, "story.json", "$.lead_image.src")
        assert "only https images can be fetched" in str(error.value)


class _Server:
    """A tiny HTTPS server on 127.0.0.1 with a self-signed certificate (made with the openssl command)."""

    def __init__(self, folder: Path) -> None:
        import http.server
        import ssl
        import threading

        openssl = require("openssl")
        self.cert, key = folder / "cert.pem", folder / "key.pem"
        subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", key, "-out", self.cert],
                       check=True, capture_output=True)
        picture = png((5, 4))
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                route = self.path
                if route == "/photo.png":
                    self.reply(200, picture, "image/png")
                elif route.startswith("/redirect/"):
                    self.send_response(302)
                    self.send_header("Location", route[len("/redirect/"):].replace("PORT", str(server.port)))
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif route == "/announced-huge.png":
                    self.send_response(200)
                    self.send_header("Content-Length", str(limits.MAX_IMAGE_BYTES + 1))
                    self.end_headers()
                elif route == "/endless.png":
                    self.send_response(200)
                    self.end_headers()
                    try:
                        for _ in range(64):
                            self.wfile.write(b"\x00" * 65536)
                    except OSError:
                        pass
                elif route == "/slow.png":
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(picture)))
                    self.end_headers()
                    try:
                        for byte in picture:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(0.05)
                    except OSError:
                        pass
                elif route == "/page.png":
                    self.reply(200, b"<html><script>alert(1)</script></html>", "text/html")
                else:
                    self.reply(404, b"not here", "text/plain")

            def reply(self, code, body, kind):
                self.send_response(code)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert, key)
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"https://127.0.0.1:{self.port}{path}"

    @property
    def env(self) -> dict[str, str]:
        """Trust the test certificate; no proxy for the local server."""
        return {"SSL_CERT_FILE": str(self.cert), "NO_PROXY": "*", "no_proxy": "*"}


@pytest.fixture(scope="module")
def https_server(tmp_path_factory):
    server = _Server(tmp_path_factory.mktemp("tls"))
    yield server
    server.httpd.shutdown()


def test_allowed_remote_image_is_fetched_and_embedded(tmp_path, https_server):
    path = _article_with_image(tmp_path, https_server.url("/photo.png"))
    result = run("export", path, "--format", "epub", "-o", tmp_path / "out", "--allow-remote-media", "127.0.0.1",
                 env=https_server.env)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "out" / "story.epub") as book:
        assert any(book.read(name) == png((5, 4)) for name in book.namelist())


@pytest.mark.parametrize("route, message", [
    ("/redirect/https://localhost:PORT/photo.png", "redirected to host 'localhost', which is not allowed"),
    ("/redirect/http://127.0.0.1:PORT/photo.png", "which is not https; not followed"),
    ("/redirect/https://127.0.0.1:PORT/redirect/https://127.0.0.1:PORT/redirect/https://127.0.0.1:PORT/redirect/"
     "https://127.0.0.1:PORT/photo.png", "more than 3 redirects"),
    ("/announced-huge.png", f"is {limits.MAX_IMAGE_BYTES + 1:,} bytes; the limit is {limits.MAX_IMAGE_BYTES:,}"),
    ("/missing.png", "HTTP Error 404"),
    ("/page.png", "is not a readable image"),
])
def test_remote_image_refusals_are_one_line(tmp_path, https_server, route, message):
    path = _article_with_image(tmp_path, https_server.url(route))
    result = run("export", path, "--format", "txt", "-o", tmp_path / "out", "--allow-remote-media", "127.0.0.1",
                 env=https_server.env)
    assert result.returncode == 2, result.stderr
    line = one_line(result)
    assert "$.lead_image.src" in line and message in line


def test_redirect_within_the_allowed_host_is_followed(tmp_path, https_server):
    path = _article_with_image(tmp_path, https_server.url("/redirect/https://127.0.0.1:PORT/photo.png"))
    result = run("export", path, "--format", "txt", "-o", tmp_path / "out", "--allow-remote-media", "127.0.0.1",
                 env=https_server.env)
    assert result.returncode == 0, result.stderr


def test_remote_image_size_and_time_limits(https_server, monkeypatch):
    from exporters.resources import RemotePolicy, fetch

    monkeypatch.setenv("SSL_CERT_FILE", str(https_server.cert))
    monkeypatch.setenv("NO_PROXY", "*")
    small = RemotePolicy(hosts=frozenset({"127.0.0.1"}), max_bytes=100_000)
    with pytest.raises(ResourceError) as error:  # no Content-Length: counted while reading
        fetch(https_server.url("/endless.png"), small, "story.json", "$.lead_image.src")
    assert "is larger than 100,000 bytes" in str(error.value)
    hurried = RemotePolicy(hosts=frozenset({"127.0.0.1"}), timeout=0.5)
    with pytest.raises(ResourceError) as error:  # every byte arrives in time, the whole does not
        fetch(https_server.url("/slow.png"), hurried, "story.json", "$.lead_image.src")
    assert "took longer than 0.5 s" in str(error.value) or "timed out" in str(error.value)
    assert fetch(https_server.url("/photo.png"), small, "story.json", "$.lead_image.src") == png((5, 4))


def test_untrusted_certificate_is_refused(tmp_path, https_server):
    path = _article_with_image(tmp_path, https_server.url("/photo.png"))
    result = run("export", path, "--format", "txt", "-o", tmp_path / "out", "--allow-remote-media", "127.0.0.1",
                 env={"NO_PROXY": "*", "no_proxy": "*", "SSL_CERT_FILE": str(ROOT / "no-such-file.pem")})
    assert result.returncode == 2
    assert "CERTIFICATE_VERIFY_FAILED" in one_line(result)


# -- embargo, expiry and publication status --------------------------------------------------


def _moment(days: int) -> str:
    return (datetime.now(timezone.utc) + timedelta(days=days)).replace(microsecond=0).isoformat()


@pytest.mark.parametrize("fields, code", [
    ({"embargoed": _moment(30)}, "M110"),
    ({"expires": _moment(-1)}, "M111"),
    ({"pubstatus": "withheld"}, "M112"),
    ({"pubstatus": "canceled"}, "M112"),
])
def test_embargo_expiry_and_status_refuse_unless_forced(tmp_path, fields, code):
    path = write_article(tmp_path, **fields)
    refused = run("export", path, "--format", "txt,pdf", "-o", tmp_path / "refused")
    assert refused.returncode == 1, refused.stderr
    assert code in refused.stderr and "Traceback" not in refused.stderr
    assert not list((tmp_path / "refused").glob("story.*"))
    forced = run("export", path, "--format", "txt,pdf", "-o", tmp_path / "forced", "--force")
    assert forced.returncode == 0, forced.stderr
    assert code not in forced.stderr
    assert "Harbour Reopens After Storm" in (tmp_path / "forced" / "story.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("fields", [{"embargoed": _moment(-1)}, {"expires": _moment(30)}, {"pubstatus": "usable"}])
def test_lifted_embargo_and_future_expiry_export(tmp_path, fields):
    result = run("export", write_article(tmp_path, **fields), "--format", "txt", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr


def test_a_feed_with_an_embargoed_entry_is_refused_unless_forced(tmp_path):
    embargoed = write_article(tmp_path, name="embargoed.json", id="embargoed", embargoed=_moment(30))
    free = write_article(tmp_path, name="free.json", id="free", headline="Ferries Run Again",
                         url="https://news.example.org/2026/04/ferries")
    arguments = ("feed", embargoed, free, "--format", "rss", "--site-url", "https://news.example.org/")
    refused = run(*arguments, "-o", tmp_path / "feed.rss")
    assert refused.returncode == 1 and "M110" in refused.stderr and "Traceback" not in refused.stderr
    assert not (tmp_path / "feed.rss").exists()
    forced = run(*arguments, "-o", tmp_path / "forced.rss", "--force")
    assert forced.returncode == 0, forced.stderr
    assert "Harbour Reopens After Storm" in (tmp_path / "forced.rss").read_text(encoding="utf-8")


def test_a_newsletter_leaves_an_embargoed_article_out_unless_forced(tmp_path):
    """The newsletter job's documented choice: left out with a warning; nothing left is exit 2."""
    embargoed = write_article(tmp_path, name="embargoed.json", id="embargoed", embargoed=_moment(30))
    free = write_article(tmp_path, name="free.json", id="free", headline="Ferries Run Again",
                         url="https://news.example.org/2026/04/ferries")
    edition = run("newsletter", embargoed, free, "--title", "Edition", "--format", "txt", "-o", tmp_path / "edition")
    assert edition.returncode == 0, edition.stderr
    assert "M110" in edition.stderr
    text = "".join(path.read_text(encoding="utf-8") for path in (tmp_path / "edition").glob("*.txt"))
    assert "Ferries Run Again" in text and "Harbour Reopens After Storm" not in text
    forced = run("newsletter", embargoed, free, "--title", "Edition", "--format", "txt", "-o", tmp_path / "forced",
                 "--force")
    assert forced.returncode == 0, forced.stderr
    assert "Harbour Reopens After Storm" in "".join(path.read_text(encoding="utf-8")
                                                    for path in (tmp_path / "forced").glob("*.txt"))
    alone = run("newsletter", embargoed, "--title", "Edition", "--format", "txt", "-o", tmp_path / "alone")
    assert alone.returncode == 2 and "--force" in one_line(alone)


# -- output paths -----------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["blocker/story.pdf", "blocker/sub/story.txt", "blocker/sub"])
def test_output_path_whose_parent_is_a_file(tmp_path, target):
    (tmp_path / "blocker").write_text("a file, not a folder")
    arguments = ["export", FULL, "-o", tmp_path / target] + ([] if "." in target else ["--format", "txt"])
    result = run(*arguments)
    assert result.returncode == 2
    line = one_line(result)
    assert "blocker" in line and ("a parent is a file" in line or "it is a file" in line)


@pytest.mark.parametrize("command", ["feed", "import"])
def test_output_file_whose_parent_is_a_file_in_feed_and_import(tmp_path, command):
    (tmp_path / "blocker").write_text("a file, not a folder")
    if command == "feed":
        result = run("feed", FULL, "--format", "rss", "--site-url", "https://news.example.org/", "-o",
                     tmp_path / "blocker" / "feed.rss")
    else:
        result = run("import", FULL, "-o", tmp_path / "blocker" / "story.json")
    assert result.returncode == 2
    assert "blocker" in one_line(result) and "internal error" not in result.stderr


# -- a process killed while writing leaves no partial file ------------------------------------

_DRIVER = """
import os, sys, time
from pathlib import Path

marker = Path(sys.argv[1])
patched = sys.argv[2]
real = getattr(os, patched)

def stall(*args, **kwargs):
    marker.write_text("writing")
    time.sleep(600)
    return real(*args, **kwargs)

setattr(os, patched, stall)
from exporters.cli import main
sys.exit(main(sys.argv[3:]))
"""


def _big_article(folder: Path) -> Path:
    body = [{"type": "paragraph", "content": [f"Paragraph {n} of a long report on the harbour, the ferries and the grain "
                                              f"trade along the eastern shore of the sea."]} for n in range(1_500)]
    return write_article(folder, name="big.json", body=body)


def _kill_while(call: str, folder: Path, target: Path) -> None:
    """Run the export of a big PDF to ``target``, stop it inside ``os.<call>`` of the write, SIGKILL it."""
    marker = folder / "marker"
    process = subprocess.Popen([sys.executable, "-c", _DRIVER, marker, call, "export", _big_article(folder), "-o", target,
                                "--jobs", "1"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 240
        while not marker.exists():
            assert process.poll() is None, "the export ended before it wrote"
            assert time.monotonic() < deadline, "the export never reached the write"
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()


def test_killed_during_the_write_leaves_nothing(tmp_path):
    out = tmp_path / "out"
    _kill_while("link", tmp_path, out / "big.pdf")  # the bytes are written, the file not yet named
    assert sorted(path.name for path in out.iterdir()) == []


def test_killed_while_replacing_keeps_the_old_file_whole(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "big.pdf").write_bytes(b"%PDF-1.4 the previous complete export\n")
    _kill_while("link", tmp_path, out / "big.pdf")
    assert sorted(path.name for path in out.iterdir()) == ["big.pdf"]
    assert (out / "big.pdf").read_bytes() == b"%PDF-1.4 the previous complete export\n"


def test_killed_while_flushing_the_batch_leaves_only_whole_files(tmp_path):
    """The batch flushes its files once at its end: a kill then finds every file named and whole."""
    out = tmp_path / "out"
    _kill_while("fsync", tmp_path, out / "big.pdf")
    assert sorted(path.name for path in out.iterdir() if not path.name.startswith(".exporters")) == ["big.pdf"]
    assert (out / "big.pdf").read_bytes().rstrip().endswith(b"%%EOF")


def test_killed_between_naming_and_renaming_keeps_the_old_file_and_the_next_write_tidies(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "big.pdf").write_bytes(b"%PDF-1.4 the previous complete export\n")
    _kill_while("replace", tmp_path, out / "big.pdf")
    assert (out / "big.pdf").read_bytes() == b"%PDF-1.4 the previous complete export\n"
    assert [path.name for path in out.iterdir() if path.name.endswith(".part")], "the kill came before the rename"
    result = run("export", tmp_path / "big.json", "-o", out / "big.pdf", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in out.iterdir() if not path.name.startswith(".exporters")) == ["big.pdf"]
    assert (out / "big.pdf").read_bytes().startswith(b"%PDF-1.")



# -- bugs found in the exporters and checks, shown with the real command -----------------------


def test_a_date_after_2107_exports(tmp_path):
    path = write_article(tmp_path, published="2108-01-16T09:00:00+00:00")
    result = run("export", path, "--format", "epub,docx", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr


def test_a_date_with_milliseconds_exports(tmp_path):
    path = write_article(tmp_path, published="2026-04-01T09:00:00.250+05:00")
    result = run("export", path, "--format", "epub,rss", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr


def test_many_authors_export_to_docx(tmp_path):
    authors = [{"name": f"Reporter Number{n:02d} Example", "role": "reporter"} for n in range(12)]
    result = run("export", write_article(tmp_path, authors=authors), "--format", "docx", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("words", ["Fans cheered 🎉 at the final", "北京 correspondents", "Երևան bureau"])
def test_pdf_shows_every_script(tmp_path, words):
    body = [{"type": "paragraph", "content": [words]}]
    result = run("export", write_article(tmp_path, body=body), "--format", "pdf", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("language, content", [
    ("fa", ["گوشی ", {"type": "strong", "content": ["iPhone"]}, "\u200cهای جدید"]),
    ("he", ["ב", {"type": "strong", "content": ["ירושלים"]}, " היום"]),
    ("en", ["Visit ", {"type": "em", "content": ["Tel-Aviv"]}, "-יפו today"]),
])
def test_pdf_keeps_a_right_to_left_word_across_inline_runs(tmp_path, language, content):
    body = [{"type": "paragraph", "content": content}]
    result = run("export", write_article(tmp_path, language=language, body=body), "--format", "pdf", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr


def test_pdf_draws_latin_inside_a_right_to_left_word_forwards(tmp_path):
    from pypdf import PdfReader

    words = ["Tel-Aviv-יפו", "COVID-19\u200cها", "iPhone\u200cهای", "abcשלום"]
    body = [{"type": "paragraph", "content": [word]} for word in words]
    path = write_article(tmp_path, language="fa", headline="آزمایش", body=body)
    result = run("export", path, "--format", "pdf", "-o", tmp_path / "out", "-O", "pdf.actual_text=false")
    assert result.returncode == 0, result.stderr
    drawn = PdfReader(tmp_path / "out" / "story.pdf").pages[0].extract_text()  # glyphs as drawn, left to right
    for latin in ("Tel-Aviv", "COVID", "iPhone", "abc"):
        assert latin in drawn, (latin, drawn)


def test_an_unknown_page_language_is_left_out_not_fatal(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html lang='zz'><body><article><h1>Library Reopens</h1><p>The council reopened the riverside "
                    "library on Tuesday after a two-year renovation.</p><p>The reading room holds twelve thousand books."
                    "</p></article></body></html>", encoding="utf-8")
    reading = read_article(page)
    assert reading.article.language == "und"
    assert any("'zz' is not a BCP 47 tag" in guess for guess in reading.guesses)


@pytest.mark.parametrize("command", ["export", "newsletter"])
def test_a_title_over_255_characters_exports_to_docx(tmp_path, command):
    title = " ".join(["Weekly"] * 50)
    if command == "export":
        result = run("export", write_article(tmp_path, headline=title), "--format", "docx", "-o", tmp_path / "out")
    else:
        result = run("newsletter", FULL, ARTICLES / "md-sample.md", "--title", title, "--format", "docx", "-o", tmp_path)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("format_name", ["txt", "docx"])
@pytest.mark.parametrize("fields", [{"credits": [{"name": "Smith; Jones Media", "kind": "organization"}]},
                                    {"authors": [{"name": "Ann Example; Bureau Chief"}]}], ids=["credit", "author"])
def test_a_name_with_a_semicolon_keeps_its_metadata(tmp_path, format_name, fields):
    result = run("export", write_article(tmp_path, **fields), "--format", format_name, "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr


def test_a_headline_that_looks_like_an_encoded_word_keeps_its_subject(tmp_path):
    path = write_article(tmp_path, headline="Why =?utf-8?q?Hello?= Shows Up in Your Inbox",
                         publisher={"name": "The =?utf-8?q?Daily?= Desk"})
    result = run("export", path, "--format", "email", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    raw = (tmp_path / "out" / "story.eml").read_bytes()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert str(message["Subject"]) == "Why =?utf-8?q?Hello?= Shows Up in Your Inbox"
    unfolded = raw.split(b"\r\n\r\n")[0].decode("ascii").replace("\r\n ", " ")
    sender = re.search(r"^From: (.*)$", unfolded, flags=re.M).group(1)  # decoded as RFC 2047 says, not as Python does
    assert str(make_header(decode_header(sender))) == "The =?utf-8?q?Daily?= Desk <newsletter@invalid>"


# -- `exporters check` on files from elsewhere -------------------------------------------------


def _zip_bomb(path: Path, member: str, head: bytes, tail: bytes, others: dict[str, bytes], mebibytes: int = 256) -> None:
    """A small zip whose ``member`` inflates to ``mebibytes`` MiB of spaces between ``head`` and ``tail``."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in others.items():
            archive.writestr(name, content)
        with archive.open(member, "w") as stream:
            stream.write(head)
            for _ in range(mebibytes):
                stream.write(b" " * (1 << 20))
            stream.write(tail)


# The peak resident memory of this process image, in MiB. VmHWM starts afresh at exec, whereas
# getrusage's ru_maxrss keeps the peak of the forking parent (a large pytest process) across exec.
_MEASURED = """
import sys
from exporters.cli import main
code = main(sys.argv[1:])
status = open("/proc/self/status").read()
print(int(status.split("VmHWM:")[1].split()[0]) // 1024)
sys.exit(code)
"""


@pytest.mark.parametrize("kind", ["docx", "epub"])
def test_check_refuses_a_zip_bomb_within_bounded_memory(tmp_path, kind):
    path = tmp_path / f"bomb.{kind}"
    if kind == "docx":
        types = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 b'<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
                 b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        rels = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                b'<Relationship Id="rId1" Target="word/document.xml" Type="http://schemas.openxmlformats.org/'
                b'officeDocument/2006/relationships/officeDocument"/></Relationships>')
        _zip_bomb(path, "word/document.xml", b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
                  b'2006/main"><w:body><w:p><w:r><w:t>', b"</w:t></w:r></w:p></w:body></w:document>",
                  {"[Content_Types].xml": types, "_rels/.rels": rels})
    else:
        container = (b'<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
                     b'<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
                     b'</rootfiles></container>')
        _zip_bomb(path, "OEBPS/content.opf", b'<package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata '
                  b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>', b"</dc:title></metadata></package>",
                  {"mimetype": b"application/epub+zip", "META-INF/container.xml": container})
    assert path.stat().st_size < 2 * 1024 * 1024
    result = subprocess.run([sys.executable, "-c", _MEASURED, "check", path], cwd=ROOT, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "A214" in result.stdout and "inflates to more than 64 MiB" in result.stdout
    assert int(result.stdout.split()[-1]) < 256, f"{result.stdout.split()[-1]} MiB of memory for a {kind} of 1 MB"


@pytest.mark.parametrize("words", ["Say\u00a0hi\u200bthere", "\u00a0ข่าว\u200bวันนี้"])
def test_pdf_keeps_a_zero_width_space_beside_a_no_break_space(tmp_path, words):
    body = [{"type": "paragraph", "content": [words]}]
    result = run("export", write_article(tmp_path, body=body), "--format", "pdf", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr


def test_pdf_contents_survive_a_huge_headline():
    from exporters import api
    from exporters.body import Paragraph
    from exporters.model import Article, Bundle, Section

    articles = (Article(id="a", language="en", headline="word " * 800, body=(Paragraph(content=("x",)),)),
                Article(id="b", language="en", headline="Short", body=(Paragraph(content=("y",)),)))
    api.render(Bundle(sections=(Section(articles=articles),), title="Edition"), "pdf")


@pytest.mark.parametrize("attribution", ["(Jane Doe)", "“Jane Doe”"])
def test_pdf_keeps_the_attribution_of_a_right_to_left_quote(tmp_path, attribution):
    body = [{"type": "quote", "content": ["سلام دنیا"], "attribution": attribution}]
    result = run("export", write_article(tmp_path, body=body), "--format", "pdf", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("fields", [
    {"body": [{"type": "paragraph", "content": ["Read the report at https://www.example.org/2026/03/a-rather-long-slug-"
                                                "for-an-article-about-ports-and-grain-and-ferries?utm_source=newsletter"]}]},
    {"headline": "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz Passes"},
], ids=["url-in-paragraph", "compound-headline"])
def test_pdf_keeps_a_word_longer_than_a_line(tmp_path, fields):
    result = run("export", write_article(tmp_path, **fields), "--format", "pdf", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr


def _pdf_read_back(bundle, options: dict | None = None):
    """Render ``bundle`` as PDF and read it back: (inspection, findings of the comparison)."""
    from exporters import api
    from exporters.checks import compare
    from exporters.formats.pdf import PdfExporter

    inspection = PdfExporter().inspect(api.render(bundle, "pdf", options).data)
    return inspection, compare(bundle, inspection)


def _edition(headline: str, body: str = "x"):
    from exporters.body import Paragraph
    from exporters.model import Article, Bundle, Section

    articles = (Article(id="a", language="en", headline=headline, body=(Paragraph(content=(body,)),)),
                Article(id="b", language="en", headline="Short", body=(Paragraph(content=("y",)),)))
    return Bundle(sections=(Section(articles=articles),), title="Edition")


@pytest.mark.parametrize("headline", ["word " * 800, "Rindfleisch" * 360, "北京新闻" * 1000,
                                      "https://example.org/" + "abc/" * 1000],
                         ids=["many-words", "one-long-word", "chinese", "long-url"])
def test_pdf_huge_headline_reads_back_whole_and_is_cut_in_the_contents(headline):
    inspection, findings = _pdf_read_back(_edition(headline, body="Text " + headline))
    assert findings == []
    contents = inspection.text.split("Short")[0]
    assert "…" in contents and len(contents) < 400


def test_pdf_ends_the_first_piece_of_a_broken_word_with_a_soft_hyphen():
    """A word longer than the line (a compound, a URL, a run of Chinese) is cut at the line's end;
    the piece ends with a hyphen or nothing, read back as U+00AD, and inspect() joins the word."""
    from pypdf import PdfReader

    from exporters import api
    from exporters.body import Paragraph
    from exporters.formats.pdf import PdfExporter
    from exporters.model import Article, Bundle, Section

    compound = "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz"
    url = "https://www.example.org/2026/03/a-rather-long-slug-for-an-article-about-ports-and-grain?utm_source=letter"
    chinese = "北京新闻报道今天很好" * 8
    article = Article(id="a", language="en", headline=compound,
                      body=(Paragraph(content=(f"Read the report at {url} today",)), Paragraph(content=(chinese,))))
    data = api.render(Bundle(sections=(Section(articles=(article,)),)), "pdf").data
    drawn = PdfReader(io.BytesIO(data)).pages[0].extract_text()  # the glyphs' text, line by line
    ends = [line for line in drawn.splitlines() if line.endswith("\u00ad")]
    assert [line[:4] for line in ends] == ["Rind", "Read", "北京新闻"], drawn
    text = PdfExporter().inspect(data).text
    assert all(word in text for word in (compound, url, chinese))


def test_pdf_keeps_a_character_no_font_has_and_names_it(tmp_path):
    from exporters.body import Paragraph
    from exporters.model import Article, Bundle, Section

    words = "New emoji \U0001fae8 and Երևան"
    article = Article(id="a", language="en", headline="Fonts", body=(Paragraph(content=(words,)),))
    bundle = Bundle(sections=(Section(articles=(article,)),))
    inspection, findings = _pdf_read_back(bundle)
    assert inspection.extra["undrawn"] == "\U0001fae8"
    assert [(item.code, item.severity) for item in findings] == [("A216", "warning")]
    assert "U+1FAE8" in findings[0].message
    style = tmp_path / "no-fallback.yaml"
    style.write_text("fonts:\n  fallback: []\n", encoding="utf-8")
    inspection, findings = _pdf_read_back(bundle, {"style": str(style)})
    assert set(inspection.extra["undrawn"]) == set("\U0001fae8Երևան")
    assert [item.code for item in findings] == ["A216"] and "6 characters" in findings[0].message


def test_pdf_with_fallback_fonts_is_the_same_bytes_every_time():
    from exporters import api
    from exporters.body import Paragraph
    from exporters.model import Article, Bundle, Section

    article = Article(id="a", language="en", headline="北京 🎉 Երևան",
                      body=(Paragraph(content=("Fans 🎉, 北京, 한국어, Երևան, \U0001fae8 and ✓",)),))
    bundle = Bundle(sections=(Section(articles=(article,)),))
    assert api.render(bundle, "pdf").data == api.render(bundle, "pdf").data

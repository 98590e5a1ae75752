"""The PDF is tagged (PDF/UA-1): read back with poppler, pikepdf and the ``pdfua`` checker.

Every sample, an edition of all of them and the sample newsletter (sections of en, kk,
ru and fa articles) are rendered once. poppler's ``pdfinfo -struct-text`` must show every heading, paragraph, caption,
list item and quote of the input, in order, inside the right element; pikepdf walks the
content streams (nothing painted outside marked content) and the structure tree (alt
text, languages, the ParentTree, links); ``pdfua`` and, when installed, veraPDF judge
the file; LibreOffice's own PDF/UA export of our DOCX is compared with our tree.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import SAMPLES as SAMPLE_FOLDER
from conftest import require, sample_articles
from pdf_structure import content_items, elements, marking_problems, parent_tree

from exporters import api, attribution
from exporters.body import (
    Embed,
    Figure,
    Heading,
    Link,
    ListBlock,
    NoticeBlock,
    Paragraph,
    Quote,
    RelatedLink,
    inline_text,
)
from exporters.jobs.newsletter import build_edition, load_job
from exporters.model import Article, Bundle
from exporters.text import normalize

pikepdf = pytest.importorskip("pikepdf")

SAMPLES = {path.stem: path for path in sample_articles()}
CASES = [*SAMPLES, "edition", "newsletter", "broken-across-pages"]


def broken_across_pages() -> Article:
    """Paragraphs, a quote and list items long enough to break across pages, and a link in them."""
    words = ("Grain shipments through the Caspian port of Aktau doubled in the first three months "
             "of the year, officials said on Monday. ") * 14
    link = Link(href="https://news.example.org/aktau", content=("the port authority",))
    body = [Heading(content=("Where the grain went",))]
    body += [Paragraph(content=(f"{number}. {words}", link, ".")) for number in range(1, 9)]
    body += [Quote(content=(words,), attribution="A grain trader"),
             ListBlock(ordered=True, items=((words,), (f"Second: {words}",))),
             Heading(level=3, content=("The last subhead",)), Paragraph(content=("The very last paragraph.",))]
    return Article(id="broken", language="en", headline="Paragraphs across pages", body=tuple(body))


@pytest.fixture(scope="session")
def bundles() -> dict[str, Bundle]:
    found = {name: api.read_bundle([path]) for name, path in SAMPLES.items()}
    found["edition"] = api.read_bundle(sample_articles(), title="Sample edition")
    found["newsletter"] = build_edition(load_job(SAMPLE_FOLDER / "newsletter.toml"), []).bundle
    found["broken-across-pages"] = Bundle.of(broken_across_pages())
    return found


@pytest.fixture(scope="session")
def rendered(bundles, tmp_path_factory) -> dict[str, Path]:
    """The tagged PDF of every case, written once."""
    folder = tmp_path_factory.mktemp("tagged")
    paths = {}
    for name, bundle in bundles.items():
        paths[name] = folder / f"{name}.pdf"
        paths[name].write_bytes(api.render(bundle, "pdf").data)
    return paths


@pytest.fixture(params=CASES)
def case(request) -> str:
    return request.param


# -- what poppler shows ----------------------------------------------------------------------------------------


def struct_text(path: Path) -> list[tuple[tuple[str, ...], str]]:
    """``pdfinfo -struct-text`` as ``(element path, text)``: the text of each element, in order.

    Each line is indented two spaces a level; an element line names its type, a quoted
    line is text of the element above it, ``/Key value`` lines are attributes and
    ``Object N 0`` lines are annotations. Text lines of one element are joined.
    """
    output = subprocess.run([require("pdfinfo"), "-struct-text", str(path)], capture_output=True, text=True,
                            check=True).stdout
    entries: list[tuple[tuple[str, ...], str]] = []
    stack: list[tuple[str, int]] = []
    count = 0
    for line in output.splitlines():
        depth, content = (len(line) - len(line.lstrip(" "))) // 2, line.strip()
        if not content or content.startswith(("/", "Object ")):
            continue
        if content.startswith('"'):
            key = tuple(stack[:depth])
            if entries and entries[-1][0] == tuple(name for name, _ in key) and entries[-1][2] == key:
                entries[-1] = (entries[-1][0], entries[-1][1] + content[1:-1], key)
            else:
                entries.append((tuple(name for name, _ in key), content[1:-1], key))
            continue
        count += 1
        del stack[depth:]
        stack.append((content.split(" ")[0].rstrip(":"), count))
    return [(path, text) for path, text, _ in entries]


def key(text: str) -> str:
    """Text compared without spaces (poppler joins lines without one) and soft hyphens."""
    return re.sub(r"[\s\u00ad]+", "", normalize(text))


def found_at(shown: str, expected: str, start: int = 0) -> int | None:
    """Where ``expected`` ends in an element's text ``shown`` (searched from ``start``), or ``None``.

    Text with right-to-left letters is compared as a multiset of letters over the whole
    element: the order of glyphs within a line is the reading-order tests' subject
    (tests/test_pdf_bidi.py); which element holds them is this file's.
    """
    if re.search("[\u0590-\u08ff]", expected):
        want = Counter(c for c in normalize(expected) if c.isalnum())
        return len(key(shown)) if not want - Counter(c for c in normalize(shown) if c.isalnum()) else None
    found = key(shown).find(key(expected), start)
    return None if found < 0 else found + len(key(expected))


def holds(shown: str, expected: str) -> bool:
    return found_at(shown, expected) is not None


def expected_elements(bundle: Bundle, article: Article) -> list[tuple[str, str]]:
    """``(element type, text)`` for every part of ``article``, in reading order."""
    items: list[tuple[str, str]] = []

    def add(role: str, text: str) -> None:
        if text and text.strip():
            items.append((role, text))

    def figure(image) -> None:
        shown = bundle.resource(article, image) is not None and image.alt and not image.decorative
        add("Caption" if shown else "P", image.caption)
        add("Caption" if shown else "P", image.credit)

    add("P", article.kicker)
    add("H1", article.headline)
    add("P", article.subheadline)
    add("P", attribution.byline(article))
    for line in attribution.credit_lines(article):
        add("P", line)
    add("P", article.dateline.place if article.dateline else "")
    add("P", attribution.date_line(article))
    add("P", attribution.source_line(article))
    if article.lead_image:
        figure(article.lead_image)
    for block in article.body:
        if isinstance(block, Paragraph):
            add("P", inline_text(block.content))
        elif isinstance(block, Heading):
            add(f"H{block.level}", inline_text(block.content))
        elif isinstance(block, Quote):
            add("BlockQuote", inline_text(block.content))
            add("BlockQuote", block.attribution)
        elif isinstance(block, ListBlock):
            for item in block.items:
                add("LBody", inline_text(item))
        elif isinstance(block, Figure):
            figure(block.image)
        elif isinstance(block, (RelatedLink, Embed)):
            add("P", block.title)
        elif isinstance(block, NoticeBlock):
            add("P", block.text)
    for notice in article.notices:
        add("P", notice.text)
    add("P", attribution.rights_line(article))
    add("P", article.publisher.name if article.publisher else "")
    add("P", article.url)
    return items


def missing_elements(expected: list[tuple[str, str]], shown: list[tuple[tuple[str, ...], str]]) -> list:
    """Every expected part not found, in its element, after the part before it (which may
    end earlier in the same element: a caption and its credit)."""
    missing, at, offset = [], 0, 0
    for role, text in expected:
        for index in range(at, len(shown)):
            path, found = shown[index]
            inside = path[-1] == role or (role == "BlockQuote" and role in path[:-1] and path[-1] == "P")
            end = found_at(found, text, offset if index == at else 0) if inside else None
            if end is not None:
                at, offset = index, end
                break
        else:
            missing.append((role, text[:60]))
    return missing


def test_struct_text_shows_every_part_in_order_in_its_element(case, bundles, rendered):
    bundle = bundles[case]
    shown = struct_text(rendered[case])
    expected = [item for article in bundle.articles for item in expected_elements(bundle, article)]
    assert missing_elements(expected, shown) == []
    if not bundle.is_single:
        assert (("Document", "H1"), bundle.title) in shown[:3]
        entries = [text for path, text in shown if path[-2:] == ("TOCI", "Link")]
        assert len(entries) == len(bundle.articles)
        assert all(holds(entry, article.headline[:40]) for entry, article in zip(entries, bundle.articles))


# -- the structure tree, read with pikepdf -----------------------------------------------------------------------


#: RFC 5646 well-formed tags (language, extlang, script, region, variants, extensions, private use).
BCP47 = re.compile(
    r"^(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?"
    r"(?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*(?:-[a-wyz\d](?:-[a-z\d]{2,8})+)*(?:-x(?:-[a-z\d]{1,8})+)?$"
    r"|^x(?:-[a-z\d]{1,8})+$", re.IGNORECASE)


def test_catalog_pages_and_metadata_say_tagged(case, rendered):
    with pikepdf.open(rendered[case]) as pdf:
        root = pdf.Root
        assert root.MarkInfo.Marked is True
        assert root.StructTreeRoot.Type == "/StructTreeRoot"
        assert bool(root.ViewerPreferences.DisplayDocTitle)
        assert [str(page.Tabs) for page in pdf.pages] == ["/S"] * len(pdf.pages)
        assert [int(page.StructParents) for page in pdf.pages] == list(range(len(pdf.pages)))
        with pdf.open_metadata() as meta:
            assert meta["pdfuaid:part"] == "1"
        document = root.StructTreeRoot.K
        assert document.S == "/Document"


def test_every_painting_operator_is_marked_content_of_an_element_or_an_artifact(case, rendered):
    """Text (Tj, TJ, ', ") and images (Do) sit inside marked content with an MCID, which the
    ParentTree maps to the element that lists it, or inside an Artifact; footers are pagination artifacts."""
    with pikepdf.open(rendered[case]) as pdf:
        assert marking_problems(pdf) == []


def test_links_are_link_elements_with_an_object_reference_and_contents(case, rendered):
    with pikepdf.open(rendered[case]) as pdf:
        links = {}
        for element, _ in elements(pdf.Root.StructTreeRoot):
            for item in content_items(element):
                if item[0] == "objr":
                    assert element.S == "/Link"
                    links[item[1]] = element.objgen
        numbers = parent_tree(pdf)
        annotations = [annotation for page in pdf.pages for annotation in page.get("/Annots", [])]
        assert annotations or case == "000_1c0508d7c4252433"  # the seed page has no link
        for annotation in annotations:
            assert str(annotation.Contents).strip()
            assert links[annotation.objgen] == numbers[int(annotation.StructParent)].objgen
        assert int(pdf.Root.StructTreeRoot.ParentTreeNextKey) == len(pdf.pages) + len(annotations)


def test_figures_have_their_alt_text_and_every_lang_is_bcp47(case, bundles, rendered):
    bundle = bundles[case]
    alts = [image.alt for article in bundle.articles
            for image in ([article.lead_image] if article.lead_image else []) + [b.image for b in article.body
                                                                                 if isinstance(b, Figure)]
            if bundle.resource(article, image) is not None and image.alt and not image.decorative]
    with pikepdf.open(rendered[case]) as pdf:
        found = list(elements(pdf.Root.StructTreeRoot))
        assert [str(element.Alt) for element, _ in found if element.S == "/Figure"] == alts
        langs = [str(pdf.Root.Lang)] + [str(element.Lang) for element, _ in found if "/Lang" in element]
        assert all(BCP47.match(lang) for lang in langs), langs
        arts = [element for element, _ in found if element.S == "/Art"]
        assert len(arts) == len(bundle.articles)
        document = str(pdf.Root.Lang)
        assert [str(art.get("/Lang", document)) for art in arts] == [article.language for article in bundle.articles]
        assert all("/Lang" not in art for art, article in zip(arts, bundle.articles) if article.language == document)


@pytest.mark.parametrize("edition", ["edition", "newsletter"])
def test_an_edition_has_sections_a_toc_and_articles_in_their_languages(edition, bundles, rendered):
    bundle = bundles[edition]
    assert {article.language.split("-")[0] for article in bundle.articles} >= {"en", "kk", "ru", "fa"}
    with pikepdf.open(rendered[edition]) as pdf:
        found = list(elements(pdf.Root.StructTreeRoot))
        types = [str(element.S) for element, _ in found]
        assert types.count("/Sect") == len(bundle.sections)
        titles = [section.title for section in bundle.sections if section.title]
        assert types.count("/TOC") == 1 and types.count("/TOCI") == len(bundle.articles) + len(titles)
        tocis = [element for element, _ in found if element.S == "/TOCI" and isinstance(element.K, pikepdf.Dictionary)]
        document = str(pdf.Root.Lang)
        assert [str(toci.get("/Lang", document)) for toci in tocis] == [a.language for a in bundle.articles]
        assert all(parents[-1] == "/Sect" for element, parents in found if element.S == "/Art")
        assert sum(element.S == "/H1" and parents[-1] == "/Sect" for element, parents in found) == len(titles)
        assert len(pdf.open_outline().root) > 0


def test_an_element_across_pages_points_to_its_content_on_each(rendered):
    """A paragraph broken by a page keeps one element, whose content on the other page is a
    marked-content reference naming that page."""
    with pikepdf.open(rendered["broken-across-pages"]) as pdf:
        pages = {page.objgen: number for number, page in enumerate(pdf.pages)}
        spread = []
        for element, _ in elements(pdf.Root.StructTreeRoot):
            on = {pages[item[1]] for item in content_items(element) if item[0] == "mcid"}
            if len(on) > 1:
                spread.append(str(element.S))
                assert pages[element.Pg.objgen] == min(on)
    assert len(pdf.pages) >= 3 and {"/P", "/LBody"} & set(spread)


def test_an_empty_list_item_leaves_what_follows_its_own_element(tmp_path):
    """reportlab draws nothing for an item of no lines, not even its marker: the marks it
    would have had must not fall on the next text drawn (the paragraph after, the footer)."""
    article = Article(id="empty-item", language="en", headline="Empty items",
                      body=(ListBlock(items=(("",), ("x",))), Paragraph(content=("after",))))
    path = tmp_path / "empty.pdf"
    path.write_bytes(api.render(Bundle.of(article), "pdf").data)
    assert struct_text(path)[1:] == [(("Document", "Art", "L", "LI", "Lbl"), "•"),
                                     (("Document", "Art", "L", "LI", "LBody"), "x"),
                                     (("Document", "Art", "P"), "after")]


def test_lists_quotes_and_figures_have_their_parts(bundles, rendered):
    with pikepdf.open(rendered["port-of-aktau"]) as pdf:
        found = list(elements(pdf.Root.StructTreeRoot))
    for element, parents in found:
        kinds = [str(kid.S) for kid in (element.K if isinstance(element.K, pikepdf.Array) else [element.K])
                 if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]
        if element.S == "/L":
            assert kinds and set(kinds) == {"/LI"}
        elif element.S == "/LI":
            assert kinds == ["/Lbl", "/LBody"]
        elif element.S == "/BlockQuote":
            assert kinds == ["/P", "/P"]  # the quote and its attribution
        elif element.S == "/Figure":
            assert kinds == ["/Caption"]
        elif element.S == "/Caption":
            assert parents[-1] == "/Figure"


def test_headings_are_not_empty(case, rendered):
    shown = struct_text(rendered[case])
    headings = [text for path, text in shown if re.fullmatch("H[1-6]", path[-1])]
    assert headings and all(key(text) for text in headings)
    with pikepdf.open(rendered[case]) as pdf:
        count = sum(bool(re.fullmatch("/H[1-6]", str(element.S))) for element, _ in elements(pdf.Root.StructTreeRoot))
    assert count == len(headings)


def test_untagged_option_leaves_the_tree_out(bundles):
    data = api.render(bundles["port-of-aktau"], "pdf", {"tagged": False}).data
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert "/StructTreeRoot" not in pdf.Root and "/MarkInfo" not in pdf.Root


# -- validators ---------------------------------------------------------------------------------------------------


def test_pdfua_checker_finds_nothing(rendered):
    """``pdfua check --min-severity warning`` on every case: no findings.

    One of its rules is wrong, and is only half run: UA-14-001 (headings not empty) asks
    ``getattr(kid, "is_integer")`` of every ``/K``, which pikepdf answers for an array by
    raising, so the rule stops ("not evaluated") on any element whose ``/K`` is an array.
    The PDF writes a single kid as itself, so only a heading broken across pages would
    stop it; :func:`test_headings_are_not_empty` checks every heading either way.
    """
    pytest.importorskip("pdfua", reason="pip install pdfua")
    command = [sys.executable, "-m", "pdfua", "check", "--min-severity", "warning"]
    result = subprocess.run([*command, *map(str, rendered.values())],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("result: PASS (no findings)") == len(rendered), result.stdout
    skipped = re.findall(r"\[skip \]\s+(\S+)", result.stdout)
    assert set(skipped) <= {"UA-14-001"}, result.stdout


def test_verapdf_passes_pdfua1_when_installed(rendered):
    """veraPDF cannot be installed from the package registries here: used when on PATH, else skipped."""
    import shutil

    verapdf = shutil.which("verapdf")
    if verapdf is None:
        pytest.skip("veraPDF is not on PATH (not installable from the package registries)")
    result = subprocess.run([verapdf, "--flavour", "ua1", "--format", "text", *map(str, rendered.values())],
                            capture_output=True, text=True, check=False)
    assert result.stdout.count("PASS") == len(rendered), result.stdout


# -- against LibreOffice ----------------------------------------------------------------------------------------

#: LibreOffice's PDF/UA export filter, as given on its command line (``--convert-to``).
PDFUA_FILTER = 'pdf:writer_pdf_Export:{"PDFUACompliance":{"type":"boolean","value":"true"}}'


def tree_facts(path: Path, article: Article) -> dict[str, object]:
    """How a tagged PDF of ``article`` holds its parts: the element types (after the RoleMap,
    as poppler shows them) around the headline, the first quote, a caption, a list item and a
    link, and the alt texts, subheads and link targets of the whole tree."""
    shown = struct_text(path)

    def around(text: str) -> tuple[str, ...]:
        return next((path for path, found in shown if holds(found, text)), ())

    quote = next(block for block in article.body if isinstance(block, Quote) and not block.pull)
    items = next(block for block in article.body if isinstance(block, ListBlock))
    with pikepdf.open(path) as pdf:
        found = [element for element, _ in elements(pdf.Root.StructTreeRoot)]
        uris = {str(annotation.A.URI) for page in pdf.pages for annotation in page.get("/Annots", [])
                if "/A" in annotation and "/URI" in annotation.A}
        return {
            "headline": around(article.headline)[-1],
            "container": "Art" if any("Art" in path for path, _ in shown) else "none",
            "quote": around(inline_text(quote.content))[-2:],
            "caption": around(article.lead_image.caption)[-2:],
            "list item": around(inline_text(items.items[0]))[-3:],
            "marker": "Lbl" if any(path[-1] == "Lbl" for path, _ in shown) else "in the item's text",
            "link text": "inside Link" if any(path[-1] == "Link" for path, _ in shown) else "in the paragraph",
            "lang": str(pdf.Root.Lang),
            "alts": [str(element.Alt) for element in found if "/Alt" in element],
            "subheads": [(path[-1], text) for path, text in shown
                         if re.fullmatch("H[1-6]", path[-1]) and not holds(text, article.headline)],
            "uris": uris,
            "lists": sum(element.S == "/L" for element in found),
            "items": sum(element.S == "/LI" for element in found),
        }


def test_structure_tree_against_libreoffices_pdfua_export_of_our_docx(bundles, rendered, tmp_path):
    """LibreOffice's PDF/UA export of our DOCX of the fullest sample, beside our PDF.

    Both hold the same lists, figures (with our alt text) and links, and the subheads in the
    same order; the differences are the ones the README lists under "Choices we made".
    """
    soffice = require("soffice", "apt-get install --no-install-recommends libreoffice-writer-nogui")
    bundle = bundles["port-of-aktau"]
    article = bundle.lead
    (tmp_path / "article.docx").write_bytes(api.render(bundle, "docx").data)
    command = [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--norestore",
               "--convert-to", PDFUA_FILTER, "--outdir", str(tmp_path), str(tmp_path / "article.docx")]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0 and (tmp_path / "article.pdf").is_file(), result.stdout + result.stderr
    ours, theirs = tree_facts(rendered["port-of-aktau"], article), tree_facts(tmp_path / "article.pdf", article)
    # the same
    assert (ours["lists"], ours["items"]) == (theirs["lists"], theirs["items"]) == (2, 6)
    assert len(ours["alts"]) == len(theirs["alts"]) == 3
    assert all(their.endswith(" - " + alt) for their, alt in zip(theirs["alts"], ours["alts"]))  # title - descr
    assert [text for _, text in ours["subheads"]] == [text for _, text in theirs["subheads"]]
    assert theirs["uris"] - ours["uris"] == {article.source.url}  # the DOCX links the original publisher
    # the differences, as the README describes them
    assert (ours["headline"], theirs["headline"]) == ("H1", "P")
    assert [int(role[1]) - 1 for role, _ in ours["subheads"]] == [int(role[1]) for role, _ in theirs["subheads"]]
    assert (ours["container"], theirs["container"]) == ("Art", "none")
    assert (ours["quote"], theirs["quote"]) == (("BlockQuote", "P"), ("Document", "P"))
    assert (ours["caption"], theirs["caption"]) == (("Figure", "Caption"), ("Document", "P"))
    assert (ours["list item"], theirs["list item"]) == (("L", "LI", "LBody"), ("LI", "LBody", "P"))
    assert (ours["marker"], theirs["marker"]) == ("Lbl", "in the item's text")
    assert (ours["link text"], theirs["link text"]) == ("in the paragraph", "inside Link")
    assert (ours["lang"], theirs["lang"]) == ("en", "en-US")


@pytest.mark.parametrize("name", ["port-of-aktau", "fa-gilan-mobile-library"])
def test_tagging_changes_no_pixel(name, bundles, tmp_path):
    """The tagged and the untagged PDF look the same, page for page: marks only label what is drawn."""
    from PIL import Image, ImageChops

    pdftoppm = require("pdftoppm", "apt-get install poppler-utils")
    pages = {}
    for tagged in (True, False):
        path = tmp_path / f"{tagged}.pdf"
        path.write_bytes(api.render(bundles[name], "pdf", {"tagged": tagged}).data)
        subprocess.run([pdftoppm, "-png", "-r", "60", str(path), str(tmp_path / f"page-{tagged}")], check=True)
        pages[tagged] = [Image.open(image).convert("RGB") for image in sorted(tmp_path.glob(f"page-{tagged}-*.png"))]
    assert len(pages[True]) == len(pages[False]) > 0
    assert all(ImageChops.difference(one, other).getbbox() is None for one, other in zip(pages[True], pages[False]))

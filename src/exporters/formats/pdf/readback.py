"""Reading a PDF back: its metadata and its text as readers get them, with pypdf and poppler.

:func:`read_back` is ``PdfExporter.inspect``: the artifact-stage checks compare what it
returns with the model. pypdf reads the text in content order (the exporter writes the
glyphs of every line so that it gets the words in reading order, :mod:`.bidi`); poppler's
``pdftotext`` (or MuPDF) reads the same page by the places of the glyphs, and orders
right-to-left text by its own rules. A PDF one of them gets wrong is a finding.
"""

from __future__ import annotations

import io
import re
from typing import Any, Callable

from ...text import letters
from ..base import Inspection
from .metadata import NAMESPACES

__all__ = ["other_reader", "read_back"]


def read_back(name: str, data: bytes) -> Inspection:
    """What a reader of the PDF ``data`` finds: Info, XMP, ``/Lang``, outline, and the text
    of every page in content order (running footer left out), read with pypdf; and in
    ``extra["readers"]`` the letters and digits another reader gets (:func:`other_reader`),
    footers left out, which the artifact-stage check holds against the article too."""
    from pypdf import PdfReader

    other_reading = other_reader(data)  # poppler works in a process of its own meanwhile
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        root = reader.trailer["/Root"]
        info = reader.metadata or {}
        xmp = _read_xmp(root)
        language = str(root.get("/Lang", "")) or _first(xmp.get("dc:language", []))
        authors = tuple(xmp.get("dc:creator", [])) or _split_authors(str(info.get("/Author", "")))
        undrawn: set[str] = set()
        footers: list[list[str]] = [[] for _ in reader.pages]
        pages = [_page_text(page, undrawn, footer) for page, footer in zip(reader.pages, footers)]
    finally:
        other = other_reading()  # also when pypdf gave up, so the process ends
    outline = [_outline_title(item) for item in _flatten(reader.outline)]
    viewer = root.get("/ViewerPreferences", {})
    return Inspection(
        format=name,
        title=_first(xmp.get("dc:title", [])) or str(info.get("/Title", "")),
        language=language,
        authors=authors,
        contributors=tuple(xmp.get("dc:contributor", [])),
        publisher="; ".join(xmp.get("dc:publisher", [])),
        rights="\n".join(xmp.get("dc:rights", [])),
        published=_first(xmp.get("dc:date", [])) or _first(xmp.get("prism:publicationDate", [])),
        modified=_first(xmp.get("prism:modificationDate", [])) or _first(xmp.get("xmp:ModifyDate", [])),
        identifier=_first(xmp.get("dc:identifier", [])),
        description=_first(xmp.get("dc:description", [])) or str(info.get("/Subject", "")),
        keywords=tuple(xmp.get("dc:subject", [])),
        text=_join_broken_words("\n".join(pages)),
        extra={
            "pages": len(pages),
            "info": {str(key): str(value) for key, value in info.items()},
            "outline": outline,
            "display_doc_title": bool(viewer.get("/DisplayDocTitle", False)) if hasattr(viewer, "get") else False,
            "xmp": xmp,
            "spaces_inferred": True,
            **({"undrawn": "".join(sorted(undrawn))} if undrawn else {}),
            **({"readers": {other[0]: "".join(_without_footer(page, footer)
                                              for page, footer in zip(other[1], footers))}} if other else {}),
        },
    )


def _read_xmp(root: Any) -> dict[str, list[str]]:
    """Every XMP property as a list of strings, keyed ``prefix:name`` (``dc:creator``)."""
    from lxml import etree

    stream = root.get("/Metadata")
    if stream is None:
        return {}
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_pis=True)
    tree = etree.fromstring(stream.get_object().get_data(), parser)
    prefixes = {uri: prefix for prefix, uri in NAMESPACES.items()}
    values: dict[str, list[str]] = {}
    for description in tree.iter(f"{{{NAMESPACES['rdf']}}}Description"):
        for element in description:
            namespace, _, local = element.tag[1:].partition("}")
            key = f"{prefixes.get(namespace, namespace)}:{local}"
            items = element.findall(f".//{{{NAMESPACES['rdf']}}}li")
            found = [item.text or "" for item in items] if items else [element.text or ""]
            values.setdefault(key, []).extend(value.strip() for value in found if value.strip())
    return values


def _split_authors(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(";") if part.strip())


def _page_text(page: Any, undrawn: set[str] | None = None, artifacts: list[str] | None = None) -> str:
    """The text of one page in content order, as pypdf's ``extract_text`` gets it from the glyphs.

    Text inside ``/Artifact`` marked content (the running footer) is left out, and added
    to ``artifacts`` when given. ``/ActualText`` is not read: the glyphs map to their text
    one to one (:mod:`.fonts`), and what counts is what a reader gets from them. Characters
    no font could draw (set in the ``NoGlyph`` font, see :mod:`.fonts`) are added to ``undrawn``.
    """
    from .fonts import is_invisible, is_no_glyph_font

    parts: list[str] = []
    marked: list[bool] = []  # for every open marked-content sequence: is it an artifact?

    def operator(name: bytes, operands: list[Any], cm: Any, tm: Any) -> None:
        if name in (b"BMC", b"BDC"):
            marked.append(str(operands[0]) == "/Artifact")
        elif name == b"EMC" and marked:
            marked.pop()

    def text(value: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if undrawn is not None and font is not None and is_no_glyph_font(str(font.get("/BaseFont", ""))):
            undrawn.update(char for char in value if not (char.isspace() or is_invisible(char)))
        if not any(marked):
            parts.append(value)
        elif artifacts is not None:
            artifacts.append(value)

    page.extract_text(visitor_operand_before=operator, visitor_text=text)
    return "".join(parts)


def other_reader(data: bytes) -> Callable[[], tuple[str, list[str]] | None]:
    """A reader independent of pypdf, started on ``data``: poppler's ``pdftotext`` when it is
    installed (in a process of its own, so it reads while pypdf does), else MuPDF when
    ``pymupdf`` is. Calling the result gives ``(reader, text of every page)``, or ``None`` when
    neither reader is there (then only pypdf reads the file back).
    """
    import shutil
    import subprocess

    pdftotext = shutil.which("pdftotext")
    process = None
    if pdftotext:
        try:
            process = subprocess.Popen([pdftotext, "-q", "-enc", "UTF-8", "-", "-"], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            process.stdin.write(data)  # pdftotext reads all of it before it writes anything
            process.stdin.close()
        except OSError:
            process = None

    def result() -> tuple[str, list[str]] | None:
        if process is not None:
            with process.stdout:
                text = process.stdout.read()
            if process.wait() == 0:
                return "poppler (pdftotext)", text.decode("utf-8", "replace").split("\f")
        return _mupdf(data)

    return result


def _mupdf(data: bytes) -> tuple[str, list[str]] | None:
    """``("MuPDF", text of every page)``, or ``None`` when ``pymupdf`` is not installed."""
    try:
        import pymupdf
    except ImportError:
        return None
    with pymupdf.open(stream=data, filetype="pdf") as document:
        return "MuPDF", [page.get_text() for page in document]


def _without_footer(page: str, footer: list[str]) -> str:
    """The letters and digits of ``page`` (another reader's text of one page) without those
    of its running footer, which that reader gives at the end of the page in its own order.

    >>> _without_footer("Body text. Page 2 of 3 Desk", ["Desk", "Page 2 of 3"])
    'Bodytext'
    """
    shown, drawn = letters(page), letters("".join(footer))
    if drawn and len(shown) >= len(drawn) and sorted(shown[len(shown) - len(drawn):]) == sorted(drawn):
        return shown[:len(shown) - len(drawn)]
    return shown


def _join_broken_words(text: str) -> str:
    """The text with every word broken across lines (or pages) whole again.

    The exporter ends the first piece of such a word with a soft hyphen (U+00AD, drawn
    as a hyphen or as nothing), the PDF's sign for a line break inside a word:

    >>> _join_broken_words("Rindfleisch\\u00ad\\netikettierung and https://a.org\\u00ad\\n/x")
    'Rindfleischetikettierung and https://a.org/x'
    """
    return re.sub("\u00ad\\s*\n\\s*", "", text)


def _flatten(outline: Any) -> list[Any]:
    items: list[Any] = []
    for item in outline or []:
        items.extend(_flatten(item) if isinstance(item, list) else [item])
    return items


def _outline_title(item: Any) -> str:
    return str(getattr(item, "title", "") or "")


def _first(values: Any) -> str:
    return next(iter(values), "")

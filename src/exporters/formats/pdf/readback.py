"""Reading a PDF back: its metadata and its text as a reader gets them, with pypdf.

:func:`read_back` is ``PdfExporter.inspect``: the artifact-stage checks compare what it
returns with the model.
"""

from __future__ import annotations

import io
import re
from typing import Any

from ..base import Inspection
from .metadata import NAMESPACES

__all__ = ["read_back"]


def read_back(name: str, data: bytes) -> Inspection:
    """What a reader of the PDF ``data`` finds: Info, XMP, ``/Lang``, outline, and the text
    of every page in content order (running footer left out), read with pypdf."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    root = reader.trailer["/Root"]
    info = reader.metadata or {}
    xmp = _read_xmp(root)
    language = str(root.get("/Lang", "")) or _first(xmp.get("dc:language", []))
    authors = tuple(xmp.get("dc:creator", [])) or _split_authors(str(info.get("/Author", "")))
    undrawn: set[str] = set()
    pages = [_page_text(page, undrawn) for page in reader.pages]
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
            **({"undrawn": "".join(sorted(undrawn))} if undrawn else {}),
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


def _page_text(page: Any, undrawn: set[str] | None = None) -> str:
    """The text of one page in content order, as a reader of the page gets it.

    Marked content decides: text inside ``/Artifact`` (the running footer) is left
    out, and a span with ``/ActualText`` (a line of shaped right-to-left text)
    contributes its actual text instead of its glyphs. Characters no font could draw
    (set in the ``NoGlyph`` font, see :mod:`.fonts`) are added to ``undrawn``.
    """
    from .fonts import is_invisible, is_no_glyph_font

    _leave_out_replaced_glyphs(page)
    parts: list[str] = []
    spans: list[str | None] = []

    def operator(name: bytes, operands: list[Any], cm: Any, tm: Any) -> None:
        if name in (b"BMC", b"BDC"):
            properties = operands[1] if len(operands) > 1 and hasattr(operands[1], "get") else {}
            actual = properties.get("/ActualText") if properties else None
            if str(operands[0]) == "/Artifact":
                spans.append("")
            elif actual is not None:
                spans.append(_text_string(actual))
            else:
                spans.append(None)
        elif name == b"EMC" and spans:
            actual = spans.pop()
            if actual and not any(span is not None for span in spans):
                parts.append(actual + "\n")

    def text(value: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if undrawn is not None and font is not None and is_no_glyph_font(str(font.get("/BaseFont", ""))):
            undrawn.update(char for char in value if not (char.isspace() or is_invisible(char)))
        if not any(span is not None for span in spans):
            parts.append(value)

    page.extract_text(visitor_operand_before=operator, visitor_text=text)
    return "".join(parts)


_SHOWS_TEXT = frozenset({b"Tj", b"TJ", b"'", b'"'})


def _leave_out_replaced_glyphs(page: Any) -> None:
    """Take the glyphs inside ``/ActualText`` spans out of the page before pypdf reads it.

    The span's actual text stands for them. Left in, they mislead pypdf: it takes a run
    of Persian glyphs for right-to-left text and goes on reading right to left up to the
    next left-to-right letter, so the ``— (`` that begins the next paragraph comes back
    ``( —``. Glyphs in the ``NoGlyph`` font stay, so undrawn characters are still found.
    Only this reader's page object changes, not the file.
    """
    from pypdf.generic import ContentStream, NameObject

    from .fonts import is_no_glyph_font

    if "/Contents" not in page:
        return
    content = ContentStream(page["/Contents"].get_object(), page.pdf, "bytes")  # as pypdf reads text
    fonts = page["/Resources"]["/Font"] if "/Font" in page.get("/Resources", {}) else {}
    kept, replaced, font = [], [], ""
    for operands, operator in content.operations:
        if operator in (b"BMC", b"BDC"):
            properties = operands[1] if len(operands) > 1 and hasattr(operands[1], "get") else {}
            replaced.append("/ActualText" in properties)
        elif operator == b"EMC" and replaced:
            replaced.pop()
        elif operator == b"Tf" and operands:
            font = str(fonts[operands[0]].get("/BaseFont", "")) if operands[0] in fonts else ""
        elif operator in _SHOWS_TEXT and any(replaced) and not is_no_glyph_font(font):
            continue
        kept.append((operands, operator))
    content.operations = kept
    page[NameObject("/Contents")] = content


def _join_broken_words(text: str) -> str:
    """The text with every word broken across lines (or pages) whole again.

    The exporter ends the first piece of such a word with a soft hyphen (U+00AD, drawn
    as a hyphen or as nothing), the PDF's sign for a line break inside a word:

    >>> _join_broken_words("Rindfleisch\\u00ad\\netikettierung and https://a.org\\u00ad\\n/x")
    'Rindfleischetikettierung and https://a.org/x'
    """
    return re.sub("\u00ad\\s*\n\\s*", "", text)


def _text_string(value: Any) -> str:
    """A PDF text string as pypdf hands it over (str, or bytes with a UTF-16 byte order mark)."""
    if isinstance(value, bytes):
        if value.startswith(b"\xfe\xff"):
            return value[2:].decode("utf-16-be", "replace")
        return value.decode("latin-1")
    return str(value)


def _flatten(outline: Any) -> list[Any]:
    items: list[Any] = []
    for item in outline or []:
        items.extend(_flatten(item) if isinstance(item, list) else [item])
    return items


def _outline_title(item: Any) -> str:
    return str(getattr(item, "title", "") or "")


def _first(values: Any) -> str:
    return next(iter(values), "")

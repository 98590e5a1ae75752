"""The DOCX writer's shortcuts give the bytes python-docx's own calls give.

A batch builds each document from the reference's parts read once per process, builds
paragraphs and runs as elements instead of through python-docx's setters, and zips the
members python-docx's package writer hands over instead of its saved zip. Each test
holds one shortcut to the python-docx calls it replaces, on the samples and on runs
with every combination of bold, italic, right-to-left, another language and a link.
"""

from __future__ import annotations

import io
import itertools

import docx as python_docx
import pytest
from conftest import sample_articles
from docx.oxml import OxmlElement
from lxml import etree

from exporters import api
from exporters.facts import build_time
from exporters.formats.common import normalize_zip, zip_parts
from exporters.formats.docx import (
    _AFTER_BIDI,
    _AFTER_LANG,
    _document_from,
    _language_element,
    _load_reference,
    _open_reference,
    _package_members,
    _set_properties,
    _Voice,
    _Writer,
    default_reference,
)
from exporters.model import Article, Bundle
from exporters.text import xml_safe

FIRST = ("[Content_Types].xml",)


def _zipped(document, when) -> bytes:
    return zip_parts(_package_members(document), when, first=FIRST)


@pytest.mark.parametrize("path", sample_articles(), ids=lambda path: path.name)
def test_the_members_zip_to_the_bytes_of_python_docx_save(path):
    bundle = api.read_bundle([path])
    document, style_ids = _open_reference("")
    _Writer(document, bundle, style_ids).write()
    _set_properties(document, bundle)
    saved = io.BytesIO()
    document.save(saved)
    when = build_time(bundle)
    assert _zipped(document, when) == normalize_zip(saved.getvalue(), when, first=FIRST)


def test_a_document_from_the_parts_read_once_is_the_document_python_docx_opens():
    target = default_reference()
    stat = target.stat()
    reference = _load_reference(str(target.resolve()), stat.st_mtime_ns, stat.st_size)
    when = build_time(Bundle.of(Article(id="a", language="en", headline="H")))
    assert _zipped(_document_from(reference.reader), when) == _zipped(python_docx.Document(str(target)), when)


TEXTS = ("Caspian port", " leading and trailing ", "tab\there", "two\nlines\r\nand a break", "\t", "")


def _old_paragraph(document, style_id: str | None, rtl: bool):
    """What the writer did before: python-docx's add_paragraph, style and w:bidi."""
    paragraph = document.add_paragraph()
    if style_id is not None:
        paragraph._p.style = style_id
    if rtl:
        paragraph._p.get_or_add_pPr().insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)
    return paragraph


def _old_run(container, paragraph, text: str, voice: _Voice, hyperlink_id: str, bold: bool, italic: bool):
    """What the writer did before: python-docx's add_run and its setters."""
    run = paragraph.add_run(xml_safe(text))
    if container is not paragraph._p:
        container.append(run._r)
        run._r.style = hyperlink_id
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if voice.rtl:
        run.font.rtl = True
        run.font.cs_bold = True if bold else None
        run.font.cs_italic = True if italic else None
    if voice.marked:
        run._r.get_or_add_rPr().insert_element_before(_language_element(voice.language), *_AFTER_LANG)
    return run


@pytest.mark.parametrize("style", ["Normal", "Heading 2", "Caption"])
@pytest.mark.parametrize("rtl, marked, linked", list(itertools.product((False, True), repeat=3)))
def test_paragraphs_and_runs_are_the_elements_python_docx_makes(style, rtl, marked, linked):
    bundle = Bundle.of(Article(id="a", language="en", headline="H"))
    document, style_ids = _open_reference("")
    writer = _Writer(document, bundle, style_ids)
    voice = _Voice(language="fa" if marked else "en", rtl=rtl, marked=marked)
    old_document, old_ids = _open_reference("")
    old_writer = _Writer(old_document, bundle, old_ids)
    for text, bold, italic in itertools.product(TEXTS, (False, True), (False, True)):
        new = writer.paragraph(style, voice)
        old = _old_paragraph(old_document, old_writer.style_ids[style], rtl)
        containers = []
        for paragraph in (new, old):
            container = paragraph._p
            if linked:
                container = etree.SubElement(paragraph._p, "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}hyperlink")
            containers.append(container)
        writer.run(containers[0], new, text, voice, bold=bold, italic=italic).add_break()
        _old_run(containers[1], old, text, voice, old_writer.style_ids["Hyperlink"], bold, italic).add_break()
        assert etree.tostring(new._p) == etree.tostring(old._p), (text, bold, italic)
    assert etree.tostring(document.element) == etree.tostring(old_document.element)

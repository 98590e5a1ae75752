"""Right-to-left text in the PDF: the bidirectional levels, shaping in context, and what a reader gets back.

The level functions of :mod:`exporters.formats.pdf.bidi` are checked on small strings
whose display order is worked out by hand from the Unicode bidirectional algorithm (UAX #9).
Everything else is read back from a real PDF: with ``inspect`` (pypdf, ``/ActualText``),
and the drawn glyphs with ``pdftotext`` (poppler) or pypdf with ``/ActualText`` turned off.
"""

from __future__ import annotations

import io
import re
import subprocess

import pytest
from conftest import ARTICLES, require

from exporters import api
from exporters.body import Emphasis, Link, ListBlock, Paragraph, Quote, Strong
from exporters.checks import compare
from exporters.formats.pdf import PdfExporter
from exporters.formats.pdf.bidi import (
    drawable,
    embedding_levels,
    line_levels,
    right_to_left,
    visual_order,
)
from exporters.formats.pdf.fonts import register_fonts
from exporters.model import Article, Bundle
from exporters.text import letters, normalize


def display(text: str, rtl: bool) -> str:
    """``text`` in display order, left to right, without shaping (rules L1, L2 and L4 as the PDF applies them)."""
    levels = line_levels(text, embedding_levels(text, rtl), rtl)
    mirrored = [right_to_left(character, 0, 1, None, "") if level % 2 else character
                for character, level in zip(text, levels)]
    return "".join(visual_order(mirrored, levels))


def article(*body, language: str = "fa", headline: str = "آزمایش") -> Bundle:
    return Bundle.of(Article(id="bidi", language=language, headline=headline, body=tuple(body)))


def read_back(bundle: Bundle, **options) -> tuple[str, list]:
    """The text ``inspect`` reads from the PDF of ``bundle``, and what the comparison with the bundle finds."""
    inspection = PdfExporter().inspect(api.render(bundle, "pdf", options).data)
    return inspection.text, compare(bundle, inspection)


def drawn_text(bundle: Bundle, tmp_path) -> str:
    """The glyphs as poppler reads them from the page (no ``/ActualText``)."""
    path = tmp_path / "drawn.pdf"
    path.write_bytes(api.render(bundle, "pdf", {"actual_text": False}).data)
    result = subprocess.run([require("pdftotext"), "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                            check=True)
    return result.stdout


# -- levels and display order ---------------------------------------------------------------------


@pytest.mark.parametrize("text, rtl, shown", [
    ("abc", False, "abc"),
    ("שלום", False, "םולש"),
    ("abcשלום", False, "abcםולש"),                       # a mixed word: Latin forwards, Hebrew backwards
    ("abcשלום", True, "םולשabc"),
    ("Tel-Aviv-יפו", True, "ופי-Tel-Aviv"),              # the hyphen inside the Latin name stays with it
    ("ab אב 12", False, "ab 12 בא"),                      # a number after Hebrew follows it to the left
    ("سلام (Jane) دنیا", True, "این\u062f (Jane) مالس"),  # brackets mirrored around the Latin name
    ("(שלום)", False, "(םולש)"),
    ("ab  ", True, "  ab"),                               # L1: trailing spaces take the paragraph's level
])
def test_display_order_of_plain_text(text, rtl, shown):
    assert display(text, rtl) == shown


@pytest.mark.parametrize("text, rtl", [
    ("ع 12", False), ("a 12%", True), ("1,5 و 2,5", True), ("abc אבג 123 דה xyz", False),
    ("سلام \u2067Jane Doe\u2069 دنیا", True),                                    # an isolate
    ("\u202bEnglish (first) \u202cو", False),                                    # an embedding
    ("او گفت (Jane [Doe] «x») و رفت", True),                                       # bracket pairs
    ("שלום world 12 עולם", False),
])
def test_lines_are_ordered_as_python_bidi_orders_them(text, rtl):
    """The levels are python-bidi's; the line reordering here (rules L1, L2 on them) gives its display order."""
    from bidi import get_display

    expected = get_display(text, base_dir="R" if rtl else "L")
    levels = line_levels(text, embedding_levels(text, rtl), rtl)
    ours = "".join(visual_order(list(text), levels))
    assert [char for char in ours if char not in "\u202a\u202b\u202c\u2066\u2067\u2069"] == \
        [char for char in expected if char not in "\u202a\u202b\u202c\u2066\u2067\u2069"]


def test_a_date_and_time_after_persian_words_read_as_written():
    text = "انتشار 2026-03-10 09:00 +0330"
    levels = embedding_levels(text, rtl=True)
    assert levels[:7] == [1] * 7 and set(levels[7:]) == {2}
    assert display(text, rtl=True).startswith("2026-03-10 09:00 +0330 ")


def test_a_persian_word_with_a_latin_root_keeps_the_root_forwards():
    text = "COVID-19\u200cها"
    assert embedding_levels(text, rtl=True) == [2] * 9 + [1, 1]
    assert display(text, rtl=True) == "اهCOVID-19\u200c"


def test_invisible_characters_are_not_drawn():
    assert drawable("a\u007fb\u0080c\u009fd zero\u200bwidth") == "abcd zerowidth"
    assert drawable("next\u0085line") == "next line"  # NEL ends a line, as normalize() reads it
    assert drawable("نمونه\u200cپور\u200d") == "نمونه\u200cپور\u200d"     # joiners stay: they shape


# -- shaping ------------------------------------------------------------------------------------------


def test_a_letter_takes_its_joining_form_from_the_text_around_it():
    font = register_fonts()[(False, False)]
    alone = right_to_left("ب", 0, 1, font, "fa")
    before_heh = right_to_left("به", 0, 1, font, "fa")       # the same letter, a heh after it in another run
    assert alone == "ب" and before_heh != alone
    assert right_to_left("به", 0, 2, font, "fa").endswith(before_heh)



@pytest.mark.parametrize("language, text", [
    ("fa", "لا سلام الله گیلان کتابخانه‌های سیار"),
    ("ar", "بسم الله الرحمن الرحيم لا إله"),
    ("he", "שָׁלוֹם ירושלים ﬠ"),
    ("fa", "۱۲ (2026) قیمت ﷼"),
])
def test_shaping_with_harfbuzz_defaults_gives_the_glyphs_of_ligatures_and_kerning_named(language, text):
    """Words are shaped with HarfBuzz's default features, which for horizontal Arabic and Hebrew
    text include ligatures and kerning: the same glyphs, in the same clusters, as with both named."""
    import uharfbuzz

    font = register_fonts()[(False, False)]

    def glyphs(features):
        buffer = uharfbuzz.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        buffer.direction, buffer.language = "rtl", language
        buffer.flags = uharfbuzz.BufferFlags.PRESERVE_DEFAULT_IGNORABLES
        uharfbuzz.shape(font._hb, buffer, features)
        return [(info.codepoint, info.cluster) for info in buffer.glyph_infos]

    assert glyphs(None) == glyphs({"kern": True, "liga": True})
    switched_off = {"ccmp": False, "liga": False, "rlig": False, "init": False, "medi": False, "fina": False}
    assert glyphs(None) != glyphs(switched_off)  # the comparison can fail


# -- read back from a real PDF ----------------------------------------------------------------------


@pytest.mark.parametrize("content, language", [
    (("گوشی ", Strong(content=("iPhone",)), "\u200cهای جدید"), "fa"),
    (("ب", Strong(content=("ירושלים",)), " היום"), "he"),
    (("Visit ", Emphasis(content=("Tel-Aviv",)), "-יפו today"), "en"),
    (("کتاب", Link(href="https://example.org/", content=("‌ها",)), " و ", Strong(content=("دفتر",)), "ها"), "fa"),
])
def test_a_word_across_inline_runs_reads_back_whole(content, language):
    text, findings = read_back(article(Paragraph(content=content), language=language))
    assert findings == []
    source = "".join(part if isinstance(part, str) else part.content[0] for part in content)
    assert normalize(source).replace(" ", "") in normalize(text).replace(" ", "")   # pypdf guesses spaces from gaps


def test_latin_and_digits_inside_right_to_left_words_are_drawn_forwards(tmp_path):
    words = ["COVID-19\u200cها", "iPhone\u200cهای", "Tel-Aviv-יפו", "abcשלום"]
    shown = drawn_text(article(*(Paragraph(content=(word,)) for word in words)), tmp_path)
    for latin in ("COVID-19", "iPhone", "Tel-Aviv", "abc"):
        assert latin in shown
    text, findings = read_back(article(*(Paragraph(content=(word,)) for word in words)))
    assert findings == [] and all(word in text for word in words)


def test_the_attribution_of_a_right_to_left_quote_in_a_left_to_right_article():
    quote = Quote(content=("سلام دنیا",), attribution="(Jane Doe)")
    text, findings = read_back(article(quote, Paragraph(content=("(after) the quote",)), language="en"))
    assert findings == []
    assert "— (Jane Doe)\n(after) the quote" in text


@pytest.mark.parametrize("words", ["Say\u00a0hi\u200bthere", "\u00a0ข่าว\u200bวันนี้", "می\u200bخواهم\u00a0کتاب"])
def test_a_zero_width_space_beside_a_no_break_space_draws_nothing(words):
    text, findings = read_back(article(Paragraph(content=(words,)), language="en"))
    assert findings == []
    assert normalize(words) in normalize(text)


def test_control_characters_draw_nothing(tmp_path):
    bundle = article(Paragraph(content=("Tab\there, delete\u007fthere, C1 control\u0080and\u009fthese.",)), language="en")
    shown = drawn_text(bundle, tmp_path)
    assert "Tab here, deletethere, C1 controlandthese." in shown
    text, _ = read_back(bundle)
    assert "deletethere, C1 controlandthese." in text and not any(0x7f <= ord(c) <= 0x9f for c in text)


def test_a_right_to_left_list_item_across_a_page_keeps_its_bullet_in_front():
    filler = [Paragraph(content=("این یک پاراگراف است. " * 3,)) for _ in range(26)]
    item = ("متن طولانی با کلمات English words و اعداد 123 در یک فهرست " * 12,)
    bundle = article(*filler, ListBlock(ordered=False, items=(item,)))
    data = api.render(bundle, "pdf").data
    inspection = PdfExporter().inspect(data)
    assert inspection.extra["pages"] == 2
    assert compare(bundle, inspection) == []
    assert "•\nمتنطولانی" in re.sub(r"[ \t]", "", inspection.text)


def test_right_to_left_pages_are_the_same_bytes_twice():
    bundle = article(Paragraph(content=("گوشی ", Strong(content=("iPhone",)), "\u200cهای جدید ۱۴۰۴ (2026)")))
    assert api.render(bundle, "pdf").data == api.render(bundle, "pdf").data


def test_glyphs_inside_actual_text_do_not_turn_the_next_paragraph_around():
    """pypdf reads the Persian glyphs right to left and would go on so into ``— (``."""
    bundle = article(Paragraph(content=("سلام دنیا",)), Paragraph(content=("— (Jane Doe)",)), language="en")
    text, findings = read_back(bundle)
    assert findings == [] and "سلام دنیا\n— (Jane Doe)" in text


# -- without /ActualText: the glyphs of a line are written in reading order ------------------------


MIXED = [
    (("به گفته برگزارکنندگان، در سه ماه نخست ۱۲۴۰ کتاب به امانت داده شده است.",), "fa"),   # Persian digits
    (("معلمان می‌گویند استقبال کودکان ", Strong(content=("بیش از انتظارشان",)), " بوده است."), "fa"),
    (("مسیرها با کمک نقشه ", Link(href="https://www.openstreetmap.org/", content=("OpenStreetMap",)),
      " برنامه‌ریزی می‌شود.",), "fa"),
    (("© 2026 خبرگزاری نمونه. همه حقوق محفوظ است.",), "fa"),                                  # © reads left to right
    (("او گفت «سلام دنیا» و رفت (Jane Doe) و قیمت ۱۲٬۵۰۰ (2026) است.",), "fa"),              # mirrored pairs
    (("(Jane Doe)",), "fa"),
    (("گوشی ", Strong(content=("iPhone",)), "\u200cهای جدید ۱۴۰۴ (2026) رسید. " * 6), "fa"),  # several lines
    (("ב", Strong(content=("ירושלים",)), " היום, (20%) מהתושבים ו-Tel-Aviv-יפו."), "he"),
    (("Visit ", Emphasis(content=("Tel-Aviv",)), "-יפו today and ", Link(href="https://example.org/",
      content=("ירושלים",)), " tomorrow."), "en"),
    (("abc אבג 123 דה xyz and abc\u00a0שלום\u00a0def",), "en"),
]


#: The lines of MIXED that poppler's own bidi pass cannot read in order: it reads the sections of a
#: left-to-right line from the left and a number always forwards, so a number inside a right-to-left
#: run of a left-to-right line comes out before the words it follows. The check reports them (A217).
#: Two numbers in a right-to-left line (``۱۲٬۵۰۰ (2026)``) read right since a right-to-left mark
#: parts them (:func:`~exporters.formats.pdf.bidi.number_marks`).
POPPLER_LIMITS = {9}


@pytest.mark.parametrize("number", range(len(MIXED)))
def test_a_mixed_line_reads_back_in_reading_order(number):
    """pypdf (the read-back) gets every mixed line as written; poppler every one but its known limits."""
    content, language = MIXED[number]
    bundle = article(Paragraph(content=content), language=language)
    text, findings = read_back(bundle)
    source = "".join(part if isinstance(part, str) else part.content[0] for part in content)
    assert normalize(source).replace(" ", "") in normalize(text).replace(" ", "")
    expected = [("A217", "warning")] if number in POPPLER_LIMITS and require("pdftotext") else []
    assert [(finding.code, finding.severity) for finding in findings] == expected
    pymupdf = pytest.importorskip("pymupdf")                     # MuPDF reads every one of them in order
    with pymupdf.open(stream=api.render(bundle, "pdf").data, filetype="pdf") as document:
        assert letters(source) in letters("".join(page.get_text() for page in document))


def test_pypdf_alone_reads_mixed_words_in_reading_order():
    from pypdf import PdfReader

    words = ["Tel-Aviv-יפו", "COVID-19\u200cها", "iPhone\u200cهای", "abcשלום", "نخست ۱۲۴۰ کتاب"]
    data = api.render(article(*(Paragraph(content=(word,)) for word in words)), "pdf", {"actual_text": False}).data
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert all(normalize(word) in normalize(text) for word in words), text


def test_reading_order_moves_no_glyph_and_no_link(tmp_path, monkeypatch):
    """The page looks the same, with its links in the same places, as when reportlab writes each
    line in display order."""
    from PIL import Image, ImageChops
    from pypdf import PdfReader
    from reportlab.pdfgen.textobject import PDFTextObject

    from exporters.formats.pdf import flowables

    pdftoppm = require("pdftoppm")
    bundle = api.read_bundle([ARTICLES / "fa-gilan-mobile-library.json"])
    link_first = (Link(href="https://example.org/a", content=("پیوند فارسی",)), " و ", Strong(content=("متن",)))
    mixed = article(*(Paragraph(content=content) for content, _ in [*MIXED, (link_first, "fa")]),
                    Quote(content=("سلام دنیا",), attribution="(Jane Doe)"),
                    ListBlock(ordered=True, items=(("مورد با iPhone و ۱۲۳",),)))

    def shown(name: str, data: bytes) -> tuple[list, list]:
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        subprocess.run([pdftoppm, "-png", "-r", "100", str(path), str(tmp_path / name)], check=True)
        links = [[round(float(value), 3) for value in annotation.get_object()["/Rect"]]
                 for page in PdfReader(path).pages for annotation in page.get("/Annots") or []]
        return [Image.open(image).convert("RGB") for image in sorted(tmp_path.glob(f"{name}-*.png"))], links

    for number, story in enumerate((bundle, mixed)):
        for actual_text in (True, False):
            options = {"actual_text": actual_text}
            pages, links = shown(f"reading-{number}-{actual_text}", api.render(story, "pdf", options).data)
            with monkeypatch.context() as patch:
                patch.setattr(flowables, "ReadingText", lambda canvas, x, y, _: PDFTextObject(canvas, x, y))
                display, display_links = shown(f"display-{number}-{actual_text}", api.render(story, "pdf", options).data)
            assert len(pages) == len(display) > 0 and links == display_links and links
            # the same pixels; a glyph placed on its own may differ from a run in the last decimal of its
            # place, which can move a pixel's grey by one level out of 255
            assert all(max(high for _, high in ImageChops.difference(one, other).getextrema()) <= 1
                       for one, other in zip(pages, display))


@pytest.mark.parametrize("text, language", [("سلام abc \ue000 دنیا", "fa"), ("Hello سلام \ue000 دنیا", "en")])
def test_a_private_character_of_the_text_is_laid_out_left_to_right(text, language, tmp_path):
    """A private-use character of the input is a left-to-right letter to Unicode, and so to the
    layout (only the layout's own break marks are neutral): after a Latin word in a Persian line
    it reads with the word, between Persian words in an English line it parts them, and both
    pypdf and poppler read the line back as written (poppler's embedding controls and spaces aside)."""
    private = text.index("\ue000")
    latin = 2 if language == "fa" else 0   # the level of the Latin word: the character is set with it
    assert embedding_levels(text, rtl=language == "fa")[private] == latin
    bundle = article(Paragraph(content=(text,)), language=language)
    read, findings = read_back(bundle)
    assert [(finding.code, finding.severity) for finding in findings] == [("A216", "warning")]  # no font has it
    assert text.replace(" ", "") in read.replace(" ", "")
    assert text.replace(" ", "") in re.sub("[\\s\u202a-\u202e]", "", drawn_text(bundle, tmp_path))

"""What the PDF readers people use extract from our PDFs: poppler's ``pdftotext``, pypdf and MuPDF.

Every sample, the multilingual editions and the right-to-left edge cases are rendered and read
back by each reader on its own, without the exporter's help (no ``/ActualText``, no knowledge
of the layout). Readers space and punctuate right-to-left runs each their own way, so the
texts are compared by their letters and digits (:func:`exporters.text.letters`), in order.
"""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata

import pikepdf
import pytest
from conftest import ARTICLES, SAMPLES, missing_in_order, require, sample_articles

from exporters import api
from exporters.body import Paragraph, block_text
from exporters.checks import compare
from exporters.formats.pdf import PdfExporter
from exporters.formats.pdf import readback
from exporters.model import Article, Bundle
from exporters.testing import edition_bundle
from exporters.text import letters

PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")
#: What poppler wraps around the runs it reorders (LRE, RLE, PDF), and the marks we add.
BIDI_MARKS = re.compile("[\u202a-\u202e\u200e\u200f]")


def pdftotext(data: bytes) -> str:
    return subprocess.run([require("pdftotext"), "-q", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True,
                          check=True).stdout.decode("utf-8")


def pypdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def mupdf_text(data: bytes) -> str:
    pymupdf = pytest.importorskip("pymupdf")
    with pymupdf.open(stream=data, filetype="pdf") as document:
        return "\n".join(page.get_text() for page in document)


READERS = {"poppler": pdftotext, "pypdf": pypdf_text, "mupdf": mupdf_text}


def pieces(bundle: Bundle) -> list[str]:
    """Every headline and text of the body, in the order of the document."""
    found = []
    for article in bundle.articles:
        found.append(article.headline)
        found += [piece for block in article.body for piece in block_text(block)]
    return [piece for piece in found if letters(piece)]


def out_of_order(expected: list[str], text: str) -> list[str]:
    """The pieces whose letters and digits are not found in ``text`` after those of the piece before."""
    return missing_in_order(expected, text, key=letters)


def hostile_articles() -> list:
    from exporters.readers import article_files

    return [path for path in article_files(SAMPLES / "hostile") if path.suffix in (".json", ".md", ".txt", ".html")]


# -- every sample and edition, every reader ---------------------------------------------------------------


BUNDLES = {
    **{f"sample-{path.stem}": (lambda path=path: api.read_bundle([path])) for path in sample_articles()},
    **{f"hostile-{path.stem}": (lambda path=path: api.read_bundle([path])) for path in hostile_articles()},
    "edition-en-kk-fa": edition_bundle,
    "edition-of-every-sample": lambda: api.read_bundle(sample_articles(), title="Sample edition"),
}


#: Where MuPDF disagrees (README, "Persian in PDF"): three kinds of digits in one Persian line
#: come back in another order.
MUPDF_LIMITS = {"hostile-mixed-direction": ["اعداد فارسی ۱۲۳۴ و عربی ١٢٣٤ و لاتین 1234 کنار هم، با علامت\u200f و\u200e و \u061c نشانه."]}


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize("name", sorted(BUNDLES))
def test_every_reader_gets_the_text_in_reading_order(name, reader):
    bundle = BUNDLES[name]()
    data = api.render(bundle, "pdf").data
    text = READERS[reader](data)
    expected = MUPDF_LIMITS.get(name, []) if reader == "mupdf" else []
    assert out_of_order(pieces(bundle), text) == expected
    if not any(PRESENTATION_FORMS.search(piece) for piece in pieces(bundle)):
        assert not PRESENTATION_FORMS.search(text)


def test_the_persian_headline_reads_back_letter_for_letter_with_its_zero_width_non_joiner():
    headline = "کتابخانه سیار به روستاهای کوهستانی گیلان می\u200cرسد"
    bundle = api.read_bundle([ARTICLES / "fa-gilan-mobile-library.json"])
    assert bundle.lead.headline == headline
    data = api.render(bundle, "pdf").data
    poppler = [BIDI_MARKS.sub("", line).strip() for line in pdftotext(data).splitlines()]
    pypdf = [line.strip() for line in pypdf_text(data).splitlines()]
    mupdf = [line.strip() for line in mupdf_text(data).splitlines()]
    # The headline is set on two lines; each reader gives both, in order, ZWNJ and all.
    first, second = "کتابخانه سیار به روستاهای کوهستانی گیلان", "می\u200cرسد"
    for lines in (poppler, pypdf, mupdf):
        assert lines[lines.index(first) + 1] == second, lines[:6]


def test_poppler_structure_text_gives_persian_words_as_written(tmp_path):
    """``pdfinfo -struct-text`` takes each element's glyphs as they come in the page content:
    the glyphs of right-to-left words come in reading order, so it gets the words as written."""
    bundle = api.read_bundle([ARTICLES / "fa-gilan-mobile-library.json"])
    path = tmp_path / "fa.pdf"
    path.write_bytes(api.render(bundle, "pdf").data)
    output = subprocess.run([require("pdfinfo"), "-struct-text", str(path)], capture_output=True, check=True)
    shown = [line.strip().strip('"') for line in output.stdout.decode("utf-8").splitlines()
             if line.strip().startswith('"')]
    assert shown[1].replace(" ", "") == bundle.lead.headline.replace(" ", "")      # the H1, ZWNJ and all
    for piece in pieces(bundle)[1:]:
        assert any(letters(piece) in letters(text) for text in shown), piece


def test_poppler_structure_text_gives_persian_words_with_marks_and_invisible_characters_as_written(tmp_path):
    """Harakat, a right-to-left mark and an emoji joined with U+200D are glyphs of no width: the
    glyphs of their lines still come in reading order, and ``pdftotext`` keeps those lines whole."""
    texts = ("بِسْمِ سلامٌ علیکم\u200f خوب", "سلام 👩🏽\u200d💻 خوب", "قیمت ۱۲٬۵۰۰ (2026) تومان")
    bundle = Bundle.of(Article(id="z", language="fa", headline="نشانه‌ها",
                               body=tuple(Paragraph(content=(text,)) for text in texts)))
    path = tmp_path / "marks.pdf"
    path.write_bytes(api.render(bundle, "pdf").data)
    output = subprocess.run([require("pdfinfo"), "-struct-text", str(path)], capture_output=True, check=True)
    shown = [letters(line) for line in output.stdout.decode("utf-8").splitlines() if line.strip().startswith('"')]
    assert [letters(text) for text in texts] == shown[1:]
    assert out_of_order(pieces(bundle), pdftotext(path.read_bytes())) == []


def test_shaped_glyphs_map_to_base_letters_never_to_presentation_forms():
    data = api.render(api.read_bundle([ARTICLES / "fa-gilan-mobile-library.json"]), "pdf").data
    targets = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                cmap = font.ToUnicode.read_bytes().decode("latin-1")
                for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
                    targets += [bytes.fromhex(target).decode("utf-16-be")
                                for target in re.findall(r"^<[0-9A-F]+> <([0-9A-F]+)>$", block, re.M)]
    text = "".join(targets)
    assert "گ" in text and "\u200c" in text and not PRESENTATION_FORMS.search(text)
    # one glyph, one character: a ligature's other letters ride on glyphs of their own
    assert all(len(target) == 1 for target in targets if not BIDI_MARKS.fullmatch(target[:1] or "x"))


def test_the_lam_alef_ligature_is_read_as_lam_then_alef():
    bundle = Bundle.of(Article(id="l", language="fa", headline="سلام", body=(Paragraph(content=("کلاس گیلان لاله",)),)))
    data = api.render(bundle, "pdf").data
    for reader in READERS.values():
        assert "کلاسگیلانلاله" in letters(reader(data))


#: Latin names and numbers inside Persian: every reader gets each paragraph in order.
MIXED_PERSIAN = (
    "قیمت ۱۲٬۵۰۰ (2026) تومان است.",                       # two numbers with only punctuation between them
    "(2026) 12",                                             # nothing right to left at all
    "در تاریخ ۱۳۹۶/۱۰/۲۶، ساعت 10:30 و 2018-01-16 منتشر شد.",
    "ساعت 10:30، ۱۳۹۶/۱۰/۲۶ و 2018-01-16 ۱۲٬۵۰۰ (2026) به iPhone 15 رسید.",
    "سازمان RFE/RL در Washington و خیابان Main Street 12 در رشت.",
    "قیمت ۱۲ ﷼ است.",                                        # a ligature of the text itself
    "سلام 👩🏽\u200d💻 خوب",                                  # an emoji joined with U+200D: a glyph of no width
    "بِسْمِ سلامٌ علیکم\u200f خوب",                           # harakat and a right-to-left mark
    "خبرنگار Jose\u0301 و Zoe\u0308 گفت.",                    # an accent ends a Latin name
)


@pytest.mark.parametrize("reader", sorted(READERS))
def test_latin_names_and_numbers_inside_persian_read_in_order(reader):
    bundle = Bundle.of(Article(id="m", language="fa", headline="اعداد و نام‌ها",
                               body=tuple(Paragraph(content=(text,)) for text in MIXED_PERSIAN)))
    data = api.render(bundle, "pdf").data
    assert out_of_order(pieces(bundle), READERS[reader](data)) == []
    assert compare(bundle, PdfExporter().inspect(data)) == []


#: A number inside right-to-left words of an English line: pypdf and MuPDF read it in order.
NUMBERS_IN_RIGHT_TO_LEFT_WORDS = ("The word کتاب۱۲ appears here.", "Tehran تهران ۱۴۰۲ and more.",
                                  "He said «سلام. خداحافظ» twice.")


def english_with_persian_numbers() -> Bundle:
    return Bundle.of(Article(id="n", language="en", headline="Numbers",
                             body=tuple(Paragraph(content=(text,)) for text in NUMBERS_IN_RIGHT_TO_LEFT_WORDS)))


@pytest.mark.parametrize("reader", ["pypdf", "mupdf"])
def test_numbers_inside_right_to_left_words_of_an_english_line_read_in_order(reader):
    bundle = english_with_persian_numbers()
    assert out_of_order(pieces(bundle), READERS[reader](api.render(bundle, "pdf").data)) == []


@pytest.mark.xfail(strict=True, reason="poppler's reorderText reads a left-to-right line in display order from the "
                   "left, forwards up to a right-to-left letter and backwards up to a digit or a number sign "
                   "(. , : / + -), so a number or a full stop inside right-to-left words of an English line "
                   "ends their run: it gives the number before the words it follows (Chromium's PDF too)")
def test_poppler_reads_numbers_inside_right_to_left_words_of_an_english_line_in_order():
    bundle = english_with_persian_numbers()
    assert out_of_order(pieces(bundle), pdftotext(api.render(bundle, "pdf").data)) == []


# -- the check: a file the common readers get wrong is a finding ---------------------------------------


def test_a_file_poppler_reads_back_to_front_is_a_finding():
    """With /ActualText around a Persian paragraph, poppler lays the span out left to right and
    turns it round: pypdf still reads it right, and the check reports what poppler does (A217)."""
    require("pdftotext")
    bundle = api.read_bundle([ARTICLES / "fa-gilan-mobile-library.json"])
    good = compare(bundle, PdfExporter().inspect(api.render(bundle, "pdf").data))
    bad = compare(bundle, PdfExporter().inspect(api.render(bundle, "pdf", {"actual_text": True}).data))
    assert good == []
    assert {finding.code for finding in bad} == {"A217"} and all("poppler" in finding.message for finding in bad)
    assert {finding.field for finding in bad} >= {"$.headline", "$.body[0]"}


def test_checking_a_file_alone_compares_its_readers_line_by_line():
    """``exporters check FILE`` without the article: another reader must read each line as pypdf does."""
    from exporters.checks.artifact_stage import self_findings

    require("pdftotext")
    bundle = api.read_bundle([ARTICLES / "fa-gilan-mobile-library.json"])
    good = self_findings(PdfExporter().inspect(api.render(bundle, "pdf").data))
    bad = self_findings(PdfExporter().inspect(api.render(bundle, "pdf", {"actual_text": True}).data))
    assert [finding.code for finding in good] == []
    assert [finding.code for finding in bad] == ["A217"] and "poppler" in bad[0].message


def test_without_poppler_mupdf_reads_the_file_and_without_either_pypdf_alone(monkeypatch):
    bundle = api.read_bundle([ARTICLES / "fa-gilan-mobile-library.json"])
    data = api.render(bundle, "pdf").data
    monkeypatch.setattr("shutil.which", lambda name: None)
    pytest.importorskip("pymupdf")
    inspection = PdfExporter().inspect(data)
    assert list(inspection.extra["readers"]) == ["MuPDF"] and compare(bundle, inspection) == []
    monkeypatch.setattr(readback, "_mupdf", lambda data: None)
    inspection = PdfExporter().inspect(data)
    assert "readers" not in inspection.extra and compare(bundle, inspection) == []


def test_a_page_of_persian_paragraphs_with_more_latin_letters_is_read_right_to_left_by_poppler():
    """poppler orders a page by the direction of most of its letters; the page says its own."""
    latin = "OpenStreetMap Wikipedia Mapillary GraphHopper Nominatim " * 3
    body = (Paragraph(content=(f"مسیرها با {latin} برنامه‌ریزی می‌شود.",)),
            Paragraph(content=("شماره ۱۲ و خیابان Main Street در رشت.",)))
    bundle = Bundle.of(Article(id="m", language="fa", headline="نقشه", body=body))
    data = api.render(bundle, "pdf").data
    assert sum(unicodedata.bidirectional(char) == "L" for char in latin) > 100
    assert out_of_order(pieces(bundle), pdftotext(data)) == []
    assert compare(bundle, PdfExporter().inspect(data)) == []


def test_flags_do_not_count_for_the_page_direction_poppler_reads_in():
    """poppler's table of directions stops at U+FFFF, so a flag's regional indicators (left to
    right to Unicode) count for neither direction: an English page whose Latin letters are fewer
    than its Persian ones unless the flags are counted still reads left to right."""
    fa = "کتابخانه سیار گیلان در روستاهای دورافتاده کار می‌کند و کتاب‌ها را به کودکان می‌رساند"
    body = (Paragraph(content=("Flags: " + "🇰🇿🇮🇷🇺🇸🇩🇪 " * 30,)), Paragraph(content=(f"He said «{fa}» on Monday.",)),
            Paragraph(content=("The vote was 12 to 3.",)))
    bundle = Bundle.of(Article(id="f", language="en", headline="Flags", body=body))
    data = api.render(bundle, "pdf").data
    latin = sum(unicodedata.bidirectional(char) == "L" for char in "".join(pieces(bundle)) if char <= "\uffff")
    assert latin < sum(unicodedata.bidirectional(char) in ("R", "AL") for char in fa)
    assert out_of_order(pieces(bundle), pdftotext(data)) == []
    assert compare(bundle, PdfExporter().inspect(data)) == []


def test_two_numbers_parted_only_by_an_emoji_in_persian_read_in_order_in_poppler():
    """Nothing between the numbers can carry the right-to-left mark (the emoji is in a fallback
    font), so the first digit or letter of the run before carries it."""
    texts = ("امتیاز ۱۲🙂2026 بود.", "ساعت 10:30🙂۱۳۹۶ است.", "نام José🙂2026 است.")
    body = tuple(Paragraph(content=(text,)) for text in texts)
    bundle = Bundle.of(Article(id="e", language="fa", headline="شکلک", body=body))
    data = api.render(bundle, "pdf").data
    assert out_of_order(pieces(bundle), pdftotext(data)) == []
    assert compare(bundle, PdfExporter().inspect(data)) == []


@pytest.mark.parametrize("reader", ["poppler", "pypdf", pytest.param("mupdf", marks=pytest.mark.xfail(
    strict=True, reason="MuPDF drops the second lam of الله, which the ligature's glyph carries on an empty glyph"))])
def test_a_line_where_a_ligature_carries_a_letter_twice_keeps_every_letter(reader):
    """The second lam of ``الله`` rides on an empty glyph that reads back as the glyph before it:
    poppler drops it as a duplicate when the glyphs come one by one, so such a line is written
    in runs and reads back with every letter."""
    texts = ("به نام الله و با یاد خدا.", "سبحان الله گفت.")
    body = tuple(Paragraph(content=(text,)) for text in texts)
    bundle = Bundle.of(Article(id="l", language="fa", headline="الله", body=body))
    data = api.render(bundle, "pdf").data
    assert out_of_order(pieces(bundle), READERS[reader](data)) == []
    assert compare(bundle, PdfExporter().inspect(data)) == []


def test_the_direction_marks_inside_lines_count_for_the_page_direction():
    """Each accent that ends a Latin name inside Persian reads back with a left-to-right mark,
    which poppler counts as a Latin letter: the page's own marks make up for them too."""
    names = "نام‌ها: " + " و ".join(["Jose\u0301"] * 12) + " بودند."
    bundle = Bundle.of(Article(id="p", language="fa", headline="نام‌ها", body=(Paragraph(content=(names,)),)))
    data = api.render(bundle, "pdf").data
    assert out_of_order(pieces(bundle), pdftotext(data)) == []
    assert compare(bundle, PdfExporter().inspect(data)) == []


# -- fallback fonts: a run of emoji is a few fragments, not one per character ------------------------------


def test_a_paragraph_of_joined_emoji_switches_fonts_rarely_and_reads_back():
    unit = "👩🏽\u200d💻🇰🇿👨\u200d👩\u200d👧🇮🇷🏳️\u200d🌈❤️\u200d🔥 "
    text = unit * 40
    bundle = Bundle.of(Article(id="e", language="en", headline="Emoji", body=(Paragraph(content=(text,)),)))
    data = api.render(bundle, "pdf").data
    switches = 0
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            switches += sum(str(operator) == "Tf" for _, operator in pikepdf.parse_content_stream(page))
    assert switches < len(text) / 4, switches          # one per character before runs were kept together
    inspection = PdfExporter().inspect(data)
    assert compare(bundle, inspection) == []
    assert api.render(bundle, "pdf").data == data

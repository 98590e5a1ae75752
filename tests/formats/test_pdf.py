"""The PDF format, read back with tools that share no code with it.

poppler (``pdftotext``, ``pdfinfo``, ``pdffonts``), ``qpdf --check`` and pikepdf (qpdf's
parser) read every sample; text is compared after :func:`exporters.text.normalize`.
Right-to-left samples are read twice: the glyphs themselves through ``pdftotext``
(rendered without ``/ActualText``, which poppler reverses), and the ``/ActualText``
spans through pikepdf.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import ARTICLES, missing_in_order, require, sample_articles
from test_pdf_readers import mupdf_text, pypdf_text

from exporters import api, attribution
from exporters.body import (
    Embed,
    Emphasis,
    Figure,
    Heading,
    Link,
    ListBlock,
    NoticeBlock,
    Paragraph,
    Quote,
    RelatedLink,
    Strong,
    block_text,
)
from exporters.checks import compare
from exporters.errors import UsageError
from exporters.formats.pdf import PdfExporter
from exporters.formats.pdf.style import load_style
from exporters.media import Image
from exporters.model import Article, Bundle, Credit, Dateline, Notice, Organization, Person, Resource, Rights
from exporters.text import normalize

pikepdf = pytest.importorskip("pikepdf")

_TZ = timezone(timedelta(hours=5))


# -- helpers ---------------------------------------------------------------------------------------


def render(bundle: Bundle, **options) -> bytes:
    return api.render(bundle, "pdf", options).data


def save(data: bytes, tmp_path: Path, name: str = "out.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def run(*command: str) -> str:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{command[0]} failed: {result.stderr}"
    return result.stdout


def page_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    """pdftotext of the text area only: the footer band under the bottom margin is cropped off."""
    require("pdftotext")
    width, height = page_size(path)
    bottom = load_style().page.margins_mm.bottom * 72 / 25.4
    crop = ["-x", "0", "-y", "0", "-W", str(int(width)), "-H", str(int(height - bottom))]
    pages = (["-f", str(first)] if first else []) + (["-l", str(last)] if last else [])
    return run("pdftotext", "-enc", "UTF-8", *crop, *pages, str(path), "-")


def page_size(path: Path) -> tuple[float, float]:
    info = pdfinfo(path)
    width, height = re.match(r"([\d.]+) x ([\d.]+)", info["Page size"]).groups()
    return float(width), float(height)


def pdfinfo(path: Path) -> dict[str, str]:
    require("pdfinfo")
    lines = run("pdfinfo", "-enc", "UTF-8", str(path)).splitlines()
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in lines)}


def expected_in_order(article: Article) -> list[str]:
    """What the page shows, in the order every format follows."""
    lead = article.lead_image.visible_text() if article.lead_image else []
    parts = [article.kicker, article.headline, article.subheadline, attribution.byline(article),
             *attribution.credit_lines(article), attribution.date_line(article), attribution.source_line(article),
             *lead]
    parts += [piece for block in article.body for piece in block_text(block)]
    parts += [notice.text for notice in article.notices]
    parts += [attribution.rights_line(article), article.publisher.name if article.publisher else "", article.url]
    return [part for part in parts if part.strip()]


def letters(text: str) -> str:
    """Only letters and digits: how right-to-left text is compared with what poppler reads from glyphs.

    poppler places neutral characters and spaces at the edges of right-to-left runs
    by its own rules, so punctuation and spacing are left out of the comparison.
    """
    return "".join(character for character in normalize(text) if character.isalnum())


def script_words(text: str) -> list[str]:
    """Words as runs of one script: Arabic letters, Persian digits, Latin, Cyrillic, other digits.

    poppler drops the space where the direction changes (``۱۴۰۴دو``), so words are also
    split where the script changes.
    """
    return re.findall(r"[\u0621-\u064a\u0671-\u06d3]+|[\u06f0-\u06f9\u0660-\u0669]+|[A-Za-z]+|[\u0400-\u04ff]+|[0-9]+",
                      normalize(text))


def actual_texts(data: bytes) -> str:
    """The ``/ActualText`` of every marked-content span, page by page, read with pikepdf."""
    found = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "BDC" and len(operands) == 2 and "/ActualText" in operands[1]:
                    found.append(str(operands[1].ActualText))
    return "\n".join(found)


def png(size: tuple[int, int], colour=(40, 90, 160)) -> bytes:
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def persian_article() -> Article:
    return Article(
        id="test-fa", language="fa", headline="صادرات غله از بندر آکتائو دو برابر شد",
        subheadline="خط آهن تازه کشاورزان را در یک روز به کشتی‌ها می‌رساند", kicker="اقتصاد",
        body=(
            Paragraph(content=("خبرگزاری‌ها گزارش دادند که صادرات غله در سه ماه نخست سال ۱۴۰۴ دو برابر شد.",)),
            Paragraph(content=("به گفته مقام‌های بندر، ", Strong(content=("۷٫۵ میلیارد دلار",)),
                               " قرارداد با شرکت‌های Boeing و General Electric امضا شد.")),
            Heading(content=("از یک هفته به یک روز",)),
            Quote(content=("راه‌آهن در یک فصل کاری را کرد که ما ده سال خواستار آن بودیم.",), attribution="آیگریم نورلانووا"),
            ListBlock(ordered=True, items=(("ایران، با کشتی به بندر انزلی",), ("جمهوری آذربایجان",))),
            NoticeBlock(text="یادداشت سردبیر: مقام‌های بندر درباره جو آماری ندادند."),
        ),
        authors=(Person(name="مریم احمدی", role="reporter"),),
        credits=(Credit(name="رویترز"), Credit(name="خبرگزاری فرانسه")),
        publisher=Organization(name="رادیو نمونه", url="https://fa.news.example.org/"),
        rights=Rights(notice="© ۲۰۲۶ رادیو نمونه. همه حقوق محفوظ است."),
        published=datetime(2026, 3, 2, 9, 30, tzinfo=timezone(timedelta(hours=3, minutes=30))),
        dateline=Dateline(place="آکتائو"),
        notices=(Notice(text="اصلاحیه: در نسخه پیشین طول خط آهن نادرست آمده بود.", kind="correction"),),
        url="https://fa.news.example.org/a/aktau",
    )


def kazakh_article() -> Article:
    return Article(
        id="test-kk", language="kk", headline="Ақтау портында астық тасымалы екі есе өсті",
        subheadline="Жаңа темір жол тармағы фермерлерге кемеге бір күнде жетуге мүмкіндік береді",
        kicker="Экономика",
        body=(
            Paragraph(content=("Ақтау порты арқылы астық жөнелту жылдың алғашқы үш айында екі есеге өсті, ",
                               Emphasis(content=("деп хабарлады",)), " порт өкілдері.")),
            Heading(content=("Бір аптадан бір күнге дейін",)),
            Paragraph(content=("Шаруалар: «Бұрын жүк көліктерін таңертең санап, болжайтынбыз», — дейді. ",
                               Link(href="https://kk.news.example.org/ktj", content=("Толығырақ",)), ".")),
            ListBlock(items=(("Иран",), ("Әзірбайжан",), ("Түрікменстан",))),
            RelatedLink(title="Каспий дәлізі не үшін маңызды", url="https://kk.news.example.org/caspian"),
            Embed(url="https://video.example.org/kk/1", title="Бейне: Ақтаудағы порт", provider="Мысал Бейне"),
        ),
        authors=(Person(name="Әлия Нұрланқызы", role="reporter"), Person(name="Ержан Үлгібаев", role="editor")),
        credits=(Credit(name="ҚазАқпарат"),),
        publisher=Organization(name="Мысал Жаңалықтары", url="https://kk.news.example.org/"),
        rights=Rights(notice="© 2026 Мысал Жаңалықтары"),
        published=datetime(2026, 3, 2, 9, 30, tzinfo=_TZ), dateline=Dateline(place="АҚТАУ", text="2 наурыз"),
        notices=(Notice(text="Түзету: порт өкілінің аты түзетілді.", kind="correction"),),
        url="https://kk.news.example.org/a/aktau",
    )


# -- every sample ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sample_articles(), ids=lambda path: path.stem)
def test_sample_reads_back_complete(path: Path, tmp_path: Path) -> None:
    """Fonts embedded, file sound, Info as in the article, every string of the page in order."""
    bundle = api.read_bundle([path])
    article = bundle.lead
    rtl = article.text_direction == "rtl"
    data = render(bundle)
    pdf = save(data, tmp_path)

    fonts = run(require("pdffonts"), str(pdf)).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts          # emb
    assert all("+FiraGO-" in line.split()[0] for line in fonts), fonts               # subset FiraGO only
    subprocess.run([require("qpdf"), "--check", str(pdf)], check=True, capture_output=True)

    info = pdfinfo(pdf)
    assert normalize(info["Title"]) == normalize(article.headline)
    for name in attribution.writer_names(article):
        assert normalize(name) in normalize(info["Author"])
    with pikepdf.open(pdf) as document:
        assert str(document.Root.Lang) == article.language

    text = page_text(pdf)
    expected = expected_in_order(article)
    if rtl:
        assert missing_in_order(expected, text, key=letters) == []
        assert not re.search("[\ufb50-\ufdff\ufe70-\ufefe]", text)                      # base letters
        assert missing_in_order(expected, pypdf_text(data), key=letters) == []
        assert missing_in_order(expected, mupdf_text(data), key=letters) == []
    else:
        assert missing_in_order(expected, text) == []
    for credit in attribution.photo_credits(article):
        assert normalize(credit) in normalize(text)


def test_checks_pass_on_every_sample() -> None:
    """The pipeline's own read-back (inspect) finds nothing missing in any sample."""
    for path in sample_articles():
        result = api.export(api.read_bundle([path]), ["pdf"])[0]
        errors = [finding for finding in result.findings if finding.severity == "error"]
        assert result.artifact is not None and errors == [], (path.name, errors)


# -- scripts -----------------------------------------------------------------------------------------


def test_persian_words_come_back_as_the_source_words(tmp_path: Path) -> None:
    article = persian_article()
    bundle = Bundle.of(article)
    glyphs = page_text(save(render(bundle, actual_text=False), tmp_path))
    source = " ".join(expected_in_order(article))
    persian = {word for word in script_words(source) if re.match("[\u0600-\u06ff]", word)}
    assert persian and persian - set(script_words(glyphs)) == set()
    assert missing_in_order(expected_in_order(article), glyphs, key=letters) == []
    shown = render(bundle)
    inspection = PdfExporter().inspect(shown)
    assert missing_in_order(expected_in_order(article), inspection.text) == []
    assert actual_texts(shown) == ""                         # every glyph reads back as its letter


def test_kazakh_article_reads_back_in_order(tmp_path: Path) -> None:
    article = kazakh_article()
    pdf = save(render(Bundle.of(article)), tmp_path)
    assert missing_in_order(expected_in_order(article), page_text(pdf)) == []
    assert "Авторы: Әлия Нұрланқызы" in page_text(pdf)


def test_persian_pages_are_numbered_in_persian(tmp_path: Path) -> None:
    pdf = save(render(Bundle.of(persian_article()), actual_text=False), tmp_path)
    full = run("pdftotext", "-enc", "UTF-8", str(pdf), "-")
    assert "۱" in full and "از" in full


# -- metadata -----------------------------------------------------------------------------------------


def test_metadata_in_info_xmp_and_catalog(full_bundle, tmp_path: Path) -> None:
    article = full_bundle.lead
    pdf = save(render(full_bundle), tmp_path)
    info = pdfinfo(pdf)
    assert info["Title"] == article.headline
    assert info["Subject"] == article.summary
    assert info["Keywords"] == ", ".join(article.keywords)
    assert info["Metadata Stream"] == "yes"
    assert info["CreationDate"].startswith("Mon Mar  2 09:05:00 2026")          # updated 14:05 +05:00
    with pikepdf.open(pdf) as document:
        assert str(document.Root.Lang) == "en"
        assert bool(document.Root.ViewerPreferences.DisplayDocTitle)
        meta = document.open_metadata()
        assert meta["dc:title"] == article.headline
        assert meta["dc:creator"] == ["Marat Example"]
        assert set(meta["dc:contributor"]) == {"Reuters", "AFP", "Saule Demo", "Aktau port authority", "Ruth Sample"}
        assert set(meta["dc:publisher"]) == {"Example News Desk"}
        assert meta["dc:rights"] == attribution.rights_line(article)
        assert set(meta["dc:language"]) == {"en"}
        assert set(meta["dc:subject"]) == set(article.keywords)
        assert meta["xmpRights:UsageTerms"] == article.rights.usage_terms
        assert meta["{http://prismstandard.org/namespaces/basic/3.0/}url"] == article.url
        assert meta["dc:date"] == ["2026-03-02T09:30:00+05:00"]
        with document.open_outline() as outline:
            top = outline.root
            assert [item.title for item in top] == [article.headline]
            assert [item.title for item in top[0].children] == ["From a week to a day"]
            assert [item.title for item in top[0].children[0].children] == ["What traders watch"]


def test_inspect_reads_metadata_and_leaves_out_the_footer(full_bundle) -> None:
    article = full_bundle.lead
    seen = PdfExporter().inspect(render(full_bundle))
    assert seen.title == article.headline and seen.language == "en"
    assert seen.authors == ("Marat Example",) and "Reuters" in seen.contributors
    assert seen.publisher == "Example News Desk" and seen.rights == attribution.rights_line(article)
    assert seen.published == "2026-03-02T09:30:00+05:00" and seen.modified == "2026-03-02T14:05:00+05:00"
    assert seen.identifier.startswith("urn:uuid:")
    assert "Page 1 of" not in seen.text
    assert missing_in_order(expected_in_order(article), seen.text) == []


def test_live_links_only_for_web_and_mail(tmp_path: Path) -> None:
    article = Article(id="links", language="en", headline="Links", body=(Paragraph(content=(
        Link(href="https://example.org/a", content=("web",)), " ",
        Link(href="mailto:desk@example.org", content=("mail",)), " ",
        Link(href="javascript:alert(1)", content=("script",)), " ",
        Link(href="file:///etc/passwd", content=("file",)))),))
    data = render(Bundle.of(article))
    with pikepdf.open(io.BytesIO(data)) as document:
        uris = [str(annot.A.URI) for page in document.pages for annot in page.get("/Annots", [])
                if "/A" in annot and "/URI" in annot.A]
    assert uris == ["https://example.org/a", "mailto:desk@example.org"]
    assert "script" in PdfExporter().inspect(data).text


def test_running_footer_says_page_n_of_m(full_bundle, tmp_path: Path) -> None:
    pdf = save(render(full_bundle), tmp_path)
    pages = int(pdfinfo(pdf)["Pages"])
    full = run("pdftotext", "-enc", "UTF-8", str(pdf), "-")
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in full
    assert full.count("Example News Desk") >= pages


# -- editions ----------------------------------------------------------------------------------------------


def test_edition_has_contents_outline_and_every_article(all_samples_bundle, tmp_path: Path) -> None:
    bundle = all_samples_bundle
    pdf = save(render(bundle), tmp_path)
    subprocess.run([require("qpdf"), "--check", str(pdf)], check=True, capture_output=True)
    assert pdfinfo(pdf)["Title"] == "Sample edition"
    first_page = normalize(page_text(pdf, 1, 2))
    assert "Contents" in first_page
    with pikepdf.open(pdf) as document, document.open_outline() as outline:
        titles = [item.title for item in outline.root]
        pages = {page.objgen: number for number, page in enumerate(document.pages, start=1)}
        starts = [pages[item.destination[0].objgen] for item in outline.root[1:]]
    assert titles[0] == "Contents"
    assert [normalize(title) for title in titles[1:]] == [normalize(article.headline) for article in bundle.articles]
    seen = PdfExporter().inspect(pdf.read_bytes())
    for article in bundle.articles:
        assert missing_in_order(expected_in_order(article), seen.text) == [], article.id
    contents = first_page.split("Contents", 1)[1]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    numbers = {int(number) for number in re.findall(r"\d+", contents)}
    assert set(starts) <= numbers                                         # the contents give each page


# -- determinism ----------------------------------------------------------------------------------------


def test_two_builds_are_byte_identical(full_bundle) -> None:
    persian = Bundle.of(persian_article())
    assert render(full_bundle) == render(full_bundle)
    assert render(persian) == render(persian)


def test_a_fresh_process_builds_the_same_bytes(full_bundle, tmp_path: Path) -> None:
    """Nothing in the file depends on what the process rendered before (fonts are shared)."""
    render(Bundle.of(persian_article()))
    here = render(full_bundle)
    script = ("import sys; from exporters import api; b = api.read_bundle([sys.argv[1]]); "
              "sys.stdout.buffer.write(api.render(b, 'pdf').data)")
    there = subprocess.run([sys.executable, "-c", script, str(ARTICLES / "port-of-aktau.json")],
                           capture_output=True, check=True).stdout
    assert here == there


def test_persian_gives_the_same_bytes_whatever_words_were_shaped_before(monkeypatch) -> None:
    """The fonts keep what HarfBuzz answered for the words they shaped (a bounded store that
    starts again when full), and a document keeps the shaped width of each word and the
    operators of each glyph it wrote: a Persian sample gives the same bytes in a fresh process,
    after other Persian and English documents here, and with a store of a single word."""
    from exporters.formats.pdf import fonts

    sample = ARTICLES / "fa-gilan-mobile-library.json"
    script = ("import sys; from exporters import api; b = api.read_bundle([sys.argv[1]]); "
              "sys.stdout.buffer.write(api.render(b, 'pdf').data)")
    there = subprocess.run([sys.executable, "-c", script, str(sample)], capture_output=True, check=True).stdout
    bundle = api.read_bundle([sample])
    render(Bundle.of(persian_article()))
    render(api.read_bundle([ARTICLES / "port-of-aktau.json"]))
    assert render(bundle) == there
    monkeypatch.setattr(fonts, "_DRAWN_KEPT", 1)
    assert render(bundle) == there


def test_a_private_character_is_drawn_the_same_whatever_was_shaped_before(tmp_path: Path) -> None:
    """Shaping Persian gives FiraGO made codes from U+F0000 on (and it holds U+E000 on from
    the start): a private character of the input is still one FiraGO lacks, drawn as the
    empty box, read back as itself, in the same bytes as in a process that shaped nothing."""
    from exporters.formats.pdf.fonts import NO_GLYPH, firago_face, font_chain

    firago_face(False, False).shape("لا سلام", rtl=True, language="fa")
    assert font_chain().runs("a\U000f0000\ue000", False, False) == [(None, "a"), (NO_GLYPH, "\U000f0000\ue000")]
    script = ("import sys; from exporters import api; from exporters.body import Paragraph; "
              "from exporters.model import Article, Bundle; "
              "a = Article(id='pua', language='en', headline='Private', "
              "body=(Paragraph(content=('Mark \\U000f0000 and \\ue000 here.',)),)); "
              "sys.stdout.buffer.write(api.render(Bundle.of(a), 'pdf').data)")
    there = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True).stdout
    render(Bundle.of(persian_article()))
    here = render(Bundle.of(Article(id="pua", language="en", headline="Private",
                                    body=(Paragraph(content=("Mark \U000f0000 and \ue000 here.",)),))))
    assert here == there
    assert "Mark \U000f0000 and \ue000 here." in page_text(save(here, tmp_path))


def test_a_bracket_no_font_has_reads_back_as_written_whatever_was_drawn_before(tmp_path: Path) -> None:
    """A right-to-left run draws a bracket as its mirror image only in a font that has that
    image; the empty box of a character no font has is its own mirror image, so the text reads
    back as written, in the same bytes as in a process that never drew the mirror bracket."""
    from exporters.formats.pdf.fonts import NO_GLYPH, font_chain

    if font_chain().runs("\uff5f\uff60", False, False) != [(NO_GLYPH, "\uff5f\uff60")]:
        pytest.skip("an installed fallback font has the fullwidth white parentheses")

    def persian(text: str) -> Bundle:
        return Bundle.of(Article(id="mirror", language="fa", headline="آینه", body=(Paragraph(content=(text,)),)))

    script = ("import sys; from exporters import api; from exporters.body import Paragraph; "
              "from exporters.model import Article, Bundle; "
              "a = Article(id='mirror', language='fa', headline='آینه', body=(Paragraph(content=('سلام \\uff5f خوب',)),)); "
              "sys.stdout.buffer.write(api.render(Bundle.of(a), 'pdf').data)")
    there = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True).stdout
    render(persian("سلام \uff60 خوب"))  # the mirror bracket, drawn first (no installed font has either)
    here = render(persian("سلام \uff5f خوب"))
    assert here == there
    assert "\uff5f" in page_text(save(here, tmp_path)) and "\uff60" not in page_text(save(here, tmp_path))


def test_private_characters_are_not_taken_for_the_line_break_marks(tmp_path: Path) -> None:
    """U+F8FE and U+F8FD in the text, beside words broken across lines (which end in the
    layout's own marks, read back as soft hyphens): each character is drawn as the empty box
    and reads back as itself, and nothing of the input is missing."""
    text = "Mark \uf8fe and \uf8fd here, word\uf8fe " + "Gesundheits" * 12 + " https://example.org/" + "abc/" * 40
    bundle = Bundle.of(Article(id="marks", language="en", headline="Marks", body=(Paragraph(content=(text,)),)))
    data = render(bundle)
    inspection = PdfExporter().inspect(data)
    assert [(finding.code, finding.severity) for finding in compare(bundle, inspection)] == [("A216", "warning")]
    assert "Mark \uf8fe and \uf8fd here, word\uf8fe " in inspection.text
    for read in (page_text(save(data, tmp_path)), pypdf_text(data)):
        assert "Mark \uf8fe and \uf8fd here, word\uf8fe " in read
        assert "\xad" in read   # the long words still break at the marks
        assert re.sub("[\\s\xad]", "", read).count(re.sub("\\s", "", text)) == 1


#: Private-use characters (the two the line-break marks once were, and the first of those
#: FiraGO makes as it shapes) and one no installed font has, in one order and the other.
_UNUSUAL = ("\ue000", "\uf8fd", "\uf8fe", "\U000f0000", "\uff5f")
_RENDER_IN_ORDER = (
    "import json, sys; from pathlib import Path; from exporters import api; "
    "from exporters.body import Paragraph; from exporters.model import Article, Bundle\n"
    "for name, language, text in json.loads(sys.argv[1]):\n"
    "    article = Article(id=name, language=language, headline=name, body=(Paragraph(content=(text,)),))\n"
    "    Path(sys.argv[2], name + '.pdf').write_bytes(api.render(Bundle.of(article), 'pdf').data)\n"
)


def test_private_characters_give_the_same_bytes_whatever_was_rendered_before(tmp_path: Path) -> None:
    """Two documents, the unusual characters in opposite orders (one in English with words
    broken across lines, one in Persian, which is shaped), rendered first one then the other
    in a fresh process and the other way round in another: the same bytes for each, and each
    reads back as written."""
    from exporters.formats.pdf.fonts import NO_GLYPH, font_chain

    if font_chain().runs("\uff5f", False, False) != [(NO_GLYPH, "\uff5f")]:
        pytest.skip("an installed fallback font has the fullwidth white parenthesis")
    documents = [
        ("latin", "en", "Mark " + " ".join(_UNUSUAL) + " here " + "Gesundheits" * 12 + " https://example.org/" + "abc/" * 40),
        ("persian", "fa", "لا سلام " + " ".join(reversed(_UNUSUAL)) + " دنیا"),
    ]
    builds = {}
    for order in (documents, documents[::-1]):
        folder = tmp_path / order[0][0]
        folder.mkdir()
        subprocess.run([sys.executable, "-c", _RENDER_IN_ORDER, json.dumps(order), str(folder)], check=True)
        builds[order[0][0]] = {name: (folder / f"{name}.pdf").read_bytes() for name, _, _ in documents}
    assert builds["latin"] == builds["persian"]
    for name, language, text in documents:
        data = builds["latin"][name]
        bundle = Bundle.of(Article(id=name, language=language, headline=name, body=(Paragraph(content=(text,)),)))
        inspection = PdfExporter().inspect(data)
        assert [(finding.code, finding.severity) for finding in compare(bundle, inspection)] == [("A216", "warning")]
        assert re.sub("[\\s\xad]", "", inspection.text).count(re.sub("\\s", "", text)) == 1
        drawn = re.sub("[\\s\xad\u202a-\u202e]", "", page_text(save(data, tmp_path, f"{name}.pdf")))
        assert all(character in drawn for character in _UNUSUAL)


# -- options -------------------------------------------------------------------------------------------


def test_letter_pages_and_a_user_style(full_bundle, tmp_path: Path) -> None:
    assert page_size(save(render(full_bundle, page_size="Letter"), tmp_path, "letter.pdf")) == (612.0, 792.0)
    style = tmp_path / "house.yaml"
    style.write_text("page:\n  size: Letter\n  margins_mm: {left: 30}\ncolours:\n  accent: '#004488'\n", encoding="utf-8")
    pdf = save(render(full_bundle, style=str(style)), tmp_path, "house.pdf")
    assert page_size(pdf) == (612.0, 792.0)
    words = run("pdftotext", "-bbox", str(pdf), "-")
    lefts = [float(x) for x in re.findall(r'<word xMin="([\d.]+)"', words)]
    assert min(lefts) == pytest.approx(30 * 72 / 25.4, abs=2)


def test_a_bad_style_file_names_the_key(full_bundle, tmp_path: Path) -> None:
    style = tmp_path / "bad.yaml"
    style.write_text("page:\n  colour: red\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"-O pdf\.style=.*colour"):  # checked with the options, before rendering
        render(full_bundle, style=str(style))


# -- hostile layout ------------------------------------------------------------------------------------


def test_hostile_layout_renders(tmp_path: Path) -> None:
    """A 2,000-character word, a very tall image, a 500-item list: laid out, nothing lost."""
    word = "Ә" + "x" * 1998 + "Z"
    persian_word = "آ" * 2000
    tall = Image(src="tall.png", alt="A very tall blue bar.", caption="Tall caption.", credit="Photo: Tall")
    items = tuple((f"Item {number}",) for number in range(1, 501))
    article = Article(id="hostile", language="en", headline=word[:200], body=(
        Paragraph(content=(word,)), Paragraph(content=(persian_word,)),
        Paragraph(content=(Link(href="https://example.org/" + "y" * 1500, content=("long link " * 50,)),)),
        ListBlock(items=items, ordered=True), Figure(image=tall),
    ))
    resources = {Bundle.resource_key(article, tall): Resource(data=png((40, 6000)), media_type="image/png",
                                                              width=40, height=6000)}
    bundle = Bundle.of(article, resources=resources)
    pdf = save(render(bundle), tmp_path)
    subprocess.run([require("qpdf"), "--check", str(pdf)], check=True, capture_output=True)
    text = page_text(pdf)
    assert "".join(normalize(text).split()).count("x" * 100) >= 1
    assert normalize("Item 500") in normalize(text) and "Tall caption." in text
    squeezed = "".join(normalize(text).split())
    assert word[:100] in squeezed and word[-50:] in squeezed


@pytest.mark.slow
def test_a_two_hundred_page_article(tmp_path: Path) -> None:
    paragraph = ("Grain shipments through the Caspian port of Aktau doubled in the first three months "
                 "of the year, officials said on Monday. ") * 3
    body = tuple(Paragraph(content=(f"{number}. {paragraph}",)) for number in range(1, 2201))
    body += (Heading(content=("The last subhead",)), Paragraph(content=("The very last paragraph.",)))
    article = Article(id="long", language="en", headline="A very long article", body=body)
    pdf = save(render(Bundle.of(article)), tmp_path)
    pages = int(pdfinfo(pdf)["Pages"])
    assert pages >= 200
    assert "The very last paragraph." in page_text(pdf, pages, pages)
    assert f"Page {pages} of {pages}" in run("pdftotext", "-f", str(pages), "-l", str(pages), str(pdf), "-")


def test_a_corrupt_image_stops_with_exit_2_naming_it(tmp_path: Path) -> None:
    (tmp_path / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\nthis is not a picture")
    story = {"id": "corrupt", "language": "en", "headline": "Corrupt", "published": "2026-03-02T09:30:00+05:00",
             "lead_image": {"src": "broken.png", "alt": "Nothing.", "credit": "Photo: Nobody"},
             "body": [{"type": "paragraph", "content": ["Text."]}]}
    (tmp_path / "corrupt.json").write_text(json.dumps(story), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "exporters", "export", str(tmp_path / "corrupt.json"),
                             "--format", "pdf", "-o", str(tmp_path / "out")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert "broken.png" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.pdf"))

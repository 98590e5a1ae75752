"""Floor for PDF: the toolkit's document written with bare reportlab platypus, the way the manual shows.

    python -m bench.floor.pdf plain/00000-en.json out.pdf

It reads the plain document's ``page`` data (the story: kicker, headline, dek, byline, credit
lines, dateline, dates, source, figures with caption and credit, every body block with its
bold, italic and links, notices, rights, publisher, URL) and its ``pdf`` data (Info facts,
running footer), and writes them in the toolkit's order, sizes, colours and faces: a
``SimpleDocTemplate`` on A4 with the same margins and Info dictionary (title, author, subject,
keywords, creator, producer, ``/Lang``), one ``Paragraph`` per text in FiraGO (embedded and
subset; bold, italic), ``HRFlowable`` rules, ``Image`` flowables scaled to the text width,
outline entries for the headline and subheads (``afterFlowable``), and a "page N of M" footer
with the publisher, drawn when the document is saved (reportlab's numbered-canvas recipe).
Right-to-left text goes through reportlab's own shaping (uharfbuzz). Left out, since bare
reportlab has no such thing: the structure tree and marked content (tagging), the bidi ordering
of mixed lines, fallback fonts for what FiraGO lacks, and the XMP packet.
"""

from __future__ import annotations

import io
from functools import cache
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import HRFlowable, Image, KeepTogether, Paragraph, SimpleDocTemplate

from ._doc import main

#: The floor's own names for the FiraGO faces.
REGULAR, BOLD, ITALIC, BOLD_ITALIC = "FloorFiraGO", "FloorFiraGO-Bold", "FloorFiraGO-Italic", "FloorFiraGO-BoldItalic"

TEXT, MUTED, ACCENT, LINK, RULE, NOTICE = "#1b1b1b", "#5f5f5f", "#a4161a", "#0b4f8a", "#c8c8c8", "#f4f1e8"
MARGINS = {"leftMargin": 20 * mm, "rightMargin": 20 * mm, "topMargin": 18 * mm, "bottomMargin": 22 * mm}
BODY, LEADING, META, CAPTION = 10.5, 1.42, 9, 8.5
HEADINGS = {2: 15, 3: 13, 4: 11.5, 5: 10.5, 6: 10.5}


@cache
def fonts() -> None:
    """Register FiraGO's four faces once per process (the files the toolkit ships), as fonts of
    the floor's own: reportlab hands out an already registered font for a face of the same
    name, so without a name of their own the floor would draw with the toolkit's FiraGO objects
    (and change them) when both run in one process."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from exporters.formats.pdf.fonts import FIRAGO_FOLDER

    for name, file in ((REGULAR, "Regular"), (BOLD, "Bold"), (ITALIC, "Italic"), (BOLD_ITALIC, "BoldItalic")):
        font = TTFont(name, str(FIRAGO_FOLDER / f"FiraGO-{file}.ttf"))
        font.face.name = name.encode()
        pdfmetrics.registerFont(font)
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)


def styles(rtl: bool) -> dict[str, ParagraphStyle]:
    """The toolkit's paragraph styles by role, for one direction."""
    start = TA_RIGHT if rtl else TA_LEFT

    def make(name: str, size: float, **extra: Any) -> ParagraphStyle:
        options = {"fontName": REGULAR, "fontSize": size, "leading": round(size * LEADING, 2),
                   "textColor": HexColor(TEXT), "alignment": start, "spaceAfter": size * 0.6,
                   "bulletFontName": REGULAR, "shaping": int(rtl)}
        return ParagraphStyle(name, **{**options, **extra})

    side = {"rightIndent" if rtl else "leftIndent": BODY * 2.2, "bulletIndent": BODY * 0.6}
    return {
        "kicker": make("kicker", 8.5, fontName=BOLD, textColor=HexColor(ACCENT), spaceAfter=4),
        "headline": make("headline", 24, fontName=BOLD, leading=round(24 * 1.15, 2), spaceAfter=24 * 0.35),
        "dek": make("dek", 13, textColor=HexColor(MUTED), spaceAfter=13 * 0.8),
        "byline": make("byline", META, fontName=BOLD, spaceAfter=1.5),
        "meta": make("meta", META, textColor=HexColor(MUTED), spaceAfter=1.5),
        "body": make("body", BODY),
        **{f"h{level}": make(f"h{level}", size, fontName=BOLD, spaceBefore=size * 0.9, spaceAfter=size * 0.35,
                             keepWithNext=1, leading=round(size * 1.25, 2)) for level, size in HEADINGS.items()},
        "quote": make("quote", 11, fontName=ITALIC, leftIndent=BODY * 1.6, rightIndent=BODY * 1.6, spaceAfter=2),
        "quote_by": make("quote_by", CAPTION, textColor=HexColor(MUTED), leftIndent=BODY * 1.6,
                         rightIndent=BODY * 1.6, spaceAfter=BODY * 0.8),
        "pull": make("pull", 16, fontName=BOLD, textColor=HexColor(ACCENT), alignment=TA_CENTER,
                     leading=20, spaceBefore=4, spaceAfter=3),
        "pull_by": make("pull_by", CAPTION, textColor=HexColor(MUTED), alignment=TA_CENTER, spaceAfter=4),
        "item": make("item", BODY, spaceAfter=BODY * 0.25, **side),
        "caption": make("caption", CAPTION, spaceBefore=3, spaceAfter=1),
        "credit": make("credit", CAPTION * 0.92, textColor=HexColor(MUTED), spaceAfter=BODY),
        "related": make("related", BODY, spaceBefore=2, spaceAfter=BODY),
        "notice": make("notice", 9, backColor=HexColor(NOTICE), borderPadding=5, spaceBefore=5, spaceAfter=9),
        "end": make("end", META, textColor=HexColor(MUTED), spaceAfter=2),
        "footer": make("footer", 7.5, textColor=HexColor(MUTED), spaceAfter=0),
    }


def inlines(nodes: list[dict[str, Any]]) -> str:
    """Paragraph markup of the page data's inline nodes: text, ``<i>``, ``<b>``, links, breaks."""
    parts = []
    for node in nodes:
        tag = node["tag"]
        if tag == "":
            parts.append(escape(node["text"]))
        elif tag == "br":
            parts.append("<br/>")
        elif tag in ("em", "strong"):
            face = "i" if tag == "em" else "b"
            parts.append(f"<{face}>{inlines(node['content'])}</{face}>")
        elif tag == "a":
            parts.append(link(node["href"], inlines(node["content"])))
        else:
            parts.append(inlines(node["content"]))
    return "".join(parts)


def words(nodes: list[dict[str, Any]]) -> str:
    """The plain text of inline nodes (an outline entry's title)."""
    return "".join(node.get("text", "") if node["tag"] == "" else words(node.get("content", [])) for node in nodes)


def link(href: str, markup: str) -> str:
    return f'<a href={quoteattr(href)} color="{LINK}">{markup}</a>' if href else markup


def text(value: str) -> str:
    return escape(value).replace("\n", "<br/>")


class Heading(Paragraph):
    """A paragraph that is also an outline entry (see :meth:`Document.afterFlowable`)."""

    def __init__(self, markup: str, style: ParagraphStyle, title: str, level: int) -> None:
        super().__init__(markup, style)
        self.title, self.level = title, level


class Document(SimpleDocTemplate):
    def afterFlowable(self, flowable: Any) -> None:
        """Bookmark every heading and add it to the outline, a level at most below the last."""
        if isinstance(flowable, Heading):
            self.marks += 1
            key = f"h{self.marks}"
            self.level = min(flowable.level, self.level + 1)
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.title, key, level=self.level)


def numbered_canvas(footer: dict[str, Any], style: ParagraphStyle, rtl: bool) -> type[Canvas]:
    """A canvas that keeps every page until the end, then draws each one's footer:
    a rule, the publisher and "page N of M" (reportlab's numbered-canvas recipe)."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self.pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            digits = str.maketrans("0123456789", footer["digits"])
            for number, page in enumerate(self.pages, start=1):
                self.__dict__.update(page)
                label = footer["page_of"].format(page=str(number).translate(digits),
                                                 pages=str(len(self.pages)).translate(digits))
                self.draw_footer(label)
                Canvas.showPage(self)
            self.showOutline()
            Canvas.save(self)

        def draw_footer(self, label: str) -> None:
            width = self._pagesize[0]
            left, right = MARGINS["leftMargin"], width - MARGINS["rightMargin"]
            baseline = MARGINS["bottomMargin"] * 0.45
            self.saveState()
            self.setStrokeColor(HexColor(RULE))
            self.setLineWidth(0.5)
            self.line(left, baseline + 7.5 * 1.8, right, baseline + 7.5 * 1.8)
            half = (right - left) / 2
            first, second = (label, footer["footer"]) if rtl else (footer["footer"], label)
            for value, x, align in ((first, left, TA_LEFT), (second, left + half, TA_RIGHT)):
                if value:
                    paragraph = Paragraph(text(value), ParagraphStyle(f"footer-{align}", style, alignment=align))
                    paragraph.wrap(half, 100)
                    paragraph.drawOn(self, x, baseline)
            self.restoreState()

    return NumberedCanvas


def figure(figure: dict[str, Any], document: dict[str, Any], style: dict[str, ParagraphStyle],
           width: float, height: float) -> list[Any]:
    """The image scaled to the text width (at most 0.6 of the text height), caption and credit."""
    parts: list[Any] = []
    if figure["src"]:
        pixels = (max(figure["width"], 1), max(figure["height"], 1))
        scale = min(width / pixels[0], height * 0.6 / pixels[1])
        parts.append(Image(io.BytesIO(document["images"][figure["src"]]), pixels[0] * scale, pixels[1] * scale))
    if figure["caption"]:
        parts.append(Paragraph(text(figure["caption"]), style["caption"]))
    if figure["credit"]:
        parts.append(Paragraph(text(figure["credit"]), style["credit"]))
    return [KeepTogether(parts)] if parts else []


def block(item: dict[str, Any], document: dict[str, Any], style: dict[str, ParagraphStyle],
          size: tuple[float, float], rtl: bool) -> list[Any]:
    """The flowables of one body block of the page data."""
    kind = item["kind"]
    if kind == "p":
        return [Paragraph(inlines(item["content"]), style["body"])]
    if kind == "h":
        level = max(2, item["level"])
        markup = inlines(item["content"])
        return [Heading(f"<b>{markup}</b>", style[f"h{level}"], words(item["content"]), item["level"] - 1)]
    if kind == "quote" and item["pull"]:
        rule = HRFlowable(width="100%", thickness=1.2, color=HexColor(ACCENT), spaceBefore=4, spaceAfter=4)
        by = [Paragraph(text(item["attribution"]), style["pull_by"])] if item["attribution"] else []
        return [rule, Paragraph(f"<b>{inlines(item['content'])}</b>", style["pull"]), *by, rule]
    if kind == "quote":
        by = [Paragraph(text(f"— {item['attribution']}"), style["quote_by"])] if item["attribution"] else []
        return [Paragraph(f"<i>{inlines(item['content'])}</i>", style["quote"]), *by]
    if kind == "list":
        digits = str.maketrans("0123456789", document["pdf"]["digits"])
        markers = [("•" if item["tag"] == "ul" else (f".{number}" if rtl else f"{number}.").translate(digits))
                   for number in range(1, len(item["items"]) + 1)]
        return [Paragraph(inlines(words), style["item"], bulletText=marker)
                for words, marker in zip(item["items"], markers)]
    if kind == "figure":
        return figure(item, document, style, *size)
    if kind in ("related", "embed"):
        label = f"<b>{text(item['label'] + ': ')}</b>" if item["label"] else ""
        markup = label + link(item["href"], text(item["title"]))
        if kind == "embed":
            markup += text(f" ({item['provider']})") if item["provider"] else ""
            markup += "<br/>" + link(item["href"], text(item["href"])) if item["href"] else ""
        return [Paragraph(markup, style["related"])]
    if kind == "notice":
        return [Paragraph(text(item["text"]), style["notice"])]
    return [HRFlowable(width="25%", thickness=0.6, color=HexColor(RULE), spaceBefore=9, spaceAfter=9)]


def render(document: dict[str, Any]) -> bytes:
    fonts()
    page, facts = document["page"], document["pdf"]
    rtl = document["direction"] == "rtl"
    style = styles(rtl)
    buffer = io.BytesIO()
    doc = Document(buffer, **MARGINS, title=facts["title"], author=facts["author"], subject=facts["subject"],
                   keywords=facts["keywords"], creator=facts["creator"], producer=facts["producer"],
                   lang=document["language"], displayDocTitle=1, initialFontName=REGULAR, initialFontSize=BODY,
                   invariant=1)
    doc.marks, doc.level = 0, -1
    size = (doc.width, doc.height)

    def rule(colour: str, thickness: float, space: float) -> HRFlowable:
        return HRFlowable(width="100%", thickness=thickness, color=HexColor(colour), spaceBefore=space,
                          spaceAfter=space)

    def meta(value: str, kind: str = "meta", bold: bool = False) -> list[Paragraph]:
        return [Paragraph(f"<b>{text(value)}</b>" if bold else text(value), style[kind])] if value else []

    story: list[Any] = [*meta(page["kicker"], "kicker", bold=True),
                        Heading(f"<b>{text(document['title'])}</b>", style["headline"], document["title"], 0),
                        *meta(page["dek"], "dek"), rule(ACCENT, 1.0, 4), *meta(page["byline"], "byline", bold=True)]
    for line in page["credits"]:
        story += meta(line)
    story += [*meta(page["dateline"], bold=True), *meta(facts["dates"]), *meta(page["source"]), rule(RULE, 0.5, 5)]
    if page["lead"]:
        story += figure(page["lead"], document, style, *size)
    for item in page["body"]:
        story += block(item, document, style, size, rtl)
    story.append(rule(RULE, 0.5, 6))
    story += [Paragraph(text(notice["text"]), style["notice"]) for notice in page["notices"]]
    story += meta(page["rights"], "end")
    if page["publisher"]:
        story.append(Paragraph(link(page["publisher_url"], f"<b>{text(page['publisher'])}</b>"), style["end"]))
    if page["url"]:
        story.append(Paragraph(link(page["url"], text(page["url"])), style["end"]))
    doc.build(story, canvasmaker=numbered_canvas(facts, style["footer"], rtl))
    return buffer.getvalue()


if __name__ == "__main__":
    main(render)

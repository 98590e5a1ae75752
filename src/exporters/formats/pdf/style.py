"""How the PDF looks: the style file, and the paragraph styles made from it.

:class:`PdfStyle` holds page size, margins, type scale, colours and fallback fonts, read
from ``templates/pdf/style.yaml`` and an optional user file layered on top::

    >>> load_style().page.size
    'A4'

:func:`make_styles` turns it into reportlab paragraph styles by role, one set per text
direction and language.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Literal

import msgspec

from .fonts import DEFAULT_FALLBACK, FONT, firago_face

__all__ = ["MM", "PdfStyle", "load_style", "make_styles", "variant"]

#: Points in a millimetre.
MM = 72 / 25.4


class _Part(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Base of the style file's sections: unknown keys are errors naming the key."""


class Margins(_Part):
    top: float = 18
    right: float = 20
    bottom: float = 22
    left: float = 20


class PageSetup(_Part):
    size: Literal["A4", "Letter"] = "A4"
    margins_mm: Margins = Margins()


class TypeScale(_Part):
    body: float = 10.5
    leading: float = 1.42
    kicker: float = 8.5
    headline: float = 24
    dek: float = 13
    byline: float = 9
    headings: tuple[float, float, float, float, float] = (15, 13, 11.5, 10.5, 10.5)
    quote: float = 11
    pull_quote: float = 16
    caption: float = 8.5
    notice: float = 9
    footer: float = 7.5
    masthead: float = 30


class Colours(_Part):
    text: str = "#1b1b1b"
    accent: str = "#a4161a"
    muted: str = "#5f5f5f"
    link: str = "#0b4f8a"
    rule: str = "#c8c8c8"
    notice_background: str = "#f4f1e8"


class FigureSetup(_Part):
    max_height: float = 0.6


class FontSetup(_Part):
    """``fallback``: font files for the characters FiraGO lacks, tried in order (see :mod:`.fonts`)."""

    fallback: tuple[str, ...] = DEFAULT_FALLBACK


class PdfStyle(_Part):
    """The whole style file. ``load_style("house.yaml")`` layers a user file on the shipped one."""

    page: PageSetup = PageSetup()
    type_pt: TypeScale = TypeScale()
    colours: Colours = Colours()
    figure: FigureSetup = FigureSetup()
    fonts: FontSetup = FontSetup()

    @property
    def page_size(self) -> tuple[float, float]:
        """Width and height in points: A4 is 595.3 x 841.9, Letter 612 x 792."""
        return (612.0, 792.0) if self.page.size == "Letter" else (210 * MM, 297 * MM)


def shipped_style_path() -> Path:
    """``templates/pdf/style.yaml`` from the packaged templates or the repository."""
    from ...templates import template_root

    return template_root() / "pdf" / "style.yaml"


def load_style(path: str | Path | None = None, page_size: str = "") -> PdfStyle:
    """The shipped style with ``path`` (a user YAML file) layered on top, then ``page_size``.

    >>> load_style(page_size="Letter").page_size
    (612.0, 792.0)

    A bad file raises ``ValueError`` naming the file and the key.
    """
    data = _read_yaml(shipped_style_path())
    if path:
        data = _merge(data, _read_yaml(Path(path)))
    if page_size:
        data = _merge(data, {"page": {"size": page_size}})
    try:
        return msgspec.convert(data, type=PdfStyle, strict=False)
    except msgspec.ValidationError as error:
        raise ValueError(f"{path or shipped_style_path()}: {error}") from None


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        stamp = path.stat().st_mtime_ns
    except OSError as error:
        raise ValueError(f"{path}: cannot read the PDF style: {error}") from None
    return _parse_yaml(path, stamp)


@cache
def _parse_yaml(path: Path, stamp: int) -> dict[str, Any]:
    """The parsed file, cached by path and modification time (a batch reads it once), and, when
    the command line or a batch job keeps a cache (:func:`exporters.cache.keep_on_disk`), across
    processes by its text (``styles``), so a new process needs no YAML parser. A render through
    the library reads and writes nothing there."""
    from ...cache import read_entry

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ValueError(f"{path}: cannot read the PDF style: {error}") from None
    digest = _digest(text)
    known = read_entry("styles", digest)
    if known is not None:
        return known
    import yaml

    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        raise ValueError(f"{path}: cannot read the PDF style: {error}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a PDF style file holds a mapping of sections")  # noqa: TRY004 (a user's file)
    _remember(digest, data)
    return data


def _digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _remember(digest: str, data: dict[str, Any]) -> None:
    """Keep the parsed mapping when JSON holds it exactly (YAML dates or number keys would not
    come back the same, so such a file is parsed every time)."""
    import json

    from ...cache import kept_on_disk, write_entry

    if not kept_on_disk():
        return
    try:
        text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError):
        return
    if json.loads(text) == data:
        write_entry("styles", digest, text)


def _merge(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    """``top`` over ``base``, section by section: ``{"page": {"size": "Letter"}}`` keeps the margins."""
    merged = dict(base)
    for key, value in top.items():
        merged[key] = _merge(base[key], value) if isinstance(value, dict) and isinstance(base.get(key), dict) else value
    return merged

# -- paragraph styles --------------------------------------------------------------------------


@cache
def make_styles(style: PdfStyle, rtl: bool, actual_text: bool = False, language: str = "") -> dict[str, Any]:
    """Paragraph styles by role name for one text direction.

    Every style carries ``rtl`` (base direction), ``role`` (structure type), ``actual_text``
    (write the source text of reordered paragraphs as ``/ActualText``) and ``language``
    (what right-to-left words are shaped for); see :class:`~.flowables.TextBlock`.
    Made once per process for each set of arguments (a style file is a frozen value):
    the styles are shared, so nothing changes them; :func:`variant` makes a changed copy.
    """
    from reportlab.lib.colors import HexColor
    from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    for bold, italic in ((False, False), (True, False), (False, True)):  # the faces these styles name
        firago_face(bold, italic)
    scale, colour = style.type_pt, style.colours
    start = TA_RIGHT if rtl else TA_LEFT
    text, muted, accent = HexColor(colour.text), HexColor(colour.muted), HexColor(colour.accent)

    def make(name: str, role: str, size: float, **extra: Any) -> Any:
        options = {"fontName": FONT, "fontSize": size, "leading": round(size * scale.leading, 2), "textColor": text,
                   "alignment": start, "spaceAfter": size * 0.6, "splitLongWords": 1, "allowWidows": 0,
                   "allowOrphans": 0, "bulletFontName": FONT}
        options.update(extra)
        paragraph_style = ParagraphStyle(f"{name}-{'rtl' if rtl else 'ltr'}", **options)
        paragraph_style.rtl = rtl
        paragraph_style.role = role
        paragraph_style.actual_text = actual_text
        paragraph_style.language = language
        return paragraph_style

    body = scale.body
    headings = {
        f"H{level}": make(f"H{level}", f"H{level}", size, fontName=f"{FONT}-Bold", spaceBefore=size * 0.9,
                          spaceAfter=size * 0.35, keepWithNext=1, leading=round(size * 1.25, 2))
        for level, size in zip(range(2, 7), scale.headings)
    }
    side = {"rightIndent" if rtl else "leftIndent": body * 2.2, "bulletIndent": body * 0.6}
    return {
        "masthead": make("masthead", "H1", scale.masthead, fontName=f"{FONT}-Bold", leading=scale.masthead * 1.15,
                         spaceAfter=scale.masthead * 0.3),
        "kicker": make("kicker", "P", scale.kicker, fontName=f"{FONT}-Bold", textColor=accent, spaceAfter=4),
        "headline": make("headline", "H1", scale.headline, fontName=f"{FONT}-Bold",
                         leading=round(scale.headline * 1.15, 2), spaceAfter=scale.headline * 0.35, keepWithNext=1),
        "section": make("section", "H1", scale.headings[0] * 1.2, fontName=f"{FONT}-Bold", textColor=accent,
                        spaceBefore=6, spaceAfter=10, keepWithNext=1),
        "dek": make("dek", "P", scale.dek, textColor=muted, spaceAfter=scale.dek * 0.8),
        "byline": make("byline", "P", scale.byline, fontName=f"{FONT}-Bold", spaceAfter=1.5),
        "meta": make("meta", "P", scale.byline, textColor=muted, spaceAfter=1.5),
        "body": make("body", "P", body),
        **headings,
        "quote": make("quote", "BlockQuote", scale.quote, fontName=f"{FONT}-Italic",
                      leftIndent=body * 1.6, rightIndent=body * 1.6, spaceAfter=2),
        "quote_by": make("quote_by", "P", scale.caption, textColor=muted, leftIndent=body * 1.6,
                         rightIndent=body * 1.6, spaceAfter=body * 0.8),
        "pull": make("pull", "BlockQuote", scale.pull_quote, fontName=f"{FONT}-Bold", textColor=accent,
                     alignment=TA_CENTER, leading=round(scale.pull_quote * 1.25, 2), spaceBefore=4, spaceAfter=3),
        "pull_by": make("pull_by", "P", scale.caption, textColor=muted, alignment=TA_CENTER, spaceAfter=4),
        "item": make("item", "LI", body, spaceAfter=body * 0.25, **side),
        "caption": make("caption", "Caption", scale.caption, spaceBefore=3, spaceAfter=1),
        "credit": make("credit", "Caption", scale.caption * 0.92, textColor=muted, spaceAfter=body),
        "related": make("related", "P", body, borderPadding=(4, 0, 4, 0), spaceBefore=2, spaceAfter=body),
        "notice": make("notice", "Note", scale.notice, backColor=HexColor(colour.notice_background),
                       borderPadding=5, spaceBefore=5, spaceAfter=9),
        "end": make("end", "P", scale.byline, textColor=muted, spaceAfter=2),
        "toc_title": make("toc_title", "H1", scale.headings[0], fontName=f"{FONT}-Bold", spaceBefore=12,
                          spaceAfter=8, keepWithNext=1),
        "toc_section": make("toc_section", "TOCI", body, fontName=f"{FONT}-Bold", spaceBefore=6, spaceAfter=2),
        "toc_entry": make("toc_entry", "TOCI", body, spaceAfter=3,
                          **{"leftIndent" if rtl else "rightIndent": body * 3}),
        "footer": make("footer", "Artifact", scale.footer, textColor=muted, spaceAfter=0),
    }


def variant(style: Any, name: str, **changes: Any) -> Any:
    """A copy of a paragraph style with ``changes``; ``rtl``, ``role``, ``actual_text`` and ``language``
    carry over unless changed (reportlab's ``clone`` copies only its own attributes)."""
    extra = {key: changes.pop(key, getattr(style, key, None)) for key in ("rtl", "role", "actual_text", "language")}
    copy = style.clone(name, **changes)
    for key, value in extra.items():
        setattr(copy, key, value)
    return copy

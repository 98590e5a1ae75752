"""Model text to reportlab paragraph markup: escaped text, bold, italic, live links, fallback fonts.

>>> Writer("en", False, "#0b4f8a").inlines(("Fish ", Link(href="https://a.org", content=("& chips",))))
'Fish <a href="https://a.org" color="#0b4f8a">&amp; chips</a>'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any

from ...body import Emphasis, Inline, LineBreak, Link, Strong
from ..common import live_href
from .bidi import drawable
from .fonts import font_chain

__all__ = ["Writer", "local_digits"]


@dataclass
class Writer:
    """Turns model text into reportlab paragraph markup for one language."""

    language: str
    rtl: bool
    link_colour: str
    #: Who draws the characters FiraGO lacks: the style's ``fonts.fallback`` chain.
    fonts: Any = field(default_factory=font_chain)

    def text(self, text: str, bold: bool = False, italic: bool = False) -> str:
        """Escaped, XML-safe markup of plain text in logical order, without what draws nothing.

        Right-to-left words stay as they are: :class:`~.flowables.TextBlock` shapes and orders them
        line by line when it draws, so a word may run on across ``<b>``, ``<i>`` or a link.
        """
        from ...text import xml_safe

        return self.fonts.markup(drawable(xml_safe(text)), bold, italic)

    def inlines(self, content: tuple[Inline, ...], bold: bool = False, italic: bool = False) -> str:
        """Markup of a run of inlines: ``<b>``, ``<i>``, live ``<a href>`` links, ``<br/>``."""
        parts = []
        for node in content:
            if isinstance(node, str):
                parts.append(self.text(node, bold, italic))
            elif isinstance(node, Strong):
                parts.append(f"<b>{self.inlines(node.content, True, italic)}</b>")
            elif isinstance(node, Emphasis):
                parts.append(f"<i>{self.inlines(node.content, bold, True)}</i>")
            elif isinstance(node, Link):
                parts.append(self.link(node.href, self.inlines(node.content, bold, italic)))
            elif isinstance(node, LineBreak):
                parts.append("<br/>")
        return "".join(parts)

    def link(self, href: str, markup: str) -> str:
        """``markup`` as a live link when ``href`` is http, https or mailto; else as it is."""
        live = live_href(href)
        if live is None:
            return markup
        target = escape(live, quote=False).replace('"', "&quot;")
        return f'<a href="{target}" color="{self.link_colour}">{markup}</a>'


_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def local_digits(number: int, language: str) -> str:
    """Page and list numbers in the digits the language reads: Persian digits for ``fa``.

    >>> local_digits(12, "fa"), local_digits(12, "kk")
    ('۱۲', '12')
    """
    return str(number).translate(_PERSIAN_DIGITS) if language.split("-")[0].lower() == "fa" else str(number)

"""Images as the model describes them (the bytes are loaded separately, see :mod:`exporters.resources`)."""

from __future__ import annotations

from typing import Annotated

import msgspec

__all__ = ["Image"]


class Image(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    """A photo or graphic with everything needed to show and credit it.

    ``src`` is a path relative to the article file, an ``https://`` URL (fetched
    only when remote media is allowed), or a ``data:`` URI holding the image itself
    (PNG, JPEG or GIF, never fetched). An empty ``src`` means the page named a
    photo that was not captured: exporters show its caption and credit as text.
    ``alt`` is required unless ``decorative`` is true.

    >>> Image(src="images/harbour.png", alt="Cranes over a harbour", credit="Photo: A. Writer")
    Image(src='images/harbour.png', alt='Cranes over a harbour', ...)
    """

    src: str = ""
    alt: str = ""
    decorative: bool = False
    caption: str = ""
    credit: str = ""
    licence: str = ""
    width: Annotated[int, msgspec.Meta(ge=0)] = 0
    height: Annotated[int, msgspec.Meta(ge=0)] = 0
    media_type: str = ""

    def visible_text(self) -> list[str]:
        """Caption and credit, the parts of an image every format shows as text."""
        return [text for text in (self.caption, self.credit) if text]

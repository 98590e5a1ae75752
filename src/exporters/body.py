"""Body blocks and inline content of an article.

The body is a tuple of *blocks*; text inside a block is a tuple of *inlines*.
A plain string is the commonest inline, so canonical JSON stays short::

    {"type": "paragraph", "content": ["Kazakhstan is ", {"type": "em", "content": ["strong"]}, "."]}

Every block and inline is a frozen :mod:`msgspec` struct tagged by ``type``.
Exporters must render every block type; :data:`BLOCK_TYPES` lists them so a
contract test can prove it.
"""

from __future__ import annotations

from typing import Annotated, Union

import msgspec

from .media import Image

__all__ = [
    "Block",
    "BLOCK_TYPES",
    "Embed",
    "Emphasis",
    "Figure",
    "Heading",
    "Inline",
    "LineBreak",
    "Link",
    "ListBlock",
    "NoticeBlock",
    "Paragraph",
    "Quote",
    "RelatedLink",
    "Separator",
    "Strong",
    "inline_text",
    "block_text",
]


class _Node(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    """Base of every node: frozen, strict about unknown keys, compact when encoded."""


# -- inlines -----------------------------------------------------------------


class Emphasis(_Node, tag="em"):
    """Emphasised text, usually italic: ``{"type": "em", "content": ["word"]}``."""

    content: tuple[Inline, ...]


class Strong(_Node, tag="strong"):
    """Strongly emphasised text, usually bold."""

    content: tuple[Inline, ...]


class Link(_Node, tag="link"):
    """A hyperlink: ``{"type": "link", "href": "https://...", "content": ["text"]}``."""

    href: str
    content: tuple[Inline, ...]
    title: str = ""


class LineBreak(_Node, tag="br"):
    """A forced line break inside a block (an address, a poem)."""


Inline = Union[str, Emphasis, Strong, Link, LineBreak]


# -- blocks ------------------------------------------------------------------


class Paragraph(_Node, tag="paragraph"):
    """A paragraph of running text."""

    content: tuple[Inline, ...]


class Heading(_Node, tag="heading"):
    """A subhead inside the article. Level 2 is the first level under the headline."""

    content: tuple[Inline, ...]
    level: Annotated[int, msgspec.Meta(ge=2, le=6)] = 2


class Quote(_Node, tag="quote"):
    """A block quote, or a pull quote (``pull: true``) repeated from the text for display."""

    content: tuple[Inline, ...]
    attribution: str = ""
    pull: bool = False


class ListBlock(_Node, tag="list"):
    """A bulleted (``ordered: false``) or numbered list; each item is a run of inlines."""

    items: tuple[tuple[Inline, ...], ...]
    ordered: bool = False


class Figure(_Node, tag="figure"):
    """An image in the flow of the text, with its alt text, caption and credit."""

    image: Image


class RelatedLink(_Node, tag="related"):
    """A pointer to another story, such as ``ALSO READ: Why EU Is Likely ...``."""

    title: str
    url: str = ""
    label: str = "Also read"


class Embed(_Node, tag="embed"):
    """Third-party content (a video, a post); exported as a titled link, never as live code."""

    url: str
    title: str
    provider: str = ""


class NoticeBlock(_Node, tag="notice"):
    """An editor's note or disclaimer that belongs at this place in the body."""

    text: str
    kind: str = "editor"


class Separator(_Node, tag="separator"):
    """A thematic break between parts of the story."""


Block = Union[Paragraph, Heading, Quote, ListBlock, Figure, RelatedLink, Embed, NoticeBlock, Separator]

#: Every block type by its ``type`` tag, in a fixed order.
BLOCK_TYPES: dict[str, type] = {
    cls.__struct_config__.tag: cls  # type: ignore[attr-defined]
    for cls in (Paragraph, Heading, Quote, ListBlock, Figure, RelatedLink, Embed, NoticeBlock, Separator)
}


# -- text helpers -------------------------------------------------------------


def inline_text(content: tuple[Inline, ...]) -> str:
    """The plain text of a run of inlines.

    >>> inline_text(("Kazakh ", Emphasis(content=("independence",)), "."))
    'Kazakh independence.'
    """
    parts: list[str] = []
    for node in content:
        if isinstance(node, str):
            parts.append(node)
        elif isinstance(node, LineBreak):
            parts.append("\n")
        else:
            parts.append(inline_text(node.content))
    return "".join(parts)


def block_text(block: Block) -> list[str]:
    """The visible strings a block must contribute to every format, in reading order.

    Tests and the completeness check use this to compare an export with its input.

    >>> block_text(Quote(content=("We agree.",), attribution="Nazarbaev"))
    ['We agree.', 'Nazarbaev']
    """
    if isinstance(block, (Paragraph, Heading)):
        return [inline_text(block.content)]
    if isinstance(block, Quote):
        return [inline_text(block.content)] + ([block.attribution] if block.attribution else [])
    if isinstance(block, ListBlock):
        return [inline_text(item) for item in block.items]
    if isinstance(block, Figure):
        return block.image.visible_text()
    if isinstance(block, RelatedLink):
        return [block.title]
    if isinstance(block, Embed):
        return [block.title]
    if isinstance(block, NoticeBlock):
        return [block.text]
    return []

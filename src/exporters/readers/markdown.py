"""Markdown articles (``.md``): YAML front matter for the facts, CommonMark for the story.

The front matter holds the model's fields, with the same shorthands as a
sidecar (``publisher: Example News Desk``, ``authors: [Jane Doe]``, a bare date);
the text below it is the body::

    ---
    id: night-market
    language: en
    authors: [Aliya Example]
    published: 2026-05-02T19:00:00+05:00
    ---
    # Night Market Returns to the Old Square

    SHYMKENT -- The stalls went up at dusk ...

What the Markdown becomes (CommonMark, read with markdown-it-py):

- ``# Heading`` at the very start is the headline when the front matter has none
  (the same text as the front matter's headline is dropped); any other ``#`` is a
  level-2 heading, ``##`` level 2, ``###`` level 3, down to ``######``;
- paragraphs, ``*emphasis*``, ``**strong**``, ``[links](https://...)`` (http, https
  and mailto only; other links keep their words as text), a hard line break
  (two spaces or ``\\`` at the end of a line) is a line break; inline code is text;
- ``> quote``; a last line starting with ``— `` or ``-- `` is the attribution::

      > We waited ten years for this.
      > — Aigerim Nurlanova, farmer

- ``-`` / ``*`` lists and ``1.`` lists; a nested list is flattened into its parent
  (its items follow the parent item);
- ``![alt](images/photo.png "Caption")`` is a figure: alt text from the brackets,
  caption from the title. The credit is the line right under the image when it
  starts with ``Photo:``, ``Photograph:``, ``Picture:``, ``Graphic:``, ``Illustration:``,
  ``Image:``, ``Map:`` or ``Video:`` (kept as written) or with ``Credit:`` (the name
  after it)::

      ![Three cranes over a grey quay](images/harbour-cranes.png "The grain terminal.")
      Photo: Dana Serik

  ``![](...)`` with empty alt text is a decorative image (reported). Image sources
  are https URLs or paths inside the article's folder;
- a paragraph ``ALSO READ: Title`` or ``ALSO READ: [Title](https://...)`` (also
  ``Read more:``, ``See also:``, ``Related:``, ``Читайте также:``) is a related link;
- a paragraph ``With reporting by Reuters, AFP, and AP`` adds credits (after those
  of the front matter) and is not body text;
- ``---`` (or ``***``) between paragraphs is a separator;
- code blocks are kept as paragraphs, line by line;
- raw HTML is not trusted: inline tags are dropped (the words between them are
  kept, except inside ``script``, ``style`` and ``iframe``), and an HTML block is
  reduced to its plain text.

Front matter that is not valid YAML, or that is opened with ``---`` and never
closed, is an :class:`~exporters.errors.InputError` naming the line. ``id`` is
the file name and ``language`` is ``und`` unless the front matter says (both
reported as guesses).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .. import limits
from ..body import (
    Block,
    Emphasis,
    Figure,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    Separator,
    Strong,
    inline_text,
)
from ..errors import InputError
from ..media import Image
from ..model import Dateline
from .reading import Reading
from ._blocks import credit_line, finish, join_inlines, merge_inlines, plural, related_link, safe_href, safe_src, take_dateline
from .meta import decode_text, load_yaml

__all__ = ["read_markdown"]

_CREDIT_LINE = re.compile(
    r"^(?:(?P<label>credit)s?|photos?|photograph|picture|graphic|illustration|image|map|video)(?: by)?\s*:\s*(?P<name>\S.*)$",
    re.IGNORECASE,
)
_ATTRIBUTION = re.compile(r"^\s*(?:—|--|―)\s+")
_UNSAFE_HTML = re.compile(r"^<\s*(/?)\s*(script|style|iframe|object|embed|template|noscript)\b", re.IGNORECASE)
_FENCES = ("---", "...")


def read_markdown(data: bytes, path: Path, meta: dict[str, Any]) -> Reading:
    """A Markdown article with YAML front matter; see the module docstring for the syntax."""
    text = decode_text(data, path)
    front, body_text, offset = _front_matter(text, path)
    if "body" in front:
        raise InputError(
            path, "front matter: body", "the body is the Markdown text below the front matter, not a field"
        )
    guesses: list[str] = []
    reader = _Body(offset, guesses)
    try:
        reader.read(body_text)
    except _TooManyBlocks as error:
        raise InputError(path, f"line {error.line}", f"{error.count:,} blocks; the limit is {limits.MAX_BLOCKS:,} "
                         "(exporters.limits.MAX_BLOCKS)") from None
    except _TooDeep as error:
        raise InputError(path, f"line {error.line}", f"quotes, lists or emphasis nested more than "
                         f"{limits.MAX_NESTING_DEPTH} deep; the limit is exporters.limits.MAX_NESTING_DEPTH") from None
    fields = dict(front)
    _place_title(fields, reader, guesses)
    declared = _dateline_of(fields.get("dateline"))
    if declared is not None or "dateline" not in fields:
        dateline, guess = take_dateline(reader.body, declared)
        if dateline is not None:
            fields["dateline"] = dateline
            guesses += [guess] if guess else []
    fields["body"] = reader.body
    if reader.credits:
        fields["credits"] = list(front.get("credits") or []) + reader.credits
    if "id" not in fields:
        fields["id"] = path.stem
        guesses.append(f"id: the file name ({path.stem})")
    if "language" not in fields:
        fields["language"] = "und"
        guesses.append("language: the front matter does not say; set to und")
    return finish(path, fields, meta, guesses)


def _dateline_of(value: Any) -> Dateline | None:
    """The front matter's dateline (``KURYK`` or ``{place: KURYK, text: March 3}``) when well formed."""
    if isinstance(value, str) and value.strip():
        return Dateline(place=value.strip())
    if isinstance(value, dict) and isinstance(value.get("place"), str) and set(value) <= {"place", "text"}:
        return Dateline(place=value["place"], text=str(value.get("text", "")))
    return None


def _front_matter(text: str, path: Path) -> tuple[dict[str, Any], str, int]:
    """(fields, Markdown text, number of lines before it)."""
    import yaml

    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return {}, text, 0
    end = next((index for index in range(1, len(lines)) if lines[index].rstrip() in _FENCES), None)
    if end is None:
        raise InputError(path, "line 1", "front matter opened with --- is never closed with a --- line")
    try:
        data = load_yaml("".join(lines[1:end]))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 2}, column {mark.column + 1}" if mark else "line 2"
        raise InputError(
            path, where, f"front matter is not valid YAML: {getattr(error, 'problem', None) or error}"
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(
            path, "line 2", f"front matter must be a mapping of article fields, not a {type(data).__name__}"
        )
    return data, "".join(lines[end + 1 :]), end + 1


def _place_title(fields: dict[str, Any], reader: _Body, guesses: list[str]) -> None:
    """The leading ``# Heading`` as the headline, or dropped when it repeats the front matter's."""
    title = reader.leading_title
    if title is None:
        return
    if not fields.get("headline"):
        fields["headline"] = title
        guesses.append("headline: the leading # heading")
    elif " ".join(str(fields["headline"]).split()) != title:
        reader.body.insert(0, Heading(content=(title,), level=2))
        guesses.append(
            "body[0]: the leading # heading differs from the front matter's headline; kept as a level-2 heading"
        )


class _TooManyBlocks(Exception):
    """More top-level Markdown blocks than :data:`~exporters.limits.MAX_BLOCKS`, found before converting them."""

    def __init__(self, line: int, count: int) -> None:
        super().__init__(line, count)
        self.line = line
        self.count = count


class _TooDeep(Exception):
    """Markdown nested deeper than :data:`~exporters.limits.MAX_NESTING_DEPTH`."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def _deepest(tokens: list[Any]) -> Any:
    """The first block token nested deeper than the limit (or holding inlines that are), else None."""
    for token in tokens:
        if token.level > limits.MAX_NESTING_DEPTH:
            return token
        if token.children and max(child.level for child in token.children) > limits.MAX_NESTING_DEPTH:
            return token
    return None


class _Body:
    """Blocks from the markdown-it syntax tree."""

    def __init__(self, offset: int, guesses: list[str]) -> None:
        self.offset = offset
        self.guesses = guesses
        self.body: list[Block] = []
        self.credits: list[Any] = []
        self.leading_title: str | None = None

    def read(self, text: str) -> None:
        from markdown_it import MarkdownIt
        from markdown_it.tree import SyntaxTreeNode

        # markdown-it silently drops what is nested deeper than maxNesting (20 in the commonmark
        # preset: a list ten levels deep lost its last item); a little above our own limit, the
        # depth shows in the tokens and is refused instead.
        parser = MarkdownIt("commonmark", options_update={"maxNesting": limits.MAX_NESTING_DEPTH + 5})
        parser.validateLink = lambda url: True  # type: ignore[method-assign]  # safe_href decides what stays a link
        tokens = parser.parse(text)
        deepest = _deepest(tokens)
        if deepest is not None:
            raise _TooDeep(deepest.map[0] + self.offset + 1 if deepest.map else self.offset + 1)
        tree = SyntaxTreeNode(tokens)
        if len(tree.children) > limits.MAX_BLOCKS:
            first = tree.children[limits.MAX_BLOCKS]
            raise _TooManyBlocks(self.line(first), len(tree.children))
        for node in tree.children:
            self.block(node)

    def line(self, node: Any) -> int:
        return (node.map[0] if node.map else 0) + self.offset + 1

    def block(self, node: Any) -> None:
        kind = node.type
        if kind == "heading":
            self.heading(node)
        elif kind == "paragraph":
            self.paragraph(node)
        elif kind == "blockquote":
            self.quote(node)
        elif kind in ("bullet_list", "ordered_list"):
            self.list_block(node)
        elif kind == "hr":
            self.body.append(Separator())
        elif kind in ("fence", "code_block"):
            lines = node.content.rstrip("\n").split("\n")
            content: list[Inline] = []
            for number, text in enumerate(lines):
                content += [LineBreak(), text] if number else [text]
            if node.content.strip():
                self.body.append(Paragraph(content=join_inlines(content)))
                self.guesses.append(
                    f"body[{len(self.body) - 1}]: the code block at line {self.line(node)} kept as a paragraph"
                )
        elif kind == "html_block":
            self.html_block(node)

    def heading(self, node: Any) -> None:
        content = self.inlines(node.children[0].children if node.children else [])
        if not inline_text(content).strip():
            return
        if node.tag == "h1" and not self.body and self.leading_title is None:
            self.leading_title = " ".join(inline_text(content).split())
            return
        if node.tag == "h1":
            self.guesses.append(f"body[{len(self.body)}]: the # heading at line {self.line(node)} taken as level 2")
        self.body.append(Heading(content=content, level=max(2, int(node.tag[1]))))

    def paragraph(self, node: Any) -> None:
        children = list(node.children[0].children) if node.children else []
        run: list[Any] = []
        index = 0
        while index < len(children):
            child = children[index]
            if child.type == "image":
                self.text_block(run)
                run = []
                index = self.figure(children, index)
                continue
            run.append(child)
            index += 1
        self.text_block(run)

    def text_block(self, nodes: list[Any]) -> None:
        content = self.inlines(nodes)
        text = inline_text(content)
        if not text.strip():
            return
        links = [node.href for node in content if isinstance(node, Link)]
        related = related_link(text, links[0] if len(links) == 1 else "")
        credits = credit_line(text)
        if related:
            self.body.append(related)
        elif credits:
            self.credits.extend(credits[0])
            self.guesses.append(f"credits: {text!r} taken as {plural(len(credits[0]), 'credit')}, not a paragraph")
            self.guesses.extend(credits[1])
        else:
            self.body.append(Paragraph(content=content))

    def figure(self, children: list[Any], index: int) -> int:
        """A figure from the image at ``children[index]``; returns the index after its credit line."""
        node = children[index]
        alt = " ".join(inline_text(self.inlines(node.children)).split())
        src = node.attrs.get("src", "")
        credit, after = "", index + 1
        if (
            after + 1 < len(children)
            and children[after].type in ("softbreak", "hardbreak")
            and children[after + 1].type == "text"
        ):
            ending = after + 2 >= len(children) or children[after + 2].type in ("softbreak", "hardbreak")
            match = _CREDIT_LINE.match(children[after + 1].content.strip())
            if match and ending:
                credit = match["name"].strip() if match["label"] else children[after + 1].content.strip()
                after += 2
        image = Image(
            src=safe_src(str(src)),
            alt=alt,
            decorative=not alt,
            caption=str(node.attrs.get("title") or ""),
            credit=credit,
        )
        where = f"body[{len(self.body)}]"
        if not alt:
            self.guesses.append(f"{where}.image: empty alt text; marked decorative")
        if src and not image.src:
            self.guesses.append(
                f"{where}.image: the source {str(src)[:60]!r} is not an https URL or a path in the article's folder; left empty"
            )
        self.body.append(Figure(image=image))
        return after

    def quote(self, node: Any) -> None:
        """A block quote; a last line starting with an em dash or ``--`` is the attribution."""
        children = list(node.children)
        runs = [self.block_inlines(child) for child in children]
        attribution = ""
        if children and children[-1].type == "paragraph":
            nodes = _inline_nodes(children[-1])
            breaks = [index for index, child in enumerate(nodes) if child.type in ("softbreak", "hardbreak")]
            tail = inline_text(self.inlines(nodes[breaks[-1] + 1 :] if breaks else nodes))
            if _ATTRIBUTION.match(tail):
                attribution = _ATTRIBUTION.sub("", tail).strip()
                runs[-1] = self.inlines(nodes[: breaks[-1]]) if breaks else ()
        content = _joined(runs)
        if content:
            self.body.append(Quote(content=content, attribution=attribution))

    def block_inlines(self, node: Any) -> tuple[Inline, ...]:
        """Any block inside a quote as one run of inlines (list items and paragraphs on their own lines)."""
        if node.type in ("bullet_list", "ordered_list"):
            return _joined(self.list_items(node))
        if node.type == "blockquote":
            return _joined([self.block_inlines(child) for child in node.children])
        if node.type == "html_block":
            return (_html_text(node.content),)
        if node.type in ("fence", "code_block"):
            return (" ".join(node.content.split()),)
        return self.inlines(_inline_nodes(node))

    def list_block(self, node: Any) -> None:
        items = self.list_items(node)
        if items:
            self.body.append(ListBlock(items=tuple(items), ordered=node.type == "ordered_list"))

    def list_items(self, node: Any) -> list[tuple[Inline, ...]]:
        items: list[tuple[Inline, ...]] = []
        for item in node.children:
            content: list[Inline] = []
            nested: list[tuple[Inline, ...]] = []
            for child in item.children:
                if child.type in ("bullet_list", "ordered_list"):
                    nested += self.list_items(child)
                    self.guesses.append(
                        f"body[{len(self.body)}]: the nested list at line {self.line(child)} flattened into its parent"
                    )
                elif child.children:
                    run = list(self.inlines(_inline_nodes(child)))
                    content += ([LineBreak()] if content and run else []) + run
            if inline_text(tuple(content)).strip():
                items.append(join_inlines(content))
            items += nested
        return items

    def html_block(self, node: Any) -> None:
        text = _html_text(node.content)
        where = f"line {self.line(node)}"
        if text:
            self.body.append(Paragraph(content=(text,)))
            self.guesses.append(f"body[{len(self.body) - 1}]: raw HTML at {where} reduced to its text")
        else:
            self.guesses.append(f"body: raw HTML at {where} dropped")

    def inlines(self, nodes: Any) -> tuple[Inline, ...]:
        return join_inlines(self.run(nodes))

    def run(self, nodes: Any) -> list[Inline]:
        """Inline nodes as model inlines; raw HTML tags dropped, and the text inside unsafe ones."""
        parts: list[Inline] = []
        hidden = 0
        for node in nodes:
            kind = node.type
            if kind == "html_inline":
                unsafe = _UNSAFE_HTML.match(node.content)
                if unsafe:
                    hidden = max(0, hidden - 1) if unsafe.group(1) else hidden + 1
                continue
            if hidden:
                continue
            if kind in ("text", "code_inline"):
                parts.append(node.content)
            elif kind == "softbreak":
                parts.append(" ")
            elif kind == "hardbreak":
                parts.append(LineBreak())
            elif kind == "em":
                parts.append(Emphasis(content=tuple(self.run(node.children))))
            elif kind == "strong":
                parts.append(Strong(content=tuple(self.run(node.children))))
            elif kind == "link":
                parts.append(self.link(node))
            elif kind == "image":
                parts.append(inline_text(self.inlines(node.children)))
        return merge_inlines(parts)

    def link(self, node: Any) -> Inline:
        content = tuple(self.run(node.children))
        href = safe_href(str(node.attrs.get("href", "")))
        if href:
            return Link(href=href, content=content, title=str(node.attrs.get("title") or ""))
        self.guesses.append(
            f"body[{len(self.body)}]: the link {str(node.attrs.get('href', ''))[:60]!r} is not http, https or mailto; kept as text"
        )
        return inline_text(content)


def _inline_nodes(node: Any) -> list[Any]:
    """The inline children below a block node (its ``inline`` child's children)."""
    for child in node.children:
        if child.type == "inline":
            return list(child.children)
        found = _inline_nodes(child)
        if found:
            return found
    return []


def _joined(runs: list[tuple[Inline, ...]]) -> tuple[Inline, ...]:
    """Runs of inlines on separate lines (a line break between runs; empty runs skipped)."""
    content: list[Inline] = []
    for run in runs:
        if inline_text(run).strip():
            content += ([LineBreak()] if content else []) + list(run)
    return join_inlines(content)


def _html_text(markup: str) -> str:
    """The plain text of untrusted HTML: tags removed, script and style content dropped."""
    import html

    import nh3

    cleaned = nh3.clean(markup, tags=set(), clean_content_tags={"script", "style", "iframe", "object", "template"})
    return " ".join(html.unescape(cleaned).split())

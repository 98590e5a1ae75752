"""The last step of every reader: is the article within the limits, and safe to export?

:func:`check_article` walks every field of an :class:`~exporters.model.Article`
and raises :class:`~exporters.errors.InputError` at the first thing the
toolkit refuses, naming the place as a JSON path::

    >>> check_article(Article(id="a", language="en", headline="Bad\\u202eevil"), Path("a.json"))
    Traceback (most recent call last):
    exporters.errors.InputError: a.json: $.headline: U+202E RIGHT-TO-LEFT OVERRIDE at character 4 refused: ...

The limits and the reasons for every refusal are in :mod:`exporters.limits`.
"""

from __future__ import annotations

import functools
import posixpath
import re
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Any

import msgspec

from .. import limits
from ..body import Embed, Emphasis, Link, ListBlock, Quote, RelatedLink, Strong, block_text
from ..errors import InputError
from ..media import Image
from ..model import Article, Credit, Dateline, Organization, Person

__all__ = [
    "check_article",
    "check_json_depth",
    "known_language",
    "link_scheme",
    "text_problem",
    "XML_FORBIDDEN",
    "BIDI_OVERRIDES",
    "BIDI_CONTROLS",
]

#: Characters XML 1.0 cannot carry: C0 controls but tab, LF and CR; surrogates; U+FFFE, U+FFFF.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: Left-to-right and right-to-left override: they reorder the letters a reader sees.
BIDI_OVERRIDES = re.compile("[\u202d\u202e]")
#: Every explicit bidi embedding, override and isolate (refused in a headline).
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_URL_NOISE = re.compile("[\t\n\r]")
_URL_CONTROL = re.compile("[\x00-\x1f\x7f]")
_CONTROL_NAMES = {0: "NULL", 0x0B: "LINE TABULATION", 0x0C: "FORM FEED", 0x1B: "ESCAPE"}
_NAMELESS = ("control character", "surrogate", "noncharacter")

#: (record type, field) pairs that hold a link.
_LINK_FIELDS = frozenset(
    {
        (Link, "href"),
        (RelatedLink, "url"),
        (Embed, "url"),
        (Article, "url"),
        (Organization, "url"),
        (Organization, "logo"),
        (Person, "url"),
    }
)
_ENTRY_FIELDS = ("authors", "credits", "keywords", "notices")
#: (record type, field) pairs that hold one line of text (MAX_LINE_CHARS).
_LINE_FIELDS = frozenset(
    {
        (Article, "headline"),
        (Article, "kicker"),
        (Article, "section"),
        (Article, "keywords"),
        (Person, "name"),
        (Credit, "name"),
        (Organization, "name"),
        (Dateline, "place"),
        (Dateline, "text"),
        (Quote, "attribution"),
        (RelatedLink, "title"),
        (Embed, "title"),
        (Embed, "provider"),
    }
)

#: ISO 639-1 two-letter language codes (including the deprecated in, iw, ji, jw, mo).
_ISO_639_1 = frozenset(
    """aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv
    dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii
    ik in io is it iu iw ja ji jv jw ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv
    mg mh mi mk ml mn mo mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn
    ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty
    ug uk ur uz ve vi vo wa wo xh yi yo za zh zu""".split()
)


def known_language(tag: str) -> bool:
    """True when the primary subtag of a well-formed ``tag`` names a language.

    Two letters must be ISO 639-1; three letters are taken as ISO 639-2/3
    (including ``und``, ``mul``, ``zxx`` and the private-use ``qaa``-``qtz``).

    >>> known_language("kk-Cyrl-KZ"), known_language("fil"), known_language("zz")
    (True, True, False)
    """
    primary = tag.split("-")[0].lower()
    return len(primary) == 3 or primary in _ISO_639_1


def link_scheme(url: str) -> str:
    """The scheme of ``url`` as a browser reads it, lower-cased; ``""`` when relative.

    Browsers ignore leading spaces and controls and every tab or line break
    inside a URL, so ``" Java\\tScript:"`` is a ``javascript`` link.

    >>> link_scheme(" JaVa\\tScRiPt:alert(1)"), link_scheme("/news"), link_scheme("HTTPS://x.org")
    ('javascript', '', 'https')
    """
    cleaned = _URL_NOISE.sub("", url.lstrip("".join(map(chr, range(0x21)))))
    match = _SCHEME.match(cleaned)
    return match[1].lower() if match else ""


def text_problem(text: str, headline: bool = False) -> str:
    """Why ``text`` is refused, or ``""``: an XML-forbidden character or a bidi control.

    >>> text_problem("a\\x00b")
    'U+0000 NULL at character 2 refused: XML cannot carry it, so no format could hold this text; remove it'
    >>> text_problem("Tab\\tand DEL\\x7f are fine"), text_problem("\\u2067فارسی\\u2069")
    ('', '')
    """
    bad = XML_FORBIDDEN.search(text)
    if bad:
        return f"{_describe(bad[0])} at character {bad.start() + 1} refused: XML cannot carry it, so no format could hold this text; remove it"
    bidi = (BIDI_CONTROLS if headline else BIDI_OVERRIDES).search(text)
    if bidi:
        where = "in a headline " if headline and not BIDI_OVERRIDES.match(bidi[0]) else ""
        return (
            f"{_describe(bidi[0])} at character {bidi.start() + 1} refused {where}: bidi controls reorder the letters "
            "a reader sees and can disguise text; remove it (the language sets the direction; U+200F or U+200E "
            "marks fix punctuation)"
        ).replace(" :", ":")
    return ""


def check_json_depth(text: str, path: Path) -> None:
    """Refuse JSON nested deeper than :data:`~exporters.limits.MAX_NESTING_DEPTH`, before parsing it.

    >>> check_json_depth("[" * 500 + "]" * 500, Path("deep.json"))
    Traceback (most recent call last):
    exporters.errors.InputError: deep.json: line 1, column 81: arrays and objects nested more than 80 deep; ...
    """
    if _deepest(text) <= limits.MAX_NESTING_DEPTH:
        return
    depth = 0  # too deep: walk the tokens again to name the place
    for match in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', text):
        token = match[0]
        if token in "[{":
            depth += 1
            if depth > limits.MAX_NESTING_DEPTH:
                line = text.count("\n", 0, match.start()) + 1
                column = match.start() - text.rfind("\n", 0, match.start())
                raise InputError(
                    path,
                    f"line {line}, column {column}",
                    f"arrays and objects nested more than {limits.MAX_NESTING_DEPTH} deep; "
                    "the limit is exporters.limits.MAX_NESTING_DEPTH",
                )
        elif token in "]}":
            depth -= 1


#: A JSON string (the same strings as ``"(?:[^"\\]|\\.)*"``, unrolled so that re runs it quickly).
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def _deepest(text: str) -> int:
    """How deep the arrays and objects of JSON ``text`` nest, its strings left out.

    >>> _deepest('{"a": [[1], "]]]"], "b": {}}')
    3
    """
    depth = deepest = 0
    for char in _NOT_BRACKET.sub("", _JSON_STRING.sub("", text)):
        depth += 1 if char in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def check_article(article: Article, path: Path | None) -> None:
    """Raise :class:`InputError` at the first place of ``article`` that crosses a limit or is refused."""
    _Guard(path).article(article)


class _Guard:
    """One walk over an article; ``path`` is the input file (None for articles built in code)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.label = str(path) if path else ""

    def fail(self, where: str, what: str) -> None:
        raise InputError(self.label or "article", where, what)

    def article(self, article: Article) -> None:
        if not known_language(article.language):
            self.fail("$.language", f"unknown language {article.language!r}: its first part is not an ISO 639 code; "
                      "use a BCP 47 tag such as en, kk-Cyrl, fa-IR")
        self.count("$.body", len(article.body), limits.MAX_BLOCKS, "blocks", "MAX_BLOCKS")
        for name in _ENTRY_FIELDS:
            self.count(f"$.{name}", len(getattr(article, name)), limits.MAX_ENTRIES, "entries", "MAX_ENTRIES")
        self.count("$", len(article.images()), limits.MAX_IMAGES, "images", "MAX_IMAGES")
        problem = text_problem(article.headline, headline=True)
        if problem:
            self.fail("$.headline", problem)
        for index, block in enumerate(article.body):
            size = sum(len(piece) for piece in block_text(block))
            if size > limits.MAX_TEXT_CHARS:
                self.fail(f"$.body[{index}]", self.too_many(size, limits.MAX_TEXT_CHARS, "characters", "MAX_TEXT_CHARS"))
            if isinstance(block, ListBlock):
                self.count(f"$.body[{index}].items", len(block.items), limits.MAX_LIST_ITEMS, "items", "MAX_LIST_ITEMS")
        self.record(article, "$", 0)

    def count(self, where: str, number: int, limit: int, what: str, name: str) -> None:
        if number > limit:
            self.fail(where, self.too_many(number, limit, what, name))

    @staticmethod
    def too_many(number: int, limit: int, what: str, name: str) -> str:
        return f"{number:,} {what}; the limit is {limit:,} (exporters.limits.{name})"

    def record(self, record: msgspec.Struct, where: str, depth: int) -> None:
        if isinstance(record, (Emphasis, Strong, Link)):
            depth += 1
            if depth > limits.MAX_INLINE_DEPTH:
                self.fail(_block_of(where), f"inlines (emphasis, strong, links) nested more than {limits.MAX_INLINE_DEPTH} deep; "
                          "the limit is exporters.limits.MAX_INLINE_DEPTH")
        if isinstance(record, Image):
            self.image(record, where)
        for name, link, line in _fields(type(record)):
            value = getattr(record, name)
            if not value or (not link and not line and type(value) is str and _plain(value)):
                continue  # nothing to refuse (empty, None, False, 0), or an ordinary text
            if name == "src" and isinstance(record, Image) and link_scheme(value) == "data":
                continue  # an embedded image: held to the image limits by image(), not to MAX_TEXT_CHARS
            place = f"{where}.{name}"
            if link:
                self.link(value, place)
            if line:
                self.line(value, place)
            self.value(value, place, depth)

    def value(self, value: Any, where: str, depth: int) -> None:
        if isinstance(value, str):
            self.text(value, where)
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                if type(item) is not str or not _plain(item):
                    self.value(item, f"{where}[{index}]", depth)
        elif isinstance(value, msgspec.Struct):
            self.record(value, where, depth)
        elif value is None or isinstance(value, (bool, int, datetime)):
            return

    def text(self, text: str, where: str) -> None:
        if len(text) > limits.MAX_TEXT_CHARS:
            self.fail(where, self.too_many(len(text), limits.MAX_TEXT_CHARS, "characters", "MAX_TEXT_CHARS"))
        problem = text_problem(text)
        if problem:
            self.fail(where, problem)

    def line(self, value: str | tuple[str, ...], where: str) -> None:
        """A single-line field (or each entry of a list of them) within MAX_LINE_CHARS."""
        for index, text in enumerate(value) if isinstance(value, tuple) else ((None, value),):
            if len(text) > limits.MAX_LINE_CHARS:
                place = where if index is None else f"{where}[{index}]"
                self.fail(place, self.too_many(len(text), limits.MAX_LINE_CHARS, "characters for one line",
                                               "MAX_LINE_CHARS"))

    def link(self, url: str, where: str) -> None:
        if _URL_CONTROL.search(url):
            self.fail(where, f"link {_short(url)!r} holds a control character (a tab, line break or similar); "
                      "browsers drop them, which can turn it into another link")
        scheme = link_scheme(url)
        if scheme and scheme not in limits.LINK_SCHEMES:
            allowed = ", ".join(sorted(limits.LINK_SCHEMES))
            self.fail(where, f"link scheme '{scheme}:' refused; a link in an article may be {allowed} or relative "
                      f"(it could run code or reach local files in a reader's app)")

    def image(self, image: Image, where: str) -> None:
        for side in ("width", "height"):
            if getattr(image, side) > limits.MAX_IMAGE_SIDE:
                self.fail(f"{where}.{side}", self.too_many(getattr(image, side), limits.MAX_IMAGE_SIDE, "pixels",
                                                           "MAX_IMAGE_SIDE"))
        src = image.src
        if not src:
            return
        place = f"{where}.src"
        scheme = link_scheme(src)
        if scheme == "data":
            self.data_image(src, place)
            return
        if scheme or src.startswith("//"):
            if scheme not in limits.IMAGE_SCHEMES or _URL_CONTROL.search(src):
                self.fail(place, f"image source scheme '{scheme or src[:2]}' refused; give an https:// URL, a "
                          "data:image/... URI or a path inside the article's folder")
            return
        if "\\" in src:
            self.fail(place, f"image path {_short(src)!r} uses backslashes; write it with / inside the article's folder")
        if src.startswith("/") or re.match(r"^[A-Za-z]:", src):
            self.fail(place, f"absolute image path {_short(src)!r} refused; give a path inside the article's folder")
        normal = posixpath.normpath(src)
        if normal == ".." or normal.startswith("../"):
            self.fail(place, f"image path {_short(src)!r} climbs out of the article's folder")
        if self.path is not None:
            self.inside_folder(src, place)

    def data_image(self, src: str, place: str) -> None:
        """An image embedded as a ``data:`` URI: an image type within the byte limit (its payload
        is decoded and verified when the images are loaded, see :mod:`exporters.resources`)."""
        from ..resources import data_image_problem

        problem = data_image_problem(src) or text_problem(src)
        if problem:
            self.fail(place, problem)

    def inside_folder(self, src: str, place: str) -> None:
        """Symbolic links are followed: the file itself must be inside the article's folder."""
        assert self.path is not None
        try:
            folder = self.path.resolve().parent
            target = (folder / src).resolve()
        except (OSError, RuntimeError) as error:  # a symbolic link loop
            self.fail(place, f"image path {_short(src)!r} cannot be resolved ({type(error).__name__}: {error})")
            return
        if not target.is_relative_to(folder):
            self.fail(place, f"image path {_short(src)!r} leads out of the article's folder through a symbolic link")


def _plain(text: str) -> bool:
    """True for a text :meth:`_Guard.text` has nothing against: within the length limit, and
    nothing :func:`text_problem` refuses (one search, and no place named, for most texts).

    >>> _plain("Caspian port"), _plain("a\\x00b"), _plain("\\u202eevil")
    (True, False, False)

    The search is the pattern :func:`text_problem` uses for XML, and the two overrides are looked
    for as characters: one pattern joining them would cost a new process about half a millisecond
    to compile (a set with the surrogates is slow to build).
    """
    return (len(text) <= limits.MAX_TEXT_CHARS and XML_FORBIDDEN.search(text) is None
            and "\u202d" not in text and "\u202e" not in text)


@functools.cache
def _fields(kind: type[msgspec.Struct]) -> tuple[tuple[str, bool, bool], ...]:
    """Each field of a record type: its name, whether it holds a link, whether it holds one line."""
    return tuple((name, (kind, name) in _LINK_FIELDS, (kind, name) in _LINE_FIELDS) for name in kind.__struct_fields__)


def _describe(char: str) -> str:
    """``'U+202E RIGHT-TO-LEFT OVERRIDE'``, ``'U+0000 NULL'``, ``'U+D800 surrogate'``."""
    code = ord(char)
    name = _CONTROL_NAMES.get(code) or unicodedata.name(char, "")
    if not name:
        category = unicodedata.category(char)
        name = {"Cc": _NAMELESS[0], "Cs": _NAMELESS[1]}.get(category, _NAMELESS[2])
    return f"U+{code:04X} {name}"


def _block_of(where: str) -> str:
    """``$.body[3].content[0].content[0]...`` -> ``$.body[3]``: the block holding a deep inline."""
    match = re.match(r"^\$\.body\[\d+\]", where)
    return match[0] if match else where[:60]


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

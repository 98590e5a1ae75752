"""Small helpers several formats share: reproducible zips, links, the image catalogue of a
file, the visible text of HTML read back, the newest-first order. (The build time, the
identifiers and the joining of several names in one field are document facts:
:mod:`exporters.facts`.)

Nothing here imports a format library.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timezone
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import quote, urljoin, urlsplit

import msgspec

from ..limits import MAX_PART_BYTES, mib
from ..model import Article, Resource

if TYPE_CHECKING:  # the zip formats import zipfile; the others never pay for it
    import zipfile

__all__ = ["normalize_zip", "zip_parts", "ZIP_EPOCH", "ZIP_LATEST", "LINK_SCHEMES", "live_href", "uri",
           "is_web_url", "image_base", "public_image_url",
           "read_member", "IMAGE_SUFFIXES", "CatalogueEntry", "ImageCatalogue", "BLOCK_TAGS", "visible_text",
           "html_text", "newest_first"]

#: The only URL schemes any format turns into a live link; everything else stays text.
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

#: The earliest time a zip entry can carry (1980-01-01).
ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=timezone.utc)
#: The latest: the DOS date field of a zip entry counts years from 1980 in seven bits.
ZIP_LATEST = datetime(2107, 12, 31, 23, 59, 58, tzinfo=timezone.utc)


def normalize_zip(data: bytes, when: datetime, first: tuple[str, ...] = (), stored: tuple[str, ...] = ()) -> bytes:
    """Rewrite a zip with fixed entry times, a fixed order and fixed permissions (:func:`zip_parts`)."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    return zip_parts([(name, source.read(name)) for name in source.namelist()], when, first, stored)


def zip_parts(parts: list[tuple[str, bytes]], when: datetime, first: tuple[str, ...] = (),
              stored: tuple[str, ...] = ()) -> bytes:
    """A zip of ``(name, bytes)`` parts with fixed entry times, a fixed order and fixed permissions.

    ``first`` names entries that must lead (``mimetype`` in EPUB); ``stored`` names
    entries that must not be compressed. Everything else keeps its order. Entry times
    are held between 1980 and 2107, the range a zip entry can carry; the real date
    lives in the format's own metadata.

    >>> import zipfile
    >>> data = zip_parts([("b.txt", b"B"), ("mimetype", b"x")], ZIP_EPOCH, first=("mimetype",), stored=("mimetype",))
    >>> zipfile.ZipFile(io.BytesIO(data)).namelist()
    ['mimetype', 'b.txt']
    """
    import zipfile

    stamp = min(max(when.astimezone(timezone.utc), ZIP_EPOCH), ZIP_LATEST).timetuple()[:6]
    names = [name for name, _ in parts]
    ordered = [part for name in first if name in names for part in parts if part[0] == name]
    ordered += [part for part in parts if part[0] not in first]
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for name, data in ordered:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            info.create_system = 3
            target.writestr(info, data, compresslevel=9 if name not in stored else None)
    return output.getvalue()


@lru_cache(maxsize=4096)
def live_href(url: str) -> str | None:
    """``url`` as a valid URI (:func:`uri`) when it may become a live link (http, https, mailto), else None.

    Every format asks this one function, so a link is live in all of them or in none. Like
    :func:`uri` and :func:`is_web_url`, a pure function asked about the same URLs many times,
    so it keeps its latest answers.

    >>> live_href("https://example.org/a b"), live_href(" JavaScript:alert(1)"), live_href("/relative")
    ('https://example.org/a%20b', None, None)
    >>> live_href("https://[2001:db8::1]/a?q=[x]"), live_href("mailto:desk@example.org?body=]]")
    ('https://[2001:db8::1]/a?q=%5Bx%5D', 'mailto:desk@example.org?body=%5D%5D')
    """
    cleaned = url.strip()
    if not cleaned or _CONTROL.search(cleaned):
        return None
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in LINK_SCHEMES or (scheme != "mailto" and not parts.netloc):
        return None
    return uri(cleaned)


#: What RFC 3986 allows unescaped in each part of a URI, besides letters and digits.
_SUB_DELIMS = "!$&'()*+,;="
_PATH_SAFE = "-._~" + _SUB_DELIMS + ":@/"
_QUERY_SAFE = _PATH_SAFE + "?"
_HOST_SAFE = "-._~" + _SUB_DELIMS
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_IP_LITERAL = re.compile(r"\[[0-9A-Fa-f:.]+\]|\[v[0-9A-Fa-f]+\.[-._~!$&'()*+,;=:0-9A-Za-z]+\]")


@lru_cache(maxsize=4096)
def uri(url: str) -> str:
    """``url`` serialised as a valid URI (RFC 3986, so also a valid IRI, RFC 3987).

    Each part is escaped by its own grammar: a character its part does not allow is
    percent-encoded as UTF-8 (``]`` in a query, ``"``, ``<``, spaces, non-ASCII), a
    ``%`` that starts no escape becomes ``%25``, escapes already there are kept, and a
    non-ASCII host name is written in IDNA (``xn--``) form. Every link of every format
    goes through here, so a link is written the same way everywhere. Written by hand:
    ``urllib.parse.quote`` knows one safe set for a whole string, where a URI needs one
    per part, and no maintained library on our dependency list serialises by part.
    A pure function of the text, asked about the same few URLs (the site, the article, its
    images) many times over a feed or a batch, so it keeps its latest answers.

    >>> print(uri("https://example.org/search?q=<b>&x=']]> #top"))
    https://example.org/search?q=%3Cb%3E&x='%5D%5D%3E%20#top
    >>> uri("mailto:desk@example.org?subject=100% sure")
    'mailto:desk@example.org?subject=100%25%20sure'
    >>> uri("https://пример.рф/статья?id=1"), uri("http://[::1]:8080/a%20b")
    ('https://xn--e1afmkfd.xn--p1ai/%D1%81%D1%82%D0%B0%D1%82%D1%8C%D1%8F?id=1', 'http://[::1]:8080/a%20b')
    """
    scheme, colon, rest = url.partition(":")
    if not colon or not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", scheme):
        scheme, rest = "", url
    rest, hash_, fragment = rest.partition("#")
    rest, question, query = rest.partition("?")
    authority = ""
    if rest.startswith("//"):
        authority, slash, path = rest[2:].partition("/")
        authority, path = "//" + _authority(authority), slash + path
    else:
        path = rest
    return "".join((
        scheme + (":" if scheme else ""), authority, _escape(path, _PATH_SAFE),
        question + _escape(query, _QUERY_SAFE), hash_ + _escape(fragment, _QUERY_SAFE),
    ))


def _escape(part: str, safe: str) -> str:
    return quote(_STRAY_PERCENT.sub("%25", part), safe=safe + "%")


def _authority(authority: str) -> str:
    """``user@host:port`` with each part escaped; an IP literal kept; a Unicode host in IDNA."""
    userinfo, at, hostport = authority.rpartition("@")
    literal = _IP_LITERAL.match(hostport)
    if literal:
        host, port = literal.group(), hostport[literal.end():]
    else:
        host, colon, digits = hostport.rpartition(":")
        host, port = (host, colon + digits) if colon and digits.isdigit() else (hostport, "")
        if not host.isascii():
            try:
                host = host.encode("idna").decode("ascii")
            except UnicodeError:  # not a name IDNA can write: escape it like any other character
                pass
        host = _escape(host, _HOST_SAFE)
    if not re.fullmatch(r"(:[0-9]*)?", port):  # not a port: part of the host, escaped
        host, port = host + _escape(port, _HOST_SAFE), ""
    return _escape(userinfo, _HOST_SAFE + ":") + at + host + port


def read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    """The bytes of one zip member, refused past :data:`~exporters.limits.MAX_PART_BYTES`.

    The size the member declares is checked before inflating, and inflating stops
    one byte past the limit whatever it declared, so a zip bomb costs no memory.
    ``KeyError`` when there is no such member, as :meth:`zipfile.ZipFile.read`.
    """
    info = archive.getinfo(name)
    if info.file_size <= MAX_PART_BYTES:
        with archive.open(info) as stream:
            data = stream.read(MAX_PART_BYTES + 1)
        if len(data) <= MAX_PART_BYTES:
            return data
    raise ValueError(f"{name} inflates to more than {mib(MAX_PART_BYTES)} (exporters.limits.MAX_PART_BYTES)")


@lru_cache(maxsize=4096)
def public_image_url(src: str, base: str) -> str | None:
    """Where a reader (feed reader, browser, search engine) can fetch an image: ``src`` when absolute https, else
    ``src`` resolved against ``base``; None when neither works.

    >>> public_image_url("images/a b.png", "https://news.example.org/2026/03/story")
    'https://news.example.org/2026/03/images/a%20b.png'
    >>> public_image_url("http://insecure.example/a.png", "https://news.example.org/") is None
    True
    """
    src = src.strip()
    if not src or src.startswith("//"):
        return None
    if urlsplit(src).scheme:
        return uri(src) if src.lower().startswith("https://") and is_web_url(src) else None
    if not is_web_url(base):
        return None
    return urljoin(uri(base), _escape(src, _PATH_SAFE))


def image_base(article: Article, site_url: str) -> str:
    """What a relative image src of ``article`` resolves against: the article URL, else the
    site's root, else nothing (the image then has no public URL).

    >>> from exporters.model import Article
    >>> story = Article(id="a", language="en", headline="H")
    >>> image_base(story, "https://news.example.org"), image_base(story, "")
    ('https://news.example.org/', '')
    """
    if is_web_url(article.url):
        return article.url
    return site_url.rstrip("/") + "/" if is_web_url(site_url) else ""


@lru_cache(maxsize=4096)
def is_web_url(url: str) -> bool:
    """True for an absolute http(s) URL with a host and no blank or control character.

    >>> is_web_url("https://news.example.org/a"), is_web_url("/a"), is_web_url("https://a b/")
    (True, False, False)
    """
    if not url or _BLANK_OR_CONTROL.search(url):
        return False
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


_BLANK_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f]")


#: The file suffix of each image type an output may embed.
IMAGE_SUFFIXES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif"}


class CatalogueEntry(msgspec.Struct, frozen=True):
    """One distinct image of an output: its number in order of first use, digest and bytes."""

    number: int
    digest: str
    resource: Resource

    @property
    def file_name(self) -> str:
        """``image-001.png`` for the first image, and so on."""
        return f"image-{self.number:03d}.{IMAGE_SUFFIXES.get(self.resource.media_type, 'bin')}"


class ImageCatalogue(msgspec.Struct):
    """The image files of one output (an EPUB's ``images/``, an e-mail's related parts):
    one per distinct image, told apart by content and numbered in order of first use.

    >>> from exporters.model import Resource
    >>> catalogue = ImageCatalogue()
    >>> dot = Resource(data=b"dot", media_type="image/png", width=1, height=1)
    >>> [catalogue.add(dot).file_name, catalogue.add(dot).file_name, len(catalogue)]
    ['image-001.png', 'image-001.png', 1]
    """

    entries: dict[str, CatalogueEntry] = msgspec.field(default_factory=dict)

    def add(self, resource: Resource) -> CatalogueEntry:
        """The entry of ``resource``, new when no image with the same bytes came before."""
        digest = hashlib.sha256(resource.data).hexdigest()
        if digest not in self.entries:
            self.entries[digest] = CatalogueEntry(len(self.entries) + 1, digest, resource)
        return self.entries[digest]

    def __iter__(self) -> Iterator[CatalogueEntry]:
        return iter(self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)


#: HTML elements that stand on lines of their own when read.
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "dd", "div", "dl", "dt", "figcaption", "figure", "footer",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "section", "table", "td",
    "th", "tr", "ul",
})
#: Elements whose content no reader sees.
_UNSEEN = frozenset({"head", "script", "style", "template"})


def visible_text(root: Any, hidden: Callable[[Any], bool] | None = None) -> str:
    """The text a reader sees in an (X)HTML element tree: one line per block, in reading order.

    Left out: ``head``, scripts, styles, templates, elements with the ``hidden``
    attribute, and those ``hidden(element)`` says a reader does not see (an e-mail's
    preheader). Whitespace inside a line is collapsed.

    >>> from lxml import html
    >>> visible_text(html.fromstring("<div><p>One <em>two</em></p><p hidden>gone</p><ul><li>three<br>four</li></ul></div>"))
    'One two\\nthree\\nfour'
    """
    parts: list[str] = []
    _walk(root, parts, hidden or _shown)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _walk(element: Any, parts: list[str], hidden: Callable[[Any], bool]) -> None:
    if not isinstance(element.tag, str):
        return  # a comment or processing instruction; its tail is its parent's
    name = element.tag.rpartition("}")[2]
    if name in _UNSEEN or element.get("hidden") is not None or hidden(element):
        return
    block = name in BLOCK_TAGS
    if block or name == "br":
        parts.append("\n")
    parts.append(_collapse(element.text))
    for child in element:
        _walk(child, parts, hidden)
        parts.append(_collapse(child.tail))
    if block:
        parts.append("\n")


def _shown(element: Any) -> bool:
    return False


def _collapse(text: str | None) -> str:
    """``text`` on one line: a line break in a text is a space (the lines are the blocks); other
    runs of whitespace are collapsed with the line, in :func:`visible_text`."""
    return text.replace("\n", " ") if text else ""


def html_text(fragment: str) -> str:
    """The visible text of an HTML fragment (a feed entry's content), as :func:`visible_text`.

    >>> html_text("<p>One <em>two</em></p><ul><li>three</li></ul>")
    'One two\\nthree'
    """
    if not fragment.strip():
        return ""
    from lxml import etree
    from lxml import html as lxml_html

    # What lxml.html.fragment_fromstring(create_parent="div") builds, with lxml's plain elements:
    # lxml.html's element classes cost a Python call per element read, and the text needs none of their methods.
    elements = lxml_html.fragments_fromstring(fragment, parser=_html_parser())
    root = etree.Element("div")
    if elements and isinstance(elements[0], str):
        root.text = elements.pop(0)
    root.extend(elements)
    return visible_text(root)


@cache
def _html_parser() -> Any:
    """lxml's HTML parser with its own element classes (those of :mod:`lxml.html` without their lookup)."""
    from lxml import etree

    return etree.HTMLParser()


_Item = TypeVar("_Item")


def newest_first(items: Iterable[_Item], article: Callable[[_Item], Article] = lambda item: item) -> list[_Item]:
    """``items`` by their article's ``published``, newest first; undated ones last; equal dates by id,
    so the order never depends on the order of the input. ``article`` finds each item's article.

    >>> from datetime import datetime, timezone
    >>> def story(key, day=None):
    ...     when = datetime(2026, 5, day, tzinfo=timezone.utc) if day else None
    ...     return Article(id=key, language="en", headline=key, published=when)
    >>> [a.id for a in newest_first([story("undated"), story("old", 1), story("b", 3), story("a", 3)])]
    ['a', 'b', 'old', 'undated']
    """
    def key(item: _Item) -> tuple[bool, float, str]:
        found = article(item)
        published = found.published
        return (published is None, -published.timestamp() if published else 0.0, found.id)

    return sorted(items, key=key)

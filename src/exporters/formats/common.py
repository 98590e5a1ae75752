"""Small helpers several formats share: build time, identifiers, reproducible zips.

Nothing here imports a format library.
"""

from __future__ import annotations

import io
import os
import re
import uuid
import zipfile
from datetime import datetime, timezone
from typing import Callable, Iterable
from urllib.parse import quote, urljoin, urlsplit

from ..limits import MAX_PART_BYTES, mib
from ..model import Article, Bundle

__all__ = ["build_time", "bundle_identifier", "article_identifier", "normalize_zip", "ZIP_EPOCH", "ZIP_LATEST", "LINK_SCHEMES", "live_href", "uri",
           "join_field", "split_field", "is_web_url", "public_image_url",
           "read_member", "unique"]

#: The only URL schemes any format turns into a live link; everything else stays text.
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

#: The earliest time a zip entry can carry (1980-01-01), for when nothing else is known.
ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=timezone.utc)
#: The latest: the DOS date field of a zip entry counts years from 1980 in seven bits.
ZIP_LATEST = datetime(2107, 12, 31, 23, 59, 58, tzinfo=timezone.utc)
_NAMESPACE = uuid.UUID("5f0e3c1a-9d0b-4b8e-8c36-7a1f2e4d6b10")


def build_time(bundle: Bundle) -> datetime:
    """The one timestamp an output may carry: ``SOURCE_DATE_EPOCH`` when set, else the
    bundle date, else the newest ``updated``/``published`` of its articles, else 1980.

    Never "now": the same input gives the same bytes.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    if bundle.date:
        return bundle.date
    moments = [article.modified for article in bundle.articles if article.modified]
    return max(moments) if moments else ZIP_EPOCH


def article_identifier(article: Article) -> str:
    """A stable URN for an article, derived from its ``id`` (never random).

    >>> article_identifier(Article(id="a1", language="en", headline="H"))  # doctest: +SKIP
    'urn:uuid:...'
    """
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, article.id)}"


def bundle_identifier(bundle: Bundle) -> str:
    """The bundle's own identifier, or a URN derived from its title and article ids."""
    if bundle.identifier:
        return bundle.identifier
    if bundle.is_single:
        return article_identifier(bundle.lead)
    key = "\n".join([bundle.title, bundle.issue, *(article.id for article in bundle.articles)])
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, key)}"


def normalize_zip(data: bytes, when: datetime, first: tuple[str, ...] = (), stored: tuple[str, ...] = ()) -> bytes:
    """Rewrite a zip with fixed entry times, a fixed order and fixed permissions.

    ``first`` names entries that must lead (``mimetype`` in EPUB); ``stored`` names
    entries that must not be compressed. Everything else keeps its order. Entry times
    are held between 1980 and 2107, the range a zip entry can carry; the real date
    lives in the format's own metadata.
    """
    stamp = min(max(when.astimezone(timezone.utc), ZIP_EPOCH), ZIP_LATEST).timetuple()[:6]
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    ordered = [name for name in first if name in names] + [name for name in names if name not in first]
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            info.create_system = 3
            target.writestr(info, source.read(name), compresslevel=9 if name not in stored else None)
    return output.getvalue()


def live_href(url: str) -> str | None:
    """``url`` as a valid URI (:func:`uri`) when it may become a live link (http, https, mailto), else None.

    Every format asks this one function, so a link is live in all of them or in none.

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


def uri(url: str) -> str:
    """``url`` serialised as a valid URI (RFC 3986, so also a valid IRI, RFC 3987).

    Each part is escaped by its own grammar: a character its part does not allow is
    percent-encoded as UTF-8 (``]`` in a query, ``"``, ``<``, spaces, non-ASCII), a
    ``%`` that starts no escape becomes ``%25``, escapes already there are kept, and a
    non-ASCII host name is written in IDNA (``xn--``) form. Every link of every format
    goes through here, so a link is written the same way everywhere. Written by hand:
    ``urllib.parse.quote`` knows one safe set for a whole string, where a URI needs one
    per part, and no maintained library on our dependency list serialises by part.

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


def join_field(names: Iterable[str]) -> str:
    r"""Names as one metadata value, ``"; "`` between them; a ``;`` or backslash in a name escaped.

    The escaping of vCard and iCalendar, so :func:`split_field` gets every name back
    whole, whatever it holds:

    >>> print(join_field(["Reuters", "Smith; Jones Media"]))
    Reuters; Smith\; Jones Media
    >>> split_field(join_field(["Reuters", "Smith; Jones Media"]))
    ('Reuters', 'Smith; Jones Media')
    """
    return "; ".join(name.replace("\\", "\\\\").replace(";", "\\;") for name in names)


def split_field(value: str) -> tuple[str, ...]:
    """The names :func:`join_field` joined, unescaped and stripped; empty ones left out.

    A hand-written scan rather than a regular expression: an escape is one character
    after a backslash, which a split pattern cannot say without look-behind tricks.
    """
    names: list[str] = []
    current: list[str] = []
    characters = iter(value)
    for character in characters:
        if character == "\\":
            current.append(next(characters, ""))
        elif character == ";":
            names.append("".join(current))
            current = []
        else:
            current.append(character)
    names.append("".join(current))
    return tuple(name.strip() for name in names if name.strip())


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


def unique(values: Iterable[str], tidy: Callable[[str], str] | None = None) -> tuple[str, ...]:
    """``values`` without repeats or empty ones, in first-seen order; each passed through ``tidy`` first.

    >>> unique(["Reuters", "", "AFP", "Reuters"])
    ('Reuters', 'AFP')
    >>> unique([" AP ", "AP"], tidy=str.strip)
    ('AP',)
    """
    tidied = (tidy(value) for value in values) if tidy else values
    return tuple(dict.fromkeys(value for value in tidied if value))


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

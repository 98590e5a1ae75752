"""Loading the images an article refers to, safely, before any exporter runs.

Exporters are pure: they find image bytes in ``bundle.resources``. This module
fills that table. Paths resolve inside the article's own folder only (no ``..``
escapes, no absolute paths); remote URLs are never fetched unless the caller
passes a :class:`RemotePolicy`; every file is opened with Pillow, so a corrupt or
oversized image is an :class:`~exporters.errors.ResourceError` naming the file,
not a crash inside a format library.

An image may also be a ``data:`` URI (as in saved pages and this toolkit's own web
page): its payload is local bytes, decoded here after its encoded length is held to
:data:`~exporters.limits.MAX_IMAGE_BYTES`, and verified like a file; it is never fetched.

Remote images are fetched with a deadline for the whole transfer, a byte limit
(checked against ``Content-Length`` and while reading), and at most
:data:`~exporters.limits.REMOTE_MAX_REDIRECTS` redirects, each of which must
stay ``https`` and on an allowed host. The limits are in :mod:`exporters.limits`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import re
import time
import warnings
from pathlib import Path
from typing import Any, NamedTuple

import msgspec

from . import limits
from .body import Figure
from .errors import ResourceError
from .media import Image
from .model import Article, Bundle, Resource

__all__ = ["RemotePolicy", "load_resources", "with_resources", "fetch", "left_out", "is_data_uri", "data_image_problem",
           "tidy_data_uri", "shown",
           "MAX_IMAGE_BYTES", "MAX_IMAGE_PIXELS"]

MAX_IMAGE_BYTES = limits.MAX_IMAGE_BYTES
MAX_IMAGE_PIXELS = limits.MAX_IMAGE_PIXELS
_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}
_CHUNK = 64 * 1024


class RemotePolicy(msgspec.Struct, frozen=True):
    """Permission to fetch remote images: only from ``hosts``, within size and time limits.

    ``timeout`` bounds the whole transfer of one image (each network wait is at
    most a quarter of it, and the deadline is checked between reads).

    >>> RemotePolicy(hosts=frozenset({"Media.Example.org"})).allows("media.example.org")
    True
    """

    hosts: frozenset[str]
    max_bytes: int = limits.MAX_IMAGE_BYTES
    timeout: float = limits.REMOTE_TIMEOUT
    max_redirects: int = limits.REMOTE_MAX_REDIRECTS

    def allows(self, host: str | None) -> bool:
        """True when ``host`` is one of the allowed hosts (case and a trailing dot ignored)."""
        wanted = {name.strip().lower().rstrip(".") for name in self.hosts}
        return bool(host) and host.lower().rstrip(".") in wanted


def image_places(article: Article) -> list[tuple[str, Image]]:
    """Every image with its JSON path, for error messages: ``$.body[4].image``."""
    places = [("$.lead_image", article.lead_image)] if article.lead_image else []
    places += [(f"$.body[{index}].image", block.image) for index, block in enumerate(article.body) if isinstance(block, Figure)]
    return places


def load_resources(article: Article, origin: Path | None, remote: RemotePolicy | None = None) -> dict[str, Resource]:
    """Read and verify every image of ``article``; keys as :meth:`Bundle.resource_key`.

    ``origin`` is the article's file; relative ``src`` paths resolve beside it.
    """
    table: dict[str, Resource] = {}
    for place, image in image_places(article):
        if not image.src or Bundle.resource_key(article, image) in table or left_out(image.src, remote):
            continue
        label = str(origin) if origin else article.id
        data = _read(image.src, origin, remote, label, place)
        table[Bundle.resource_key(article, image)] = _verify(data, label, place, _named(image.src))
    return table


def left_out(src: str, remote: RemotePolicy | None) -> bool:
    """True for an https image when no remote media is allowed: it is left out (shown as its
    alt text and caption, reported as M117) rather than fetched or refused.

    >>> left_out("https://media.example.org/a.png", None), left_out("images/a.png", None)
    (True, False)
    >>> left_out("http://media.example.org/a.png", None)   # not https: refused when read
    False
    """
    from urllib.parse import urlsplit

    if remote is not None or "://" not in src:
        return False
    try:
        parts = urlsplit(src)
        return parts.scheme.lower() == "https" and bool(parts.hostname)
    except ValueError:
        return False


def with_resources(bundle: Bundle, origins: dict[str, Path | None], remote: RemotePolicy | None = None) -> Bundle:
    """``bundle`` with the images of every article loaded (``origins``: article id -> file)."""

    table: dict[str, Resource] = dict(bundle.resources)
    for article in bundle.articles:
        table.update(load_resources(article, origins.get(article.id), remote))
    return msgspec.structs.replace(bundle, resources=table)


def _read(src: str, origin: Path | None, remote: RemotePolicy | None, label: str, place: str) -> bytes:
    where = f"{place}.src"
    if is_data_uri(src):
        return _read_data(src, label, where)
    if "://" in src or src.startswith("//"):
        return fetch(src, remote, label, where)
    if Path(src).is_absolute() or "\\" in src or "\x00" in src:
        raise ResourceError(label, where, f"absolute image path {src!r} refused; give a path inside the article's folder")
    if origin is None:
        raise ResourceError(label, where, f"image {src!r} has no folder to resolve against")
    try:
        folder = origin.resolve().parent
        path = (folder / src).resolve()
    except (OSError, RuntimeError) as error:  # RuntimeError: a symbolic link loop
        raise ResourceError(label, where, f"image path {src!r} cannot be resolved ({error})") from None
    if not path.is_relative_to(folder):
        raise ResourceError(label, where, f"image path {src!r} climbs out of the article's folder")
    return _read_local(path, src, label, where)


def _read_local(path: Path, src: str, label: str, where: str) -> bytes:
    """The bytes of a regular file of at most MAX_IMAGE_BYTES (a pipe or device is refused, never read)."""
    import stat

    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise ResourceError(label, where, f"image file not found: {path}" if not path.exists()
                                else f"image {src!r} is not a regular file")
        if status.st_size > limits.MAX_IMAGE_BYTES:
            raise ResourceError(label, where, f"image {src!r} is {limits.mib(status.st_size)}; the limit is "
                                f"{limits.mib(limits.MAX_IMAGE_BYTES)} (exporters.limits.MAX_IMAGE_BYTES)")
        with path.open("rb") as stream:
            return stream.read(limits.MAX_IMAGE_BYTES + 1)[: limits.MAX_IMAGE_BYTES + 1]
    except FileNotFoundError:
        raise ResourceError(label, where, f"image file not found: {path}") from None
    except OSError as error:
        raise ResourceError(label, where, f"image {src!r} cannot be read: {error.strerror or error}") from None


def is_data_uri(src: str) -> bool:
    """True when ``src`` is a ``data:`` URI (leading spaces ignored, as browsers do): an image
    embedded in the source itself, neither a file nor a fetch.

    >>> is_data_uri(" DATA:image/png;base64,iVBORw0KGgo="), is_data_uri("images/data:a.png")
    (True, False)
    """
    return src.lstrip()[:5].lower() == "data:"


#: Tabs and line breaks, which URL parsers drop from any URL, and the ASCII spaces base64
#: decoding skips: a payload wrapped over several lines is read as browsers read it.
_URL_BREAKS = "\t\n\r"
_BASE64_SPACES = "\t\n\r\f "
_PERCENT = re.compile("%[0-9A-Fa-f]{2}")
_NOT_BASE64 = re.compile("[^A-Za-z0-9+/=]|=+[^=]")


class _DataURI(NamedTuple):
    """A ``data:`` URI taken apart (RFC 2397): ``data:[<media type>][;base64],<payload>``."""

    media_type: str  # lower-cased, parameters such as charset dropped; "" when none is declared
    base64: bool
    payload: str  # what base64 decoding skips already removed
    well_formed: bool  # False when there is no comma before the payload


def _without(text: str, characters: str) -> str:
    """``text`` without any of ``characters`` (looked for first: most payloads hold none).

    >>> _without("iVBO Rw0K\\nGgo=", _BASE64_SPACES)
    'iVBORw0KGgo='
    """
    if not any(char in text for char in characters):
        return text
    return text.translate(dict.fromkeys(map(ord, characters)))


def _split_data(src: str) -> _DataURI:
    header, comma, payload = _without(src.strip(), _URL_BREAKS)[5:].partition(",")
    parts = [part.strip() for part in header.split(";")]
    encoded = len(parts) > 1 and parts[-1].lower() == "base64"
    return _DataURI(parts[0].lower(), encoded, _without(payload, _BASE64_SPACES) if encoded else payload, bool(comma))


def _data_size(uri: _DataURI) -> int:
    """The bytes the payload decodes to, from its encoded length alone (exact when well formed)."""
    if uri.base64:
        return len(uri.payload) * 3 // 4 - uri.payload.endswith("=") - uri.payload.endswith("==")
    return len(uri.payload.encode("utf-8", "surrogatepass")) - 2 * len(_PERCENT.findall(uri.payload))


def _named(src: str) -> str:
    """An image source as messages quote it: a path or URL in quotes, a ``data:`` URI as :func:`shown`."""
    return shown(src) if is_data_uri(src) else repr(src)


def shown(src: str) -> str:
    """How a message quotes an image source: a ``data:`` URI by its media type and size, never its payload.

    >>> shown("data:image/png;base64,iVBORw0KGgo="), shown("images/a.png")
    ('data:image/png (8 bytes)', 'images/a.png')
    """
    if not is_data_uri(src):
        return src
    uri = _split_data(src)
    return f"data:{uri.media_type or '(no media type)'} ({_data_size(uri):,} bytes)"


def tidy_data_uri(src: str) -> str:
    """A ``data:`` URI as the model keeps it: without what browsers skip in it (line breaks
    anywhere, and spaces in a base64 payload, where saved pages often wrap the data).

    >>> tidy_data_uri(" data:image/png;base64,iVBO Rw0K\\nGgo= ")
    'data:image/png;base64,iVBORw0KGgo='
    """
    header, comma, payload = _without(src.strip(), _URL_BREAKS).partition(",")
    if ";" in header and header.rsplit(";", 1)[1].strip().lower() == "base64":
        payload = _without(payload, _BASE64_SPACES)
    return header + comma + payload


def data_image_problem(src: str) -> str:
    """Why the ``data:`` image source ``src`` is refused before its payload is decoded, or ``""``.

    Its media type must be one the toolkit verifies and its size, computed from the encoded
    length, within :data:`~exporters.limits.MAX_IMAGE_BYTES`.

    >>> data_image_problem("data:image/png;base64,iVBORw0KGgo=")
    ''
    >>> data_image_problem("data:text/html,<p>hi</p>")
    'image data:text/html (9 bytes) refused: a data: image must be image/png, image/jpeg or image/gif'
    """
    return _data_problem(_split_data(src))


def _data_problem(uri: _DataURI) -> str:
    name = f"data:{uri.media_type or '(no media type)'}"
    if not uri.well_formed:
        return f"image {name} is not a well-formed data: URI (no comma before its data)"
    size = _data_size(uri)
    if uri.media_type not in _FORMATS.values():
        kinds = ", ".join(_FORMATS.values())
        return f"image {name} ({size:,} bytes) refused: a data: image must be {' or '.join(kinds.rsplit(', ', 1))}"
    if size > limits.MAX_IMAGE_BYTES:
        return (f"image {name} ({size:,} bytes) is larger than {limits.mib(limits.MAX_IMAGE_BYTES)} "
                "(exporters.limits.MAX_IMAGE_BYTES)")
    return ""


def _read_data(src: str, label: str, where: str) -> bytes:
    """The bytes of a ``data:`` image, its size held to the limit before anything is decoded."""
    from urllib.parse import unquote_to_bytes

    uri = _split_data(src)
    problem = _data_problem(uri)
    if problem:
        raise ResourceError(label, where, problem)
    if not uri.base64:
        return unquote_to_bytes(uri.payload)
    payload = uri.payload + "=" * (-len(uri.payload) % 4 if len(uri.payload) % 4 > 1 else 0)  # padding is optional
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError) as error:  # ValueError: a character beyond ASCII
        bad = _NOT_BASE64.search(payload)
        why = f"{bad[0]!r} at character {bad.start() + 1} of its data" if bad else f"{error}".lower()
        raise ResourceError(label, where, f"image {shown(src)} is not valid base64: {why}") from None


class _Refused(Exception):
    """A redirect to a place the policy does not allow."""


def fetch(src: str, remote: RemotePolicy | None, label: str, where: str) -> bytes:
    """The bytes of a remote image, within ``remote``'s hosts, size and time; :class:`ResourceError` otherwise.

    >>> fetch("https://media.example.org/a.png", None, "story.json", "$.lead_image.src")
    Traceback (most recent call last):
    exporters.errors.ResourceError: story.json: $.lead_image.src: remote image https://media.example.org/a.png not fetched; ...
    """
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(src)
        host = parts.hostname
    except ValueError as error:
        raise ResourceError(label, where, f"image URL {src[:80]!r} is not well formed ({error})") from None
    if parts.scheme.lower() != "https":
        raise ResourceError(label, where, f"image URL scheme {parts.scheme or src[:5]!r} refused; only https images can be fetched")
    if remote is None:
        raise ResourceError(label, where, f"remote image {src} not fetched; pass --allow-remote-media HOST to allow it")
    if not remote.allows(host):
        raise ResourceError(label, where, f"remote image host {host!r} is not in the allowed hosts "
                            f"({', '.join(sorted(remote.hosts))})")
    try:
        return _download(src, remote)
    except _Refused as error:
        raise ResourceError(label, where, f"remote image {src}: {error}") from None
    except TimeoutError:
        raise ResourceError(label, where, f"remote image {src} took longer than {remote.timeout:g} s; not fetched") from None
    except (OSError, ValueError) as error:
        raise ResourceError(label, where, f"remote image {src} could not be fetched: {error}") from None
    except Exception as error:  # http.client.HTTPException and kin: a broken server
        raise ResourceError(label, where, f"remote image {src} could not be fetched: {type(error).__name__}: {error}") from None


def _download(src: str, remote: RemotePolicy) -> bytes:
    """GET ``src`` with a deadline, a byte limit and checked redirects."""
    import urllib.request

    deadline = time.monotonic() + remote.timeout
    wait = max(0.05, remote.timeout / 4)
    opener = _opener(remote)
    request = urllib.request.Request(src, headers={"User-Agent": "newsroom-exporters", "Accept": "image/*"})
    with opener.open(request, timeout=wait) as response:
        declared = response.headers.get("Content-Length", "")
        if declared.strip().isdigit() and int(declared) > remote.max_bytes:
            raise _Refused(f"is {int(declared):,} bytes; the limit is {remote.max_bytes:,}")
        chunks: list[bytes] = []
        size = 0
        while True:
            if time.monotonic() > deadline:
                raise TimeoutError
            chunk = response.read1(_CHUNK)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > remote.max_bytes:
                raise _Refused(f"is larger than {remote.max_bytes:,} bytes; not fetched")
            chunks.append(chunk)


def _opener(remote: RemotePolicy) -> Any:
    """An opener for https only, whose redirects must stay https and on an allowed host."""
    import urllib.request
    from urllib.parse import urlsplit

    class Redirects(urllib.request.HTTPRedirectHandler):
        max_redirections = remote.max_redirects

        def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
            target = urlsplit(newurl)
            if target.scheme.lower() != "https":
                raise _Refused(f"redirected to {newurl[:100]}, which is not https; not followed")
            if not remote.allows(target.hostname):
                raise _Refused(f"redirected to host {target.hostname!r}, which is not allowed; not followed")
            if len(getattr(req, "redirect_dict", {})) >= remote.max_redirects:
                raise _Refused(f"more than {remote.max_redirects} redirects; not followed")
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler(), urllib.request.HTTPSHandler(), Redirects(),
                    urllib.request.HTTPDefaultErrorHandler(), urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    return opener


def _verify(data: bytes, label: str, place: str, name: str) -> Resource:
    """A :class:`Resource` for image ``data`` that Pillow can decode, within the size limits
    (``name``: the image as messages quote it, see :func:`_named`).

    The same bytes verified by an earlier run are not decoded again: what Pillow found (type
    and size) is kept in the user's cache under the bytes' SHA-256 (:func:`_remembered`).
    """
    where = f"{place}.src"
    if len(data) > limits.MAX_IMAGE_BYTES:
        raise ResourceError(label, where, f"image {name} is larger than {limits.mib(limits.MAX_IMAGE_BYTES)}")
    digest = hashlib.sha256(data).hexdigest()
    known = _remembered(digest)
    if known is not None:
        return Resource(data=data, media_type=known[0], width=known[1], height=known[2])
    resource = _decoded(data, label, where, name)
    _remember(digest, resource)
    return resource


def _verified_under() -> str:
    """What a remembered verification depends on besides the bytes: the limits it was held to."""
    return f"{limits.MAX_IMAGE_PIXELS}/{limits.MAX_IMAGE_SIDE}/{limits.MAX_IMAGE_BYTES}/{'/'.join(_FORMATS)}"


def _remembered(digest: str) -> tuple[str, int, int] | None:
    """The media type and size of an image whose bytes have ``digest`` and that an earlier run
    verified under the same limits; None when no such entry is readable (then Pillow decodes)."""
    from .cache import read_entry

    entry = read_entry("images", digest)
    try:
        if entry is not None and entry["under"] == _verified_under() and entry["media_type"] in _FORMATS.values():
            return entry["media_type"], int(entry["width"]), int(entry["height"])
    except (KeyError, TypeError, ValueError):
        pass
    return None


def _remember(digest: str, resource: Resource) -> None:
    """Keep what Pillow found for these bytes (when this process keeps a cache)."""
    from .cache import kept_on_disk, write_entry

    if kept_on_disk():  # msgspec, already loaded for the model, writes it: no json module at start-up
        entry = {"under": _verified_under(), "media_type": resource.media_type, "width": resource.width,
                 "height": resource.height}
        write_entry("images", digest, msgspec.json.encode(entry).decode("utf-8"))


def _decoded(data: bytes, label: str, where: str, name: str) -> Resource:
    """Decode ``data`` with Pillow (header, then every pixel) and refuse what is not a whole image."""
    from PIL import Image as PILImage

    PILImage.MAX_IMAGE_PIXELS = limits.MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that, and would decode anyway
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(io.BytesIO(data)) as picture:
                kind = picture.format or ""
                width, height = picture.size
                _check_pixels(width, height, label, where, name)
                picture.verify()
            with PILImage.open(io.BytesIO(data)) as picture:
                picture.load()  # verify() misses truncated pixel data
    except ResourceError:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise ResourceError(label, where, f"image {name} has too many pixels (limit {limits.MAX_IMAGE_PIXELS:,}, "
                            "exporters.limits.MAX_IMAGE_PIXELS)") from None
    except PILImage.UnidentifiedImageError:
        raise ResourceError(label, where, f"image {name} is not a readable image (not PNG, JPEG or GIF data)") from None
    except Exception as error:  # Pillow raises many types for corrupt files
        raise ResourceError(label, where, f"image {name} is not a readable image ({error})") from None
    if kind not in _FORMATS:
        raise ResourceError(label, where, f"image {name} is {kind or 'of an unknown type'}; use PNG, JPEG or GIF")
    return Resource(data=data, media_type=_FORMATS[kind], width=width, height=height)


def _check_pixels(width: int, height: int, label: str, where: str, name: str) -> None:
    """Refuse what the header declares, before any pixel is decoded."""
    if width * height > limits.MAX_IMAGE_PIXELS or max(width, height) > limits.MAX_IMAGE_SIDE:
        raise ResourceError(label, where, f"image {name} declares {width:,} x {height:,} pixels; the limit is "
                            f"{limits.MAX_IMAGE_PIXELS:,} pixels and {limits.MAX_IMAGE_SIDE:,} a side "
                            "(exporters.limits.MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE)")

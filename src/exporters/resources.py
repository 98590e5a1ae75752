"""Loading the images an article refers to, safely, before any exporter runs.

Exporters are pure: they find image bytes in ``bundle.resources``. This module
fills that table. Paths resolve inside the article's own folder only (no ``..``
escapes, no absolute paths); remote URLs are never fetched unless the caller
passes a :class:`RemotePolicy`; every file is opened with Pillow, so a corrupt or
oversized image is an :class:`~exporters.errors.ResourceError` naming the file,
not a crash inside a format library.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from .body import Figure
from .errors import ResourceError
from .media import Image
from .model import Article, Bundle, Resource

__all__ = ["RemotePolicy", "load_resources", "with_resources", "MAX_IMAGE_BYTES", "MAX_IMAGE_PIXELS"]

MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}


@dataclass(frozen=True)
class RemotePolicy:
    """Permission to fetch remote images: only from ``hosts``, within size and time limits."""

    hosts: frozenset[str]
    max_bytes: int = MAX_IMAGE_BYTES
    timeout: float = 10.0


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
        if not image.src or Bundle.resource_key(article, image) in table:
            continue
        label = str(origin) if origin else article.id
        data = _read(image.src, origin, remote, label, place)
        table[Bundle.resource_key(article, image)] = _verify(data, label, place, image.src)
    return table


def with_resources(bundle: Bundle, origins: dict[str, Path | None], remote: RemotePolicy | None = None) -> Bundle:
    """``bundle`` with the images of every article loaded (``origins``: article id -> file)."""
    import msgspec

    table: dict[str, Resource] = dict(bundle.resources)
    for article in bundle.articles:
        table.update(load_resources(article, origins.get(article.id), remote))
    return msgspec.structs.replace(bundle, resources=table)


def _read(src: str, origin: Path | None, remote: RemotePolicy | None, label: str, place: str) -> bytes:
    where = f"{place}.src"
    if "://" in src or src.startswith("//") or src.startswith("data:"):
        return _fetch(src, remote, label, where)
    if Path(src).is_absolute():
        raise ResourceError(label, where, f"absolute image path {src!r} refused; give a path inside the article's folder")
    if origin is None:
        raise ResourceError(label, where, f"image {src!r} has no folder to resolve against")
    folder = origin.resolve().parent
    path = (folder / src).resolve()
    if not path.is_relative_to(folder):
        raise ResourceError(label, where, f"image path {src!r} climbs out of the article's folder")
    if not path.is_file():
        raise ResourceError(label, where, f"image file not found: {path}")
    if path.stat().st_size > MAX_IMAGE_BYTES:
        raise ResourceError(label, where, f"image {src!r} is larger than {MAX_IMAGE_BYTES // 1048576} MiB")
    return path.read_bytes()


def _fetch(src: str, remote: RemotePolicy | None, label: str, where: str) -> bytes:
    from urllib.parse import urlsplit

    parts = urlsplit(src)
    if parts.scheme != "https":
        raise ResourceError(label, where, f"image URL scheme {parts.scheme or src[:5]!r} refused; only https images can be fetched")
    if remote is None:
        raise ResourceError(label, where, f"remote image {src} not fetched; pass --allow-remote-media HOST to allow it")
    if parts.hostname not in remote.hosts:
        raise ResourceError(label, where, f"remote image host {parts.hostname!r} is not in the allowed hosts")
    import urllib.request

    try:
        with urllib.request.urlopen(src, timeout=remote.timeout) as response:  # noqa: S310 (https only, host allowed)
            data = response.read(remote.max_bytes + 1)
    except OSError as error:
        raise ResourceError(label, where, f"remote image {src} could not be fetched: {error}") from None
    if len(data) > remote.max_bytes:
        raise ResourceError(label, where, f"remote image {src} is larger than {remote.max_bytes} bytes")
    return data


def _verify(data: bytes, label: str, place: str, src: str) -> Resource:
    from PIL import Image as PILImage

    PILImage.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with PILImage.open(io.BytesIO(data)) as picture:
            kind = picture.format or ""
            width, height = picture.size
            picture.verify()
        with PILImage.open(io.BytesIO(data)) as picture:
            picture.load()  # verify() misses truncated pixel data
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise ResourceError(label, f"{place}.src", f"image {src!r} has too many pixels (limit {MAX_IMAGE_PIXELS:,})") from None
    except Exception as error:  # Pillow raises many types for corrupt files
        raise ResourceError(label, f"{place}.src", f"image {src!r} is not a readable image ({error})") from None
    if kind not in _FORMATS:
        raise ResourceError(label, f"{place}.src", f"image {src!r} is {kind or 'of an unknown type'}; use PNG, JPEG or GIF")
    return Resource(data=data, media_type=_FORMATS[kind], width=width, height=height)

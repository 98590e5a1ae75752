"""The edition's manifest: its articles, what was left out, and every file with its SHA-256.

It holds no timestamps, so rerunning a job gives byte-identical files.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ... import __version__
from ...model import Bundle
from .edition import Edition

__all__ = ["MANIFEST_SUFFIX", "manifest", "manifest_bytes", "manifest_name"]

#: An edition's manifest is named after it, so editions can share a folder.
MANIFEST_SUFFIX = ".manifest.json"


def manifest_name(slug: str) -> str:
    """The file name of an edition's manifest.

    >>> manifest_name("central-asia-weekly-7")
    'central-asia-weekly-7.manifest.json'
    """
    return f"{slug}{MANIFEST_SUFFIX}"


def _relative(path: Path, folder: Path) -> str:
    return Path(os.path.relpath(path.resolve(), folder.resolve())).as_posix()


def manifest(edition: Edition, folder: Path) -> dict[str, Any]:
    """What ``SLUG.manifest.json`` holds: the edition, its articles, what was left out, every file.

    Paths are relative to ``folder`` (where the manifest lives); no timestamps.
    """
    bundle = edition.bundle
    return {
        "generator": f"newsroom-exporters {__version__}",
        "edition": {
            "title": bundle.title, "subtitle": bundle.subtitle, "issue": bundle.issue,
            "date": bundle.date.isoformat() if bundle.date else "", "language": bundle.main_language,
            "publisher": bundle.publisher.name if bundle.publisher else "",
            "identifier": _identifier(bundle), "slug": edition.slug,
        },
        "sections": [
            {"title": section.title,
             "articles": [{"id": article.id, "headline": article.headline, "language": article.language,
                           "input": _relative(edition.inputs[article.id], folder) if article.id in edition.inputs
                           else ""}
                          for article in section.articles]}
            for section in bundle.sections
        ],
        "left_out": [
            {"id": reading.article.id, "headline": reading.article.headline,
             "input": _relative(reading.path, folder) if reading.path else "",
             "findings": [item.to_dict() for item in reasons]}
            for reading, reasons in edition.left_out
        ],
        "files": [
            {"path": f"{edition.slug}{output.artifact.suffix}", "format": output.format,
             "media_type": output.artifact.media_type, "bytes": len(output.artifact.data),
             "sha256": _sha256(output.artifact.data),
             "findings": [item.to_dict() for item in output.findings]}
            for output in edition.outputs
        ],
        "findings": [item.to_dict() for item in edition.all_findings],
    }


def _identifier(bundle: Bundle) -> str:
    from ...facts import bundle_identifier

    return bundle_identifier(bundle)


def _sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def manifest_bytes(edition: Edition, folder: Path) -> bytes:
    """Deterministic JSON: sorted keys, two-space indent, UTF-8, a final newline."""
    return (json.dumps(manifest(edition, folder), indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")

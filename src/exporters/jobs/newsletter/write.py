"""Writing an edition: every output and its manifest, atomically, or nothing at all."""

from __future__ import annotations

from pathlib import Path

from ...errors import UsageError
from ..outputs import OutputPlan, Written, write_output
from ..paths import refuse_overwriting
from .edition import Edition
from .manifest import manifest_bytes, manifest_name

__all__ = ["write_edition"]


def write_edition(edition: Edition, folder: Path) -> list[Written]:
    """Write every output and the manifest atomically; refuses an edition with errors."""
    if not edition.ok:
        raise UsageError(f"the edition {edition.slug} has errors; nothing is written")
    plan = OutputPlan(directory=folder)
    targets = [plan.path_for(edition.slug, output.artifact.suffix) for output in edition.outputs]
    manifest = folder / manifest_name(edition.slug)
    refuse_overwriting([*targets, manifest], edition.inputs.values())
    plan.prepare()
    written = [write_output(target, output.artifact.data, output.format) for target, output in zip(targets, edition.outputs)]
    written.append(write_output(manifest, manifest_bytes(edition, folder), "manifest"))
    return written

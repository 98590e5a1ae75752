"""Build hook: the wheel carries the digest of its own files, so an installed toolkit reads the
digest its resume journal keeps instead of hashing its package on every run
(see ``src/exporters/jobs/code_digest.py``). An editable install runs the sources, which change:
it gets no digest file and hashes them at run time."""

from __future__ import annotations

import importlib.util
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CodeDigestHook(BuildHookInterface):
    PLUGIN_NAME = "code-digest"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":
            return
        root = Path(self.root)
        digests = _load(root / "src" / "exporters" / "jobs" / "code_digest.py")
        self._folder = tempfile.TemporaryDirectory()
        path = Path(self._folder.name, digests.FILE_NAME)
        # The same files at the same paths as in the installed package: the modules, then the templates.
        path.write_text(digests.tree_digest([(root / "src" / "exporters", ""), (root / "templates", "templates/")]) + "\n",
                        encoding="ascii")
        build_data["force_include"][str(path)] = f"exporters/{digests.FILE_NAME}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if getattr(self, "_folder", None) is not None:
            self._folder.cleanup()


def _load(path: Path) -> Any:
    """The digest module, from its file: the package itself needs libraries a build does not have."""
    spec = importlib.util.spec_from_file_location("exporters_code_digest", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module

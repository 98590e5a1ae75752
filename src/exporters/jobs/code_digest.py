"""The digest of the toolkit's own files (modules, data, templates) that the resume journal keeps.

The version alone would let a changed toolkit at the same version call old outputs current, so
the journal keeps this digest too. Contents, not modification times, are hashed, so every machine
of a cluster with the same code computes the same digest. Each file counts by its path inside the
installed package (templates under ``templates/``), so a source checkout and the wheel built from
it agree.

Hashing every file costs milliseconds a process, more as the package grows (fonts), so the wheel
carries the digest of its files, written when it is built (:data:`FILE_NAME`, by the build hook
``hatch_build.py`` at the repository root, which loads this module from its file: it imports
nothing but the standard library). A source checkout, as an editable install runs it, hashes its
files, since they change between runs.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

__all__ = ["FILE_NAME", "tree_digest", "package_digest"]

#: The digest a built wheel carries, beside the package's ``__init__.py``.
FILE_NAME = "code-digest.txt"


def tree_digest(roots: list[tuple[Path, str]]) -> str:
    """SHA-256 of every file under each ``(folder, prefix)``, named ``prefix + path in folder``,
    in sorted order; ``__pycache__`` folders and a :data:`FILE_NAME` are left out.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = Path(folder, "a.py").write_text("x = 1")
    ...     first = tree_digest([(Path(folder), "")])
    ...     _ = Path(folder, "a.py").write_text("x = 2")
    ...     first != tree_digest([(Path(folder), "")]) and len(first) == 64
    True
    """
    digest = hashlib.sha256()
    for root, prefix in roots:
        for folder, folders, names in os.walk(root):
            folders[:] = sorted(name for name in folders if name != "__pycache__")
            for name in sorted(names):
                path = Path(folder, name)
                if name == FILE_NAME and Path(folder) == root:
                    continue
                relative = prefix + path.relative_to(root).as_posix()
                digest.update(relative.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def package_digest(package: Path, templates: Path) -> str:
    """The digest of the package in folder ``package`` with its ``templates`` folder: the one
    written into it at build time when there is one, else the digest of its files."""
    try:
        return (package / FILE_NAME).read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    roots = [(package, "")]
    if package not in templates.parents:  # a source checkout: the templates sit beside src/
        roots.append((templates, "templates/"))
    return tree_digest(roots)

"""Reading a floor's input: the plain document (see ``bench/plain.py``) and its image bytes.

Every floor script is ``python -m bench.floor.FORMAT PLAIN.json OUT`` and exposes
``render(document) -> bytes``; the benchmark imports it and times ``render`` only.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any


def load(path: Path) -> dict[str, Any]:
    """The plain document with ``images`` filled: src -> bytes (read beside the file)."""
    document = json.loads(path.read_text(encoding="utf-8"))
    document["images"] = {block["src"]: (path.parent / block["src"]).read_bytes()
                          for block in document["blocks"] if block["kind"] == "image"}
    return document


def main(render: Callable[[dict[str, Any]], bytes]) -> None:
    """``FLOOR PLAIN.json OUT``: render one document and write the bytes."""
    if len(sys.argv) != 3:
        sys.exit(f"usage: {Path(sys.argv[0]).name} PLAIN.json OUT")
    Path(sys.argv[2]).write_bytes(render(load(Path(sys.argv[1]))))

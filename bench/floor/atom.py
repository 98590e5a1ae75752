"""Floor for Atom: the same feedgen feed as ``rss.py``, written as Atom.

    python -m bench.floor.atom plain/00000-en.json out.atom
"""

from __future__ import annotations

from typing import Any

from ._doc import main
from .rss import feed


def render(document: dict[str, Any]) -> bytes:
    return feed(document, atom=True).atom_str(pretty=True)


if __name__ == "__main__":
    main(render)

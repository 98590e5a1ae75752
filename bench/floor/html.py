"""Floor for the web page: one Jinja template (autoescaped) with the same stylesheet, the blocks
and every image as a ``data:`` URI, the least a self-contained page takes.

    python -m bench.floor.html plain/00000-en.json out.html
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import jinja2

from ._doc import main

_STYLESHEET = (Path(__file__).resolve().parents[2] / "templates" / "html" / "page.css").read_text(encoding="utf-8")
_PAGE = jinja2.Environment(autoescape=True).from_string("""<!DOCTYPE html>
<html lang="{{ d.language }}" dir="{{ d.direction }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ d.title }}</title>
<meta name="author" content="{{ d.author }}">
<style>
{{ css }}
</style>
</head>
<body>
<main>
<article>
{% for block in d.blocks %}
{% if block.kind == "image" %}
<figure><img src="data:image/png;base64,{{ images[block.src] }}" alt="{{ block.alt }}"></figure>
{% else %}
<{{ block.kind }}>{{ block.text }}</{{ block.kind }}>
{% endif %}
{% endfor %}
</article>
</main>
</body>
</html>
""")


def render(document: dict[str, Any]) -> bytes:
    images = {src: base64.b64encode(data).decode("ascii") for src, data in document["images"].items()}
    return _PAGE.render(d=document, css=_STYLESHEET, images=images).encode("utf-8")


if __name__ == "__main__":
    main(render)

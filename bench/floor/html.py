"""Floor for the web page: the same page as the toolkit's, written by one autoescaped Jinja
template from the plain data of ``document["page"]`` (``bench/plain.py``): the head with its
meta tags, Open Graph, canonical link, stylesheet and JSON-LD (Jinja's ``tojson``); the skip
link and masthead; the story with its header (kicker, headline, dek, byline, credits, dateline,
dates in ``<time>``, source), figures with ``data:`` images, captions and credits, every body
block with its inline emphasis and links, notices and footer. What the toolkit adds on top:
working that data out from the model, escaping, and its checks.

    python -m bench.floor.html plain/00000-en.json out.html
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import jinja2

from ._doc import main

_STYLESHEET = (Path(__file__).resolve().parents[2] / "templates" / "html" / "page.css").read_text(encoding="utf-8").strip()
_PAGE = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True).from_string("""\
{% macro inline(nodes) %}{% for n in nodes %}{% if n.tag == "" %}{{ n.text }}{% elif n.tag == "br" %}<br>\
{% elif n.tag == "a" %}<a href="{{ n.href }}" rel="noopener noreferrer">{{ inline(n.content) }}</a>\
{% elif n.tag == "span" %}{{ inline(n.content) }}{% else %}<{{ n.tag }}>{{ inline(n.content) }}</{{ n.tag }}>{% endif %}\
{% endfor %}{% endmacro %}
{% macro figure(f, css) %}{% if f.src %}<figure class="{{ css }}"><img src="data:{{ f.media_type }};base64,{{ images[f.src] }}" \
alt="{{ f.alt }}" width="{{ f.width }}" height="{{ f.height }}">{% else %}<figure class="{{ css }} image-unavailable">{% endif %}\
{% if f.caption or f.credit %}<figcaption><span class="caption">{{ f.caption }}</span> <small class="credit">{{ f.credit }}</small>\
</figcaption>{% endif %}</figure>{% endmacro %}
<!DOCTYPE html>
<html lang="{{ d.language }}" dir="{{ d.direction }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-src 'none'">
<meta name="color-scheme" content="light dark">
<title>{{ d.title }}</title>
{% for name, content in p.meta %}
<meta name="{{ name }}" content="{{ content }}">
{% endfor %}
{% if p.canonical %}
<link rel="canonical" href="{{ p.canonical }}">
{% endif %}
{% for property, content in p.og %}
<meta property="{{ property }}" content="{{ content }}">
{% endfor %}
<style>
{{ css|safe }}
</style>
<script type="application/ld+json">{{ p.jsonld|tojson }}</script>
</head>
<body>
<a class="skip-link" href="#main">{{ p.skip }}</a>
{% if p.site %}
<header class="masthead">
<p class="site">{% if p.site_url %}<a href="{{ p.site_url }}">{{ p.site }}</a>{% else %}{{ p.site }}{% endif %}</p>
</header>
{% endif %}
<main id="main">
<article class="article" id="story-1" aria-labelledby="story-1-title" lang="{{ d.language }}" dir="{{ d.direction }}">
<header>
{% if p.kicker %}
<p class="kicker">{{ p.kicker }}</p>
{% endif %}
<h1 id="story-1-title">{{ d.title }}</h1>
{% if p.dek %}
<p class="dek">{{ p.dek }}</p>
{% endif %}
{% if p.byline %}
<p class="byline">{{ p.byline }}</p>
{% endif %}
{% for line in p.credits %}
<p class="credit">{{ line }}</p>
{% endfor %}
{% if p.dateline %}
<p class="dateline">{{ p.dateline }}</p>
{% endif %}
{% if p.dates %}
<p class="dates">{% for date in p.dates %}{% if not loop.first %} · {% endif %}{{ date.label }} \
<time datetime="{{ date.iso }}" dir="ltr">{{ date.text }}</time>{% endfor %}</p>
{% endif %}
{% if p.source %}
<p class="source">{{ p.source }}</p>
{% endif %}
</header>
{% if p.lead %}
{{ figure(p.lead, "lead-image") }}
{% endif %}
{% for b in p.body %}
{% if b.kind == "p" %}<p>{{ inline(b.content) }}</p>
{% elif b.kind == "h" %}<h{{ b.level }}>{{ inline(b.content) }}</h{{ b.level }}>
{% elif b.kind == "quote" %}<blockquote{% if b.pull %} class="pull-quote"{% endif %}><p>{{ inline(b.content) }}</p>\
{% if b.attribution %}<footer>— {{ b.attribution }}</footer>{% endif %}</blockquote>
{% elif b.kind == "list" %}<{{ b.tag }}>{% for item in b["items"] %}<li>{{ inline(item) }}</li>{% endfor %}</{{ b.tag }}>
{% elif b.kind == "figure" %}{{ figure(b, "figure") }}
{% elif b.kind == "related" or b.kind == "embed" %}<p class="{{ b.kind }}">{% if b.label %}<strong>{{ b.label }}:</strong> {% endif %}\
{% if b.href %}<a href="{{ b.href }}" rel="noopener noreferrer">{{ b.title }}</a>{% else %}{{ b.title }}{% endif %}\
{% if b.provider %} ({{ b.provider }}){% endif %}</p>
{% elif b.kind == "notice" %}<aside class="notice notice-{{ b.notice }}"><p>{{ b.text }}</p></aside>
{% elif b.kind == "hr" %}<hr>
{% endif %}
{% endfor %}
{% for notice in p.notices %}
<aside class="notice notice-{{ notice.kind }}"><p>{{ notice.text }}</p></aside>
{% endfor %}
<footer>{% if p.rights %}<p class="rights">{{ p.rights }}</p>{% endif %}\
{% if p.usage_terms %}<p class="usage-terms">{{ p.usage_terms }}</p>{% endif %}\
{% if p.publisher %}<p class="publisher">{% if p.publisher_url %}<a href="{{ p.publisher_url }}" rel="noopener noreferrer">\
{{ p.publisher }}</a>{% else %}{{ p.publisher }}{% endif %}</p>{% endif %}\
{% if p.url %}<p class="canonical"><a href="{{ p.url }}" rel="noopener noreferrer">{{ p.url }}</a></p>{% endif %}</footer>
</article>
</main>
</body>
</html>
""")


def render(document: dict[str, Any]) -> bytes:
    images = {src: base64.b64encode(data).decode("ascii") for src, data in document["images"].items()}
    return _PAGE.render(d=document, p=document["page"], css=_STYLESHEET, images=images).encode("utf-8")


if __name__ == "__main__":
    main(render)

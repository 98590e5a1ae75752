"""The limits every input must stay within, in one place.

Inputs come from content systems, scrapers and people; some are broken and a
few are hostile. Each limit below is far beyond what real news reaches (the
longest features run to a few hundred paragraphs and some 60,000 characters),
so a file that crosses one is a fault or an attack, and the readers refuse it
with one line naming the file, the place and the limit::

    story.json: file is 10.0 MiB; the limit is 8 MiB (exporters.limits.MAX_INPUT_BYTES)
    story.json: $.body: 50,000 blocks; the limit is 20,000 (exporters.limits.MAX_BLOCKS)
    page.html: line 12: elements nested 2,048 deep; the limit is 200 (exporters.limits.MAX_HTML_DEPTH)

What is refused besides sizes (see :mod:`exporters.readers._guard`):

- characters XML 1.0 cannot carry (NUL and the other C0 controls but tab, line
  feed and carriage return; lone surrogates; U+FFFE and U+FFFF): no XML-based
  format could hold them, and silently dropping them would change the text.
  Controls XML allows (DEL, the C1 range, U+2028) are kept and exported;
- bidi *overrides* (U+202D, U+202E) anywhere, and every explicit bidi control
  (U+202A-U+202E, U+2066-U+2069) in a headline: they reorder the letters a
  reader sees, so text can pretend to say something else. Marks (U+200E,
  U+200F, U+061C), and embeddings and isolates outside the headline, are
  ordinary tools of mixed right-to-left and left-to-right text and are kept;
- links whose scheme is not one of :data:`LINK_SCHEMES` (``javascript:``,
  ``data:``, ``vbscript:``, ``file:`` ...) in canonical fields: a canonical
  article is written for this toolkit, so such a link is a fault to fix at the
  source. The HTML and Markdown readers meet them routinely in pages from the
  web and keep the link's words as plain text instead (the guess is reported);
- image sources other than an ``https://`` URL, a relative path that stays
  inside the article's folder (after following symbolic links), or a ``data:``
  URI of a PNG, JPEG or GIF image within :data:`MAX_IMAGE_BYTES` (counted from
  its encoded length, before decoding);
- language tags that are not well-formed BCP 47, or whose two-letter language
  is not in ISO 639-1;
- YAML aliases (``*name``) in canonical YAML, front matter and sidecars: an
  article never needs them, and nested aliases let a few hundred bytes stand
  for billions of values.

Time and memory stay bounded too: every limit is checked as early as the input
allows (file size before reading, JSON nesting before parsing, HTML depth and
element count before article extraction, Markdown block count before the blocks
are built), so a refused file costs at most a parse of 8 MiB.

Exporters may rely on every :class:`~exporters.model.Article` a reader returns
being within these limits; the property tests build articles within them.
"""

from __future__ import annotations

__all__ = [
    "MAX_INPUT_BYTES",
    "MAX_BLOCKS",
    "MAX_TEXT_CHARS",
    "MAX_LINE_CHARS",
    "MAX_INLINE_DEPTH",
    "MAX_NESTING_DEPTH",
    "MAX_HTML_DEPTH",
    "MAX_HTML_ELEMENTS",
    "MAX_LIST_ITEMS",
    "MAX_ENTRIES",
    "MAX_IMAGES",
    "MAX_IMAGE_BYTES",
    "MAX_IMAGE_PIXELS",
    "MAX_IMAGE_SIDE",
    "MAX_PART_BYTES",
    "REMOTE_TIMEOUT",
    "REMOTE_MAX_REDIRECTS",
    "LINK_SCHEMES",
    "IMAGE_SCHEMES",
    "mib",
]

#: Bytes in one input file (article, sidecar). A 20,000-word feature in JSON is
#: about 200 KiB; a saved news page with inline styles rarely passes 2 MiB.
MAX_INPUT_BYTES = 8 * 1024 * 1024

#: Body blocks (paragraphs, headings, figures, ...) in one article.
MAX_BLOCKS = 20_000

#: Characters in one piece of text: one body block (all its inlines together) or
#: one metadata field (headline, caption, a name, a notice).
MAX_TEXT_CHARS = 100_000

#: Characters in one single-line field: the headline, kicker, section, a keyword,
#: a name (author, credit, publisher, source), the dateline, a quote's attribution,
#: the title of a related link or embed. The longest real headlines run to about
#: 300 characters; a contents entry or a running header cannot hold a page of text.
MAX_LINE_CHARS = 1_000

#: Emphasis, strong and link inlines nested in one another. Real text nests two
#: or three; exporters walk inlines recursively, so this keeps them far from
#: Python's recursion limit.
MAX_INLINE_DEPTH = 32

#: Arrays and objects nested in a JSON or YAML input (the canonical model needs
#: about ten, plus two for each level of inline nesting), and quotes, lists and
#: emphasis nested in Markdown (a list level counts two). markdown-it would
#: otherwise stop at 20 levels and silently drop what is deeper.
MAX_NESTING_DEPTH = 2 * MAX_INLINE_DEPTH + 16

#: Elements nested in a saved HTML page. libxml2, which parses pages here, stops
#: at 256 levels and silently drops everything deeper (the words would be lost),
#: and the page is parsed again after sanitising, one or two levels deeper: 200
#: keeps well clear of that edge. Real pages nest 20 to 40 levels.
MAX_HTML_DEPTH = 200

#: Elements in a saved HTML page, counted before article extraction (which is
#: slow on huge pages). A heavy news page holds 3,000 to 6,000.
MAX_HTML_ELEMENTS = 40_000

#: Items in one list block.
MAX_LIST_ITEMS = 5_000

#: Entries in one metadata list: authors, credits, keywords, notices.
MAX_ENTRIES = 1_000

#: Images (lead image and figures) in one article.
MAX_IMAGES = 500

#: Bytes of one image file, local, fetched or embedded as a ``data:`` URI.
MAX_IMAGE_BYTES = 20 * 1024 * 1024

#: Pixels of one image (width x height) as its header declares them: a small
#: file that declares a huge canvas (a "pixel bomb") is refused before decoding.
MAX_IMAGE_PIXELS = 40_000_000

#: Width or height, in pixels, an article may declare for an image.
MAX_IMAGE_SIDE = 50_000

#: Bytes one part of a zip package (.docx, .epub) may inflate to when it is read
#: back: by ``exporters check``, or as a reference document. A whole edition's
#: ``word/document.xml`` stays under 10 MiB; a small file whose part inflates
#: to gigabytes (a "zip bomb") is refused before anything is inflated.
MAX_PART_BYTES = 64 * 1024 * 1024

#: Seconds a remote image may take in all (connect, redirects, every byte).
REMOTE_TIMEOUT = 10.0

#: Redirects followed for a remote image; each must stay https and on an allowed host.
REMOTE_MAX_REDIRECTS = 3

#: URL schemes a link in an article may use; a link without a scheme (relative)
#: is shown as text by every exporter.
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

#: URL schemes an image source may fetch from (anything else must be a relative path, or a
#: ``data:`` URI of an image type, whose bytes are in the source itself).
IMAGE_SCHEMES = frozenset({"https"})


def mib(size: int) -> str:
    """``8388608`` -> ``'8 MiB'``; ``10485761`` -> ``'10.0 MiB'``.

    >>> mib(MAX_INPUT_BYTES), mib(10 * 1024 * 1024 + 1)
    ('8 MiB', '10.0 MiB')
    """
    value = size / (1024 * 1024)
    return f"{int(value)} MiB" if size % (1024 * 1024) == 0 else f"{value:.1f} MiB"

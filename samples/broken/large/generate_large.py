"""Write the large broken inputs, which are too big to keep in the repository.

Each case crosses one limit of ``exporters.limits`` and must fail with exit code 2
and one line naming the file, the place and the limit::

    python samples/broken/large/generate_large.py /tmp/large
    exporters export /tmp/large/fifty-thousand-paragraphs.json --format txt

The test suite (tests/test_hardening.py) builds the same files in a temporary
folder with :func:`write_case`, so the cases below are the ones it checks.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Callable

__all__ = ["CASES", "write_case", "main"]

_SENTENCE = "Paragraph {} of a story far longer than any newsroom ever publishes, with a few more words."
_META = {"id": "large-case", "language": "en", "headline": "A Story Far Larger Than News",
         "url": "https://news.example.org/large", "publisher": {"name": "Example Desk"},
         "authors": [{"name": "Dana Example"}], "published": "2026-04-01T09:00:00+05:00"}


def _json(folder: Path, name: str, **fields: object) -> Path:
    path = folder / name
    path.write_text(json.dumps({**_META, **fields}, ensure_ascii=False), encoding="utf-8")
    return path


def _paragraph(text: str) -> dict:
    return {"type": "paragraph", "content": [text]}


def ten_megabyte_body(folder: Path) -> Path:
    """A 10 MB body in 2,500 paragraphs of 4,000 characters: more than MAX_INPUT_BYTES (8 MiB)."""
    chunk = ("word " * 800).strip()
    return _json(folder, "ten-megabyte-body.json", body=[_paragraph(chunk) for _ in range(2_600)])


def fifty_thousand_paragraphs_json(folder: Path) -> Path:
    """50,000 short paragraphs (about 5 MB): more than MAX_BLOCKS (20,000)."""
    return _json(folder, "fifty-thousand-paragraphs.json", body=[_paragraph(_SENTENCE.format(n)) for n in range(50_000)])


def fifty_thousand_paragraphs_markdown(folder: Path) -> Path:
    """The same as Markdown: refused before the blocks are built."""
    path = folder / "fifty-thousand-paragraphs.md"
    front = "---\nid: large-md\nlanguage: en\nheadline: A Markdown Story Far Larger Than News\n---\n"
    path.write_text(front + "\n\n".join(_SENTENCE.format(n) for n in range(50_000)) + "\n", encoding="utf-8")
    return path


def fifty_thousand_paragraphs_text(folder: Path) -> Path:
    """The same as a scraped text page."""
    path = folder / "fifty-thousand-paragraphs.txt"
    path.write_text("A Scraped Page Far Larger Than News\n\n" + "\n\n".join(_SENTENCE.format(n) for n in range(50_000)) + "\n",
                    encoding="utf-8")
    return path


def fifty_thousand_paragraphs_html(folder: Path) -> Path:
    """The same as a saved page: more than MAX_HTML_ELEMENTS, refused before the (slow) extraction."""
    path = folder / "fifty-thousand-paragraphs.html"
    paragraphs = "".join(f"<p>{_SENTENCE.format(n)}</p>\n" for n in range(50_000))
    path.write_text(f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Large</title></head><body>"
                    f"<article><h1>A Saved Page Far Larger Than News</h1>\n{paragraphs}</article></body></html>\n",
                    encoding="utf-8")
    return path


def html_nested_ten_thousand(folder: Path) -> Path:
    """A page whose story sits inside 10,000 nested <div>s: deeper than MAX_HTML_DEPTH (200)."""
    path = folder / "html-nested-ten-thousand.html"
    path.write_text("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Deep</title></head><body>"
                    "<article><h1>A Page Nested Ten Thousand Deep</h1><p>" + _SENTENCE.format(1) + "</p>\n"
                    + "<div>" * 10_000 + "<p>" + _SENTENCE.format(2) + "</p>" + "</div>" * 10_000
                    + "</article></body></html>\n", encoding="utf-8")
    return path


def markdown_quotes_ten_thousand(folder: Path) -> Path:
    """A block quote nested 10,000 deep: deeper than MAX_NESTING_DEPTH."""
    path = folder / "markdown-quotes-ten-thousand.md"
    path.write_text("---\nid: large-quotes\nlanguage: en\nheadline: Quotes Within Quotes\n---\n" + ">" * 10_000
                    + " The innermost words.\n", encoding="utf-8")
    return path


def json_inlines_ten_thousand(folder: Path) -> Path:
    """Emphasis nested 10,000 deep in canonical JSON: refused before parsing (MAX_NESTING_DEPTH)."""
    path = folder / "json-inlines-ten-thousand.json"
    inline = '{"type": "em", "content": [' * 10_000 + '"deep"' + "]}" * 10_000
    head = json.dumps(_META)[:-1]
    path.write_text(head + ', "body": [{"type": "paragraph", "content": [' + inline + "]}]}", encoding="utf-8")
    return path


def one_huge_paragraph(folder: Path) -> Path:
    """One paragraph of 150,000 characters (a small file): more than MAX_TEXT_CHARS (100,000)."""
    return _json(folder, "one-huge-paragraph.json", body=[_paragraph("x" * 150_000)])


def list_of_six_thousand(folder: Path) -> Path:
    """A list of 6,000 items: more than MAX_LIST_ITEMS (5,000)."""
    return _json(folder, "list-of-six-thousand.json",
                 body=[{"type": "list", "items": [[f"item {n}"] for n in range(6_000)]}])


def thousand_and_one_authors(folder: Path) -> Path:
    """1,001 authors: more than MAX_ENTRIES (1,000)."""
    return _json(folder, "thousand-and-one-authors.json", authors=[{"name": f"Author {n}"} for n in range(1_001)])


def huge_image_file(folder: Path) -> Path:
    """A 21 MiB image file: more than MAX_IMAGE_BYTES (20 MiB)."""
    import zlib

    (folder / "huge.png").write_bytes(b"\x89PNG\r\n\x1a\n" + zlib.compress(b"") + b"\x00" * (21 * 1024 * 1024))
    image = {"src": "huge.png", "alt": "A photo", "credit": "Photo: A. Example"}
    return _json(folder, "huge-image-file.json", lead_image=image, body=[_paragraph("A story with a huge photo.")])


#: Every case: (file maker, text its one-line error must contain).
CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "ten-megabyte-body": (ten_megabyte_body, "the limit is 8 MiB (exporters.limits.MAX_INPUT_BYTES)"),
    "fifty-thousand-paragraphs-json": (fifty_thousand_paragraphs_json,
                                       "$.body: 50,000 blocks; the limit is 20,000 (exporters.limits.MAX_BLOCKS)"),
    "fifty-thousand-paragraphs-md": (fifty_thousand_paragraphs_markdown,
                                     "50,000 blocks; the limit is 20,000 (exporters.limits.MAX_BLOCKS)"),
    "fifty-thousand-paragraphs-txt": (fifty_thousand_paragraphs_text,
                                      "$.body: 50,000 blocks; the limit is 20,000 (exporters.limits.MAX_BLOCKS)"),
    "fifty-thousand-paragraphs-html": (fifty_thousand_paragraphs_html,
                                       "more than 40,000 elements; the limit is exporters.limits.MAX_HTML_ELEMENTS"),
    "html-nested-ten-thousand": (html_nested_ten_thousand,
                                 "elements nested more than 200 deep; the limit is exporters.limits.MAX_HTML_DEPTH"),
    "markdown-quotes-ten-thousand": (markdown_quotes_ten_thousand, "nested more than 80 deep"),
    "json-inlines-ten-thousand": (json_inlines_ten_thousand,
                                  "arrays and objects nested more than 80 deep; the limit is exporters.limits.MAX_NESTING_DEPTH"),
    "one-huge-paragraph": (one_huge_paragraph,
                           "$.body[0]: 150,000 characters; the limit is 100,000 (exporters.limits.MAX_TEXT_CHARS)"),
    "list-of-six-thousand": (list_of_six_thousand,
                             "$.body[0].items: 6,000 items; the limit is 5,000 (exporters.limits.MAX_LIST_ITEMS)"),
    "thousand-and-one-authors": (thousand_and_one_authors,
                                 "$.authors: 1,001 entries; the limit is 1,000 (exporters.limits.MAX_ENTRIES)"),
    "huge-image-file": (huge_image_file, "$.lead_image.src: image 'huge.png' is 21.0 MiB; the limit is 20 MiB"),
}


def write_case(name: str, folder: Path) -> tuple[Path, str]:
    """Write case ``name`` into ``folder``; return its file and the text its error must contain."""
    make, expected = CASES[name]
    return make(folder), expected


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else Path(tempfile.mkdtemp(prefix="broken-large-"))
    folder.mkdir(parents=True, exist_ok=True)
    for name in CASES:
        path, expected = write_case(name, folder)
        print(f"{path}\t{expected}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

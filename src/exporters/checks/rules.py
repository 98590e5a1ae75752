"""The catalogue of check codes. Codes are stable: a code is never reused for another rule.

``M1xx`` codes are model-stage rules, ``A2xx`` artifact-stage rules. The README's
table of checks lists the same codes with the same severities, and a test
(``tests/test_readme.py``) keeps the two in step.
"""

from __future__ import annotations

from typing import Literal

import msgspec

__all__ = ["Rule", "RULES", "Severity"]

Severity = Literal["error", "warning", "info"]


class Rule(msgspec.Struct, frozen=True):
    code: str
    name: str
    severity: Severity
    summary: str
    hint: str
    #: The hint for a file checked on its own (``exporters check``), which any tool may have made.
    file_hint: str = ""


_RULES = (
    # model stage
    Rule("M101", "headline-missing", "error", "The article has no headline.", "Set `headline`."),
    Rule("M102", "language-undetermined", "error",
         "The language is `und` (undetermined); the message names the language the words look like, never used.",
         "Set `language` to a BCP 47 tag, e.g. `en`, `kk-Cyrl`, `fa`; in a sidecar or with --meta language=en."),
    Rule("M103", "published-missing", "error", "The article has no publication date.",
         "Set `published` (RFC 3339, with a time zone) in a sidecar or with --meta, for example (a made-up date): "
         "--meta published=2026-05-08T09:00:00+05:00."),
    Rule("M104", "publisher-missing", "error", "The article names no publisher.",
         "Set `publisher` in a sidecar or with --meta, for example (a made-up name): --meta publisher=\"Example News Desk\"."),
    Rule("M105", "byline-missing", "error", "No author and no publisher to stand as institutional author.",
         "Add `authors`, or a `publisher` that signs the piece."),
    Rule("M106", "rights-missing", "warning", "No copyright holder or notice.", "Set `rights.holder` or `rights.notice`."),
    Rule("M107", "alt-missing", "error", "An image has no alt text and is not marked decorative.",
         "Describe the image in `alt`, or set `decorative: true` for pure ornament."),
    Rule("M108", "photo-credit-missing", "warning", "An image has no credit.", "Set the image's `credit`, e.g. `Photo: Jane Doe/AFP`."),
    Rule("M109", "credit-malformed", "error", "A credit is empty, repeated, or lists several names in one.",
         "One credit per agency or person: `Reuters`, `AFP`, not `Reuters, AFP`."),
    Rule("M110", "embargoed", "error", "The article is under embargo.", "Wait for the embargo to lift, or pass --force."),
    Rule("M111", "expired", "error", "The article has expired and may no longer be published.", "Remove it, or pass --force."),
    Rule("M112", "not-usable", "error", "The article's pubstatus is withheld or canceled.", "Set `pubstatus: usable`, or pass --force."),
    Rule("M113", "dates-inverted", "warning", "The update time is before the publication time.", "Check `published` and `updated`."),
    Rule("M114", "body-empty", "warning", "The article has no body text.", "Add paragraphs to `body`."),
    Rule("M115", "duplicate-id", "error", "Two articles in one bundle share an id.", "Give every article its own `id`."),
    Rule("M116", "value-overridden", "info", "A sidecar or --meta replaced a value the input holds.",
         "Nothing to do if that was meant; otherwise drop the key from the sidecar or --meta."),
    Rule("M117", "remote-image-left-out", "warning", "An image on the web was not fetched, so it is left out "
         "(its alt text and caption are kept as text).", "Pass --allow-remote-media HOST to fetch it, or give a local file."),
    # artifact stage
    Rule("A201", "title-metadata", "error", "The file's title metadata is missing or differs from the headline.",
         "The exporter must set the title; report a bug if it does not.",
         file_hint="Give the file a title (the document title in its properties or metadata) that matches the headline."),
    Rule("A202", "language-metadata", "error", "The file declares no language, or another one.", "Set `language` on the article.",
         file_hint="Declare the document language in the file (e.g. `xml:lang`, `/Lang`, `w:lang`, `dc:language`)."),
    Rule("A203", "author-metadata", "error", "An author is missing from the file's metadata.", "The exporter must list every author.",
         file_hint="List every author in the file's author metadata (creator, author or dc:creator)."),
    Rule("A204", "byline-text", "error", "An author is missing from the visible text.", "The byline must be printed.",
         file_hint="Print every author in the text, e.g. a byline `By Jane Doe`."),
    Rule("A205", "credit-metadata", "error", "A credit is missing from the file's metadata.", "Credits belong in the metadata too.",
         file_hint="List every credit in the file's metadata (contributor or a custom property)."),
    Rule("A206", "credit-text", "error", "A credit is missing from the visible text.",
         "Agency credits must be printed, e.g. `With reporting by Reuters, AFP`.",
         file_hint="Print every agency credit in the text, e.g. `With reporting by Reuters, AFP`."),
    Rule("A207", "photo-credit-text", "error", "A photo credit is missing from the visible text.", "Print the credit with the image.",
         file_hint="Print each photo credit with its image."),
    Rule("A208", "publisher-metadata", "error", "The publisher is missing from the file's metadata.", "Set `publisher`.",
         file_hint="Name the publisher in the file's metadata."),
    Rule("A209", "publisher-text", "error", "The publisher is missing from the visible text.", "Print the publisher.",
         file_hint="Print the publisher's name in the text."),
    Rule("A210", "rights-missing-in-file", "error", "The rights statement is missing from the metadata or the text.",
         "Print and declare `rights`.",
         file_hint="Put the rights statement both in the file's metadata and in its text."),
    Rule("A211", "date-metadata", "error", "The publication date is missing from the file's metadata or differs.", "Set `published`.",
         file_hint="Give the file a publication date in its metadata that matches the article's."),
    Rule("A212", "text-missing", "error", "A paragraph, heading, quote, caption or list item of the input is not in the output.",
         "Nothing may be lost; report a bug.",
         file_hint="The file lacks text of the article: export it again from the article."),
    Rule("A213", "notice-text", "error", "A notice or correction is missing from the visible text.", "Notices must be printed.",
         file_hint="Print every notice and correction of the article."),
    Rule("A214", "unreadable", "error", "The file could not be read back as its format.", "The file is damaged or not of this format.",
         file_hint="Check that the file is complete and of the format this line names; open it in its usual reader."),
    Rule("A215", "headline-text", "error", "The headline is missing from the visible text.", "Print the headline.",
         file_hint="Print the headline in the text."),
    Rule("A216", "glyphs-missing", "warning", "Characters are drawn as empty boxes: no font of the file has them "
         "(their text is kept for copying and search).",
         "Install a font that has them and list it under `fonts.fallback` in the PDF style (`-O pdf.style=FILE`)."),
    Rule("A217", "reader-order", "warning", "Another common reader (poppler's pdftotext, or MuPDF) extracts a "
         "heading or paragraph (without the article: a line as pypdf reads it) with its letters in another order, "
         "or without them (e.g. right-to-left text read back to front); spacing and punctuation are not compared.",
         "The file is right for pypdf, the toolkit's own reader; report the text to the project, with the reader named.",
         file_hint="Readers get this file's text in different orders: make it again with a tool that writes every "
                   "glyph as its letter in reading order (right-to-left text is where they part)."),
    Rule("A222", "format-refused", "error", "The format cannot be made from this input (e.g. a feed without any URL).",
         "Read the message; supply what the format needs, e.g. --site-url or --meta url=..."),
    Rule("A224", "left-out-of-news-sitemap", "warning",
         "An article was left out of the news sitemap: it has no URL, or was not published in the two days before --now.",
         "Nothing to do for old news; give the article a url, or pass --now to list another day."),
    Rule("A220", "metadata-incomplete", "error", "The file lacks a required metadata field (title, language, date, publisher, author).",
         "Re-export from a complete article.",
         file_hint="Add the missing field to the file's metadata in the tool that made it."),
    Rule("A223", "no-source-article", "error", "The file matches no article given with --against (by id, URL or, "
         "for an edition or a file without such an identifier, the headlines it shows).",
         "Name the article the file was made from with --against.",
         file_hint="Name the article the file was made from with --against, or check that the file declares its id."),
    Rule("A221", "declared-credit-not-shown", "error", "A credit the file declares does not appear in its visible text.",
         "Restore the credit line.",
         file_hint="Print every credit the file declares, or remove it from the metadata."),
)

#: Every rule by code.
RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}

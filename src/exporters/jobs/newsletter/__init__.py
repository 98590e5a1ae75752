"""Bundle many articles into one newsletter edition: ``exporters newsletter``.

An edition is one :class:`~exporters.model.Bundle` in sections, rendered by every
asked exporter (masthead, contents, section headings, and every article with its own
byline, credits, images and notices). From the command line::

    exporters newsletter samples/articles --title "Central Asia Weekly" --format txt,email -o out/
    exporters newsletter --job samples/newsletter.toml          # sections, filters, formats, folder

or from Python::

    >>> job = load_job(Path("samples/newsletter.toml"))                       # doctest: +SKIP
    >>> edition = build_edition(job, ["txt", "email", "html"])                 # doctest: +SKIP
    >>> [written.path.name for written in write_edition(edition, Path("out"))]  # doctest: +SKIP
    ['central-asia-weekly-7.txt', 'central-asia-weekly-7.eml', 'central-asia-weekly-7.html']

The job file (TOML; relative paths resolve against the job file's folder)::

    title = "Central Asia Weekly"          # required (or --title)
    subtitle = "News from the Caspian to the Altai"
    issue = 7
    date = 2026-05-08                      # a date (midnight UTC) or a date-time with offset
    publisher = "Example News Desk"        # or { name = "...", url = "https://..." }
    editors = ["Ruth Sample"]              # or editor = "Ruth Sample"; or tables {name, role, email}
    introduction = "This week ..."         # blank lines separate paragraphs
    language = "en"                        # the edition's language (masthead, contents)
    formats = ["txt", "epub", "pdf", "docx", "email", "html"]
    output = "out/newsletter"              # -o overrides it
    [meta]                                 # facts for every article, as --meta (which wins)
    [options.txt]                          # format options, as -O (which wins)
    wrap = 72

    [[sections]]
    title = "Kazakhstan"
    files = ["articles/kk-story.json"]     # named articles: each must exist
    folders = ["articles"]                 # every article file below, sorted
    globs = ["articles/*.md"]              # must match at least one article file
    language = ["kk", "ru"]                # filters: section, language (kk matches kk-Cyrl-KZ),
    section = "Economy"                    #   keywords (any one); a string or a list
    keywords = ["energy"]
    newest = 3                             # keep the newest N (by published), newest first

Rules: an article is placed once, in the first section that selects it; without
``newest`` a section keeps the order of its selectors. A named file, folder or
glob that finds nothing, or a section that selects nothing, is an input error
(exit 2): an edition is never silently missing a part. An embargoed, expired or
withheld article is left out with a warning (``--force`` keeps it). If any kept
article fails its model checks, or any format fails its read-back check, nothing
of the edition is written and the report names the article and the rule (exit 1).

The parts, one job each: :mod:`.jobfile` (the job file's schema), :mod:`.selection`
(choosing the articles), :mod:`.edition` (building and checking it in memory),
:mod:`.manifest`, :mod:`.write` (writing it, all or nothing) and :mod:`.command`
(the command, reporting through :mod:`exporters.jobs.report`).

Outputs are named after the edition (``central-asia-weekly-7.pdf``). The ``email``
format writes the ``.eml`` message for mail clients; the ``html`` format writes the
edition's web page (``.html``: contents, sections, every story).
``SLUG.manifest.json`` (named after the edition, so editions can share a folder) lists every file with its format, size, SHA-256 and findings; it
holds no timestamps, so rerunning a job gives byte-identical files.
"""

from __future__ import annotations

from .command import run_newsletter
from .edition import LEAVE_OUT, Edition, build_edition
from .jobfile import DEFAULT_FORMATS, EditionJob, SectionSpec, Source, edition_slug, job_from_inputs, load_job
from .manifest import MANIFEST_SUFFIX, manifest, manifest_bytes, manifest_name
from .selection import select_articles
from .write import write_edition

__all__ = [
    "DEFAULT_FORMATS",
    "LEAVE_OUT",
    "MANIFEST_SUFFIX",
    "manifest_name",
    "Edition",
    "EditionJob",
    "SectionSpec",
    "Source",
    "build_edition",
    "edition_slug",
    "job_from_inputs",
    "load_job",
    "manifest",
    "manifest_bytes",
    "run_newsletter",
    "select_articles",
    "write_edition",
]

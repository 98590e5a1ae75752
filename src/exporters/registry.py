"""Which output formats exist, found by name without importing any format library.

Built-in formats live in a lazy table (like Pygments' formatter mapping): the
class is imported only when the format is used. Third-party formats come from the
``exporters.formats`` entry-point group and are loaded only when asked for::

    >>> from exporters import registry
    >>> registry.info("text").name
    'txt'
    >>> registry.exporter_class("pdf").media_type   # imports reportlab only now
    'application/pdf'

A built-in name never scans the installed plugins unless one declares
``override:NAME`` (see :mod:`exporters.entrypoints`), so a plain run pays nothing
for plugins. A plugin that fails to load is reported (:func:`broken_plugins`) and never hides
the other formats. A plugin may not take a built-in's name unless its entry point
is named ``override:NAME``.
"""

from __future__ import annotations

import importlib
from functools import cache

import msgspec

from .entrypoints import UNKNOWN, declared, entry_points
from .errors import PluginError, UsageError
from .formats.base import Exporter

__all__ = ["FormatInfo", "BUILTIN", "info", "exporter_class", "names", "all_formats", "for_suffix", "resolve", "named", "broken_plugins", "option_defaults"]


class FormatInfo(msgspec.Struct, frozen=True):
    """What the command line needs to know about a format before importing it."""

    name: str
    target: str
    suffix: str
    media_type: str
    description: str
    aliases: tuple[str, ...] = ()
    #: ``-O`` options with their defaults (``version=3.1``), as ``exporters formats`` shows them.
    options: tuple[str, ...] = ()
    origin: str = "built-in"
    #: The class of a plugin format, loaded when the plugins were scanned.
    loaded: type[Exporter] | None = None
    #: Whether ``--format all`` renders it; the formats the feed command adds are named to be made.
    in_all: bool = True


#: The built-in formats, in the order ``--format all`` renders them (all but the two the feed command adds).
BUILTIN: tuple[FormatInfo, ...] = (
    FormatInfo("txt", "exporters.formats.txt:TextExporter", ".txt", "text/plain; charset=utf-8",
               "Accessible plain text: header, marked headings, numbered links", aliases=("text",),
               options=('wrap=0',)),
    FormatInfo("epub", "exporters.formats.epub:EpubExporter", ".epub", "application/epub+zip",
               "EPUB 3 book with accessibility metadata (EbookLib)",
               options=('templates=', 'missing_images=error', 'cover=true')),
    FormatInfo("pdf", "exporters.formats.pdf:PdfExporter", ".pdf", "application/pdf",
               "Tagged print PDF (PDF/UA-1) with embedded fonts, metadata and outline (reportlab)",
               options=('page_size=', 'style=', 'compress=true', 'actual_text=false', 'tagged=true')),
    FormatInfo("docx", "exporters.formats.docx:DocxExporter", ".docx",
               "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               "Word document on a reference template (python-docx)",
               options=('reference=',)),
    FormatInfo("rss", "exporters.formats.feed:RssExporter", ".rss", "application/rss+xml",
               "RSS 2.0 feed with full content (feedgen)",
               options=('summary_only=false', 'self_url=', 'profile=full')),
    FormatInfo("atom", "exporters.formats.feed:AtomExporter", ".atom", "application/atom+xml",
               "Atom 1.0 feed with full content (feedgen)",
               options=('summary_only=false', 'self_url=', 'profile=full')),
    FormatInfo("email", "exporters.formats.email:EmailExporter", ".eml", "message/rfc822",
               "HTML e-mail with a plain-text alternative (.eml)", aliases=("eml",),
               options=('sender=', 'recipient=', 'templates=')),
    FormatInfo("html", "exporters.formats.html:HtmlExporter", ".html", "text/html; charset=utf-8",
               "Accessible web page (HTML5) with JSON-LD, one file with its images",
               options=('images=data', 'templates=')),
    FormatInfo("ninjs", "exporters.formats.ninjs:NinjsExporter", ".ninjs.json", "application/ninjs+json",
               "IPTC ninjs 3.1 news item (-O ninjs.version=2.1 for partners on 2.x)",
               options=('version=3.1',)),
    FormatInfo("jsonld", "exporters.formats.jsonld:JsonLdExporter", ".jsonld", "application/ld+json",
               "schema.org NewsArticle JSON-LD (an edition as an ItemList)"),
    FormatInfo("jsonfeed", "exporters.formats.jsonfeed:JsonFeedExporter", ".feed.json", "application/feed+json",
               "JSON Feed 1.1 with full content, authors and image attachments",
               options=('self_url=', 'summary_only=false'), in_all=False),
    FormatInfo("news-sitemap", "exporters.formats.news_sitemap:NewsSitemapExporter", ".sitemap.xml", "application/xml",
               "Google News sitemap (exporters feed --now picks the last two days' articles)", in_all=False),
)

_broken: dict[str, str] = {}

#: The entry-point group of third-party formats.
GROUP = "exporters.formats"


@cache
def _builtin_table() -> dict[str, FormatInfo]:
    """The built-in formats, keyed by name and every alias."""
    return {key: entry for entry in BUILTIN for key in (entry.name, *entry.aliases)}


@cache
def _table() -> dict[str, FormatInfo]:
    """Built-ins, then plugins that loaded; keyed by name and every alias."""
    table = dict(_builtin_table())
    for plugin in _load_plugins():
        for key in (plugin.name, *plugin.aliases):
            table[key] = plugin
    return table


def _load_plugins() -> list[FormatInfo]:
    builtin_names = {key for entry in BUILTIN for key in (entry.name, *entry.aliases)}
    plugins: list[FormatInfo] = []
    for point in entry_points(GROUP):
        dist = point.dist.name if point.dist else "unknown distribution"
        override = point.name.startswith("override:")
        name = point.name.removeprefix("override:")
        if name in builtin_names and not override:
            _broken[name] = f"{dist}: format {name!r} is built in; name the entry point 'override:{name}' to replace it"
            continue
        try:
            cls = point.load()
            if not (isinstance(cls, type) and issubclass(cls, Exporter)):
                raise TypeError(f"{point.value} is not an Exporter subclass")
            plugins.append(FormatInfo(name, point.value, cls.suffix, cls.media_type, cls.description,
                                      tuple(cls.aliases), option_defaults(cls), origin=dist, loaded=cls))
        except Exception as error:  # a broken plugin must never break the others
            _broken[name] = f"{dist}: {type(error).__name__}: {error}"
    return plugins


def option_defaults(cls: type[Exporter]) -> tuple[str, ...]:
    """The ``-O`` options of an exporter class with their defaults, as the table lists them.

    >>> option_defaults(exporter_class("ninjs"))
    ('version=3.1',)
    """
    from .formats.options import describe_options

    return tuple(f"{row.name}={row.default}" for row in describe_options(cls.Options))


def broken_plugins() -> dict[str, str]:
    """Plugins that failed to load: name -> reason (with the distribution)."""
    _table()
    return dict(_broken)


def names() -> list[str]:
    """Canonical names of every available format, built-ins first."""
    seen: dict[str, None] = {}
    for entry in _table().values():
        seen.setdefault(entry.name)
    return list(seen)


def all_formats() -> list[FormatInfo]:
    return [info(name) for name in names()]


def info(name: str) -> FormatInfo:
    """The :class:`FormatInfo` of ``name`` or an alias; :class:`UsageError` lists the choices."""
    key = name.strip().lower()
    builtin = _builtin_table().get(key)
    if builtin is not None and f"override:{builtin.name}" not in declared(GROUP) and UNKNOWN not in declared(GROUP):
        return builtin  # a built-in name needs no plugin scan unless a plugin says it replaces it
    table = _table()
    if key in table:
        return table[key]
    if key in _broken:
        raise PluginError(f"format {key!r} could not be loaded: {_broken[key]}")
    raise UsageError(f"unknown format {name!r}; choose from: {', '.join(names())}, all")


def exporter_class(name: str) -> type[Exporter]:
    """Import and return the exporter class for ``name`` (first use imports its library)."""
    entry = info(name)
    return entry.loaded if entry.loaded is not None else _import(entry.target)


@cache
def _import(target: str) -> type[Exporter]:
    module_name, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module_name), attribute)


def for_suffix(name: str) -> FormatInfo | None:
    """The format whose files end like ``name`` (a suffix such as ``.pdf``, or a file name), if any.

    The longest suffix wins, so ``story.ninjs.json`` is ninjs whatever plain ``.json`` might be:

    >>> for_suffix("out/story.ninjs.json").name, for_suffix(".pdf").name, for_suffix("notes.json")
    ('ninjs', 'pdf', None)
    """
    wanted = name.lower()
    entries = sorted(all_formats(), key=lambda entry: -len(entry.suffix))
    return next((entry for entry in entries if entry.suffix and wanted.endswith(entry.suffix)), None)


def resolve(requested: list[str]) -> list[str]:
    """Canonical names from ``--format`` values: repeated, comma lists and ``all``, which is every
    format but the two the feed command adds (JSON Feed and the news sitemap), as the design has it;
    those are made when named.

    >>> resolve(["txt,epub", "text"])
    ['txt', 'epub']
    >>> "jsonfeed" in resolve(["all"]), resolve(["all", "jsonfeed"])[-1]
    (False, 'jsonfeed')
    """
    wanted: list[str] = []
    for value in requested:
        for part in value.split(","):
            part = part.strip()
            if not part:
                continue
            for name in (_in_all() if part.lower() == "all" else [info(part).name]):
                if name not in wanted:
                    wanted.append(name)
    return wanted


def _in_all() -> list[str]:
    return [entry.name for entry in all_formats() if entry.in_all]


def named(requested: list[str]) -> set[str]:
    """The formats named one by one in ``--format`` values (not through ``all``).

    >>> sorted(named(["all", "pdf"]))
    ['pdf']
    """
    return {info(part).name for value in requested for part in value.split(",")
            if part.strip() and part.strip().lower() != "all"}

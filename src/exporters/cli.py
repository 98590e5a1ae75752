"""The ``exporters`` command line.

    exporters export INPUT... [--format F ...|all] [-o OUT] [--meta k=v] [-O key=value] [--strict] [--json] [--jobs N]
    exporters newsletter INPUT... --title T [--format F ...] -o OUT      (or --job newsletter.toml)
    exporters feed INPUT... --format rss|atom --site-url URL [--title T] [--limit N] -o FILE
    exporters check FILE... [--against ARTICLE] [--strict] [--json]
    exporters import INPUT [-o FILE]
    exporters formats [FORMAT] [--json] [--print-default-file NAME]
    exporters schema

Exit codes: 0 all exported and checks clean (warnings allowed unless --strict);
1 some check failed or some article failed (the others are still written);
2 usage or input error. Every error is one line on standard error, never a
traceback (set EXPORTERS_DEBUG=1 to see one).

This module imports no format library: formats load when first used.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, Sequence

from . import __version__, options
from .errors import ExportersError, UsageError
from .cache import keep_on_disk

__all__ = ["main", "build_parser"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

_EPILOG_EXPORT = """\
examples:
  exporters export story.json --format pdf                 write out/story.pdf
  exporters export samples/articles --format all -o out/   every sample, every format
  exporters export page.txt --meta publisher=RFE/RL --meta published=2018-01-16 --meta language=en -o page.epub
  exporters export story.md --format txt -O txt.wrap=72    wrap the text at 72 columns

-o PATH is a file when it ends with a format's suffix (.pdf, .epub, ...), otherwise a
folder (created when missing) where outputs are named <input name>.<suffix>.
"""


def _terminal_columns() -> int:
    """The terminal's width, read as :func:`shutil.get_terminal_size` reads it: ``COLUMNS``, else
    the terminal of standard output, else 80.

    argparse makes a formatter for every option it is given (to check the option's metavar) and
    each one imports :mod:`shutil`, with its archive modules, to ask for the width: about 2 ms of a
    one-article txt export, for a width only ``--help`` and usage errors print with. Reading it takes
    microseconds, so it is read afresh each time, as argparse does.

    >>> _terminal_columns() > 0
    True
    """
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class _TerminalWidth:
    """A help formatter given the terminal's width (:func:`_terminal_columns`) instead of asking
    :mod:`shutil` for it."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None):
        # argparse leaves two columns free when it reads the width itself
        super().__init__(prog, indent_increment, max_help_position,  # type: ignore[call-arg]
                         _terminal_columns() - 2 if width is None else width)


class _Formatter(_TerminalWidth, argparse.HelpFormatter):
    """argparse's formatter (descriptions wrapped to the terminal)."""


class _RawFormatter(_TerminalWidth, argparse.RawDescriptionHelpFormatter):
    """argparse's formatter that keeps a description's and an epilog's own line breaks (the examples)."""


class _Parser(argparse.ArgumentParser):
    """argparse with a usage error in one line (``exporters export: argument -j/--jobs: ...``), exit 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> Any:
        line = f"{message} (see '{self.prog} --help')"
        self._print_message(f"{self.prog}: {line}\n", sys.stderr)  # as argparse: a closed stderr is no error
        raise _UsageExit(line)


class _UsageExit(SystemExit):
    """argparse's usage error, its line already printed, kept for the ``--json`` report (exit 2)."""

    def __init__(self, line: str) -> None:
        super().__init__(EXIT_USAGE)
        self.line = line


#: Each command's line in ``exporters --help``.
_HELP = {
    "export": "export articles to one or more formats",
    "newsletter": "bundle many articles into one edition",
    "feed": "build an RSS, Atom or JSON feed, or a Google News sitemap",
    "check": "check exported files for complete metadata and attribution",
    "import": "show an input as a canonical article (JSON)",
    "formats": "list the output formats, or one format's options and default files",
    "schema": "print the JSON Schema of canonical articles",
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser. With ``command``, only that command is added: a run parses one
    command, and argparse looks up translations and the terminal's width for every parser and option
    it is given. Without, every command (``exporters --help`` and a mistyped command list them all).

    >>> build_parser("schema").parse_args(["schema"]).command
    'schema'
    """
    parser = _Parser(
        prog="exporters",
        description="Export news articles to EPUB, PDF, DOCX, RSS/Atom, e-mail and accessible text, "
        "and check every output for complete metadata and attribution.",
        epilog="Run 'exporters COMMAND --help' for the options of a command. Formats: exporters formats.",
        formatter_class=_RawFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    for name, add in _ADD.items():
        if command in (None, name):
            add(commands)
    return parser


def _command_in(argv: Sequence[str]) -> str | None:
    """The command a run names: its first word (the top level takes no option with a value), if known."""
    first = next((value for value in argv if not value.startswith("-")), None)
    return first if first in _HELP else None


def _add_formats(commands: Any) -> None:
    formats = commands.add_parser(
        "formats", help=_HELP["formats"],
        description="List every output format; with FORMAT, its -O options (type, default, allowed values) "
        "and the default files it is made from.",
        epilog="examples:\n"
        "  exporters formats pdf\n"
        "  exporters formats --print-default-file pdf/style.yaml > house.yaml\n"
        "  exporters formats --print-default-file docx/reference.docx > house.docx",
        formatter_class=_RawFormatter)
    formats.add_argument("format", nargs="?", metavar="FORMAT", help="show this format's options and default files")
    formats.add_argument("--print-default-file", metavar="NAME",
                         help="write a shipped default file (style, template, reference document) to standard output, "
                         "to copy and edit: pass it back with -O (pdf.style=, docx.reference=, epub.templates=)")
    formats.add_argument("--json", action="store_true", help="print JSON for scripts")


def _add_schema(commands: Any) -> None:
    commands.add_parser("schema", help=_HELP["schema"],
                        description="Print the JSON Schema that canonical article files (.json, .yaml) follow.")


def _common_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--meta", action="append", default=[], metavar="KEY=VALUE",
                        help="set an article field the input does not hold (repeatable), e.g. --meta language=en")
    parser.add_argument("-O", "--option", action="append", default=[], metavar="[FORMAT.]KEY=VALUE",
                        help="set a format option (repeatable), e.g. -O pdf.page_size=letter")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument("--force", action="store_true", help="export embargoed, expired or withheld articles anyway")
    parser.add_argument("--json", action="store_true", help="print a JSON report on standard output")
    parser.add_argument("--allow-remote-media", action="append", default=[], metavar="HOST",
                        help="fetch https images from HOST (repeatable); remote media is never fetched otherwise")


def _add_from(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="input_kind", choices=["json", "yaml", "md", "html", "txt"], metavar="KIND",
                        help="what standard input (INPUT -) holds: json, yaml, md, html or txt "
                        "(default: json when it starts with {, md with ---, html with <, else txt)")


def _add_export(commands: Any) -> None:
    parser = commands.add_parser(
        "export", help=_HELP["export"],
        description="Export each article on its own to every asked format, read every output back and check it.",
        epilog=_EPILOG_EXPORT, formatter_class=_RawFormatter)
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="article files or folders (.json .yaml .md .html .txt); - reads standard input")
    _add_from(parser)
    parser.add_argument("-f", "--format", action="append", default=[], metavar="F",
                        help="output format (repeatable or comma list; 'all' for every format but jsonfeed and news-sitemap, "
                        "which the feed command makes and export makes when named)")
    parser.add_argument("-o", "--output", metavar="OUT",
                        help="output file or folder (default: ./out/); - is standard output (one output)")
    parser.add_argument("-j", "--jobs", type=options.positive_int, default=os.cpu_count() or 1, metavar="N",
                        help="worker processes (default: the number of CPUs; 1 runs in this process)")
    parser.add_argument("--engine", choices=["local", "dask"], default="local",
                        help="run on this machine (default) or on a Dask cluster (needs the 'dask' extra)")
    parser.add_argument("--scheduler", metavar="ADDRESS", help="the Dask scheduler, e.g. tcp://10.0.0.5:8786")
    parser.add_argument("--rebuild", action="store_true",
                        help="export everything again, even outputs that are up to date since the last run")
    _common_output(parser)


def _add_newsletter(commands: Any) -> None:
    parser = commands.add_parser(
        "newsletter", help=_HELP["newsletter"],
        description="Bundle articles into one newsletter edition in every asked format. An edition is all or "
        "nothing: if any article fails its checks, nothing of the edition is written.",
        epilog="examples:\n"
        "  exporters newsletter --job samples/newsletter.toml\n"
        "  exporters newsletter samples/articles --title Weekly --format txt,email -o out/\n\n"
        "Outputs are named after the edition (weekly-7.pdf); weekly-7.manifest.json beside them lists every file,\n"
        "its format, SHA-256 and findings.",
        formatter_class=_RawFormatter)
    parser.add_argument("inputs", nargs="*", metavar="INPUT", help="article files or folders")
    parser.add_argument("--job", metavar="FILE", help="a newsletter job file (.toml)")
    parser.add_argument("--title", help="the edition's title")
    parser.add_argument("--site-url", metavar="URL", help="the site the edition belongs to (its feed links there; "
                        "overrides the job file's site_url)")
    parser.add_argument("-f", "--format", action="append", default=[], metavar="F", help="output format(s)")
    parser.add_argument("-o", "--output", metavar="OUT", help="output folder (overrides the job file's)")
    _common_output(parser)


def _add_feed(commands: Any) -> None:
    parser = commands.add_parser(
        "feed", help=_HELP["feed"],
        description="Build one RSS 2.0, Atom 1.0 or JSON Feed 1.1 feed, or a Google News sitemap, from many articles, "
        "newest first, and check every entry.",
        epilog="examples:\n"
        "  exporters feed samples/articles --format atom --site-url https://news.example.org/ -o out/news.atom\n"
        "  exporters feed stories/ --format rss --site-url https://news.example.org/ --limit 20 -O rss.profile=summary -o out/partners.rss\n"
        "  exporters feed samples/articles --format news-sitemap --now 2026-05-05T00:00:00Z -o out/news-sitemap.xml\n\n"
        "--site-url may be left out when every article has a url and all are one publisher's.",
        formatter_class=_RawFormatter)
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="article files or folders")
    parser.add_argument("-f", "--format", required=True, choices=["rss", "atom", "jsonfeed", "news-sitemap"], help="feed format")
    parser.add_argument("--site-url", metavar="URL", help="the site the feed belongs to (needed when an article has no url)")
    parser.add_argument("--title", help="the feed's title")
    parser.add_argument("--limit", type=int, metavar="N", help="keep only the newest N articles")
    parser.add_argument("--now", metavar="RFC3339", help="news-sitemap: list what was published in the two days "
                        "before this time (default: the clock), e.g. 2026-05-08T12:00:00Z")
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="the feed file to write")
    _common_output(parser)


def _add_check(commands: Any) -> None:
    parser = commands.add_parser(
        "check", help=_HELP["check"],
        description="Read exported files back and check their metadata and attribution. With --against, "
        "compare each file with the article it was made from.")
    parser.add_argument("files", nargs="+", metavar="FILE", help="exported files (.txt .epub .pdf .docx .rss .atom .eml)")
    parser.add_argument("--against", action="append", default=[], metavar="ARTICLE", help="the source article(s)")
    parser.add_argument("--meta", action="append", default=[], metavar="KEY=VALUE", help="facts for the source article")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument("--json", action="store_true", help="print a JSON report on standard output")


def _add_import(commands: Any) -> None:
    parser = commands.add_parser("import", help=_HELP["import"],
                                 description="Read an input and write the canonical JSON article; list what the reader guessed.")
    parser.add_argument("input", metavar="INPUT", help="an article file (.json .yaml .md .html .txt); - reads standard input")
    _add_from(parser)
    parser.add_argument("-o", "--output", metavar="FILE", help="write the JSON here (default, or -: standard output)")
    parser.add_argument("--meta", action="append", default=[], metavar="KEY=VALUE", help="set an article field")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    command = _command_in(arguments)
    try:
        args = build_parser(command).parse_args(arguments)
    except _UsageExit as stop:
        if command in _JSON_COMMANDS and _asks_for_json(arguments, command):
            _print_report(command, stop.line, EXIT_USAGE)
        raise
    keep_on_disk()  # the command owns the files it writes, the cache among them
    try:
        return _COMMANDS[args.command](args)
    except ExportersError as error:
        return _fail(str(error), EXIT_USAGE, args)
    except KeyboardInterrupt:
        print("exporters: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:
        if os.environ.get("EXPORTERS_DEBUG"):
            raise
        return _fail(f"internal error: {type(error).__name__}: {error} (set EXPORTERS_DEBUG=1 for the traceback)",
                     EXIT_FAILED, args)
    finally:
        _flush_standard_output()


def _asks_for_json(arguments: Sequence[str], command: str) -> bool:
    """Whether a command line that argparse refused asked ``command`` for its ``--json`` report:
    ``--json`` (or a prefix argparse would take for it) after the command word and before ``--``.

    >>> _asks_for_json(["export", "a.json", "--jso", "--jobs", "0"], "export")
    True
    >>> _asks_for_json(["--json", "export", "a.json"], "export"), _asks_for_json(["export", "--", "--json"], "export")
    (False, False)
    """
    words = list(arguments)
    words = words[words.index(command) + 1:] if command in words else []
    if "--" in words:
        words = words[:words.index("--")]
    return any(len(word) >= 4 and "--json".startswith(word) for word in words)


def _flush_standard_output() -> None:
    """Flush standard output now, so that a reader which went away (``exporters formats --json |
    head -1``) is found here rather than by the interpreter at exit, which would warn and exit 120.
    Standard output then goes to ``/dev/null``, as Python's documentation advises for SIGPIPE, and
    the command keeps its own exit code."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


#: The list each command's ``--json`` report holds: what it did, one entry per input or file.
_REPORT_LIST = {"export": "results", "newsletter": "results", "feed": "results", "check": "files"}
#: The commands that take ``--json``.
_JSON_COMMANDS = frozenset(_REPORT_LIST) | {"formats"}


def _fail(message: str, code: int = EXIT_USAGE, args: argparse.Namespace | None = None) -> int:
    """One line on standard error; under ``--json`` the report too, so a script always gets
    ``exit_code`` (and the same ``error`` line) from every command, even when nothing was done."""
    print(f"exporters: {message}", file=sys.stderr)
    if args is not None and getattr(args, "json", False):
        _print_report(args.command, message, code)
    return code


def _print_report(command: str | None, message: str, code: int) -> None:
    """The ``--json`` report of a command that stopped before doing anything: its (empty) list,
    the error line and the exit code.

    >>> _print_report("check", "argument --against: expected one argument", 2)
    {
      "files": [],
      "error": "argument --against: expected one argument",
      "exit_code": 2
    }
    """
    import json  # only --json prints JSON: a plain run spares the module

    listed = {_REPORT_LIST[command]: []} if command in _REPORT_LIST else {}
    try:
        print(json.dumps({**listed, "error": message, "exit_code": code}, indent=2, ensure_ascii=False))
    except BrokenPipeError:  # nobody reads the report any more; the exit code still tells
        pass
    _flush_standard_output()


# -- commands --------------------------------------------------------------------


def _cmd_export(args: argparse.Namespace) -> int:
    from . import registry
    from .jobs.batch import ExportSettings, export_files
    from .jobs.manifest import JOURNAL_NAME
    from .jobs.outputs import OutputPlan
    from .jobs.paths import gather_inputs, planned_targets, refuse_unsafe

    plan = OutputPlan.from_option(args.output)
    formats = options.output_formats(args.format, plan.format_hint)
    format_options = options.format_options(args.option, formats)
    meta = options.meta_values(args.meta)
    files, roots = _stdin_input(args) or gather_inputs([Path(value) for value in args.inputs], plan.directory)
    if not files:
        raise UsageError(f"no article files found in {', '.join(args.inputs)}")
    if plan.file is not None and (len(files) > 1 or len(formats) > 1):
        raise UsageError(f"-o {plan.file} names one file, but {len(files)} input(s) x {len(formats)} format(s) make more; give a folder")
    if plan.format_hint is not None and formats != [plan.format_hint]:
        raise UsageError(f"-o {plan.file} names a {plan.format_hint} file, but --format asks for {', '.join(formats)}; "
                         f"name the file with {registry.info(formats[0]).suffix} or give a folder")
    _refuse_stream_misuse(args, plan)
    plan.refuse_folder_file()
    refuse_unsafe(planned_targets(files, roots, [registry.info(name).suffix for name in formats], plan),
                  journal=plan.directory / JOURNAL_NAME if plan.file is None else None)
    plan.prepare()
    settings = ExportSettings(formats=tuple(formats), plan=plan, meta=meta, roots=roots,
                              options=format_options, profile=options.check_profile(args),
                              remote=options.remote_policy(args.allow_remote_media), resume=not args.rebuild,
                              optional=frozenset(formats) - registry.named(args.format))
    from .jobs.report import Reporter

    reporter = Reporter(json_output=args.json, total=len(files))
    with reporter:
        for outcome in export_files(files, settings, jobs=args.jobs, scheduler=options.scheduler_address(args)):
            reporter.outcome(outcome)
    return reporter.exit_code()


def _stdin_input(args: argparse.Namespace) -> tuple[list[Path], tuple[Path, ...]] | None:
    """``-`` as the one INPUT: standard input under its kind's name (``<stdin>.md``); None otherwise."""
    if "-" not in args.inputs:
        return None
    if len(args.inputs) > 1:
        raise UsageError("- (standard input) must be the only INPUT")
    if getattr(args, "engine", "local") == "dask":
        raise UsageError("- (standard input) is read by this process; --engine dask needs files")
    from .readers import read_stdin, sniff_kind, stdin_path

    return [stdin_path(args.input_kind or sniff_kind(read_stdin()))], ()


def _refuse_stream_misuse(args: argparse.Namespace, plan: Any) -> None:
    """``-o -`` (or a device) takes one output, written by this process, and leaves standard output to it."""
    from .jobs.outputs import STDOUT

    if plan.file != STDOUT:
        return
    if args.json:
        raise UsageError("-o - writes the output to standard output; --json cannot share it (give -o a file)")
    if args.engine == "dask":
        raise UsageError("-o - writes to this process's standard output; --engine dask needs a folder")


def _cmd_check(args: argparse.Namespace) -> int:
    from .jobs.check import check_files
    from .jobs.report import CheckReporter

    reporter = CheckReporter(json_output=args.json)
    with reporter:
        for checked in check_files([Path(f) for f in args.files], [Path(a) for a in args.against],
                                   meta=options.meta_values(args.meta), profile=options.check_profile(args)):
            reporter.checked(checked)
    return reporter.exit_code()


def _cmd_import(args: argparse.Namespace) -> int:
    from . import api
    from .model import encode_article

    path = _stdin_input(argparse.Namespace(inputs=[args.input], input_kind=args.input_kind))
    reading = api.read(path[0][0] if path else args.input, options.meta_values(args.meta))
    data = encode_article(reading.article)
    for guess in reading.guesses:
        print(f"guessed {guess}", file=sys.stderr)
    for key, source in reading.overridden:
        print(f"overridden {key}: the input's value is replaced by {source}", file=sys.stderr)
    for dropped in reading.dropped:
        print(f"dropped {dropped}", file=sys.stderr)
    if args.output and args.output != "-":
        from .jobs.outputs import output_file, prepare_file, write_output
        from .jobs.paths import refuse_overwriting

        output = output_file(args.output)
        refuse_overwriting([output], [reading.path] if reading.path else [])
        prepare_file(output)
        write_output(output, data, "json")
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(data.decode("utf-8"))
    return EXIT_OK


def _cmd_formats(args: argparse.Namespace) -> int:
    import json

    from . import registry

    if args.print_default_file:
        from .templates import default_file

        sys.stdout.buffer.write(default_file(args.print_default_file))
        return EXIT_OK
    if args.format and args.format.strip().lower() != "all":  # `all` is every format: the table below
        return _format_detail(registry.info(args.format), args.json)
    from .checks.plugins import broken_checks

    entries = registry.all_formats()
    broken = registry.broken_plugins()
    checks = broken_checks()
    if args.json:
        rows = [{"name": e.name, "aliases": list(e.aliases), "suffix": e.suffix, "media_type": e.media_type,
                 "description": e.description, "options": list(e.options), "origin": e.origin} for e in entries]
        print(json.dumps({"formats": rows, "broken_plugins": broken, "broken_checks": checks}, indent=2, ensure_ascii=False))
        return EXIT_OK
    width = max(len(e.name) for e in entries)
    suffix_width = max(len(e.suffix) for e in entries)
    type_width = max(len(e.media_type) for e in entries)
    for e in entries:
        aliases = f" (alias {', '.join(e.aliases)})" if e.aliases else ""
        print(f"{e.name:<{width}}  {e.suffix:<{suffix_width}} {e.media_type:<{type_width}} {e.origin}  {e.description}{aliases}")
        if e.options:
            print(f"{'':<{width}}  options: {' '.join(f'-O {e.name}.{option}' for option in e.options)}")
    for name, reason in broken.items():
        print(f"{name:<{width}}  not loaded: {reason}", file=sys.stderr)
    for name, reason in checks.items():
        print(f"check {name} not loaded: {reason}", file=sys.stderr)
    return EXIT_OK


def _format_detail(entry: Any, as_json: bool) -> int:
    """``exporters formats FORMAT``: the format, its -O options and its default files."""
    import json

    from msgspec.structs import asdict

    from . import registry
    from .formats.options import describe_options
    from .templates import default_files

    rows = describe_options(registry.exporter_class(entry.name).Options)
    files = default_files(entry.name)
    if as_json:
        print(json.dumps({"name": entry.name, "aliases": list(entry.aliases), "suffix": entry.suffix,
                          "media_type": entry.media_type, "description": entry.description, "origin": entry.origin,
                          "options": [asdict(row) for row in rows], "default_files": files}, indent=2, ensure_ascii=False))
        return EXIT_OK
    print(f"{entry.name} ({entry.suffix}, {entry.media_type}): {entry.description}")
    print(f"options (-O {entry.name}.KEY=VALUE):" if rows else "options: none")
    width = max((len(row.name) for row in rows), default=0)
    for row in rows:
        allowed = f"one of {', '.join(row.choices)}" if row.choices else row.type
        print(f"  {row.name:<{width}}  {allowed}; default {row.default or '(none)'}. {row.help}".rstrip())
    if files:
        print("default files (exporters formats --print-default-file NAME):")
        for name in files:
            print(f"  {name}")
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    import json

    from .model import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK


def _cmd_newsletter(args: argparse.Namespace) -> int:
    from .jobs.newsletter import run_newsletter

    return run_newsletter(args)


def _cmd_feed(args: argparse.Namespace) -> int:
    from .jobs.feed import run_feed

    return run_feed(args)


_ADD = {
    "export": _add_export,
    "newsletter": _add_newsletter,
    "feed": _add_feed,
    "check": _add_check,
    "import": _add_import,
    "formats": _add_formats,
    "schema": _add_schema,
}

_COMMANDS = {
    "export": _cmd_export,
    "newsletter": _cmd_newsletter,
    "feed": _cmd_feed,
    "check": _cmd_check,
    "import": _cmd_import,
    "formats": _cmd_formats,
    "schema": _cmd_schema,
}

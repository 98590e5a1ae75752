"""Build one feed (RSS, Atom, JSON Feed) or a Google News sitemap from many articles: ``exporters feed``.

:func:`feed_bundle` checks the inputs as a set and makes the channel bundle;
:func:`run_feed` is the command: read, bundle, export with checks, write::

    >>> readings = api.read_all([Path("samples/articles")])             # doctest: +SKIP
    >>> bundle = feed_bundle(readings, site_url="https://news.example.org/", limit=20)  # doctest: +SKIP
    >>> options = {"rss": {"self_url": feed_self_url("https://news.example.org/", "news.rss")}}
    >>> [result] = api.export(bundle, ["rss"], options=options)           # doctest: +SKIP

Errors are one line: an article without a URL when no site URL is given is a
:class:`~exporters.errors.UsageError`; two inputs with the same ``id`` are an
:class:`~exporters.errors.InputError` naming both files. Both exit with code 2.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

from datetime import datetime, timezone

from .. import api, registry
from ..checks.findings import Finding, finding
from ..errors import InputError, UsageError
from ..formats.common import is_web_url, newest_first
from ..model import Bundle
from ..readers import Reading
from ..resources import RemotePolicy

__all__ = ["feed_bundle", "feed_self_url", "news_now", "news_readings", "run_feed"]


def feed_bundle(
    readings: Sequence[Reading],
    *,
    site_url: str | None,
    title: str | None = None,
    limit: int | None = None,
    remote: RemotePolicy | None = None,
) -> Bundle:
    """The channel bundle: articles newest first, at most ``limit``, images loaded.

    The title defaults to the publisher every article shares, else the site's host
    name. The bundle's publisher and language are set when every article shares them.
    """
    if limit is not None and limit < 1:
        raise UsageError(f"--limit must be 1 or more, got {limit}")
    if site_url and not is_web_url(site_url):
        raise UsageError(f"--site-url must be an http(s) URL such as https://news.example.org/, got {site_url!r}")
    if not readings:
        raise UsageError("no articles to put in the feed")
    _refuse_duplicate_ids(readings)
    kept = newest_first(readings, article=lambda reading: reading.article)[:limit]
    if not site_url:
        _require_urls(kept)
    articles = [reading.article for reading in kept]
    publishers = {article.publisher for article in articles}
    publisher = articles[0].publisher if len(publishers) == 1 else None
    languages = {article.language for article in articles}
    host = urlsplit(site_url or articles[0].url).hostname or ""
    return api.bundle_of(
        kept,
        remote,
        title=title or (publisher.name if publisher else "") or host,
        site_url=site_url or "",
        publisher=publisher,
        language=articles[0].language if len(languages) == 1 else "",
    )


def feed_self_url(site_url: str, file_name: str) -> str:
    """Where the feed file will be found: ``file_name`` under ``site_url``.

    >>> feed_self_url("https://news.example.org", "world news.rss")
    'https://news.example.org/world%20news.rss'
    """
    return urljoin(site_url.rstrip("/") + "/", quote(file_name))


def run_feed(args: argparse.Namespace) -> int:
    """``exporters feed``: build, check and write one feed; returns the exit code."""
    from ..options import check_profile, format_options, meta_values, remote_policy
    from .article import Outcome
    from .report import Reporter
    from .outputs import output_file, prepare_file, write_output
    from .paths import gather_inputs, refuse_overwriting

    output = output_file(args.output)
    _refuse_other_suffix(output, args.format)
    files, _ = gather_inputs([Path(value) for value in args.inputs], output.parent)
    readings = api.read_all(files, meta_values(args.meta))
    left_out: list[Finding] = []
    if args.format == "news-sitemap":
        readings, left_out = news_readings(readings, news_now(args.now))
    elif args.now:
        raise UsageError("--now is for --format news-sitemap only")
    bundle = feed_bundle(readings, site_url=args.site_url, title=args.title, limit=args.limit,
                         remote=remote_policy(args.allow_remote_media))
    if args.format == "news-sitemap":
        _refuse_over_limit(bundle)
    refuse_overwriting([output], [reading.path for reading in readings if reading.path])
    prepare_file(output)
    options = format_options(args.option, [args.format])
    if args.site_url and "self_url" in registry.exporter_class(args.format).Options.__struct_fields__:
        options.setdefault(args.format, {}).setdefault("self_url", feed_self_url(args.site_url, output.name))
    [result] = api.export(bundle, [args.format], options=options, profile=check_profile(args))
    written = (write_output(output, result.artifact.data, result.format),) if result.artifact is not None else ()
    reporter = Reporter(json_output=args.json, total=1)
    with reporter:
        reporter.outcome(Outcome(input=output, written=written, findings=tuple(left_out) + result.findings))
    return reporter.exit_code()


def _refuse_other_suffix(output: Path, format_name: str) -> None:
    """A feed may take any name (``feed.xml``, ``feed.json``), but not one that names another format,
    which ``exporters check`` would then read as that format.

    >>> _refuse_other_suffix(Path("out/feed.xml"), "rss")
    >>> _refuse_other_suffix(Path("out/news.txt"), "rss")
    Traceback (most recent call last):
    exporters.errors.UsageError: -o out/news.txt names a txt file, but --format rss writes .rss: name it out/news.rss (or any name that ends in no other format's suffix)
    """
    named = registry.for_suffix(output.name)
    if named is not None and named.name != format_name:
        own = registry.info(format_name).suffix
        stem = output.name[: len(output.name) - len(named.suffix)]
        raise UsageError(f"-o {output} names a {named.name} file, but --format {format_name} writes {own}: "
                         f"name it {output.with_name(stem + own)} (or any name that ends in no other format's suffix)")


def news_now(value: str | None) -> datetime:
    """``--now`` as a time-zone-aware moment; the clock when it is not given.

    >>> news_now("2026-05-08T12:00:00Z").isoformat()
    '2026-05-08T12:00:00+00:00'
    """
    if not value:
        return datetime.now(timezone.utc)
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise UsageError(f"--now must be an RFC 3339 time such as 2026-05-08T12:00:00Z, got {value!r}") from None
    if moment.tzinfo is None:
        raise UsageError(f"--now needs a time zone (Z or +05:00), got {value!r}")
    return moment


def news_readings(readings: Sequence[Reading], now: datetime) -> tuple[list[Reading], list[Finding]]:
    """The articles a news sitemap lists at ``now``, and a warning (A224) naming each one left out."""
    from ..formats.news_sitemap import in_news_window

    kept: list[Reading] = []
    left_out: list[Finding] = []
    for reading in readings:
        article = reading.article
        if not is_web_url(article.url):
            why = "it has no url"
        elif not in_news_window(article, now):
            when = article.published.isoformat() if article.published else "without a publication date"
            why = f"published {when}, not in the two days before {now.isoformat()}"
        else:
            kept.append(reading)
            continue
        left_out.append(finding("A224", f"{_label(reading)}: left out of the news sitemap: {why}",
                                article=article.id, format="news-sitemap"))
    if not kept:
        raise UsageError(f"no article was published in the two days before {now.isoformat()} with a url: "
                         "a news sitemap would be empty (--now sets another time)")
    return kept, left_out


def _refuse_over_limit(bundle: Bundle) -> None:
    from ..formats.news_sitemap import MAX_URLS

    count = len(bundle.articles)
    if count > MAX_URLS:
        raise UsageError(f"{count:,} articles were published in the two days before --now; a news sitemap holds at most "
                         f"{MAX_URLS:,} URLs (Google's limit): pass --limit {MAX_URLS} for the newest, or split the input")


def _label(reading: Reading) -> str:
    return str(reading.path) if reading.path else f"article {reading.article.id!r}"


def _refuse_duplicate_ids(readings: Sequence[Reading]) -> None:
    """Two inputs with one ``id`` would be one entry twice: name both files."""
    seen: dict[str, Reading] = {}
    for reading in readings:
        first = seen.setdefault(reading.article.id, reading)
        if first is not reading:
            raise InputError(_label(reading), "$.id", f"id {reading.article.id!r} is also the id of {_label(first)}")


def _require_urls(readings: Sequence[Reading]) -> None:
    for reading in readings:
        if not is_web_url(reading.article.url):
            raise UsageError(f"{_label(reading)}: the article has no url and no --site-url was given; "
                             "pass --site-url URL so the feed can link to it")

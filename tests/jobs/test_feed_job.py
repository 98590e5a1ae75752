"""The feed job: inputs checked as a set, newest first, a limit, and one-line errors."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import pytest
from conftest import ARTICLES

from exporters import api
from exporters.body import Paragraph
from exporters.cli import main
from exporters.errors import InputError, UsageError
from exporters.jobs.feed import feed_bundle, feed_self_url
from exporters.model import Article, Organization, Person, Rights, encode_article
from exporters.readers import Reading

SITE = "https://news.example.org/"
DESK = Organization(name="Example News Desk", url=SITE)
START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def article(number: int, *, url: bool = True, days: int | None = None, **fields) -> Article:
    values = {
        "id": f"story-{number:02d}", "language": "en", "headline": f"Story number {number}",
        "url": f"{SITE}2026/03/story-{number}" if url else "",
        "body": (Paragraph(content=(f"Paragraph of story {number}.",)),),
        "publisher": DESK, "published": START + timedelta(days=number if days is None else days),
    }
    values.update(fields)
    return Article(**values)


def reading(item: Article, name: str | None = None) -> Reading:
    return Reading(item, Path(name or f"in/{item.id}.json"))


def write(folder: Path, item: Article, name: str) -> Path:
    path = folder / name
    path.write_bytes(encode_article(item))
    return path


# -- feed_bundle ------------------------------------------------------------------------


def test_articles_come_newest_first_and_limit_keeps_the_newest():
    readings = [reading(article(n)) for n in (3, 1, 5, 2, 4)]
    bundle = feed_bundle(readings, site_url=SITE, limit=3)
    assert [a.id for a in bundle.articles] == ["story-05", "story-04", "story-03"]
    assert bundle.site_url == SITE
    assert feed_bundle(readings, site_url=SITE).articles[-1].id == "story-01"


def test_order_does_not_depend_on_input_order():
    readings = [reading(article(n, days=1 if n % 2 else 2)) for n in range(1, 9)]
    readings.append(reading(article(20, published=None)))
    expected = [a.id for a in feed_bundle(readings, site_url=SITE).articles]
    assert expected[-1] == "story-20", "undated articles go last"
    assert expected[:4] == ["story-02", "story-04", "story-06", "story-08"], "equal dates are ordered by id"
    for seed in range(5):
        shuffled = readings[:]
        random.Random(seed).shuffle(shuffled)
        assert [a.id for a in feed_bundle(shuffled, site_url=SITE).articles] == expected


def test_channel_defaults():
    bundle = feed_bundle([reading(article(1)), reading(article(2))], site_url=SITE)
    assert (bundle.title, bundle.publisher, bundle.language) == ("Example News Desk", DESK, "en")
    mixed = feed_bundle([reading(article(1)), reading(article(2, language="kk", publisher=Organization(name="Other")))],
                        site_url="https://feeds.example.net/kz/", title="Mixed")
    assert (mixed.title, mixed.publisher, mixed.language) == ("Mixed", None, "")
    untitled = feed_bundle([reading(article(1, publisher=None)), reading(article(2))], site_url="https://feeds.example.net/")
    assert untitled.title == "feeds.example.net"


def test_no_url_and_no_site_url_is_one_line_naming_the_file():
    with pytest.raises(UsageError) as raised:
        feed_bundle([reading(article(1)), reading(article(2, url=False), "in/two.yaml")], site_url=None)
    message = str(raised.value)
    assert "\n" not in message
    assert "in/two.yaml" in message and "--site-url" in message
    # a site URL gives such articles a link; URLs alone need no site URL
    assert feed_bundle([reading(article(2, url=False))], site_url=SITE).lead.url == ""
    assert feed_bundle([reading(article(1))], site_url=None).site_url == ""


def test_duplicate_ids_name_both_files():
    first, second = reading(article(1), "in/a.json"), reading(article(1, headline="Another"), "in/b.md")
    with pytest.raises(InputError) as raised:
        feed_bundle([first, reading(article(2)), second], site_url=SITE)
    message = str(raised.value)
    assert "\n" not in message
    assert "in/a.json" in message and "in/b.md" in message and "story-01" in message


def test_duplicates_are_refused_even_beyond_the_limit():
    readings = [reading(article(5)), reading(article(1), "in/old.json"), reading(article(1), "in/older.json")]
    with pytest.raises(InputError, match="older.json"):
        feed_bundle(readings, site_url=SITE, limit=1)


@pytest.mark.parametrize("bad", [{"limit": 0}, {"limit": -3}, {"site_url": "news.example.org"},
                                 {"site_url": "javascript:alert(1)"}])
def test_bad_arguments_are_usage_errors(bad):
    arguments = {"site_url": SITE, **bad}
    with pytest.raises(UsageError):
        feed_bundle([reading(article(1))], **arguments)


def test_no_articles_is_a_usage_error():
    with pytest.raises(UsageError, match="no articles"):
        feed_bundle([], site_url=SITE)


def test_images_are_loaded_for_the_feed():
    bundle = feed_bundle(api.read_all([ARTICLES / "port-of-aktau.json"]), site_url=SITE)
    lead = bundle.lead
    assert bundle.resource(lead, lead.lead_image) is not None


def test_self_url():
    assert feed_self_url("https://news.example.org/world", "news.rss") == "https://news.example.org/world/news.rss"
    assert feed_self_url("https://news.example.org/", "news.atom") == "https://news.example.org/news.atom"


# -- exporters feed ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["rss", "atom"])
def test_command_writes_a_checked_feed(tmp_path, capsys, name):
    output = tmp_path / f"news.{name}"
    older = write(tmp_path, article(1, authors=(Person(name="Dana Writer"),), rights=Rights(holder="Example News Desk")),
                  "older.json")
    oldest = write(tmp_path, article(0, days=-30), "oldest.json")
    code = main(["feed", str(ARTICLES / "port-of-aktau.json"), str(older), str(oldest), "--format", name,
                 "--site-url", SITE, "--limit", "2", "-o", str(output), "--json"])
    report = json.loads(capsys.readouterr().out)
    parsed = feedparser.parse(output.read_bytes())
    assert parsed.bozo is False
    # 2 March 09:00 UTC, then 2 March 09:30 +05:00 (04:30 UTC); the oldest falls beyond --limit 2
    assert [entry.title for entry in parsed.entries] == [
        "Story number 1", "Caspian Port Doubles Grain Shipments as Rail Link Opens"]
    self_links = [link.href for link in parsed.feed.links if link.rel == "self"]
    assert self_links == [f"{SITE}news.{name}"]
    errors = [finding for result in report["results"] for finding in result["findings"] if finding["severity"] == "error"]
    assert errors == []
    assert code == report["exit_code"] == 0


def test_command_without_site_url_exits_2_with_one_line(tmp_path, capsys):
    source = write(tmp_path, article(1, url=False), "no-url.json")
    code = main(["feed", str(source), "--format", "rss", "-o", str(tmp_path / "out.rss")])
    lines = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(lines) == 1 and "no-url.json" in lines[0] and "--site-url" in lines[0]
    assert not (tmp_path / "out.rss").exists()


def test_command_with_duplicate_ids_exits_2_naming_both_files(tmp_path, capsys):
    one = write(tmp_path, article(1), "one.json")
    two = write(tmp_path, article(1, headline="Same id"), "two.json")
    code = main(["feed", str(one), str(two), "--format", "atom", "--site-url", SITE, "-o", str(tmp_path / "out.atom")])
    lines = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(lines) == 1 and "one.json" in lines[0] and "two.json" in lines[0]
    assert not (tmp_path / "out.atom").exists()


@pytest.mark.parametrize("name, file_name", [
    ("jsonfeed", "news.jsonfeed"), ("jsonfeed", "feed.json"), ("jsonfeed", "news.feed.json"),
    ("rss", "feed.xml"), ("atom", "news.xml"), ("news-sitemap", "news-sitemap.xml"),
])
def test_every_feed_name_feed_writes_is_checked_as_that_feed(tmp_path, capsys, name, file_name):
    """``feed -o`` takes any name that ends in no other format's suffix, and ``check`` reads such
    a file as the feed it holds, so the round trip feed -> check holds for every name."""
    output = tmp_path / file_name
    now = ["--now", "2026-03-03T00:00:00Z"] if name == "news-sitemap" else []
    assert main(["feed", str(ARTICLES / "port-of-aktau.json"), "--format", name, *now, "-o", str(output)]) == 0
    capsys.readouterr()
    code = main(["check", str(output), "--against", str(ARTICLES / "port-of-aktau.json"), "--json"])
    [checked] = json.loads(capsys.readouterr().out)["files"]
    assert (checked["format"], checked["error"], checked["findings"], code) == (name, "", [], 0)


def test_a_feed_named_as_another_format_is_refused_with_one_line(tmp_path, capsys):
    code = main(["feed", str(ARTICLES / "port-of-aktau.json"), "--format", "jsonfeed", "-o", str(tmp_path / "news.txt")])
    [line] = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert line == (f"exporters: -o {tmp_path / 'news.txt'} names a txt file, but --format jsonfeed writes .feed.json: "
                    f"name it {tmp_path / 'news.feed.json'} (or any name that ends in no other format's suffix)")
    assert list(tmp_path.iterdir()) == []

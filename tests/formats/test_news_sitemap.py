"""Google News sitemap: the two-day window, the 1,000-URL limit, the documented structure, read back."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import ARTICLES, ROOT

from exporters import api
from exporters.checks import compare
from exporters.formats.news_sitemap import NewsSitemapExporter
from exporters.testing import edition_bundle, fullest_bundle
from syndication_checks import sitemap_problems

SITE = "https://news.example.org/"


def test_every_sample_with_a_url_is_listed_and_read_back():
    bundle = api.read_bundle(sorted(path for path in ARTICLES.iterdir() if path.suffix in (".json", ".md", ".html")))
    data = NewsSitemapExporter().render(bundle).data
    assert sitemap_problems(data) == []
    assert compare(bundle, NewsSitemapExporter().inspect(data)) == []
    assert data == NewsSitemapExporter().render(bundle).data
    languages = [item.language for item in NewsSitemapExporter().inspect(data).items]
    assert sorted(set(languages)) == ["en", "fa", "kk", "ru"]


@pytest.mark.parametrize("make", [fullest_bundle, edition_bundle], ids=["fullest", "edition"])
def test_contract_bundles(make):
    bundle = make()
    data = NewsSitemapExporter().render(bundle).data
    assert sitemap_problems(data) == []
    assert compare(bundle, NewsSitemapExporter().inspect(data)) == []


def test_the_check_catches_a_wrong_entry():
    bundle = fullest_bundle()
    data = NewsSitemapExporter().render(bundle).data.replace(b"<news:language>en<", b"<news:language>fr<")
    assert [finding.code for finding in compare(bundle, NewsSitemapExporter().inspect(data))] == ["A202"]
    assert sitemap_problems(data.replace(b"<news:title>", b"<news:keywords>x</news:keywords><news:title>"))


def run(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "exporters", *map(str, args)], cwd=ROOT, capture_output=True, text=True)


def test_only_the_last_two_days_are_listed_and_each_left_out_is_named(tmp_path: Path):
    target = tmp_path / "news-sitemap.xml"
    result = run("feed", ARTICLES, "--format", "news-sitemap", "--site-url", SITE, "--now", "2026-05-05T00:00:00Z",
                 "-o", target, "--json")
    assert result.returncode == 0, result.stderr
    items = NewsSitemapExporter().inspect(target.read_bytes()).items
    assert [item.title for item in items] == ["Caspian Ferry Timetable Goes Online After Years of Waiting"]
    findings = json.loads(result.stdout)["results"][0]["findings"]
    left_out = [finding["message"] for finding in findings if finding["code"] == "A224"]
    assert len(left_out) == 6
    assert any("port-of-aktau.json: left out of the news sitemap: published 2026-03-02T09:30:00+05:00" in line
               for line in left_out)
    assert any("000_1c0508d7c4252433.txt: left out of the news sitemap: it has no url" in line for line in left_out)


def test_now_defaults_to_the_clock(tmp_path: Path):
    _stories(tmp_path, 1)
    story = json.loads((tmp_path / "story-0000.json").read_text(encoding="utf-8"))
    story["published"] = (datetime.now(timezone.utc) - timedelta(hours=3)).isoformat()
    (tmp_path / "story-0000.json").write_text(json.dumps(story), encoding="utf-8")
    result = run("feed", tmp_path / "story-0000.json", "--format", "news-sitemap", "-o", tmp_path / "news.xml")
    assert result.returncode == 0, result.stderr
    assert b"<news:title>Story number 0</news:title>" in (tmp_path / "news.xml").read_bytes()


def _stories(folder: Path, count: int) -> None:
    base = json.loads((ARTICLES / "ru-pavlodar-winter-garden.json").read_text(encoding="utf-8"))
    base.pop("lead_image", None)
    base["body"] = [block for block in base["body"] if block["type"] != "figure"]
    for number in range(count):
        story = {**base, "id": f"story-{number}", "headline": f"Story number {number}",
                 "url": f"https://news.example.org/story-{number}", "published": f"2026-05-04T{number % 24:02d}:{number % 60:02d}:00Z"}
        story.pop("updated", None)
        (folder / f"story-{number:04d}.json").write_text(json.dumps(story, ensure_ascii=False), encoding="utf-8")


def test_more_than_a_thousand_urls_is_a_clear_error(tmp_path: Path):
    stories = tmp_path / "stories"
    stories.mkdir()
    _stories(stories, 1001)
    target = tmp_path / "news.xml"
    result = run("feed", stories, "--format", "news-sitemap", "--now", "2026-05-05T00:00:00Z", "-o", target)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == ["exporters: 1,001 articles were published in the two days before --now; "
                                                  "a news sitemap holds at most 1,000 URLs (Google's limit): pass --limit "
                                                  "1000 for the newest, or split the input"]
    assert not target.exists()
    kept = run("feed", stories, "--format", "news-sitemap", "--now", "2026-05-05T00:00:00Z", "--limit", "1000", "-o", target)
    assert kept.returncode == 0, kept.stderr[-500:]
    assert sitemap_problems(target.read_bytes()) == [] and target.read_bytes().count(b"<url>") == 1000


@pytest.mark.parametrize("now, message", [
    ("yesterday", "--now must be an RFC 3339 time"),
    ("2026-05-05T00:00:00", "--now needs a time zone"),
    ("2020-01-01T00:00:00Z", "no article was published in the two days before 2020-01-01T00:00:00+00:00"),
])
def test_bad_now_or_nothing_to_list_is_one_line(tmp_path: Path, now: str, message: str):
    result = run("feed", ARTICLES, "--format", "news-sitemap", "--now", now, "-o", tmp_path / "x.xml")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1 and message in result.stderr


def test_check_reads_a_sitemap_on_its_own(tmp_path: Path):
    target = tmp_path / "news.sitemap.xml"
    target.write_bytes(NewsSitemapExporter().render(fullest_bundle()).data)
    assert run("check", target).returncode == 0
    target.write_bytes(target.read_bytes().replace(b"<news:name>Contract Publisher</news:name>", b"<news:name></news:name>"))
    result = run("check", target)
    assert result.returncode == 1 and "A220" in result.stdout + result.stderr

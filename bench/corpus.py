"""Generate a benchmark corpus: N varied canonical JSON articles built from the samples.

    python bench/corpus.py 200 /tmp/corpus

writes ``/tmp/corpus/00000-en.json`` ... ``00199-fa.json`` and copies
``samples/articles/images`` to ``/tmp/corpus/images``. Every sample that a reader
takes (canonical JSON, the scraped seed page with its sidecar, HTML, Markdown) is
read once and becomes a base; each generated article then

- takes the next language in turn (English, Kazakh, Russian, Persian) and a base
  sample in that language at random,
- gets its own id, URL (a made-up one when the base has none), headline and dates,
- keeps the base's lead paragraph first, shuffles the other paragraphs and
  duplicates some of them, so articles run from about half to three times the
  base's length,
- drops its images (a third of the articles that have some) or gains one figure
  (a quarter of those that have none).

Article ``i`` depends only on ``i``: the corpus is identical for a given N, and the
first 200 articles of a 2,000-article corpus are the 200-article corpus.

    >>> articles = generate(3, Path("/tmp/corpus"))
    >>> [path.name for path in articles]
    ['00000-en.json', '00001-kk.json', '00002-ru.json']
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "articles"
LANGUAGES = ("en", "kk", "ru", "fa")
SEED = "newsroom-exporters-bench"

#: Alt text and caption for a figure added to an article that had none, in its language.
ADDED_FIGURE = {
    "en": ("Three orange cranes stand over a grey quay beside blue water.",
           "The grain terminal at the port."),
    "kk": ("Көк судың жанындағы сұр айлақтың үстінде үш қызғылт сары кран тұр.",
           "Порттағы астық терминалы."),
    "ru": ("Три оранжевых крана над серым причалом у синей воды.",
           "Зерновой терминал в порту."),
    "fa": ("سه جرثقیل نارنجی بر فراز اسکله‌ای خاکستری کنار آب آبی.",
           "پایانه غلات در بندر."),
}
ADDED_IMAGE = "images/harbour-cranes.png"


@cache
def bases() -> dict[str, list[dict[str, Any]]]:
    """Every readable sample as canonical data, grouped by primary language."""
    from exporters import api
    from exporters.model import article_to_data
    from exporters.readers import article_files

    grouped: dict[str, list[dict[str, Any]]] = {language: [] for language in LANGUAGES}
    for path in article_files(SAMPLES):
        data = article_to_data(api.read(path).article)
        primary = data["language"].split("-")[0].lower()
        if primary in grouped:
            grouped[primary].append(data)
    missing = [language for language, found in grouped.items() if not found]
    if missing:
        raise SystemExit(f"no sample article in {', '.join(missing)} under {SAMPLES}")
    return grouped


def vary(index: int) -> dict[str, Any]:
    """Article ``index`` of the corpus, as canonical data.

    >>> vary(7)["id"]
    'bench-00007-fa-2026-03-gilan-mobile-library'
    """
    rng = random.Random(f"{SEED}:{index}")
    language = LANGUAGES[index % len(LANGUAGES)]
    base = rng.choice(bases()[language])
    article = json.loads(json.dumps(base))  # a deep copy
    number = index + 1
    article["id"] = f"bench-{index:05d}-{base['id']}"
    article["headline"] = _headline(rng, article, number)
    # every article gets a canonical URL (feeds link to it): the base's, numbered, or a made-up one
    base_url = article.get("url") or f"https://news.example.org/archive/{base['id']}"
    article["url"] = f"{base_url.rstrip('/')}-{number}"
    _shift_dates(article, timedelta(hours=index * 7 + rng.randint(0, 6)))
    article["body"] = _body(rng, article["body"])
    if article.get("lead_image") or any(block["type"] == "figure" for block in article["body"]):
        if rng.random() < 1 / 3:
            _drop_images(article)
    elif rng.random() < 1 / 4:
        _add_figure(rng, article, language)
    return article


def _headline(rng: random.Random, article: dict[str, Any], number: int) -> str:
    headline = article["headline"]
    kicker = article.get("kicker", "")
    if kicker and rng.random() < 0.3:
        return f"{kicker}: {headline} ({number})"
    return f"{headline} ({number})"


def _shift_dates(article: dict[str, Any], delta: timedelta) -> None:
    """Move every article date back by ``delta`` (order between them is kept)."""
    for key in ("published", "updated"):
        if article.get(key):
            article[key] = (datetime.fromisoformat(article[key]) - delta).isoformat()
    for notice in article.get("notices", []):
        if notice.get("date"):
            notice["date"] = (datetime.fromisoformat(notice["date"]) - delta).isoformat()


def _body(rng: random.Random, body: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The base body with its paragraphs shuffled, some duplicated, some left out.

    The lead paragraph stays first; other blocks (headings, quotes, lists, figures)
    stay in their order, between runs of paragraphs.
    """
    slots = [index for index, block in enumerate(body) if block["type"] == "paragraph"]
    if len(slots) < 2:
        return body
    lead, others = body[slots[0]], [body[index] for index in slots[1:]]
    wanted = rng.randint(max(1, len(others) // 2), len(others) * 3)
    pool = rng.sample(others, len(others))
    while len(pool) < wanted:
        pool.append(rng.choice(others))
    pool = [lead] + pool[:wanted]
    # paragraph slot k of the base takes pool[k*t/p : (k+1)*t/p]
    total, count = len(pool), len(slots)
    runs = {slot: pool[k * total // count:(k + 1) * total // count] for k, slot in enumerate(slots)}
    result: list[dict[str, Any]] = []
    for index, block in enumerate(body):
        result.extend(runs.get(index, [block]))
    return result


def _drop_images(article: dict[str, Any]) -> None:
    article.pop("lead_image", None)
    article["body"] = [block for block in article["body"] if block["type"] != "figure"]


def _add_figure(rng: random.Random, article: dict[str, Any], language: str) -> None:
    alt, caption = ADDED_FIGURE[language]
    publisher = (article.get("publisher") or {}).get("name", "")
    credit = f"Photo: {publisher}" if publisher else "Photo: staff photographer"
    figure = {"type": "figure", "image": {"src": ADDED_IMAGE, "alt": alt, "caption": caption, "credit": credit,
                                          "width": 320, "height": 200}}
    place = rng.randint(1, max(1, len(article["body"])))
    article["body"].insert(place, figure)


def file_name(index: int, article: dict[str, Any]) -> str:
    return f"{index:05d}-{article['language'].split('-')[0].lower()}.json"


def generate(count: int, folder: Path) -> list[Path]:
    """Write ``count`` articles and the images folder into ``folder``; returns the article paths."""
    from exporters.model import decode_article

    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(SAMPLES / "images", folder / "images", dirs_exist_ok=True)
    paths = []
    for index in range(count):
        article = vary(index)
        data = json.dumps(article, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
        decode_article(data)  # every generated article is valid canonical JSON
        path = folder / file_name(index, article)
        path.write_bytes(data)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write N varied canonical JSON articles built from the samples.")
    parser.add_argument("count", type=int, metavar="N", help="how many articles")
    parser.add_argument("folder", type=Path, metavar="OUTDIR", help="where to write them (created when missing)")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("N must be at least 1")
    paths = generate(args.count, args.folder)
    languages = {language: sum(path.stem.endswith(language) for path in paths) for language in LANGUAGES}
    print(f"wrote {len(paths)} articles to {args.folder} ({', '.join(f'{k} {v}' for k, v in languages.items())})",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

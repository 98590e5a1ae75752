"""A long scraped page in the seed's layout, for timing the scraped-page reader.

``python bench/scraped.py 20000 OUTDIR`` writes ``OUTDIR/long-page.txt`` and its
sidecar: Russian chrome at the top, the headline, the lead caption printed twice,
a dateline paragraph, then paragraphs with a subhead every 40 and a teaser every
500, the credit line and a legal footer, 20,000 body blocks in all (the model's
limit, ``exporters.limits.MAX_BLOCKS``). The text depends only on the count.
"""

from __future__ import annotations

import sys
from pathlib import Path

SENTENCES = (
    "Власти Павлодара открыли зимний сад в здании бывшего кинотеатра на набережной Иртыша.",
    "Жители города приходят сюда каждый день, а по выходным в саду играет камерный оркестр.",
    "Kazakh President Nursultan Nazarbaev thanked U.S. President Donald Trump for Washington's support.",
    "Смотрители говорят, что за зиму сад принял больше сорока тысяч посетителей.",
)


def page(blocks: int) -> str:
    """The page text with ``blocks`` body blocks (paragraphs, subheads, teasers)."""
    lines = ["Ссылки для упрощенного доступа", "Срочные новости", "Зимний сад в Павлодаре принял сорок тысяч гостей"]
    caption = "Посетители в зимнем саду Павлодара. Фото: Дана Серик"
    lines += [caption, caption, f"ПАВЛОДАР -- {SENTENCES[0]}"]
    for number in range(1, blocks):
        if number % 500 == 0:
            lines.append(f"Читайте также: Сад номер {number} открылся в Экибастузе")
        elif number % 40 == 0:
            lines.append(f"Часть {number // 40}")
        else:
            lines.append(f"{number}. {SENTENCES[number % len(SENTENCES)]}")
    lines += ["По материалам Reuters, AFP и ТАСС",
              "RFE/RL признано в России «нежелательной организацией».", "Поделиться"]
    return "\n\n".join(lines) + "\n"


def write_page(folder: Path, blocks: int) -> Path:
    """``folder/long-page.txt`` and its sidecar; the page's path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "long-page.txt"
    path.write_text(page(blocks), encoding="utf-8")
    (folder / "long-page.meta.yaml").write_text("language: ru\npublisher: RFE/RL\npublished: 2026-01-16\n",
                                                encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write_page(Path(sys.argv[2]), int(sys.argv[1])))

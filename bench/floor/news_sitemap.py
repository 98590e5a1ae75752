"""Floor for the Google News sitemap: lxml writing one ``url`` with its ``loc`` and ``news:news``
(publication name and language, date, title), the least a news sitemap entry takes.

    python -m bench.floor.news_sitemap plain/00000-en.json out.sitemap.xml
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from ._doc import main

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"


def render(document: dict[str, Any]) -> bytes:
    urlset = etree.Element(f"{{{SITEMAP}}}urlset", nsmap={None: SITEMAP, "news": NEWS})
    url = etree.SubElement(urlset, f"{{{SITEMAP}}}url")
    etree.SubElement(url, f"{{{SITEMAP}}}loc").text = document["url"]
    news = etree.SubElement(url, f"{{{NEWS}}}news")
    publication = etree.SubElement(news, f"{{{NEWS}}}publication")
    etree.SubElement(publication, f"{{{NEWS}}}name").text = document["author"] or document["title"]
    etree.SubElement(publication, f"{{{NEWS}}}language").text = document["language"].split("-")[0]
    etree.SubElement(news, f"{{{NEWS}}}publication_date").text = document["published"]
    etree.SubElement(news, f"{{{NEWS}}}title").text = document["title"]
    return etree.tostring(urlset, xml_declaration=True, encoding="UTF-8", pretty_print=True)


if __name__ == "__main__":
    main(render)

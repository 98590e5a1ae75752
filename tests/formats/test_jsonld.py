"""schema.org JSON-LD: valid against the vocabulary (offline), complete, read back, inert."""

from __future__ import annotations

import json

import pytest
from conftest import ARTICLES, sample_articles
from schemaorg import schemaorg_problems

from exporters import api
from exporters.checks import compare
from exporters.formats.jsonld import JsonLdExporter, jsonld_document, news_article
from exporters.testing import edition_bundle, fullest_bundle

#: What Google's article structured-data guidance recommends, all of which the fullest sample has.
GOOGLE_RECOMMENDED = ("headline", "image", "datePublished", "dateModified", "author", "publisher")


def render(bundle) -> dict:
    return json.loads(JsonLdExporter().render(bundle).data)


@pytest.mark.parametrize("path", sample_articles(), ids=lambda path: path.name)
def test_every_sample_is_valid_schema_org_and_reads_back(path):
    bundle = api.read_bundle([path])
    data = JsonLdExporter().render(bundle).data
    assert schemaorg_problems(json.loads(data)) == []
    assert compare(bundle, JsonLdExporter().inspect(data)) == []


def test_the_fullest_sample_has_every_recommended_property():
    document = render(api.read_bundle([ARTICLES / "port-of-aktau.json"]))
    assert document["@context"] == "https://schema.org" and document["@type"] == "NewsArticle"
    assert all(document.get(key) for key in GOOGLE_RECOMMENDED)
    [author] = document["author"]
    assert author == {"@type": "Person", "name": "Marat Example", "url": "https://news.example.org/authors/marat-example",
                      "affiliation": {"@type": "Organization", "name": "Example News Desk"}, "jobTitle": "reporter"}
    assert document["publisher"]["logo"] == {"@type": "ImageObject", "url": "https://news.example.org/logo.png"}
    assert [item["name"] for item in document["contributor"]] == ["Reuters", "AFP", "Saule Demo", "Aktau port authority"]
    assert document["copyrightHolder"]["name"] == "Example News Desk"
    assert document["copyrightNotice"] == "© 2026 Example News Desk. All rights reserved."
    assert document["locationCreated"] == {"@type": "Place", "name": "AKTAU"}
    assert document["inLanguage"] == "en" and document["articleSection"] == "Business"
    assert "isAccessibleForFree" not in document  # the model records no access terms: nothing is claimed
    assert document["datePublished"] == "2026-03-02T09:30:00+05:00"
    lead = document["image"][0]
    assert lead["url"].startswith("https://news.example.org/") and lead["creditText"] and lead["caption"]


def test_an_article_without_authors_is_signed_by_its_publisher():
    bundle = api.read_bundle([ARTICLES / "000_1c0508d7c4252433.txt"])
    document = render(bundle)
    assert document["author"] == [{"@type": "Organization", "name": bundle.lead.publisher.name}]
    assert "contributor" in document  # the agencies of "With reporting by ..."
    assert schemaorg_problems(document) == []


def test_an_edition_is_an_item_list_of_news_articles():
    bundle = edition_bundle()
    document = render(bundle)
    assert document["@type"] == "ItemList" and document["name"] == "Contract Edition"
    assert document["numberOfItems"] == 3
    assert [element["position"] for element in document["itemListElement"]] == [1, 2, 3]
    assert [element["item"]["inLanguage"] for element in document["itemListElement"]] == ["en", "kk", "fa"]
    assert schemaorg_problems(document) == []
    assert compare(bundle, JsonLdExporter().inspect(JsonLdExporter().render(bundle).data)) == []


def test_the_checker_finds_what_schema_org_does_not_define():
    broken = {"@context": "https://schema.org", "@type": "NewsArticle", "headlin": "x", "price": 3,
              "author": {"@type": "Persn", "name": "A"}}
    problems = " | ".join(schemaorg_problems(broken))
    assert "'headlin' is not a schema.org property" in problems
    assert "'price' does not apply to NewsArticle" in problems
    assert "'Persn' is not a schema.org type" in problems


def test_markup_in_the_text_cannot_close_a_script_element():
    bundle = fullest_bundle()
    article = bundle.lead
    import msgspec

    hostile = msgspec.structs.replace(article, headline="</script><script>alert(1)</script> & more")
    data = JsonLdExporter().render(type(bundle).of(hostile)).data
    assert b"<" not in data and b">" not in data
    assert json.loads(data)["headline"] == hostile.headline


def test_the_builder_is_the_document():
    bundle = fullest_bundle()
    assert render(bundle) == {"@context": "https://schema.org", **news_article(bundle.lead, bundle)}
    assert jsonld_document(bundle)["@type"] == "NewsArticle"


def _every_character() -> str:
    """Every code point a JSON string can carry through UTF-8 (all but the surrogates)."""
    return "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF)


@pytest.mark.parametrize("indent", [2, None])
def test_to_json_writes_the_bytes_the_json_module_wrote(indent):
    """msgspec writes the JSON formats; every character and every shape they hold comes out as the
    json module wrote it (escaped for HTML the same way), so the files stay byte for byte the same."""
    from exporters.formats.jsonfeed import JsonFeedOptions, jsonfeed_document
    from exporters.formats.jsonld import _NOT_HTML, _json_escape, to_json
    from exporters.formats.ninjs import ninjs_document

    def reference(data) -> str:
        text = json.dumps(data, ensure_ascii=False, indent=indent, separators=None if indent else (",", ":"))
        return _NOT_HTML.sub(_json_escape, text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))

    bundle = fullest_bundle()
    documents = [jsonld_document(bundle), ninjs_document(bundle), jsonld_document(edition_bundle()),
                 {"every character": _every_character(), "shapes": [[], {}, [1, True, None, {"a": [-3, ""]}]]}]
    documents.append(jsonfeed_document(api.read_bundle([ARTICLES / "port-of-aktau.json"]), JsonFeedOptions()))
    for data in documents:
        assert to_json(data, indent=indent) == reference(data)


def test_to_json_escapes_each_character_html_may_not_hold_in_an_otherwise_plain_file():
    """to_json skips its character scan when a few byte searches find none of the characters it
    escapes; each such character alone in a plain document (Latin, Cyrillic, Persian, emoji,
    no-break spaces and guillemets around it) is still escaped as the json module's reference is."""
    from exporters.formats.jsonld import _NOT_HTML, _json_escape, to_json

    found = _NOT_HTML.finditer(_every_character())
    changed = [match.group() for match in found if _json_escape(match) != match.group()]
    assert len(changed) == 1 + 32 + 32 + 2 * 17  # DEL, C1, U+FDD0-U+FDEF, two noncharacters in each plane
    around = "Port «Aktau»\u00a0© Порт بندر 🚢 "
    for character in changed:
        data = {"headline": around + character + around, "n": [1, True]}
        text = json.dumps(data, ensure_ascii=False, indent=2).replace("&", "\\u0026")
        assert to_json(data) == _NOT_HTML.sub(_json_escape, text)
        assert character not in to_json(data)

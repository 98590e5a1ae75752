"""The document facts: one rule per fact, for a single article and for an edition."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from conftest import ARTICLES

from exporters import api, registry
from exporters.facts import article_facts, document_facts
from exporters.model import Article, Bundle, Credit, Organization, Person, Rights
from exporters.testing import contract_problems

DAY = datetime(2026, 5, 1, 9, 0, tzinfo=timezone.utc)


def _article(key: str, publisher: str, day: int, **fields) -> Article:
    return Article(id=key, language=fields.pop("language", "en"), headline=f"Story {key}",
                   authors=(Person(name=f"Writer {key}"),), credits=(Credit(name="Reuters"),),
                   publisher=Organization(name=publisher, url=f"https://{key}.example/") if publisher else None,
                   rights=Rights(notice=f"© {publisher}") if publisher else None,
                   published=DAY.replace(day=day), **fields)


MIXED = Bundle.of(_article("a", "Desk A", 3), _article("b", "Desk B", 5, language="ru"),
                  _article("c", "Desk A", 4), _article("d", "", 2), title="Weekly")


def test_a_single_article_declares_its_own_facts():
    bundle = api.read_bundle([ARTICLES / "port-of-aktau.json"])
    article = bundle.lead
    facts = document_facts(bundle)
    assert (facts.title, facts.language, facts.is_edition) == (article.headline, article.language, False)
    assert facts.publishers == (article.publisher.name,)
    assert facts.published == article.published and facts.modified == article.modified
    assert facts.url == article.url and facts.rights == (article.rights.statement(),)
    assert facts == article_facts(article)


def test_an_edition_of_several_publishers_names_each_once_in_reading_order():
    facts = document_facts(MIXED)
    assert facts.publishers == ("Desk A", "Desk B")
    assert facts.publisher == "Desk A and Desk B"
    assert facts.sole_publisher is None
    assert facts.rights == ("© Desk A", "© Desk B")


def test_an_edition_that_names_its_publisher_is_published_by_it():
    own = Organization(name="Weekly Ltd", url="https://weekly.example/")
    facts = document_facts(Bundle.of(*MIXED.articles, title="Weekly", publisher=own))
    assert facts.publishers == ("Weekly Ltd",) and facts.sole_publisher == own


def test_an_edition_of_one_publisher_is_published_by_it():
    facts = document_facts(Bundle.of(MIXED.articles[0], MIXED.articles[2], title="Weekly"))
    assert facts.publishers == ("Desk A",) and facts.sole_publisher.url == "https://a.example/"


def test_an_edition_is_dated_by_its_own_date_else_its_newest_article():
    assert document_facts(MIXED).published == DAY.replace(day=5)
    dated = Bundle.of(*MIXED.articles, title="Weekly", date=DAY.replace(day=8))
    assert document_facts(dated).published == DAY.replace(day=8)


def test_an_edition_lists_every_writer_and_credit_once_and_keeps_editors_apart():
    facts = document_facts(Bundle.of(*MIXED.articles, title="Weekly", editors=(Person(name="Ruth Sample"),)))
    assert facts.authors == ("Writer a", "Writer b", "Writer c", "Writer d")
    assert facts.contributors == ("Reuters",) and facts.editors == ("Ruth Sample",)
    assert facts.languages == ("en", "ru")


def _mixed_edition() -> Bundle:
    """The contract edition, each article from another newsroom, the edition naming none."""
    import msgspec

    from exporters.testing import edition_bundle

    edition = edition_bundle()
    desks = iter(("Desk Almaty", "Desk Tehran", "Desk Almaty"))
    sections = tuple(msgspec.structs.replace(section, articles=tuple(
        msgspec.structs.replace(article, publisher=Organization(name=next(desks), url="https://desk.example.org/"))
        for article in section.articles)) for section in edition.sections)
    return msgspec.structs.replace(edition, sections=sections, publisher=None, site_url="https://weekly.example.org/")


@pytest.mark.parametrize("name", registry.names())
def test_every_format_declares_each_publisher_of_a_mixed_edition(name):
    edition = _mixed_edition()
    assert document_facts(edition).publishers == ("Desk Almaty", "Desk Tehran")
    assert contract_problems(name, edition) == []  # every fact compared, each publisher among them
    declared = registry.exporter_class(name)().inspect(api.render(edition, name).data)
    # A list of entries (a feed, an ItemList) may declare the publishers entry by entry.
    publishers = " | ".join([declared.publisher, *(entry.publisher for entry in declared.items)])
    assert all(desk in publishers for desk in ("Desk Almaty", "Desk Tehran"))


@pytest.mark.parametrize("bundle_fields", [
    {},
    {"publisher": Organization(name="Bundle Press", url="https://press.example.org/"), "identifier": "urn:x:1",
     "date": datetime(2026, 5, 1, tzinfo=timezone.utc)},
])
def test_a_single_articles_facts_given_in_advance_change_nothing(bundle_fields):
    """A web page works out the article's facts once for its JSON-LD and its head: the document
    facts made from them are those made from scratch, the bundle's own publisher, date and id included."""
    for path in sorted(ARTICLES.glob("*.json")):
        article = api.read_bundle([path]).lead
        bundle = Bundle.of(article, **bundle_fields)
        assert document_facts(bundle, article_facts(article)) == document_facts(bundle)

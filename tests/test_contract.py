"""Every registered format passes the exporter contract (exporters.testing)."""

import pytest

from exporters import registry
from exporters.testing import contract_problems, edition_bundle, fullest_bundle


@pytest.mark.parametrize("name", registry.names())
def test_fullest_article(name):
    assert contract_problems(name, fullest_bundle()) == []


@pytest.mark.parametrize("name", registry.names())
def test_edition(name):
    assert contract_problems(name, edition_bundle()) == []


@pytest.mark.parametrize("name", registry.names())
def test_registry_table_matches_class(name):
    entry = registry.info(name)
    cls = registry.exporter_class(name)
    assert (cls.name, cls.suffix, cls.media_type, tuple(cls.aliases)) == (entry.name, entry.suffix, entry.media_type, entry.aliases)
    assert entry.options == registry.option_defaults(cls)

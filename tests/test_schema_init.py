"""Schema bootstrap: idempotent, and covering every label of the mapping."""

from __future__ import annotations

import pytest

from kg.schema_init import init_schema, schema_statements
from kg.store import GraphStore, QueryError
from loaders.graph.mapping import MAPPING


def test_every_label_has_a_unique_iri_constraint() -> None:
    statements = schema_statements()
    for label in MAPPING.nodes:
        assert any(f"(n:{label}) REQUIRE n.iri IS UNIQUE" in s for s in statements), label


@pytest.mark.neo4j
def test_init_twice_is_idempotent(store: GraphStore) -> None:
    init_schema(store)
    before = store.read("SHOW CONSTRAINTS YIELD name RETURN count(*) AS n")[0]["n"]
    init_schema(store)
    after = store.read("SHOW CONSTRAINTS YIELD name RETURN count(*) AS n")[0]["n"]
    assert before == after >= len(MAPPING.nodes)


@pytest.mark.neo4j
def test_constraint_rejects_duplicate_iri(clean_store: GraphStore) -> None:
    clean_store.write([("CREATE (:Actor {iri: 'urn:test:a'})", {})])
    with pytest.raises(QueryError):
        clean_store.write([("CREATE (:Actor {iri: 'urn:test:a'})", {})])

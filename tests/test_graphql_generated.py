"""Queries generated from the committed GraphQL schema (hypothesis-graphql), valid ones and ones
with one violation each, sent to the real API on the seed graph: never a 500, never an
INTERNAL_ERROR, never a page over the limit or an oversized answer.

Bounded for CI (``KG_GRAPHQL_EXAMPLES``, default 80 of each kind); ``make fuzz`` runs more."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from graphql import StringValueNode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, from_schema

from kg.api.app import create_app
from kg.api.limits import MAX_PAGE
from kg.config import Settings
from kg.ingest.articles import load_seeds
from kg.store import GraphStore
from loaders.resources import SCHEMA_DIR
from tests.test_load_articles import gold_extractor

pytestmark = pytest.mark.neo4j

EXAMPLES = int(os.environ.get("KG_GRAPHQL_EXAMPLES", "80"))
MAX_RESPONSE_BYTES = 2_000_000
SDL = (SCHEMA_DIR / "schema.graphql").read_text(encoding="utf-8")
DATES = st.dates().map(lambda d: StringValueNode(value=d.isoformat())) | st.text(max_size=12).map(
    lambda t: StringValueNode(value=t)
)
GENERATED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)


@pytest.fixture(scope="module")
def client(store: GraphStore, neo4j_settings: Settings) -> Iterator[TestClient]:
    from kg.cypher import wipe_statements

    for query, _ in wipe_statements():
        store.run_autocommit(query)
    assert load_seeds(store, neo4j_settings, extractor=gold_extractor).ok
    with TestClient(create_app(neo4j_settings)) as c:
        yield c


def _lists(value: Any) -> Iterator[list[Any]]:
    if isinstance(value, dict):
        for v in value.values():
            yield from _lists(v)
    elif isinstance(value, list):
        yield value
        for v in value:
            yield from _lists(v)


def check(client: TestClient, query: str) -> None:
    response = client.post("/graphql", json={"query": query})
    assert response.status_code < 500, (query, response.text[:500])
    assert len(response.content) <= MAX_RESPONSE_BYTES, query
    body = response.json()
    for error in body.get("errors") or []:
        assert error.get("extensions", {}).get("code") != "INTERNAL_ERROR", (query, error)
    for items in _lists(body.get("data")):
        # Matrices (whoAttackedWhom) are bounded by the actors, every other list by a page.
        assert len(items) <= max(MAX_PAGE, 400), query


@pytest.mark.parametrize("mode", [Mode.POSITIVE, Mode.NEGATIVE], ids=["valid", "invalid"])
def test_generated_queries_never_fail_the_server(client: TestClient, mode: Mode) -> None:
    @GENERATED
    @given(query=from_schema(SDL, custom_scalars={"Date": DATES}, mode=mode))
    def run(query: object) -> None:
        check(client, str(query))

    run()

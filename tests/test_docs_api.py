"""Every example of docs/api.md runs without errors on the seed graph (``kg load seeds``),
answers something, and together the examples use every query of the schema."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from graphql import FieldNode, OperationDefinitionNode, parse

from kg.api.app import create_app
from kg.api.schema import schema
from kg.cli.docgen import DOCS
from kg.config import Settings
from kg.cypher import delete_all
from kg.ingest.articles import load_seeds
from kg.store import GraphStore
from tests.graphql_client import data, patient

pytestmark = pytest.mark.neo4j

EXAMPLES = re.findall(r"```graphql\n(.*?)```", (DOCS / "api.md").read_text(), re.S)


@pytest.fixture(scope="module")
def client(neo4j_settings: Settings, store: GraphStore) -> Iterator[TestClient]:
    store.run_autocommit(delete_all()[0])
    report = load_seeds(store, neo4j_settings)
    assert report.ok, report.failures
    with TestClient(create_app(patient(neo4j_settings))) as c:
        yield c


def root_fields(query: str) -> set[str]:
    document = parse(query)
    return {
        sel.name.value
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode)
        for sel in d.selection_set.selections
        if isinstance(sel, FieldNode)
    }


def something(value: Any) -> bool:
    """True when an answer holds at least one value that is not empty."""
    if isinstance(value, dict):
        return any(something(v) for v in value.values())
    if isinstance(value, list):
        return any(something(v) for v in value)
    return value not in (None, "", 0)


def test_the_examples_cover_every_query() -> None:
    used = set().union(*(root_fields(q) for q in EXAMPLES))
    assert set(schema._schema.query_type.fields) - used == set()


@pytest.mark.parametrize("query", EXAMPLES, ids=[f"example-{i + 1}" for i in range(len(EXAMPLES))])
def test_each_example_answers(client: TestClient, query: str) -> None:
    answer = data(client, query)
    for field, value in answer.items():
        assert something(value), (field, value)

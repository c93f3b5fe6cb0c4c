"""The API's health endpoint and the stats query, against the real Neo4j."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from kg.api.app import create_app
from kg.config import Settings
from kg.store import GraphStore
from tests.neo4j_fixture import free_port


@pytest.mark.neo4j
def test_health_reports_neo4j_version(neo4j_settings: Settings, store: GraphStore) -> None:
    with TestClient(create_app(neo4j_settings)) as client:
        response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["neo4j"]["version"].startswith("5.26")


def test_health_is_503_with_reason_when_neo4j_does_not_answer() -> None:
    cfg = Settings(NEO4J_URI=f"bolt://127.0.0.1:{free_port()}", NEO4J_PASSWORD="unused")
    with TestClient(create_app(cfg)) as client:
        response = client.get("/health")
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "NEO4J_UNAVAILABLE"
    assert "not answering" in error["message"]


@pytest.mark.neo4j
def test_stats_query_counts_documents(neo4j_settings: Settings, clean_store: GraphStore) -> None:
    clean_store.write(
        [("CREATE (:Document {iri: 'urn:test:d1'}), (:Document {iri: 'urn:test:d2'})", {})]
    )
    with TestClient(create_app(neo4j_settings)) as client:
        response = client.post(
            "/graphql", json={"query": "{ stats { documents actors events claims } }"}
        )
    assert response.status_code == 200
    assert response.json()["data"]["stats"] == {
        "documents": 2,
        "actors": 0,
        "events": 0,
        "claims": 0,
    }

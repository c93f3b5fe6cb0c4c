"""A GraphQL client for tests: the app in process, answers as dicts."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from kg.config import Settings


def gql(client: TestClient, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """POST a query; the parsed body (``data`` and maybe ``errors``)."""
    response = client.post("/graphql", json={"query": query, "variables": variables or {}})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def data(client: TestClient, query: str, variables: dict[str, Any] | None = None) -> Any:
    """The ``data`` of an answer that must have no errors."""
    body = gql(client, query, variables)
    assert "errors" not in body, body["errors"]
    return body["data"]


def error_codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors", [])]


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance on a sphere of radius 6378.14 km (Neo4j's WGS-84 distance)."""
    from math import asin, cos, radians, sin, sqrt

    lat1, lon1, lat2, lon2 = map(radians, (*a, *b))
    h = sin((lat2 - lat1) / 2) ** 2 + cos(lat1) * cos(lat2) * sin((lon2 - lon1) / 2) ** 2
    return 2 * 6378.14 * asin(sqrt(h))


def patient(settings: Settings) -> Settings:
    """Settings with a generous request timeout: a fresh server compiles each new query plan,
    which on a busy test machine can take longer than the production default."""
    return settings.model_copy(update={"query_timeout_s": 60.0})

"""The web app's files as the API serves them (no Neo4j, no browser): /app/ and its assets,
all from the API itself, in development and in production."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kg.api import webapp
from kg.api.app import create_app
from kg.config import Settings
from tests.neo4j_fixture import free_port


def _settings(**extra: object) -> Settings:
    return Settings(NEO4J_URI=f"bolt://127.0.0.1:{free_port()}", NEO4J_PASSWORD="unused", **extra)


@pytest.mark.parametrize("production", [False, True])
def test_app_and_its_assets_come_from_the_api(production: bool) -> None:
    assert webapp.app_built(), "run `make app` (npm and vite) to build the web app"
    with TestClient(create_app(_settings(KG_PRODUCTION=production))) as client:
        moved = client.get("/app", follow_redirects=False)
        assert moved.status_code == 307 and moved.headers["location"] == "/app/"
        page = client.get("/app/")
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        urls = re.findall(r'(?:src|href)="([^"]+)"', page.text)
        assets = [u for u in urls if u.startswith("/app/assets/")]
        assert {Path(u).suffix for u in assets} == {".js", ".css"}
        assert all(u.startswith(("/app/", "#", "data:")) or u == "" for u in urls), urls
        for url in assets:
            response = client.get(url)
            assert response.status_code == 200, url
            kind = "javascript" if url.endswith(".js") else "css"
            assert kind in response.headers["content-type"]
        assert client.get("/app/assets/nothing-here.js").status_code == 404


def test_app_not_built_says_how_to_build_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(webapp, "APP_DIR", tmp_path)
    with TestClient(create_app(_settings())) as client:
        response = client.get("/app/")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "APP_NOT_BUILT"
    assert "make app" in response.json()["error"]["message"]

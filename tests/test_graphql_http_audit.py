"""graphql-http's server audits (the GraphQL-over-HTTP specification, npm package
``graphql-http``) against a real server: none fails or warns in development; in production
only the audits that need introspection (they query ``__type``) fail."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from kg.config import Settings
from kg.store import GraphStore
from tests.api_server import api_server

pytestmark = pytest.mark.neo4j

AUDIT_DIR = Path(__file__).resolve().parent.parent / "bench" / "graphql_http"
NEEDS_INTROSPECTION = {"2EA1", "28B9", "D6D5", "6A70"}


@pytest.fixture(scope="module")
def audit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The audit script with graphql-http installed from the npm registry (pinned by the
    committed lock file) into a temporary folder."""
    if shutil.which("npm") is None or shutil.which("node") is None:
        pytest.fail("node and npm are needed for the GraphQL-over-HTTP audit")
    folder = tmp_path_factory.mktemp("graphql-http")
    for name in ("package.json", "package-lock.json", "audit.mjs"):
        shutil.copy(AUDIT_DIR / name, folder / name)
    subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
        cwd=folder,
        check=True,
        timeout=300,
    )
    return folder


def run_audit(folder: Path, url: str) -> list[dict[str, str]]:
    done = subprocess.run(
        ["node", "audit.mjs", url], cwd=folder, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


@pytest.mark.parametrize("production", [False, True], ids=["development", "production"])
def test_graphql_over_http_audits(
    audit: Path,
    neo4j_settings: Settings,
    store: GraphStore,
    tmp_path: Path,
    production: bool,
) -> None:
    env = {"KG_PRODUCTION": "true"} if production else {}
    with api_server(neo4j_settings, tmp_path / "api.log", **env) as server:
        results = run_audit(audit, f"{server.url}/graphql")
    assert len(results) > 50
    bad = {
        r["id"]: f"{r['status']}: {r['name']}: {r['reason']}"
        for r in results
        if r["status"] != "ok"
    }
    if production:
        assert set(bad) == NEEDS_INTROSPECTION, bad
    else:
        assert bad == {}

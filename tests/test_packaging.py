"""The package installs and runs without the checkout: schema and seeds are package data.

The unit test keeps the explicit package list of ``pyproject.toml`` complete. The integration
test builds a fresh virtual environment, ``pip install .`` (not editable) into it, and runs the
README's sequence from a folder outside the checkout with that environment's ``kg``: start a
Neo4j server and the parser with the launchers, apply the schema, load the seeds, serve the API
and ask it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tomllib
import urllib.request
import venv
from pathlib import Path
from typing import Any

import pytest

from tests.neo4j_fixture import free_port

ROOT = Path(__file__).resolve().parents[1]
DATA_PACKAGES = {"loaders.schema": "schema", "loaders.seeds": "seeds"}


def _setuptools() -> dict[str, Any]:
    table: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]
    return dict(table["setuptools"])


def _declared() -> tuple[set[str], dict[str, str]]:
    setuptools = _setuptools()
    return set(setuptools["packages"]), dict(setuptools["package-dir"])


GENERATED = {"kg.api.static", "kg.api.app_static", "kg.api.app_static.assets"}
"""Data folders ``make`` builds (absent from a clean checkout): listed as packages, they would
fail an install that runs before they are built, so setuptools warns of them instead."""


def _data_folders() -> set[str]:
    """Folders that package data reaches (``articles/*.txt`` of ``loaders.seeds`` is
    ``loaders.seeds.articles``): setuptools builds them as packages, and warns of any not in
    the list."""
    out = set()
    for package, patterns in _setuptools()["package-data"].items():
        for pattern in patterns:
            folder = pattern.rpartition("/")[0]
            if folder:
                out.add(".".join([package, *folder.split("/")]))
    return out


def test_every_package_and_data_folder_is_declared() -> None:
    packages, dirs = _declared()
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for top in ("kg", "loaders")
        for init in (ROOT / top).rglob("__init__.py")
    }
    assert on_disk | set(DATA_PACKAGES) | (_data_folders() - GENERATED) == packages
    assert dirs == DATA_PACKAGES


def _run(args: list[str], env: dict[str, str], cwd: Path, timeout: float = 600) -> str:
    done = subprocess.run(
        args, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, f"{args} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.mark.neo4j
@pytest.mark.packaging
def test_installed_copy_starts_loads_and_serves(tmp_path: Path) -> None:
    if os.environ.get("NEO4J_URI"):
        pytest.skip("an external server is configured; this test runs the launcher")
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "KG_"))}
    env.pop("PYTHONPATH", None)
    _run([str(py), "-m", "pip", "install", "--quiet", str(ROOT)], env, outside, timeout=900)
    kg = str(env_dir / "bin" / "kg")
    env |= {
        "KG_HOME": str(tmp_path / "home"),
        "KG_BOLT_PORT": str(free_port()),
        "KG_HTTP_PORT": str(free_port()),
        "KG_API_PORT": str(free_port()),
        "KG_NLP_PORT": str(free_port()),
        "KG_NLP_HEAP": "2g",
        "KG_NEO4J_HEAP": "512m",
        "KG_NEO4J_PAGECACHE": "128m",
    }
    where = _run([str(py), "-c", "import loaders.resources as r; print(r.SEEDS_DIR)"], env, outside)
    assert Path(where.strip()).is_relative_to(env_dir), where
    try:
        _run([kg, "neo4j", "start"], env, outside)
        _run([kg, "nlp", "start"], env, outside)
        _run([kg, "db", "init"], env, outside)
        _run([kg, "load", "seeds"], env, outside)
        _run([kg, "serve", "--detach"], env, outside)
        query = json.dumps({"query": "{ stats { documents events claims } }"}).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{env['KG_API_PORT']}/graphql",
            data=query,
            headers={"content-type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as resp:
            stats = json.loads(resp.read())["data"]["stats"]
        assert stats["documents"] == 5 and stats["events"] > 0 and stats["claims"] > 0
    finally:
        subprocess.run([kg, "serve", "--stop"], env=env, cwd=outside, check=False, timeout=60)
        subprocess.run([kg, "nlp", "stop"], env=env, cwd=outside, check=False, timeout=120)
        subprocess.run([kg, "neo4j", "stop"], env=env, cwd=outside, check=False, timeout=120)
        shutil.rmtree(env_dir, ignore_errors=True)

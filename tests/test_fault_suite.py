"""The fault suite: `kill -9` of the loader and of Neo4j at random points of an article load,
then the checks that must hold after any crash (no half-written document, no orphan, aggregates
equal to their claims) and a re-run that must give the graph of a clean load, to the digest.

CI runs a few rounds (``KG_FAULT_ROUNDS``, default 2 loader kills and 1 server kill, seeded by
``KG_FAULT_SEED``); ``make fault`` runs more and its last result is in docs/benchmarks.md."""

from __future__ import annotations

import importlib.util
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.config import Settings
from kg.cypher import wipe_statements
from kg.ops.neo4j import launcher
from kg.store import GraphStore
from tests.graph_fingerprint import consistency_problems, counts, fingerprint
from tests.private_neo4j import env_of

pytestmark = pytest.mark.neo4j

ROUNDS = int(os.environ.get("KG_FAULT_ROUNDS", "2"))
SEED = int(os.environ.get("KG_FAULT_SEED", "20"))
ARTICLES = 20
KG = str(Path(sys.executable).with_name("kg"))


def _corpus(folder: Path, articles: int = ARTICLES) -> Path:
    """Articles from the project's own generator (bench/gen_articles.py), seeded."""
    path = Path(__file__).resolve().parents[1] / "bench" / "gen_articles.py"
    spec = importlib.util.spec_from_file_location("gen_articles", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    module.generate(folder, articles, SEED, seeds)
    return folder


def _loader(cfg: Settings, corpus: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in {**os.environ, **env_of(cfg)}.items() if v is not None}
    env.pop("NEO4J_URI", None)
    return subprocess.Popen(
        [KG, "load", "articles", str(corpus)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wipe(store: GraphStore) -> None:
    for query, _ in wipe_statements():
        store.run_autocommit(query)


def _load(cfg: Settings, corpus: Path) -> None:
    proc = _loader(cfg, corpus)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()


def _documents(store: GraphStore) -> int:
    return int(store.read("MATCH (d:Document) RETURN count(d) AS n")[0]["n"])


def _kill_during_load(cfg: Settings, corpus: Path, store: GraphStore, after: int, what: str) -> int:
    """Start a load, wait until it has written ``after`` documents, then kill the loader or the
    server with SIGKILL at once; returns the documents stored before the kill.

    The kill point is a document count, not a delay: how long a document takes depends on the
    machine, and a delay that lands mid-load on a busy machine lands after the end on a fast one.
    """
    proc = _loader(cfg, corpus)
    deadline = time.monotonic() + 120
    while _documents(store) < after:
        assert proc.poll() is None, "the load ended before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    if what == "loader":
        proc.send_signal(signal.SIGKILL)
    else:
        pid = launcher.status(cfg).pid
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
    proc.wait(timeout=60)
    if what == "neo4j":
        launcher.start(cfg)
        store.wait_until_ready()
    return _documents(store)


@pytest.fixture(scope="module")
def clean_load(
    private_neo4j: Settings, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, str, dict[str, int]]:
    corpus = _corpus(tmp_path_factory.mktemp("fault-corpus"))
    with GraphStore.from_settings(private_neo4j) as store:
        _wipe(store)
        _load(private_neo4j, corpus)
        assert consistency_problems(store) == []
        return corpus, fingerprint(store), counts(store)


def _rounds() -> list[tuple[str, int]]:
    return [("loader", i) for i in range(ROUNDS)] + [
        ("neo4j", i) for i in range(max(1, ROUNDS // 2))
    ]


@pytest.mark.parametrize(("what", "round_"), _rounds(), ids=lambda v: str(v))
def test_a_kill_leaves_whole_documents_and_a_rerun_equals_a_clean_load(
    private_neo4j: Settings, clean_load: tuple[Path, str, dict[str, int]], what: str, round_: int
) -> None:
    corpus, clean, clean_counts = clean_load
    rng = random.Random(f"{SEED}-{what}-{round_}")
    with GraphStore.from_settings(private_neo4j) as store:
        _wipe(store)
        after = rng.randint(1, ARTICLES // 2)
        stored = _kill_during_load(private_neo4j, corpus, store, after, what)
        assert 1 <= stored < ARTICLES, f"kill at {stored} documents tests nothing"
        assert consistency_problems(store) == []
        _load(private_neo4j, corpus)
        assert consistency_problems(store) == []
        assert counts(store) == clean_counts
        assert fingerprint(store) == clean
        print(
            f"fault {what} round {round_}: killed after {stored}/{ARTICLES} documents; re-run equal"
        )

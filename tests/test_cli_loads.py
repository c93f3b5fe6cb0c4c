"""The load commands as a user runs them (a separate process on the session's Neo4j): Ctrl-C
prints what was done, an empty input is a warning with a non-zero exit, the driver's
notifications stay quiet, and a routing URI (neo4j://) works for reads and writes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.config import Settings
from kg.store import GraphStore
from tests.graph_fingerprint import consistency_problems
from tests.test_fault_suite import _corpus
from tests.test_robust_loads import cli_env

pytestmark = pytest.mark.neo4j

KG = str(Path(sys.executable).with_name("kg"))


def _run(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **cli_env(settings)}
    return subprocess.run([KG, *args], env=env, capture_output=True, text=True, timeout=600)


def _ctrl_c_delivered() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_prints_the_summary_so_far_and_leaves_whole_documents(
    clean_store: GraphStore, neo4j_settings: Settings, tmp_path: Path
) -> None:
    # Enough articles that the load cannot finish between the poll that sees two stored
    # and the signal, however fast the machine (parses may be cached).
    corpus = _corpus(tmp_path / "corpus", articles=100)
    env = {**os.environ, **cli_env(neo4j_settings)}
    proc = subprocess.Popen(
        [KG, "load", "articles", str(corpus)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # A test session started in the background of a non-interactive shell inherits Ctrl-C
        # ignored, and so would the loader: it must get the signal like a user's terminal.
        preexec_fn=_ctrl_c_delivered,
    )
    deadline = time.monotonic() + 120
    while clean_store.read("MATCH (d:Document) RETURN count(d) AS n")[0]["n"] < 2:
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Load summary (interrupted)" in out and "files not reached" in out
    assert "interrupted:" in err and "Traceback" not in err
    loaded = next(int(line.split()[-2]) for line in out.splitlines() if "files loaded" in line)
    stored = clean_store.read("MATCH (d:Document) RETURN count(d) AS n")[0]["n"]
    assert loaded == stored and stored >= 2
    assert consistency_problems(clean_store) == []


def test_an_empty_folder_is_a_warning_and_a_non_zero_exit(
    clean_store: GraphStore, neo4j_settings: Settings, tmp_path: Path
) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    result = _run(neo4j_settings, "load", "articles", str(tmp_path))
    assert result.returncode == 1
    assert "no article files" in result.stderr and "Load summary" not in result.stdout


def test_the_first_seed_load_on_an_empty_database_prints_no_driver_notifications(
    clean_store: GraphStore, neo4j_settings: Settings
) -> None:
    result = _run(neo4j_settings, "load", "seeds")
    assert result.returncode == 0, result.stderr
    assert "notification" not in result.stderr.lower()
    assert len(result.stderr) < 500, result.stderr[:2000]


def test_a_routing_uri_reads_through_execute_read_and_writes(
    clean_store: GraphStore, neo4j_settings: Settings
) -> None:
    uri = neo4j_settings.bolt_uri.replace("bolt://", "neo4j://", 1)
    with GraphStore(
        uri, neo4j_settings.neo4j_user, neo4j_settings.password, neo4j_settings.neo4j_database
    ) as store:
        store.check_reachable()
        store.write([("CREATE (:Source {iri: 'urn:test:routed', id: 'routed'})", {})])
        rows = store.read("MATCH (s:Source {iri: 'urn:test:routed'}) RETURN s.id AS id")
        assert rows == [{"id": "routed"}]
        assert store.server_info()["version"].startswith("5.26")

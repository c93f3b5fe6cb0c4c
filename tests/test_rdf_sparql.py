"""The documented SPARQL query runs on the seed export loaded into Oxigraph."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest

from kg.config import Settings
from kg.rdf.export import export_to_file
from kg.stats import graph_stats
from kg.store import GraphStore
from tests.rdf_seed_graph import load_seed_graph

QUERY = Path(__file__).resolve().parent.parent / "docs" / "sparql" / "who-attacked-whom.rq"


@pytest.mark.neo4j
def test_who_attacked_whom_runs_on_the_seed_export(
    clean_store: GraphStore, neo4j_settings: Settings, tmp_path: Path
) -> None:
    load_seed_graph(clean_store, neo4j_settings)
    dump = tmp_path / "kg.nq"
    export_to_file(clean_store, neo4j_settings.namespace, "nquads", dump)
    store = pyoxigraph.Store()
    store.bulk_load(path=str(dump), format=pyoxigraph.RdfFormat.N_QUADS)
    solutions = store.query(QUERY.read_text(), use_default_graph_as_union=True)
    assert isinstance(solutions, pyoxigraph.QuerySolutions)
    names = [v.value for v in solutions.variables]
    rows = [dict(zip(names, row, strict=True)) for row in solutions]
    if graph_stats(clean_store)["Event"] == 0:
        assert rows == []
        return
    assert rows
    for row in rows:
        assert row["attacker"] is not None and row["attacker"].value
        assert row["source"] is not None and row["source"].value
        assert row["event"] is not None and "/event/" in row["event"].value

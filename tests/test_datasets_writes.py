"""The claim-centric dataset statements on a real Neo4j: CREATE and MERGE write exactly what an
ordinary validated GraphBatch writes, and a load MERGEs onto the nodes a row left behind."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from kg.config import Settings
from kg.ingest.datasets import LoadOptions, load_dataset
from kg.ingest.reference import load_reference
from kg.store import GraphStore
from loaders.datasets import acled
from loaders.resources import SEEDS_DIR

pytestmark = pytest.mark.neo4j
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def cfg(neo4j_settings: Settings, tmp_path: Path) -> Settings:
    """The session's server with a home of its own, so checkpoints never leak between tests."""
    return neo4j_settings.model_copy(update={"kg_home": tmp_path / "home"})


def _copy(name: str, tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / name
    shutil.copy(FIXTURES / name, target)
    return target


def _dump(store: GraphStore) -> tuple[dict[str, Any], Counter[tuple[str, str, str]]]:
    """Nodes with their labels and properties; relationships counted (a duplicate shows)."""
    nodes = store.read("MATCH (n) RETURN n.iri AS iri, labels(n) AS labels, n {.*} AS props")
    rels = store.read("MATCH (a)-[r]->(b) RETURN a.iri AS a, type(r) AS t, b.iri AS b")
    return (
        {n["iri"]: (sorted(n["labels"]), n["props"]) for n in nodes},
        Counter((r["a"], r["t"], r["b"]) for r in rels),
    )


@pytest.mark.parametrize("statement", ["create", "merge"])
def test_claim_statement_writes_what_the_generic_batch_writes(
    clean_store: GraphStore, cfg: Settings, statement: str
) -> None:
    """The claim-centric statements are an optimisation: the same rows written as an ordinary
    validated GraphBatch must give exactly the same nodes, properties and relationships."""
    import csv as csv_module

    from kg.cypher import batch_statements
    from kg.ingest.dataset_cypher import create_claim_records, merge_claim_records
    from loaders.datasets import ucdp
    from loaders.datasets.aliases import read_alias_table, read_type_table
    from loaders.datasets.common import RowReject, normalise_header
    from loaders.datasets.graph import rows_batch
    from loaders.datasets.mapped import map_row
    from loaders.datasets.resolve import Resolver
    from loaders.graph.vocabulary import EVENT_TYPES

    ref = load_reference(clean_store, cfg)
    resolver = Resolver(
        ref,
        read_alias_table(SEEDS_DIR / "dataset_actor_aliases.yaml", ref),
        read_type_table(SEEDS_DIR / "dataset_event_types.yaml", EVENT_TYPES),
    )
    mapped = []
    with (FIXTURES / "ucdp_small.csv").open(newline="", encoding="utf-8") as fh:
        reader = csv_module.reader(fh)
        header = normalise_header(next(reader))
        for i, cells in enumerate(reader):
            try:
                m = map_row(ucdp.parse_row(dict(zip(header, cells, strict=True)), i + 2), resolver)
            except RowReject:
                continue
            if m is not None:
                mapped.append(m)
    batch = rows_batch(mapped, cfg.namespace)
    assert len(batch.claims) == 12
    # Two spellings of one actor or source in a row resolve to the same node: one link each.
    for record in batch.claims:
        for key in ("participants", "targets", "sources"):
            record[key] = record[key] * 2
        for figure in record["figures"]:
            figure["groups"] = figure["groups"] * 2
    assert any(f["groups"] for record in batch.claims for f in record["figures"])
    build = create_claim_records if statement == "create" else merge_claim_records
    clean_store.write([*batch_statements(batch.shared), build(batch.claims)])
    fast = _dump(clean_store)
    clean_store.run_autocommit("MATCH (n) DETACH DELETE n")
    load_reference(clean_store, cfg)
    clean_store.write_batch(batch.to_graph_batch())
    assert _dump(clean_store) == fast


def test_rows_whose_nodes_exist_are_merged_the_others_created(
    clean_store: GraphStore, cfg: Settings, tmp_path: Path
) -> None:
    """A claim deleted after a load leaves its document and figure behind: the next load must
    MERGE onto them (a CREATE would break their uniqueness constraints) and create the claims
    that are missing, giving the graph of a clean load."""
    path = _copy("acled_small.csv", tmp_path)
    load_dataset(clean_store, cfg, path, acled.FORMAT, LoadOptions(rules=None))
    full = _dump(clean_store)
    clean_store.run_autocommit(
        "MATCH (c:Claim) WHERE c.id IN ['acled-syr1014', 'acled-syr1001'] DETACH DELETE c"
    )
    clean_store.run_autocommit(
        "MATCH (c:Claim {id: 'acled-syr1002'})-[:REPORTS]->(f) DETACH DELETE c, f"
    )
    # Entirely gone: created anew in a chunk whose other rows are merged.
    clean_store.run_autocommit(
        "MATCH (d)<-[:DERIVED_FROM]-(c:Claim {id: 'acled-syr1003'})-[:REPORTS]->(f)"
        " DETACH DELETE c, d, f"
    )
    load_dataset(clean_store, cfg, path, acled.FORMAT, LoadOptions(rules=None))
    assert _dump(clean_store) == full

"""The seed graph for the RDF tests: ``kg load seeds`` through ``kg.ingest.articles.load_seeds``."""

from __future__ import annotations

from kg.config import Settings
from kg.cypher import delete_all
from kg.ingest.articles import load_seeds
from kg.store import GraphStore


def load_seed_graph(store: GraphStore, settings: Settings) -> None:
    """Wipe, then load the seeds."""
    store.run_autocommit(delete_all()[0])
    report = load_seeds(store, settings)
    assert report.ok, report.failures

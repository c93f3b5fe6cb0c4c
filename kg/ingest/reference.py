"""Reference data into the store: actors, places and sources, and the event type vocabulary.

Every load writes these first (each write is idempotent), so that claims always find the nodes
they link to.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from kg import changes
from kg.config import Settings
from kg.dataset import bind_namespace
from kg.store import GraphStore
from loaders.event_types import event_type_batch
from loaders.graph.batch import GraphBatch
from loaders.reference import ReferenceData, read_reference, reference_batch
from loaders.resources import SEEDS_DIR


def load_reference(
    store: GraphStore, settings: Settings, seeds_dir: Path = SEEDS_DIR
) -> ReferenceData:
    """Validate and write actors, places and sources (one transaction), under the dataset's
    namespace."""
    ref = read_reference(seeds_dir)
    settings = bind_namespace(store, settings)
    batch = reference_batch(ref, settings.namespace)
    store.write_batch(batch)
    changes.record_reference(settings, "reference", _digest(batch))
    return ref


def load_event_types(store: GraphStore, settings: Settings) -> None:
    """Write the event type vocabulary: SKOS concepts and their BROADER links."""
    batch = event_type_batch(settings.namespace)
    store.write_batch(batch)
    changes.record_reference(settings, "event-types", _digest(batch))


def _digest(batch: GraphBatch) -> str:
    """What the batch writes, as a digest: the SPARQL snapshot re-reads the reference data
    only when it changed (``kg.changes.record_reference``)."""
    text = repr((sorted(map(repr, batch.nodes)), sorted(map(repr, batch.rels))))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

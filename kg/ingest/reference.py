"""Reference data into the store: actors, places and sources, and the event type vocabulary.

Every load writes these first (each write is idempotent), so that claims always find the nodes
they link to.
"""

from __future__ import annotations

from pathlib import Path

from kg.config import Settings
from kg.dataset import bind_namespace
from kg.store import GraphStore
from loaders.event_types import event_type_batch
from loaders.reference import ReferenceData, read_reference, reference_batch
from loaders.resources import SEEDS_DIR


def load_reference(
    store: GraphStore, settings: Settings, seeds_dir: Path = SEEDS_DIR
) -> ReferenceData:
    """Validate and write actors, places and sources (one transaction), under the dataset's
    namespace."""
    ref = read_reference(seeds_dir)
    settings = bind_namespace(store, settings)
    store.write_batch(reference_batch(ref, settings.namespace))
    return ref


def load_event_types(store: GraphStore, settings: Settings) -> None:
    """Write the event type vocabulary: SKOS concepts and their BROADER links."""
    store.write_batch(event_type_batch(settings.namespace))

"""Node counts per label: what `kg db stats`, the load summaries and the tests report."""

from __future__ import annotations

from kg.cypher import count_by_label
from kg.store import GraphStore

STAT_LABELS = ("Document", "Actor", "Place", "Source", "Event", "Claim", "ControlClaim")


def graph_stats(store: GraphStore) -> dict[str, int]:
    query, params = count_by_label(STAT_LABELS)
    rows = store.read(query, params)
    return {k: int(v) for k, v in rows[0].items()}

"""What two graphs must share to be the same data: every node's labels, IRI and properties and
every relationship, as one digest, plus the checks that no load may ever break."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from kg.store import GraphStore

BOOKKEEPING = ("resolutionSeq", "sourcePath", "location")
"""Properties that are not content: place lock counters, where a file was read, and the point
derived from lat/lon (an RDF import derives it again)."""


def _plain(value: Any) -> Any:
    """A property value as comparable data; lists as sorted sets (RDF keeps no order)."""
    if isinstance(value, list):
        return sorted({json.dumps(_plain(v), sort_keys=True) for v in value})
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)


def fingerprint(store: GraphStore, skip: tuple[str, ...] = BOOKKEEPING) -> str:
    nodes = store.read("MATCH (n) RETURN labels(n) AS labels, n.iri AS iri, properties(n) AS props")
    rels = store.read("MATCH (a)-[r]->(b) RETURN a.iri AS a, type(r) AS t, b.iri AS b")
    items = sorted(
        json.dumps(
            [sorted(n["labels"]), n["iri"],
             {k: _plain(v) for k, v in sorted(n["props"].items())
              if k not in skip and v not in (None, [])}],
            sort_keys=True, default=str,
        )
        for n in nodes
    )  # fmt: skip
    items += sorted(f"{r['a']} {r['t']} {r['b']}" for r in rels)
    return hashlib.sha256("\n".join(items).encode()).hexdigest()


def counts(store: GraphStore) -> dict[str, int]:
    rows = store.read("MATCH (n) UNWIND labels(n) AS l RETURN l, count(*) AS n")
    out = {r["l"]: r["n"] for r in rows}
    out["relationships"] = store.read("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
    return out


def consistency_problems(store: GraphStore) -> list[str]:
    """No half-written document, no orphan: what must hold after any crash."""
    checks = {
        "document without text or hash (half written)": (
            "MATCH (d:Document) WHERE d.sha256 IS NULL OR d.text IS NULL RETURN d.iri AS x"
        ),
        "claim without its document": (
            "MATCH (c) WHERE (c:Claim OR c:ControlClaim) AND NOT (c)-[:DERIVED_FROM]->(:Document)"
            " RETURN c.iri AS x"
        ),
        "event without a supporting claim": (
            "MATCH (e:Event) WHERE NOT (e)<-[:SUPPORTS]-(:Claim) RETURN e.iri AS x"
        ),
        "casualty figure without its claim": (
            "MATCH (f:CasualtyFigure) WHERE NOT (f)<-[:REPORTS]-() RETURN f.iri AS x"
        ),
        "event whose claim count disagrees with its claims": (
            "MATCH (e:Event) WHERE e.claimCount <> COUNT { (e)<-[:SUPPORTS]-(:Claim) }"
            " RETURN e.iri AS x"
        ),
    }
    problems = []
    for what, query in checks.items():
        found = store.read(query)
        if found:
            problems.append(f"{len(found)} {what}, e.g. {found[0]['x']}")
    return problems

"""A realistic, deterministic conflict graph of any size, as GraphBatch chunks.

Used by the RDF benchmark and by the round-trip tests: actors, places (some without
coordinates), sources, the event-type scheme, documents, events with typed roles, one or two
claims per event (with quotes holding quotes, backslashes, newlines and non-ASCII text),
casualty figures and control claims. Roughly 45 triples per event. Events say what their
claims say (roles, span, label, counts), as the event resolver would have made them, so that an
import, which recomputes them, gives them back unchanged.

    python bench/gen_rdf_graph.py --events 20000   # writes to the configured Neo4j
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

from kg.ingest.event_aggregates import event_label
from loaders.graph.batch import GraphBatch, NodeRow
from loaders.graph.mapping import instance_iri
from loaders.graph.vocabulary import (
    ACTOR_TYPES,
    DATE_PRECISIONS,
    EVENT_TYPES,
    PLACE_TYPES,
    QUALIFIERS,
    SOURCE_TYPES,
)

N_ACTORS = 40
N_PLACES = 120
N_SOURCES = 15
EVENTS_PER_DOCUMENT = 4
START = dt.date(2017, 1, 1)
QUOTES = (
    'Fighters of the "organization" attacked positions near {place}',
    "Clashes continued in {place} — at least {n} killed\nsaid the Observatory",
    "Coalition aircraft struck {place}; back\\slash and tab\tkept",
    "Les forces ont repris {place} à l'aube, selon l'AFP",
    "قصف على {place}",
)


def _iri(base: str, label: str, ident: str) -> str:
    return instance_iri(base, label, ident)


def reference(base: str, n_documents: int) -> GraphBatch:
    """Actors, places, sources, event types, one extraction and the documents."""
    rng = random.Random(1)
    b = GraphBatch()
    for i in range(N_ACTORS):
        a = _iri(base, "Actor", f"actor-{i:03d}")
        b.add_node(
            "Actor",
            a,
            id=f"actor-{i:03d}",
            name=f"Actor {i}",
            aliases=[f"A{i}", f"the group {i}"],
            actorType=ACTOR_TYPES[i % len(ACTOR_TYPES)],
            wikidata=f"Q{1000 + i}" if i % 3 == 0 else None,
        )
        if i >= 5:
            b.add_rel("PART_OF", "Actor", a, "Actor", _iri(base, "Actor", f"actor-{i % 5:03d}"))
    for i in range(N_PLACES):
        p = _iri(base, "Place", f"place-{i:03d}")
        located = i % 7 != 0
        b.add_node(
            "Place",
            p,
            id=f"place-{i:03d}",
            name=f"Place {i}",
            aliases=[f"P{i}"],
            placeType=PLACE_TYPES[i % len(PLACE_TYPES)],
            lat=round(33 + rng.random() * 4, 5) if located else None,
            lon=round(36 + rng.random() * 6, 5) if located else None,
            locationUnknown=not located,
            geonames=str(160000 + i) if i % 4 == 0 else None,
        )
        if i >= 10:
            b.add_rel("PART_OF", "Place", p, "Place", _iri(base, "Place", f"place-{i % 10:03d}"))
    for i in range(N_SOURCES):
        b.add_node(
            "Source",
            _iri(base, "Source", f"source-{i:02d}"),
            id=f"source-{i:02d}",
            name=f"Source {i}",
            sourceType=SOURCE_TYPES[i % len(SOURCE_TYPES)],
            url=f"https://source{i}.example/",
        )
    for i, et in enumerate(EVENT_TYPES):
        b.add_node("EventType", _iri(base, "EventType", et), id=et, name=et.replace("_", " "))
        if i > 1:
            b.add_rel(
                "BROADER",
                "EventType",
                _iri(base, "EventType", et),
                "EventType",
                _iri(base, "EventType", "attack"),
            )
    b.add_node(
        "Extraction", _iri(base, "Extraction", "rules-1"), id="rules-1", method="rules", version="1"
    )
    for d in range(n_documents):
        doc = _iri(base, "Document", f"doc-{d:05d}")
        b.add_node(
            "Document",
            doc,
            id=f"doc-{d:05d}",
            title=f"Report {d}",
            datePublished=(START + dt.timedelta(days=d % 900)).isoformat(),
            datePrecision="day",
            documentType="NewsArticle",
            # No text: the generated quotes are not cut from one, and the shapes check a
            # quote against the text at its offsets whenever a text is given.
            sha256=f"{d:064x}",
            language="en",
        )
        b.add_rel(
            "PUBLISHED_BY", "Document", doc, "Source", _iri(base, "Source", f"source-{d % 5:02d}")
        )
    return b


def _claim(
    b: GraphBatch, base: str, rng: random.Random, i: int, k: int, roles: dict[str, Any]
) -> None:
    cid = f"cl-{i:06d}-{k}"
    c = _iri(base, "Claim", cid)
    quote = rng.choice(QUOTES).format(place=roles["place_name"], n=rng.randint(1, 90))
    start = rng.randint(0, 500)
    b.add_node(
        "Claim",
        c,
        id=cid,
        quote=quote,
        startOffset=start,
        endOffset=start + len(quote),
        startDate=roles["date"],
        endDate=roles["date"],
        datePrecision="day",
        confidence=round(0.5 + rng.random() / 2, 3),
        rule=f"rule-{k}",
    )
    doc = _iri(base, "Document", f"doc-{(i // EVENTS_PER_DOCUMENT + k) % roles['n_docs']:05d}")
    b.add_rel("SUPPORTS", "Claim", c, "Event", roles["event"])
    b.add_rel("DERIVED_FROM", "Claim", c, "Document", doc)
    b.add_rel("ATTRIBUTED_TO", "Claim", c, "Source", roles["source"])
    b.add_rel("GENERATED_BY", "Claim", c, "Extraction", _iri(base, "Extraction", "rules-1"))
    b.add_rel("HAS_TYPE", "Claim", c, "EventType", roles["type"])
    b.add_rel("ATTACKER", "Claim", c, "Actor", roles["attacker"])
    b.add_rel("TARGET", "Claim", c, "Actor", roles["target"])
    b.add_rel("OCCURRED_AT", "Claim", c, "Place", roles["place"])
    if rng.random() < 0.5:
        f = _iri(base, "CasualtyFigure", f"{cid}-killed")
        q = rng.choice(QUALIFIERS)
        b.add_node(
            "CasualtyFigure",
            f,
            id=f"{cid}-killed",
            count=rng.randint(1, 200),
            maxCount=None,
            qualifier=q,
            casualtyKind="killed",
            groupLabel="members of the group",
        )
        b.add_rel("REPORTS", "Claim", c, "CasualtyFigure", f)
        b.add_rel("COUNTS", "CasualtyFigure", f, "Actor", roles["target"])


def _control(b: GraphBatch, base: str, i: int, roles: dict[str, Any]) -> None:
    cid = f"cc-{i:06d}"
    c = _iri(base, "ControlClaim", cid)
    b.add_node(
        "ControlClaim",
        c,
        id=cid,
        quote=f"{roles['place_name']} is under the control of the group",
        startDate=roles["date"],
        datePrecision="month",
        confidence=0.8,
    )
    b.add_rel("CONTROLLER", "ControlClaim", c, "Actor", roles["attacker"])
    b.add_rel("CONTROLLED_PLACE", "ControlClaim", c, "Place", roles["place"])
    doc = _iri(base, "Document", f"doc-{(i // EVENTS_PER_DOCUMENT) % roles['n_docs']:05d}")
    b.add_rel("DERIVED_FROM", "ControlClaim", c, "Document", doc)
    b.add_rel("ATTRIBUTED_TO", "ControlClaim", c, "Source", roles["source"])


def events(
    base: str, n_events: int, chunk: int, n_docs: int, max_claims: int = 2
) -> Iterator[GraphBatch]:
    rng = random.Random(6)
    b = GraphBatch()
    for i in range(n_events):
        eid = f"ev-{i:06d}"
        e = _iri(base, "Event", eid)
        day = START + dt.timedelta(days=i % 900)
        place_no = rng.randrange(N_PLACES)
        type_id = EVENT_TYPES[i % (len(EVENT_TYPES) - 1)]
        roles: dict[str, Any] = {
            "event": e,
            "date": day,
            "n_docs": n_docs,
            "type": _iri(base, "EventType", type_id),
            "attacker": _iri(base, "Actor", f"actor-{rng.randrange(N_ACTORS):03d}"),
            "target": _iri(base, "Actor", f"actor-{rng.randrange(N_ACTORS):03d}"),
            "place": _iri(base, "Place", f"place-{place_no:03d}"),
            "place_name": f"Place {place_no}",
            "source": _iri(base, "Source", f"source-{rng.randrange(N_SOURCES):02d}"),
        }
        n_claims = 1 + (i % max_claims)
        # NodeRow directly: the Event property "label" would clash with add_node's argument.
        props = {
            "id": eid,
            "label": event_label([type_id], [f"Place {place_no}"], day),
            "startDate": day,
            "endDate": day,
            "datePrecision": DATE_PRECISIONS[0],
            "sourceCount": 1,
            "claimCount": n_claims,
        }
        b.nodes.append(NodeRow(label="Event", iri=e, props=props))
        for rel in ("ATTACKER", "TARGET"):
            b.add_rel(rel, "Event", e, "Actor", roles[rel.lower()])
        b.add_rel("HAS_TYPE", "Event", e, "EventType", roles["type"])
        b.add_rel("OCCURRED_AT", "Event", e, "Place", roles["place"])
        for k in range(n_claims):
            _claim(b, base, rng, i, k, roles)
        if i % 10 == 0:
            _control(b, base, i, roles)
        if (i + 1) % chunk == 0:
            yield b
            b = GraphBatch()
    if b.nodes:
        yield b


def generate(
    base: str, n_events: int, chunk: int = 2000, max_claims: int = 2
) -> Iterator[GraphBatch]:
    """The reference batch, then events with their claims in chunks of ``chunk`` events;
    event ``i`` has ``1 + i % max_claims`` claims."""
    n_docs = max(1, n_events // EVENTS_PER_DOCUMENT)
    yield reference(base, n_docs)
    yield from events(base, n_events, chunk, n_docs, max_claims)


def write_graph(store: object, base: str, n_events: int, max_claims: int = 2) -> None:
    """Write a generated graph through ``GraphStore.write_batch`` (one transaction a chunk)."""
    for batch in generate(base, n_events, max_claims=max_claims):
        store.write_batch(batch)  # type: ignore[attr-defined]


def main() -> None:
    from kg.config import load_settings
    from kg.store import GraphStore

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=10_000)
    args = parser.parse_args()
    cfg = load_settings()
    with GraphStore.from_settings(cfg) as store:
        write_graph(store, cfg.namespace, args.events)


if __name__ == "__main__":
    main()

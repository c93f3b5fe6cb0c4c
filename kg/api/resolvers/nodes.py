"""Pure Cypher builders for batched look-ups and traversals (one round trip per batch).

Every builder takes a list of keys as ``$keys`` and returns one row per key found, so that a
DataLoader can answer all the parents of a GraphQL field with one query. Claims are projected
together with their source, document, publisher, extraction, event and casualty figures: a
claim is small, and fetching its provenance with it keeps nested requests to one round trip.
"""

from __future__ import annotations

from typing import Any

from kg.api.queries import ORDERS, Statement, lucene_terms, projection, q

ROLE_RELS = {"ATTACKER": "ATTACKER", "TARGET": "TARGET", "PARTICIPANT": "PARTICIPANT"}


def claim_projection(var: str) -> str:
    """A claim with its provenance and casualty figures, as one nested map."""
    c = var
    src, doc, act = q("Source"), q("Document"), q("Actor")
    return (
        f"{projection(c, 'Claim')[:-1]},"
        f" labels: labels({c}),"
        f" source: head([({c})-[:{q('ATTRIBUTED_TO')}]->(s:{src}) | {projection('s', 'Source')}]),"
        f" document: head([({c})-[:{q('DERIVED_FROM')}]->(d:{doc}) | {document_projection('d')}]),"
        f" extraction: head([({c})-[:{q('GENERATED_BY')}]->(x:{q('Extraction')})"
        f" | {projection('x', 'Extraction')}]),"
        f" event: head([({c})-[:{q('SUPPORTS')}]->(ev:{q('Event')}) | ev.iri]),"
        f" types: [({c})-[:{q('HAS_TYPE')}]->(t:{q('EventType')}) | t.id],"
        f" controllers: [({c})-[:{q('CONTROLLER')}]->(a:{act}) | {projection('a', 'Actor')}],"
        f" controlledPlaces: [({c})-[:{q('CONTROLLED_PLACE')}]->(p:{q('Place')})"
        f" | {projection('p', 'Place')}],"
        f" casualties: [({c})-[:{q('REPORTS')}]->(f:{q('CasualtyFigure')})"
        f" | {projection('f', 'CasualtyFigure')[:-1]},"
        f" group: head([(f)-[:{q('COUNTS')}]->(g:{act}) | {projection('g', 'Actor')}])}}]}}"
    )


def document_projection(var: str) -> str:
    """A document (without its text) and its publisher."""
    return (
        f"{projection(var, 'Document')[:-1]}, publisher: head([({var})"
        f"-[:{q('PUBLISHED_BY')}]->(pub:{q('Source')}) | {projection('pub', 'Source')}])}}"
    )


def node_projection(var: str, label: str) -> str:
    if label in ("Claim", "ControlClaim"):
        return claim_projection(var)
    if label == "Document":
        return document_projection(var)
    return projection(var, label)


def nodes_by(label: str, key: str) -> str:
    """Nodes of one label by ``id`` or ``iri`` (``key``); one row per key found."""
    if key not in ("id", "iri"):
        raise ValueError(f"nodes are looked up by id or iri, not {key!r}")
    return (
        f"UNWIND $keys AS k MATCH (n:{q(label)} {{{key}: k}})"
        f" RETURN k AS key, {node_projection('n', label)} AS node"
    )


def event_fields(e: str, roles: bool, claims: bool) -> list[str]:
    """Map-projection entries of an event's roles and claims, to fetch them with the event."""
    actor, place = q("Actor"), q("Place")
    parts: list[str] = []
    if roles:
        parts += [
            f"{name}: [({e})-[:{q(rel)}]->(a:{actor}) | {projection('a', 'Actor')}]"
            for rel, name in (
                ("ATTACKER", "attackers"),
                ("TARGET", "targets"),
                ("PARTICIPANT", "participants"),
            )
        ]
        parts.append(
            f"places: [({e})-[:{q('OCCURRED_AT')}]->(p:{place}) | {projection('p', 'Place')}]"
        )
        parts.append(
            f"types: [({e})-[:{q('HAS_TYPE')}]->(t:{q('EventType')})"
            f" | {projection('t', 'EventType')}]"
        )
    if claims:
        parts.append(
            f"claims: [({e})<-[:{q('SUPPORTS')}]-(c:{q('Claim')}) | {claim_projection('c')}]"
        )
    return parts


def event_roles() -> str:
    """Attackers, targets, participants, places and types of events, by event IRI."""
    fields = ", ".join(event_fields("e", roles=True, claims=False))
    match = f"UNWIND $keys AS k MATCH (e:{q('Event')} {{iri: k}})"
    return f"{match} RETURN k AS key, e {{{fields}}} AS roles"


def event_claims() -> str:
    """The claims supporting events, with their provenance, by event IRI."""
    fields = ", ".join(event_fields("e", roles=False, claims=True))
    match = f"UNWIND $keys AS k MATCH (e:{q('Event')} {{iri: k}})"
    return f"{match} RETURN k AS key, e {{{fields}}}.claims AS items"


def _limited(label: str, inner: str, item: str) -> str:
    return (
        f"UNWIND $keys AS k MATCH (n:{q(label)} {{iri: k}})"
        f" CALL (n) {{ {inner} LIMIT $limit RETURN collect({item}) AS items }}"
        " RETURN k AS key, items"
    )


def actor_events(role: str, subgroups: bool) -> str:
    """Events an actor (and, when asked, its subgroups) took part in, in one role or any."""
    rels = "|".join(q(r) for r in ROLE_RELS) if role == "ANY" else q(ROLE_RELS[role])
    hops = "*0.." if subgroups else "*0..0"
    inner = (
        f"MATCH (n)<-[:{q('PART_OF')}{hops}]-(:{q('Actor')})<-[:{rels}]-(e:{q('Event')})"
        f" WITH DISTINCT e ORDER BY {ORDERS['DATE_ASC']}"
    )
    return _limited("Actor", inner, projection("e", "Event"))


def place_events(subplaces: bool) -> str:
    """Events at a place (and, by default, at the places inside it)."""
    hops = "*0.." if subplaces else "*0..0"
    inner = (
        f"MATCH (n)<-[:{q('PART_OF')}{hops}]-(:{q('Place')})<-[:{q('OCCURRED_AT')}]-"
        f"(e:{q('Event')}) WITH DISTINCT e ORDER BY {ORDERS['DATE_ASC']}"
    )
    return _limited("Place", inner, projection("e", "Event"))


def children(label: str) -> str:
    """Direct parts of an actor (subgroups) or a place (sub-places), by name."""
    inner = f"MATCH (n)<-[:{q('PART_OF')}]-(x:{q(label)}) WITH x ORDER BY x.name, x.id"
    return _limited(label, inner, projection("x", label))


def parents(label: str) -> str:
    """What an actor or a place is directly part of."""
    inner = f"MATCH (n)-[:{q('PART_OF')}]->(x:{q(label)}) WITH x ORDER BY x.name, x.id"
    return _limited(label, inner, projection("x", label))


def claims_of(label: str) -> str:
    """Claims attributed to a source (or its affiliates), or read from a document."""
    if label == "Source":
        path = (
            f"(n)<-[:{q('AFFILIATED_WITH')}*0..]-(:{q('Source')})"
            f"<-[:{q('ATTRIBUTED_TO')}]-(c:{q('Claim')})"
        )
    else:
        path = f"(n)<-[:{q('DERIVED_FROM')}]-(c:{q('Claim')})"
    inner = f"MATCH {path} WITH DISTINCT c ORDER BY c.startDate, c.startOffset, c.id"
    return _limited(label, inner, claim_projection("c"))


def documents_of_source() -> str:
    inner = (
        f"MATCH (n)<-[:{q('PUBLISHED_BY')}]-(d:{q('Document')})"
        " WITH d ORDER BY d.datePublished, d.id"
    )
    return _limited("Source", inner, document_projection("d"))


SPAN_START = (
    "CASE WHEN c.startDate IS NOT NULL THEN c.startDate"
    " WHEN c.endDate IS NULL THEN null"
    " WHEN c.datePrecision = 'year' THEN date.truncate('year', c.endDate)"
    " WHEN c.datePrecision = 'month' THEN date.truncate('month', c.endDate)"
    " WHEN c.datePrecision = 'week' THEN c.endDate - duration('P6D')"
    " ELSE c.endDate END"
)
"""First day of a claim's span; a claim dated only by its end ("in 2018") spans its period."""


def control_at(place_id: str, at: Any) -> Statement:
    """Control claims about a place or a place containing it. With ``at``: the claims whose
    span contains that day or, when none does, the latest ones made before it (the last word
    known on that day). Without: all of them, latest first."""
    query = (
        f"MATCH (p:{q('Place')} {{id: $place}})-[:{q('PART_OF')}*0..]->(x:{q('Place')})"
        f"<-[:{q('CONTROLLED_PLACE')}]-(c:{q('ControlClaim')})"
        f" WITH DISTINCT c WITH c, {SPAN_START} AS s, coalesce(c.endDate, c.startDate) AS e"
        " WHERE $at IS NULL OR s <= $at"
        " WITH c, e, ($at IS NOT NULL AND e >= $at) AS holds"
        " ORDER BY holds DESC, e DESC, c.id"
        " WITH collect({c: c, holds: holds, e: e}) AS rows WITH rows, head(rows) AS top"
        " UNWIND rows AS r WITH r, top"
        " WHERE $at IS NULL OR r.holds OR (NOT top.holds AND r.e = top.e)"
        f" WITH r.c AS c RETURN {claim_projection('c')} AS node"
    )
    return query, {"place": place_id, "at": at}


def search(text: str, limit: int) -> Statement:
    """Full-text hits over names and aliases (kg_names) and quotes (kg_quotes), best first."""
    query = (
        "CALL () { CALL db.index.fulltext.queryNodes('kg_names', $text, {limit: $limit})"
        " YIELD node, score RETURN node, score UNION ALL"
        " CALL db.index.fulltext.queryNodes('kg_quotes', $text, {limit: $limit})"
        " YIELD node, score RETURN node, score }"
        " WITH node, score ORDER BY score DESC, node.id LIMIT $limit"
        " RETURN score, labels(node) AS labels,"
        f" CASE WHEN node:{q('Claim')} THEN {claim_projection('node')}"
        f" WHEN node:{q('Actor')} THEN {projection('node', 'Actor')}"
        f" WHEN node:{q('Place')} THEN {projection('node', 'Place')}"
        f" ELSE {projection('node', 'Source')} END AS node"
    )
    return query, {"text": lucene_terms(text), "limit": limit}

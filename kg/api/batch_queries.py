"""Pure Cypher builders for batched look-ups and traversals (one round trip per batch).

Every builder takes a list of keys as ``$keys`` and returns one row per key found, so that a
DataLoader can answer all the parents of a GraphQL field with one query. Claims are projected
together with their source, document, publisher, extraction, event and casualty figures: a
claim is small, and fetching its provenance with it keeps nested requests to one round trip.
The query texts depend on their arguments only and are cached.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from kg.api.queries import ORDERS, Statement, lucene_terms, projection, q

ROLE_RELS = {"ATTACKER": "ATTACKER", "TARGET": "TARGET", "PARTICIPANT": "PARTICIPANT"}


Shape = tuple[tuple[str, frozenset[str]], ...]
"""Per label, the fields a selection reads of its nodes (``kg.api.selection``): projections
then carry only those properties. A label not listed keeps all of them."""


def _only(shape: Shape, label: str) -> frozenset[str] | None:
    return next((keys for name, keys in shape if name == label), None)


CLAIM_PARTS = frozenset(
    {"source", "document", "extraction", "event", "types", "control", "casualties"}
)
"""What a claim projection can carry besides the claim's own properties and labels."""


@cache
def claim_projection(var: str, parts: frozenset[str] = CLAIM_PARTS, shape: Shape = ()) -> str:
    """A claim with the ``parts`` of its provenance and casualty figures, as one nested map.

    Look-ups fetch every part; the ``events`` page fetches only the parts its selection asks
    for, of the ``shape`` it reads, which spares Neo4j the expansions and the API the decoding
    of what nobody reads."""
    c = var
    src, doc, act = q("Source"), q("Document"), q("Actor")
    entries = {
        "source": f"source: head([({c})-[:{q('ATTRIBUTED_TO')}]->(s:{src})"
        f" | {projection('s', 'Source', _only(shape, 'Source'))}])",
        "document": f"document: head([({c})-[:{q('DERIVED_FROM')}]->(d:{doc})"
        f" | {document_projection('d', shape)}])",
        "extraction": f"extraction: head([({c})-[:{q('GENERATED_BY')}]->(x:{q('Extraction')})"
        f" | {projection('x', 'Extraction')}])",
        "event": f"event: head([({c})-[:{q('SUPPORTS')}]->(ev:{q('Event')}) | ev.iri])",
        "types": f"types: [({c})-[:{q('HAS_TYPE')}]->(t:{q('EventType')}) | t.id]",
        "control": f"controllers: [({c})-[:{q('CONTROLLER')}]->(a:{act})"
        f" | {projection('a', 'Actor')}], controlledPlaces: [({c})-[:{q('CONTROLLED_PLACE')}]"
        f"->(p:{q('Place')}) | {projection('p', 'Place')}]",
        "casualties": f"casualties: [({c})-[:{q('REPORTS')}]->(f:{q('CasualtyFigure')})"
        f" | {projection('f', 'CasualtyFigure')[:-1]},"
        f" group: head([(f)-[:{q('COUNTS')}]->(g:{act}) | {projection('g', 'Actor')}])}}]",
    }
    chosen = [entry for part, entry in entries.items() if part in parts]
    own = projection(c, "Claim", _only(shape, "Claim"))[:-1]
    return f"{own}, " + ", ".join([f"labels: labels({c})", *chosen]) + "}"


@cache
def document_projection(var: str, shape: Shape = ()) -> str:
    """A document (without its text) and, unless the ``shape`` leaves it out, its publisher."""
    only = _only(shape, "Document")
    own = projection(var, "Document", only)
    if only is not None and "publisher" not in only:
        return own
    return (
        f"{own[:-1]}, publisher: head([({var})-[:{q('PUBLISHED_BY')}]->(pub:{q('Source')})"
        f" | {projection('pub', 'Source', _only(shape, 'Source'))}])}}"
    )


@cache
def node_projection(var: str, label: str) -> str:
    if label in ("Claim", "ControlClaim"):
        return claim_projection(var)
    if label == "Document":
        return document_projection(var)
    return projection(var, label)


@cache
def nodes_by(label: str, key: str) -> str:
    """Nodes of one label by ``id`` or ``iri`` (``key``); one row per key found."""
    if key not in ("id", "iri"):
        raise ValueError(f"nodes are looked up by id or iri, not {key!r}")
    return (
        f"UNWIND $keys AS k MATCH (n:{q(label)} {{{key}: k}})"
        f" RETURN k AS key, {node_projection('n', label)} AS node"
    )


ROLE_PARTS = frozenset({"attackers", "targets", "participants", "places", "types"})
"""The roles, places and types of an event, as the keys of its projection."""


@cache
def event_fields(
    e: str,
    roles: frozenset[str] = ROLE_PARTS,
    claims: frozenset[str] | None = CLAIM_PARTS,
    shape: Shape = (),
) -> tuple[str, ...]:
    """Map-projection entries of an event's ``roles`` (a subset of ``ROLE_PARTS``) and, unless
    ``claims`` is None, its claims with those parts, to fetch them with the event; related
    nodes carry the properties of the ``shape``."""
    actor = projection("a", "Actor", _only(shape, "Actor"))
    place = projection("p", "Place", _only(shape, "Place"))
    etype = projection("t", "EventType", _only(shape, "EventType"))
    entries = {
        "attackers": f"attackers: [({e})-[:{q('ATTACKER')}]->(a:{q('Actor')}) | {actor}]",
        "targets": f"targets: [({e})-[:{q('TARGET')}]->(a:{q('Actor')}) | {actor}]",
        "participants": f"participants: [({e})-[:{q('PARTICIPANT')}]->(a:{q('Actor')}) | {actor}]",
        "places": f"places: [({e})-[:{q('OCCURRED_AT')}]->(p:{q('Place')}) | {place}]",
        "types": f"types: [({e})-[:{q('HAS_TYPE')}]->(t:{q('EventType')}) | {etype}]",
    }
    parts = [entry for key, entry in entries.items() if key in roles]
    if claims is not None:
        claim = claim_projection("c", claims, shape)
        parts.append(f"claims: [({e})<-[:{q('SUPPORTS')}]-(c:{q('Claim')}) | {claim}]")
    return tuple(parts)


@cache
def event_roles() -> str:
    """Attackers, targets, participants, places and types of events, by event IRI."""
    fields = ", ".join(event_fields("e", claims=None))
    match = f"UNWIND $keys AS k MATCH (e:{q('Event')} {{iri: k}})"
    return f"{match} RETURN k AS key, e {{{fields}}} AS roles"


@cache
def event_claims() -> str:
    """The claims supporting events, with their provenance, by event IRI."""
    fields = ", ".join(event_fields("e", roles=frozenset()))
    match = f"UNWIND $keys AS k MATCH (e:{q('Event')} {{iri: k}})"
    return f"{match} RETURN k AS key, e {{{fields}}}.claims AS items"


def _limited(label: str, inner: str, item: str) -> str:
    return (
        f"UNWIND $keys AS k MATCH (n:{q(label)} {{iri: k}})"
        f" CALL (n) {{ {inner} LIMIT $limit RETURN collect({item}) AS items }}"
        " RETURN k AS key, items"
    )


@cache
def actor_events(role: str, subgroups: bool) -> str:
    """Events an actor (and, when asked, its subgroups) took part in, in one role or any."""
    rels = "|".join(q(r) for r in ROLE_RELS) if role == "ANY" else q(ROLE_RELS[role])
    hops = "*0.." if subgroups else "*0..0"
    inner = (
        f"MATCH (n)<-[:{q('PART_OF')}{hops}]-(:{q('Actor')})<-[:{rels}]-(e:{q('Event')})"
        f" WITH DISTINCT e ORDER BY {ORDERS['DATE_ASC']}"
    )
    return _limited("Actor", inner, projection("e", "Event"))


@cache
def place_events(subplaces: bool) -> str:
    """Events at a place (and, by default, at the places inside it)."""
    hops = "*0.." if subplaces else "*0..0"
    inner = (
        f"MATCH (n)<-[:{q('PART_OF')}{hops}]-(:{q('Place')})<-[:{q('OCCURRED_AT')}]-"
        f"(e:{q('Event')}) WITH DISTINCT e ORDER BY {ORDERS['DATE_ASC']}"
    )
    return _limited("Place", inner, projection("e", "Event"))


@cache
def children(label: str) -> str:
    """Direct parts of an actor (subgroups) or a place (sub-places), by name."""
    inner = f"MATCH (n)<-[:{q('PART_OF')}]-(x:{q(label)}) WITH x ORDER BY x.name, x.id"
    return _limited(label, inner, projection("x", label))


@cache
def parents(label: str) -> str:
    """What an actor or a place is directly part of."""
    inner = f"MATCH (n)-[:{q('PART_OF')}]->(x:{q(label)}) WITH x ORDER BY x.name, x.id"
    return _limited(label, inner, projection("x", label))


@cache
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


@cache
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

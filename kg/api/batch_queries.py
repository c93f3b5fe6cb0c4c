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


def _paged(label: str, match: str, var: str, order: str, item: str, with_total: bool) -> str:
    """One page of items per parent (``$offset``, ``$limit``), and each parent's total when
    asked: the page query of a nested connection, for all its parents at once."""
    head = f"UNWIND $keys AS k MATCH (n:{q(label)} {{iri: k}})"
    page = (
        f" CALL (n) {{ {match} WITH DISTINCT {var} ORDER BY {order}"
        f" SKIP $offset LIMIT $limit RETURN collect({item}) AS items }}"
    )
    total = f" CALL (n) {{ {match} RETURN count(DISTINCT {var}) AS total }}" if with_total else ""
    ret = "total" if with_total else "null"
    return f"{head}{page}{total} RETURN k AS key, {{items: items, total: {ret}}} AS page"


def _event_item(extra: tuple[str, ...]) -> str:
    fields = projection("e", "Event")
    return fields[:-1] + ", " + ", ".join(extra) + "}" if extra else fields


@cache
def actor_events_page(
    role: str, subgroups: bool, order: str, with_total: bool, extra: tuple[str, ...]
) -> str:
    """A page of the events an actor (and, when asked, its subgroups) took part in, in one
    role or any, each with the ``extra`` parts its selection asks for."""
    rels = "|".join(q(r) for r in ROLE_RELS) if role == "ANY" else q(ROLE_RELS[role])
    hops = "*0.." if subgroups else "*0..0"
    match = f"MATCH (n)<-[:{q('PART_OF')}{hops}]-(:{q('Actor')})<-[:{rels}]-(e:{q('Event')})"
    return _paged("Actor", match, "e", ORDERS[order], _event_item(extra), with_total)


@cache
def place_events_page(subplaces: bool, order: str, with_total: bool, extra: tuple[str, ...]) -> str:
    """A page of the events at a place (and, by default, at the places inside it)."""
    hops = "*0.." if subplaces else "*0..0"
    match = (
        f"MATCH (n)<-[:{q('PART_OF')}{hops}]-(:{q('Place')})<-[:{q('OCCURRED_AT')}]-"
        f"(e:{q('Event')})"
    )
    return _paged("Place", match, "e", ORDERS[order], _event_item(extra), with_total)


@cache
def source_claims_page(with_total: bool) -> str:
    """A page of the claims attributed to a source or to the people affiliated with it."""
    match = (
        f"MATCH (n)<-[:{q('AFFILIATED_WITH')}*0..]-(:{q('Source')})"
        f"<-[:{q('ATTRIBUTED_TO')}]-(c:{q('Claim')})"
    )
    order = "c.startDate, c.startOffset, c.id"
    return _paged("Source", match, "c", order, claim_projection("c"), with_total)


@cache
def document_text() -> str:
    """A window of documents' texts (``$start``, ``$length``) and their full length."""
    return (
        f"UNWIND $keys AS k MATCH (d:{q('Document')} {{iri: k}}) RETURN k AS key,"
        " {text: substring(coalesce(d.text, ''), $start, $length),"
        " size: size(coalesce(d.text, ''))} AS text"
    )


CONTEXT_WINDOW = 1500
"""Characters read on each side of a quote to find the sentence around it."""


@cache
def claim_context() -> str:
    """The text around claims' quotes, to cut the sentence from (``kg.api.evidence``)."""
    window = CONTEXT_WINDOW
    return (
        f"UNWIND $keys AS k MATCH (c:{q('Claim')} {{iri: k}})-[:{q('DERIVED_FROM')}]->"
        f"(d:{q('Document')}) WHERE d.text IS NOT NULL AND c.startOffset IS NOT NULL"
        f" WITH k, c, d, CASE WHEN c.startOffset > {window} THEN c.startOffset - {window}"
        " ELSE 0 END AS from"
        " RETURN k AS key, {from: from, start: c.startOffset,"
        " end: coalesce(c.endOffset, c.startOffset + size(c.quote)), quote: c.quote,"
        f" window: substring(d.text, from, c.startOffset - from + size(c.quote) + {window})}}"
        " AS context"
    )


@cache
def claim_attribution() -> str:
    """Who a claim is attributed to, the organisations that source belongs to (nearest
    first), the document's publisher, and on whose side the source stands in the claim's
    event (the actors it or its organisations speak for, among the event's attackers,
    targets and participants or the groups they are part of)."""
    src, aff, act = q("Source"), q("AFFILIATED_WITH"), q("Actor")
    part = q("PART_OF")

    def side(rel: str) -> str:
        return (
            f"EXISTS {{ MATCH (e)-[:{q(rel)}]->(:{act})-[:{part}*0..]->(a:{act})"
            " WHERE a IN speaks }"
        )

    return (
        f"UNWIND $keys AS k MATCH (c:{q('Claim')} {{iri: k}})"
        f" OPTIONAL MATCH (c)-[:{q('ATTRIBUTED_TO')}]->(s:{src})"
        f" CALL (s) {{ OPTIONAL MATCH path = (s)-[:{aff}*1..5]->(o:{src})"
        f" WITH o, length(path) AS hops ORDER BY hops"
        f" RETURN collect(DISTINCT o) AS orgs }}"
        f" CALL (s, orgs) {{ UNWIND [x IN [s] + orgs WHERE x IS NOT NULL] AS x"
        f" OPTIONAL MATCH (x)-[:{q('SPEAKS_FOR')}]->(a:{act})"
        " RETURN collect(DISTINCT a) AS speaks }"
        f" OPTIONAL MATCH (c)-[:{q('DERIVED_FROM')}]->(:{q('Document')})"
        f"-[:{q('PUBLISHED_BY')}]->(pub:{src})"
        f" OPTIONAL MATCH (c)-[:{q('SUPPORTS')}]->(e:{q('Event')})"
        " RETURN k AS key, {"
        f" original: {projection('s', 'Source')},"
        f" organisations: [o IN orgs | {projection('o', 'Source')}],"
        f" publisher: {projection('pub', 'Source')},"
        " stance: CASE WHEN s IS NULL OR e IS NULL OR speaks = [] THEN"
        " CASE WHEN e IS NULL THEN 'UNKNOWN' ELSE 'THIRD_PARTY' END"
        f" WHEN {side('ATTACKER')} THEN 'ATTACKER_SIDE'"
        f" WHEN {side('TARGET')} THEN 'TARGET_SIDE'"
        f" WHEN {side('PARTICIPANT')} THEN 'PARTICIPANT_SIDE'"
        " ELSE 'THIRD_PARTY' END } AS attribution"
    )

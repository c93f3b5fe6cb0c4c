"""The claim-centric statement that writes one article's document, claims and new events
(pure: returns ``(query, params)``).

A new or re-read document's claims cannot exist yet: claim ids hash the document id, and the
document transaction checks the stored state first and retracts a changed document's claims
before writing. So claims, their casualty figures and every link from them are CREATEd, each
claim once, with its reference nodes (sources, actors, places, types, events) found by their
indexed IRI: one pass instead of one MERGE statement per label and relationship type. Shared
nodes (the document, the extraction, event types) are MERGEd. Events founded by this document
are CREATEd with their roles and aggregates, computed beforehand from their claims.

A reference node that does not exist drops only that link, never the claim (each link is its
own unit subquery), as the generic MERGE statements did. Labels and relationship types come from
the mapping via ``quoted``; every value is a parameter.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from kg.cypher import Statement
from loaders.articles.claims import CLAIM_KEYS, EXTRACTION_KEYS, FIGURE_KEYS, ClaimRows
from loaders.articles.documents import DOCUMENT_KEYS
from loaders.graph.mapping import MAPPING, quoted
from loaders.resolution.evidence import LINK_KEYS

EVENT_KEYS = (
    "id",
    "label",
    "startDate",
    "endDate",
    "datePrecision",
    "claimCount",
    "sourceCount",
)
EVENT_ROLES = (
    ("types", "HAS_TYPE", "EventType"),
    ("attackers", "ATTACKER", "Actor"),
    ("targets", "TARGET", "Actor"),
    ("participants", "PARTICIPANT", "Actor"),
    ("places", "OCCURRED_AT", "Place"),
)
"""Row key, relationship type and target label of an event's (and an event claim's) roles."""


def _check_keys() -> None:
    for label, keys in (("Document", DOCUMENT_KEYS), ("Event", EVENT_KEYS), ("Claim", LINK_KEYS)):
        for key in keys:
            MAPPING.node(label).prop(key)


_check_keys()


def _set(var: str, keys: tuple[str, ...], source: str) -> str:
    """``SET v.k1 = m.k1, ...``: names the changed keys (``SET v += m`` would make the planner
    add an Eager barrier); a null value removes the property, as ``+=`` did."""
    return " SET " + ", ".join(f"{var}.`{k}` = {source}.`{k}`" for k in keys)


def _labels(label: str) -> str:
    return "".join(f":{quoted(x)}" for x in (label, *MAPPING.node(label).extra_labels))


def _link(var: str, source: str, rel: str, label: str) -> str:
    """Link ``var`` to each node of ``label`` whose IRI is in the list ``source``."""
    return (
        f" CALL ({var}, row) {{ UNWIND {source} AS dst MATCH (n:{quoted(label)} {{iri: dst}})"
        f" CREATE ({var})-[:{quoted(rel)}]->(n) }}"
    )


def _shared_nodes() -> str:
    doc, ext, etype = quoted("Document"), quoted("Extraction"), quoted("EventType")
    return "".join(
        [
            f"MERGE (d:{doc} {{iri: $doc.iri}})",
            _set("d", DOCUMENT_KEYS, "$doc.props"),
            # Not part of the mapping (never exported): where the text was read, to tell an
            # edit of the same file from another file claiming the same id.
            ", d.sourcePath = $doc.sourcePath",
            f" MERGE (x:{ext} {{iri: $ext.iri}})",
            _set("x", EXTRACTION_KEYS, "$ext.props"),
            f" WITH d, x CALL (d) {{ UNWIND $doc.publisher AS pub"
            f" MATCH (s:{quoted('Source')} {{iri: pub}})"
            f" MERGE (d)-[:{quoted('PUBLISHED_BY')}]->(s) }}",
            # Only the id: the vocabulary loader owns names and definitions.
            f" CALL () {{ UNWIND $types AS t MERGE (n:{etype} {{iri: t.iri}}) SET n.id = t.id }}",
        ]
    )


def _new_events() -> str:
    links = "".join(_link("e", f"row.{key}", rel, label) for key, rel, label in EVENT_ROLES)
    return (
        f" CALL () {{ UNWIND $events AS row CREATE (e:{quoted('Event')} {{iri: row.iri}})"
        f"{_set('e', EVENT_KEYS, 'row.props')} WITH e, row{links} }}"
    )


def _provenance() -> str:
    return (
        f" CREATE (c)-[:{quoted('DERIVED_FROM')}]->(d), (c)-[:{quoted('GENERATED_BY')}]->(x)"
        f" WITH c, d, x, row{_link('c', '[row.source]', 'ATTRIBUTED_TO', 'Source')}"
    )


def _event_claims() -> str:
    roles = "".join(
        _link("c", "[row.type]" if key == "types" else f"row.{key}", rel, label)
        for key, rel, label in EVENT_ROLES
    )
    fig = quoted("CasualtyFigure")
    return (
        f" CALL (d, x) {{ UNWIND $claims AS row CREATE (c{_labels('Claim')} {{iri: row.iri}})"
        f"{_set('c', CLAIM_KEYS, 'row.props')}{_set('c', LINK_KEYS, 'row.link')}"
        f"{_provenance()}{roles}"
        f"{_link('c', '[row.event]', 'SUPPORTS', 'Event')}"
        f" CALL (c, row) {{ UNWIND row.figures AS f CREATE (n:{fig} {{iri: f.iri}})"
        f"{_set('n', FIGURE_KEYS, 'f.props')} CREATE (c)-[:{quoted('REPORTS')}]->(n)"
        f" WITH n, f UNWIND f.groups AS g MATCH (a:{quoted('Actor')} {{iri: g}})"
        f" CREATE (n)-[:{quoted('COUNTS')}]->(a) }} }}"
    )


def _control_claims() -> str:
    return (
        f" CALL (d, x) {{ UNWIND $control AS row"
        f" CREATE (c{_labels('ControlClaim')} {{iri: row.iri}})"
        f"{_set('c', CLAIM_KEYS, 'row.props')}{_provenance()}"
        f"{_link('c', 'row.controller', 'CONTROLLER', 'Actor')}"
        f"{_link('c', 'row.places', 'CONTROLLED_PLACE', 'Place')} }}"
    )


QUERY = (
    "CYPHER replan=skip "
    + _shared_nodes()
    + _new_events()
    + _event_claims()
    + _control_claims()
    + " RETURN 1 AS done"
)
"""Built once: the text never changes, so Neo4j plans it once per server. Every look-up in it is
a unique-IRI index seek whatever the graph's size, so the cached plan is kept while a bulk load
grows the graph (``replan=skip``) instead of being re-planned, at a cost of seconds, each time
the label counts have changed enough."""


MORE_CLAIMS = (
    "CYPHER replan=skip "
    f"MATCH (d:{quoted('Document')} {{iri: $doc.iri}})"
    f" MATCH (x:{quoted('Extraction')} {{iri: $ext.iri}})"
    + _event_claims()
    + _control_claims()
    + " RETURN 1 AS done"
)
"""The claims of a large document past its first chunk, into the document ``QUERY`` wrote."""

CLAIMS_PER_STATEMENT = 500
"""Claims (event and control) written by one statement. A statement's working memory grows with
its rows; a large document's claims go in several statements of one transaction, so that
what one transaction needs stays near the size of its nodes and relationships."""


def write_document_chunks(
    doc: dict[str, Any],
    rows: ClaimRows,
    events: list[dict[str, Any]],
    size: int = CLAIMS_PER_STATEMENT,
) -> list[Statement]:
    """The statements of ``write_document`` for a document of any size, to run in order in
    one transaction: the first writes the document, its new events and the first ``size``
    claims; each next one ``size`` more claims."""
    claims = [("claims", c) for c in rows.claims] + [("control", c) for c in rows.control]
    chunks = [claims[i : i + size] for i in range(0, len(claims), size)] or [[]]
    statements = []
    for n, chunk in enumerate(chunks):
        part = replace(
            rows,
            claims=[c for kind, c in chunk if kind == "claims"],
            control=[c for kind, c in chunk if kind == "control"],
        )
        if n == 0:
            statements.append(write_document(doc, part, events))
        else:
            params = {"doc": {"iri": doc["iri"]}, "ext": {"iri": rows.extraction["iri"]}}
            statements.append(
                (MORE_CLAIMS, {**params, "claims": part.claims, "control": part.control})
            )
    return statements


def write_document(doc: dict[str, Any], rows: ClaimRows, events: list[dict[str, Any]]) -> Statement:
    """Document (``iri``, ``props``, ``publisher`` list), its claims and the events it founds.

    Each event claim row's ``event`` names the Event it SUPPORTS (new or existing; ``None``:
    none), each ``events`` row a new Event: ``iri``, ``props`` and role IRI lists.
    """
    params = {
        "doc": doc,
        "ext": rows.extraction,
        "types": rows.event_types,
        "events": events,
        "claims": rows.claims,
        "control": rows.control,
    }
    return QUERY, params

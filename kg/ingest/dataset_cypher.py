"""The claim-centric statements that write dataset claims (pure: each returns ``(query, params)``).

A dataset chunk holds thousands of claims that all have the same shape. Writing them with the
generic per-label and per-relationship-type statements looks each claim up once per
relationship type. Instead, per chunk:

1. ``stored_rows`` finds the records whose claim, document or casualty figure is already in
   the graph (one indexed look-up per node), with the stored hash and version;
2. ``create_claim_records`` CREATEs the others: nothing to look up, nothing to lock, no
   relationship to search for. The few reference nodes the chunk links to (event types,
   actors, sources, places, the extraction) are matched ONCE per statement, and each row names
   them by position in those lists instead of by IRI;
3. ``merge_claim_records`` MERGEs the existing ones (a re-load, a row repeated in a later
   chunk), each claim once, its document, figures and links from there.

Targets that do not exist are skipped without dropping the claim's other links, by both
statements. Labels and relationship types come from the mapping via ``quoted``; every value is
a parameter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from kg.cypher import Statement
from loaders.datasets.graph import CLAIM_LINKS, PROPERTY_KEYS
from loaders.graph.mapping import quoted

_SINGLE_LINKS = (
    ("publisher", "d", "PUBLISHED_BY", "Source"),
    ("extraction", "c", "GENERATED_BY", "Extraction"),
    ("type", "c", "HAS_TYPE", "EventType"),
    ("place", "c", "OCCURRED_AT", "Place"),
)
"""Single-valued links of a claim record: (key, node it starts from, relationship, label)."""
_REF_LABELS = ("Actor", "Source", "Place", "EventType", "Extraction")


def _set(var: str, label: str, source: str) -> str:
    """``SET v.k1 = m.k1, ...`` with the label's known keys: unlike ``SET v += m`` it tells the
    planner which properties change, which spares an Eager barrier after every clause."""
    keys = PROPERTY_KEYS[label]
    return " SET " + ", ".join(f"{var}.`{k}` = {source}.`{k}`" for k in keys)


def _link(var: str, key: str, rel: str, label: str, many: bool) -> str:
    source = f"row.{key}" if many else f"[row.{key}]"
    return (
        f" CALL ({var}, row) {{ UNWIND {source} AS dst"
        f" MATCH (n:{quoted(label)} {{iri: dst}}) MERGE ({var})-[:{quoted(rel)}]->(n) }}"
    )


def merge_claim_records(records: Sequence[dict[str, Any]]) -> Statement:
    """MERGE the claims of ``DatasetBatch.claims`` with their documents, figures and links."""
    claim, doc, fig = quoted("Claim"), quoted("Document"), quoted("CasualtyFigure")
    parts = [
        "UNWIND $rows AS row",
        f" MERGE (c:{claim} {{iri: row.claim}})",
        _set("c", "Claim", "row.claimProps"),
        f" MERGE (d:{doc} {{iri: row.doc}})",
        _set("d", "Document", "row.docProps"),
        f" MERGE (c)-[:{quoted('DERIVED_FROM')}]->(d) WITH c, d, row",
        *(_link(var, key, rel, label, False) for key, var, rel, label in _SINGLE_LINKS),
        *(_link("c", key, rel, label, True) for key, rel, label in CLAIM_LINKS),
        f" CALL (c, row) {{ UNWIND row.figures AS f MERGE (n:{fig} {{iri: f.iri}})",
        _set("n", "CasualtyFigure", "f.props"),
        f" MERGE (c)-[:{quoted('REPORTS')}]->(n)",
        f" WITH n, f UNWIND f.groups AS g MATCH (a:{quoted('Actor')} {{iri: g}})",
        f" MERGE (n)-[:{quoted('COUNTS')}]->(a) }}",
    ]
    return "".join(parts), {"rows": list(records)}


def stored_rows(records: Sequence[dict[str, Any]]) -> Statement:
    """What the graph holds of each record's row: whether its claim, document or a casualty
    figure exists, the document's hash and version, and whether the claim was retracted.

    A record none of whose nodes exist can be CREATEd without breaking a uniqueness
    constraint; the others are compared with the row (unchanged, newer, older)."""
    claim, doc, fig = quoted("Claim"), quoted("Document"), quoted("CasualtyFigure")
    query = (
        "UNWIND $rows AS row"
        f" OPTIONAL MATCH (c:{claim} {{iri: row.claim}})"
        f" OPTIONAL MATCH (d:{doc} {{iri: row.doc}})"
        " WITH row, c, d"
        f" WHERE c IS NOT NULL OR d IS NOT NULL"
        f" OR any(f IN row.figures WHERE EXISTS {{ MATCH (:{fig} {{iri: f}}) }})"
        " RETURN row.claim AS claim, c IS NOT NULL AS hasClaim, c.retractedOn AS retracted,"
        " d.sha256 AS sha256, d.version AS version"
    )
    rows = [
        {"claim": r["claim"], "doc": r["doc"], "figures": [f["iri"] for f in r["figures"]]}
        for r in records
    ]
    return query, {"rows": rows}


def drop_claims(iris: Sequence[str]) -> Statement:
    """Delete claims a newer version of their row replaces, with their casualty figures (the
    document stays, and is rewritten); returns the events they supported, to refresh."""
    claim, fig = quoted("Claim"), quoted("CasualtyFigure")
    query = (
        f"UNWIND $claims AS iri MATCH (c:{claim} {{iri: iri}})"
        f" OPTIONAL MATCH (c)-[:{quoted('SUPPORTS')}]->(e:{quoted('Event')})"
        f" OPTIONAL MATCH (c)-[:{quoted('REPORTS')}]->(f:{fig})"
        " WITH collect(DISTINCT e.iri) AS events, collect(DISTINCT c) AS claims,"
        " collect(DISTINCT f) AS figures"
        " FOREACH (x IN figures | DETACH DELETE x) FOREACH (x IN claims | DETACH DELETE x)"
        " RETURN events"
    )
    return query, {"claims": list(iris)}


def dataset_claims_page(prefix: str, after: str, limit: int) -> Statement:
    """The next ``limit`` claims (by id, after ``after``) of the dataset whose claim ids start
    with ``prefix`` and that are not retracted: what ``--prune`` compares with the file."""
    query = (
        f"MATCH (c:{quoted('Claim')}) WHERE c.id STARTS WITH $prefix AND c.id > $after"
        " AND c.retractedOn IS NULL"
        " RETURN c.id AS id, c.iri AS iri, c.datasetCategory AS category ORDER BY c.id LIMIT $limit"
    )
    return query, {"prefix": prefix, "after": after, "limit": limit}


def retract_claims(iris: Sequence[str], day: object) -> Statement:
    """Mark claims whose rows left the dataset as retracted on ``day``: the claim stays, as
    history, and supports no event any more. Returns the events to refresh and the claims'
    documents (for the change journal)."""
    query = (
        f"UNWIND $claims AS iri MATCH (c:{quoted('Claim')} {{iri: iri}}) SET c.retractedOn = $day"
        f" WITH c CALL (c) {{ MATCH (c)-[s:{quoted('SUPPORTS')}]->(e:{quoted('Event')})"
        " DELETE s RETURN collect(e.iri) AS events }"
        f" CALL (c) {{ OPTIONAL MATCH (c)-[:{quoted('DERIVED_FROM')}]->(d:{quoted('Document')})"
        " RETURN collect(d.iri) AS docs }"
        " WITH collect(events) AS events, collect(docs) AS docs"
        " RETURN reduce(a = [], x IN events | a + x) AS events,"
        " reduce(a = [], x IN docs | a + x) AS docs"
    )
    return query, {"claims": list(iris), "day": day}


def _props(label: str, source: str) -> str:
    """``iri: row.iri, k1: m.k1, ...``: a CREATE pattern's map; null values set nothing."""
    return ", ".join(f"`{k}`: {source}.`{k}`" for k in PROPERTY_KEYS[label])


def _numbering(iris: list[str]) -> Callable[[str], int]:
    """Numbers distinct IRIs in order of appearance, appending each new one to ``iris``."""
    index: dict[str, int] = {}

    def number(iri: str) -> int:
        found = index.get(iri)
        if found is None:
            found = index[iri] = len(iris)
            iris.append(iri)
        return found

    return number


def _distinct(number: Callable[[str], int], iris: Sequence[str]) -> list[int]:
    """Positions of the IRIs, each once: two spellings of one actor in a row ("SDF", "QSD:
    Syrian Democratic Forces") make one link, as a MERGE would."""
    return list(dict.fromkeys(number(iri) for iri in iris))


def _ref_var(label: str) -> str:
    return f"ref{label}"


def _each(var: str, positions: str, label: str, rel: str) -> str:
    """CREATE a link from ``var`` to each reference node at ``positions`` that exists."""
    table = _ref_var(label)
    return (
        f" FOREACH (x IN [i IN {positions} WHERE {table}[i].n IS NOT NULL | {table}[i].n] |"
        f" CREATE ({var})-[:{quoted(rel)}]->(x))"
    )


def create_claim_records(records: Sequence[dict[str, Any]]) -> Statement:
    """CREATE claims none of whose nodes exist yet (see ``existing_claims``), with their
    documents, figures and links; the reference nodes are looked up once for all rows."""
    refs: dict[str, list[str]] = {label: [] for label in _REF_LABELS}
    number = {label: _numbering(iris) for label, iris in refs.items()}
    single = [(key, number[label]) for key, _, _, label in _SINGLE_LINKS]
    many = [(key, number[label]) for key, _, label in CLAIM_LINKS]
    actor = number["Actor"]
    rows = []
    for r in records:
        row: dict[str, Any] = {
            "claim": r["claim"],
            "claimProps": r["claimProps"],
            "doc": r["doc"],
            "docProps": r["docProps"],
            "figures": [
                {"iri": f["iri"], "props": f["props"], "groups": _distinct(actor, f["groups"])}
                for f in r["figures"]
            ],
        }
        for key, num in single:
            row[key] = [num(r[key])]
        for key, num in many:
            row[key] = _distinct(num, r[key])
        rows.append(row)
    # collect({n: n}) keeps a slot for a missing node (collect(n) would drop it and shift the
    # positions after it).
    parts = [
        f"CALL () {{ UNWIND $refs.{label} AS iri OPTIONAL MATCH (n:{quoted(label)} {{iri: iri}})"
        f" RETURN collect({{n: n}}) AS {_ref_var(label)} }} "
        for label in _REF_LABELS
    ]
    fig = quoted("CasualtyFigure")
    parts += [
        "UNWIND $rows AS row",
        f" CREATE (c:{quoted('Claim')} {{iri: row.claim, {_props('Claim', 'row.claimProps')}}})",
        f" CREATE (d:{quoted('Document')} {{iri: row.doc, {_props('Document', 'row.docProps')}}})",
        f" CREATE (c)-[:{quoted('DERIVED_FROM')}]->(d)",
        *(_each(var, f"row.{key}", label, rel) for key, var, rel, label in _SINGLE_LINKS),
        *(_each("c", f"row.{key}", label, rel) for key, rel, label in CLAIM_LINKS),
        f" FOREACH (f IN row.figures | CREATE (c)-[:{quoted('REPORTS')}]->"
        f"(n:{fig} {{iri: f.iri, {_props('CasualtyFigure', 'f.props')}}})",
        _each("n", "f.groups", "Actor", "COUNTS") + ")",
    ]
    return "".join(parts), {"rows": rows, "refs": refs}

"""Every query of the Browser guide and the cookbook, run on a real Neo4j and checked against
the gold annotations.

Two graphs: the gold graph (tests/gold written as claims and events, see browser_gold_graph),
where each answer must equal what the annotations imply, and the seed graph built by
``kg.ingest.load_seeds`` (the article loader), where answers must be non-empty and mostly agree
with the annotations (extraction is scored separately by ``kg eval``).
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Callable
from difflib import SequenceMatcher
from typing import Any

import pytest

from kg.browser.queries import QUERIES, NamedQuery, query, render
from kg.config import Settings
from kg.cypher import delete_all
from kg.errors import MappingError
from kg.ingest.articles import load_seeds
from kg.store import GraphStore
from loaders.graph.mapping import MAPPING
from tests import browser_gold_graph as gold

Rows = list[dict[str, Any]]
MIN_AGREEMENT = 0.5
"""Share of rows on the extracted seed graph that must match the annotations."""


# --- pure checks of the query list -----------------------------------------------------------


def test_names_are_unique_and_every_slot_is_rendered() -> None:
    assert len({q.name for q in QUERIES}) == len(QUERIES)
    for q in QUERIES:
        assert "${" not in q.cypher, q.name
        command = q.params_command()
        assert (command is None) == (not q.params)
        if command:
            assert json.loads(command.removeprefix(":params ")) == q.params


def test_render_refuses_names_outside_the_mapping() -> None:
    assert render("MATCH (a:${Actor})-[:${PART_OF}]->(b)") == "MATCH (a:`Actor`)-[:`PART_OF`]->(b)"
    with pytest.raises(MappingError, match="Person"):
        render("MATCH (p:${Person})")


def test_properties_used_are_declared_in_the_mapping() -> None:
    known = {p.key for nt in MAPPING.nodes.values() for p in nt.props} | {"iri", "location"}
    for q in QUERIES:
        used = set(re.findall(r"\b(?!point\b|db\b)[a-z]\w*\.([a-zA-Z]\w*)\b(?!\s*\()", q.cypher))
        assert used <= known, (q.name, used - known)


def test_unknown_query_name_lists_the_known_ones() -> None:
    with pytest.raises(MappingError, match="who-attacked-whom"):
        query("nope")


# --- running the queries ---------------------------------------------------------------------


def plain(value: Any) -> Any:
    """Driver values as plain data: nodes -> {"_labels", **props}, paths -> node lists."""
    if hasattr(value, "nodes") and hasattr(value, "relationships"):
        return {"_path": [plain(n) for n in value.nodes]}
    if hasattr(value, "labels") and hasattr(value, "element_id"):
        return {"_labels": set(value.labels), **dict(value.items())}
    if hasattr(value, "start_node") and hasattr(value, "type"):
        return {"_type": value.type}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def run(store: GraphStore, q: NamedQuery, **params: Any) -> Rows:
    args = {**q.params, **params}
    records: list[Any] = store.read_tx(lambda tx: list(tx.run(q.cypher, args)))
    return [{k: plain(v) for k, v in r.items()} for r in records]


def run_all(store: GraphStore) -> dict[str, Rows]:
    return {q.name: run(store, q) for q in QUERIES}


def _wipe(store: GraphStore) -> None:
    store.run_autocommit(delete_all()[0])


load_gold = gold.load_gold_graph


@pytest.fixture(scope="module")
def gold_rows(store: GraphStore, neo4j_settings: Settings) -> dict[str, Rows]:
    load_gold(store, neo4j_settings)
    return run_all(store)


@pytest.fixture(scope="module")
def seed_rows(store: GraphStore, neo4j_settings: Settings) -> dict[str, Rows]:
    if importlib.util.find_spec("loaders.extract.pipeline") is None:
        pytest.skip("the article extractor (loaders.extract.pipeline, issue 4) is not there yet")
    _wipe(store)
    report = load_seeds(store, neo4j_settings)
    assert report.ok, report.failures
    if not store.read("MATCH (e:`Event`) RETURN count(e) AS n")[0]["n"]:
        pytest.skip("the article loader wrote no Event nodes for the seed articles (issue 4)")
    return run_all(store)


def similar(a: str, b: str) -> bool:
    """Two quotes of the same passage: one inside the other, or 20+ characters in common."""
    if a in b or b in a:
        return True
    m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return m.size >= 20


def agreement(found: list[Any], ok: Callable[[Any], bool]) -> float:
    return sum(1 for x in found if ok(x)) / len(found)


# --- gold graph: answers equal what the annotations imply -----------------------------------


@pytest.mark.neo4j
@pytest.mark.nlp
def test_model_lists_the_labels(gold_rows: dict[str, Rows]) -> None:
    names = {n["name"] for row in gold_rows["model"] for n in row["nodes"]}
    assert {"Actor", "Event", "Place", "Claim", "ControlClaim", "Document", "Source"} <= names


@pytest.mark.neo4j
@pytest.mark.nlp
def test_who_attacked_whom_counts_the_gold_events(gold_rows: dict[str, Rows]) -> None:
    rows = gold_rows["who-attacked-whom"]
    got = {(r["attackerId"], r["targetId"]): r["events"] for r in rows}
    assert got == dict(gold.attack_pairs())
    assert len(rows) == len(got)  # one row per pair, whatever the number of events
    assert [r["events"] for r in rows] == sorted((r["events"] for r in rows), reverse=True)
    names = {r["attackerId"]: r["attacker"] for r in rows}
    assert all(names[a] == gold.name_of("actor", a) for a in names)


@pytest.mark.neo4j
@pytest.mark.nlp
def test_who_attacked_whom_graph_draws_each_largest_pair_once(
    gold_rows: dict[str, Rows],
) -> None:
    rows = gold_rows["who-attacked-whom-graph"]
    pairs = gold.attack_pairs()
    limit = query("who-attacked-whom-graph").params["pairs"]
    assert len(rows) == min(limit, len(pairs))
    got = [(r["attacker"]["id"], r["target"]["id"]) for r in rows]
    assert len(set(got)) == len(got)
    assert [r["events"] for r in rows] == [pairs[p] for p in got]
    assert min(r["events"] for r in rows) >= sorted(pairs.values(), reverse=True)[len(rows) - 1]
    by_id = {e.node_id: e for e in gold.events()}
    for r in rows:
        event = by_id[r["latestEvent"]["id"]]
        assert r["attacker"]["id"] in event.data["attackers"]
        assert r["target"]["id"] in event.data["targets"]


def scalar(value: Any) -> bool:
    if isinstance(value, list):
        return all(scalar(v) for v in value)
    return not isinstance(value, dict)


@pytest.mark.neo4j
@pytest.mark.nlp
def test_table_queries_return_scalar_columns(gold_rows: dict[str, Rows]) -> None:
    """What Browser's table view shows as text, never as a JSON dump of a node or a map."""
    rows = [(q.name, row) for q in QUERIES if not q.shows_graph for row in gold_rows[q.name]]
    assert {name for name, _ in rows} >= {"who-attacked-whom", "what-sohr-reported"}
    for name, row in rows:
        assert all(scalar(v) for v in row.values()), (name, row)


@pytest.mark.neo4j
@pytest.mark.nlp
def test_attacks_on_regime_in_governorate_are_the_gold_ones(gold_rows: dict[str, Rows]) -> None:
    expected = gold.attacks_on("syrian-regime", "deir-ez-zor-governorate")
    rows = gold_rows["attacks-on-regime-in-governorate"]
    assert {r["event"] for r in rows} == {e.node_id for e in expected}
    assert sorted(r["quote"] for r in rows) == sorted(q for e in expected for q in e.quotes)
    by_event = {e.node_id: gold.name_of("source", e.data["according_to"]) for e in expected}
    assert all(r["source"] == by_event[r["event"]] and r["document"] for r in rows)


@pytest.mark.neo4j
@pytest.mark.nlp
def test_event_to_sources_follows_every_claim(gold_rows: dict[str, Rows]) -> None:
    rows = gold_rows["event-to-sources"]
    event_ids = {r["reported"]["_path"][0]["id"] for r in rows}
    assert len(event_ids) == 1
    item = next(e for e in gold.events() if e.node_id in event_ids)
    assert len(item.quotes) == max(len(e.quotes) for e in gold.events())
    assert sorted(r["reported"]["_path"][1]["quote"] for r in rows) == sorted(item.quotes)
    assert {r["reported"]["_path"][2]["id"] for r in rows} == {item.data["according_to"]}
    assert all(r["printed"]["_path"][1]["_labels"] == {"Document"} for r in rows)


@pytest.mark.neo4j
@pytest.mark.nlp
def test_event_to_sources_follows_a_chosen_event(
    store: GraphStore, neo4j_settings: Settings
) -> None:
    load_gold(store, neo4j_settings)
    item = gold.events()[0]
    rows = run(store, query("event-to-sources"), event=item.node_id)
    assert {r["reported"]["_path"][0]["id"] for r in rows} == {item.node_id}
    assert len(rows) == len(item.quotes)


@pytest.mark.neo4j
@pytest.mark.nlp
def test_what_sohr_reported_is_every_sohr_quote(gold_rows: dict[str, Rows]) -> None:
    rows = gold_rows["what-sohr-reported"]
    expected = gold.reported_by("sohr")
    assert sorted(r["quote"] for r in rows) == sorted(q for i in expected for q in i.quotes)
    controllers = {r["controller"] for r in rows if r["controller"]}
    assert controllers == {
        gold.name_of("actor", c.data["controller"]) for c in expected if c.kind == "control"
    }


@pytest.mark.neo4j
@pytest.mark.nlp
def test_control_of_hajin_is_a_timeline_by_source(gold_rows: dict[str, Rows]) -> None:
    rows = gold_rows["control-of-hajin"]
    expected = {
        (
            gold.name_of("actor", c.data["controller"]),
            gold.name_of("source", c.data["according_to"]),
        )
        for c in gold.control_of("hajin")
    }
    assert {(r["controller"], r["accordingTo"]) for r in rows} == expected
    assert len(rows) == sum(len(c.quotes) for c in gold.control_of("hajin"))
    as_of = [r["asOf"] for r in rows]
    assert as_of == sorted(as_of)


@pytest.mark.neo4j
@pytest.mark.nlp
def test_events_near_abu_kamal_match_haversine(gold_rows: dict[str, Rows]) -> None:
    rows = gold_rows["events-near-abu-kamal"]
    expected = gold.events_near("abu-kamal", 50)
    assert {r["event"] for r in rows} == set(expected)
    for r in rows:
        assert r["km"] == pytest.approx(expected[r["event"]], abs=0.5)
    assert [r["km"] for r in rows] == sorted(r["km"] for r in rows)


@pytest.mark.neo4j
@pytest.mark.nlp
def test_no_casualty_disagreement_in_the_gold(gold_rows: dict[str, Rows]) -> None:
    assert gold.casualty_disagreements() == []
    assert gold_rows["casualty-disagreements"] == []


@pytest.mark.neo4j
@pytest.mark.nlp
def test_a_second_source_with_another_count_is_a_disagreement(
    store: GraphStore, neo4j_settings: Settings
) -> None:
    load_gold(store, neo4j_settings)
    event = next(
        e
        for e in gold.events()
        if e.data.get("casualties") and e.data["casualties"][0]["count"] is not None
    )
    fig = event.data["casualties"][0]
    other = fig["count"] + 27
    store.write(
        [
            (
                render(
                    "MATCH (e:${Event} {id: $event}), (s:${Source} {id: 'afp'}),"
                    " (g:${Actor} {id: $group})"
                    " CREATE (c:${Claim} {id: 'zz-test', quote: 'a different figure',"
                    " confidence: 0.5})-[:${SUPPORTS}]->(e), (c)-[:${ATTRIBUTED_TO}]->(s),"
                    " (c)-[:${REPORTS}]->(:${CasualtyFigure} {id: 'zz-test-f', count: $count,"
                    " qualifier: 'exact', casualtyKind: $kind})-[:${COUNTS}]->(g)"
                ),
                {
                    "event": event.node_id,
                    "group": fig["group"],
                    "count": other,
                    "kind": fig["kind"],
                },
            )
        ]
    )
    rows = run(store, query("casualty-disagreements"))
    assert len(rows) == 1
    row = rows[0]
    assert row["event"] == event.node_id and row["kind"] == fig["kind"]
    assert {row["count1"], row["count2"]} == {fig["count"], other}
    sources = {row["source1"], row["source2"]}
    assert sources == {
        gold.name_of("source", "afp"),
        gold.name_of("source", event.data["according_to"]),
    }


# --- seed graph: what the article loader produced -------------------------------------------


@pytest.mark.neo4j
@pytest.mark.nlp
@pytest.mark.parametrize("name", [q.name for q in QUERIES if q.name != "casualty-disagreements"])
def test_every_query_answers_on_the_seed_graph(seed_rows: dict[str, Rows], name: str) -> None:
    assert seed_rows[name], f"{name} returned no rows on the seed graph"


@pytest.mark.neo4j
@pytest.mark.nlp
def test_seed_attack_pairs_agree_with_gold(seed_rows: dict[str, Rows]) -> None:
    pairs = [(r["attackerId"], r["targetId"]) for r in seed_rows["who-attacked-whom"]]
    gold_pairs = gold.attack_pairs()
    assert gold_pairs.most_common(1)[0][0] in pairs
    assert agreement(pairs, lambda p: p in gold_pairs) >= MIN_AGREEMENT


@pytest.mark.neo4j
@pytest.mark.nlp
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "attacks-on-regime-in-governorate",
            lambda: gold.attacks_on("syrian-regime", "deir-ez-zor-governorate"),
        ),
        ("what-sohr-reported", lambda: gold.reported_by("sohr")),
        ("control-of-hajin", lambda: gold.control_of("hajin")),
    ],
)
def test_seed_quotes_agree_with_gold(
    seed_rows: dict[str, Rows], name: str, expected: Callable[[], list[gold.GoldItem]]
) -> None:
    quotes = [q for item in expected() for q in item.quotes]
    found = [r["quote"] for r in seed_rows[name]]
    assert agreement(found, lambda f: any(similar(f, q) for q in quotes)) >= MIN_AGREEMENT


@pytest.mark.neo4j
@pytest.mark.nlp
def test_seed_events_near_abu_kamal_are_within_50_km(seed_rows: dict[str, Rows]) -> None:
    coords = gold.coordinates()
    names = {p.name: p.id for p in gold.reference().places}
    for row in seed_rows["events-near-abu-kamal"]:
        nearest = min(
            gold.haversine_km(coords["abu-kamal"], coords[names[p]]) for p in row["places"]
        )
        assert nearest <= 50 + 0.5 and row["km"] == pytest.approx(nearest, abs=0.5)


@pytest.mark.neo4j
@pytest.mark.nlp
def test_seed_casualty_disagreements_differ(seed_rows: dict[str, Rows]) -> None:
    for row in seed_rows["casualty-disagreements"]:
        assert row["count1"] != row["count2"] and row["quote1"] != row["quote2"]

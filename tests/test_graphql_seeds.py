"""The headline questions on the seed graph (``kg load seeds``), checked against the gold
annotations (tests/gold) and the gazetteer (seeds/places.yaml).

The API must return only events the gold annotations support for a question, and every gold
event that the extraction found; ``near`` and contained-place filters must agree with
distances and PART_OF chains computed from the gazetteer itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from kg.api.app import create_app
from kg.config import Settings
from kg.cypher import delete_all
from kg.ingest.articles import load_seeds
from kg.store import GraphStore
from loaders.resources import SEEDS_DIR
from tests.graphql_client import data, haversine_km, patient

pytestmark = [pytest.mark.neo4j, pytest.mark.nlp]  # the seed articles are extracted

GOLD = Path(__file__).parent / "gold"
REGIME = {"syrian-regime", "syrian-arab-army", "pro-regime-militias"}
COALITION = {"us-led-coalition", "united-states", "france"}
PLACES: list[dict[str, Any]] = yaml.safe_load((SEEDS_DIR / "places.yaml").read_text("utf-8"))
PARENT = {p["id"]: p.get("part_of") for p in PLACES}
POINT = {p["id"]: (p["lat"], p["lon"]) for p in PLACES if p.get("lat") is not None}

EVENT_FIELDS = """slug startDate endDate places { slug } attackers { slug } targets { slug }
    claims { quote startOffset source { slug } document { fileName: title } }"""


def within(place: str, root: str) -> bool:
    """True when ``place`` is ``root`` or lies inside it, by the gazetteer's part_of chain."""
    seen: set[str] = set()
    current: str | None = place
    while current is not None and current not in seen:
        if current == root:
            return True
        seen.add(current)
        current = PARENT.get(current)
    return False


def gold_events() -> list[tuple[str, dict[str, Any]]]:
    """(article text, gold event) for every annotated event."""
    out = []
    for path in sorted(GOLD.glob("*.yaml")):
        gold = yaml.safe_load(path.read_text("utf-8"))
        text = (SEEDS_DIR / "articles" / gold["document"]).read_text("utf-8")
        out += [(text, e) for e in gold.get("events", [])]
    return out


def gold_start(g: dict[str, Any]) -> str:
    """First day of a gold date span, as ISO text ("2018" -> "2018-01-01")."""
    value = str(g["date"]["start"] or g["date"]["end"] or "0000")
    return value + "-01-01"[len(value) - 4 :]


def gold_end(g: dict[str, Any]) -> str:
    """Last day of a gold span, as ISO text compared as a string ("2018-03" -> "2018-03-99")."""
    value = str(g["date"]["end"] or g["date"]["start"] or "9999")
    return value + "-99-99"[len(value) - 4 :]


def spans(text: str, quotes: list[str]) -> list[tuple[int, int]]:
    found = [(text.find(q), len(q)) for q in quotes]
    return [(i, i + n) for i, n in found if i >= 0]


def matching_gold(event: dict[str, Any], golds: list[tuple[str, dict[str, Any]]]) -> list[str]:
    """Ids of gold events whose quotes overlap the quotes of an API event's claims."""
    ids = []
    for text, g in golds:
        gold_spans = spans(text, [g["quote"], *g.get("other_quotes", [])])
        claim_spans = spans(text, [c["quote"] for c in event["claims"]])
        if any(a < d and c < b for a, b in gold_spans for c, d in claim_spans):
            ids.append(g["id"] + "@" + text[:20])
    return ids


@pytest.fixture(scope="module")
def client(neo4j_settings: Settings, store: GraphStore) -> Iterator[TestClient]:
    store.run_autocommit(delete_all()[0])
    report = load_seeds(store, neo4j_settings)
    assert report.ok, report.failures
    if store.read("MATCH (e:Event) RETURN count(e) AS n")[0]["n"] == 0:
        pytest.skip("the seed load made no events (article extraction not installed)")
    with TestClient(create_app(patient(neo4j_settings))) as c:
        yield c


def events(client: TestClient, flt: dict[str, Any] | None) -> list[dict[str, Any]]:
    query = f"""query($f: EventFilter) {{ events(first: 100, filter: $f) {{
        totalCount edges {{ node {{ {EVENT_FIELDS} }} }} }} }}"""
    conn = data(client, query, {"f": flt})["events"]
    assert conn["totalCount"] == len(conn["edges"])
    return [e["node"] for e in conn["edges"]]


def test_who_attacked_the_regime_in_deir_ez_zor_in_march_2018_according_to_sohr(
    client: TestClient,
) -> None:
    flt = {
        "targets": ["regime forces"],
        "places": ["Deir ez-Zor Governorate"],
        "from": "2018-03-01",
        "to": "2018-03-31",
        "accordingTo": ["SOHR"],
    }
    golds = gold_events()
    wanted = [
        (t, g)
        for t, g in golds
        if REGIME & set(g["targets"])
        and any(within(p, "deir-ez-zor-governorate") for p in g["places"])
        and g["according_to"] == "sohr"
        and gold_end(g) >= "2018-03-01"
        and gold_start(g) <= "2018-03-31"
    ]
    got = events(client, flt)
    assert got, "no event answers the headline question"
    matched = [matching_gold(e, wanted) for e in got]
    assert all(matched), f"events the gold does not support: {got}"
    # Gold e4 (T2 and south of Al-Bokamal) and e5 (Hmimeh, Al-Mayadin desert) of article 004
    # are extracted as such. e6 ("amid targeting to positions of the regime forces ... west of
    # the Euphrates") is not: the parse-based extractor reads no target in that translated
    # wording, and an event without a target cannot answer a question about the regime.
    found = {m.split("@")[0] for ms in matched for m in ms}
    assert {"e4", "e5"} <= found
    for event in got:
        assert {t["slug"] for t in event["targets"]} & REGIME
        assert all(c["source"]["slug"] == "sohr" for c in event["claims"])


def test_what_did_the_coalition_attack_and_who_says_so(client: TestClient) -> None:
    golds = [(t, g) for t, g in gold_events() if COALITION & set(g["attackers"])]
    got = events(client, {"attackers": ["the coalition"]})
    by_gold = {m: e for e in got for m in matching_gold(e, golds)}
    assert len(by_gold) == len(golds) == len(got)
    for text, g in golds:
        event = next(e for m, e in by_gold.items() if m == g["id"] + "@" + text[:20])
        assert sorted(t["slug"] for t in event["targets"]) == sorted(g["targets"])
        assert {c["source"]["slug"] for c in event["claims"]} == {g["according_to"]}


def test_contained_place_filter_agrees_with_the_gazetteer(client: TestClient) -> None:
    every = events(client, None)
    for root in ("deir-ez-zor-governorate", "abu-kamal-district", "syria"):
        expected = {e["slug"] for e in every if any(within(p["slug"], root) for p in e["places"])}
        assert {e["slug"] for e in events(client, {"places": [root]})} == expected


@pytest.mark.parametrize(("centre", "km"), [("hajin", 15.0), ("al-mayadin", 40.0), ("damascus", 5)])
def test_near_filter_agrees_with_the_gazetteer(client: TestClient, centre: str, km: float) -> None:
    lat, lon = POINT[centre]
    expected = {
        e["slug"]
        for e in events(client, None)
        if any(
            p["slug"] in POINT and haversine_km((lat, lon), POINT[p["slug"]]) <= km
            for p in e["places"]
        )
    }
    got = events(client, {"near": {"lat": lat, "lon": lon, "radiusKm": km}})
    assert {e["slug"] for e in got} == expected
    assert expected


def test_pagination_returns_every_seed_event_exactly_once(client: TestClient) -> None:
    total = len(events(client, None))
    seen: list[str] = []
    after = None
    query = """query($after: String) { events(first: 7, after: $after) {
        pageInfo { hasNextPage endCursor } edges { node { slug } } } }"""
    while True:
        conn = data(client, query, {"after": after})["events"]
        seen += [e["node"]["slug"] for e in conn["edges"]]
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == total > 7

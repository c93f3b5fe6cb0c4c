"""Aggregates for charts and events as GeoJSON for maps, on the fixture graph; expected
counts are computed from the fixture's table."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from kg.api.app import create_app
from kg.api.queries import MAX_SPAN_DAYS
from kg.config import Settings
from kg.cypher import delete_all
from kg.store import GraphStore
from tests.graphql_client import data, error_codes, gql, patient
from tests.graphql_fixtures import EVENTS, PLACES, write_fixture

pytestmark = pytest.mark.neo4j

AGG = """query($by: [Dimension!]!, $filter: EventFilter) {
  aggregate(groupBy: $by, filter: $filter) {
    total { events claims }
    buckets { events claims keys { dimension value label start end } }
  }
}"""


@pytest.fixture(scope="module")
def client(neo4j_settings: Settings, store: GraphStore) -> Iterator[TestClient]:
    store.run_autocommit(delete_all()[0])
    write_fixture(store)
    with TestClient(create_app(patient(neo4j_settings))) as c:
        yield c


def test_events_and_claims_by_month_in_order(client: TestClient) -> None:
    got = data(client, AGG, {"by": ["MONTH"]})["aggregate"]
    placeable = {k: e for k, e in EVENTS.items() if e.precision in ("day", "week", "month")}
    months = Counter(e.start.replace(day=1).isoformat() for e in placeable.values())
    claims = Counter()
    for e in placeable.values():
        claims[e.start.replace(day=1).isoformat()] += len(e.claims)
    buckets = [(b["keys"][0]["value"], b["events"], b["claims"]) for b in got["buckets"]]
    assert buckets == [(m, months[m], claims[m]) for m in sorted(months)]
    march = next(b for b in got["buckets"] if b["keys"][0]["value"] == "2018-03-01")
    assert march["keys"][0]["start"] == "2018-03-01"
    assert march["keys"][0]["end"] == "2018-03-31"
    # Year-precision events are in no month but count in the total.
    assert got["total"] == {
        "events": len(EVENTS),
        "claims": sum(len(e.claims) for e in EVENTS.values()),
    }


def test_by_type_and_by_governorate_with_a_filter(client: TestClient) -> None:
    flt = {"from": "2018-01-01", "to": "2018-12-31"}
    by_type = data(client, AGG, {"by": ["TYPE"], "filter": flt})["aggregate"]["buckets"]
    in_2018 = [e for e in EVENTS.values() if e.start.year == 2018 == e.end.year]
    expected = Counter(e.type for e in in_2018)
    assert {b["keys"][0]["value"]: b["events"] for b in by_type} == dict(expected)
    assert [b["events"] for b in by_type] == sorted((b["events"] for b in by_type), reverse=True)
    by_gov = data(client, AGG, {"by": ["GOVERNORATE"]})["aggregate"]["buckets"]

    def governorate(place: str) -> str | None:
        current: str | None = place
        while current and PLACES[current][1] != "Governorate":
            current = PLACES[current][4]
        return current

    govs = Counter(g for e in EVENTS.values() for g in {governorate(p) for p in e.places} if g)
    assert {b["keys"][0]["value"]: b["events"] for b in by_gov} == dict(govs)
    labels = {b["keys"][0]["value"]: b["keys"][0]["label"] for b in by_gov}
    assert labels["deir-ez-zor-governorate"] == "Deir ez-Zor Governorate"


def test_by_source_counts_that_sources_claims(client: TestClient) -> None:
    by = data(client, AGG, {"by": ["SOURCE"]})["aggregate"]["buckets"]
    claims = Counter(c.source for e in EVENTS.values() for c in e.claims)
    events = Counter(s for e in EVENTS.values() for s in {c.source for c in e.claims})
    got = {b["keys"][0]["value"]: (b["events"], b["claims"]) for b in by}
    assert got == {s: (events[s], claims[s]) for s in claims}


def test_two_dimensions_attacker_by_year(client: TestClient) -> None:
    got = data(client, AGG, {"by": ["YEAR", "ATTACKER"]})["aggregate"]["buckets"]
    expected = Counter(
        (e.start.replace(month=1, day=1).isoformat(), a)
        for e in EVENTS.values()
        if (e.end - e.start).days <= MAX_SPAN_DAYS  # three years of Raqqa: in no year
        for a in e.attackers
    )
    cells = {(b["keys"][0]["value"], b["keys"][1]["value"]): b["events"] for b in got}
    assert cells == dict(expected)


def test_bad_group_by_is_an_error(client: TestClient) -> None:
    body = gql(client, AGG, {"by": []})
    assert error_codes(body) == ["BAD_ARGUMENT"]
    assert "groupBy" in body["errors"][0]["message"]


GEO = """query($filter: EventFilter, $bbox: BBoxInput) {
  eventsGeoJSON(filter: $filter, bbox: $bbox, first: 100)
}"""


def test_events_as_geojson_points_at_their_places(client: TestClient) -> None:
    fc = data(client, GEO, {"filter": {"places": ["hajin"]}})["eventsGeoJSON"]
    assert fc["type"] == "FeatureCollection"
    at_hajin = {k for k, e in EVENTS.items() if "hajin" in e.places}
    assert {f["id"] for f in fc["features"]} == at_hajin
    lat, lon = PLACES["hajin"][2:4]
    for f in fc["features"]:
        assert f["geometry"] == {"type": "Point", "coordinates": [lon, lat]}
        assert f["properties"]["places"] == ["Hajin"]
    strike = next(f for f in fc["features"] if f["id"] == "ev-hajin-strike")
    assert strike["properties"]["attackers"] == ["United States"]
    assert strike["properties"]["sourceCount"] == 2


def test_geojson_bbox_and_the_route(client: TestClient) -> None:
    box = {"west": 38.5, "south": 35.5, "east": 39.5, "north": 36.5}  # Raqqa only
    fc = data(client, GEO, {"bbox": box})["eventsGeoJSON"]
    raqqa = {k for k, e in EVENTS.items() if {"raqqa", "raqqa-governorate"} & set(e.places)}
    assert {f["id"] for f in fc["features"]} == raqqa
    response = client.get(
        "/geojson",
        params={"bbox": "38.5,35.5,39.5,36.5", "filter": json.dumps({"types": ["attack"]})},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/geo+json")
    ids = {f["id"] for f in response.json()["features"]}
    assert ids == {k for k in raqqa if EVENTS[k].type == "attack"}
    bad = client.get("/geojson", params={"bbox": "1,2,3"})
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["extensions"]["code"] == "BAD_ARGUMENT"
    unknown = client.get("/geojson", params={"filter": json.dumps({"places": ["Atlantis"]})})
    assert unknown.status_code == 400
    assert "filter.places" in unknown.json()["errors"][0]["message"]


PAGED_GEO = """query($after: String) {
  eventsGeoJSON(first: 2, after: $after)
}"""


def test_geojson_pages_with_cursors(client: TestClient) -> None:
    whole = data(client, GEO, {})["eventsGeoJSON"]
    assert whole["truncated"] is False
    ids: list[str] = []
    unlocated, after, pages = 0, None, 0
    while True:
        fc = data(client, PAGED_GEO, {"after": after})["eventsGeoJSON"]
        ids += [f["id"] for f in fc["features"]]
        unlocated += fc["unlocated"]
        pages += 1
        if not fc["truncated"]:
            break
        assert fc["endCursor"] != after
        after = fc["endCursor"]
    assert pages == -(-len(EVENTS) // 2)
    assert ids == [f["id"] for f in whole["features"]]
    assert unlocated == whole["unlocated"]
    bad = gql(client, PAGED_GEO, {"after": "nonsense"})
    assert error_codes(bad) == ["BAD_ARGUMENT"]


def test_dates_are_a_span_overlap(client: TestClient) -> None:
    # The year-precision ambush (all of 2017) is found by a month inside its year.
    flt = {"from": "2017-06-01", "to": "2017-06-30", "places": ["Hasakah"]}
    got = data(client, AGG, {"by": ["PLACE"], "filter": flt})["aggregate"]
    assert got["total"]["events"] == 1
    assert dt.date(2017, 1, 1) == EVENTS["ev-hasakah-ambush"].start

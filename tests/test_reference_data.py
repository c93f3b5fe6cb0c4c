"""The reference data in seeds/ (actors, places, sources) is consistent, complete for the gold
annotations, and loads into Neo4j as a graph Cypher users can walk.

The pure checks read the YAML directly (not through the loader), so they hold the data to the
rules even where the loader is more lenient.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from kg.config import Settings
from kg.ingest.reference import load_reference
from kg.store import GraphStore
from loaders.graph.mapping import quoted
from loaders.graph.vocabulary import ACTOR_TYPES, EVENT_TYPES, PLACE_TYPES, SOURCE_TYPES
from loaders.reference import read_reference

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = sorted((ROOT / "tests" / "gold").glob("*.yaml"))
KINDS = ("actors", "places", "sources")
ADMIN_PARENT = {"Subdistrict": "District", "District": "Governorate", "Governorate": "Country"}
ADMIN_SUFFIX = {
    "Subdistrict": "-subdistrict",
    "District": "-district",
    "Governorate": "-governorate",
}
# Bounding boxes (south, north, west, east) of the countries that contain located places.
BOXES = {"syria": (32.3, 37.4, 35.6, 42.4), "iraq": (29.0, 37.4, 38.8, 48.6)}
# Ids fixed by docs/CONTRACTS.md.
CONTRACT_IDS = {
    "actors": """islamic-state sdf ypg syrian-regime syrian-arab-army pro-regime-militias
        us-led-coalition united-states france russia iran iran-backed-militias hezbollah iraq
        iraqi-security-forces turkey khalid-bin-al-walid-army civilians abu-bakr-al-baghdadi
        patrick-shanahan""",
    "sources": """sohr rami-abdul-rahman afp euphrates-post sdf-sources us-department-of-defense
        aymenn-jawad-al-tamimi iraqi-government russian-government coalition-sources
        sources-close-to-is unidentified-outlet-afp-relay unidentified-italian-outlet""",
    "places": """hajin abu-kamal baghouz al-shafah al-susah abu-khater al-mayadin deir-ez-zor
        deir-ez-zor-governorate abu-kamal-district damascus syria iraq euphrates-river
        syrian-desert middle-euphrates-river-valley""",
}


def _load(kind: str) -> list[dict[str, Any]]:
    data = yaml.safe_load((SEEDS / f"{kind}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


@pytest.fixture(scope="module")
def seeds() -> dict[str, list[dict[str, Any]]]:
    return {kind: _load(kind) for kind in KINDS}


@pytest.fixture(scope="module")
def places(seeds: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    return {p["id"]: p for p in seeds["places"]}


def variant_key(name: str) -> str:
    """A name with case, accents, quotes, punctuation and a leading 'the' ignored."""
    s = unicodedata.normalize("NFKD", name.casefold())
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"[’'‘`´“”\"]", "", s)
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    return s.removeprefix("the ")


def ancestors(places: dict[str, dict[str, Any]], ident: str) -> Iterator[str]:
    seen = {ident}
    parent = places[ident].get("part_of")
    while parent is not None:
        assert parent not in seen, f"part_of cycle through {parent}"
        seen.add(parent)
        yield parent
        parent = places[parent].get("part_of")


def _gold_refs() -> Iterator[tuple[str, str, str]]:
    """(gold file, kind, id) of every actor, place and source a gold annotation names."""
    for path in GOLD:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        yield path.name, "sources", doc["publisher"]
        for item in [*(doc.get("events") or []), *(doc.get("control") or [])]:
            for place in item.get("places") or []:
                yield path.name, "places", place
            for key in ("attackers", "targets", "supporters"):
                for actor in item.get(key) or []:
                    yield path.name, "actors", actor
            if item.get("controller"):
                yield path.name, "actors", item["controller"]
            for figure in item.get("casualties") or []:
                if figure.get("group"):
                    yield path.name, "actors", figure["group"]
            for key in ("according_to", "via"):
                if item.get(key):
                    yield path.name, "sources", item[key]


# Pure checks --------------------------------------------------------------------------------


def test_the_loader_accepts_the_seeds() -> None:
    ref = read_reference(SEEDS)
    assert len(ref.actors) == len(_load("actors"))


@pytest.mark.parametrize("kind", KINDS)
def test_no_name_or_variant_names_two_entries(
    seeds: dict[str, list[dict[str, Any]]], kind: str
) -> None:
    owner: dict[str, str] = {}
    clashes = []
    for entry in seeds[kind]:
        for name in [entry["name"], *entry.get("aliases", [])]:
            key = variant_key(name)
            if owner.setdefault(key, entry["id"]) != entry["id"]:
                clashes.append(f"{name!r}: {owner[key]} and {entry['id']}")
    assert clashes == []


def test_variant_key_folds_spelling_variants() -> None:
    assert variant_key("the Regime’s militias") == variant_key("Regime's Militias")
    assert variant_key("“Caliphate”") == variant_key("caliphate")
    assert variant_key("Al-Baghuz") != variant_key("Baghuz")


@pytest.mark.parametrize("kind", KINDS)
def test_ids_are_unique_slugs(seeds: dict[str, list[dict[str, Any]]], kind: str) -> None:
    ids = [e["id"] for e in seeds[kind]]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)


@pytest.mark.parametrize("kind", KINDS)
def test_contract_ids_exist(seeds: dict[str, list[dict[str, Any]]], kind: str) -> None:
    assert set(CONTRACT_IDS[kind].split()) - {e["id"] for e in seeds[kind]} == set()


@pytest.mark.parametrize(("kind", "types"), [
    ("actors", ACTOR_TYPES), ("places", PLACE_TYPES), ("sources", SOURCE_TYPES),
])  # fmt: skip
def test_types_are_in_the_vocabulary(
    seeds: dict[str, list[dict[str, Any]]], kind: str, types: tuple[str, ...]
) -> None:
    assert {e["type"] for e in seeds[kind]} <= set(types)


@pytest.mark.parametrize("kind", KINDS)
def test_wikidata_ids_are_q_numbers_and_unique(
    seeds: dict[str, list[dict[str, Any]]], kind: str
) -> None:
    qids = [e["wikidata"] for e in seeds[kind] if "wikidata" in e]
    assert all(isinstance(q, str) and re.fullmatch(r"Q[1-9][0-9]*", q) for q in qids), qids
    assert len(qids) == len(set(qids)), "two entries of one file claim the same Wikidata item"


def test_every_place_has_coordinates_or_the_unknown_marker(
    seeds: dict[str, list[dict[str, Any]]],
) -> None:
    for p in seeds["places"]:
        located = "lat" in p and "lon" in p
        assert located != bool(p.get("location_unknown")), p["id"]
        assert ("lat" in p) == ("lon" in p), p["id"]


def test_located_places_lie_in_their_country(places: dict[str, dict[str, Any]]) -> None:
    """Catches swapped or mistyped coordinates: a point must fall inside its country's box."""
    checked = 0
    for ident, p in places.items():
        country = ([ident, *ancestors(places, ident)])[-1]
        if "lat" in p and country in BOXES:
            south, north, west, east = BOXES[country]
            assert south <= p["lat"] <= north and west <= p["lon"] <= east, ident
            checked += 1
    assert checked >= 10


def _km(a: dict[str, Any], b: dict[str, Any]) -> float:
    dlat = math.radians(b["lat"] - a["lat"])
    dlon = math.radians(b["lon"] - a["lon"]) * math.cos(math.radians(a["lat"]))
    return 6371.0 * math.hypot(dlat, dlon)


def test_places_inside_a_settlement_are_near_it(places: dict[str, dict[str, Any]]) -> None:
    for ident, p in places.items():
        parent = places.get(p.get("part_of") or "")
        if parent and parent["type"] == "Settlement" and "lat" in p and "lat" in parent:
            assert _km(p, parent) < 15.0, ident


def test_every_place_chain_ends_in_a_country(places: dict[str, dict[str, Any]]) -> None:
    for ident, p in places.items():
        root = ([ident, *ancestors(places, ident)])[-1]
        assert places[root]["type"] == "Country", f"{ident} ends at {root}"
        if p["type"] == "Country":
            assert "part_of" not in p, ident


def test_administrative_levels_nest_and_are_named_by_level(
    places: dict[str, dict[str, Any]],
) -> None:
    for ident, p in places.items():
        if p["type"] in ADMIN_PARENT:
            assert places[p["part_of"]]["type"] == ADMIN_PARENT[p["type"]], ident
            assert ident.endswith(ADMIN_SUFFIX[p["type"]]), ident


def test_actor_relations_point_to_known_actors_without_cycles(
    seeds: dict[str, list[dict[str, Any]]],
) -> None:
    actors = {a["id"]: a for a in seeds["actors"]}
    for a in actors.values():
        for key in ("part_of", "allied_with", "supported_by", "pledged_to"):
            assert set(a.get(key, [])) <= set(actors), (a["id"], key)
    for start in actors:
        stack, seen = list(actors[start].get("part_of", [])), set()
        while stack:
            current = stack.pop()
            assert current != start, f"{start} is part of itself"
            if current not in seen:
                seen.add(current)
                stack.extend(actors[current].get("part_of", []))


def test_sources_point_to_known_actors_and_sources(
    seeds: dict[str, list[dict[str, Any]]],
) -> None:
    actor_ids = {a["id"] for a in seeds["actors"]}
    source_ids = {s["id"] for s in seeds["sources"]}
    for s in seeds["sources"]:
        assert s.get("actor", "sdf") in actor_ids, s["id"]
        assert s.get("affiliation", "sohr") in source_ids, s["id"]


@pytest.mark.parametrize(("gold", "kind", "ident"), sorted(set(_gold_refs())))
def test_every_gold_reference_resolves(
    seeds: dict[str, list[dict[str, Any]]], gold: str, kind: str, ident: str
) -> None:
    assert ident in {e["id"] for e in seeds[kind]}, f"{gold} names unknown {kind[:-1]} {ident}"


def test_gold_files_name_places_and_known_event_types() -> None:
    assert len(GOLD) == 5
    kinds = {kind for _, kind, _ in _gold_refs()}
    assert kinds == set(KINDS)
    for path in GOLD:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for event in doc.get("events") or []:
            assert event["type"] in EVENT_TYPES, (path.name, event["id"])


def test_every_article_publisher_is_a_source(seeds: dict[str, list[dict[str, Any]]]) -> None:
    index = yaml.safe_load((SEEDS / "articles" / "index.yaml").read_text(encoding="utf-8"))
    source_ids = {s["id"] for s in seeds["sources"]}
    assert {a["publisher"] for a in index} <= source_ids


# After loading ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def loaded(store: GraphStore, neo4j_settings: Settings) -> GraphStore:
    from kg.cypher import delete_all

    store.run_autocommit(delete_all()[0])
    load_reference(store, neo4j_settings, SEEDS)
    load_reference(store, neo4j_settings, SEEDS)  # a second load changes nothing
    return store


@pytest.mark.neo4j
def test_reload_is_idempotent(loaded: GraphStore, seeds: dict[str, list[dict[str, Any]]]) -> None:
    rows = loaded.read(
        f"RETURN COUNT {{ MATCH (:{quoted('Actor')}) }} AS actors,"
        f" COUNT {{ MATCH (:{quoted('Place')}) }} AS places,"
        f" COUNT {{ MATCH (:{quoted('Source')}) }} AS sources,"
        f" COUNT {{ MATCH (:{quoted('Place')})-[:{quoted('PART_OF')}]->() }} AS place_links"
    )
    assert rows[0] == {
        "actors": len(seeds["actors"]),
        "places": len(seeds["places"]),
        "sources": len(seeds["sources"]),
        "place_links": sum(1 for p in seeds["places"] if p.get("part_of")),
    }


@pytest.mark.neo4j
@pytest.mark.parametrize(
    ("alias", "actor"),
    [
        ("SDF", "sdf"),
        ("Kurdish fighters", "sdf"),
        ("the Arab-Kurdish force", "sdf"),
        ("Assad regime", "syrian-regime"),
        ("regime forces", "syrian-regime"),
        ("International Coalition", "us-led-coalition"),
        ("Inherent Resolve", "us-led-coalition"),
        ("ISIS", "islamic-state"),
        ("Daesh", "islamic-state"),
        ("the organization", "islamic-state"),
    ],
)
def test_cypher_finds_actors_by_alias(loaded: GraphStore, alias: str, actor: str) -> None:
    rows = loaded.read(
        f"MATCH (a:{quoted('Actor')}) WHERE $alias IN a.aliases RETURN a.id AS id, a.name AS name",
        {"alias": alias},
    )
    assert [r["id"] for r in rows] == [actor]
    assert rows[0]["name"]


@pytest.mark.neo4j
def test_cypher_walks_from_hajin_up_to_syria(loaded: GraphStore) -> None:
    place, part_of = quoted("Place"), quoted("PART_OF")
    rows = loaded.read(
        f"MATCH path = (:{place} {{id: $from}})-[:{part_of}*]->(:{place} {{id: $to}})"
        " RETURN [n IN nodes(path) | n.id] AS ids, [n IN nodes(path) | n.placeType] AS types",
        {"from": "hajin", "to": "syria"},
    )
    assert rows == [
        {
            "ids": ["hajin", "hajin-subdistrict", "abu-kamal-district",
                    "deir-ez-zor-governorate", "syria"],
            "types": ["Settlement", "Subdistrict", "District", "Governorate", "Country"],
        }
    ]  # fmt: skip


@pytest.mark.neo4j
def test_hajin_has_a_point_for_distance_queries(loaded: GraphStore) -> None:
    rows = loaded.read(
        f"MATCH (h:{quoted('Place')} {{id: 'hajin'}}), (b:{quoted('Place')} {{id: 'baghouz'}})"
        " RETURN point.distance(h.location, b.location) / 1000.0 AS km"
    )
    # Hajin lies some 25-30 km up the Euphrates from Baghouz.
    assert 20.0 < rows[0]["km"] < 35.0


@pytest.mark.neo4j
@pytest.mark.parametrize(
    ("rel", "src", "dst"),
    [
        ("PART_OF", "ypg", "sdf"),
        ("PART_OF", "syrian-arab-army", "syrian-regime"),
        ("PART_OF", "united-states", "us-led-coalition"),
        ("PLEDGED_TO", "khalid-bin-al-walid-army", "islamic-state"),
        ("SUPPORTED_BY", "sdf", "us-led-coalition"),
    ],
)
def test_actor_relations_are_in_the_graph(loaded: GraphStore, rel: str, src: str, dst: str) -> None:
    actor = quoted("Actor")
    rows = loaded.read(
        f"MATCH (:{actor} {{id: $src}})-[r:{quoted(rel)}]->(:{actor} {{id: $dst}})"
        " RETURN count(r) AS n",
        {"src": src, "dst": dst},
    )
    assert rows[0]["n"] == 1


@pytest.mark.neo4j
def test_partisan_sources_speak_for_their_actor(loaded: GraphStore) -> None:
    rows = loaded.read(
        f"MATCH (s:{quoted('Source')} {{id: 'sdf-sources'}})-[:{quoted('SPEAKS_FOR')}]->"
        f"(a:{quoted('Actor')}) RETURN a.id AS id"
    )
    assert rows == [{"id": "sdf"}]

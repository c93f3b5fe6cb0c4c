"""Pure dataset resolution: names with the real spellings and codes, roles from a row's text,
places as written with their governorate, the category tables, and the batches rows become.
Rows are written for the tests (``tests.dataset_rows``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from kg.errors import InputError
from loaders.datasets import acled, gdelt, ucdp
from loaders.datasets.aliases import read_alias_table, read_type_table
from loaders.datasets.common import ActorName, Location, RowReject
from loaders.datasets.graph import rows_batch
from loaders.datasets.mapped import Roles, map_row, orient, signature
from loaders.datasets.names import actor_candidates, name_key, place_candidates
from loaders.datasets.resolve import Resolved, Resolver
from loaders.graph.batch import GraphBatch
from loaders.graph.vocabulary import EVENT_TYPE, EVENT_TYPES, KG
from loaders.reference import ReferenceData, read_reference
from loaders.resolution.signatures import SignatureContext
from tests.dataset_rows import BASE, SEEDS, acled_row, gdelt_row, make_resolver, ucdp_row


@pytest.fixture(scope="module")
def ref() -> ReferenceData:
    return read_reference(SEEDS)


@pytest.fixture(scope="module")
def resolver(ref: ReferenceData) -> Resolver:
    return make_resolver(ref)


# -- names -----------------------------------------------------------------------------------


def test_name_candidates() -> None:
    assert actor_candidates("QSD: Syrian Democratic Forces") == (
        "QSD: Syrian Democratic Forces", "Syrian Democratic Forces", "QSD",
    )  # fmt: skip
    assert actor_candidates("Military Forces of Syria (2000-) Republican Guard") == (
        "Military Forces of Syria (2000-) Republican Guard", "Republican Guard",
        "Military Forces of Syria",
    )  # fmt: skip
    assert actor_candidates("Civilians (Syria)") == ("Civilians (Syria)", "Civilians")
    assert place_candidates("Damascus - Al-Midan") == (
        "Damascus - Al-Midan", "Al-Midan", "Damascus",
    )  # fmt: skip
    assert name_key("Al-Qadam") == name_key("al qadam") == name_key("AL  QADAM")


REAL_SPELLINGS = [
    # ACLED, current and pre-2019 layouts, with and without the "XXX: " prefixes
    ("acled", "YPG: Peoples Protection Units", "ypg"),
    ("acled", "QDW: National Defence Forces", "pro-regime-militias"),
    ("acled", "Militia (Pro-Government)", "pro-regime-militias"),
    ("acled", "Opposition Rebels (Syria)", "syrian-opposition"),
    ("acled", "JSH: Free Syrian Army", "syrian-opposition"),
    ("acled", "Military Forces of Russia (2000-)", "russia"),
    ("acled", "Military Forces of Syria (2000-)", "syrian-regime"),
    ("acled", "Military Forces of Syria (2000-) Republican Guard", "republican-guard"),
    ("acled", "Military Forces of Syria (2000-) Tiger Forces", "tiger-forces"),
    ("acled", "Military Forces of Syria (2000-) Air Force", "syrian-regime"),
    ("acled", "QSD: Syrian Democratic Forces", "sdf"),
    ("acled", "Islamic State (Syria)", "islamic-state"),
    ("acled", "HTS: Hayat Tahrir al Sham", "hayat-tahrir-al-sham"),
    ("acled", "Hayat Tahrir al Sham", "hayat-tahrir-al-sham"),
    ("acled", "Syrian National Army", "syrian-national-army"),
    ("acled", "Military Forces of Israel (1948-)", "israel"),
    ("acled", "Civilians (Syria)", "civilians"),
    ("acled", "Military Forces of the United States (2017-2021)", "united-states"),
    # UCDP GED names (19.1 and 23.1)
    ("ucdp", "Government of Syria", "syrian-regime"),
    ("ucdp", "IS", "islamic-state"),
    ("ucdp", "SDF", "sdf"),
    ("ucdp", "Syrian insurgents", "syrian-opposition"),
    ("ucdp", "Rahman Corps", "faylaq-al-rahman"),
    ("ucdp", "Jaysh Asoud al-Sharqiya", "jaysh-usud-al-sharqiya"),
    ("ucdp", "Martyr Lieutenant Ahmed Abdou Brigades", "ahmed-abdou-martyr-brigades"),
    ("ucdp", "Government of United States of America", "united-states"),
    ("ucdp", "al-Qaida", "al-qaeda"),
    ("ucdp", "SNA", "syrian-national-army"),
    # GDELT names (codes: below)
    ("gdelt", "ISLAMIC STATE", "islamic-state"),
    ("gdelt", "HEZBOLLAH", "hezbollah"),
]


@pytest.mark.parametrize("dataset,name,expected", REAL_SPELLINGS)
def test_real_spellings_resolve(resolver: Resolver, dataset: str, name: str, expected: str) -> None:
    fmt = {"acled": acled.FORMAT, "ucdp": ucdp.FORMAT, "gdelt": gdelt.FORMAT}[dataset]
    found = resolver.actor(fmt, ActorName(name))
    assert (found.id, found.new) == (expected, False)


@pytest.mark.parametrize(
    "fmt,codes,expected",
    [
        (ucdp.FORMAT, ("234",), "islamic-state"),
        (ucdp.FORMAT, ("4456",), "syrian-opposition"),
        (gdelt.FORMAT, ("SYRGOV", "SYR"), "syrian-regime"),
        (gdelt.FORMAT, ("SYRREB", "SYR"), "syrian-opposition"),
        (gdelt.FORMAT, ("RUSMIL", "RUS"), "russia"),
        (gdelt.FORMAT, ("XYZ", "SYR"), "syrian-regime"),
    ],
)
def test_dataset_codes_resolve(
    resolver: Resolver, fmt: object, codes: tuple[str, ...], expected: str
) -> None:
    found = resolver.actor(fmt, ActorName("UNKNOWN NAME", codes=codes))  # type: ignore[arg-type]
    assert (found.id, found.new) == (expected, False)


def test_unknown_actor_and_source_become_new(resolver: Resolver) -> None:
    actor = resolver.actor(acled.FORMAT, ActorName("Jaysh al-Ashayir", "3"))
    assert (actor.id, actor.new, actor.kind) == ("jaysh-al-ashayir", True, "Militia")
    assert resolver.actor(ucdp.FORMAT, ActorName("Government of Atlantis")).kind == "StateForce"
    assert resolver.actor(gdelt.FORMAT, ActorName("MILITANT", "REB")).kind == "ArmedGroup"
    source = resolver.source("Deir Ezzor 24")
    assert (source.id, source.new, source.kind) == ("deir-ezzor-24", True, "Unidentified")
    assert resolver.source("Syrian Observatory for Human Rights").id == "sohr"
    assert resolver.source("syriahr.com").id == "sohr"  # a GDELT source URL's site


# -- roles -----------------------------------------------------------------------------------


def _direction(answer: Roles | None) -> object:
    calls: list[tuple[str, tuple[str, ...]]] = []

    def direction(note: str, actors: object) -> Roles | None:
        calls.append((note, tuple(actors)))  # type: ignore[arg-type]
        return answer

    direction.calls = calls  # type: ignore[attr-defined]
    return direction


def test_roles_come_only_from_the_rows_text(resolver: Resolver) -> None:
    row = acled.parse_row(acled_row(notes="IS captured the neighbourhood from the regime."), 2)
    row = acled.parse_row(
        acled_row(
            actor1="Military Forces of Syria (2000-)", actor2="Islamic State (Syria)",
            notes="IS captured the neighbourhood from regime forces.",
            sub_event_type="Non-state actor overtakes territory",
        ),
        2,
    )  # fmt: skip
    # Without a direction (or without text) both sides stay participants, in either order.
    plain = map_row(row, resolver)
    assert plain is not None and plain.attackers == () and plain.targets == ()
    assert {p.id for p in plain.participants} == {"syrian-regime", "islamic-state"}
    told = _direction((frozenset({"islamic-state"}), frozenset({"syrian-regime"})))
    oriented = map_row(row, resolver, told)  # type: ignore[arg-type]
    assert oriented is not None and oriented.oriented
    assert [a.id for a in oriented.attackers] == ["islamic-state"]
    assert [t.id for t in oriented.targets] == ["syrian-regime"]
    assert oriented.participants == () and oriented.row.rule.endswith("roles=text")
    assert told.calls == [  # type: ignore[attr-defined]
        ("IS captured the neighbourhood from regime forces.", ("syrian-regime", "islamic-state"))
    ]
    silent = _direction(None)
    assert map_row(acled.parse_row(acled_row(notes=""), 2), resolver, silent)  # type: ignore[arg-type]
    assert silent.calls == []  # type: ignore[attr-defined]  # no text: not even asked


def test_orient_keeps_contradicted_and_unnamed_actors_as_participants() -> None:
    a, b, c = (Resolved(x, False, x) for x in ("a", "b", "c"))
    attackers, targets, rest = orient((a, b, c), (frozenset({"a", "b"}), frozenset({"b"})))
    assert (attackers, targets, rest) == ((a,), (), (b, c))
    assert orient((a, b), None) == ((), (), (a, b))


def test_gdelt_and_one_sided_roles_are_kept_as_the_data_states_them(resolver: Resolver) -> None:
    told = _direction((frozenset({"syrian-regime"}), frozenset()))
    m = map_row(gdelt.parse_row(gdelt_row(), 1), resolver, told)  # type: ignore[arg-type]
    assert m is not None and m.event_type == "shelling"
    assert ([a.id for a in m.attackers], [t.id for t in m.targets]) == (
        ["syrian-opposition"], ["syrian-regime"],
    )  # fmt: skip
    assert told.calls == []  # type: ignore[attr-defined]


# -- places ----------------------------------------------------------------------------------


def _loc(name: str, lat: float, lon: float, km: float = 2.0, **kw: str) -> Location:
    admin = {"admin1": "Deir-ez-Zor", "admin2": "Abu Kamal", **kw}
    return Location(name, lat, lon, "1", km, admin["admin1"], admin["admin2"])


def test_places_are_kept_as_written_with_their_governorate(resolver: Resolver) -> None:
    hajin = resolver.place(_loc("Hajeen", 34.69, 40.83))
    assert (hajin.id, hajin.name, hajin.near, hajin.parent) == (
        "hajeen-34-690-40-830-2km", "Hajeen", "hajin", "abu-kamal-district",
    )  # fmt: skip
    assert hajin.near_km is not None and hajin.near_km < 0.2
    # Right name, wrong place: a "Hajin" 60 km away is not near the gazetteer's Hajin.
    far = resolver.place(_loc("Hajin", 35.2, 40.9))
    assert far.id == "hajin-35-200-40-900-2km" and far.near is None
    # A neighbourhood is never renamed to the nearest known point; it names Damascus.
    midan = resolver.place(
        _loc("Damascus - Al-Midan", 33.4951, 36.2918, admin1="Damascus", admin2="Damascus")
    )
    assert (midan.name, midan.near, midan.parent) == ("Damascus - Al-Midan", "damascus", "damascus")
    # "Idlib town" is not the Idlib governorate.
    idlib = resolver.place(
        Location("Idlib", 35.93, 36.63, "1", 1.0, "Idlib", "Markaz Idlib", "Settlement")
    )
    assert idlib.near is None and idlib.parent == "idlib-district"
    # ACLED, UCDP and GDELT spell governorates their own way.
    for admin1 in ("Deir-ez-Zor", "Dayr az Zawr governorate", "Deir ez Zor Governorate", "SY07"):
        loc = _loc("Somewhere", 35.1, 40.3, admin1=admin1, admin2="")
        assert resolver.place(loc).parent == "deir-ez-zor-governorate", admin1
    # A district the reference data lacks is created under its governorate.
    new = resolver.place(_loc("Qurayyah", 34.9, 40.5, admin1="Deir-ez-Zor", admin2="Ashara"))
    assert new.new_district is not None
    assert (new.parent, new.new_district.parent) == ("ashara-district", "deir-ez-zor-governorate")


def test_written_place_signature_reaches_the_known_place(
    resolver: Resolver, ref: ReferenceData
) -> None:
    ctx = SignatureContext.build(
        {}, [(p.id, p.lat, p.lon, p.type, p.part_of) for p in ref.places], {}
    )
    m = map_row(acled.parse_row(acled_row(location="Hajeen"), 2), resolver)
    assert m is not None
    place = signature(m, ctx).places[0]
    assert place.near == "hajin" and place.id == m.place.id
    assert {"abu-kamal-district", "deir-ez-zor-governorate", "hajin-subdistrict"} <= place.ancestors
    assert signature(m, ctx).datasets == frozenset({"acled"})


# -- categories -----------------------------------------------------------------------------


def test_categories_map_skip_or_reject(resolver: Resolver) -> None:
    assert resolver.event_type(acled.FORMAT, ("Air/drone strike",)) == "air_strike"
    assert resolver.event_type(acled.FORMAT, ("air/drone strike",)) == "air_strike"
    assert resolver.event_type(acled.FORMAT, ("Peaceful protest",)) is None
    assert resolver.event_type(ucdp.FORMAT, ("3",)) == "killing"
    assert resolver.event_type(gdelt.FORMAT, ("1951", "195", "19")) == "air_strike"
    assert resolver.event_type(gdelt.FORMAT, ("1822", "182", "18")) == "killing"
    assert resolver.event_type(gdelt.FORMAT, ("0251", "025", "02")) is None
    with pytest.raises(RowReject, match="unknown sub_event_type 'Alien landing'"):
        resolver.event_type(acled.FORMAT, ("Alien landing",))


def _listed(predicate: URIRef) -> tuple[Graph, dict[str, set[str]]]:
    graph = Graph().parse(SEEDS.parent / "schema" / "kg.ttl")
    listed: dict[str, set[str]] = {}
    for concept, label in graph.subject_objects(predicate):
        assert isinstance(concept, URIRef)
        listed.setdefault(str(label), set()).add(str(concept).removeprefix(str(EVENT_TYPE)))
    return graph, listed


def test_category_table_agrees_with_the_ontology() -> None:
    """Where schema/kg.ttl names an ACLED category, the table picks one of its event types."""
    _, listed = _listed(KG.acledSubEventType)
    table = read_type_table(SEEDS / "dataset_event_types.yaml", EVENT_TYPES)
    checked = 0
    for category, event_type in table.root["acled"].items():
        if event_type is not None and category in listed:
            assert event_type in listed[category], category
            checked += 1
    assert checked >= 8


def test_cameo_table_agrees_with_the_ontology() -> None:
    """Where schema/kg.ttl names a CAMEO code, the table picks a type that lists it or one of
    the family (root codes name a family)."""
    graph, listed = _listed(KG.cameoCode)
    broader = {
        str(s).removeprefix(str(EVENT_TYPE)): str(o).removeprefix(str(EVENT_TYPE))
        for s, o in graph.subject_objects(URIRef("http://www.w3.org/2004/02/skos/core#broader"))
    }
    table = read_type_table(SEEDS / "dataset_event_types.yaml", EVENT_TYPES)
    checked = 0
    for code, event_type in table.root["gdelt"].items():
        if event_type is not None and code in listed:
            assert event_type in listed[code] or broader.get(event_type) in listed[code], code
            checked += 1
    assert checked >= 12


def test_alias_table_refuses_unknown_ids(ref: ReferenceData, tmp_path: Path) -> None:
    bad = tmp_path / "aliases.yaml"
    bad.write_text("actors:\n  Some Group: no-such-actor\n", encoding="utf-8")
    with pytest.raises(InputError, match="no-such-actor"):
        read_alias_table(bad, ref)
    bad.write_text("datasets:\n  ucdp:\n    codes:\n      '99': nobody\n", encoding="utf-8")
    with pytest.raises(InputError, match="datasets/ucdp/codes"):
        read_alias_table(bad, ref)
    bad.write_text("governorates:\n  Atlantis: atlantis-governorate\n", encoding="utf-8")
    with pytest.raises(InputError, match="atlantis-governorate"):
        read_alias_table(bad, ref)
    bad.write_text("acled:\n  Armed clash: battle_royale\n", encoding="utf-8")
    with pytest.raises(InputError, match="battle_royale"):
        read_type_table(bad, EVENT_TYPES)


# -- batches --------------------------------------------------------------------------------


def test_batches_pass_the_mapping_checks(resolver: Resolver) -> None:
    """Rows are built without per-row validation; validating them here must change nothing."""
    rows = [
        acled.parse_row(acled_row(), 2),
        acled.parse_row(acled_row(event_id_cnty="SYR9002", source="Deir Ezzor 24"), 3),
        ucdp.parse_row(ucdp_row(), 2),
        ucdp.parse_row(ucdp_row(id="990002", where_coordinates="Nowhere", latitude="35.9"), 3),
        gdelt.parse_row(gdelt_row(), 1),
    ]
    mapped = [m for m in (map_row(r, resolver) for r in rows) if m is not None]
    batch = rows_batch(mapped, BASE).to_graph_batch()
    checked = GraphBatch.model_validate(batch.model_dump())
    assert len(checked.nodes) == len(batch.nodes) and len(checked.rels) == len(batch.rels)
    labels = {n.label for n in batch.nodes}
    assert {"Claim", "Document", "CasualtyFigure", "Source", "Place", "EventType"} <= labels
    claims = [n for n in batch.nodes if n.label == "Claim"]
    assert [c.props["id"] for c in claims] == [
        "acled-syr9001", "acled-syr9002", "ucdp-ged-990001", "ucdp-ged-990002", "gdelt-812345678",
    ]  # fmt: skip
    assert [c.props["confidence"] for c in claims] == [1.0, 0.8, 1.0, 1.0, 1.0]
    assert {r.type for r in batch.rels} >= {"NEAR", "PART_OF", "PARTICIPANT", "ATTACKER"}


def test_create_statement_names_reference_nodes_by_position(resolver: Resolver) -> None:
    """The CREATE statement's rows address the chunk's reference nodes by position in one list
    per label; each position must lead back to the record's IRI, a repeated target only once."""
    from kg.ingest.dataset_cypher import create_claim_records

    rows = [
        acled.parse_row(acled_row(), 2),
        acled.parse_row(acled_row(event_id_cnty="SYR9002", source="SOHR; Deir Ezzor 24"), 3),
        ucdp.parse_row(ucdp_row(), 4),
    ]
    records = rows_batch([m for r in rows if (m := map_row(r, resolver))], BASE).claims
    records[1]["participants"] = records[1]["participants"] * 2
    _, params = create_claim_records(records)
    refs, out = params["refs"], params["rows"]
    labels = {"publisher": "Source", "extraction": "Extraction", "type": "EventType"}
    labels |= {"place": "Place", "sources": "Source"}
    labels |= {"attackers": "Actor", "targets": "Actor", "participants": "Actor"}
    for record, row in zip(records, out, strict=True):
        for key, label in labels.items():
            given = record[key] if isinstance(record[key], list) else [record[key]]
            assert [refs[label][i] for i in row[key]] == list(dict.fromkeys(given)), key
        for figure, written in zip(record["figures"], row["figures"], strict=True):
            assert [refs["Actor"][i] for i in written["groups"]] == figure["groups"]
    assert len(out[1]["participants"]) == len(set(records[1]["participants"]))
    assert all(len(set(iris)) == len(iris) for iris in refs.values())

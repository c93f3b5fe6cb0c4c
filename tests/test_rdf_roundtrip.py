"""Exports parse everywhere, conform to the shapes, and survive export -> wipe -> import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyoxigraph
import pyshacl
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from bench.gen_rdf_graph import write_graph
from kg.config import Settings
from kg.cypher import delete_all
from kg.dataset import bind_namespace
from kg.ops.jena import riot
from kg.rdf.export import export_to_file, make_filters
from kg.rdf.importer import RdfValidationError, import_files
from kg.rdf.validation import ONTOLOGY_FILE, SHAPES_FILE
from kg.stats import graph_stats
from kg.store import GraphStore
from tests.rdf_seed_graph import load_seed_graph

pytestmark = [pytest.mark.neo4j, pytest.mark.nlp]  # the seed articles are extracted

EXT = {"turtle": "ttl", "ntriples": "nt", "jsonld": "jsonld", "trig": "trig", "nquads": "nq"}
RDFLIB = {
    "turtle": "turtle",
    "ntriples": "nt",
    "jsonld": "json-ld",
    "trig": "trig",
    "nquads": "nquads",
}
OXI = {
    "turtle": pyoxigraph.RdfFormat.TURTLE,
    "ntriples": pyoxigraph.RdfFormat.N_TRIPLES,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
    "trig": pyoxigraph.RdfFormat.TRIG,
    "nquads": pyoxigraph.RdfFormat.N_QUADS,
}
KG = "https://w3id.org/conflict-kg/def#"


@pytest.fixture(scope="module")
def seed_exports(
    store: GraphStore, neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[Path, int]]:
    """The seed graph exported in every format: path and triple count per format."""
    load_seed_graph(store, neo4j_settings)
    out = tmp_path_factory.mktemp("seed-export")
    exports = {}
    for fmt, ext in EXT.items():
        path = out / f"seed.{ext}"
        exports[fmt] = (path, export_to_file(store, neo4j_settings.namespace, fmt, path).triples)
    return exports


def _rdflib(path: Path, fmt: str) -> Dataset:
    ds = Dataset()
    ds.parse(str(path), format=RDFLIB[fmt])
    return ds


def _quads(ds: Dataset) -> set[tuple[object, ...]]:
    return set(ds.quads((None, None, None, None)))


@pytest.mark.parametrize("fmt", list(EXT))
def test_seed_export_parses_with_rdflib_and_oxigraph(
    seed_exports: dict[str, tuple[Path, int]], fmt: str
) -> None:
    path, triples = seed_exports[fmt]
    quads = list(pyoxigraph.parse(path=str(path), format=OXI[fmt]))
    assert len(quads) == triples > 1000
    assert len(_quads(_rdflib(path, fmt))) == triples
    classes = {q.object.value for q in quads if q.predicate.value.endswith("rdf-syntax-ns#type")}
    assert {KG + "Actor", KG + "Place", KG + "Source", KG + "Document"} <= classes
    assert KG + "Claim" in classes and KG + "Event" in classes


def test_every_seed_format_holds_the_same_triples(
    seed_exports: dict[str, tuple[Path, int]],
) -> None:
    reference = Graph()
    reference.parse(str(seed_exports["ntriples"][0]), format="nt")
    for fmt in ("turtle", "jsonld", "trig", "nquads"):
        union = Graph()
        for s, p, o, _ in _quads(_rdflib(seed_exports[fmt][0], fmt)):
            union.add((s, p, o))
        assert isomorphic(union, reference), fmt


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_seed_claims_sit_in_their_document_graph(
    seed_exports: dict[str, tuple[Path, int]], fmt: str
) -> None:
    quads = list(pyoxigraph.parse(path=str(seed_exports[fmt][0]), format=OXI[fmt]))
    derived = {
        q.subject.value: q.object.value
        for q in quads
        if q.predicate.value == "http://www.w3.org/ns/prov#wasDerivedFrom"
    }
    assert derived
    for q in quads:
        if q.subject.value in derived:
            assert q.graph_name.value == derived[q.subject.value]
        elif "/actor/" in q.subject.value or "/event/" in q.subject.value:
            assert isinstance(q.graph_name, pyoxigraph.DefaultGraph)


@pytest.mark.parametrize("fmt", list(EXT))
def test_seed_export_passes_jena_riot_strict(
    seed_exports: dict[str, tuple[Path, int]], neo4j_settings: Settings, fmt: str
) -> None:
    """Apache Jena's RIOT, a third independent parser, in strict mode (IRIs, language tags,
    XSD literals), fetched from Maven Central like the Neo4j jars."""
    result = riot.validate([seed_exports[fmt][0]], neo4j_settings)
    assert result.ok, result.output


@pytest.mark.parametrize("fmt", list(EXT))
def test_seed_export_conforms_to_the_shapes(
    seed_exports: dict[str, tuple[Path, int]], fmt: str
) -> None:
    union = Graph()
    for s, p, o, _ in _quads(_rdflib(seed_exports[fmt][0], fmt)):
        union.add((s, p, o))
    conforms, _, report = pyshacl.validate(
        union, shacl_graph=str(SHAPES_FILE), ont_graph=str(ONTOLOGY_FILE), advanced=True
    )
    assert conforms, report


def _round_trip(store: GraphStore, settings: Settings, tmp: Path) -> tuple[Path, Path]:
    first, second = tmp / "first.trig", tmp / "second.trig"
    export_to_file(store, settings.namespace, "trig", first)
    store.run_autocommit(delete_all()[0])
    assert sum(graph_stats(store).values()) == 0
    import_files(store, settings, [first])
    export_to_file(store, settings.namespace, "trig", second)
    return first, second


def _assert_isomorphic(first: Path, second: Path) -> None:
    a, b = _rdflib(first, "trig"), _rdflib(second, "trig")
    assert _quads(a) == _quads(b)
    names = {g.identifier for g in a.graphs()}
    assert names == {g.identifier for g in b.graphs()}
    for name in names:
        assert isomorphic(a.graph(name), b.graph(name)), name


def test_seed_round_trip_is_isomorphic(
    clean_store: GraphStore, neo4j_settings: Settings, tmp_path: Path
) -> None:
    load_seed_graph(clean_store, neo4j_settings)
    before = graph_stats(clean_store)
    first, second = _round_trip(clean_store, neo4j_settings, tmp_path)
    assert graph_stats(clean_store) == before
    _assert_isomorphic(first, second)
    # Importing again changes nothing.
    import_files(clean_store, neo4j_settings, [second])
    third = tmp_path / "third.trig"
    export_to_file(clean_store, neo4j_settings.namespace, "trig", third)
    assert third.read_text() == second.read_text()


def test_page_size_does_not_change_the_dump(
    clean_store: GraphStore, neo4j_settings: Settings, tmp_path: Path
) -> None:
    """Keyset pages (by IRI; claims by document then IRI) join up whatever their size."""
    load_seed_graph(clean_store, neo4j_settings)
    base = neo4j_settings.namespace
    small, large = tmp_path / "small.trig", tmp_path / "large.trig"
    n_small = export_to_file(clean_store, base, "trig", small, page_size=3).triples
    n_large = export_to_file(clean_store, base, "trig", large).triples
    assert n_small == n_large > 1000
    assert small.read_text() == large.read_text()


def test_generated_graph_of_10000_events_round_trips(
    clean_store: GraphStore, neo4j_settings: Settings, tmp_path: Path
) -> None:
    bind_namespace(clean_store, neo4j_settings)  # as every load does: the Dataset node
    write_graph(clean_store, neo4j_settings.namespace, 10_000, max_claims=1)
    assert graph_stats(clean_store)["Event"] == 10_000
    first, second = _round_trip(clean_store, neo4j_settings, tmp_path)
    assert graph_stats(clean_store)["Event"] == 10_000
    # Byte-identical TriG is the strongest isomorphism there is; an independent parser
    # confirms both files hold the same quads (rdflib compares the seed round trip above,
    # parsing twice half a million quads with it would add minutes).
    assert first.read_text() == second.read_text()
    a = set(map(str, pyoxigraph.parse(path=str(first), format=pyoxigraph.RdfFormat.TRIG)))
    b = set(map(str, pyoxigraph.parse(path=str(second), format=pyoxigraph.RdfFormat.TRIG)))
    assert a == b and len(a) > 200_000


def _turtle(tmp_path: Path, name: str, body: str) -> Path:
    prefixes = (
        "@prefix kg: <https://w3id.org/conflict-kg/def#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        "@prefix wgs84: <http://www.w3.org/2003/01/geo/wgs84_pos#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    )
    path = tmp_path / name
    path.write_text(prefixes + body, encoding="utf-8")
    return path


def test_invalid_import_is_rejected_with_the_report_and_writes_nothing(
    clean_store: GraphStore, neo4j_settings: Settings, tmp_path: Path
) -> None:
    base = neo4j_settings.namespace
    good = _turtle(
        tmp_path,
        "good.ttl",
        f'<{base}actor/x> a kg:Actor ; dcterms:identifier "x" ; skos:prefLabel "X"@en ;'
        " kg:actorType kg:ArmedGroup .\n",
    )
    bad = _turtle(
        tmp_path,
        "bad.ttl",
        f'<{base}place/p> a kg:Place ; dcterms:identifier "p" ; kg:placeType kg:Nowhere ;'
        ' wgs84:lat "123.0"^^xsd:double ; wgs84:long "40.0"^^xsd:double .\n',
    )
    with pytest.raises(RdfValidationError) as info:
        import_files(clean_store, neo4j_settings, [good, bad])
    assert info.value.source == str(bad)
    assert "Conforms: False" in info.value.report
    assert "prefLabel" in info.value.report and "placeType" in info.value.report
    assert sum(graph_stats(clean_store).values()) == 0
    import_files(clean_store, neo4j_settings, [good])
    assert graph_stats(clean_store)["Actor"] == 1


def _select(path: Path, query: str) -> list[str]:
    store = pyoxigraph.Store()
    store.load(path=str(path), format=pyoxigraph.RdfFormat.N_QUADS)
    return [row[0].value for row in store.query(query, use_default_graph_as_union=True)]


def test_filters_keep_matching_events_and_their_claims(
    clean_store: GraphStore, neo4j_settings: Settings, tmp_path: Path
) -> None:
    base = neo4j_settings.namespace
    write_graph(clean_store, base, 300)
    out = tmp_path / "f.nq"
    prefix = f"PREFIX kg: <{KG}> PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> "

    filters = make_filters(["air_strike"], None, None, None)
    export_to_file(clean_store, base, "nquads", out, filters)
    types = _select(out, prefix + "SELECT DISTINCT ?t WHERE { ?e a kg:Event ; sem:eventType ?t }")
    assert types == ["https://w3id.org/conflict-kg/def/event-type/air_strike"]
    orphans = _select(
        out, prefix + "SELECT ?c WHERE { ?c kg:supports ?e FILTER NOT EXISTS { ?e a kg:Event } }"
    )
    assert orphans == []
    assert _select(out, prefix + "SELECT ?c WHERE { ?c a kg:Claim }")
    assert _select(out, prefix + "SELECT ?c WHERE { ?c a kg:ControlClaim }") == []

    filters = make_filters([], dt.date(2017, 2, 1), dt.date(2017, 2, 28), None)
    export_to_file(clean_store, base, "nquads", out, filters)
    dates = _select(out, prefix + "SELECT ?d WHERE { ?e a kg:Event ; sem:hasBeginTimeStamp ?d }")
    assert dates and all("2017-02-01" <= d <= "2017-02-28" for d in dates)

    filters = make_filters([], None, None, "source-03")
    export_to_file(clean_store, base, "nquads", out, filters)
    sources = _select(
        out,
        prefix + "PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX schema: <https://schema.org/> "
        "SELECT DISTINCT ?c WHERE { ?c a kg:Claim . FILTER NOT EXISTS { "
        f"{{ ?c prov:wasAttributedTo <{base}source/source-03> }} UNION "
        f"{{ ?c prov:wasDerivedFrom/schema:publisher <{base}source/source-03> }} }} }}",
    )
    assert sources == []
    assert _select(out, prefix + "SELECT ?c WHERE { ?c a kg:Claim }")

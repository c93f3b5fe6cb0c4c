"""Importing third-party RDF into the seed graph: references only, protected reference data,
recomputed event aggregates, skolemised blank nodes, foreign IRIs, dry runs."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Dataset

from kg.config import Settings
from kg.dataset import genid_base
from kg.errors import InputError
from kg.ops.jena import riot
from kg.rdf.export import export_to_file
from kg.rdf.importer import ImportOptions, ProtectedDataError, import_files
from kg.rdf.incoming import IriMap
from kg.rdf.validation import RdfValidationError
from kg.stats import graph_stats
from kg.store import GraphStore
from loaders.graph.mapping import quoted
from tests import rdf_import_files as files
from tests.rdf_seed_graph import load_seed_graph

pytestmark = pytest.mark.neo4j

EXT = {"turtle": "ttl", "ntriples": "nt", "jsonld": "jsonld", "trig": "trig", "nquads": "nq"}
RDFLIB = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "trig": "trig",
          "nquads": "nquads"}  # fmt: skip
OXI = {
    "turtle": pyoxigraph.RdfFormat.TURTLE,
    "ntriples": pyoxigraph.RdfFormat.N_TRIPLES,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
    "trig": pyoxigraph.RdfFormat.TRIG,
    "nquads": pyoxigraph.RdfFormat.N_QUADS,
}


@pytest.fixture
def seeded(clean_store: GraphStore, neo4j_settings: Settings) -> GraphStore:
    load_seed_graph(clean_store, neo4j_settings)
    return clean_store


def _event(store: GraphStore, iri: str) -> dict[str, object]:
    rows = store.read(
        f"MATCH (e:{quoted('Event')} {{iri: $iri}}) RETURN e {{.*}} AS e, "
        f"[(e)-[:{quoted('ATTACKER')}]->(a) | a.id] AS attackers, "
        f"[(e)-[:{quoted('OCCURRED_AT')}]->(p) | p.id] AS places, "
        f"[(e)-[:{quoted('HAS_TYPE')}]->(t) | t.id] AS types",
        {"iri": iri},
    )
    assert rows, iri
    return {**rows[0]["e"], **{k: rows[0][k] for k in ("attackers", "places", "types")}}


def _aliases(store: GraphStore, actor: str) -> list[str]:
    rows = store.read(
        f"MATCH (a:{quoted('Actor')} {{id: $id}}) RETURN a.aliases AS aliases", {"id": actor}
    )
    return sorted(rows[0]["aliases"])


def test_a_two_event_file_naming_existing_nodes_only_is_imported(
    seeded: GraphStore, neo4j_settings: Settings, tmp_path: Path
) -> None:
    ns = neo4j_settings.namespace
    text = files.bulletin(ns)
    path = files.write(tmp_path, "bulletin.ttl", text)
    # The file describes none of the nodes it names: no actor, place, source or type.
    for named in ("actor/sdf", "place/hajin", "source/sohr"):
        assert f"<{ns}{named}> a" not in text
    before = graph_stats(seeded)
    report = import_files(seeded, neo4j_settings, [path])
    [file_report] = report.files
    assert file_report.written and not file_report.changed
    assert dict(file_report.new) == {"Claim": 2, "Document": 1, "Event": 2}
    after = graph_stats(seeded)
    assert after["Claim"] == before["Claim"] + 2 and after["Event"] == before["Event"] + 2
    e1 = _event(seeded, f"{ns}event/test-bulletin-1-e1")
    # Aggregates are recomputed from the claims, not taken from the file (which gives none).
    assert e1["claimCount"] == 1 and e1["sourceCount"] == 1
    assert str(e1["startDate"]) == "2018-12-03" and str(e1["endDate"]) == "2018-12-03"
    assert e1["attackers"] == ["sdf"] and e1["places"] == ["hajin"] and e1["types"] == ["attack"]
    assert e1["label"] == "attack at Hajin (2018-12-03)"
    e2 = _event(seeded, f"{ns}event/test-bulletin-1-e2")
    assert e2["attackers"] == [] and e2["places"] == ["baghouz"]
    # Importing the same file again changes nothing.
    again = import_files(seeded, neo4j_settings, [path])
    assert not again.files[0].new and not again.files[0].changed
    assert graph_stats(seeded) == after


def test_a_claim_corroborating_a_stored_event_updates_its_counts(
    seeded: GraphStore, neo4j_settings: Settings, tmp_path: Path
) -> None:
    ns = neo4j_settings.namespace
    rows = seeded.read(
        f"MATCH (e:{quoted('Event')})<-[:{quoted('SUPPORTS')}]-(:{quoted('Claim')}) "
        "WITH e, count(*) AS n WHERE n = 1 AND e.claimCount = 1 "
        "RETURN e.iri AS iri ORDER BY iri LIMIT 1"
    )
    stored = rows[0]["iri"]
    text = files.bulletin(ns, second_event=stored)
    path = files.write(tmp_path, "corroborating.ttl", text)
    report = import_files(seeded, neo4j_settings, [path])
    assert stored in report.files[0].events
    event = _event(seeded, stored)
    assert event["claimCount"] == 2
    assert "baghouz" in event["places"]  # the new claim's place joins the event's roles


def test_reference_data_is_protected_unless_replace(
    seeded: GraphStore, neo4j_settings: Settings, tmp_path: Path
) -> None:
    ns = neo4j_settings.namespace
    aliases = _aliases(seeded, "sdf")
    assert len(aliases) > 10
    text = files.PREFIXES + (
        f'<{ns}actor/sdf> a kg:Actor ; dcterms:identifier "sdf" ;\n'
        '  skos:prefLabel "Syrian Democratic Forces"@en ; skos:altLabel "SDF"@en ;\n'
        f"  kg:actorType kg:ArmedGroup ; kg:partOf <{ns}actor/ypg> .\n"
    )
    path = files.write(tmp_path, "sdf.ttl", text)
    with pytest.raises(ProtectedDataError) as info:
        import_files(seeded, neo4j_settings, [path])
    found = {c.what.split(":")[0].split(" ->")[0] for c in info.value.changes}
    assert any(w.startswith("aliases") for w in found)
    assert any(w.startswith("adds PART_OF") for w in found), found
    assert _aliases(seeded, "sdf") == aliases, "nothing was written"
    dry = import_files(seeded, neo4j_settings, [path], ImportOptions(replace=True, dry_run=True))
    assert dry.files[0].changed and not dry.files[0].written
    assert _aliases(seeded, "sdf") == aliases
    import_files(seeded, neo4j_settings, [path], ImportOptions(replace=True))
    assert _aliases(seeded, "sdf") == ["SDF", "Syrian Democratic Forces"]


def test_a_dry_run_reports_and_writes_nothing(
    seeded: GraphStore, neo4j_settings: Settings, tmp_path: Path
) -> None:
    path = files.write(tmp_path, "bulletin.ttl", files.bulletin(neo4j_settings.namespace))
    before = graph_stats(seeded)
    report = import_files(seeded, neo4j_settings, [path], ImportOptions(dry_run=True))
    [f] = report.files
    assert not f.written and dict(f.new) == {"Claim": 2, "Document": 1, "Event": 2}
    assert len(f.events) == 2
    assert f.documents == [f"{neo4j_settings.namespace}document/test-bulletin-1"]
    assert graph_stats(seeded) == before


def test_a_file_is_validated_with_the_stored_nodes_it_names(
    seeded: GraphStore, neo4j_settings: Settings, tmp_path: Path
) -> None:
    ns = neo4j_settings.namespace
    # A claim pointing at a source that does not exist fails sh:class: nothing says it is one.
    good = files.bulletin(ns)
    attributed = f"prov:wasAttributedTo <{ns}source/sohr> ."
    text = good.replace(attributed, f"prov:wasAttributedTo <{ns}source/nobody> .", 1)
    path = files.write(tmp_path, "unknown-source.ttl", text)
    with pytest.raises(RdfValidationError) as info:
        import_files(seeded, neo4j_settings, [path])
    assert "wasAttributedTo" in info.value.report
    # A quote that is not the text at its offsets is caught against the file's own document.
    quote = f"kg:quote {files.turtle_literal(files.QUOTES['c2'])}"
    bad = good.replace(quote, 'kg:quote "an air strike hit Raqqa"')
    path = files.write(tmp_path, "bad-quote.ttl", bad)
    with pytest.raises(RdfValidationError) as info:
        import_files(seeded, neo4j_settings, [path])
    assert "not the document text" in info.value.report


def test_blank_nodes_are_skolemised_and_every_export_still_parses(
    seeded: GraphStore, neo4j_settings: Settings, tmp_path: Path
) -> None:
    ns = neo4j_settings.namespace
    path = files.write(tmp_path, "bnodes.ttl", files.blank_node_claims(ns))
    report = import_files(seeded, neo4j_settings, [path])
    assert report.files[0].skolemised == 2
    rows = seeded.read(
        f"MATCH (c:{quoted('Claim')} {{id: 'test-bulletin-bnodes-c1'}})"
        f"-[:{quoted('REPORTS')}]->(f) RETURN c.iri AS claim, f.iri AS figure"
    )
    assert len(rows) == 1
    for iri in rows[0].values():
        assert iri.startswith(genid_base(ns)), iri
    # The same file again names its blank nodes the same: nothing new.
    before = graph_stats(seeded)
    again = import_files(seeded, neo4j_settings, [path])
    assert not again.files[0].new and graph_stats(seeded) == before
    for fmt, ext in EXT.items():
        out = tmp_path / f"after.{ext}"
        n = export_to_file(seeded, ns, fmt, out).triples
        quads = list(pyoxigraph.parse(path=str(out), format=OXI[fmt]))
        assert len(quads) == n, fmt
        ds = Dataset()
        ds.parse(str(out), format=RDFLIB[fmt])
        assert len(set(ds.quads((None, None, None, None)))) == n, fmt
        assert any(q.subject.value == rows[0]["claim"] for q in quads), fmt
    result = riot.validate(sorted(tmp_path.glob("after.*")), neo4j_settings)
    assert result.ok, result.output


def test_iris_outside_the_namespace_are_refused_unless_mapped(
    seeded: GraphStore, neo4j_settings: Settings, tmp_path: Path
) -> None:
    ns = neo4j_settings.namespace
    other = "http://elsewhere.example/kg/id/"
    text = files.bulletin(other)
    path = files.write(tmp_path, "foreign.ttl", text)
    with pytest.raises(InputError, match="outside the dataset's namespace"):
        import_files(seeded, neo4j_settings, [path])
    options = ImportOptions(iri_map=IriMap.parse([f"{other}={ns}"]))
    import_files(seeded, neo4j_settings, [path], options)
    assert seeded.read(
        f"MATCH (d:{quoted('Document')} {{iri: $iri}}) RETURN d.id AS id",
        {"iri": f"{ns}document/test-bulletin-1"},
    ) == [{"id": "test-bulletin-1"}]


def test_the_skolem_iri_dereferences(
    seeded: GraphStore, neo4j_settings: Settings, tmp_path: Path
) -> None:
    from fastapi.testclient import TestClient

    from kg.api.app import create_app

    ns = neo4j_settings.namespace
    path = files.write(tmp_path, "b.ttl", files.blank_node_claims(ns))
    import_files(seeded, neo4j_settings, [path])
    claim = seeded.read(
        f"MATCH (c:{quoted('Claim')} {{id: 'test-bulletin-bnodes-c1'}}) RETURN c.iri AS iri"
    )[0]["iri"]
    url = claim[claim.index("/.well-known/genid/") :]
    with TestClient(create_app(neo4j_settings)) as client:
        r = client.get(url, headers={"Accept": "text/turtle"}, follow_redirects=False)
        assert r.status_code == 303, r.text
        doc = client.get(r.headers["location"])
        assert doc.status_code == 200
        quads = list(pyoxigraph.parse(io.BytesIO(doc.content), format=pyoxigraph.RdfFormat.TURTLE))
        assert any(q.subject.value == claim for q in quads)

"""The dumps keep their meaning under an OWL RL reasoner (owlrl): with the ontology and the
axioms of the vocabularies it borrows (SEM, PROV-O, SKOS), the closure of the seed export still
passes the shapes; no claim becomes an event, no actor becomes its country's territory."""

from __future__ import annotations

from pathlib import Path

import owlrl
import pyshacl
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from kg.config import Settings
from kg.rdf.export import export_to_file
from kg.rdf.validation import ONTOLOGY_FILE, SHAPES_FILE
from kg.store import GraphStore
from loaders.graph.vocabulary import KG, SEM
from tests.rdf_seed_graph import load_seed_graph

pytestmark = pytest.mark.neo4j

BORROWED = Path(__file__).resolve().parent / "fixtures" / "borrowed_axioms.ttl"


@pytest.fixture(scope="module")
def closure(
    store: GraphStore, neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Graph, int]:
    """The OWL RL closure of the seed export with the ontologies, and the export's size."""
    load_seed_graph(store, neo4j_settings)
    out = tmp_path_factory.mktemp("reasoning") / "seed.ttl"
    export_to_file(store, neo4j_settings.namespace, "turtle", out)
    g = Graph().parse(out, format="turtle")
    exported = len(g)
    g.parse(ONTOLOGY_FILE, format="turtle")
    g.parse(BORROWED, format="turtle")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    return g, exported


def test_the_closure_conforms_to_the_shapes(closure: tuple[Graph, int]) -> None:
    g, exported = closure
    assert len(g) > 2 * exported, "the reasoner inferred something"
    conforms, _, text = pyshacl.validate(
        g, shacl_graph=str(SHAPES_FILE), inference="none", advanced=True
    )
    assert conforms, str(text)[:5000]


def test_no_claim_is_taken_for_an_event(closure: tuple[Graph, int]) -> None:
    g, _ = closure
    claims = set(g.subjects(RDF.type, KG.Claim))
    assert claims
    assert not claims & set(g.subjects(RDF.type, SEM.Event))
    assert not claims & set(g.subjects(RDF.type, KG.Event))
    events = set(g.subjects(RDF.type, KG.Event))
    assert events and events <= set(g.subjects(RDF.type, SEM.Event))


def test_actors_and_places_stay_apart(closure: tuple[Graph, int], neo4j_settings: Settings) -> None:
    g, _ = closure
    actors = set(g.subjects(RDF.type, KG.Actor))
    places = set(g.subjects(RDF.type, KG.Place))
    assert not actors & places
    iraq = URIRef(f"{neo4j_settings.namespace}actor/iraq")
    same = {o for o in g.objects(iraq, OWL.sameAs)}
    assert same == {iraq}


def test_part_of_walks_up_through_its_transitive_super_property(
    closure: tuple[Graph, int], neo4j_settings: Settings
) -> None:
    g, _ = closure
    hajin, syria = (URIRef(f"{neo4j_settings.namespace}place/{p}") for p in ("hajin", "syria"))
    assert (hajin, KG.transitivelyPartOf, syria) in g
    assert (hajin, KG.partOf, syria) not in g
    assert len(set(g.objects(hajin, KG.partOf))) == 1

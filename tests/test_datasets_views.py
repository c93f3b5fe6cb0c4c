"""Dataset claims as clients see them: the GraphQL events query and the RDF export show an ACLED
claim with its source, document and publisher the way they show an article claim."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF

from kg.api.app import create_app
from kg.config import Settings
from kg.ingest.articles import load_articles
from kg.ingest.datasets import load_dataset
from kg.ingest.reference import load_reference
from kg.rdf.export import export_chunks
from kg.store import GraphStore
from loaders.articles.documents import ArticleMeta
from loaders.claims import DateSpan, EventClaim, Extraction
from loaders.datasets import acled
from loaders.graph.mapping import instance_iri
from loaders.graph.vocabulary import KG, SDO
from loaders.reference import ReferenceData
from loaders.resources import SEEDS_DIR
from tests.graphql_client import data

pytestmark = pytest.mark.neo4j
FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE_004 = SEEDS_DIR / "articles" / "004_e3b5789430163e61.txt"
ARTICLE_QUOTE = "which began with an attack in the capital Damascus"
EVENTS_Q = """
query($filter: EventFilter) {
  events(filter: $filter, first: 10) {
    edges { node { slug sourceCount claims {
      quote
      source { slug }
      document { title publisher { slug } }
    } } }
  }
}
"""


def _extract(text: str, _meta: ArticleMeta, _ref: ReferenceData) -> Extraction:
    start = text.index(ARTICLE_QUOTE)
    claim = EventClaim(
        quote=ARTICLE_QUOTE,
        start=start,
        end=start + len(ARTICLE_QUOTE),
        date=DateSpan(start=dt.date(2018, 3, 13), end=dt.date(2018, 3, 29), precision="day"),
        according_to="sohr",
        rule="gold",
        confidence=1.0,
        event_type="attack",
        attackers=["islamic-state"],
        targets=["syrian-regime"],
        places=["damascus"],
    )
    return Extraction(events=[claim], version="test")


@pytest.fixture
def loaded(clean_store: GraphStore, neo4j_settings: Settings, tmp_path: Path) -> Settings:
    """Seed article 004's Damascus attack and the ACLED fixture (whose row SYR1014 reports
    the same attack), in one graph."""
    cfg = neo4j_settings.model_copy(update={"kg_home": tmp_path / "home"})
    ref = load_reference(clean_store, cfg)
    assert load_articles(clean_store, cfg, [ARTICLE_004], ref, extractor=_extract).ok
    path = tmp_path / "acled_small.csv"
    shutil.copy(FIXTURES / "acled_small.csv", path)
    load_dataset(clean_store, cfg, path, acled.FORMAT)
    return cfg


def test_graphql_events_show_dataset_claims_like_article_claims(loaded: Settings) -> None:
    with TestClient(create_app(loaded)) as client:
        answer = data(client, EVENTS_Q, {"filter": {"places": ["Damascus"]}})
    nodes = [e["node"] for e in answer["events"]["edges"]]
    damascus = [n for n in nodes if len(n["claims"]) == 2]
    assert len(damascus) == 1, nodes
    claims: dict[str, Any] = {c["document"]["publisher"]["slug"]: c for c in damascus[0]["claims"]}
    assert set(claims) == {"sohr", "acled"}
    article, dataset = claims["sohr"], claims["acled"]
    assert article["quote"] == ARTICLE_QUOTE and article["source"] == {"slug": "sohr"}
    assert dataset["quote"].startswith("On 20 March 2018, IS fighters attacked regime positions")
    assert dataset["source"] == {"slug": "sohr"}
    assert dataset["document"]["title"] == "ACLED SYR1014"


def test_a_town_and_a_governorate_find_the_rows_written_for_them(loaded: Settings) -> None:
    """A row's place as written is NEAR the town it names and PART_OF its district and
    governorate, so filtering events by the town or the governorate finds it."""
    query = """query($filter: EventFilter) { events(filter: $filter, first: 50) {
      edges { node { claims { document { title } } } } } }"""
    with TestClient(create_app(loaded)) as client:
        hajin = data(client, query, {"filter": {"places": ["Hajin"]}})
        governorate = data(client, query, {"filter": {"places": ["Deir ez-Zor Governorate"]}})
        baghouz = data(client, query, {"filter": {"places": ["baghouz"]}})

    def titles(answer: dict[str, Any]) -> set[str]:
        edges = answer["events"]["edges"]
        return {c["document"]["title"] for e in edges for c in e["node"]["claims"]}

    assert {"ACLED SYR1003", "ACLED SYR1007", "ACLED SYR1023"} <= titles(hajin)
    assert "ACLED SYR1001" not in titles(hajin)  # Deir ez-Zor city, 90 km away
    # Written "Al Baghuz Fawqani": found through its NEAR link, not by its name.
    assert "ACLED SYR1016" in titles(baghouz)
    assert {"ACLED SYR1001", "ACLED SYR1007", "ACLED SYR1028"} <= titles(governorate)


def _claim_iri(graph: Graph, quote_start: str) -> URIRef:
    found = [s for s, o in graph.subject_objects(KG.quote) if str(o).startswith(quote_start)]
    assert len(found) == 1, found
    assert isinstance(found[0], URIRef)
    return found[0]


def test_rdf_export_shows_dataset_claims_with_their_sources(
    loaded: Settings, clean_store: GraphStore
) -> None:
    text = "".join(export_chunks(clean_store, loaded.namespace, "ntriples"))
    graph = Graph().parse(data=text, format="nt")
    base = loaded.namespace
    article = _claim_iri(graph, ARTICLE_QUOTE)
    dataset = _claim_iri(graph, "On 20 March 2018, IS fighters")
    sohr = URIRef(instance_iri(base, "Source", "sohr"))
    for claim in (article, dataset):
        assert (claim, RDF.type, KG.Claim) in graph
        assert (claim, PROV.wasAttributedTo, sohr) in graph
        assert (claim, PROV.wasDerivedFrom, None) in graph
        assert (claim, PROV.wasGeneratedBy, None) in graph
    record = URIRef(instance_iri(base, "Document", "acled-syr1014"))
    assert (dataset, PROV.wasDerivedFrom, record) in graph
    assert (record, SDO.publisher, URIRef(instance_iri(base, "Source", "acled"))) in graph
    assert (record, KG.documentType, KG.DatasetRecord) in graph
    assert set(graph.objects(article, KG.supports)) == set(graph.objects(dataset, KG.supports))
    # A row naming two sources is attributed to both.
    hajin = _claim_iri(graph, "On 14 December 2018, QSD")
    assert set(graph.objects(hajin, PROV.wasAttributedTo)) == {
        sohr,
        URIRef(instance_iri(base, "Source", "afp")),
    }

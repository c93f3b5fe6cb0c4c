"""RDF namespaces and the closed vocabularies (event types, precisions, qualifiers, kinds).

Kept apart from the mapping so that pure modules (extraction, mapping) can import the names
without pulling in any I/O.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD

ONTOLOGY_IRI = "https://w3id.org/conflict-kg/def"
"""The ontology document: ``kg:`` terms are ``{ONTOLOGY_IRI}#{name}``, concepts of the event
type, ACLED and CAMEO schemes ``{ONTOLOGY_IRI}/{scheme}/{id}``."""
KG = Namespace(f"{ONTOLOGY_IRI}#")
EVENT_TYPE = Namespace(f"{ONTOLOGY_IRI}/event-type/")
ACLED = Namespace(f"{ONTOLOGY_IRI}/acled/")
CAMEO = Namespace(f"{ONTOLOGY_IRI}/cameo/")
CONCEPT_SCHEMES: dict[str, Namespace] = {
    "event-type": EVENT_TYPE,
    "acled": ACLED,
    "cameo": CAMEO,
}
"""Path segment under ``/def/`` -> namespace of the concepts served there."""
DEFAULT_NAMESPACE = "https://w3id.org/conflict-kg/id/"
"""Instance namespace of a new dataset (``KG_NAMESPACE``); a database keeps the one it was
created with (see ``kg.dataset``)."""
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
SF = Namespace("http://www.opengis.net/ont/sf#")
WGS84 = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
SDO = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
GEONAMES = "https://sws.geonames.org/"
LANGUAGE = "en"
"""Language tag of names, labels, definitions and descriptions: they are written in English."""

PREFIXES: dict[str, object] = {
    "kg": KG,
    "et": EVENT_TYPE,
    "sem": SEM,
    "geo": GEO,
    "sf": SF,
    "wgs84": WGS84,
    "schema": SDO,
    "prov": PROV,
    "skos": SKOS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "dcterms": DCTERMS,
    "wd": WD,
    "acled": ACLED,
    "cameo": CAMEO,
    "void": VOID,
}

EVENT_TYPES: tuple[str, ...] = (
    "armed_clash",
    "attack",
    "ambush",
    "air_strike",
    "drone_strike",
    "shelling",
    "bombing",
    "suicide_attack",
    "abduction",
    "arrest",
    "killing",
    "offensive",
    "siege",
    "capture_of_territory",
    "withdrawal",
    "surrender",
    "control_statement",
)
DATE_PRECISIONS: tuple[str, ...] = ("day", "week", "month", "year", "unknown")
QUALIFIERS: tuple[str, ...] = (
    "exact",
    "at_least",
    "about",
    "more_than",
    "at_most",
    "approximate_range",
    "unspecified",
)
CASUALTY_KINDS: tuple[str, ...] = ("killed", "injured", "captured")
ACTOR_TYPES: tuple[str, ...] = (
    "ArmedGroup",
    "StateForce",
    "Coalition",
    "Militia",
    "Government",
    "State",
    "Civilians",
    "Person",
)
PLACE_TYPES: tuple[str, ...] = (
    "Settlement",
    "Neighbourhood",
    "Subdistrict",
    "District",
    "Governorate",
    "Country",
    "Region",
    "River",
    "OilField",
    "Camp",
    "BorderCrossing",
    "MilitaryBase",
    "Facility",
)
SOURCE_TYPES: tuple[str, ...] = (
    "NewsAgency",
    "NewsOutlet",
    "Monitor",
    "Government",
    "ArmedGroup",
    "Person",
    "Researcher",
    "Dataset",
    "Unidentified",
)
DOCUMENT_TYPES: tuple[str, ...] = ("NewsArticle", "DatasetRecord")

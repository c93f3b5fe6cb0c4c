"""RDF namespaces and the closed vocabularies (event types, precisions, qualifiers, kinds).

Kept apart from the mapping so that pure modules (extraction, mapping) can import the names
without pulling in any I/O.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

KG = Namespace("https://w3id.org/conflict-kg/def#")
EVENT_TYPE = Namespace("https://w3id.org/conflict-kg/def/event-type/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
SF = Namespace("http://www.opengis.net/ont/sf#")
WGS84 = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
SDO = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
GEONAMES = "https://sws.geonames.org/"

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

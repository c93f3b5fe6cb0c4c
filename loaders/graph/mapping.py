"""The one mapping between the property graph and RDF.

Every label, relationship type and property key the project writes is declared here, with the
RDF class or property it means. Writers check their batches against it, the RDF exporter and
importer translate through it, the GraphQL layer and the Cypher cookbook read their names from
it. Nothing else in the code base spells a label or relationship type on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from rdflib import URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDFS, SKOS, XSD

from loaders.errors import MappingError
from loaders.graph.vocabulary import EVENT_TYPE, GEONAMES, KG, SDO, SEM, WD, WGS84

PropKind = Literal["literal", "vocab", "iri", "uri"]
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Prop:
    """A node property and the RDF predicate that carries it.

    ``kind`` says how a value becomes an RDF term: ``literal`` (typed by ``datatype``),
    ``vocab`` (a local name in the ontology namespace, e.g. ``day`` -> ``kg:day``), ``iri``
    (an identifier appended to ``prefix``, e.g. a Wikidata Q-id) or ``uri`` (a full IRI).
    """

    key: str
    predicate: URIRef
    datatype: URIRef = XSD.string
    kind: PropKind = "literal"
    many: bool = False
    required: bool = False
    prefix: str = ""


@dataclass(frozen=True)
class NodeType:
    """A label, its RDF class(es) and the path segment of its instance IRIs."""

    label: str
    rdf_class: URIRef
    iri_kind: str
    props: tuple[Prop, ...]
    also_types: tuple[URIRef, ...] = ()
    extra_labels: tuple[str, ...] = ()
    iri_base: str | None = None
    """Fixed IRI base for vocabulary nodes (event types); instances use ``KG_BASE_IRI``."""

    def iri(self, base: str, ident: str) -> str:
        """The IRI of the node with this id: ``{base}{iri_kind}/{id}`` or ``{iri_base}{id}``."""
        return f"{self.iri_base}{ident}" if self.iri_base else f"{base}{self.iri_kind}/{ident}"

    def prop(self, key: str) -> Prop:
        for p in self.props:
            if p.key == key:
                return p
        raise MappingError(f"{self.label} has no property {key!r} in the mapping")


@dataclass(frozen=True)
class RelType:
    """A relationship type, the RDF property it means, and the labels it may join."""

    type: str
    predicate: URIRef
    endpoints: tuple[tuple[str, str], ...]
    description: str = ""


@dataclass(frozen=True)
class Mapping:
    nodes: dict[str, NodeType] = field(default_factory=dict)
    rels: dict[str, RelType] = field(default_factory=dict)

    def node(self, label: str) -> NodeType:
        try:
            return self.nodes[label]
        except KeyError:
            raise MappingError(f"label {label!r} is not in the mapping") from None

    def rel(self, rel_type: str) -> RelType:
        try:
            return self.rels[rel_type]
        except KeyError:
            raise MappingError(f"relationship type {rel_type!r} is not in the mapping") from None

    def by_class(self, rdf_class: URIRef) -> NodeType | None:
        for nt in self.nodes.values():
            if nt.rdf_class == rdf_class:
                return nt
        return None

    def by_predicate(self, predicate: URIRef) -> RelType | None:
        for rt in self.rels.values():
            if rt.predicate == predicate:
                return rt
        return None


def _id() -> Prop:
    return Prop("id", DCTERMS.identifier, required=True)


def _name(required: bool = True) -> Prop:
    return Prop("name", SKOS.prefLabel, required=required)


def _aliases() -> Prop:
    return Prop("aliases", SKOS.altLabel, many=True)


def _wikidata() -> Prop:
    return Prop("wikidata", OWL.sameAs, kind="iri", prefix=str(WD))


_DATES = (
    Prop("startDate", SEM.hasBeginTimeStamp, XSD.date),
    Prop("endDate", SEM.hasEndTimeStamp, XSD.date),
    Prop("datePrecision", KG.datePrecision, kind="vocab", required=True),
)

# Event claims and control claims carry the same provenance properties.
_CLAIM_PROPS = (
    _id(),
    Prop("quote", KG.quote, required=True),
    Prop("startOffset", KG.startOffset, XSD.integer),
    Prop("endOffset", KG.endOffset, XSD.integer),
    *_DATES,
    Prop("confidence", KG.confidence, XSD.double, required=True),
    Prop("rule", KG.rule),
    Prop("locator", KG.locator),
)

# Why an event claim supports its event: the evidence the resolver weighed (one event per claim,
# so the SUPPORTS link's reasons are kept on the claim).
_LINK_PROPS = (
    Prop("linkScore", KG.linkScore, XSD.double),
    Prop("linkReason", KG.linkReason),
    Prop("linkDistanceKm", KG.linkDistanceKm, XSD.double),
    Prop("linkDaysApart", KG.linkDaysApart, XSD.integer),
    Prop("linkActors", KG.linkActor, many=True),
    Prop("linkFamily", KG.linkFamily),
)
# A dataset row's own category and, once the row left the dataset, the day it was retracted.
_DATASET_CLAIM_PROPS = (
    Prop("datasetCategory", KG.datasetCategory),
    Prop("retractedOn", KG.retractedOn, XSD.date),
)

_NODE_TYPES = (
    NodeType(
        "Actor",
        KG.Actor,
        "actor",
        (
            _id(),
            _name(),
            _aliases(),
            Prop("actorType", KG.actorType, kind="vocab", required=True),
            Prop("nationalityAdjectives", KG.nationalityAdjective, many=True),
            _wikidata(),
            Prop("description", RDFS.comment),
            Prop("reviewNeeded", KG.reviewNeeded, XSD.boolean),
            Prop("side", KG.side),
        ),
        also_types=(SEM.Actor, PROV.Agent),
    ),
    NodeType(
        "Place",
        KG.Place,
        "place",
        (
            _id(),
            _name(),
            _aliases(),
            Prop("placeType", KG.placeType, kind="vocab", required=True),
            Prop("lat", WGS84.lat, XSD.double),
            Prop("lon", WGS84.long, XSD.double),
            Prop("locationUnknown", KG.locationUnknown, XSD.boolean),
            Prop("precisionKm", KG.locationPrecisionKm, XSD.double),
            _wikidata(),
            Prop("geonames", OWL.sameAs, kind="iri", prefix=GEONAMES),
            Prop("reviewNeeded", KG.reviewNeeded, XSD.boolean),
            Prop("nearKm", KG.nearDistanceKm, XSD.double),
        ),
        also_types=(SEM.Place,),
    ),
    NodeType(
        "EventType",
        SKOS.Concept,
        "event-type",
        (
            _id(),
            _name(),
            Prop("definition", SKOS.definition),
            Prop("acledSubEventTypes", KG.acledSubEventType, many=True),
            Prop("cameoCodes", KG.cameoCode, many=True),
        ),
        iri_base=str(EVENT_TYPE),
    ),
    NodeType(
        "Event",
        KG.Event,
        "event",
        (
            _id(),
            Prop("label", RDFS.label),
            *_DATES,
            Prop("sourceCount", KG.sourceCount, XSD.integer),
            Prop("claimCount", KG.claimCount, XSD.integer),
        ),
        also_types=(SEM.Event,),
    ),
    NodeType(
        "Claim",
        KG.Claim,
        "claim",
        (*_CLAIM_PROPS, *_LINK_PROPS, *_DATASET_CLAIM_PROPS),
        also_types=(PROV.Entity,),
    ),
    NodeType(
        "ControlClaim",
        KG.ControlClaim,
        "claim",
        _CLAIM_PROPS,
        also_types=(KG.Claim, PROV.Entity),
        extra_labels=("Claim",),
    ),
    NodeType(
        "CasualtyFigure",
        KG.CasualtyFigure,
        "casualty",
        (
            _id(),
            Prop("count", KG["count"], XSD.integer),
            Prop("maxCount", KG.maxCount, XSD.integer),
            Prop("qualifier", KG.qualifier, kind="vocab", required=True),
            Prop("casualtyKind", KG.casualtyKind, kind="vocab", required=True),
            Prop("groupLabel", KG.groupLabel),
        ),
    ),
    NodeType(
        "Document",
        KG.Document,
        "document",
        (
            _id(),
            Prop("title", SDO.headline),
            Prop("url", SDO.url, kind="uri"),
            Prop("author", SDO.author),
            Prop("datePublished", SDO.datePublished),
            Prop("datePrecision", KG.datePrecision, kind="vocab"),
            Prop("dateNote", KG.dateNote),
            Prop("language", SDO.inLanguage),
            Prop("translatedFrom", KG.translatedFrom),
            Prop("documentType", KG.documentType, kind="vocab", required=True),
            Prop("fileName", KG.fileName),
            Prop("sha256", KG.sha256, required=True),
            Prop("version", SDO.version),
            Prop("text", SDO.text),
        ),
        also_types=(PROV.Entity,),
    ),
    NodeType(
        "Source",
        KG.Source,
        "source",
        (
            _id(),
            _name(),
            _aliases(),
            Prop("sourceType", KG.sourceType, kind="vocab", required=True),
            _wikidata(),
            Prop("url", SDO.url, kind="uri"),
            Prop("reviewNeeded", KG.reviewNeeded, XSD.boolean),
        ),
        also_types=(PROV.Agent,),
    ),
    NodeType(
        "Extraction",
        KG.Extraction,
        "extraction",
        (
            _id(),
            Prop("method", KG.method, required=True),
            Prop("version", KG.version, required=True),
        ),
        also_types=(PROV.Activity,),
    ),
)

_REL_TYPES = (
    RelType(
        "PART_OF",
        KG.partOf,
        (("Actor", "Actor"), ("Place", "Place")),
        "subgroup of an actor; place inside a larger place",
    ),
    RelType(
        "NEAR",
        KG.nearKnownPlace,
        (("Place", "Place"),),
        "a dataset's place as written -> the known place it names or lies nearest to",
    ),
    RelType("ALLIED_WITH", KG.alliedWith, (("Actor", "Actor"),), "alliance between actors"),
    RelType("SUPPORTED_BY", KG.supportedBy, (("Actor", "Actor"),), "backing by a state or group"),
    RelType("PLEDGED_TO", KG.pledgedAllegianceTo, (("Actor", "Actor"),), "allegiance pledge"),
    RelType("BROADER", SKOS.broader, (("EventType", "EventType"),), "event type family"),
    RelType(
        "HAS_TYPE",
        SEM.eventType,
        (("Event", "EventType"), ("Claim", "EventType")),
        "the event's type (on a claim: the type it states)",
    ),
    RelType(
        "ATTACKER",
        KG.attacker,
        (("Event", "Actor"), ("Claim", "Actor")),
        "actor that attacked (on a claim: as stated by it)",
    ),
    RelType(
        "TARGET",
        KG.target,
        (("Event", "Actor"), ("Claim", "Actor")),
        "actor that was attacked (on a claim: as stated by it)",
    ),
    RelType(
        "PARTICIPANT",
        SEM.hasActor,
        (("Event", "Actor"), ("Claim", "Actor")),
        "other actor taking part",
    ),
    RelType(
        "OCCURRED_AT", SEM.hasPlace, (("Event", "Place"), ("Claim", "Place")), "where it happened"
    ),
    RelType("SUPPORTS", KG.supports, (("Claim", "Event"),), "the claim reports this event"),
    RelType(
        "DERIVED_FROM",
        PROV.wasDerivedFrom,
        (("Claim", "Document"), ("ControlClaim", "Document")),
        "document the claim was read from",
    ),
    RelType(
        "ATTRIBUTED_TO",
        PROV.wasAttributedTo,
        (("Claim", "Source"), ("ControlClaim", "Source")),
        "source the claim is attributed to ('according to')",
    ),
    RelType(
        "GENERATED_BY",
        PROV.wasGeneratedBy,
        (("Claim", "Extraction"), ("ControlClaim", "Extraction")),
        "extraction that made it",
    ),
    RelType(
        "REPORTS",
        KG.reportsCasualties,
        (("Claim", "CasualtyFigure"),),
        "casualty figure stated by the claim",
    ),
    RelType(
        "COUNTS",
        KG.countsMembersOf,
        (("CasualtyFigure", "Actor"),),
        "the group a casualty figure counts",
    ),
    RelType(
        "CONTROLLER",
        KG.controller,
        (("ControlClaim", "Actor"),),
        "actor said to control the places",
    ),
    RelType(
        "CONTROLLED_PLACE",
        KG.controlledPlace,
        (("ControlClaim", "Place"),),
        "place said to be controlled",
    ),
    RelType("PUBLISHED_BY", SDO.publisher, (("Document", "Source"),), "publisher"),
    RelType("SPEAKS_FOR", KG.speaksFor, (("Source", "Actor"),), "actor a source speaks for"),
    RelType(
        "AFFILIATED_WITH",
        KG.affiliatedWith,
        (("Source", "Source"),),
        "organisation a quoted person belongs to",
    ),
)

MAPPING = Mapping(
    nodes={nt.label: nt for nt in _NODE_TYPES},
    rels={rt.type: rt for rt in _REL_TYPES},
)


def _check_names() -> None:
    for label in MAPPING.nodes:
        assert _NAME.match(label), label
    for rel in MAPPING.rels:
        assert _NAME.match(rel), rel


_check_names()


def instance_iri(base: str, label: str, ident: str) -> str:
    """The IRI of the node with this label and id."""
    return MAPPING.node(label).iri(base, ident)


def slug(text: str, empty: str) -> str:
    """Lowercase ASCII letters and digits joined by hyphens: the shape of every id; ``empty``
    when nothing of ``text`` is left."""
    return _SLUG.sub("-", text.lower()).strip("-") or empty


def quoted(name: str) -> str:
    """Backtick a label or relationship type for Cypher, after checking it is one of ours."""
    if name not in MAPPING.nodes and name not in MAPPING.rels:
        raise MappingError(f"{name!r} is neither a label nor a relationship type of the mapping")
    return f"`{name}`"

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
from rdflib.namespace import DCTERMS, PROV, RDFS, SKOS, VOID, XSD

from loaders.errors import MappingError
from loaders.graph.vocabulary import EVENT_TYPE, GEONAMES, KG, LANGUAGE, SDO, SEM, WD, WGS84

PropKind = Literal["literal", "vocab", "iri", "uri"]
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Prop:
    """A node property and the RDF predicate that carries it.

    ``kind`` says how a value becomes an RDF term: ``literal`` (typed by ``datatype``, or
    tagged with ``lang``), ``vocab`` (a local name in the ontology namespace, e.g. ``day`` ->
    ``kg:day``), ``iri`` (an identifier between ``prefix`` and ``suffix``, e.g. a Wikidata
    Q-id) or ``uri`` (a full IRI).

    ``other_than`` names a property whose value this one never repeats in RDF: the graph keeps
    an actor's name among its aliases (so that Cypher finds it by any of them), while SKOS
    forbids a label to be both preferred and alternative (S13). Exports leave it out of the
    aliases; imports put it back.
    """

    key: str
    predicate: URIRef
    datatype: URIRef = XSD.string
    kind: PropKind = "literal"
    many: bool = False
    required: bool = False
    prefix: str = ""
    suffix: str = ""
    lang: str | None = None
    other_than: str | None = None


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
    """A relationship type, the RDF property it means, and the labels it may join.

    ``stated`` gives another property for relationships starting at some labels: a claim's
    roles are what the claim states, not facts about an event, so ``ATTACKER`` from a Claim is
    ``kg:statedAttacker`` while from an Event it is ``kg:attacker`` (a ``sem:hasActor``, whose
    domain would make every claim a ``sem:Event`` to a reasoner).
    """

    type: str
    predicate: URIRef
    endpoints: tuple[tuple[str, str], ...]
    description: str = ""
    stated: tuple[tuple[str, URIRef], ...] = ()

    def predicate_for(self, src_label: str) -> URIRef:
        """The RDF property of this relationship when it starts at a node of ``src_label``."""
        for label, predicate in self.stated:
            if label == src_label:
                return predicate
        return self.predicate

    @property
    def predicates(self) -> tuple[URIRef, ...]:
        """Every RDF property this relationship type is written as."""
        return tuple(dict.fromkeys((self.predicate, *(p for _, p in self.stated))))


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

    def rel_predicate(self, rel_type: str, src_label: str) -> URIRef:
        """The RDF property of a relationship of ``rel_type`` from a node of ``src_label`` (a
        ControlClaim, also a Claim, states its roles like any claim)."""
        rt = self.rel(rel_type)
        for label in (src_label, *self.node(src_label).extra_labels):
            if any(own == label for own, _ in rt.stated):
                return rt.predicate_for(label)
        return rt.predicate

    def rels_for_predicate(self, predicate: URIRef) -> list[tuple[RelType, str, str]]:
        """``(relationship type, source label, target label)`` written as ``predicate``."""
        return [
            (rt, src, dst)
            for rt in self.rels.values()
            for src, dst in rt.endpoints
            if rt.predicate_for(src) == predicate
        ]


def _id() -> Prop:
    return Prop("id", DCTERMS.identifier, required=True)


def _name(required: bool = True) -> Prop:
    return Prop("name", SKOS.prefLabel, required=required, lang=LANGUAGE)


def _aliases() -> Prop:
    return Prop("aliases", SKOS.altLabel, many=True, lang=LANGUAGE, other_than="name")


def _wikidata() -> Prop:
    """A link to the Wikidata item: a mapping, not identity (a country's one item stands for
    both its state, an actor, and its territory, a place)."""
    return Prop("wikidata", SKOS.exactMatch, kind="iri", prefix=str(WD))


def _uris(key: str, predicate: URIRef) -> Prop:
    return Prop(key, predicate, kind="uri", many=True)


_DATES = (
    Prop("startDate", SEM.hasBeginTimeStamp, XSD.date),
    Prop("endDate", SEM.hasEndTimeStamp, XSD.date),
    Prop("datePrecision", KG.datePrecision, kind="vocab", required=True),
)

# Event claims and control claims carry the same provenance properties. Their dates are what
# the claim states (kg:statedStart/End), not SEM time stamps of an event.
_CLAIM_PROPS = (
    _id(),
    Prop("quote", KG.quote, required=True),
    Prop("startOffset", KG.startOffset, XSD.integer),
    Prop("endOffset", KG.endOffset, XSD.integer),
    Prop("startDate", KG.statedStart, XSD.date),
    Prop("endDate", KG.statedEnd, XSD.date),
    Prop("datePrecision", KG.datePrecision, kind="vocab", required=True),
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
            Prop("nationalityAdjectives", KG.nationalityAdjective, many=True, lang=LANGUAGE),
            _wikidata(),
            Prop("description", RDFS.comment, lang=LANGUAGE),
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
            Prop("geonames", SKOS.exactMatch, kind="iri", prefix=GEONAMES, suffix="/"),
            Prop("reviewNeeded", KG.reviewNeeded, XSD.boolean),
            Prop("nearKm", KG.nearDistanceKm, XSD.double),
        ),
        also_types=(SEM.Place,),
    ),
    NodeType(
        "EventType",
        KG.EventType,
        "event-type",
        (
            _id(),
            _name(),
            Prop("definition", SKOS.definition, lang=LANGUAGE),
            Prop("acledSubEventTypes", KG.acledSubEventType, many=True),
            Prop("cameoCodes", KG.cameoCode, many=True),
            Prop("scheme", SKOS.inScheme, kind="uri"),
            Prop("topConceptOf", SKOS.topConceptOf, kind="uri"),
            _uris("exactMatch", SKOS.exactMatch),
            _uris("closeMatch", SKOS.closeMatch),
            _uris("broadMatch", SKOS.broadMatch),
            _uris("relatedMatch", SKOS.relatedMatch),
        ),
        also_types=(SKOS.Concept, SEM.EventType),
        iri_base=str(EVENT_TYPE),
    ),
    NodeType(
        "Event",
        KG.Event,
        "event",
        (
            _id(),
            Prop("label", RDFS.label, lang=LANGUAGE),
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
    NodeType(
        "Dataset",
        VOID.Dataset,
        "dataset",
        (
            _id(),
            Prop("title", DCTERMS.title, lang=LANGUAGE),
            Prop("namespace", VOID.uriSpace, required=True),
        ),
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
        stated=(("Claim", KG.statedType),),
    ),
    RelType(
        "ATTACKER",
        KG.attacker,
        (("Event", "Actor"), ("Claim", "Actor")),
        "actor that attacked (on a claim: as stated by it)",
        stated=(("Claim", KG.statedAttacker),),
    ),
    RelType(
        "TARGET",
        KG.target,
        (("Event", "Actor"), ("Claim", "Actor")),
        "actor that was attacked (on a claim: as stated by it)",
        stated=(("Claim", KG.statedTarget),),
    ),
    RelType(
        "PARTICIPANT",
        SEM.hasActor,
        (("Event", "Actor"), ("Claim", "Actor")),
        "other actor taking part",
        stated=(("Claim", KG.statedParticipant),),
    ),
    RelType(
        "OCCURRED_AT",
        SEM.hasPlace,
        (("Event", "Place"), ("Claim", "Place")),
        "where it happened",
        stated=(("Claim", KG.statedPlace),),
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

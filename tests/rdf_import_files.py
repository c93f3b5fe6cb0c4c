"""Third-party RDF files for the import tests, written for them: a short bulletin whose claims
name actors, places, a source and event types already in the seed graph, without describing
any of them (facts only: the ids of the seeds)."""

from __future__ import annotations

import hashlib
from pathlib import Path

PREFIXES = """\
@prefix kg: <https://w3id.org/conflict-kg/def#> .
@prefix et: <https://w3id.org/conflict-kg/def/event-type/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

TEXT = (
    "Test bulletin. On 3 December 2018 fighters of the SDF attacked positions held by the "
    "Islamic State in Hajin, the monitor said. The next day an air strike hit Baghouz."
)
QUOTES = {
    "c1": "fighters of the SDF attacked positions held by the Islamic State in Hajin",
    "c2": "an air strike hit Baghouz",
}


def offsets(quote: str) -> tuple[int, int]:
    start = TEXT.index(quote)
    return start, start + len(quote)


def turtle_literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def bulletin(ns: str, document: str = "test-bulletin-1", second_event: str | None = None) -> str:
    """Two events, each with one claim, from one new document: every other node is named by
    its IRI only (SDF, Islamic State, Hajin, Baghouz, SOHR, two event types). With
    ``second_event``, the second claim supports that stored event instead of a new one."""
    doc = f"<{ns}document/{document}>"
    digest = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    claims = []
    for cid, event, etype, attacker, target, place, day in (
        ("c1", "e1", "attack", "sdf", "islamic-state", "hajin", "2018-12-03"),
        ("c2", "e2", "air_strike", None, None, "baghouz", "2018-12-04"),
    ):
        start, end = offsets(QUOTES[cid])
        event_iri = f"<{ns}event/{document}-{event}>"
        described = (
            f"{event_iri} a kg:Event ;\n"
            f'  dcterms:identifier "{document}-{event}" ;\n'
            f"  kg:datePrecision kg:day ; sem:eventType et:{etype} .\n"
        )
        if second_event is not None and event == "e2":
            event_iri, described = f"<{second_event}>", ""
        roles = "".join(
            f" kg:{p} <{ns}actor/{a}> ;"
            for p, a in (("statedAttacker", attacker), ("statedTarget", target))
            if a
        )
        claims.append(
            f"<{ns}claim/{document}-{cid}> a kg:Claim ;\n"
            f'  dcterms:identifier "{document}-{cid}" ;\n'
            f"  kg:quote {turtle_literal(QUOTES[cid])} ;\n"
            f"  kg:startOffset {start} ; kg:endOffset {end} ;\n"
            f'  kg:statedStart "{day}"^^xsd:date ; kg:statedEnd "{day}"^^xsd:date ;\n'
            f"  kg:datePrecision kg:day ; kg:confidence 0.9e0 ;\n"
            f"  kg:statedType et:{etype} ;{roles} kg:statedPlace <{ns}place/{place}> ;\n"
            f"  kg:supports {event_iri} ;\n"
            f"  prov:wasDerivedFrom {doc} ;\n"
            f"  prov:wasAttributedTo <{ns}source/sohr> .\n"
            f"{described}"
        )
    return (
        PREFIXES
        + f"{doc} a kg:Document ;\n"
        + f'  dcterms:identifier "{document}" ;\n'
        + '  schema:headline "Test bulletin" ;\n'
        + f'  kg:documentType kg:NewsArticle ;\n  kg:sha256 "{digest}" ;\n'
        + f"  schema:text {turtle_literal(TEXT)} ;\n"
        + f"  schema:publisher <{ns}source/sohr> .\n"
        + "".join(claims)
    )


def blank_node_claims(ns: str) -> str:
    """A document whose claim and casualty figure are blank nodes."""
    digest = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    start, end = offsets(QUOTES["c2"])
    return (
        PREFIXES
        + f"<{ns}document/test-bulletin-bnodes> a kg:Document ;\n"
        + '  dcterms:identifier "test-bulletin-bnodes" ;\n'
        + f'  kg:documentType kg:NewsArticle ;\n  kg:sha256 "{digest}" ;\n'
        + f"  schema:text {turtle_literal(TEXT)} .\n"
        + "[] a kg:Claim ;\n"
        + '  dcterms:identifier "test-bulletin-bnodes-c1" ;\n'
        + f"  kg:quote {turtle_literal(QUOTES['c2'])} ;\n"
        + f"  kg:startOffset {start} ; kg:endOffset {end} ;\n"
        + "  kg:datePrecision kg:unknown ; kg:confidence 0.5e0 ;\n"
        + f"  kg:statedType et:air_strike ; kg:statedPlace <{ns}place/baghouz> ;\n"
        + f"  prov:wasDerivedFrom <{ns}document/test-bulletin-bnodes> ;\n"
        + f"  prov:wasAttributedTo <{ns}source/sohr> ;\n"
        + "  kg:reportsCasualties [ a kg:CasualtyFigure ;\n"
        + '      dcterms:identifier "test-bulletin-bnodes-c1-k1" ;\n'
        + "      kg:count 2 ; kg:qualifier kg:at_least ; kg:casualtyKind kg:killed ;\n"
        + f"      kg:countsMembersOf <{ns}actor/civilians> ] .\n"
    )


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path

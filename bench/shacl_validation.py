"""How long SHACL validation of an export takes, by size, with and without the ontology.

Builds synthetic exports through loaders/graph/mapping.py (per unit: two actors, two places, an
event, a
claim with a casualty figure, a control claim, a document, a source, an extraction, with all
their relationships), validates them with schema/shapes.ttl, and prints one Markdown table.

    .venv/bin/python bench/shacl_validation.py [--units 50 200 800] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import statistics
import time
from pathlib import Path
from typing import Any

from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from loaders.graph.mapping import MAPPING, instance_iri
from loaders.graph.vocabulary import KG

SCHEMA = Path(__file__).resolve().parent.parent / "schema"
BASE = "http://example.org/id/"


def _add(g: Graph, label: str, ident: str, **props: Any) -> URIRef:
    nt = MAPPING.node(label)
    s = URIRef(instance_iri(BASE, label, ident))
    for cls in (nt.rdf_class, *nt.also_types):
        g.add((s, RDF.type, cls))
    for key, value in {"id": ident, **props}.items():
        p = nt.prop(key)
        for v in value if isinstance(value, list) else [value]:
            if p.kind == "vocab":
                g.add((s, p.predicate, KG[v]))
            else:
                dtype = None if p.datatype == XSD.string else p.datatype
                g.add((s, p.predicate, Literal(v, datatype=dtype)))
    return s


def _rel(g: Graph, rel: str, src: URIRef, dst: URIRef) -> None:
    g.add((src, MAPPING.rel(rel).predicate, dst))


def unit(g: Graph, i: int) -> None:
    """One unit of connected nodes (about 75 triples)."""
    day = dt.date(2018, 1, 1) + dt.timedelta(days=i % 365)
    a = _add(g, "Actor", f"a{i}", name=f"Group {i}", aliases=[f"G{i}"], actorType="ArmedGroup")
    b = _add(g, "Actor", f"b{i}", name=f"Force {i}", actorType="StateForce")
    p = _add(g, "Place", f"p{i}", name=f"Village {i}", placeType="Settlement", lat=34.5,
             lon=40.5, locationUnknown=False)  # fmt: skip
    r = _add(g, "Place", f"r{i}", name=f"Region {i}", placeType="Region", locationUnknown=True)
    t = _add(g, "EventType", "air_strike", name="air strike")
    e = _add(g, "Event", f"e{i}", startDate=day, endDate=day, datePrecision="day")
    claim = dict(quote="struck the village", startOffset=0, endOffset=18, confidence=0.7,
                 datePrecision="day", startDate=day)  # fmt: skip
    c = _add(g, "Claim", f"c{i}", **claim)
    cc = _add(g, "ControlClaim", f"cc{i}", **claim)
    k = _add(g, "CasualtyFigure", f"k{i}", count=3, qualifier="at_least", casualtyKind="killed")
    d = _add(g, "Document", f"d{i}", documentType="NewsArticle", sha256=f"{i:064x}")
    s = _add(g, "Source", f"s{i}", name=f"Agency {i}", sourceType="NewsAgency")
    x = _add(g, "Extraction", "x", method="rules", version="1")
    _rel(g, "PART_OF", p, r)
    for subject in (e, c):
        _rel(g, "HAS_TYPE", subject, t)
        _rel(g, "ATTACKER", subject, a)
        _rel(g, "TARGET", subject, b)
        _rel(g, "OCCURRED_AT", subject, p)
    for subject in (c, cc):
        _rel(g, "DERIVED_FROM", subject, d)
        _rel(g, "ATTRIBUTED_TO", subject, s)
        _rel(g, "GENERATED_BY", subject, x)
    _rel(g, "SUPPORTS", c, e)
    _rel(g, "REPORTS", c, k)
    _rel(g, "COUNTS", k, b)
    _rel(g, "CONTROLLER", cc, a)
    _rel(g, "CONTROLLED_PLACE", cc, p)
    _rel(g, "PUBLISHED_BY", d, s)


def timed(data: Graph, shapes: Graph, onto: Graph | None, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        conforms, _, text = validate(data, shacl_graph=shapes, ont_graph=onto)
        runs.append(time.perf_counter() - start)
        assert conforms, text
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, nargs="+", default=[50, 200, 800])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    shapes = Graph().parse(SCHEMA / "shapes.ttl")
    onto = Graph().parse(SCHEMA / "kg.ttl")
    print(f"python {platform.python_version()}, {platform.machine()}, repeat {args.repeat}\n")
    print("| units | triples | shapes only (s) | triples/s | with ontology (s) | ratio |")
    print("|---:|---:|---:|---:|---:|---:|")
    for n in args.units:
        data = Graph()
        for i in range(n):
            unit(data, i)
        plain = timed(data, shapes, None, args.repeat)
        with_onto = timed(data, shapes, onto, args.repeat)
        print(
            f"| {n} | {len(data)} | {plain:.2f} | {len(data) / plain:,.0f} |"
            f" {with_onto:.2f} | {with_onto / plain:.2f} |"
        )


if __name__ == "__main__":
    main()

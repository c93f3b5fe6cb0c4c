"""SHACL validation of incoming RDF, with the store's data it refers to.

A third-party file names actors, places, sources, documents and event types that are already in
the store without repeating their descriptions. Alone it would fail the shapes (``sh:class``
cannot see the type of an actor the file only names; a quote cannot be checked against a
document text the file does not carry). So the file is validated together with the descriptions
of the nodes it refers to (its "context", read from the store), with the ontology mixed in, and
only the file's own subjects are judged (``focus_nodes``): the store's data is not the file's to
answer for.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from rdflib import Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from kg.errors import KGError, ValidationError
from loaders.resources import SCHEMA_DIR

SHAPES_FILE = SCHEMA_DIR / "shapes.ttl"
ONTOLOGY_FILE = SCHEMA_DIR / "kg.ttl"


class RdfValidationError(ValidationError):
    """Data does not conform to the SHACL shapes; ``report`` is pyshacl's text report."""

    def __init__(self, source: str, report: str) -> None:
        super().__init__(f"{source} does not conform to schema/shapes.ttl:\n{report}")
        self.source = source
        self.report = report


@cache
def schema_graphs() -> tuple[Graph, Graph]:
    """The shapes and the ontology, parsed once."""
    for path in (SHAPES_FILE, ONTOLOGY_FILE):
        if not path.exists():
            raise KGError(f"{path} is missing: it is needed to validate imports")
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    return shapes, ontology


def validate(
    graph: Graph,
    source: str,
    context: Graph | None = None,
    focus: Iterable[str] | None = None,
) -> None:
    """Check ``graph`` (with ``context`` beside it) against the shapes, judging the ``focus``
    nodes only (default: every subject of ``graph``); ``RdfValidationError`` when it fails."""
    import pyshacl

    shapes, ontology = schema_graphs()
    data = graph
    if context is not None and len(context):
        data = Graph()
        for triple in graph:
            data.add(triple)
        for triple in context:
            data.add(triple)
    nodes = {URIRef(str(s)) for s in graph.subjects()} if focus is None else set(map(URIRef, focus))
    if not nodes:
        return
    # Every node is validated and the results are filtered to the focus afterwards: pyshacl's
    # own ``focus_nodes`` is searched as a list for every value of every property, which is
    # quadratic (a 10,000-event import took over ten minutes that way).
    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True
    )
    if conforms:
        return
    assert isinstance(results, Graph)
    found = [
        r for r in results.subjects(SH.focusNode, None) if results.value(r, SH.focusNode) in nodes
    ]
    if found:
        raise RdfValidationError(source, _report(results, found))


def _report(results: Graph, found: list[Node]) -> str:
    """pyshacl's text report, for the results about the focus nodes only."""
    lines = ["Validation Report", "Conforms: False", f"Results ({len(found)}):"]
    for r in sorted(found, key=lambda n: (str(results.value(n, SH.focusNode)), str(n))):
        component = results.value(r, SH.sourceConstraintComponent)
        lines.append(f"Constraint Violation in {_local(component)} ({component}):")
        for label, prop in _FIELDS:
            value = results.value(r, prop)
            if value is not None:
                lines.append(f"\t{label}: {value}")
    return "\n".join(lines)


_FIELDS = (
    ("Severity", SH.resultSeverity),
    ("Source Shape", SH.sourceShape),
    ("Focus Node", SH.focusNode),
    ("Value Node", SH.value),
    ("Result Path", SH.resultPath),
    ("Message", SH.resultMessage),
)


def _local(iri: object) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]

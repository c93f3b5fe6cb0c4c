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
    nodes = sorted({str(s) for s in graph.subjects()} if focus is None else set(focus))
    if not nodes:
        return
    conforms, _, text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        advanced=True,
        focus_nodes=[URIRef(n) for n in nodes],
    )
    if not conforms:
        raise RdfValidationError(source, str(text))

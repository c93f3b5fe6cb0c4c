"""A third-party file made ready for the importer: IRIs mapped, blank nodes skolemised, and
IRIs outside the dataset refused (pure: rdflib graphs in and out).

* ``--map OLD=NEW`` rewrites every IRI starting with ``OLD`` (another deployment's namespace, a
  dump made under an earlier one) to start with ``NEW``.
* Blank nodes become Skolem IRIs under the dataset's ``/.well-known/genid/`` path (RDF 1.1
  §3.5). Their names are canonical hashes of the blank-node part of the file (RDFC-1.0 style,
  ``rdflib.compare``), so importing the same file twice names them the same and changes nothing.
* Every node of the file (a subject with a class of the ontology, or the object of a
  relationship) must then be in the dataset's namespace, the event type scheme or the Skolem
  space: a file cannot write nodes another dataset names.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rdflib import BNode, Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.term import Node

from kg.errors import InputError
from kg.rdf.from_rdf import node_labels
from loaders.graph.mapping import MAPPING
from loaders.graph.vocabulary import EVENT_TYPE

MAX_LISTED = 5
"""IRIs named in an error about IRIs outside the namespace."""
RELATIONSHIP_PREDICATES = frozenset(str(p) for rt in MAPPING.rels.values() for p in rt.predicates)


@dataclass(frozen=True)
class IriMap:
    """Prefix rewrites ``OLD -> NEW``, the longest matching prefix first."""

    pairs: tuple[tuple[str, str], ...] = ()

    @classmethod
    def parse(cls, specs: Sequence[str]) -> IriMap:
        """``["OLD=NEW", ...]`` as given to ``--map``."""
        pairs = []
        for spec in specs:
            old, sep, new = spec.partition("=")
            if not sep or not old or not new:
                raise InputError(spec, "a mapping is OLD=NEW (two IRI prefixes)")
            pairs.append((old, new))
        return cls(tuple(sorted(pairs, key=lambda p: -len(p[0]))))

    def apply(self, iri: str) -> str:
        for old, new in self.pairs:
            if iri.startswith(old):
                return new + iri[len(old) :]
        return iri


def _mapped(node: Node, imap: IriMap) -> Node:
    return URIRef(imap.apply(str(node))) if isinstance(node, URIRef) else node


def rewrite(graph: Graph, imap: IriMap) -> Graph:
    """A copy of ``graph`` with every IRI mapped (subjects, predicates are ours, objects)."""
    if not imap.pairs:
        return graph
    out = Graph()
    for s, p, o in graph:
        out.add((_mapped(s, imap), p, _mapped(o, imap)))
    return out


def _has_blank_nodes(graph: Graph) -> bool:
    return any(isinstance(s, BNode) or isinstance(o, BNode) for s, _, o in graph)


def skolemise(graph: Graph, genid: str) -> tuple[Graph, int]:
    """``graph`` with each blank node replaced by ``{genid}{canonical hash}``, and how many."""
    if not _has_blank_nodes(graph):
        return graph, 0
    blank = Graph()
    out = Graph()
    for s, p, o in graph:
        target = blank if isinstance(s, BNode) or isinstance(o, BNode) else out
        target.add((s, p, o))
    canonical = list(to_canonical_graph(blank))
    # Canonical labels are unique within the file only ("cb0"...): the hash of the whole
    # blank-node part makes the names unique across files and equal for the same file.
    digest = hashlib.sha256(
        "".join(sorted(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in canonical)).encode()
    ).hexdigest()
    names: dict[BNode, URIRef] = {}

    def skolem(node: Node) -> Node:
        if not isinstance(node, BNode):
            return node
        if node not in names:
            name = hashlib.sha256(f"{digest} {node}".encode()).hexdigest()[:32]
            names[node] = URIRef(f"{genid}{name}")
        return names[node]

    for s, p, o in canonical:
        out.add((skolem(s), p, skolem(o)))
    return out, len(names)


def node_iris(graph: Graph) -> set[str]:
    """IRIs the file writes as nodes: typed subjects and objects of relationships."""
    found = set(node_labels(graph))
    for _, p, o in graph:
        if str(p) in RELATIONSHIP_PREDICATES and isinstance(o, URIRef):
            found.add(str(o))
    return found


def foreign(iris: Iterable[str], namespace: str, genid: str) -> list[str]:
    """The IRIs outside the dataset: not under its namespace, its Skolem space or the event
    type scheme."""
    allowed = (namespace, genid, str(EVENT_TYPE))
    return sorted(iri for iri in iris if not iri.startswith(allowed))


def check_namespace(graph: Graph, namespace: str, genid: str, source: str) -> None:
    """Refuse a file that writes nodes outside the dataset's namespace (``--map`` them)."""
    outside = foreign(node_iris(graph), namespace, genid)
    if outside:
        listed = ", ".join(outside[:MAX_LISTED])
        more = f" and {len(outside) - MAX_LISTED} more" if len(outside) > MAX_LISTED else ""
        raise InputError(
            source,
            f"{len(outside)} node IRI(s) outside the dataset's namespace {namespace}: "
            f"{listed}{more}; map them into it with --map OLD=NEW",
        )

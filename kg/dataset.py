"""The dataset's identity: the one namespace of its instance IRIs, recorded in the database.

IRIs name things (an armed group, a town, an attack) and must not change when the service moves:
they are minted under the namespace recorded in the ``Dataset`` node, whatever ``KG_BASE_IRI``
(where the API is served) says. A new database records ``KG_NAMESPACE`` on its first load;
from then on the database's own namespace wins, and only ``kg db rebase-iris`` changes it,
rewriting every IRI in one transaction.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from kg.config import Settings
from kg.cypher import Statement
from kg.errors import InputError
from kg.store import GraphStore
from loaders.graph.batch import GraphBatch
from loaders.graph.mapping import MAPPING, instance_iri, quoted

log = logging.getLogger(__name__)

DATASET_ID = "conflict-kg"
DATASET_TITLE = "conflict-kg: the war against the Islamic State in Syria, claim by claim"
GENID = "/.well-known/genid"


def dataset_iri(namespace: str) -> str:
    return instance_iri(namespace, "Dataset", DATASET_ID)


def genid_base(namespace: str) -> str:
    """Where Skolem IRIs of the dataset start (RDF 1.1 §3.5, the well-known ``genid`` path at
    the root of the namespace's authority, then the namespace's own path):
    ``https://w3id.org/conflict-kg/id/`` -> ``https://w3id.org/.well-known/genid/conflict-kg/id/``.
    """
    parts = urlsplit(namespace)
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc}{GENID}{path}"


def dataset_batch(namespace: str) -> GraphBatch:
    batch = GraphBatch()
    batch.add_node(
        "Dataset",
        dataset_iri(namespace),
        id=DATASET_ID,
        title=DATASET_TITLE,
        namespace=namespace,
    )
    return batch


def recorded_namespace(store: GraphStore) -> str | None:
    """The namespace the database records, or None when it records none (a new database)."""
    rows = store.read(
        f"MATCH (d:{quoted('Dataset')}) RETURN d.namespace AS ns ORDER BY d.iri LIMIT 1"
    )
    return str(rows[0]["ns"]) if rows else None


def dataset_namespace(store: GraphStore, settings: Settings) -> str:
    """The namespace of the dataset in ``store`` (read-only: ``KG_NAMESPACE`` when none is
    recorded yet)."""
    return recorded_namespace(store) or settings.namespace


def ensure_namespace(store: GraphStore, settings: Settings) -> str:
    """The recorded namespace, recording ``KG_NAMESPACE`` first on a new database."""
    recorded = recorded_namespace(store)
    if recorded is None:
        store.write_batch(dataset_batch(settings.namespace))
        return settings.namespace
    if recorded != settings.namespace:
        log.info(
            "the database's namespace is %s (KG_NAMESPACE %s applies to new databases only)",
            recorded,
            settings.namespace,
        )
    return recorded


def bind_namespace(store: GraphStore, settings: Settings) -> Settings:
    """``settings`` whose ``namespace`` is the database's own (recorded now if new): what every
    load mints its IRIs under."""
    namespace = ensure_namespace(store, settings)
    if namespace == settings.namespace:
        return settings
    return settings.model_copy(update={"namespace": namespace})


def check_namespace(namespace: str) -> str:
    """A namespace a dataset can use: an absolute http(s) IRI ending with '/' or '#'."""
    parts = urlsplit(namespace)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(namespace, "a namespace is an absolute http(s) IRI")
    if not namespace.endswith(("/", "#")) or parts.query:
        raise InputError(namespace, "a namespace ends with '/' or '#' and has no query")
    return namespace


def rebase_statements(old: str, new: str) -> list[Statement]:
    """Rewrite every IRI under ``old`` (and its Skolem IRIs) to ``new``, label by label, and
    record ``new``: run in one transaction, so the dataset never has two namespaces."""
    statements: list[Statement] = []
    prefixes = [(old, new), (genid_base(old), genid_base(new))]
    for label, nt in MAPPING.nodes.items():
        if nt.iri_base or label == "Dataset" or nt.extra_labels:
            continue
        for before, after in prefixes:
            statements.append(
                (
                    f"MATCH (n:{quoted(label)}) WHERE n.iri STARTS WITH $before "
                    "SET n.iri = $after + substring(n.iri, size($before))",
                    {"before": before, "after": after},
                )
            )
    statements.append(
        (
            f"MATCH (d:{quoted('Dataset')}) SET d.iri = $iri, d.namespace = $new",
            {"iri": dataset_iri(new), "new": new},
        )
    )
    return statements


def rebase_iris(store: GraphStore, settings: Settings, new: str) -> tuple[str, int]:
    """Move the dataset to the namespace ``new``: returns the old namespace and how many nodes
    were renamed. Nothing changes if any statement fails."""
    check_namespace(new)
    old = ensure_namespace(store, settings)
    if old == new:
        return old, 0
    counted = [
        (
            f"MATCH (n) WHERE (n.iri STARTS WITH $old OR n.iri STARTS WITH $genid) "
            f"AND NOT n:{quoted('Dataset')} RETURN count(n) AS n",
            {"old": old, "genid": genid_base(old)},
        )
    ]
    results = store.write([*counted, *rebase_statements(old, new)])
    return old, int(results[0][0]["n"])

"""Where links point: the dataset's IRIs name resources, ``KG_BASE_IRI`` says where this
deployment serves them.

A resource keeps its IRI (``{namespace}actor/sdf``) wherever the service runs; an HTML page
served by a deployment links to the copy that deployment serves (``{KG_BASE_IRI}actor/sdf``), so
that a reader can follow links before the namespace redirects anywhere. Vocabulary terms
(``https://w3id.org/conflict-kg/def...``) link to this deployment's ``/def`` when
``KG_BASE_IRI`` ends with ``/id/``, and Skolem IRIs to its ``/.well-known/genid/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from kg.dataset import GENID, genid_base
from loaders.graph.vocabulary import ONTOLOGY_IRI


def origin(iri: str) -> str:
    """``scheme://authority`` of an IRI."""
    parts = urlsplit(iri)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass(frozen=True)
class Links:
    namespace: str
    """The dataset's namespace (what its IRIs start with)."""
    public: str
    """``KG_BASE_IRI``: the public URL of this deployment's ``/id/``."""

    @property
    def public_def(self) -> str | None:
        """This deployment's ``/def`` URL, when ``KG_BASE_IRI`` ends with ``/id/``."""
        return self.public[: -len("id/")] + "def" if self.public.endswith("/id/") else None

    def href(self, iri: str) -> str:
        """The URL to link ``iri`` to on this deployment (itself when it serves no copy)."""
        if iri.startswith(self.namespace):
            return self.public + iri[len(self.namespace) :]
        genid = genid_base(self.namespace)
        if iri.startswith(genid):
            return f"{origin(self.public)}{GENID}/{iri[len(origin(genid) + GENID) + 1 :]}"
        public_def = self.public_def
        if public_def is not None and iri.startswith(ONTOLOGY_IRI):
            rest = iri[len(ONTOLOGY_IRI) :]
            if not rest or rest[0] in "#/":
                return public_def + rest
        return iri

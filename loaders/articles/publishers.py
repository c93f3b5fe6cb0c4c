"""Publishers named in article metadata, resolved to sources; an unknown one becomes a new
source marked for review instead of failing the article.

A publisher is written as a source id (``afp``) or as the outlet's name or alias
("Agence France-Presse"). A name the reference data does not know gets the id
``unreviewed-{slug}`` and a Source node flagged ``reviewNeeded``, so that its documents load
and an editor can later merge it with a known source or describe it.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from loaders.articles.documents import Article
from loaders.graph.batch import GraphBatch
from loaders.graph.mapping import instance_iri, slug
from loaders.reference import ReferenceData, SourceEntry

UNREVIEWED_PREFIX = "unreviewed-"


def _key(name: str) -> str:
    """Case, accents, punctuation and parenthesised remarks folded: 'Agence France-Presse
    (AFP)' ~ 'agence france presse'."""
    name = re.sub(r"\(.*?\)", "", name)
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", folded).strip()


@dataclass(frozen=True)
class Publishers:
    """The reference data with the load's unknown publishers added, each article's publisher
    as a source id, and the sources added (for the load summary and the store)."""

    ref: ReferenceData
    ids: dict[str, str]
    added: list[SourceEntry]

    def article(self, article: Article) -> Article:
        """The article with its publisher written as a source id."""
        publisher = article.meta.publisher
        if publisher is None or self.ids[publisher] == publisher:
            return article
        meta = article.meta.model_copy(update={"publisher": self.ids[publisher]})
        return dataclasses.replace(article, meta=meta)

    def batch(self, base: str) -> GraphBatch:
        """The Source nodes of the added publishers, flagged for review."""
        batch = GraphBatch()
        for s in self.added:
            iri = instance_iri(base, "Source", s.id)
            batch.add_node("Source", iri, id=s.id, name=s.name, aliases=[s.name],
                           sourceType=s.type, reviewNeeded=True)  # fmt: skip
        return batch


def resolve_publishers(ref: ReferenceData, publishers: Iterable[str]) -> Publishers:
    """Each publisher (id, name or alias) -> a source id; unknown ones become new sources."""
    known = {s.id for s in ref.sources}
    by_name = {_key(n): s.id for s in ref.sources for n in s.names()}
    added: list[SourceEntry] = []
    ids: dict[str, str] = {}
    for pub in publishers:
        if pub in ids:
            continue
        sid = pub if pub in known else by_name.get(_key(pub))
        if sid is None:
            sid = UNREVIEWED_PREFIX + slug(_key(pub), "publisher")
            if sid not in known:
                added.append(SourceEntry(id=sid, name=pub, type="NewsOutlet"))
                known.add(sid)
                by_name[_key(pub)] = sid
        ids[pub] = sid
    if added:
        ref = ReferenceData(actors=ref.actors, places=ref.places, sources=[*ref.sources, *added])
    return Publishers(ref, ids, added)

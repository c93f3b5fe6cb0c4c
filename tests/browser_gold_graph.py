"""The gold annotations (tests/gold) as a graph, and what they say each Browser query returns.

The graph follows the shapes of loaders/graph/mapping.py: one Event per gold event, one Claim per
quote (casualty figures on the main quote), ControlClaims for control statements, documents from the
seed articles. Expectations are computed here in plain Python from the YAML (hierarchies from
the seed reference data, distances by haversine), never from the Cypher under test.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kg.config import Settings
from kg.cypher import delete_all
from kg.ingest.reference import load_reference
from kg.store import GraphStore
from loaders.articles.documents import document_batch, metadata_for, read_article, read_index
from loaders.graph.batch import GraphBatch, NodeRow
from loaders.graph.mapping import instance_iri
from loaders.graph.vocabulary import EVENT_TYPES
from loaders.reference import ActorEntry, ReferenceData, SourceEntry, read_reference

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "tests" / "gold"
SEEDS = ROOT / "seeds"
ARTICLES = SEEDS / "articles"


@dataclass(frozen=True)
class GoldItem:
    """One annotated event or control statement of one document."""

    node_id: str
    doc_stem: str
    kind: str  # "event" or "control"
    data: dict[str, Any]

    @property
    def quotes(self) -> list[str]:
        return [self.data["quote"], *self.data.get("other_quotes", [])]


@cache
def reference() -> ReferenceData:
    return read_reference(SEEDS)


@cache
def gold_items() -> tuple[GoldItem, ...]:
    items: list[GoldItem] = []
    for path in sorted(GOLD_DIR.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for kind, key in (("event", "events"), ("control", "control")):
            for entry in doc.get(key) or []:
                node_id = f"gold-{path.stem[:3]}-{entry['id']}"
                items.append(GoldItem(node_id, path.stem, kind, entry))
    return tuple(items)


def events() -> list[GoldItem]:
    return [i for i in gold_items() if i.kind == "event"]


def controls() -> list[GoldItem]:
    return [i for i in gold_items() if i.kind == "control"]


def _parse(value: str | None, last: bool) -> dt.date | None:
    if value is None:
        return None
    parts = [int(p) for p in str(value).split("-")]
    year, month = parts[0], parts[1] if len(parts) > 1 else (12 if last else 1)
    month_end = calendar.monthrange(year, month)[1]
    day = parts[2] if len(parts) > 2 else (month_end if last else 1)
    return dt.date(year, month, day)


def _dates(item: GoldItem) -> dict[str, Any]:
    date = item.data.get("date") or {}
    return {
        "startDate": _parse(date.get("start"), last=False),
        "endDate": _parse(date.get("end"), last=True),
        "datePrecision": date.get("precision", "unknown"),
    }


def _documents(base: str, batch: GraphBatch) -> dict[str, tuple[str, str]]:
    """Document nodes of the seed articles; stem -> (document IRI, text)."""
    index = read_index(ARTICLES / "index.yaml")
    docs: dict[str, tuple[str, str]] = {}
    for path in sorted(ARTICLES.glob("*.txt")):
        article = read_article(path, metadata_for(path, index), 5_000_000)
        publisher = article.meta.publisher
        pub_iri = instance_iri(base, "Source", publisher) if publisher else None
        batch.extend(document_batch(article, base, pub_iri))
        docs[path.stem] = (instance_iri(base, "Document", article.doc_id), article.text)
    return docs


def gold_batch(base: str) -> GraphBatch:
    """Documents, event types, events, claims and control claims of the gold annotations."""
    ref = reference()
    places = {p.id for p in ref.places}
    batch = GraphBatch()
    docs = _documents(base, batch)
    for t in EVENT_TYPES:
        batch.add_node("EventType", instance_iri(base, "EventType", t), id=t, name=t)
    ext = batch.add_node(
        "Extraction",
        instance_iri(base, "Extraction", "gold"),
        id="gold",
        method="gold",
        version="1",
    )
    for item in gold_items():
        doc_iri, text = docs[item.doc_stem]
        event_iri = _event(batch, base, item, places) if item.kind == "event" else None
        for i, quote in enumerate(item.quotes):
            label = "Claim" if item.kind == "event" else "ControlClaim"
            claim_id = f"{item.node_id}-q{i}"
            iri = batch.add_node(
                label,
                instance_iri(base, label, claim_id),
                id=claim_id,
                quote=quote,
                startOffset=text.index(quote),
                endOffset=text.index(quote) + len(quote),
                confidence=1.0,
                rule="gold",
                **_dates(item),
            )
            batch.add_rel("DERIVED_FROM", label, iri, "Document", doc_iri)
            source = instance_iri(base, "Source", item.data["according_to"])
            batch.add_rel("ATTRIBUTED_TO", label, iri, "Source", source)
            batch.add_rel("GENERATED_BY", label, iri, "Extraction", ext)
            if event_iri is None:
                _control_roles(batch, base, iri, item, places)
            else:
                batch.add_rel("SUPPORTS", "Claim", iri, "Event", event_iri)
                if i == 0:
                    _figures(batch, base, iri, item)
    return batch


def load_gold_graph(store: GraphStore, settings: Settings) -> None:
    """Empty the database, then write the reference data and the gold graph."""
    store.run_autocommit(delete_all()[0])
    load_reference(store, settings)
    store.write_batch(gold_batch(settings.namespace))


def _event(batch: GraphBatch, base: str, item: GoldItem, places: set[str]) -> str:
    d = item.data
    dates = _dates(item)
    when = dates["startDate"] or dates["endDate"] or ""
    iri = instance_iri(base, "Event", item.node_id)
    props = {
        "id": item.node_id,
        "label": f"{d['type']} {when}".strip(),
        "sourceCount": 1,
        "claimCount": len(item.quotes),
        **dates,
    }
    batch.nodes.append(NodeRow(label="Event", iri=iri, props=props))
    batch.add_rel("HAS_TYPE", "Event", iri, "EventType", instance_iri(base, "EventType", d["type"]))
    for rel, key in (("ATTACKER", "attackers"), ("TARGET", "targets")):
        for actor in sorted(set(d[key])):
            batch.add_rel(rel, "Event", iri, "Actor", instance_iri(base, "Actor", actor))
    for place in sorted(set(d["places"]) & places):
        batch.add_rel("OCCURRED_AT", "Event", iri, "Place", instance_iri(base, "Place", place))
    return iri


def _figures(batch: GraphBatch, base: str, claim_iri: str, item: GoldItem) -> None:
    for n, fig in enumerate(item.data.get("casualties", [])):
        fig_id = f"{item.node_id}-f{n}"
        fig_iri = batch.add_node(
            "CasualtyFigure",
            instance_iri(base, "CasualtyFigure", fig_id),
            id=fig_id,
            count=fig["count"],
            qualifier=fig["qualifier"],
            casualtyKind=fig["kind"],
        )
        batch.add_rel("REPORTS", "Claim", claim_iri, "CasualtyFigure", fig_iri)
        group = instance_iri(base, "Actor", fig["group"])
        batch.add_rel("COUNTS", "CasualtyFigure", fig_iri, "Actor", group)


def _control_roles(
    batch: GraphBatch, base: str, iri: str, item: GoldItem, places: set[str]
) -> None:
    controller = instance_iri(base, "Actor", item.data["controller"])
    batch.add_rel("CONTROLLER", "ControlClaim", iri, "Actor", controller)
    for place in sorted(set(item.data["places"]) & places):
        target = instance_iri(base, "Place", place)
        batch.add_rel("CONTROLLED_PLACE", "ControlClaim", iri, "Place", target)


# --- what the gold says each query returns -------------------------------------------------


def _ancestors(parents: dict[str, list[str]], start: str) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for parent in parents.get(todo.pop(), []):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def actor_ancestors(actor: str) -> set[str]:
    parents = {a.id: list(a.part_of) for a in reference().actors}
    return _ancestors(parents, actor)


def place_ancestors(place: str) -> set[str]:
    parents = {p.id: [p.part_of] if p.part_of else [] for p in reference().places}
    return _ancestors(parents, place)


def attack_pairs() -> Counter[tuple[str, str]]:
    """(attacker, target) -> number of gold events naming both."""
    pairs: Counter[tuple[str, str]] = Counter()
    for e in events():
        for pair in {(a, t) for a in e.data["attackers"] for t in e.data["targets"]}:
            pairs[pair] += 1
    return pairs


def attacks_on(target: str, region: str) -> list[GoldItem]:
    return [
        e
        for e in events()
        if any(target in actor_ancestors(t) for t in e.data["targets"])
        and any(region in place_ancestors(p) for p in e.data["places"])
    ]


def reported_by(source: str) -> list[GoldItem]:
    """Items attributed to the source or to a source affiliated with it."""
    affiliated = {s.id for s in reference().sources if s.affiliation == source} | {source}
    return [i for i in gold_items() if i.data["according_to"] in affiliated]


def control_of(place: str) -> list[GoldItem]:
    return [c for c in controls() if place in c.data["places"]]


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def coordinates() -> dict[str, tuple[float, float]]:
    return {
        p.id: (p.lat, p.lon) for p in reference().places if p.lat is not None and p.lon is not None
    }


def events_near(place: str, km: float) -> dict[str, float]:
    """Gold event id -> distance (km) of its nearest place to ``place``, within ``km``."""
    coords = coordinates()
    near: dict[str, float] = {}
    for e in events():
        dists = [haversine_km(coords[place], coords[p]) for p in e.data["places"] if p in coords]
        if dists and min(dists) <= km:
            near[e.node_id] = min(dists)
    return near


def casualty_disagreements() -> list[tuple[str, str, str]]:
    """(event, group, kind) where two gold claims on one event give different counts."""
    found = []
    for e in events():
        counts: dict[tuple[str, str], set[int]] = {}
        for fig in e.data.get("casualties", []):
            if fig["count"] is not None:
                counts.setdefault((fig["group"], fig["kind"]), set()).add(fig["count"])
        found += [(e.node_id, g, k) for (g, k), c in counts.items() if len(c) > 1]
    return found


def name_of(kind: str, ident: str) -> str:
    """The display name of an actor or source id, as the reference data gives it."""
    ref = reference()
    entries: list[ActorEntry] | list[SourceEntry] = ref.actors if kind == "actor" else ref.sources
    return next(x.name for x in entries if x.id == ident)

"""The seed graph for the RDF tests: ``kg load seeds`` through ``kg.ingest.load_seeds``.

When the article extractor is not installed, a small stand-in extractor states one attack and
one control claim per article (quoting its first characters), so that the seed graph still has
documents, claims, casualty figures and a corroborated event to export.
"""

from __future__ import annotations

import datetime as dt

from kg.config import Settings
from kg.cypher import delete_all
from kg.errors import KGError
from kg.ingest import default_extractor, load_seeds
from kg.store import GraphStore
from loaders.documents import ArticleMeta
from loaders.extract.model import Casualties, ControlClaim, DateSpan, EventClaim, Extraction
from loaders.reference import ReferenceData


def stand_in_extractor(text: str, meta: ArticleMeta, ref: ReferenceData) -> Extraction:
    quote = text[:40]
    common = {
        "quote": quote,
        "start": 0,
        "end": len(quote),
        "according_to": meta.publisher or "sohr",
        "date": DateSpan(start=dt.date(2018, 12, 1), precision="month"),
    }
    return Extraction(
        version="stand-in",
        events=[
            EventClaim(
                **common,
                rule="stand-in",
                confidence=0.5,
                event_type="attack",
                attackers=["islamic-state"],
                targets=["sdf"],
                places=["hajin"],
                casualties=[Casualties(count=3, group="sdf", group_label="fighters")],
            )
        ],
        control=[
            ControlClaim(
                **common, rule="stand-in", confidence=0.4, controller="sdf", places=["baghouz"]
            )
        ],
    )


def load_seed_graph(store: GraphStore, settings: Settings) -> None:
    """Wipe, then load the seeds with the real extractor if present, else the stand-in."""
    store.run_autocommit(delete_all()[0])
    try:
        extractor = default_extractor()
    except KGError:
        extractor = stand_in_extractor
    report = load_seeds(store, settings, extractor=extractor)
    assert report.ok, report.failures

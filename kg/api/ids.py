"""Relay global ids: ``base64("Type:id")``, so ``node(id:)`` knows which label to look in."""

from __future__ import annotations

import base64
import binascii
from functools import lru_cache

import strawberry

TYPE_LABELS = {
    "Event": "Event",
    "Actor": "Actor",
    "Place": "Place",
    "Source": "Source",
    "Document": "Document",
    "Claim": "Claim",
    "ControlClaim": "ControlClaim",
    "EventType": "EventType",
}


@lru_cache(maxsize=65_536)
def global_id(type_name: str, slug: str) -> strawberry.ID:
    """Relay global id: base64 of ``Type:id``."""
    return strawberry.ID(base64.b64encode(f"{type_name}:{slug}".encode()).decode("ascii"))


def parse_global_id(value: str) -> tuple[str, str] | None:
    """``(type name, id)`` of a global id, or None when it is not one of ours."""
    try:
        text = base64.b64decode(value.encode("ascii"), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        return None
    kind, sep, slug = text.partition(":")
    return (kind, slug) if sep and kind in TYPE_LABELS and slug else None

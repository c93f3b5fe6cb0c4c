"""Per-request context handed to GraphQL resolvers (the store, settings, loaders)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from strawberry.fastapi import BaseContext

from kg.config import Settings
from kg.store import GraphStore


@dataclass
class Context(BaseContext):
    store: GraphStore
    settings: Settings
    loaders: dict[str, Any] = field(default_factory=dict)

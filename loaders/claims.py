"""What extraction produces: claims about events and territorial control, with offsets.

These values are the contract between the extractor (``loaders.extract``), the evaluation
(``kg eval``) and the writer that turns claims into graph batches. Ids are the reference
data's slugs (``docs/CONTRACTS.md``).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Precision = Literal["day", "week", "month", "year", "unknown"]
Qualifier = Literal[
    "exact", "at_least", "about", "more_than", "at_most", "approximate_range", "unspecified"
]
CasualtyKind = Literal["killed", "injured", "captured"]
Stance = Literal["asserts", "claims", "denies", "accuses", "doubts"]
"""How the source stands to the event: it reports it (asserts), claims it for itself (a
responsibility claim), denies it, accuses someone of it, or casts doubt on it."""
ControlStatus = Literal["controls", "contested", "present", "besieged", "formerly_controlled"]


class DateSpan(BaseModel):
    """When something happened, as precisely as the text allows."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: dt.date | None = None
    end: dt.date | None = None
    precision: Precision = "unknown"


class Casualties(BaseModel):
    """A casualty figure as stated: '173 members at least of the regime forces killed'."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    count: int | None = Field(default=None, ge=0)
    max_count: int | None = Field(default=None, ge=0)
    qualifier: Qualifier = "exact"
    kind: CasualtyKind = "killed"
    group: str | None = None
    """Actor id of the group counted (``civilians`` for civilians), when resolved."""
    group_label: str = ""
    """The words that name the group, as written."""


class _Claim(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    quote: str = Field(min_length=1)
    start: int = Field(ge=0)
    end: int = Field(gt=0)
    date: DateSpan = DateSpan()
    according_to: str
    """Source id the claim is attributed to (the publisher when the text names no one)."""
    rule: str
    """Name of the rule or pattern that fired."""
    confidence: float = Field(ge=0.0, le=1.0)
    relays: list[str] = Field(default_factory=list)
    """Sources that relayed ``according_to``'s statement, in order from the original source
    to the publisher ('AFP, citing the Observatory': according_to sohr, relays [afp])."""
    unresolved_places: list[str] = Field(default_factory=list)
    """Place names as written that the reference data does not know (never dropped)."""

    @model_validator(mode="after")
    def _span(self) -> _Claim:
        if self.end - self.start != len(self.quote):
            raise ValueError("quote length does not match its offsets")
        return self


class EventClaim(_Claim):
    """A document states that an event of this type happened, with these roles."""

    event_type: str
    attackers: list[str] = Field(default_factory=list)
    targets: list[str] = Field(default_factory=list)
    participants: list[str] = Field(default_factory=list)
    places: list[str] = Field(default_factory=list)
    casualties: list[Casualties] = Field(default_factory=list)
    supporters: list[str] = Field(default_factory=list)
    """Actors backing the attackers ('X-backed Y', 'with the support of X'): never attackers."""
    stance: Stance = "asserts"


class ControlClaim(_Claim):
    """A document states that an actor controls (or held) these places."""

    controller: str
    places: list[str] = Field(default_factory=list)
    status: ControlStatus = "controls"

    @model_validator(mode="after")
    def _somewhere(self) -> ControlClaim:
        if not (self.places or self.unresolved_places):
            raise ValueError("a control claim needs a place (an id or a name as written)")
        return self


class Extraction(BaseModel):
    """Everything extracted from one document, and by what."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    events: list[EventClaim] = Field(default_factory=list)
    control: list[ControlClaim] = Field(default_factory=list)
    method: str = "rules"
    version: str

"""GraphQL object types. Each is built from a row of ``kg.api.batch_queries`` projections;
fields that traverse the graph go through the request's DataLoaders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any, TypeAlias, TypeVar

import strawberry
from strawberry.types import Info

from kg.api import dataloaders as dl
from kg.api import selection
from kg.api.connection import Connection, page_of, start_of
from kg.api.context import Context
from kg.api.errors import BadArgument
from kg.api.evidence import ClaimContext, Stance, sentence_around
from kg.api.filters import EventOrder
from kg.api.limits import check_page
from kg.api.nodes import (
    MAX_TEXT_WINDOW,
    DocumentText,
    Extraction,
    Node,
    Role,
    as_text,
    base,
    by_id,
    cut,
    present,
)
from kg.store import to_date


def _extra(info: Info[Context, None]) -> tuple[bool, tuple[str, ...]]:
    return selection.page_extra(info.selected_fields[0].selections)


def _event_page(found: dict[str, Any], page: tuple[int, int, bool, Any]) -> Connection[Event]:
    offset, limit = page[0], page[1]
    return page_of(found["items"], Event.of, offset, limit, found["total"])


@strawberry.type(description="A concept of the event type scheme (SKOS), e.g. air_strike.")
class EventType(Node):
    name: str | None

    @classmethod
    def of(cls, row: dict[str, Any]) -> EventType:
        return cls(**base("EventType", row), name=row.get("name"))


@strawberry.type(description="An armed group, state, force, person or civilians.")
class Actor(Node):
    name: str
    aliases: list[str]
    actor_type: str | None
    description: str | None
    wikidata: str | None

    @classmethod
    def of(cls, row: dict[str, Any]) -> Actor:
        return cls(
            **base("Actor", row),
            name=row.get("name") or row["id"],
            aliases=cut("Actor", "aliases", list(row.get("aliases") or [])),
            actor_type=row.get("actorType"),
            description=row.get("description"),
            wikidata=row.get("wikidata"),
        )

    @strawberry.field(description="Groups this actor is part of.")
    async def part_of(self, info: Info[Context, None]) -> list[Actor]:
        rows = await dl.parents(info.context, "Actor").load(self.iri)
        return cut("Actor", "partOf", [Actor.of(r) for r in rows])

    @strawberry.field(description="Direct subgroups, by name.")
    async def subgroups(self, info: Info[Context, None], first: int = 50) -> list[Actor]:
        rows = await dl.children(info.context, "Actor", check_page("first", first)).load(self.iri)
        return [Actor.of(r) for r in rows]

    @strawberry.field(description="Events in which the actor (or a subgroup) had this role.")
    async def events(
        self,
        info: Info[Context, None],
        role: Role = Role.ANY,
        include_subgroups: bool = True,
        order_by: EventOrder = EventOrder.DATE_ASC,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[Event]:
        page = (start_of(after), check_page("first", first), *_extra(info))
        loader = dl.actor_events_page(
            info.context, role.value, include_subgroups, order_by.value, page[:3], page[3]
        )
        return _event_page(await loader.load(self.iri), page)


@strawberry.type(description="A named place: village, city, district, governorate, country.")
class Place(Node):
    name: str
    aliases: list[str]
    place_type: str | None
    lat: float | None
    lon: float | None
    precision_km: float | None
    wikidata: str | None

    @classmethod
    def of(cls, row: dict[str, Any]) -> Place:
        return cls(
            **base("Place", row),
            name=row.get("name") or row["id"],
            aliases=cut("Place", "aliases", list(row.get("aliases") or [])),
            place_type=row.get("placeType"),
            lat=row.get("lat"),
            lon=row.get("lon"),
            precision_km=row.get("precisionKm"),
            wikidata=row.get("wikidata"),
        )

    @strawberry.field(description="Places this place lies in.")
    async def part_of(self, info: Info[Context, None]) -> list[Place]:
        rows = await dl.parents(info.context, "Place").load(self.iri)
        return cut("Place", "partOf", [Place.of(r) for r in rows])

    @strawberry.field(description="Places directly inside this one, by name.")
    async def sub_places(self, info: Info[Context, None], first: int = 50) -> list[Place]:
        rows = await dl.children(info.context, "Place", check_page("first", first)).load(self.iri)
        return [Place.of(r) for r in rows]

    @strawberry.field(description="Events here (and, by default, in the places inside).")
    async def events(
        self,
        info: Info[Context, None],
        include_sub_places: bool = True,
        order_by: EventOrder = EventOrder.DATE_ASC,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[Event]:
        page = (start_of(after), check_page("first", first), *_extra(info))
        loader = dl.place_events_page(
            info.context, include_sub_places, order_by.value, page[:3], page[3]
        )
        return _event_page(await loader.load(self.iri), page)


@strawberry.type(description="Who says so: an outlet, agency, spokesperson or institution.")
class Source(Node):
    name: str
    aliases: list[str]
    source_type: str | None
    url: str | None

    @classmethod
    def of(cls, row: dict[str, Any]) -> Source:
        return cls(
            **base("Source", row),
            name=row.get("name") or row["id"],
            aliases=cut("Source", "aliases", list(row.get("aliases") or [])),
            source_type=row.get("sourceType"),
            url=row.get("url"),
        )

    @strawberry.field(description="Claims attributed to this source or to people of it.")
    async def claims(
        self, info: Info[Context, None], first: int = 20, after: str | None = None
    ) -> Connection[ClaimLike]:
        offset, limit = start_of(after), check_page("first", first)
        with_total = "totalCount" in selection.fields(info.selected_fields[0].selections)
        page = (offset, limit, with_total)
        found = await dl.source_claims_page(info.context, page).load(self.iri)
        return page_of(found["items"], claim_of, offset, limit, found["total"])

    @strawberry.field(description="Documents this source published.")
    async def documents(self, info: Info[Context, None], first: int = 20) -> list[Document]:
        loader = dl.documents_of_source(info.context, check_page("first", first))
        return [Document.of(r) for r in await loader.load(self.iri)]


@strawberry.type(description="An article or statement the claims were read from.")
class Document(Node):
    title: str | None
    url: str | None
    author: str | None
    date_published: str | None
    date_precision: str | None
    language: str | None
    document_type: str | None
    publisher: Source | None

    @classmethod
    def of(cls, row: dict[str, Any]) -> Document:
        pub = row.get("publisher")
        return cls(
            **base("Document", row),
            title=row.get("title"),
            url=row.get("url"),
            author=row.get("author"),
            date_published=as_text(row.get("datePublished")),
            date_precision=row.get("datePrecision"),
            language=row.get("language"),
            document_type=row.get("documentType"),
            publisher=Source.of(pub) if pub else None,
        )

    @strawberry.field(
        description="The document's text, or the window of it from start (at most 100,000 "
        "characters; a document's text counts one value per 1,000 characters asked)."
    )
    async def text(
        self, info: Info[Context, None], start: int = 0, length: int = 20_000
    ) -> DocumentText | None:
        if start < 0:
            raise BadArgument("start", f"must be 0 or more, got {start}")
        if not 0 < length <= MAX_TEXT_WINDOW:
            raise BadArgument("length", f"must be between 1 and {MAX_TEXT_WINDOW}, got {length}")
        row = await dl.document_text(info.context, start, length).load(self.iri)
        if row is None:
            return None
        return DocumentText(text=row["text"], start=start, total_length=row["size"])

    @strawberry.field(description="Claims read from this document, in text order.")
    async def claims(self, info: Info[Context, None], first: int = 50) -> list[ClaimLike]:
        rows = await dl.claims_of(info.context, "Document", check_page("first", first)).load(
            self.iri
        )
        return list(map(claim_of, rows))


@strawberry.type(description="A casualty figure as a claim states it.")
class CasualtyFigure:
    count: int | None
    max_count: int | None
    qualifier: str
    kind: str
    group_label: str | None
    group: Actor | None

    @classmethod
    def of(cls, row: dict[str, Any]) -> CasualtyFigure:
        group = row.get("group")
        return cls(
            count=row.get("count"),
            max_count=row.get("maxCount"),
            qualifier=row.get("qualifier") or "unspecified",
            kind=row.get("casualtyKind") or "killed",
            group_label=row.get("groupLabel"),
            group=Actor.of(group) if group else None,
        )


def _claim_fields(type_name: str, row: dict[str, Any]) -> dict[str, Any]:
    src, doc, ext = row.get("source"), row.get("document"), row.get("extraction")
    return {
        **base(type_name, row),
        "quote": row["quote"],
        "start_offset": row.get("startOffset"),
        "end_offset": row.get("endOffset"),
        "start_date": to_date(row.get("startDate")),
        "end_date": to_date(row.get("endDate")),
        "date_precision": row.get("datePrecision"),
        "confidence": row.get("confidence"),
        "rule": row.get("rule"),
        "source": Source.of(src) if src else None,
        "document": Document.of(doc) if doc else None,
        "extraction": Extraction(method=ext["method"], version=ext["version"]) if ext else None,
    }


@strawberry.interface(description="A statement read from a document, with its provenance.")
class ClaimLike(Node):
    quote: str = strawberry.field(description="The exact words of the document.")
    start_offset: int | None = strawberry.field(description="Offset of the quote in the text.")
    end_offset: int | None
    start_date: dt.date | None
    end_date: dt.date | None
    date_precision: str | None
    confidence: float | None
    rule: str | None = strawberry.field(description="The extraction rule that fired.")
    source: Source | None = strawberry.field(description="According to whom.")
    document: Document | None
    extraction: Extraction | None

    @strawberry.field(description="The sentence the quote stands in (null without the text).")
    async def context(self, info: Info[Context, None]) -> ClaimContext | None:
        row = await dl.claim_context(info.context).load(self.iri)
        return sentence_around(row) if row else None

    @strawberry.field(description="Who says so, who passed it on, and on whose side they are.")
    async def attribution(self, info: Info[Context, None]) -> Attribution | None:
        row = await dl.claim_attribution(info.context).load(self.iri)
        return attribution_of(row) if row else None


@strawberry.type(description="Who a claim is attributed to and who passed it on.")
class Attribution:
    original: Source | None = strawberry.field(
        description="The source the claim is attributed to (who says so)."
    )
    organisations: list[Source] = strawberry.field(
        description="Organisations the original source belongs to, nearest first."
    )
    relays: list[Source] = strawberry.field(
        description="Who passed the claim on: the document's publisher, when it is neither the "
        "original source nor one of its organisations."
    )
    stance: Stance

    @strawberry.field(description="The original source, its organisations, then the relays.")
    def chain(self) -> list[Source]:
        head = [self.original] if self.original else []
        return [*head, *self.organisations, *self.relays]


def attribution_of(row: dict[str, Any]) -> Attribution:
    original = Source.of(row["original"]) if row.get("original") else None
    orgs = cut(
        "Attribution", "organisations", [Source.of(o) for o in row.get("organisations") or []]
    )
    pub = Source.of(row["publisher"]) if row.get("publisher") else None
    own = {s.slug for s in orgs} | ({original.slug} if original else set())
    relays = [pub] if pub is not None and pub.slug not in own else []
    return Attribution(
        original=original, organisations=orgs, relays=relays, stance=Stance(row["stance"])
    )


@strawberry.type(description="A document's statement that an event happened.")
class Claim(ClaimLike):
    event_types: list[str]
    casualties: list[CasualtyFigure]
    event_iri: strawberry.Private[str | None]

    @strawberry.field(description="The event this claim supports (null until resolved).")
    async def event(self, info: Info[Context, None]) -> Event | None:
        if self.event_iri is None:
            return None
        row = await dl.node_by_iri(info.context, "Event").load(self.event_iri)
        return Event.of(row) if row else None


@strawberry.type(description="A document's statement that an actor controls places.")
class ControlClaim(ClaimLike):
    controllers: list[Actor]
    places: list[Place]


def claim_of(row: dict[str, Any]) -> Claim | ControlClaim:
    """An event claim or a control claim, as the node's labels say."""
    if "ControlClaim" in (row.get("labels") or ()):
        return ControlClaim(
            **_claim_fields("ControlClaim", row),
            controllers=cut(
                "ControlClaim",
                "controllers",
                [Actor.of(a) for a in by_id(row.get("controllers") or [])],
            ),
            places=cut(
                "ControlClaim",
                "places",
                [Place.of(p) for p in by_id(row.get("controlledPlaces") or [])],
            ),
        )
    return Claim(
        **_claim_fields("Claim", row),
        event_types=cut("Claim", "eventTypes", list(row.get("types") or [])),
        casualties=cut(
            "Claim", "casualties", [CasualtyFigure.of(f) for f in row.get("casualties") or []]
        ),
        event_iri=row.get("event"),
    )


@strawberry.type(description="Something that happened, supported by one or more claims.")
class Event(Node):
    label: str | None
    start_date: dt.date | None = strawberry.field(description="First day of the span.")
    end_date: dt.date | None = strawberry.field(description="Last day of the span.")
    date_precision: str | None = strawberry.field(description="day, week, month, year, unknown")
    source_count: int = strawberry.field(description="Distinct sources (corroboration).")
    claim_count: int

    prefetched: strawberry.Private[dict[str, Any]]
    """Roles and claims fetched with the event (keys of ``nodes.event_fields``); fields not
    in it are loaded through the request's DataLoaders."""

    @classmethod
    def of(cls, row: dict[str, Any]) -> Event:
        return cls(
            **base("Event", row),
            label=row.get("label"),
            start_date=to_date(row.get("startDate")),
            end_date=to_date(row.get("endDate")),
            date_precision=row.get("datePrecision"),
            source_count=int(row.get("sourceCount") or 0),
            claim_count=int(row.get("claimCount") or 0),
            prefetched={k: row[k] for k in PREFETCHED if k in row},
        )

    def _part(self, info: Info[Context, None], key: str, build: Callable[[Any], T]) -> Maybe[T]:
        """``build`` applied to the rows of ``key``: at once when they came with the event
        (no coroutine, no loader: the common case of an ``events`` page), else loaded."""
        if key in self.prefetched:
            return build(self.prefetched[key])
        return self._load(info, key, build)

    async def _load(self, info: Info[Context, None], key: str, build: Callable[[Any], T]) -> T:
        if key == "claims":
            return build(await dl.event_claims(info.context).load(self.iri))
        roles: dict[str, Any] = await dl.event_roles(info.context).load(self.iri)
        return build(roles.get(key, []))

    @strawberry.field(description="Event type ids, e.g. air_strike.", graphql_type=list[EventType])
    def types(self, info: Info[Context, None]) -> Maybe[list[EventType]]:
        return self._part(
            info,
            "types",
            lambda rows: cut("Event", "types", [EventType.of(r) for r in by_id(rows)]),
        )

    @strawberry.field(description="The main event type id.", graphql_type=str | None)
    def type(self, info: Info[Context, None]) -> Maybe[str | None]:
        return self._part(info, "types", lambda rows: min((r["id"] for r in rows), default=None))

    @strawberry.field(graphql_type=list[Actor])
    def attackers(self, info: Info[Context, None]) -> Maybe[list[Actor]]:
        return self._part(info, "attackers", _actors)

    @strawberry.field(graphql_type=list[Actor])
    def targets(self, info: Info[Context, None]) -> Maybe[list[Actor]]:
        return self._part(info, "targets", _actors)

    @strawberry.field(graphql_type=list[Actor])
    def participants(self, info: Info[Context, None]) -> Maybe[list[Actor]]:
        return self._part(info, "participants", _actors)

    @strawberry.field(graphql_type=list[Place])
    def places(self, info: Info[Context, None]) -> Maybe[list[Place]]:
        return self._part(
            info, "places", lambda rows: cut("Event", "places", [Place.of(r) for r in by_id(rows)])
        )

    @strawberry.field(
        description="The claims that report this event, with their provenance, by document "
        "and text order.",
        graphql_type=list[Claim],
    )
    def claims(self, info: Info[Context, None], first: int = 20) -> Maybe[list[Claim]]:
        limit = check_page("first", first)
        return self._part(info, "claims", lambda rows: _event_claims(rows)[:limit])

    @strawberry.field(
        description="Casualty figures stated by the event's claims.",
        graphql_type=list[CasualtyFigure],
    )
    def casualties(self, info: Info[Context, None]) -> Maybe[list[CasualtyFigure]]:
        return self._part(
            info,
            "claims",
            lambda rows: cut(
                "Event", "casualties", [f for c in _event_claims(rows) for f in c.casualties]
            ),
        )


PREFETCHED = ("attackers", "targets", "participants", "places", "types", "claims")
T = TypeVar("T")
Maybe: TypeAlias = T | Awaitable[T]
"""A field's value, or an awaitable of it when it must be loaded first."""


def _actors(rows: list[dict[str, Any]]) -> list[Actor]:
    return cut("Event", "attackers", [Actor.of(r) for r in by_id(rows)])


def _event_claims(rows: list[dict[str, Any]]) -> list[Claim]:
    ordered = sorted(present(rows), key=_claim_order)
    return [c for c in map(claim_of, ordered) if isinstance(c, Claim)]


def _claim_order(row: dict[str, Any]) -> tuple[str, int, str]:
    """Claims by document, then in text order."""
    doc = row.get("document") or {}
    return (str(doc.get("id") or ""), int(row.get("startOffset") or 0), str(row.get("id")))

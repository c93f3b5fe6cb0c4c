"""A small, realistic graph for the GraphQL tests, written with GraphBatch like the loaders do.

The Deir ez-Zor campaign of 2018 in miniature: the Islamic State attacking the regime's army and
militias, the coalition striking from the air, the SDF closing in on Hajin. Each event is there
to be caught or missed by one filter (place, date, source, subgroup), so a test can name the
exact events it expects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache

from kg.store import GraphStore
from loaders.graph.batch import GraphBatch, NodeRow
from loaders.graph.mapping import instance_iri

BASE = "http://kg.test/id/"

ACTORS = {
    # id: (name, aliases, parent)
    "islamic-state": ("Islamic State", ["ISIS", "Daesh"], None),
    "syrian-regime": ("Syrian regime", ["regime forces", "Assad regime"], None),
    "syrian-arab-army": ("Syrian Arab Army", ["SAA"], "syrian-regime"),
    "pro-regime-militias": ("Pro-regime militias", ["NDF"], "syrian-regime"),
    "us-led-coalition": ("US-led coalition", ["the coalition", "CJTF-OIR"], None),
    "united-states": ("United States", ["US", "America"], "us-led-coalition"),
    "sdf": ("Syrian Democratic Forces", ["SDF"], None),
    "civilians": ("Civilians", [], None),
    # No events: found by a spelling variant of its name ("bin" for "ibn", no "Army").
    "khalid-ibn-al-walid-army": ("Khalid ibn al-Walid Army", ["Jaysh Khalid ibn al-Walid"], None),
}
PLACES = {
    # id: (name, type, lat, lon, parent)
    "syria": ("Syria", "Country", 35.0, 38.0, None),
    "deir-ez-zor-governorate": ("Deir ez-Zor Governorate", "Governorate", 35.33, 40.14, "syria"),
    "abu-kamal-district": (
        "Abu Kamal District",
        "District",
        34.45,
        40.92,
        "deir-ez-zor-governorate",
    ),
    "hajin": ("Hajin", "Town", 34.69, 40.83, "abu-kamal-district"),
    "abu-kamal": ("Abu Kamal", "City", 34.45, 40.92, "abu-kamal-district"),
    "al-mayadin": ("Al-Mayadin", "City", 35.02, 40.45, "deir-ez-zor-governorate"),
    "raqqa-governorate": ("Raqqa Governorate", "Governorate", 35.95, 39.01, "syria"),
    "raqqa": ("Raqqa", "City", 35.95, 39.01, "raqqa-governorate"),
    # "Hasakah" names the city and the governorate; the event is at the governorate.
    "al-hasakah-governorate": ("Al-Hasakah Governorate", "Governorate", 36.5, 40.75, "syria"),
    "al-hasakah": ("Al-Hasakah", "City", 36.5, 40.75, "al-hasakah-governorate"),
}
PLACE_ALIASES = {"al-hasakah": ["Hasakah", "Hasaka"], "al-hasakah-governorate": ["Hasaka province"]}
SOURCES = {
    # id: (name, aliases, affiliated with)
    "sohr": ("Syrian Observatory for Human Rights", ["SOHR", "the Observatory"], None),
    "rami-abdul-rahman": ("Rami Abdul Rahman", ["Abdul Rahman"], "sohr"),
    "afp": ("Agence France-Presse", ["AFP"], None),
    "us-department-of-defense": ("US Department of Defense", ["Pentagon"], None),
}
SPEAKS_FOR = {"us-department-of-defense": "united-states"}
"""The Pentagon speaks for the United States: its claims about US strikes are the attacker's."""
EVENT_TYPES = {"attack": None, "air_strike": "attack", "shelling": "attack", "armed_clash": None}
DOCUMENTS = {
    # id: (title, publisher, published)
    "doc-afp-1": ("IS fighters hit regime positions east of Deir ez-Zor", "afp", "2018-03-21"),
    "doc-dod-1": (
        "Coalition strikes continue near Hajin",
        "us-department-of-defense",
        "2018-12-15",
    ),
}


@dataclass(frozen=True)
class C:
    """One claim: who says it, in which document, the quote and a casualty figure."""

    source: str
    doc: str
    quote: str
    killed: tuple[int, str] | None = None


@dataclass(frozen=True)
class E:
    """One event: type, roles, places, span and precision, and its claims."""

    type: str
    attackers: tuple[str, ...]
    targets: tuple[str, ...]
    places: tuple[str, ...]
    start: dt.date
    end: dt.date
    precision: str
    claims: tuple[C, ...] = field(default_factory=tuple)


D = dt.date
EVENTS: dict[str, E] = {
    # March 2018 in Deir ez-Zor governorate, SOHR: the headline question's answers.
    "ev-mayadin-saa": E(
        "attack",
        ("islamic-state",),
        ("syrian-arab-army",),
        ("al-mayadin",),
        D(2018, 3, 10),
        D(2018, 3, 10),
        "day",
        (
            C(
                "rami-abdul-rahman",
                "doc-afp-1",
                "IS fighters killed at least 12 regime soldiers in an attack near Mayadin",
                (12, "at_least"),
            ),
        ),
    ),
    "ev-abukamal-ndf": E(
        "shelling",
        ("islamic-state",),
        ("pro-regime-militias",),
        ("abu-kamal",),
        D(2018, 3, 1),
        D(2018, 3, 31),
        "month",
        (C("sohr", "doc-afp-1", "Daesh shelled positions of the regime's militias in Abu Kamal"),),
    ),
    # Misses, one condition each.
    "ev-raqqa-regime": E(
        "attack",
        ("islamic-state",),
        ("syrian-regime",),
        ("raqqa",),
        D(2018, 3, 15),
        D(2018, 3, 15),
        "day",
        (C("sohr", "doc-afp-1", "The organization attacked regime forces south of Raqqa"),),
    ),
    "ev-hajin-april": E(
        "attack",
        ("islamic-state",),
        ("syrian-arab-army",),
        ("hajin",),
        D(2018, 4, 2),
        D(2018, 4, 2),
        "day",
        (C("sohr", "doc-afp-1", "In April the organization struck an army post at Hajin"),),
    ),
    "ev-mayadin-afp-only": E(
        "attack",
        ("islamic-state",),
        ("syrian-arab-army",),
        ("al-mayadin",),
        D(2018, 3, 20),
        D(2018, 3, 20),
        "day",
        (C("afp", "doc-afp-1", "AFP correspondents saw IS fighters overrun an army checkpoint"),),
    ),
    # The coalition's strikes, and who says so.
    "ev-hajin-strike": E(
        "air_strike",
        ("united-states",),
        ("islamic-state",),
        ("hajin",),
        D(2018, 11, 5),
        D(2018, 11, 5),
        "day",
        (
            C(
                "us-department-of-defense",
                "doc-dod-1",
                "Coalition aircraft struck an ISIS command post in Hajin",
                (5, "exact"),
            ),
            C(
                "sohr",
                "doc-afp-1",
                "Coalition warplanes bombed Hajin, killing 7 jihadists",
                (7, "exact"),
            ),
        ),
    ),
    "ev-abukamal-civilians": E(
        "air_strike",
        ("us-led-coalition",),
        ("civilians",),
        ("abu-kamal",),
        D(2018, 12, 1),
        D(2018, 12, 1),
        "day",
        (
            C(
                "sohr",
                "doc-afp-1",
                "Strikes by the coalition killed 9 civilians in Abu Kamal",
                (9, "about"),
            ),
        ),
    ),
    "ev-hajin-clash": E(
        "armed_clash",
        ("sdf",),
        ("islamic-state",),
        ("hajin",),
        D(2018, 12, 10),
        D(2018, 12, 16),
        "week",
        (
            C(
                "us-department-of-defense",
                "doc-dod-1",
                "The SDF fought ISIS street by street in Hajin",
            ),
        ),
    ),
    # At the governorate of Al-Hasakah, dated to the year: found by a filter inside 2017.
    "ev-hasakah-ambush": E(
        "attack",
        ("islamic-state",),
        ("sdf",),
        ("al-hasakah-governorate",),
        D(2017, 1, 1),
        D(2017, 12, 31),
        "year",
        (C("afp", "doc-afp-1", "IS fighters ambushed a patrol south of the provincial capital"),),
    ),
    # Dated only to "between 2016 and 2018": too vague for any date filter to match.
    "ev-raqqa-vague": E(
        "armed_clash",
        ("sdf",),
        ("islamic-state",),
        ("raqqa",),
        D(2016, 1, 1),
        D(2018, 12, 31),
        "year",
        (C("afp", "doc-afp-1", "Fighting went on around Raqqa for three years"),),
    ),
}
CONTROL = {
    # id: (controller, place, start, end, precision, source, doc, quote)
    "ctl-hajin-is": (
        "islamic-state",
        "hajin",
        D(2018, 3, 1),
        D(2018, 3, 31),
        "month",
        "sohr",
        "doc-afp-1",
        "Hajin remains in the hands of the organization",
    ),
    "ctl-hajin-sdf": (
        "sdf",
        "hajin",
        D(2018, 12, 14),
        D(2018, 12, 14),
        "day",
        "us-department-of-defense",
        "doc-dod-1",
        "The SDF now holds Hajin",
    ),
}


@cache
def document_text(doc: str) -> tuple[str, dict[str, int]]:
    """A document's text: a title line, then one sentence per quote of the document's claims
    ("Reporters wrote that <quote>, witnesses said."); and the offset of each quote in it."""
    quotes = [c.quote for e in EVENTS.values() for c in e.claims if c.doc == doc]
    quotes += [v[7] for v in CONTROL.values() if v[6] == doc]
    text, offsets = f"{DOCUMENTS[doc][0]}\n\n", {}
    for quote in quotes:
        text += "Reporters wrote that "
        offsets[quote] = len(text)
        text += f"{quote}, witnesses said. "
    return text.rstrip() + "\n", offsets


def iri(label: str, ident: str) -> str:
    return instance_iri(BASE, label, ident)


def _reference(b: GraphBatch) -> None:
    for ident, (name, aliases, parent) in ACTORS.items():
        b.add_node(
            "Actor",
            iri("Actor", ident),
            id=ident,
            name=name,
            aliases=aliases,
            actorType="ArmedGroup",
        )
        if parent:
            b.add_rel("PART_OF", "Actor", iri("Actor", ident), "Actor", iri("Actor", parent))
    for ident, (name, kind, lat, lon, up) in PLACES.items():
        b.add_node(
            "Place",
            iri("Place", ident),
            id=ident,
            name=name,
            aliases=[name, *PLACE_ALIASES.get(ident, [])],
            placeType=kind,
            lat=lat,
            lon=lon,
        )
        if up:
            b.add_rel("PART_OF", "Place", iri("Place", ident), "Place", iri("Place", up))
    for ident, (name, aliases, org) in SOURCES.items():
        b.add_node(
            "Source",
            iri("Source", ident),
            id=ident,
            name=name,
            aliases=aliases,
            sourceType="Organization",
        )
        if org:
            b.add_rel(
                "AFFILIATED_WITH", "Source", iri("Source", ident), "Source", iri("Source", org)
            )
        if ident in SPEAKS_FOR:
            b.add_rel(
                "SPEAKS_FOR",
                "Source",
                iri("Source", ident),
                "Actor",
                iri("Actor", SPEAKS_FOR[ident]),
            )
    for ident, broader in EVENT_TYPES.items():
        b.add_node("EventType", iri("EventType", ident), id=ident, name=ident.replace("_", " "))
        if broader:
            b.add_rel(
                "BROADER",
                "EventType",
                iri("EventType", ident),
                "EventType",
                iri("EventType", broader),
            )
    for ident, (title, publisher, date) in DOCUMENTS.items():
        b.add_node(
            "Document",
            iri("Document", ident),
            id=ident,
            title=title,
            datePublished=date,
            url=f"https://news.test/{ident}",
            documentType="NewsArticle",
            sha256=ident,
            text=document_text(ident)[0],
        )
        b.add_rel(
            "PUBLISHED_BY", "Document", iri("Document", ident), "Source", iri("Source", publisher)
        )
    b.add_node(
        "Extraction", iri("Extraction", "rules-1"), id="rules-1", method="rules", version="1"
    )


def add_event(b: GraphBatch, ident: str, e: E) -> None:
    """An event with its roles and claims, each claim with its full provenance."""
    ev = iri("Event", ident)
    props = {
        "id": ident,
        "label": f"{e.type} {ident}",
        "startDate": e.start,
        "endDate": e.end,
        "datePrecision": e.precision,
        "claimCount": len(e.claims),
        "sourceCount": len({c.source for c in e.claims}),
    }
    b.nodes.append(NodeRow(label="Event", iri=ev, props=props))
    b.add_rel("HAS_TYPE", "Event", ev, "EventType", iri("EventType", e.type))
    for rel, actors in (("ATTACKER", e.attackers), ("TARGET", e.targets)):
        for a in actors:
            b.add_rel(rel, "Event", ev, "Actor", iri("Actor", a))
    for p in e.places:
        b.add_rel("OCCURRED_AT", "Event", ev, "Place", iri("Place", p))
    for i, c in enumerate(e.claims):
        cid = f"{ident}-c{i}"
        cl = b.add_node(
            "Claim",
            iri("Claim", cid),
            id=cid,
            quote=c.quote,
            startOffset=document_text(c.doc)[1].get(c.quote, 0),
            endOffset=document_text(c.doc)[1].get(c.quote, 0) + len(c.quote),
            startDate=e.start,
            endDate=e.end,
            datePrecision=e.precision,
            confidence=0.9,
            rule="test-rule",
        )
        b.add_rel("SUPPORTS", "Claim", cl, "Event", ev)
        b.add_rel("DERIVED_FROM", "Claim", cl, "Document", iri("Document", c.doc))
        b.add_rel("ATTRIBUTED_TO", "Claim", cl, "Source", iri("Source", c.source))
        b.add_rel("GENERATED_BY", "Claim", cl, "Extraction", iri("Extraction", "rules-1"))
        b.add_rel("HAS_TYPE", "Claim", cl, "EventType", iri("EventType", e.type))
        if c.killed:
            f = b.add_node(
                "CasualtyFigure",
                iri("CasualtyFigure", cid),
                id=cid,
                count=c.killed[0],
                qualifier=c.killed[1],
                casualtyKind="killed",
            )
            b.add_rel("REPORTS", "Claim", cl, "CasualtyFigure", f)
            b.add_rel("COUNTS", "CasualtyFigure", f, "Actor", iri("Actor", e.targets[0]))


def _control(b: GraphBatch) -> None:
    for ident, (who, place, start, end, prec, src, doc, quote) in CONTROL.items():
        cl = b.add_node(
            "ControlClaim",
            iri("ControlClaim", ident),
            id=ident,
            quote=quote,
            startDate=start,
            endDate=end,
            datePrecision=prec,
            confidence=0.8,
            rule="control-rule",
            startOffset=document_text(doc)[1][quote],
            endOffset=document_text(doc)[1][quote] + len(quote),
        )
        b.add_rel("CONTROLLER", "ControlClaim", cl, "Actor", iri("Actor", who))
        b.add_rel("CONTROLLED_PLACE", "ControlClaim", cl, "Place", iri("Place", place))
        b.add_rel("DERIVED_FROM", "ControlClaim", cl, "Document", iri("Document", doc))
        b.add_rel("ATTRIBUTED_TO", "ControlClaim", cl, "Source", iri("Source", src))
        b.add_rel("GENERATED_BY", "ControlClaim", cl, "Extraction", iri("Extraction", "rules-1"))


def fixture_batch(extra_events: int = 0) -> GraphBatch:
    """The fixture graph, plus ``extra_events`` filler attacks (for size-independence tests)."""
    b = GraphBatch()
    _reference(b)
    for ident, e in EVENTS.items():
        add_event(b, ident, e)
    _control(b)
    for n in range(extra_events):
        filler = E(
            "attack",
            ("islamic-state",),
            ("sdf",),
            ("raqqa",),
            D(2017, 1, 1) + dt.timedelta(days=n),
            D(2017, 1, 1) + dt.timedelta(days=n),
            "day",
            (
                C("afp", "doc-afp-1", f"Filler attack number {n}"),
                C("sohr", "doc-afp-1", f"Another report of filler attack {n}"),
            ),
        )
        add_event(b, f"ev-filler-{n:04d}", filler)
    return b


def write_fixture(store: GraphStore, extra_events: int = 0) -> None:
    store.write_batch(fixture_batch(extra_events))

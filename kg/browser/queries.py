"""The named Cypher queries of the Browser guide and the cookbook: one list, one source.

The guide slides, ``docs/cypher.md`` and the tests all read this list, so a query shown to an
explorer is always the query the tests run. Labels and relationship types are written as
``${Name}`` and rendered through ``loaders.graph.mapping.quoted``, so a query cannot name anything
the mapping does not declare; values are parameters, set in Browser with one ``:params`` command.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from kg.errors import MappingError
from loaders.graph.mapping import quoted

_NAME_SLOT = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def render(template: str) -> str:
    """Replace each ``${Label}`` / ``${REL_TYPE}`` slot by the checked, backticked name."""
    return _NAME_SLOT.sub(lambda m: quoted(m.group(1)), template)


@dataclass(frozen=True)
class NamedQuery:
    """A question, the Cypher that answers it, its parameters and why it is written so."""

    name: str
    title: str
    question: str
    explanation: str
    template: str
    params: dict[str, Any] = field(default_factory=dict)
    shows_graph: bool = False
    """True when Browser draws the result as a graph (the query returns nodes or paths)."""

    @property
    def cypher(self) -> str:
        return render(self.template).strip()

    def params_command(self) -> str | None:
        """The Browser command that sets this query's parameters (``None`` when it has none).

        A block of its own: in one block with the query, Browser would run a multi-statement
        script and show only each statement's status, not the result.
        """
        if not self.params:
            return None
        return f":params {json.dumps(self.params, ensure_ascii=False)}"


QUERIES: tuple[NamedQuery, ...] = (
    NamedQuery(
        name="model",
        title="The model",
        question="Which kinds of node are there and how do they connect?",
        explanation=(
            "Neo4j's own summary of the labels in the database and the relationship types "
            "between them: a map to read the other queries by."
        ),
        template="CALL db.schema.visualization()",
        shows_graph=True,
    ),
    NamedQuery(
        name="who-attacked-whom",
        title="Who attacked whom",
        question="Which actors attacked which, and in how many events?",
        explanation=(
            "Each event points to its attackers (`ATTACKER`) and targets (`TARGET`). Grouping "
            "by the pair gives one row per attacker and target with its number of events, "
            "however many events there are: names and counts as plain columns, most events "
            "first. The next query draws the largest pairs as a graph."
        ),
        template="""
MATCH (a:${Actor})<-[:${ATTACKER}]-(e:${Event})-[:${TARGET}]->(t:${Actor})
WITH a, t, count(DISTINCT e) AS events
RETURN a.name AS attacker, t.name AS target, events, a.id AS attackerId, t.id AS targetId
ORDER BY events DESC, attacker, target
""",
    ),
    NamedQuery(
        name="who-attacked-whom-graph",
        title="Who attacked whom, as a graph",
        question="How do the actors of the largest attacker and target pairs connect?",
        explanation=(
            "The `$pairs` pairs with the most events, each drawn through its latest event "
            "(`ATTACKER` and `TARGET` relationships), with the pair's count of events on the "
            "table view: one event per pair keeps the drawing readable on a graph of any size. "
            "Raise `$pairs` to see more of them."
        ),
        template="""
MATCH (attacker:${Actor})<-[:${ATTACKER}]-(e:${Event})-[:${TARGET}]->(target:${Actor})
WITH attacker, target, count(DISTINCT e) AS events
ORDER BY events DESC, attacker.name, target.name LIMIT toInteger($pairs)
CALL (attacker, target) {
  MATCH (attacker)<-[:${ATTACKER}]-(e:${Event})-[:${TARGET}]->(target)
  WITH e ORDER BY coalesce(e.startDate, date('0001-01-01')) DESC, e.id LIMIT 1
  RETURN e AS latestEvent
}
RETURN attacker, target, events, latestEvent
ORDER BY events DESC, attacker.name, target.name
""",
        params={"pairs": 25},
        shows_graph=True,
    ),
    NamedQuery(
        name="attacks-on-regime-in-governorate",
        title="Attacks on the regime forces in a governorate",
        question="Which attacks hit the regime forces (or any of their units) in Deir ez-Zor "
        "governorate, in which words, and according to whom?",
        explanation=(
            "`PART_OF*0..` walks down both hierarchies: the target may be the regime or one "
            "of its units (the Syrian Arab Army, pro-regime militias), and the place may be "
            "the governorate or any district, town or facility inside it. Each row is one "
            "claim: the quote, the source it is attributed to and the document it was read "
            "from."
        ),
        template="""
MATCH (g:${Place} {id: $governorate}), (regime:${Actor} {id: $target})
MATCH (e:${Event})-[:${TARGET}]->(:${Actor})-[:${PART_OF}*0..]->(regime)
WHERE EXISTS { (e)-[:${OCCURRED_AT}]->(:${Place})-[:${PART_OF}*0..]->(g) }
WITH DISTINCT e
MATCH (c:${Claim})-[:${SUPPORTS}]->(e)
OPTIONAL MATCH (c)-[:${ATTRIBUTED_TO}]->(s:${Source})
OPTIONAL MATCH (c)-[:${DERIVED_FROM}]->(d:${Document})
RETURN e.id AS event, e.label AS label, e.startDate AS startDate, e.endDate AS endDate,
       c.quote AS quote, s.name AS source, d.title AS document
ORDER BY startDate, event, quote
""",
        params={"governorate": "deir-ez-zor-governorate", "target": "syrian-regime"},
    ),
    NamedQuery(
        name="event-to-sources",
        title="From an event to every source",
        question="Which claims support an event, which sources are they attributed to, and "
        "which documents and publishers carry them?",
        explanation=(
            "Provenance as a path: `Event <-SUPPORTS- Claim -ATTRIBUTED_TO-> Source`, and "
            "`Claim -DERIVED_FROM-> Document -PUBLISHED_BY-> Source` for the outlet that "
            "printed it. With `$event` left null the event with the most supporting claims is "
            "shown; set `:param event => '<id>'` to follow another one."
        ),
        template="""
MATCH (e:${Event})
WHERE $event IS NULL OR e.id = $event
WITH e ORDER BY COUNT { (e)<-[:${SUPPORTS}]-(:${Claim}) } DESC, e.id LIMIT 1
MATCH reported = (e)<-[:${SUPPORTS}]-(c:${Claim})-[:${ATTRIBUTED_TO}]->(:${Source})
OPTIONAL MATCH printed = (c)-[:${DERIVED_FROM}]->(:${Document})-[:${PUBLISHED_BY}]->(:${Source})
RETURN reported, printed
""",
        params={"event": None},
        shows_graph=True,
    ),
    NamedQuery(
        name="what-sohr-reported",
        title="What SOHR reported",
        question="Every claim attributed to the Syrian Observatory for Human Rights or to "
        "someone speaking for it, with what it is about and where it was read.",
        explanation=(
            "`AFFILIATED_WITH*0..` also collects claims attributed to people of the "
            "organisation (SOHR's director, for instance). Event claims lead to their event, "
            "control claims name the controller; both keep the exact quote."
        ),
        template="""
MATCH (s:${Source} {id: $source})<-[:${AFFILIATED_WITH}*0..]-(speaker:${Source})
MATCH (speaker)<-[:${ATTRIBUTED_TO}]-(c:${Claim})
OPTIONAL MATCH (c)-[:${SUPPORTS}]->(e:${Event})
OPTIONAL MATCH (c)-[:${CONTROLLER}]->(controller:${Actor})
OPTIONAL MATCH (c)-[:${DERIVED_FROM}]->(d:${Document})
RETURN speaker.name AS speaker, c.quote AS quote, e.label AS event,
       controller.name AS controller, d.title AS document, d.datePublished AS published
ORDER BY published, document, c.startOffset
""",
        params={"source": "sohr"},
    ),
    NamedQuery(
        name="control-of-hajin",
        title="Who controlled Hajin, according to whom",
        question="Which actor held Hajin at which time, according to which source?",
        explanation=(
            "Control statements are claims of their own (`ControlClaim`): a controller, the "
            "places, a time span and a source. Ordering by the span (or, when the text gives "
            "none, the publication date) turns them into a timeline."
        ),
        template="""
MATCH (p:${Place} {id: $place})<-[:${CONTROLLED_PLACE}]-(cc:${ControlClaim})
MATCH (cc)-[:${CONTROLLER}]->(controller:${Actor})
OPTIONAL MATCH (cc)-[:${ATTRIBUTED_TO}]->(s:${Source})
OPTIONAL MATCH (cc)-[:${DERIVED_FROM}]->(d:${Document})
WITH cc, controller, s, d,
     coalesce(toString(cc.startDate), toString(cc.endDate), d.datePublished) AS asOf
RETURN asOf, controller.name AS controller, s.name AS accordingTo, cc.quote AS quote,
       d.title AS document
ORDER BY asOf, accordingTo
""",
        params={"place": "hajin"},
    ),
    NamedQuery(
        name="events-near-abu-kamal",
        title="Events within 50 km of Abu Kamal",
        question="Which events happened at places within 50 km of Abu Kamal?",
        explanation=(
            "Places with coordinates carry a WGS-84 `location` point (indexed), so "
            "`point.distance` gives metres on the ellipsoid. Places without coordinates "
            "(regions, governorates) have no point and never match."
        ),
        template="""
MATCH (centre:${Place} {id: $place})
MATCH (e:${Event})-[:${OCCURRED_AT}]->(p:${Place})
WHERE point.distance(p.location, centre.location) <= $km * 1000
WITH e, min(point.distance(p.location, centre.location)) AS metres, collect(p.name) AS places
RETURN e.id AS event, e.label AS label, e.startDate AS startDate, places,
       round(metres / 1000.0, 1) AS km
ORDER BY km, event
""",
        params={"place": "abu-kamal", "km": 50},
    ),
    NamedQuery(
        name="casualty-disagreements",
        title="Sources that disagree on a casualty count",
        question="For which events do two claims give different numbers for the same group "
        "and the same kind of casualty, and who says what?",
        explanation=(
            "Figures stay on the claims that state them, never merged into the event, so a "
            "disagreement is two claims on one event whose figures count the same group "
            "(`COUNTS`) and kind with different numbers. Vague figures ('hundreds') have no "
            "count and are left out."
        ),
        template="""
MATCH (e:${Event})<-[:${SUPPORTS}]-(c1:${Claim})-[:${REPORTS}]->(f1:${CasualtyFigure})
      -[:${COUNTS}]->(group:${Actor})
MATCH (e)<-[:${SUPPORTS}]-(c2:${Claim})-[:${REPORTS}]->(f2:${CasualtyFigure})
      -[:${COUNTS}]->(group)
WHERE c1.id < c2.id AND f1.casualtyKind = f2.casualtyKind AND f1.count <> f2.count
OPTIONAL MATCH (c1)-[:${ATTRIBUTED_TO}]->(s1:${Source})
OPTIONAL MATCH (c2)-[:${ATTRIBUTED_TO}]->(s2:${Source})
RETURN e.id AS event, group.name AS group, f1.casualtyKind AS kind,
       s1.name AS source1, f1.qualifier AS qualifier1, f1.count AS count1, c1.quote AS quote1,
       s2.name AS source2, f2.qualifier AS qualifier2, f2.count AS count2, c2.quote AS quote2
ORDER BY event, kind, source1, source2
""",
    ),
)


def query(name: str) -> NamedQuery:
    """The named query ``name``; a MappingError lists the known names otherwise."""
    for q in QUERIES:
        if q.name == name:
            return q
    known = ", ".join(q.name for q in QUERIES)
    raise MappingError(f"no Browser query named {name!r}; known: {known}")

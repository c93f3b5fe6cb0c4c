"""The Neo4j Browser guide: HTML slides that ``:play <api>/browser-guide`` renders.

Browser splits the page on ``<slide>`` elements and turns each
``<pre class="... runnable">`` into a block that one click copies into its editor. The query
slides are generated from ``kg.browser.queries.QUERIES``, so the guide shows exactly the Cypher
the tests run; the first slides explain the model and how to load the style sheet.
"""

from __future__ import annotations

import re
from html import escape
from importlib import resources

from kg.browser.queries import QUERIES, NamedQuery
from loaders.graph.mapping import MAPPING

GUIDE_PATH = "/browser-guide"
STYLE_PATH = "/browser-style.grass"

_MODEL_ROWS = (
    ("Actor", "an armed group, state force, coalition, militia or person (IS, SDF, the regime)"),
    ("Event", "one real-world occurrence: an attack, clash, air strike, capture…"),
    ("Place", "a town, district, governorate or region, with a point when it has one"),
    ("Claim", "one statement in one document: the exact quote, its offsets, a confidence"),
    ("ControlClaim", "a statement that an actor controls places"),
    ("Document", "an article (or dataset record) the claims were read from"),
    ("Source", "who says so: a monitor, an agency, an armed group's spokesman"),
    ("CasualtyFigure", "a number of killed, injured or captured, as one claim states it"),
)


def style_text() -> str:
    """The GraSS style sheet shipped with the package."""
    return resources.files("kg.browser").joinpath("style.grass").read_text(encoding="utf-8")


def style_url(base_url: str) -> str:
    """Where the style sheet is served, given the API's base URL (ending with '/')."""
    return base_url.rstrip("/") + STYLE_PATH


def _runnable(text: str) -> str:
    return f'<pre mode="cypher" class="pre-scrollable code runnable">{escape(text)}</pre>'


def _slide(title: str, body: str) -> str:
    return (
        '<slide class="row-fluid">\n<div class="col-sm-12">\n'
        f"<h3>{escape(title)}</h3>\n{body}\n</div>\n</slide>"
    )


def _rel_names() -> dict[str, str]:
    names = ("SUPPORTS", "DERIVED_FROM", "ATTRIBUTED_TO", "ATTACKER", "TARGET", "OCCURRED_AT")
    return {n: MAPPING.rel(n).type for n in names}


def _intro_slide() -> str:
    rows = "\n".join(
        f"<tr><td><code>{escape(MAPPING.node(label).label)}</code></td><td>{escape(text)}</td></tr>"
        for label, text in _MODEL_ROWS
    )
    body = (
        "<p>Who attacked whom, where and when in the war against the Islamic State in "
        "Syria, and according to whom. Every event is backed by claims; every claim keeps the "
        "sentence it was read from, its document and its source.</p>\n"
        f'<table class="table table-condensed">\n{rows}\n</table>\n'
        "<p>Claims <code>{SUPPORTS}</code> events, are <code>{DERIVED_FROM}</code> documents "
        "and <code>{ATTRIBUTED_TO}</code> sources. Events and claims name their "
        "<code>{ATTACKER}</code>, <code>{TARGET}</code> and where they "
        "<code>{OCCURRED_AT}</code>. Press the arrow on the right for the questions.</p>"
    )
    return _slide("conflict-kg: the war as a graph", body.format(**_rel_names()))


def _style_slide(base_url: str) -> str:
    command = f":style {style_url(base_url)}"
    body = (
        "<p>Give each kind of node its own colour and a readable caption (actor, place and "
        "source names, event labels, claim quotes) with one command:</p>\n"
        f"{_runnable(command)}\n"
        "<p><code>:style reset</code> goes back to Browser's defaults.</p>"
    )
    return _slide("Style the graph", body)


def _prose(text: str) -> str:
    """Escape, then render `code` spans as <code> (the explanations are Markdown-ish)."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(text))


def _query_slide(q: NamedQuery) -> str:
    command = q.params_command()
    params = (
        "<p>First set the parameters (change them to ask about something else):</p>\n"
        f"{_runnable(command)}\n<p>Then run the query:</p>\n"
        if command
        else ""
    )
    body = (
        f"<p><strong>{escape(q.question)}</strong></p>\n"
        f"{params}{_runnable(q.cypher)}\n<p>{_prose(q.explanation)}</p>"
    )
    return _slide(q.title, body)


def guide_html(base_url: str) -> str:
    """The whole guide; ``base_url`` is where the API answers (ends with '/')."""
    slides = [_intro_slide(), _style_slide(base_url), *(_query_slide(q) for q in QUERIES)]
    return (
        '<article class="guide">\n<carousel class="deck container-fluid">\n'
        + "\n".join(slides)
        + "\n</carousel>\n</article>\n"
    )

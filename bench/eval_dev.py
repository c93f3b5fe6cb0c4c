"""Score the extractor on the development corpus (``../shared/dev``) with its own scorer.

    .venv/bin/python bench/eval_dev.py --split tune [--show]
    .venv/bin/python bench/eval_dev.py --split heldout          # summary line only
    .venv/bin/python bench/eval_dev.py --split all --timing      # parser time vs own time

The corpus is third-party text: nothing of it is copied into the project. It is split once and
for all (docs/extraction.md): TUNE = odd-numbered articles (01, 03, ..., 29), HELD-OUT =
even-numbered (02, ..., 28). Rules are developed on TUNE only; the held-out half is only
scored, never shown (``--show`` is refused for it).

Each article is extracted with the publisher and publication date of ``articles.yaml``. The
publisher is mapped to a source of the reference data by name or alias; an unknown publisher
becomes an unreviewed source created in memory (the reference files are not touched), so the
extractor attributes unattributed statements to it like to any known outlet. Claims are
converted to the scorer's prediction format with the reference labels (actor names, canonical
place names, source names), the gold is filtered to the split's files in a temporary file,
and ``score_events.py`` is run; its last line is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.nlp.cache import ParseCache  # noqa: E402
from kg.nlp.client import CoreNLPClient  # noqa: E402
from loaders.articles.documents import ArticleMeta  # noqa: E402
from loaders.articles.publishers import resolve_publishers  # noqa: E402
from loaders.claims import ControlClaim, DateSpan, EventClaim, Extraction  # noqa: E402
from loaders.extract.pipeline import EXTRACTOR_VERSION, Extractor  # noqa: E402
from loaders.reference import ReferenceData, SourceEntry, read_reference  # noqa: E402

SCORER_TYPES = {
    "armed_clash": "clashes",
    "drone_strike": "air_strike",
    "suicide_attack": "bombing",
    "abduction": "arrest_or_abduction",
    "arrest": "arrest_or_abduction",
    "surrender": "arrest_or_abduction",
    "siege": "offensive",
}
"""Project event types -> the dev corpus's vocabulary (the others are the same word)."""


def split_files(files: list[str], split: str) -> list[str]:
    def number(f: str) -> int:
        return int(f.split("_", 1)[0])

    if split == "tune":
        return [f for f in files if number(f) % 2 == 1]
    if split == "heldout":
        return [f for f in files if number(f) % 2 == 0]
    return list(files)


class Labels:
    """Reference ids -> the names the scorer's regular expressions recognise."""

    def __init__(self, ref: ReferenceData) -> None:
        self.actor = {a.id: a for a in ref.actors}
        self.place = {p.id: p.name for p in ref.places}
        self.source = {s.id: _source_label(s, ref) for s in ref.sources}

    def actor_label(self, actor_id: str) -> str:
        """The label of the actor's top organisation (the corpus maps YPG to the SDF, an
        affiliate to the group it pledged to, a state's forces to the state)."""
        seen = {actor_id}
        a = self.actor.get(actor_id)
        while a is not None:
            up = (a.part_of or a.pledged_to or [None])[0]
            if up is None or up in seen or up not in self.actor:
                break
            parent = self.actor[up].type
            # a unit of a state's forces counts as those forces (the Republican Guard as the
            # Syrian Arab Army, which counts as the government)
            unit = a.type == "StateForce" and parent == "StateForce"
            if a.type == "Person" or unit or parent in ("Coalition", "ArmedGroup", "Government"):
                seen.add(up)
                a = self.actor[up]
                continue
            break
        if a is None:
            return actor_id
        acronyms = [x for x in a.aliases if x.isupper() and 2 <= len(x) <= 5 and x not in a.name]
        return f"{a.name} ({acronyms[0]})" if acronyms else a.name

    def actors(self, ids: list[str]) -> list[str]:
        return list(dict.fromkeys(self.actor_label(i) for i in ids))

    def places(self, ids: list[str], written: list[str]) -> list[str]:
        return [self.place.get(i, i) for i in ids] + list(written)


def _source_label(s: SourceEntry, ref: ReferenceData) -> str:
    """A source's name with its acronym ('Agence France-Presse (AFP)'); a person speaks for
    the organisation they belong to (the corpus attributes to organisations)."""
    by_id = {x.id: x for x in ref.sources}
    seen = {s.id}
    while s.affiliation and s.affiliation in by_id and s.affiliation not in seen:
        s = by_id[s.affiliation]
        seen.add(s.id)
    acronyms = [a for a in s.aliases if a.isupper() and 2 <= len(a) <= 5 and a not in s.name]
    # else a one-word alias, the name people use ('the Pentagon' for the Department of Defense)
    short = [a for a in s.aliases if " " not in a and a[:1].isupper() and a not in s.name]
    return f"{s.name} ({(acronyms or short)[0]})" if acronyms or short else s.name


REPORT_LAG = dt.timedelta(days=1)
"""The scorer takes one day per event. An event its report does not date keeps the window
"on or before the publication date, within a week" in the graph; as one day it is the day
before publication, the usual lag of a news report (the middle of the window would say the
event is three days old)."""


def date_value(d: DateSpan, undated: bool = False) -> str | None:
    """The scorer's date of a span: its middle, or for an undated event (``undated``) the day
    before the window's end."""
    if undated and d.precision == "week" and d.end:
        return (d.end - REPORT_LAG).isoformat()
    if d.precision == "week" and d.start and d.end and (d.end - d.start).days == 7:
        # 'on Monday' in a report dated to the week: the two Mondays it can be; the later is
        # the one before the publication's best estimate (the other only if it came out at the
        # window's very start)
        return d.end.isoformat()
    if d.precision in ("day", "week"):
        if d.start and d.end:
            return (d.start + (d.end - d.start) / 2).isoformat()
        day = d.start or d.end
        return day.isoformat() if day else None
    if d.precision == "month":
        day = d.start or d.end
        return day.isoformat()[:7] if day else None
    if d.precision == "year":
        day = d.start or d.end
        return day.isoformat()[:4] if day else None
    return None


def fatalities(e: EventClaim) -> int | None:
    counts = [
        c.count + (1 if c.qualifier == "more_than" else 0)
        for c in e.casualties
        if c.kind == "killed" and c.count is not None
    ]
    return max(counts) if counts else None


def predictions(file: str, ex: Extraction, labels: Labels, publisher: str) -> dict[str, Any]:
    def source(sid: str) -> str:
        return publisher if sid == "publisher" else labels.source.get(sid, sid)

    events = []
    for e in ex.events:
        if "+linked" in e.rule or e.stance == "denies":
            continue  # another claim of the same event, or a denial: no event of its own
        events.append(
            {
                "file": file,
                "type": SCORER_TYPES.get(e.event_type, e.event_type),
                "attacker": labels.actors(e.attackers or e.participants[:1]),
                "target": labels.actors(e.targets or e.participants[1:]),
                "place": labels.places(e.places, getattr(e, "unresolved_places", [])),
                # a claim of responsibility is reported by the publisher (the corpus puts the
                # claimant in attacker_claims)
                "according_to": publisher if e.stance == "claims" else source(e.according_to),
                "date": date_value(e.date, "+undated" in e.rule),
                "fatalities": fatalities(e),
                "quote": e.quote,
                "rule": e.rule,
            }
        )
    control = []
    for c in ex.control:
        control.append(_control(file, c, labels))
    return {"events": events, "control": control}


def _control(file: str, c: ControlClaim, labels: Labels) -> dict[str, Any]:
    return {
        "file": file,
        "actor": labels.actor_label(c.controller),
        "place": labels.places(c.places, getattr(c, "unresolved_places", [])),
        "status": getattr(c, "status", "controls"),
        "quote": c.quote,
    }


class TimedParser:
    """The project's CoreNLP client (with its parse cache unless timing), and the time spent
    waiting for the server."""

    def __init__(self, url: str, cache: Path | None) -> None:
        self.inner = CoreNLPClient(url, cache=ParseCache(cache) if cache is not None else None)
        self.seconds = 0.0
        self.calls = 0

    def parse(self, text: str, properties: dict[str, str]) -> dict[str, Any]:
        self.calls += 1
        t0 = time.perf_counter()
        try:
            return self.inner.parse(text, properties)
        finally:
            self.seconds += time.perf_counter() - t0


ABLATIONS = {
    "type": ("types_match",),
    "roles": ("roles_match",),
    "place": ("places_match",),
    "roles+place": ("roles_match", "places_match"),
    "type+roles+place": ("types_match", "roles_match", "places_match"),
}
"""Which of the scorer's checks each ablation drops."""


def _date_miss(g: dict[str, Any], p: dict[str, Any]) -> str:
    """How a predicted date misses the gold one: none, or early/late by how many days."""
    gd, pd = str(g.get("date") or ""), str(p.get("date") or "")
    if not pd:
        return "no date"
    if len(gd) >= 10 and len(pd) >= 10:
        days = (dt.date.fromisoformat(pd[:10]) - dt.date.fromisoformat(gd[:10])).days
        return f"{'late' if days > 0 else 'early'} {abs(days) if abs(days) < 8 else '8+'} days"
    return f"predicted {len(pd)} chars, gold {len(gd)} chars"


def ablate(
    scorer: str, gold_doc: dict[str, Any], pred: dict[str, Any], metas: list[dict[str, Any]]
) -> list[str]:
    """Tuple F1 with each field's check dropped in turn, and how many predictions lack each
    field: totals only, so it can be run on the held-out half to see which stage fails on text
    never looked at, without showing any of it."""
    spec = importlib.util.spec_from_file_location("score_events", scorer)
    assert spec is not None and spec.loader is not None
    mod: Any = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    gold = [dict(file=a["file"], **e) for a in gold_doc["articles"] for e in a.get("events") or []]
    events = pred["events"]
    lines = []

    def side_fits(g: dict[str, Any], p: dict[str, Any], side: str, other: str) -> bool:
        """One gold role against the prediction (either role when the record is symmetric)."""
        gs = mod.actors(g.get(side))
        for ps in [mod.actors(p.get(side))] + (
            [mod.actors(p.get(other))] if g.get("symmetric") else []
        ):
            if bool(gs & ps) if gs else not ps:
                return True
        return False

    # Each role alone: which side the roles fail on.
    for side, other in (("attacker", "target"), ("target", "attacker")):
        saved_roles = mod.roles_match
        mod.roles_match = lambda g, p, s=side, o=other: side_fits(g, p, s, o)
        try:
            pairs, _, (p, r, f) = mod.score_events(gold, events)
        finally:
            mod.roles_match = saved_roles
        lines.append(f"{side + ' only':<25} P={p:.2f} R={r:.2f} F1={f:.2f} matched {len(pairs)}")
    for name, checks in ABLATIONS.items():
        saved = {c: getattr(mod, c) for c in checks}
        for c in checks:
            setattr(mod, c, lambda *_a, **_k: True)
        try:
            pairs, _, (p, r, f) = mod.score_events(gold, events)
        finally:
            for c, fn in saved.items():
                setattr(mod, c, fn)
        lines.append(f"without {name:<17} P={p:.2f} R={r:.2f} F1={f:.2f} matched {len(pairs)}")
    # Where the roles fail: gold role -> predicted role, over the pairs that match without it.
    for side in ("target", "attacker"):
        saved_roles = mod.roles_match
        other = "attacker" if side == "target" else "target"
        mod.roles_match = lambda g, p, o=other, s=side: side_fits(g, p, o, s)
        try:
            pairs, _, _ = mod.score_events(gold, events)
        finally:
            mod.roles_match = saved_roles
        wrong = Counter(
            (
                "+".join(sorted(mod.actors(gold[i].get(side)))) or "-",
                "+".join(sorted(mod.actors(events[j].get(side)))) or "-",
                gold[i].get("type"),
            )
            for i, j in pairs.items()
            if not side_fits(gold[i], events[j], side, other)
        )
        lines.append(
            f"{side} wrong ({sum(wrong.values())}), gold -> predicted (gold type): "
            + ", ".join(f"{g} -> {p} ({t}) x{n}" for (g, p, t), n in wrong.most_common())
        )
    saved_types = mod.types_match
    mod.types_match = lambda *_a, **_k: True
    try:
        pairs, _, _ = mod.score_events(gold, events)
    finally:
        mod.types_match = saved_types
    wrong_types = Counter(
        (gold[i].get("type"), events[j].get("type"))
        for i, j in pairs.items()
        if not mod.types_match(gold[i], events[j])
    )
    lines.append(
        f"type wrong ({sum(wrong_types.values())}), gold -> predicted: "
        + ", ".join(f"{g} -> {p} x{n}" for (g, p), n in wrong_types.most_common())
    )
    pairs, _, _ = mod.score_events(gold, events)
    meta = {m["file"]: [m.get("publisher") or "", m.get("original_source") or ""] for m in metas}
    wrong_sources = Counter(
        (
            "+".join(sorted(mod.source_keys(gold[i].get("according_to"), meta, gold[i]["file"]))),
            "+".join(sorted(mod.source_keys(events[j].get("according_to"), meta, gold[i]["file"])))
            or "?",
        )
        for i, j in pairs.items()
        if not mod.source_keys(gold[i].get("according_to"), meta, gold[i]["file"])
        & mod.source_keys(events[j].get("according_to"), meta, gold[i]["file"])
    )
    lines.append(
        f"attribution wrong ({sum(wrong_sources.values())}), gold -> predicted: "
        + ", ".join(f"{g} -> {p} x{n}" for (g, p), n in wrong_sources.most_common())
    )
    wrong_dates = Counter(
        (gold[i].get("date_precision") or "day", _date_miss(gold[i], events[j]))
        for i, j in pairs.items()
        if mod.date_ok(gold[i], events[j]) is False
    )
    lines.append(
        f"date wrong ({sum(wrong_dates.values())}), gold precision: how: "
        + ", ".join(f"{g}: {h} x{n}" for (g, h), n in wrong_dates.most_common())
    )
    empty = {k: sum(1 for e in events if not e.get(k)) for k in ("attacker", "target", "place")}
    lines.append(
        f"predicted {len(events)}: no attacker {empty['attacker']}, no target {empty['target']},"
        f" no place {empty['place']}, undated {sum(1 for e in events if not e.get('date'))}"
    )
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "dev")
    ap.add_argument("--split", choices=("tune", "heldout", "all"), default="tune")
    ap.add_argument("--out", type=Path, help="write the predictions (JSON) here")
    ap.add_argument("--show", action="store_true", help="list misses and false alarms (tune)")
    ap.add_argument(
        "--trace", action="store_true", help="print each extracted event with its rule (tune)"
    )
    ap.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    ap.add_argument("--url", default="http://127.0.0.1:9000")
    ap.add_argument("--cache", type=Path, default=ROOT / ".cache" / "corenlp")
    ap.add_argument(
        "--timing", action="store_true", help="no parse cache; print parser vs own time"
    )
    ap.add_argument("--only", help="comma-separated article numbers (tune only)")
    ap.add_argument(
        "--ablate",
        action="store_true",
        help="also print tuple F1 with each field's check dropped (totals only, any split)",
    )
    args = ap.parse_args()
    if (args.show or args.trace) and args.split != "tune":
        ap.error("--show and --trace are only allowed on the tune split")
    if args.only and args.split != "tune":
        ap.error("--only is only allowed on the tune split")

    meta_doc = yaml.safe_load((args.dev / "articles.yaml").read_text(encoding="utf-8"))
    gold_doc = yaml.safe_load((args.dev / "gold.yaml").read_text(encoding="utf-8"))
    metas = {m["file"]: m for m in meta_doc["articles"]}
    files = split_files(sorted(metas), args.split)
    if args.only:
        wanted = {f"{int(n):02d}" for n in args.only.split(",")}
        files = [f for f in files if f[:2] in wanted]

    publishers = resolve_publishers(
        read_reference(args.seeds), [metas[f]["publisher"] for f in files]
    )
    ref, pub_ids = publishers.ref, publishers.ids
    labels = Labels(ref)
    parser = TimedParser(args.url, None if args.timing else args.cache)
    extractor = Extractor(ref)
    out: dict[str, list[dict[str, Any]]] = {"events": [], "control": []}
    t0 = time.perf_counter()
    words = 0
    for f in files:
        m = metas[f]
        text = (args.dev / "articles" / f).read_text(encoding="utf-8")
        words += len(text.split())
        published = str(m.get("publication_date") or "") or None
        precision = m.get("date_precision") or "unknown"
        if published and precision == "month":
            published = published[:7]
        meta = ArticleMeta(
            file=f,
            title=m.get("title"),
            publisher=pub_ids[m["publisher"]],
            published=published,
            date_precision=precision,
        )
        ex = extractor.extract(text, meta, parser)
        for c in [*ex.events, *ex.control]:
            assert text[c.start : c.end] == c.quote, (f, c.rule)
        if args.trace:
            for e in ex.events:
                roles = f"{e.attackers} -> {e.targets} @ {e.places} {e.unresolved_places}"
                print(f"{f[:2]} {e.event_type} {roles} {e.date.start} {e.rule}")
                print(f"    {e.quote[:150]!r}")
        pred = predictions(f, ex, labels, m["publisher"])
        out["events"] += pred["events"]
        out["control"] += pred["control"]
    total = time.perf_counter() - t0

    if args.timing:
        own = total - parser.seconds
        print(
            f"{len(files)} articles, {words} words: parser {parser.seconds:.2f} s "
            f"({parser.calls} calls), own stages {own:.2f} s = "
            f"{own / parser.seconds if parser.seconds else 0:.2f} x parser"
        )

    subset = {**gold_doc, "articles": [a for a in gold_doc["articles"] if a["file"] in files]}
    with tempfile.TemporaryDirectory() as tmp:
        gold_path = Path(tmp) / "gold.yaml"
        gold_path.write_text(yaml.safe_dump(subset, allow_unicode=True), encoding="utf-8")
        pred_path = args.out or Path(tmp) / "pred.json"
        pred_path.write_text(json.dumps(out, indent=1, ensure_ascii=False), encoding="utf-8")
        cmd = [
            sys.executable,
            str(args.dev.parent / "tools" / "score_events.py"),
            str(gold_path),
            str(pred_path),
            "--meta",
            str(args.dev / "articles.yaml"),
        ]
        if args.show:
            cmd.append("--show")
        result = subprocess.run(cmd, capture_output=True, text=True, check=True)
        ablations = ablate(cmd[1], subset, out, meta_doc["articles"]) if args.ablate else []
    lines = result.stdout.strip().splitlines()
    # Without --show: the totals only (counts, precision, recall), never a record of the text.
    shown = lines if args.show else [x for x in lines if not x.startswith(("MISS", "FALSE"))]
    print(f"extractor {EXTRACTOR_VERSION}, split {args.split} ({len(files)} articles)")
    print("\n".join(shown))
    for line in ablations:
        print(line)


if __name__ == "__main__":
    main()

"""The yardstick of bench/bench_datasets.py: one LOAD CSV statement that writes what
``kg load acled`` writes for a generated ACLED file, node for node and relationship for
relationship.

What LOAD CSV cannot compute is computed beforehand, outside the clock: name resolution (the
alias tables and the gazetteer: actors, sources, the row's written place with its PART_OF and
NEAR links) as parameter maps, and, with roles from the notes, each row's roles as two extra
columns of a copy of the file (``bench_attackers``, ``bench_targets``: the names the note made
attackers and targets). The statement MERGEs the row's claim, document and casualty figure
(re-running it changes nothing, as with the loader); its shared nodes are MERGEd per row.
"""

from __future__ import annotations

import csv
import os
import shutil
import time
from pathlib import Path
from typing import Any

from kg.config import Settings
from kg.store import GraphStore
from loaders.datasets import acled
from loaders.datasets.graph import LOADER_VERSION
from loaders.datasets.mapped import Direction, map_row
from loaders.datasets.resolve import Resolver
from loaders.graph.mapping import instance_iri, quoted

MONTHS = {
    name: i + 1
    for i, name in enumerate(
        [
            "January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December",
        ]
    )
}  # fmt: skip


def _place_key(raw: dict[str, str]) -> str:
    cells = ("location", "latitude", "longitude", "geo_precision", "admin1", "admin2")
    return "|".join(raw[c] for c in cells)


def resolution_maps(
    path: Path, resolver: Resolver, base: str, direction: Direction | None, out: Path | None
) -> dict[str, Any]:
    """What the loader resolves, as maps for LOAD CSV; with ``direction``, also the roles the
    notes give, written with the rows to ``out`` (the file LOAD CSV then reads)."""
    actors: dict[str, Any] = {}
    sources: dict[str, Any] = {}
    places: dict[str, Any] = {}
    types: dict[str, Any] = {}

    def node(label: str, r: Any, **extra: Any) -> dict[str, Any]:
        props = {"id": r.id, "name": r.name, "aliases": [r.name], "reviewNeeded": True, **extra}
        return {
            "iri": instance_iri(base, label, r.id),
            "new": r.new,
            "props": props if r.new else {},
        }

    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        writer = None
        if out is not None:
            sink = out.open("w", newline="", encoding="utf-8")
            fields = [*(reader.fieldnames or []), "bench_attackers", "bench_targets"]
            writer = csv.DictWriter(sink, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
        for i, raw in enumerate(reader):
            row = acled.parse_row(raw, i + 2)
            m = map_row(row, resolver, direction)
            types[row.category] = (
                None if m is None else instance_iri(base, "EventType", m.event_type)
            )
            if m is not None:
                for a in (*m.attackers, *m.targets, *m.participants):
                    actors[a.name] = node("Actor", a, actorType=a.kind)
                for s in m.sources:
                    sources[s.name] = node("Source", s, sourceType=s.kind)
                places[_place_key(raw)] = _place(m.place, base)
            if writer is not None:
                attackers = [a.name for a in m.attackers] if m else []
                targets = [t.name for t in m.targets] if m else []
                writer.writerow(
                    {
                        **raw,
                        "bench_attackers": ";".join(attackers),
                        "bench_targets": ";".join(targets),
                    }
                )
        if out is not None:
            sink.close()
    return {"actors": actors, "sources": sources, "places": places, "types": types}


def _place(p: Any, base: str) -> dict[str, Any]:
    props = {
        "id": p.id, "name": p.name, "aliases": [p.name], "placeType": p.place_type, "lat": p.lat,
        "lon": p.lon, "precisionKm": p.precision_km, "reviewNeeded": True, "nearKm": p.near_km,
    }  # fmt: skip
    iri = instance_iri(base, "Place", p.id)
    parents = [instance_iri(base, "Place", p.parent)] if p.parent else []
    near = [instance_iri(base, "Place", p.near)] if p.near else []
    return {"iri": iri, "props": props, "parents": parents, "near": near}


def load_csv_query(chunk: int) -> str:
    c, d, s, a, p = (quoted(x) for x in ("Claim", "Document", "Source", "Actor", "Place"))
    f, t, x = quoted("CasualtyFigure"), quoted("EventType"), quoted("Extraction")
    return f"""
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {{
  WITH row, $types[row.sub_event_type] AS type
  WHERE type IS NOT NULL
  WITH row, type,
       [n IN [row.actor1, row.actor2] WHERE n <> '' | n] AS named,
       [n IN split(coalesce(row.bench_attackers, ''), ';') WHERE n <> ''] AS att,
       [n IN split(coalesce(row.bench_targets, ''), ';') WHERE n <> ''] AS tgt,
       $places[row.location + '|' + row.latitude + '|' + row.longitude + '|' + row.geo_precision
               + '|' + row.admin1 + '|' + row.admin2] AS pl,
       [n IN split(row.source, ';') WHERE trim(n) <> '' | $sources[trim(n)]] AS srcs,
       split(row.event_date, ' ') AS dp, 'acled-' + toLower(row.event_id_cnty) AS cid
  WITH *, [n IN named WHERE NOT n IN att AND NOT n IN tgt | $actors[n]] AS par,
       [n IN att | $actors[n]] AS atts, [n IN tgt | $actors[n]] AS tgts,
       date({{year: toInteger(dp[2]), month: $months[dp[1]], day: toInteger(dp[0])}}) AS day,
       $precisions[row.time_precision] AS prec
  WITH *, CASE prec WHEN 'week' THEN day - duration({{days: 3}})
                    WHEN 'month' THEN date.truncate('month', day) ELSE day END AS s,
          CASE prec WHEN 'week' THEN day + duration({{days: 3}})
                    WHEN 'month' THEN date.truncate('month', day) + duration({{months: 1}})
                      - duration({{days: 1}}) ELSE day END AS e,
          any(z IN par + atts + tgts WHERE z.new) OR any(z IN srcs WHERE z.new) AS anyNew
  MERGE (c:{c} {{iri: $base + 'claim/' + cid}})
  SET c += {{id: cid, quote: row.notes, startDate: s, endDate: e, datePrecision: prec,
            confidence: CASE WHEN anyNew THEN 0.8 ELSE 1.0 END,
            rule: 'acled time_precision=' + row.time_precision
              + ' geo_precision=' + row.geo_precision
              + CASE WHEN size(att) + size(tgt) > 0 THEN ' roles=text' ELSE '' END,
            locator: 'ACLED ' + row.event_id_cnty, datasetCategory: row.sub_event_type}}
  MERGE (d:{d} {{iri: $base + 'document/' + cid}})
  SET d += {{id: cid, title: 'ACLED ' + row.event_id_cnty, documentType: 'DatasetRecord',
            sha256: '', version: row.timestamp}}
  MERGE (c)-[:{quoted("DERIVED_FROM")}]->(d)
  WITH *
  MATCH (pub:{s} {{iri: $publisher}})
  MERGE (d)-[:{quoted("PUBLISHED_BY")}]->(pub)
  MERGE (x:{x} {{iri: $extraction}}) SET x += $extractionProps
  MERGE (c)-[:{quoted("GENERATED_BY")}]->(x)
  MERGE (t:{t} {{iri: type}}) SET t.id = split(type, '/')[-1]
  MERGE (c)-[:{quoted("HAS_TYPE")}]->(t)
  FOREACH (z IN par | MERGE (b:{a} {{iri: z.iri}}) SET b += z.props
                      MERGE (c)-[:{quoted("PARTICIPANT")}]->(b))
  FOREACH (z IN atts | MERGE (b:{a} {{iri: z.iri}}) SET b += z.props
                       MERGE (c)-[:{quoted("ATTACKER")}]->(b))
  FOREACH (z IN tgts | MERGE (b:{a} {{iri: z.iri}}) SET b += z.props
                       MERGE (c)-[:{quoted("TARGET")}]->(b))
  FOREACH (z IN srcs | MERGE (so:{s} {{iri: z.iri}}) SET so += z.props
                       MERGE (c)-[:{quoted("ATTRIBUTED_TO")}]->(so))
  MERGE (p:{p} {{iri: pl.iri}}) SET p += pl.props
  MERGE (c)-[:{quoted("OCCURRED_AT")}]->(p)
  FOREACH (par IN pl.parents | MERGE (q:{p} {{iri: par}}) MERGE (p)-[:{quoted("PART_OF")}]->(q))
  FOREACH (n IN pl.near | MERGE (q:{p} {{iri: n}}) MERGE (p)-[:{quoted("NEAR")}]->(q))
  MERGE (fig:{f} {{iri: $base + 'casualty/' + cid + '-1'}})
  SET fig += {{id: cid + '-1', count: toInteger(row.fatalities), qualifier: 'at_least',
              casualtyKind: 'killed', groupLabel: 'fatalities'}}
  MERGE (c)-[:{quoted("REPORTS")}]->(fig)
}} IN TRANSACTIONS OF {chunk} ROWS
"""


def run_load_csv(
    store: GraphStore, cfg: Settings, path: Path, maps: dict[str, Any], chunk: int
) -> float:
    target = cfg.kg_home / "import" / path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(path, target)  # no copy of a big file where a hard link will do
    except OSError:
        shutil.copy(path, target)
    base = cfg.namespace
    params = {
        **maps,
        "url": f"file:///{path.name}",
        "base": base,
        "months": MONTHS,
        "precisions": {"1": "day", "2": "week", "3": "month"},
        "publisher": instance_iri(base, "Source", "acled"),
        "extraction": instance_iri(base, "Extraction", f"dataset-acled-{LOADER_VERSION}"),
        "extractionProps": {
            "id": f"dataset-acled-{LOADER_VERSION}",
            "method": "dataset:acled",
            "version": LOADER_VERSION,
        },
    }
    start = time.perf_counter()
    store.run_autocommit(load_csv_query(chunk), params)
    seconds = time.perf_counter() - start
    target.unlink()
    return seconds

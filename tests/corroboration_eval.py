"""Precision and recall of corroboration on the labelled cross-source links.

The seed articles are loaded with their gold events (``tests/gold``) as their claims; then the
labelled dataset rows (``tests/fixtures/corroboration_links.yaml``, written for the test in
ACLED's, UCDP GED's and GDELT's layouts) are loaded with the loaders' defaults. A row is linked
to the article events whose claims support the same Event as the row's claim. A positive row is
right when it is linked to its labelled event; any other link (a near miss linked, a positive
linked elsewhere) is a false link.

    .venv/bin/python -m tests.corroboration_eval    # a throwaway Neo4j; prints the table

``tests/test_corroboration_links.py`` runs the same evaluation on the test session's Neo4j and
holds it to precision >= 0.90 and recall >= 0.80 (reported in docs/corroboration.md).
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kg.config import Settings
from kg.ingest.articles import load_articles
from kg.ingest.datasets import LoadOptions, load_dataset
from kg.ingest.reference import load_event_types, load_reference
from kg.store import GraphStore
from loaders.articles.documents import ArticleMeta
from loaders.claims import DateSpan, EventClaim, Extraction
from loaders.datasets import acled, gdelt, ucdp
from loaders.datasets.common import DatasetFormat
from loaders.reference import ReferenceData
from loaders.resolution.rules import MatchRules
from loaders.resources import SEEDS_DIR

TESTS = Path(__file__).resolve().parent
LINKS = TESTS / "fixtures" / "corroboration_links.yaml"
GOLD = TESTS / "gold"
ARTICLES = SEEDS_DIR / "articles"

ACLED_DEFAULTS = {
    "time_precision": "1", "disorder_type": "Political violence", "event_type": "Battles",
    "inter1": "1", "inter2": "2", "iso": "760", "region": "Middle East", "country": "Syria",
    "admin1": "Deir-ez-Zor", "admin2": "Abu Kamal", "geo_precision": "1", "source": "SOHR",
    "source_scale": "National", "fatalities": "0", "timestamp": "1618500000",
}  # fmt: skip
UCDP_DEFAULTS = {
    "year": "2018", "active_year": "1", "code_status": "Clear", "number_of_sources": "1",
    "source_original": "SOHR", "where_prec": "1", "adm_1": "Dayr az Zawr governorate",
    "adm_2": "Abu Kamal district", "country": "Syria", "country_id": "652",
    "region": "Middle East", "event_clarity": "1", "date_prec": "1", "deaths_a": "0",
    "deaths_b": "0", "deaths_civilians": "0", "deaths_unknown": "0",
}  # fmt: skip
GDELT_DEFAULTS = {
    "isrootevent": "1", "quadclass": "4", "goldsteinscale": "-10.0", "nummentions": "4",
    "numsources": "2", "numarticles": "4", "avgtone": "-6.0", "actiongeo_countrycode": "SY",
    "dateadded": "20190101000000", "sourceurl": "https://www.syriahr.com/en/labelled-row/",
}  # fmt: skip


@dataclass(frozen=True)
class Labelled:
    dataset: str
    claim: str
    label: str | None
    why: str


@dataclass(frozen=True)
class Outcome:
    row: Labelled
    linked: frozenset[str]
    """The gold events (document/event) whose claims support the row's event."""
    score: float | None = None
    """The link's score, when the row joined an article's event."""

    @property
    def right(self) -> bool:
        return self.row.label in self.linked if self.row.label else not self.linked


# -- the articles' gold events as their claims -------------------------------------------------


def _span(value: Any, last: bool) -> dt.date | None:
    """A gold date (``2018``, ``2018-03`` or ``2018-03-13``) -> its first or last day."""
    if value is None:
        return None
    text = str(value)
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        first = dt.date(parts[0], parts[1], 1)
        following = (first + dt.timedelta(days=32)).replace(day=1)
        return following - dt.timedelta(days=1) if last else first
    return dt.date(parts[0], 12, 31) if last else dt.date(parts[0], 1, 1)


def gold_claims() -> dict[str, tuple[str, list[tuple[str, EventClaim]]]]:
    """Article file -> (document id, [(gold id, claim)]) from tests/gold."""
    out = {}
    for path in sorted(GOLD.glob("*.yaml")):
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
        text = (ARTICLES / gold["document"]).read_text(encoding="utf-8")
        doc = gold["document"][:3]
        claims = []
        for e in gold.get("events", []):
            date = e["date"]
            start = _span(date.get("start") or date.get("end"), last=False)
            end = _span(date.get("end") or date.get("start"), last=True)
            at = text.index(e["quote"])
            claim = EventClaim(
                quote=e["quote"], start=at, end=at + len(e["quote"]),
                date=DateSpan(start=start, end=end, precision=date["precision"]),
                according_to=e["according_to"], rule="gold", confidence=1.0,
                event_type=e["type"], attackers=e.get("attackers") or [],
                targets=e.get("targets") or [], places=e.get("places") or [],
            )  # fmt: skip
            claims.append((f"{doc}/{e['id']}", claim))
        out[gold["document"]] = (doc, claims)
    return out


def _gold_extractor(
    gold: dict[str, tuple[str, list[tuple[str, EventClaim]]]],
) -> Any:
    def extract(text: str, meta: ArticleMeta, _ref: ReferenceData) -> Extraction:
        name = next(n for n in gold if (ARTICLES / n).read_text(encoding="utf-8") == text)
        return Extraction(events=[c for _, c in gold[name][1]], version="gold")

    return extract


# -- the labelled rows as dataset files --------------------------------------------------------


def labelled() -> dict[str, list[dict[str, Any]]]:
    data: dict[str, list[dict[str, Any]]] = yaml.safe_load(LINKS.read_text(encoding="utf-8"))
    return data


def _header(fixture: str) -> list[str]:
    with (TESTS / "fixtures" / fixture).open(newline="", encoding="utf-8") as fh:
        return next(csv.reader(fh))


def write_files(folder: Path) -> dict[str, Path]:
    """The labelled rows as an ACLED CSV, a UCDP GED CSV and a GDELT 2.0 TSV in ``folder``."""
    rows = labelled()
    files = {}
    for dataset, fixture, key, defaults in (
        ("acled", "acled_small.csv", "event_id_cnty", ACLED_DEFAULTS),
        ("ucdp", "ucdp_small.csv", "id", UCDP_DEFAULTS),
    ):
        header = _header(fixture)
        files[dataset] = folder / f"{dataset}_labelled.csv"
        with files[dataset].open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=header)
            writer.writeheader()
            for r in rows[dataset]:
                writer.writerow({k: "" for k in header} | defaults | r["row"] | {key: r["id"]})
    files["gdelt"] = folder / "gdelt_labelled.export.CSV"
    with files["gdelt"].open("w", encoding="utf-8") as fh:
        for r in rows["gdelt"]:
            cells = dict.fromkeys(gdelt.COLUMNS, "") | GDELT_DEFAULTS | r["row"]
            cells["globaleventid"] = r["id"]
            fh.write("\t".join(cells[c] for c in gdelt.COLUMNS) + "\n")
    return files


FORMATS: dict[str, DatasetFormat] = {
    "acled": acled.FORMAT,
    "ucdp": ucdp.FORMAT,
    "gdelt": gdelt.FORMAT,
}


def _rows() -> Iterator[Labelled]:
    for dataset, entries in labelled().items():
        prefix = FORMATS[dataset].id_prefix
        for r in entries:
            yield Labelled(dataset, f"{prefix}-{str(r['id']).lower()}", r["label"], r["why"])


# -- the evaluation -------------------------------------------------------------------------


def evaluate(
    store: GraphStore, settings: Settings, folder: Path, min_score: float | None = None
) -> list[Outcome]:
    """Load the articles' gold claims, then the labelled rows; what each row was linked to.
    ``min_score`` overrides the setting (``KG_MATCH_MIN_SCORE``) for articles and datasets."""
    if min_score is not None:
        settings = settings.model_copy(update={"match_min_score": min_score})
    rules = MatchRules(min_score=settings.match_min_score)
    ref = load_reference(store, settings)
    load_event_types(store, settings)  # as `kg load articles` does: the families need them
    gold = gold_claims()
    paths = [ARTICLES / name for name in gold]
    report = load_articles(
        store, settings, paths, ref, extractor=_gold_extractor(gold), rules=rules
    )
    assert report.ok, report.failures
    for dataset, path in write_files(folder).items():
        load_dataset(
            store, settings, path, FORMATS[dataset], LoadOptions(rules=rules, restart=True)
        )
    quotes = {c.quote: gid for _, claims in gold.values() for gid, c in claims}
    found = store.read(
        "MATCH (c:Claim)-[:SUPPORTS]->(:Event)<-[:SUPPORTS]-(a:Claim)-[:DERIVED_FROM]->"
        "(:Document {documentType: 'NewsArticle'})"
        " RETURN c.id AS claim, c.linkScore AS score, collect(a.quote) AS quotes"
    )
    linked = {r["claim"]: frozenset(quotes[q] for q in r["quotes"] if q in quotes) for r in found}
    score = {r["claim"]: r["score"] for r in found}
    return [
        Outcome(row, linked.get(row.claim, frozenset()), score.get(row.claim)) for row in _rows()
    ]


@dataclass(frozen=True)
class Scores:
    positives: int
    negatives: int
    true_links: int
    false_links: int
    missed: int

    @property
    def precision(self) -> float:
        made = self.true_links + self.false_links
        return self.true_links / made if made else 1.0

    @property
    def recall(self) -> float:
        return self.true_links / self.positives if self.positives else 1.0


def scores(outcomes: list[Outcome]) -> Scores:
    positives = [o for o in outcomes if o.row.label]
    true_links = sum(o.row.label in o.linked for o in positives)
    false_links = sum(1 for o in outcomes if o.linked and o.row.label not in o.linked)
    return Scores(
        positives=len(positives),
        negatives=len(outcomes) - len(positives),
        true_links=true_links,
        false_links=false_links,
        missed=len(positives) - true_links,
    )


def table(outcomes: list[Outcome]) -> str:
    lines = [
        "| dataset | row | label | linked to | score | right | why |",
        "|---|---|---|---|---|---|---|",
    ]
    for o in outcomes:
        linked = ", ".join(sorted(o.linked)) or "—"
        score = f"{o.score:.2f}" if o.score is not None else "—"
        lines.append(
            f"| {o.row.dataset} | {o.row.claim} | {o.row.label or 'near miss'} | {linked} |"
            f" {score} | {'yes' if o.right else '**no**'} | {o.row.why} |"
        )
    return "\n".join(lines)


def main() -> None:
    """Print the table at the setting's threshold, then precision and recall at others."""
    from kg.cypher import delete_all
    from kg.schema_init import init_schema
    from tests.neo4j_fixture import neo4j_for_tests

    with (
        tempfile.TemporaryDirectory() as tmp,
        neo4j_for_tests(Path(tmp) / "home") as cfg,
        GraphStore.from_settings(cfg) as store,
    ):
        store.wait_until_ready()
        init_schema(store)
        outcomes = evaluate(store, cfg, Path(tmp))
        print(table(outcomes))
        for threshold in (cfg.match_min_score, *THRESHOLDS):
            if threshold != cfg.match_min_score:
                store.run_autocommit(delete_all()[0])
                outcomes = evaluate(store, cfg, Path(tmp), threshold)
            s = scores(outcomes)
            print(
                f"min score {threshold:.2f}: {s.positives} positives, {s.negatives} near misses:"
                f" {s.true_links} right links, {s.false_links} false links, {s.missed} missed;"
                f" precision {s.precision:.2f}, recall {s.recall:.2f}"
            )


THRESHOLDS = (0.0, 0.7, 0.8, 0.9)


if __name__ == "__main__":
    main()

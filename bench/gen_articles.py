"""Synthetic news articles for the extraction benchmark (not a test corpus).

Articles are recombined from sentence templates in the style of the corpus (attacks, clashes,
air strikes, captures, control statements, casualty figures, attributions, background
sentences), with actors, places and sources drawn from the reference data, so that every
stage of the extractor has work to do. Deterministic for a given seed.

    .venv/bin/python bench/gen_articles.py OUT_DIR --count 1000
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml

from loaders.reference import ActorEntry, PlaceEntry, ReferenceData, SourceEntry, read_reference

EVENT_TEMPLATES = (
    "{a} launched a series of attacks on positions of {t} in {p} on {day}, killing at least {n} "
    "members of {t}, according to {s}.",
    "{t} were attacked by {a} near {p} {when}.",
    "Dozens of {t} were killed {when} by air raids carried out by {a} on {p}.",
    "Clashes broke out between {a} and {t} in {p}, {s} said.",
    "{a} seized {p} from {t} after {nw} days of fighting.",
    "{s} reported that {a} shelled {p} {when}, wounding more than {n} people.",
    "{a} ambushed a convoy of {t} on the road to {p}.",
    "The organization managed to capture an Iranian fighter near {p}, {s} told AFP.",
    "{a} has been fighting an ongoing offensive against {t} on the eastern banks of the "
    "Euphrates River near {p}.",
    "Reliable sources confirmed to the SOHR that {a} arrested members of {t} in {p}.",
)
CONTROL_TEMPLATES = (
    "{a} still controls the villages of {p}, {p2} and {p3}.",
    "The area between {p} and {p2} remains in the hands of {a}.",
    "{a} no longer controls any town in {p}, but it retains villages near {p2}.",
)
BACKGROUND = (
    "The situation in the region remains tense as displaced families return to their homes.",
    "Analysts expect the military operations to accelerate in the coming period.",
    "Markets reopened and fuel prices fell after weeks of shortages.",
    "Negotiations between the parties have not reached any understanding so far.",
    "Several parties declared victory, but reality on the ground does not agree with them.",
    "Humanitarian organisations called for safe corridors for civilians.",
)
WHEN = ("last week", "on Monday", "in recent weeks", "during the past two days", "on Friday", "")
ARMED = ("ArmedGroup", "StateForce", "Coalition", "Militia", "Government", "State")


def _names(
    entries: Sequence[ActorEntry | PlaceEntry | SourceEntry], types: tuple[str, ...] | None = None
) -> list[str]:
    out: list[str] = []
    for e in entries:
        if types is None or e.type in types:
            out.extend(e.aliases[:3] or [e.name])
    return out


def article(rng: random.Random, ref: ReferenceData) -> str:
    actors = _names(list(ref.actors), ARMED)
    places = _names([p for p in ref.places if p.type in ("Settlement", "Region", "District")])
    sources = _names(list(ref.sources))
    paragraphs = []
    for _ in range(rng.randint(5, 9)):
        sentences = []
        for _ in range(rng.randint(2, 4)):
            kind = rng.random()
            pool = (
                EVENT_TEMPLATES if kind < 0.6 else CONTROL_TEMPLATES if kind < 0.75 else BACKGROUND
            )
            sentences.append(
                rng.choice(pool).format(
                    a=rng.choice(actors),
                    t=rng.choice(actors),
                    p=rng.choice(places),
                    p2=rng.choice(places),
                    p3=rng.choice(places),
                    s=rng.choice(sources),
                    n=rng.randint(2, 250),
                    nw=rng.choice(("two", "three", "five", "ten")),
                    day=rng.choice(("Monday", "Tuesday", "Saturday")),
                    when=rng.choice(WHEN),
                )
            )
        paragraphs.append(" ".join(sentences))
    title = f"Report on the fighting in {rng.choice(places)}"
    return "\n\n".join([title, *paragraphs, "Related Articles", "Back To Top"])


def generate(out: Path, count: int, seed: int, seeds_dir: Path, prefix: str = "bench") -> None:
    """``count`` articles ``{prefix}_NNNNN.txt`` and their ``index.yaml`` in ``out`` (file names,
    and so document ids, differ between two sets only by ``prefix``)."""
    ref = read_reference(seeds_dir)
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    index = []
    for i in range(count):
        name = f"{prefix}_{i:05d}.txt"
        (out / name).write_text(article(rng, ref), encoding="utf-8")
        index.append(
            {
                "file": name,
                "publisher": rng.choice(("sohr", "afp", "euphrates-post")),
                "published": f"2018-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "date_precision": "day",
            }
        )
    (out / "index.yaml").write_text(yaml.safe_dump(index, sort_keys=False), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--seeds-dir", type=Path, default=Path("seeds"))
    args = parser.parse_args()
    generate(args.out, args.count, args.seed, args.seeds_dir)


if __name__ == "__main__":
    main()

"""Realistic, deterministic ACLED-format CSV files of any size, for benchmarks.

The mix follows the shape of ACLED's Syria data for 2017-2019: shelling and armed clashes
dominate, then air and drone strikes, IEDs and attacks on civilians, with a few protests and
strategic developments; the regime, its allies, the Islamic State, the SDF, Turkey-backed
factions and unidentified groups as actors (in ACLED's spellings); a few hundred locations with
a long tail, most of them outside the gazetteer; one to three sources per row, many of them
not in seeds/sources.yaml; a note in ACLED's manner ("On 12 March 2018, IS fighters attacked
regime positions in Hajin.") in which either actor may be the one who acted, so the notes, not
the column order, say who did what. Same seed, same file.

    python bench/gen_acled.py --rows 1000000 --out /tmp/acled_1m.csv
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]

# (event_type, sub_event_type, weight)
TYPES = (
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", 38),
    ("Battles", "Armed clash", 22),
    ("Explosions/Remote violence", "Air/drone strike", 14),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", 6),
    ("Violence against civilians", "Attack", 6),
    ("Violence against civilians", "Abduction/forced disappearance", 2),
    ("Battles", "Government regains territory", 1),
    ("Battles", "Non-state actor overtakes territory", 1),
    ("Explosions/Remote violence", "Suicide bomb", 1),
    ("Strategic developments", "Arrests", 2),
    ("Strategic developments", "Looting/property destruction", 1),
    ("Protests", "Peaceful protest", 5),
    ("Riots", "Mob violence", 1),
)
# (name, inter code, weight)
ACTORS = (
    ("Military Forces of Syria (2000-)", "1", 30),
    ("Islamic State (Syria)", "2", 10),
    ("QSD: Syrian Democratic Forces", "2", 9),
    ("Military Forces of Russia (2000-)", "8", 9),
    ("Military Forces of Turkey (2016-)", "8", 5),
    ("Hayat Tahrir al Sham", "2", 6),
    ("Syrian National Army", "2", 4),
    ("Unidentified Armed Group (Syria)", "3", 8),
    ("Military Forces of the United States (2017-2021)", "8", 3),
    ("NDF: National Defence Forces", "3", 2),
    ("Hezbollah", "8", 1),
    ("Military Forces of Iran (1989-)", "8", 1),
    ("YPG: Kurdish People's Protection Units", "2", 2),
    ("Military Forces of Israel (1948-)", "8", 1),
)
SHORT = {
    "Military Forces of Syria (2000-)": "regime forces",
    "Islamic State (Syria)": "IS fighters",
    "QSD: Syrian Democratic Forces": "QSD fighters",
    "Military Forces of Russia (2000-)": "Russian forces",
    "Military Forces of Turkey (2016-)": "Turkish forces",
    "Hayat Tahrir al Sham": "HTS fighters",
    "Syrian National Army": "Syrian National Army fighters",
    "Unidentified Armed Group (Syria)": "unidentified gunmen",
    "Military Forces of the United States (2017-2021)": "US forces",
    "NDF: National Defence Forces": "NDF members",
    "Hezbollah": "Hezbollah fighters",
    "Military Forces of Iran (1989-)": "Iranian forces",
    "YPG: Kurdish People's Protection Units": "YPG fighters",
    "Military Forces of Israel (1948-)": "Israeli forces",
    "Civilians (Syria)": "civilians",
    "Protesters (Syria)": "residents",
}
"""How a note names each actor."""
NOTES = {
    "Armed clash": "{a} clashed with {b} near {place}",
    "Shelling/artillery/missile attack": "{a} shelled {b} positions in {place}",
    "Air/drone strike": "{a} struck {b} positions in {place} from the air",
    "Remote explosive/landmine/IED": "an IED planted by {a} hit a vehicle of {b} near {place}",
    "Attack": "{a} attacked {b} in {place}",
    "Abduction/forced disappearance": "{a} abducted {b} in {place}",
    "Government regains territory": "{a} took control of {place} from {b}",
    "Non-state actor overtakes territory": "{a} took control of {place} from {b}",
    "Suicide bomb": "a suicide bomber of {a} attacked {b} in {place}",
    "Arrests": "{a} arrested {b} in {place}",
}
"""A note per sub-event type, with the acting party first."""
CIVILIANS = ("Civilians (Syria)", "7")
PROTESTERS = ("Protesters (Syria)", "6")
SOURCES = (
    ("SOHR", 40),
    ("Syria Direct", 5),
    ("Deir Ezzor 24", 6),
    ("Enab Baladi", 6),
    ("SANA", 5),
    ("Step News Agency", 5),
    ("Smart News Agency", 4),
    ("AFP", 3),
    ("Euphrates Post", 2),
    ("North Press Agency", 4),
    ("Hawar News Agency", 3),
    ("Qasioun News Agency", 3),
)
# (location, admin1, admin2, lat, lon): towns of the gazetteer plus others of the same regions.
TOWNS = (
    ("Deir-ez-Zor", "Deir-ez-Zor", "Deir-ez-Zor", 35.3333, 40.15),
    ("Hajin", "Deir-ez-Zor", "Abu Kamal", 34.6894, 40.8308),
    ("Abu Kamal", "Deir-ez-Zor", "Abu Kamal", 34.4536, 40.9367),
    ("Baghouz", "Deir-ez-Zor", "Abu Kamal", 34.4586, 40.9506),
    ("Al Mayadin", "Deir-ez-Zor", "Al Mayadin", 35.0183, 40.4533),
    ("Raqqa", "Ar-Raqqa", "Ar-Raqqa", 35.95, 39.0167),
    ("Al Hasakah", "Al-Hasakeh", "Al-Hasakeh", 36.5, 40.75),
    ("Damascus", "Damascus", "Damascus", 33.5131, 36.2919),
    ("Homs", "Homs", "Homs", 34.7308, 36.7094),
    ("Daraa", "Dara'a", "Dara'a", 32.6189, 36.1021),
    ("Idleb", "Idleb", "Idleb", 35.93, 36.63),
    ("Aleppo", "Aleppo", "Jebel Saman", 36.2, 37.16),
    ("Hama", "Hama", "Hama", 35.13, 36.75),
    ("Afrin", "Aleppo", "Afrin", 36.51, 36.87),
    ("Manbij", "Aleppo", "Menbij", 36.53, 37.95),
    ("Maarrat An Nu'man", "Idleb", "Ma'arrat An-Nu'man", 35.65, 36.67),
)
N_VILLAGES = 600
SYLLABLES = ("Tal", "Ain", "Kafr", "Deir", "Khirbet", "Jabal", "Beit", "Tell", "Umm", "Abu")
ROOTS = ("Hamra", "Sawda", "Kabir", "Saghir", "Shaykh", "Nahr", "Batin", "Ruz", "Mallah", "Jadid")


def villages(rng: random.Random) -> list[tuple[str, str, str, float, float]]:
    """A few hundred synthetic villages, each within 30 km of a real town."""
    out = []
    for i in range(N_VILLAGES):
        _, admin1, admin2, lat, lon = rng.choice(TOWNS)
        name = f"{rng.choice(SYLLABLES)} {rng.choice(ROOTS)} {i // 100 or ''}".strip()
        out.append(
            (name, admin1, admin2, round(lat + rng.uniform(-0.25, 0.25), 4),
             round(lon + rng.uniform(-0.25, 0.25), 4))
        )  # fmt: skip
    return out


def rows(n: int, seed: int = 7) -> Iterator[list[str]]:
    """``n`` ACLED rows, as lists of cells in COLUMNS order."""
    rng = random.Random(seed)
    places = list(TOWNS) + villages(rng)
    place_weights = [40.0] * len(TOWNS) + [1.0 / (1 + i / 50) for i in range(N_VILLAGES)]
    type_weights = [w for *_, w in TYPES]
    actor_weights = [w for *_, w in ACTORS]
    source_weights = [w for _, w in SOURCES]
    start = dt.date(2017, 1, 1)
    for i in range(n):
        event_type, sub, _ = rng.choices(TYPES, type_weights)[0]
        a1, i1, _ = rng.choices(ACTORS, actor_weights)[0]
        if event_type == "Protests":
            (a1, i1), (a2, i2) = PROTESTERS, ("", "0")
        elif event_type == "Violence against civilians" or rng.random() < 0.15:
            a2, i2 = CIVILIANS
        else:
            a2, i2, _ = rng.choices(ACTORS, actor_weights)[0]
        name, admin1, admin2, lat, lon = rng.choices(places, place_weights)[0]
        day = start + dt.timedelta(days=rng.randrange(3 * 365))
        fatalities = 0 if rng.random() < 0.6 else int(rng.expovariate(0.25)) + 1
        sources = "; ".join(
            dict.fromkeys(s for s, _ in rng.choices(SOURCES, source_weights, k=rng.randint(1, 3)))
        )
        notes = _note(rng, sub, a1, a2, name, day, fatalities)
        yield [
            f"SYR{100000 + i}", f"{day.day} {day:%B %Y}", str(day.year),
            rng.choices(("1", "2", "3"), (85, 12, 3))[0], "Political violence", event_type, sub,
            a1, "", i1, a2, "", i2, f"{i1}{i2}", "Civilian targeting" if i2 == "7" else "",
            "760", "Middle East", "Syria", admin1, admin2, "", name, f"{lat:.4f}", f"{lon:.4f}",
            rng.choices(("1", "2", "3"), (80, 17, 3))[0], sources, "National", notes,
            str(fatalities), "", "1618500000",
        ]  # fmt: skip


def _note(
    rng: random.Random, sub: str, a1: str, a2: str, place: str, day: dt.date, fatalities: int
) -> str:
    """ACLED's manner: what happened, who did it to whom, then the toll. Either actor may be
    the one who acted (civilians never are)."""
    template = NOTES.get(sub, "{a} and {b} were involved in an incident in {place}")
    acting, other = (
        (a1, a2) if not a2 or a2.startswith("Civilians") or rng.random() < 0.5 else (a2, a1)
    )
    what = template.format(a=SHORT.get(acting, acting), b=SHORT.get(other, "others"), place=place)
    return f"On {day.day} {day:%B %Y}, {what}. {fatalities} fatalities reported."


def write(path: Path, n: int, seed: int = 7) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows(n, seed))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    write(args.out, args.rows, args.seed)


if __name__ == "__main__":
    main()

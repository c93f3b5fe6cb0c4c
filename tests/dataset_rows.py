"""Dataset rows and resolvers written for the tests (shared by the parse and resolve tests)."""

from __future__ import annotations

from pathlib import Path

from loaders.datasets import gdelt
from loaders.datasets.aliases import read_alias_table, read_type_table
from loaders.datasets.resolve import Resolver
from loaders.graph.vocabulary import EVENT_TYPES
from loaders.reference import ReferenceData

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
BASE = "http://example.org/id/"


def make_resolver(ref: ReferenceData) -> Resolver:
    """A resolver with the seeds' alias and category tables."""
    return Resolver(
        ref,
        read_alias_table(SEEDS / "dataset_actor_aliases.yaml", ref),
        read_type_table(SEEDS / "dataset_event_types.yaml", EVENT_TYPES),
    )


def acled_row(**changes: str) -> dict[str, str]:
    row = {
        "event_id_cnty": "SYR9001",
        "event_date": "12 February 2019",
        "time_precision": "1",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "QSD: Syrian Democratic Forces",
        "assoc_actor_1": "",
        "inter1": "2",
        "actor2": "Islamic State (Syria)",
        "assoc_actor_2": "",
        "inter2": "2",
        "admin1": "Deir-ez-Zor",
        "admin2": "Abu Kamal",
        "location": "Hajin",
        "latitude": "34.6894",
        "longitude": "40.8308",
        "geo_precision": "1",
        "source": "SOHR",
        "notes": "Clashes between QSD and IS fighters in Hajin.",
        "fatalities": "3",
        "timestamp": "1618500000",
    }
    row.update(changes)
    return row


def ucdp_row(**changes: str) -> dict[str, str]:
    row = {
        "id": "990001",
        "type_of_violence": "1",
        "side_a": "Government of Syria",
        "side_a_new_id": "118",
        "side_b": "IS",
        "side_b_new_id": "234",
        "source_original": "SOHR;AFP",
        "source_headline": "",
        "where_prec": "1",
        "where_coordinates": "Abu Kamal town",
        "where_description": "Abu Kamal town",
        "adm_1": "Dayr az Zawr governorate",
        "adm_2": "Abu Kamal district",
        "latitude": "34.4536",
        "longitude": "40.9367",
        "date_prec": "1",
        "date_start": "2017-11-09 00:00:00.000",
        "date_end": "2017-11-09 00:00:00.000",
        "deaths_a": "2",
        "deaths_b": "5",
        "deaths_civilians": "1",
        "best": "8",
        "low": "8",
        "high": "10",
    }
    row.update(changes)
    return row


def gdelt_row(**changes: str) -> dict[str, str]:
    """A GDELT 2.0 event record, column by column, written for the test."""
    row = dict.fromkeys(gdelt.COLUMNS, "")
    row.update(
        globaleventid="812345678",
        sqldate="20181214",
        actor1code="SYRREB",
        actor1name="SYRIAN REBELS",
        actor1countrycode="SYR",
        actor1type1code="REB",
        actor2code="SYRGOV",
        actor2name="SYRIA",
        actor2countrycode="SYR",
        actor2type1code="GOV",
        isrootevent="1",
        eventcode="194",
        eventbasecode="194",
        eventrootcode="19",
        quadclass="4",
        goldsteinscale="-10.0",
        nummentions="6",
        numsources="2",
        numarticles="6",
        avgtone="-7.1",
        actiongeo_type="4",
        actiongeo_fullname="Hajin, Dayr az Zawr, Syria",
        actiongeo_countrycode="SY",
        actiongeo_adm1code="SY07",
        actiongeo_lat="34.6894",
        actiongeo_long="40.8308",
        dateadded="20181214103000",
        sourceurl="https://www.syriahr.com/en/example-report/",
    )
    row.update(changes)
    return row

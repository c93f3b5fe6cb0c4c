"""The registered dataset formats: adding one is its module, its tables in the seeds, and a
line here."""

from __future__ import annotations

from loaders.datasets import acled, gdelt, ucdp
from loaders.datasets.common import DatasetFormat
from loaders.errors import InputError

FORMATS: dict[str, DatasetFormat] = {f.name: f for f in (acled.FORMAT, ucdp.FORMAT, gdelt.FORMAT)}


def dataset_format(name: str) -> DatasetFormat:
    """The format called ``name``; an unknown name is an input error listing the known ones."""
    try:
        return FORMATS[name]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise InputError(name, f"unknown dataset format (known: {known})") from None

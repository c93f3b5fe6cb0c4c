"""Where the files shipped with the package are: the schema folder and the seeds folder.

Both live at the top of the repository and are installed as package data (``loaders.schema``
and ``loaders.seeds``, see ``pyproject.toml``), so an installed copy finds them the same way an
editable checkout does, through ``importlib.resources``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def _package_dir(package: str) -> Path:
    return Path(str(resources.files(package)))


SCHEMA_DIR = _package_dir("loaders.schema")
SEEDS_DIR = _package_dir("loaders.seeds")
ONTOLOGY_FILE = SCHEMA_DIR / "kg.ttl"

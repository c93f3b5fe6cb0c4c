"""Generate the reference parts of the docs from the code, so that they cannot drift.

``python -m kg.cli.docgen`` rewrites docs/configuration.md and docs/cli.md; tests fail when the
committed files differ from what this module produces.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from kg.config import Settings

DOCS = Path(__file__).resolve().parents[2] / "docs"
"""The repository's docs folder: docgen is a development tool run from a checkout."""


def configuration_md() -> str:
    lines = [
        "# Configuration",
        "",
        "Every setting is an environment variable (a `.env` file in the working directory is "
        "read too). Generated from `kg/config.py` by `python -m kg.cli.docgen`.",
        "",
        "| variable | default | meaning |",
        "|---|---|---|",
    ]
    for name, field in Settings.model_fields.items():
        default = "(computed)" if field.default_factory is not None else repr(field.default)
        if name in ("kg_home", "kg_cache"):
            default = "`~/.local/share/kg`" if name == "kg_home" else "`~/.cache/kg`"
        else:
            default = f"`{default}`"
        lines.append(f"| `{field.alias}` | {default} | {field.description} |")
    return "\n".join(lines) + "\n"


def _walk(cmd: Any, path: list[str]) -> list[tuple[str, str]]:
    """(command path, first line of its help) for a command and all its subcommands."""
    rows = [(" ".join(path), (cmd.help or "").strip().splitlines()[0] if cmd.help else "")]
    if hasattr(cmd, "commands"):
        for name in sorted(cmd.commands):
            rows.extend(_walk(cmd.commands[name], [*path, name]))
    return rows


def cli_md() -> str:
    from kg.cli.main import app

    root = typer.main.get_command(app)
    lines = [
        "# Command line",
        "",
        "Generated from the code by `python -m kg.cli.docgen`; "
        "`kg COMMAND --help` shows every option.",
        "",
        "| command | what it does |",
        "|---|---|",
    ]
    for path, help_text in _walk(root, ["kg"]):
        lines.append(f"| `{path}` | {help_text} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    (DOCS / "configuration.md").write_text(configuration_md())
    (DOCS / "cli.md").write_text(cli_md())
    sys.stdout.write("wrote docs/configuration.md and docs/cli.md\n")


if __name__ == "__main__":
    main()

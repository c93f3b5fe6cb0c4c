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


META_FIELDS = {
    "file": "In `index.yaml` only: the article's file name in that folder (required there).",
    "id": "The document's id (letters, digits, `_`, `.`, `-`). Without it the id is the "
    "file's path relative to the folder given to `kg load articles`.",
    "title": "Headline (default: the first line of the text).",
    "publisher": "Id of the source that published it (a source of `seeds/sources.yaml`).",
    "author": "Author as printed.",
    "url": "Where it was published.",
    "published": "Publication date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.",
    "date_precision": "How precise `published` is: `day`, `week`, `month`, `year` or "
    "`unknown` (default).",
    "date_note": "Why the date is what it is (free text).",
    "language": "Language of the text (default `en`; the extractor reads English).",
    "translated_from": "Language of the original when the text is a translation.",
}
"""What each metadata field means, for docs/cli.md (a test checks every field is listed)."""


def metadata_md() -> list[str]:
    from loaders.articles.documents import ArticleMeta

    missing = set(ArticleMeta.model_fields) ^ set(META_FIELDS)
    if missing:
        raise RuntimeError(f"META_FIELDS and ArticleMeta disagree on {sorted(missing)}")
    lines = [
        "",
        "## Article metadata files",
        "",
        "`kg load articles` reads what it knows about an article besides its text from YAML, "
        "either one file per article or one per folder:",
        "",
        "- `NAME.meta.yaml` beside `NAME.txt`: one mapping of the fields below;",
        "- `index.yaml` (or `index.yml`) in the article's folder: a list of such mappings, "
        "each naming its article with `file`.",
        "",
        "A `NAME.meta.yaml` wins over the folder's `index.yaml`. An unknown field, a malformed "
        "date or an unknown publisher fails that article alone, with the file and the reason.",
        "",
        "| field | meaning |",
        "|---|---|",
    ]
    lines += [f"| `{name}` | {text} |" for name, text in META_FIELDS.items()]
    lines += [
        "",
        "```yaml",
        "# 2018/index.yaml",
        "- file: raqqa-strike.txt",
        "  publisher: sohr",
        "  published: 2018-06-01",
        "  date_precision: day",
        "```",
    ]
    return lines


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
    lines += metadata_md()
    return "\n".join(lines) + "\n"


def main() -> None:
    (DOCS / "configuration.md").write_text(configuration_md())
    (DOCS / "cli.md").write_text(cli_md())
    sys.stdout.write("wrote docs/configuration.md and docs/cli.md\n")


if __name__ == "__main__":
    main()

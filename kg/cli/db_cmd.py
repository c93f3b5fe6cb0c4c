"""``kg db init|stats|wipe``: schema and contents of the database."""

from __future__ import annotations

import typer
from rich.table import Table

from kg.cli.common import console, handle_errors, open_store, settings
from kg.cypher import delete_all
from kg.schema_init import init_schema
from kg.stats import graph_stats

app = typer.Typer(help="Schema and contents of the database.", no_args_is_help=True)


@app.command()
@handle_errors
def init() -> None:
    """Apply the constraints and indexes of schema/constraints.cypher (idempotent)."""
    with open_store(settings()) as store:
        count = init_schema(store)
    console.print(f"Schema ready: {count} constraints and indexes applied.")


@app.command()
@handle_errors
def stats() -> None:
    """Count nodes per label."""
    with open_store(settings()) as store:
        counts = graph_stats(store)
    table = Table("label", "nodes")
    for label, n in counts.items():
        table.add_row(label, str(n))
    console.print(table)


@app.command()
@handle_errors
def wipe(yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation.")) -> None:
    """Delete every node and relationship (the schema stays)."""
    if not yes:
        typer.confirm("Delete everything in the database?", abort=True)
    with open_store(settings()) as store:
        query, _ = delete_all()
        store.run_autocommit(query)
    console.print("Database wiped.")

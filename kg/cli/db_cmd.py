"""``kg db init|stats|wipe|backup|restore``: schema, contents and backups of the database."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from kg.cli.common import console, err_console, handle_errors, open_store, settings
from kg.cypher import wipe_statements
from kg.ops.neo4j import backup as backups
from kg.schema_init import init_schema
from kg.stats import graph_stats

app = typer.Typer(help="Schema, contents and backups of the database.", no_args_is_help=True)


@app.command()
@handle_errors
def init() -> None:
    """Apply the constraints and indexes of schema/constraints.cypher (idempotent).

    Example: kg db init
    """
    with open_store(settings()) as store:
        count = init_schema(store)
    console.print(f"Schema ready: {count} constraints and indexes applied.")


@app.command()
@handle_errors
def stats() -> None:
    """Count nodes per label.

    Example: kg db stats
    """
    with open_store(settings()) as store:
        counts = graph_stats(store)
    table = Table("label", "nodes")
    for label, n in counts.items():
        table.add_row(label, str(n))
    console.print(table)


@app.command()
@handle_errors
def wipe(yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation.")) -> None:
    """Delete every node and relationship (the schema stays), in batches of 10,000.

    Example: kg db wipe --yes
    """
    if not yes:
        typer.confirm("Delete everything in the database?", abort=True)
    with open_store(settings()) as store:
        for query, params in wipe_statements():
            store.run_autocommit(query, params)
    console.print("Database wiped.")


def _say(message: str) -> None:
    err_console.print(message, highlight=False)


@app.command()
@handle_errors
def backup(
    path: Path = typer.Argument(..., help="The dump file to write.", dir_okay=False),
) -> None:
    """Dump the local server's database to a file (neo4j-admin database dump).

    Neo4j Community dumps only a stopped database: a running server is stopped for the dump
    and started again. For an external server (NEO4J_URI) use its own tools, or `kg export`
    for a logical backup (see docs/operations.md).

    Example: kg db backup ~/backups/kg-2026-01-31.dump
    """
    size = backups.backup(settings(), path, say=_say)
    console.print(f"Backup written: {path} ({size:,} bytes).", highlight=False)


@app.command()
@handle_errors
def restore(
    path: Path = typer.Argument(..., help="A dump made by kg db backup.", dir_okay=False),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
) -> None:
    """Replace the local server's database with a dump (neo4j-admin database load).

    The server is stopped for the load and started again if it was running.

    Example: kg db restore --yes ~/backups/kg-2026-01-31.dump
    """
    if not yes:
        typer.confirm("Replace everything in the database with the dump?", abort=True)
    backups.restore(settings(), path, say=_say)
    console.print(f"Database restored from {path}.", highlight=False)

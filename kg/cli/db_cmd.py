"""``kg db init|stats|wipe|backup|restore|rebase-iris``: schema, contents, backups and identity
of the database."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from kg import changes
from kg.cli.common import (
    console,
    err_console,
    handle_errors,
    open_store,
    refresh_snapshot,
    settings,
)
from kg.cypher import wipe_statements
from kg.dataset import ensure_namespace, rebase_iris
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
    cfg = settings()
    with open_store(cfg) as store:
        count = init_schema(store)
        namespace = ensure_namespace(store, cfg)
    console.print(f"Schema ready: {count} constraints and indexes applied.")
    console.print(f"Dataset namespace: {namespace}", highlight=False)


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
    cfg = settings()
    with open_store(cfg) as store:
        for query, params in wipe_statements():
            store.run_autocommit(query, params)
        changes.record_full(cfg)
        refresh_snapshot(store, cfg)
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


@app.command("rebase-iris")
@handle_errors
def rebase(
    namespace: str = typer.Argument(..., help="The new namespace, e.g. https://kg.example/id/"),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
) -> None:
    """Move the dataset to another namespace, rewriting every instance IRI in one transaction.

    Only for a deliberate change of identity (IRIs others may have linked to stop naming
    anything); serving the API at another URL needs no rebase, only KG_BASE_IRI.

    Example: kg db rebase-iris https://kg.example.org/id/ --yes
    """
    cfg = settings()
    if not yes:
        typer.confirm(f"Rewrite every IRI of the dataset to start with {namespace}?", abort=True)
    with open_store(cfg) as store:
        old, renamed = rebase_iris(store, cfg, namespace)
        if renamed:
            changes.record_full(cfg)
            refresh_snapshot(store, cfg)
    if renamed:
        console.print(f"Rebased {renamed:,} nodes from {old} to {namespace}.", highlight=False)
    else:
        console.print(f"The dataset is already in {namespace}; nothing changed.", highlight=False)

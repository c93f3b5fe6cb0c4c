"""``kg db init|stats|wipe|rebase-iris``: schema, contents and identity of the database."""

from __future__ import annotations

import typer
from rich.table import Table

from kg import changes
from kg.cli.common import console, handle_errors, open_store, refresh_snapshot, settings
from kg.cypher import delete_all
from kg.dataset import ensure_namespace, rebase_iris
from kg.schema_init import init_schema
from kg.stats import graph_stats

app = typer.Typer(help="Schema and contents of the database.", no_args_is_help=True)


@app.command()
@handle_errors
def init() -> None:
    """Apply the constraints and indexes of schema/constraints.cypher (idempotent)."""
    cfg = settings()
    with open_store(cfg) as store:
        count = init_schema(store)
        namespace = ensure_namespace(store, cfg)
    console.print(f"Schema ready: {count} constraints and indexes applied.")
    console.print(f"Dataset namespace: {namespace}", highlight=False)


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
    cfg = settings()
    with open_store(cfg) as store:
        query, _ = delete_all()
        store.run_autocommit(query)
        changes.record_full(cfg)
        refresh_snapshot(store, cfg)
    console.print("Database wiped.")


@app.command("rebase-iris")
@handle_errors
def rebase(
    namespace: str = typer.Argument(..., help="The new namespace, e.g. https://kg.example/id/"),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
) -> None:
    """Move the dataset to another namespace, rewriting every instance IRI in one transaction.

    Only for a deliberate change of identity (IRIs others may have linked to stop naming
    anything); serving the API at another URL needs no rebase, only KG_BASE_IRI.
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

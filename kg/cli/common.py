"""What every command shares: settings, the store, consoles and error translation."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

import typer
from rich.console import Console

from kg.config import Settings, load_settings
from kg.errors import KGError
from kg.store import GraphStore

P = ParamSpec("P")
R = TypeVar("R")

console = Console()
err_console = Console(stderr=True)


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn a KGError into one 'error: ...' line on stderr and the error's exit code."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except KGError as e:
            err_console.print(f"[bold red]error:[/] {e}", highlight=False, soft_wrap=True)
            raise typer.Exit(e.exit_code) from e

    return wrapper


def settings() -> Settings:
    return load_settings()


@contextmanager
def open_store(cfg: Settings) -> Iterator[GraphStore]:
    """The configured store, once it has answered: a server that is down fails the command
    at once, with the fix, instead of after the driver's retries."""
    store = GraphStore.from_settings(cfg)
    try:
        store.check_reachable()
        yield store
    finally:
        store.close()


def refresh_snapshot(store: GraphStore, cfg: Settings) -> None:
    """Bring the SPARQL snapshot in step after a change; a failure is a warning, never the
    load's failure (the change journal keeps what is left for `kg sparql refresh`)."""
    from kg.rdf.snapshot import refresh

    try:
        report = refresh(store, cfg)
    except (KGError, OSError) as e:
        err_console.print(
            f"[yellow]warning:[/] the SPARQL snapshot was not refreshed ({e}); "
            "run `kg sparql refresh`",
            highlight=False,
            soft_wrap=True,
        )
        return
    kind = "rebuilt" if report.full else "refreshed"
    err_console.print(
        f"SPARQL snapshot {kind} ({report.generation}, {report.seconds:.1f} s).", highlight=False
    )


def configure_logging(verbose: bool) -> None:
    """Warnings of the project's own code; the driver's retries and notices only with -v (what
    they end in reaches the user as one error line)."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not verbose:
        logging.getLogger("neo4j").setLevel(logging.ERROR)
        # The notifications the store lets through (see kg.store.QUIET_NOTIFICATIONS) stay.
        logging.getLogger("neo4j.notifications").setLevel(logging.WARNING)

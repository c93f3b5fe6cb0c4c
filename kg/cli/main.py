"""The ``kg`` entry point: registers the command groups."""

from __future__ import annotations

import typer

from kg import __version__
from kg.cli import (
    db_cmd,
    eval_cmd,
    export_cmd,
    import_cmd,
    load_articles_cmd,
    load_cmd,
    load_datasets_cmd,
    neo4j_cmd,
    nlp_cmd,
    serve_cmd,
    sparql_cmd,
)
from kg.cli.common import configure_logging
from kg.cli.help import plain_help

app = typer.Typer(
    help="conflict-kg: who attacked whom, where, when, according to whom.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(neo4j_cmd.app, name="neo4j")
app.add_typer(nlp_cmd.app, name="nlp")
app.add_typer(db_cmd.app, name="db")
app.add_typer(load_cmd.app, name="load")
app.command("serve")(serve_cmd.serve)
# Commands of `kg load` live in their own modules; each registers its commands on load_cmd.app.
load_cmd.app.registered_commands.extend(load_articles_cmd.app.registered_commands)
load_cmd.app.registered_commands.extend(load_datasets_cmd.app.registered_commands)
app.registered_commands.extend(eval_cmd.app.registered_commands)
app.registered_commands.extend(export_cmd.app.registered_commands)
app.add_typer(import_cmd.app, name="import")
app.add_typer(sparql_cmd.app, name="sparql")

plain_help(app, neo4j_cmd.app, nlp_cmd.app, db_cmd.app, load_cmd.app, import_cmd.app)


def _version(value: bool) -> None:
    if value:
        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def main(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log debug messages."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    configure_logging(verbose)

"""``kg neo4j start|stop|status``: the locally launched Neo4j server."""

from __future__ import annotations

import typer

from kg.browser.guide import GUIDE_PATH, STYLE_PATH
from kg.cli.common import console, handle_errors, settings
from kg.config import Settings
from kg.ops.neo4j import launcher

app = typer.Typer(
    help="Run the local Neo4j 5.26 server (fetched from Maven Central on first use).",
    no_args_is_help=True,
)


@app.command()
@handle_errors
def start() -> None:
    """Start Neo4j (fetching it first if needed) and wait until Bolt answers.

    Example: KG_NEO4J_HEAP=2g kg neo4j start
    """
    cfg = settings()
    if not launcher.ServerPaths.from_settings(cfg).jars_ready:
        console.print(f"Fetching Neo4j {launcher.neo4j_version()} with Maven (first run only)…")
    was_running = launcher.status(cfg).running
    st = launcher.start(cfg, post_connect_cmd=_guide_command(cfg))
    verb = "already running" if was_running else "started"
    console.print(
        f"Neo4j {st.version} {verb} (pid {st.pid}): bolt://127.0.0.1:{st.bolt_port}, "
        f"http://127.0.0.1:{st.http_port}/browser/"
    )


def _guide_command(cfg: Settings) -> str:
    """Browser's commands on connect (``browser.post_connect_cmd``, split on ``;``): load the
    style sheet, then play the guide."""
    base = f"http://{cfg.api_host}:{cfg.api_port}"
    return f"style {base}{STYLE_PATH}; play {base}{GUIDE_PATH}"


@app.command()
@handle_errors
def stop() -> None:
    """Stop Neo4j cleanly.

    Example: kg neo4j stop
    """
    stopped = launcher.stop(settings())
    console.print("Neo4j stopped." if stopped else "Neo4j was not running.")


@app.command()
@handle_errors
def status() -> None:
    """Print version, pid, ports, data directory and log file; exit 1 when not running.

    Example: kg neo4j status
    """
    st = launcher.status(settings())
    console.print(f"running:   {'yes' if st.running else 'no'}")
    console.print(f"version:   {st.version}")
    console.print(f"pid:       {st.pid or '-'}")
    console.print(f"bolt:      bolt://127.0.0.1:{st.bolt_port}")
    console.print(f"http:      http://127.0.0.1:{st.http_port}/browser/")
    console.print(f"data dir:  {st.data_dir}")
    console.print(f"log file:  {st.log_file}")
    if not st.running:
        raise typer.Exit(1)

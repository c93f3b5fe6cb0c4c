"""``kg serve``: the FastAPI app with GraphQL, health, RDF and IRIs."""

from __future__ import annotations

import typer

from kg.cli.common import console, handle_errors, settings
from kg.config import Settings
from kg.ops import api_daemon


def print_urls(cfg: Settings, host: str, port: int) -> None:
    password_hint = "NEO4J_PASSWORD" if cfg.neo4j_password else str(cfg.password_file)
    console.print(f"GraphQL API:    http://{host}:{port}/graphql")
    console.print(f"GraphiQL:       http://{host}:{port}/graphql  (open in a browser)")
    console.print(f"Web app:        http://{host}:{port}/app/  (map, timeline, evidence)")
    console.print(f"Health:         http://{host}:{port}/health")
    if not cfg.external:
        console.print(
            f"Neo4j Browser:  http://127.0.0.1:{cfg.http_port}/browser/  "
            f"(user {cfg.neo4j_user}, password in {password_hint})"
        )


@handle_errors
def serve(
    host: str | None = typer.Option(None, metavar="HOST", help="Bind host (default KG_API_HOST)."),
    port: int | None = typer.Option(None, metavar="PORT", help="Port (default KG_API_PORT)."),
    detach: bool = typer.Option(
        False,
        "--detach",
        help="Run in the background (pid and log in KG_HOME); reuse a running one.",
    ),
    stop: bool = typer.Option(False, "--stop", help="Stop a background API."),
    reload: bool = typer.Option(False, help="Reload on code changes (development)."),
) -> None:
    """Serve the API and print its URLs.

    Example: kg serve --detach --port 8080
    """
    cfg = settings()
    host = host or cfg.api_host
    port = port or cfg.api_port
    if stop:
        console.print("API stopped." if api_daemon.stop(cfg) else "API was not running.")
        return
    if detach:
        pid, started = api_daemon.start(cfg, host, port)
        state = "started" if started else "already running"
        console.print(f"API {state} (pid {pid}, log {api_daemon.log_file(cfg)}).")
        print_urls(cfg, host, port)
        return
    import uvicorn

    print_urls(cfg, host, port)
    uvicorn.run(
        "kg.api.app:create_app", factory=True, host=host, port=port, reload=reload, log_level="info"
    )

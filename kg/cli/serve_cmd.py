"""``kg serve``: the FastAPI app with GraphQL, health, RDF and IRIs."""

from __future__ import annotations

import typer

from kg.cli.common import console, handle_errors, settings


@handle_errors
def serve(
    host: str | None = typer.Option(None, help="Bind host (default KG_API_HOST)."),
    port: int | None = typer.Option(None, help="Port (default KG_API_PORT)."),
    reload: bool = typer.Option(False, help="Reload on code changes (development)."),
) -> None:
    """Serve the API and print its URLs."""
    import uvicorn

    cfg = settings()
    host = host or cfg.api_host
    port = port or cfg.api_port
    console.print(f"GraphQL:  http://{host}:{port}/graphql  (GraphiQL in a browser)")
    console.print(f"Health:   http://{host}:{port}/health")
    uvicorn.run("kg.api.app:create_app", factory=True, host=host, port=port, reload=reload,
                log_level="info")

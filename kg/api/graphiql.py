"""GraphiQL at ``GET /graphql`` and Swagger UI at ``/docs``, from assets the API serves itself.

The assets (GraphiQL, React, Swagger UI) come from the npm registry when the project is
installed (``make install``, the Dockerfile's first stage) into ``kg/api/static``; no page
the API serves loads anything from another origin, so both work without internet.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

STATIC_DIR = Path(__file__).parent / "static"
STATIC_URL = "/static"
ASSETS = (
    "graphiql.min.js",
    "graphiql.min.css",
    "react.production.min.js",
    "react-dom.production.min.js",
    "swagger-ui-bundle.js",
    "swagger-ui.css",
    "favicon-32x32.png",
)

_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>conflict-kg GraphiQL</title>
  <style>body {{ margin: 0; height: 100vh; }} #graphiql {{ height: 100vh; }}</style>
  <link rel="stylesheet" href="{static}/graphiql.min.css">
  <link rel="icon" href="{static}/favicon-32x32.png">
</head>
<body>
  <div id="graphiql">Loading GraphiQL...</div>
  <script src="{static}/react.production.min.js"></script>
  <script src="{static}/react-dom.production.min.js"></script>
  <script src="{static}/graphiql.min.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({{
      url: window.location.pathname,
      headers: {{ accept: "application/graphql-response+json, application/json" }},
    }});
    const example = `# Who attacked whom, where, when, according to whom?
{{
  events(first: 5, filter: {{from: "2018-03-01", to: "2018-03-31"}}) {{
    totalCount
    nodes {{ type startDate attackers {{ name }} targets {{ name }} places {{ name }}
      claims {{ quote source {{ name }} document {{ title }} }} }}
  }}
}}
`;
    // ?q=... opens the page with that query in the editor (links from the docs).
    const asked = new URLSearchParams(window.location.search).get("q");
    ReactDOM.createRoot(document.getElementById("graphiql")).render(
      React.createElement(GraphiQL, {{ fetcher, defaultQuery: example, query: asked || undefined }})
    );
  </script>
</body>
</html>
"""


def missing_assets() -> list[str]:
    """Assets not installed (run ``make assets``)."""
    return [name for name in ASSETS if not (STATIC_DIR / name).is_file()]


def graphiql_html() -> str:
    return _PAGE.format(static=STATIC_URL)


def mount_assets(app: FastAPI, with_docs: bool) -> None:
    """Serve ``/static`` and, unless in production, the offline Swagger UI at ``/docs``."""
    app.mount(STATIC_URL, StaticFiles(directory=STATIC_DIR, check_dir=False), name="static")
    if not with_docs:
        return

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} - API docs",
            swagger_js_url=f"{STATIC_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{STATIC_URL}/swagger-ui.css",
            swagger_favicon_url=f"{STATIC_URL}/favicon-32x32.png",
        )

"""The analyst's web app at ``/app/``: map, timeline, who attacked whom and evidence.

A static single-page app (source in ``kg/api/app_src``, built by ``make app`` into
``kg/api/app_static``) that reads the public GraphQL API of the same server. Every file it
loads comes from npm packages bundled at build time and is served from here: it works without
internet, in production too.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

APP_DIR = Path(__file__).parent / "app_static"
APP_URL = "/app"


def app_built() -> bool:
    """Whether ``make app`` has built the app."""
    return (APP_DIR / "index.html").is_file()


def mount_webapp(app: FastAPI) -> None:
    """``/app`` redirects to ``/app/``, which serves the built app (503 until it is built)."""

    @app.get(APP_URL, include_in_schema=False)
    def to_app() -> RedirectResponse:
        return RedirectResponse(f"{APP_URL}/", status_code=307)

    @app.get(f"{APP_URL}/", include_in_schema=False, response_model=None)
    def index() -> Response:
        if not app_built():
            return JSONResponse(
                status_code=503,
                content={
                    "error": {
                        "code": "APP_NOT_BUILT",
                        "message": "the web app is not built: run `make app`",
                    }
                },
            )
        return Response(
            (APP_DIR / "index.html").read_bytes(),
            media_type="text/html; charset=utf-8",
            headers={"Cache-Control": "no-cache"},
        )

    app.mount(APP_URL, StaticFiles(directory=APP_DIR, check_dir=False), name="webapp")

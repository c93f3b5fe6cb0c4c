"""The Neo4j Browser guide and style sheet, served to Browser from another origin.

Browser (port 7474) fetches ``:play`` guides and ``:style`` sheets with ``fetch`` from this
API's origin, sending ``Cache-Control``/``Pragma`` headers, which makes the browser ask a CORS
preflight first. Only these two public, read-only documents answer it with
``Access-Control-Allow-Origin: *``; the rest of the API keeps the configured CORS policy.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, PlainTextResponse

from kg.browser.guide import GUIDE_PATH, STYLE_PATH, guide_html, style_text

router = APIRouter(tags=["browser"])

_CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, OPTIONS",
    "Access-Control-Max-Age": "600",
}


def _preflight(request: Request) -> Response:
    asked = request.headers.get("access-control-request-headers", "")
    headers = {**_CORS, "Access-Control-Allow-Headers": asked or "*"}
    return Response(status_code=204, headers=headers)


@router.get(GUIDE_PATH, response_class=HTMLResponse)
def browser_guide(request: Request) -> HTMLResponse:
    """The guide Browser shows after ``:play http://<api>/browser-guide``."""
    return HTMLResponse(guide_html(str(request.base_url)), headers=_CORS)


@router.options(GUIDE_PATH, include_in_schema=False)
def browser_guide_preflight(request: Request) -> Response:
    return _preflight(request)


@router.get(STYLE_PATH, response_class=PlainTextResponse)
def browser_style() -> PlainTextResponse:
    """The GraSS style sheet Browser loads with ``:style http://<api>/browser-style.grass``."""
    return PlainTextResponse(style_text(), headers=_CORS)


@router.options(STYLE_PATH, include_in_schema=False)
def browser_style_preflight(request: Request) -> Response:
    return _preflight(request)

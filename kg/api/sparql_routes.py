"""``/sparql``: the SPARQL 1.1 Protocol, read-only, over the snapshot of the graph.

Queries arrive as ``GET ?query=``, as a ``POST`` form (``query=``) or as a ``POST`` body of type
``application/sparql-query``; ``default-graph-uri`` and ``named-graph-uri`` may be repeated.
Without ``default-graph-uri`` the default graph is the union of all graphs (see
``kg.rdf.sparql``). Updates are refused. Answers are negotiated (SPARQL JSON, XML, CSV, TSV for
solutions; Turtle, N-Triples, RDF/XML for graphs), cut at ``KG_SPARQL_MAX_RESULTS`` (then
``X-KG-Results-Truncated: true``), and stopped after ``KG_SPARQL_TIMEOUT`` seconds (503).
``GET /sparql`` without a query describes the service (SPARQL 1.1 Service Description).
"""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kg.api.rdf_routes import error
from kg.config import Settings
from kg.rdf.negotiation import NotAcceptable
from kg.rdf.sparql import (
    NoSnapshot,
    QueryRequest,
    SparqlError,
    SparqlService,
    SparqlTimeout,
    offered_types,
)

router = APIRouter(tags=["sparql"])
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"


def service(request: Request) -> SparqlService:
    """The app's query workers, started on the first query."""
    existing: SparqlService | None = getattr(request.app.state, "sparql", None)
    if existing is None:
        settings: Settings = request.app.state.settings
        existing = SparqlService(
            settings.sparql_path,
            settings.sparql_workers,
            settings.sparql_timeout_s,
            settings.sparql_max_results,
        )
        request.app.state.sparql = existing
    return existing


def _description(request: Request) -> Response:
    endpoint = str(request.url_for("sparql_get"))
    results = "".join(
        f"    sd:resultFormat <http://www.w3.org/ns/formats/{name}> ;\n"
        for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                     "SPARQL_Results_TSV", "Turtle", "N-Triples", "RDF_XML")
    )  # fmt: skip
    body = (
        "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\n"
        f"[] a sd:Service ;\n    sd:endpoint <{endpoint}> ;\n"
        "    sd:supportedLanguage sd:SPARQL11Query ;\n"
        f"{results}"
        "    sd:feature sd:UnionDefaultGraph ;\n"
        '    rdfs:comment "Read-only. The default graph is the union of all graphs: '
        "actors, places and events with every document's claims; GRAPH ?document selects "
        "one document's claims.\"@en .\n"
    )
    return Response(body, media_type="text/turtle; charset=utf-8")


async def _run(request: Request, query: str, params: dict[str, list[str]]) -> Response:
    req = QueryRequest(
        query=query,
        accept=request.headers.get("accept"),
        default_graphs=tuple(params.get("default-graph-uri", ())),
        named_graphs=tuple(params.get("named-graph-uri", ())),
    )
    try:
        answer = await asyncio.to_thread(service(request).query, req)
    except SparqlTimeout as e:
        return error(503, e.code, str(e))
    except NoSnapshot as e:
        return error(503, e.code, str(e))
    except NotAcceptable as e:
        offered = ", ".join([*offered_types("solutions"), *offered_types("graph")])
        return error(406, e.code, f"{e} (offered: {offered})")
    except SparqlError as e:
        return error(400, e.code, str(e))
    headers = {"Vary": "Accept", "X-KG-Snapshot": answer.generation}
    if answer.truncated:
        headers["X-KG-Results-Truncated"] = "true"
        headers["X-KG-Results-Limit"] = str(answer.results)
    media_type = answer.media_type
    if media_type.startswith("text/") or media_type.endswith(("+json", "+xml", "triples")):
        media_type += "; charset=utf-8"
    return Response(answer.body, media_type=media_type, headers=headers)


def _query_params(request: Request) -> dict[str, list[str]]:
    return {k: request.query_params.getlist(k) for k in request.query_params}


@router.get("/sparql", response_model=None, name="sparql_get")
async def sparql_get(request: Request) -> Response:
    """A query in the URL (``?query=``), or the service description when there is none."""
    params = _query_params(request)
    if "update" in params:
        return error(400, "UPDATE_REFUSED", "this endpoint is read-only: updates are refused")
    queries = params.get("query", [])
    if not queries:
        return _description(request)
    if len(queries) > 1:
        return error(400, SparqlError.code, "give exactly one query")
    return await _run(request, queries[0], params)


@router.post("/sparql", response_model=None)
async def sparql_post(request: Request) -> Response:
    """A query as a form (``query=``) or directly (``application/sparql-query``)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    params = _query_params(request)
    body = (await request.body()).decode("utf-8", errors="replace")
    if content_type == UPDATE:
        return error(400, "UPDATE_REFUSED", "this endpoint is read-only: updates are refused")
    if content_type == DIRECT:
        return await _run(request, body, params)
    if content_type != FORM:
        return error(
            415, "UNSUPPORTED_MEDIA_TYPE", f"send {FORM} or {DIRECT}, not {content_type!r}"
        )
    form = parse_qs(body, keep_blank_values=True)
    if "update" in form:
        return error(400, "UPDATE_REFUSED", "this endpoint is read-only: updates are refused")
    queries = form.get("query", [])
    if len(queries) != 1:
        return error(400, SparqlError.code, "give exactly one query (form field query)")
    for key in ("default-graph-uri", "named-graph-uri"):
        params[key] = [*params.get(key, []), *form.get(key, [])]
    return await _run(request, queries[0], params)

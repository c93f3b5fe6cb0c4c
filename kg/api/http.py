"""GraphQL over HTTP (the GraphQL-over-HTTP specification) at ``/graphql``.

``POST`` takes a JSON object (``query``, ``variables``, ``operationName``, ``extensions``);
``GET`` takes the same as URL parameters and runs queries only. The answer is
``application/graphql-response+json`` when the client accepts it, with 400 for requests that
fail to parse or validate, and ``application/json`` (always 200 for GraphQL errors) otherwise.
Requests that are not GraphQL requests at all (a body that is not a JSON object, too large,
of the wrong media type) get a 4xx with a JSON body in the GraphQL error shape and a code.

The request's bytes are read here, on the event loop, at most ``KG_MAX_BODY_BYTES`` of them;
everything else runs in a worker thread (``kg.api.engine``). While it runs the event loop
watches the connection: a client who leaves, or a request past its deadline, stops the work
(``Context.cancel``). Each rejected request is logged on one line, without a traceback.
"""

from __future__ import annotations

import asyncio
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from kg.api.context import Context, client_gone
from kg.api.engine import Answer, Engine, GraphQLRequest, stopped_answer
from kg.api.errors import RequestTimeout, clip, request_error
from kg.api.graphiql import graphiql_html

log = logging.getLogger(__name__)

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


class HTTPProblem(Exception):
    """A request that is not a valid GraphQL-over-HTTP request."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code = status, code


def media_type(accept: str | None) -> str:
    """The answer's media type for an ``Accept`` header (406 when none can be served)."""
    if not accept:
        return JSON
    offered = []
    for part in accept.split(","):
        kind, *params = (p.strip() for p in part.split(";"))
        q = next((p[2:] for p in params if p.startswith("q=")), "1")
        try:
            weight = float(q)
        except ValueError:
            weight = 1.0
        if weight > 0:
            offered.append(kind.lower())
    if GRAPHQL_RESPONSE in offered:
        return GRAPHQL_RESPONSE
    if any(k in (JSON, "application/*", "*/*") for k in offered):
        return JSON
    raise HTTPProblem(
        406, "NOT_ACCEPTABLE", f"answers are {GRAPHQL_RESPONSE} or {JSON}, not {clip(accept)}"
    )


def _params(raw: Any) -> GraphQLRequest:
    """The request's parameters, each checked for its type."""
    if not isinstance(raw, dict):
        raise HTTPProblem(400, "BAD_REQUEST", "the body must be a JSON object")
    query = raw.get("query")
    if not isinstance(query, str):
        what = "missing" if query is None else f"a {type(query).__name__}, not a string"
        raise HTTPProblem(400, "BAD_REQUEST", f"the query parameter is {what}")
    variables, name = raw.get("variables"), raw.get("operationName")
    if variables is not None and not isinstance(variables, dict):
        raise HTTPProblem(400, "BAD_REQUEST", "variables must be a JSON object or null")
    if name is not None and not isinstance(name, str):
        raise HTTPProblem(400, "BAD_REQUEST", "operationName must be a string or null")
    extensions = raw.get("extensions")
    if extensions is not None and not isinstance(extensions, dict):
        raise HTTPProblem(400, "BAD_REQUEST", "extensions must be a JSON object or null")
    return GraphQLRequest(query=query, variables=variables, operation_name=name)


def _json(data: bytes | str, what: str) -> Any:
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as e:
        raise HTTPProblem(400, "BAD_REQUEST", f"{what} is not valid JSON: {e}") from None


async def _body(request: Request, limit: int) -> bytes:
    """The request body, refused (413) as soon as it is known to be over ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise _too_large(int(declared), limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(size, limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(size: int, limit: int) -> HTTPProblem:
    return HTTPProblem(
        413, "BODY_TOO_LARGE", f"the request has {size} bytes or more; the limit is {limit}"
    )


async def post_request(request: Request, limit: int) -> GraphQLRequest:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != JSON:
        shown = clip(kind) if kind else "missing"
        raise HTTPProblem(415, "UNSUPPORTED_MEDIA_TYPE", f"content-type is {shown}; send {JSON}")
    body = await _body(request, limit)
    if not body.strip():
        raise HTTPProblem(400, "BAD_REQUEST", "the request body is empty")
    return _params(_json(body, "the body"))


def get_request(request: Request, limit: int) -> GraphQLRequest:
    if len(request.url.query) > limit:
        raise _too_large(len(request.url.query), limit)
    raw: dict[str, Any] = dict(request.query_params)
    for key in ("variables", "extensions"):
        if raw.get(key):
            raw[key] = _json(raw[key], key)
        else:
            raw.pop(key, None)
    params = _params(raw)
    return GraphQLRequest(params.query, params.variables, params.operation_name, "GET")


def problem_response(problem: HTTPProblem, request: Request) -> Response:
    log.info("rejected %s %s: %s %s", request.method, request.url.path, problem.code, str(problem))
    body = orjson.dumps({"errors": [request_error(problem.code, str(problem))]})
    headers = {"Allow": "GET, POST"} if problem.status == 405 else None
    return Response(body, status_code=problem.status, media_type=JSON, headers=headers)


def answer_response(answer: Answer, kind: str, request: Request, started: float) -> Response:
    if answer.not_a_query_for_get:
        status = 405
    elif kind == GRAPHQL_RESPONSE and not answer.has_data:
        status = 400
    else:
        status = 200
    if answer.codes:
        ms = (time.monotonic() - started) * 1000
        first = answer.messages[0] if answer.messages else ""
        log.info("graphql answered with errors in %.0f ms: %s %s", ms, answer.codes[0], first)
    headers = {"Allow": "POST"} if status == 405 else None
    charset = "; charset=utf-8"
    return Response(answer.body, status_code=status, media_type=kind + charset, headers=headers)


async def _disconnected(request: Request) -> None:
    """Return when the client closes the connection."""
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            return


async def run_in_worker(
    request: Request, job: GraphQLRequest, ctx: Context, engine: Engine, pool: ThreadPoolExecutor
) -> Answer | None:
    """Run ``job`` in a worker thread; None when the client left first."""
    loop = asyncio.get_running_loop()
    work: asyncio.Future[Answer] = loop.run_in_executor(pool, engine.run, job, ctx)
    gone: asyncio.Future[None] = asyncio.ensure_future(_disconnected(request))
    try:
        waited: set[asyncio.Future[Any]] = {work, gone}
        done, _ = await asyncio.wait(
            waited, timeout=max(ctx.remaining(), 0) + 0.05, return_when="FIRST_COMPLETED"
        )
    finally:
        gone.cancel()
    if work in done:
        return work.result()
    reason = client_gone() if gone in done else RequestTimeout(ctx.timeout_s)
    # Answer at once; the worker stops at its next check, its Neo4j read is terminated.
    _stopping.add(loop.run_in_executor(None, ctx.cancel, reason))
    _stopping.difference_update({f for f in _stopping if f.done()})
    log.info("graphql request stopped: %s %s", reason.code, reason)
    return None if gone in done else stopped_answer(reason)


_stopping: set[asyncio.Future[None]] = set()
"""Cancellations under way (kept so that they are not collected before they run)."""


def make_router(engine: Engine, pool: ThreadPoolExecutor, graphiql: bool) -> APIRouter:
    """The ``/graphql`` routes over ``engine``; GraphiQL on ``GET`` from a browser when asked."""
    router = APIRouter()

    async def answer(request: Request, read: Any) -> Response:
        started = time.monotonic()
        settings = request.app.state.settings
        try:
            kind = media_type(request.headers.get("accept"))
            job = await read(request, settings.max_body_bytes)
        except HTTPProblem as problem:
            return problem_response(problem, request)
        state = request.app.state
        ctx = Context(store=state.store, settings=settings, names=state.names, started=started)
        result = await run_in_worker(request, job, ctx, engine, pool)
        if result is None:
            return Response(status_code=499)
        return answer_response(result, kind, request, started)

    async def read_get(request: Request, limit: int) -> GraphQLRequest:
        return get_request(request, limit)

    @router.post("/graphql", include_in_schema=False)
    async def graphql_post(request: Request) -> Response:
        return await answer(request, post_request)

    @router.get("/graphql", include_in_schema=False)
    async def graphql_get(request: Request) -> Response:
        if "query" not in request.query_params and "text/html" in request.headers.get("accept", ""):
            if graphiql:
                return HTMLResponse(graphiql_html())
            problem = HTTPProblem(
                400,
                "BAD_REQUEST",
                "the query parameter is missing (the in-browser IDE is off in production)",
            )
            return problem_response(problem, request)
        return await answer(request, read_get)

    return router

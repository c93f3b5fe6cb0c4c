"""``GET /geojson``: the ``eventsGeoJSON`` answer as a plain GeoJSON document, for map
libraries that load a URL. The parameters are those of the GraphQL field: ``filter`` (the
events filter as JSON), ``bbox`` (``west,south,east,north``) and ``first``; the request runs
through the same engine, limits, deadline and worker threads as ``/graphql``."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import orjson
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from kg.api.context import Context
from kg.api.engine import Engine, GraphQLRequest
from kg.api.http import HTTPProblem, problem_response, run_in_worker

GEOJSON = "application/geo+json"
QUERY = """query GeoJSON($filter: EventFilter, $bbox: BBoxInput, $first: Int!) {
  eventsGeoJSON(filter: $filter, bbox: $bbox, first: $first)
}"""


def _bbox(text: str | None) -> dict[str, float] | None:
    if not text:
        return None
    parts = text.split(",")
    try:
        values = [float(p) for p in parts]
    except ValueError:
        values = []
    if len(values) != 4:
        raise HTTPProblem(400, "BAD_ARGUMENT", "bbox must be four numbers: west,south,east,north")
    return dict(zip(("west", "south", "east", "north"), values, strict=True))


def _filter(text: str | None) -> Any:
    if not text:
        return None
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as e:
        raise HTTPProblem(400, "BAD_ARGUMENT", f"filter is not valid JSON: {e}") from None


def make_router(engine: Engine, pool: ThreadPoolExecutor) -> APIRouter:
    router = APIRouter(tags=["geojson"])

    @router.get("/geojson", response_class=Response, responses={200: {"content": {GEOJSON: {}}}})
    async def events_geojson(
        request: Request,
        filter: str | None = Query(None, description="The events filter of GraphQL, as JSON."),
        bbox: str | None = Query(None, description="west,south,east,north in degrees"),
        first: int = Query(1000, description="At most this many events (up to 5,000)."),
    ) -> Response:
        """The events matching the filter as a GeoJSON FeatureCollection."""
        state = request.app.state
        try:
            variables = {"filter": _filter(filter), "bbox": _bbox(bbox), "first": first}
        except HTTPProblem as problem:
            return problem_response(problem, request)
        ctx = Context(store=state.store, settings=state.settings, names=state.names)
        job = GraphQLRequest(QUERY, variables, "GeoJSON", "GET")
        answer = await run_in_worker(request, job, ctx, engine, pool)
        if answer is None:
            return Response(status_code=499)
        body = orjson.loads(answer.body)
        if body.get("errors"):
            status = 503 if answer.codes[0] == "NEO4J_UNAVAILABLE" else 400
            return Response(
                orjson.dumps({"errors": body["errors"]}), status, media_type="application/json"
            )
        return Response(orjson.dumps(body["data"]["eventsGeoJSON"]), media_type=GEOJSON)

    return router

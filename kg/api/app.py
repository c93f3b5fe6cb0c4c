"""The FastAPI application factory: settings and the driver are built in the lifespan."""

from __future__ import annotations

import asyncio
import gc
import logging
import threading
from collections.abc import AsyncIterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import Receive, Scope, Send

from kg import __version__
from kg.api import browser_routes, def_routes, geojson_routes, rdf_routes, sparql_routes
from kg.api.engine import Engine
from kg.api.graphiql import mount_assets
from kg.api.http import make_router
from kg.api.names import NameResolver
from kg.api.schema import build_schema
from kg.api.webapp import mount_webapp
from kg.browser.guide import GUIDE_PATH, STYLE_PATH
from kg.config import Settings, load_settings
from kg.errors import KGError, Neo4jUnavailable
from kg.store import GraphStore

log = logging.getLogger(__name__)


GC_THRESHOLD = 50_000
"""Allocations between two collections of the youngest generation (Python's default: 700)."""

LOCALHOST_ORIGINS = r"https?://(localhost|127\.0\.0\.1|\[::1\])(:\d+)?"
"""Origins of frontend development servers, allowed by CORS outside production."""


def tune_gc() -> None:
    """Collect cycles less often, and never scan the objects alive at start-up.

    An answer builds thousands of objects (rows, GraphQL values) that live until it is sent,
    all freed by reference counting; with the default threshold they trigger several
    collections per request, and now and then a full one that walks every module, type and
    schema object. Measured in process on the headline query: 10 to 20 % less CPU per request."""
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])


def setup_logging() -> None:
    """One line per rejected or stopped request (``kg.api``, INFO) on stderr, beside the
    server's own log, unless the host application configured the logger already."""
    api_log = logging.getLogger("kg.api")
    if not api_log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        api_log.addHandler(handler)
        api_log.setLevel(logging.INFO)
        api_log.propagate = False


class ApiCors(CORSMiddleware):
    """The configured CORS policy, except for the Neo4j Browser guide and style sheet, which
    answer any origin themselves (``kg.api.browser_routes``)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] in (GUIDE_PATH, STYLE_PATH):
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def add_cors(app: FastAPI, cfg: Settings) -> None:
    """``KG_CORS_ORIGINS``, and outside production any localhost origin (any port)."""
    regex = None if cfg.production else LOCALHOST_ORIGINS
    if cfg.cors_origins or regex:
        app.add_middleware(
            ApiCors,
            allow_origins=cfg.cors_origins,
            allow_origin_regex=regex,
            allow_methods=["GET", "POST"],
            allow_headers=["*"],
            max_age=600,
        )


class HealthCheck:
    """Neo4j's answer to a health check, waited for at most ``WAIT_S`` seconds.

    Each check runs in a thread of its own; ``/health`` answers with it when it comes in time
    (an unreachable server is refused at once, so a stopped Neo4j shows up right away) and
    with the last answer otherwise, so that a database busy with a heavy query never makes
    the API look dead. Only the first check is waited for in full."""

    WAIT_S = 0.05

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="health")
        self.pending: Future[tuple[int, dict[str, object]]] | None = None
        self.last: tuple[int, dict[str, object]] | None = None
        self.lock = threading.Lock()

    def check(self, store: GraphStore) -> tuple[int, dict[str, object]]:
        try:
            info = store.server_info()
            answer: tuple[int, dict[str, object]] = (
                200,
                {"status": "ok", "neo4j": info, "version": __version__},
            )
        except Neo4jUnavailable as e:
            answer = (503, {"status": "unavailable", "error": {"code": e.code, "message": str(e)}})
        self.last = answer
        return answer

    async def answer(self, store: GraphStore) -> tuple[int, dict[str, object]]:
        with self.lock:
            if self.pending is None or self.pending.done():
                self.pending = self.pool.submit(self.check, store)
            pending, last = self.pending, self.last
        waiting = asyncio.shield(asyncio.wrap_future(pending))
        try:
            return await asyncio.wait_for(waiting, None if last is None else self.WAIT_S)
        except TimeoutError:
            return last if last is not None else await waiting


def create_app(settings: Settings | None = None) -> FastAPI:
    cfg = settings or load_settings()
    pool = ThreadPoolExecutor(cfg.api_threads, thread_name_prefix="graphql")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = app.state.store = GraphStore.from_settings(cfg, fail_fast=True)
        app.state.names = NameResolver(lambda statement: store.read(*statement))
        app.state.sparql = None
        tune_gc()
        setup_logging()
        try:
            yield
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
            app.state.store.close()
            if app.state.sparql is not None:
                app.state.sparql.close()

    # Production serves no documentation UI and no OpenAPI description (GraphQL has its own).
    app = FastAPI(
        title="conflict-kg",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None if cfg.production else "/openapi.json",
    )
    app.state.settings = cfg
    add_cors(app, cfg)
    engine = Engine(build_schema(), cfg)
    app.include_router(make_router(engine, pool, graphiql=not cfg.production))
    app.include_router(geojson_routes.make_router(engine, pool))
    app.include_router(rdf_routes.router)
    app.include_router(def_routes.router)
    app.include_router(sparql_routes.router)
    app.include_router(browser_routes.router)
    mount_assets(app, with_docs=not cfg.production)
    mount_webapp(app)

    health_check = HealthCheck()

    @app.get("/health")
    async def health(request: Request) -> JSONResponse:
        """200 with the Neo4j version when Neo4j answers; 503 with the reason when not."""
        status, content = await health_check.answer(request.app.state.store)
        return JSONResponse(status_code=status, content=content)

    @app.exception_handler(KGError)
    async def kg_error(_: Request, exc: KGError) -> JSONResponse:
        status = 503 if isinstance(exc, Neo4jUnavailable) else 400
        return JSONResponse(
            status_code=status, content={"error": {"code": exc.code, "message": str(exc)}}
        )

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException) -> JSONResponse:
        code = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}.get(exc.status_code, "HTTP_ERROR")
        return JSONResponse(
            status_code=exc.status_code,
            content={"error": {"code": code, "message": str(exc.detail)}},
            headers=exc.headers,
        )

    return app

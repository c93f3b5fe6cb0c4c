"""Read-only SPARQL over the snapshot, with a hard time limit and a result limit.

Oxigraph cannot stop a query it has started, so queries run in a small pool of worker
processes (``KG_SPARQL_WORKERS``): the API waits for an answer at most ``KG_SPARQL_TIMEOUT``
seconds and then kills the worker (a new one takes its place), so a runaway query costs its
own process and nothing else. Workers open the newest published snapshot generation read-only
and move to a newer one as soon as a refresh publishes it.

The default graph rule: unless the request names default graphs (``default-graph-uri``), the
default graph is the union of all graphs, so that queries see actors, places and events (the
store's default graph) together with every document's claims (its named graphs); ``GRAPH ?doc``
still selects one document's statements.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.rdf.negotiation import FORMATS, GRAPH_FORMATS, SOLUTION_FORMATS, NotAcceptable, negotiate

MAX_QUERY_CHARS = 100_000


class SparqlError(KGError):
    """A query the endpoint refuses (bad syntax, an update); HTTP 400."""

    code = "BAD_QUERY"


class SparqlTimeout(KGError):
    """The query ran past the time limit and was stopped; HTTP 503."""

    code = "TIMEOUT"


class NoSnapshot(KGError):
    """No snapshot has been published yet (run ``kg sparql refresh``); HTTP 503."""

    code = "NO_SNAPSHOT"


@dataclass(frozen=True)
class QueryRequest:
    query: str
    accept: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    media_type: str
    body: bytes
    results: int
    truncated: bool
    seconds: float = 0.0
    generation: str = ""


def current_generation(root: Path) -> Path | None:
    """The snapshot generation ``CURRENT`` names (see ``kg.rdf.snapshot``)."""
    try:
        name = (root / "CURRENT").read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    path = root / "generations" / name
    return path if path.is_dir() else None


def _answer(store: Any, req: QueryRequest, limit: int) -> tuple[str, bytes, int, bool]:
    import pyoxigraph as ox

    from kg.rdf import sparql_results as out

    kwargs: dict[str, Any] = {}
    if req.default_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in req.default_graphs]
    else:
        kwargs["use_default_graph_as_union"] = True
    if req.named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in req.named_graphs]
    result = store.query(req.query, **kwargs)
    if isinstance(result, ox.QueryBoolean):
        fmt = negotiate(req.accept, None, SOLUTION_FORMATS[:2])
        kind = "xml" if fmt.name == "sparql-xml" else "json"
        return fmt.media_type, out.boolean(bool(result), kind).encode(), 1, False
    if isinstance(result, ox.QuerySolutions):
        fmt = negotiate(req.accept, None, SOLUTION_FORMATS)
        kind = {"sparql-json": "json", "sparql-xml": "xml"}.get(fmt.name, fmt.name)
        text, n, cut = out.solutions(result, kind, limit)
        return fmt.media_type, text.encode(), n, cut
    fmt = negotiate(req.accept, None, GRAPH_FORMATS)
    body, n, cut = out.triples(result, out.GRAPH_TYPES[fmt.media_type], limit)
    return fmt.media_type, body, n, cut


def worker_main(conn: Connection, root: str, limit: int) -> None:
    """A query worker: answer requests from ``conn`` until it sends None."""
    import pyoxigraph as ox

    store: Any = None
    opened: Path | None = None
    while True:
        req = conn.recv()
        if req is None:
            return
        started = time.perf_counter()
        try:
            current = current_generation(Path(root))
            if current is None:
                conn.send(("error", NoSnapshot.code, "no SPARQL snapshot yet"))
                continue
            if current != opened:
                store, opened = ox.Store.read_only(str(current)), current
            media_type, body, n, cut = _answer(store, req, limit)
            took = time.perf_counter() - started
            conn.send(("ok", Answer(media_type, body, n, cut, took, current.name)))
        except NotAcceptable as e:
            conn.send(("error", e.code, str(e)))
        except SyntaxError as e:
            conn.send(("error", SparqlError.code, f"not a SPARQL 1.1 query: {e}"))
        except Exception as e:  # reported to the client, the worker lives on
            conn.send(("error", "QUERY_FAILED", f"{type(e).__name__}: {e}"))


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection


@dataclass
class SparqlService:
    """A pool of query workers over the snapshot in ``root``."""

    root: Path
    workers: int = 2
    timeout_s: float = 30.0
    max_results: int = 10_000
    _idle: queue.Queue[_Worker] = field(default_factory=queue.Queue)
    _started: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _spawn(self) -> _Worker:
        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe()
        process = ctx.Process(
            target=worker_main,
            args=(child, str(self.root), self.max_results),
            name="kg-sparql-worker",
            daemon=True,
        )
        process.start()
        child.close()
        return _Worker(process, parent)

    def _take(self, deadline: float) -> _Worker:
        with self._lock:
            if self._idle.empty() and self._started < self.workers:
                self._started += 1
                return self._spawn()
        try:
            return self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise SparqlTimeout(
                f"every query worker stayed busy for {self.timeout_s:g} s; try again later"
            ) from None

    def _kill(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.process.join(5)
        worker.conn.close()
        with self._lock:
            self._started -= 1

    def query(self, req: QueryRequest) -> Answer:
        """Run one query: its answer, or SparqlError / SparqlTimeout / NoSnapshot."""
        if len(req.query) > MAX_QUERY_CHARS:
            raise SparqlError(f"the query is longer than {MAX_QUERY_CHARS:,} characters")
        deadline = time.monotonic() + self.timeout_s
        worker = self._take(deadline)
        try:
            worker.conn.send(req)
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                self._kill(worker)
                raise SparqlTimeout(f"the query ran longer than {self.timeout_s:g} s")
            status, *rest = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as e:
            self._kill(worker)
            raise SparqlError(f"the query worker failed: {e}") from e
        self._idle.put(worker)
        if status == "ok":
            answer: Answer = rest[0]
            return answer
        code, message = rest
        if code == NoSnapshot.code:
            raise NoSnapshot(f"{message}; run `kg sparql refresh`")
        if code == NotAcceptable.code:
            raise NotAcceptable(message)
        raise SparqlError(message)

    def close(self) -> None:
        while not self._idle.empty():
            worker = self._idle.get_nowait()
            with contextlib.suppress(OSError):
                worker.conn.send(None)
            worker.process.join(2)
            if worker.process.is_alive():
                worker.process.kill()


def offered_types(kind: str) -> Sequence[str]:
    """Media types of answers to a query form: ``solutions`` or ``graph``."""
    names = SOLUTION_FORMATS if kind == "solutions" else GRAPH_FORMATS
    return [FORMATS[n].media_type for n in names]

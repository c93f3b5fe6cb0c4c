"""RDF over HTTP: the streamed dump at ``/rdf`` and dereferenceable instance IRIs.

Linked-data practice for IRIs that name things rather than documents: ``GET /id/{kind}/{id}``
answers ``303 See Other`` pointing at the document describing the thing,
``/doc/{kind}/{id}.{ext}`` (``ttl``, ``jsonld``, ``nt`` or ``html``), chosen by ``Accept`` or
``?format=``. Unknown resources are 404, formats we cannot serve 406. All reads go through the
app's read-only store.
"""

from __future__ import annotations

import datetime as dt
import itertools

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response, StreamingResponse

from kg.errors import KGError
from kg.rdf import describe
from kg.rdf.export import INSTANCE_KINDS, export_chunks, load_context, make_filters
from kg.rdf.html_view import render
from kg.rdf.negotiation import (
    DUMP_FORMATS,
    FORMATS,
    RESOURCE_FORMATS,
    Format,
    NotAcceptable,
    negotiate,
)
from kg.rdf.terms import Record
from kg.rdf.writers import make_writer, turtle_prefixes

router = APIRouter(tags=["rdf"])
DUMP_NAME = "conflict-kg"


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"error": {"code": code, "message": message}})


def _not_acceptable(e: KGError) -> JSONResponse:
    return _error(406, e.code, str(e))


def _not_found(what: str) -> JSONResponse:
    return _error(404, "NOT_FOUND", f"no resource {what}")


@router.get("/rdf", response_model=None)
def rdf_dump(
    request: Request,
    format: str | None = Query(None, description="turtle, ntriples, jsonld, trig or nquads"),
    type: list[str] = Query([], description="event type ids to keep"),
    date_from: dt.date | None = Query(None, alias="from"),
    date_to: dt.date | None = Query(None, alias="to"),
    source: str | None = Query(None),
) -> Response:
    """The whole graph (or the filtered part) as RDF, streamed as it is read."""
    try:
        fmt = negotiate(request.headers.get("accept"), format, DUMP_FORMATS)
    except NotAcceptable as e:
        return _not_acceptable(e)
    filters = make_filters(type, date_from, date_to, source)
    store = request.app.state.store
    chunks = export_chunks(store, request.app.state.settings.base_iri, fmt.name, filters)
    # Read the header and the first page now, so an unreachable database is a clean 503.
    head = list(itertools.islice(chunks, 2))
    return StreamingResponse(
        itertools.chain(head, chunks),
        media_type=fmt.content_type,
        headers={
            "Content-Disposition": f'attachment; filename="{DUMP_NAME}.{fmt.extension}"',
            "Vary": "Accept",
        },
    )


@router.get("/id/{kind}/{ident}", response_model=None)
def resource(request: Request, kind: str, ident: str, format: str | None = Query(None)) -> Response:
    """303 to the description of the resource in the negotiated format."""
    try:
        fmt = negotiate(request.headers.get("accept"), format, RESOURCE_FORMATS)
    except NotAcceptable as e:
        return _not_acceptable(e)
    labels = describe.kinds().get(kind)
    iri = f"{request.app.state.settings.base_iri}{kind}/{ident}"
    if labels is None or describe.find(request.app.state.store, iri, labels) is None:
        return _not_found(f"{kind}/{ident}")
    target = request.url_for("resource_document", kind=kind, name=f"{ident}.{fmt.extension}")
    return RedirectResponse(str(target), status_code=303, headers={"Vary": "Accept"})


def _format_for_extension(ext: str) -> Format | None:
    for name in RESOURCE_FORMATS:
        if FORMATS[name].extension == ext:
            return FORMATS[name]
    return None


@router.get("/doc/{kind}/{name}", response_model=None, name="resource_document")
def resource_document(request: Request, kind: str, name: str) -> Response:
    """The description of ``/id/{kind}/{id}`` in the format its extension names."""
    ident, _, ext = name.rpartition(".")
    fmt = _format_for_extension(ext)
    if not ident or fmt is None:
        return _not_found(f"document {kind}/{name} (extensions: ttl, jsonld, nt, html)")
    base = request.app.state.settings.base_iri
    records = describe.describe(request.app.state.store, base, kind, ident)
    if records is None:
        return _not_found(f"{kind}/{ident}")
    return Response(_serialise(records, fmt, base), media_type=fmt.content_type)


def _serialise(records: list[Record], fmt: Format, base: str) -> str:
    prefixes = turtle_prefixes(base, INSTANCE_KINDS)
    if fmt.name == "html":
        return render(records, prefixes)
    context, json_prefixes = load_context() if fmt.name == "jsonld" else (None, prefixes)
    writer = make_writer(fmt.name, json_prefixes, context)
    text, _ = writer.page(records)
    return writer.start() + text + writer.end()

"""RDF over HTTP: the streamed dump at ``/rdf`` and dereferenceable instance IRIs.

Linked-data practice for IRIs that name things rather than documents: ``GET /id/{kind}/{id}``
answers ``303 See Other`` pointing at the document describing the thing,
``/doc/{kind}/{id}.{ext}`` (``ttl``, ``jsonld``, ``nt`` or ``html``), chosen by ``Accept`` or
``?format=``. The resource is ``{namespace}{kind}/{id}`` in the dataset's own namespace (recorded
in the database, see ``kg.dataset``), whatever host the request reached and whatever
``KG_BASE_IRI`` says: moving the service changes where its pages link, never what its IRIs name.
Skolem IRIs (``/.well-known/genid/…``) are served the same way. Unknown resources are 404,
formats we cannot serve 406. All reads go through the app's read-only store.
"""

from __future__ import annotations

import datetime as dt
import itertools

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response, StreamingResponse

from kg.config import Settings
from kg.dataset import GENID, dataset_namespace, genid_base
from kg.errors import KGError
from kg.rdf import describe
from kg.rdf.export import INSTANCE_KINDS, export_chunks, load_context, make_filters
from kg.rdf.html_view import render
from kg.rdf.links import Links, origin
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
from kg.store import GraphStore

router = APIRouter(tags=["rdf"])
DUMP_NAME = "conflict-kg"
GENID_KIND = "genid"
"""``/doc/genid/{path}.{ext}``: the description of a Skolem IRI."""


def error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"error": {"code": code, "message": message}})


def not_acceptable(e: KGError) -> JSONResponse:
    return error(406, e.code, str(e))


def not_found(what: str) -> JSONResponse:
    return error(404, "NOT_FOUND", f"no resource {what}")


def _store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _namespace(request: Request) -> str:
    return dataset_namespace(_store(request), _settings(request))


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
        return not_acceptable(e)
    filters = make_filters(type, date_from, date_to, source)
    chunks = export_chunks(_store(request), _namespace(request), fmt.name, filters)
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


def _see_other(request: Request, kind: str, ident: str, fmt: Format) -> Response:
    target = request.url_for("resource_document", kind=kind, name=f"{ident}.{fmt.extension}")
    return RedirectResponse(str(target), status_code=303, headers={"Vary": "Accept"})


@router.get("/id/{kind}/{ident}", response_model=None)
def resource(request: Request, kind: str, ident: str, format: str | None = Query(None)) -> Response:
    """303 to the description of the resource in the negotiated format."""
    try:
        fmt = negotiate(request.headers.get("accept"), format, RESOURCE_FORMATS)
    except NotAcceptable as e:
        return not_acceptable(e)
    labels = describe.kinds().get(kind)
    iri = f"{_namespace(request)}{kind}/{ident}"
    if labels is None or describe.find(_store(request), iri, labels) is None:
        return not_found(f"{kind}/{ident}")
    return _see_other(request, kind, ident, fmt)


def _genid_iri(namespace: str, path: str) -> str:
    return f"{origin(genid_base(namespace))}{GENID}/{path}"


@router.get("/.well-known/genid/{path:path}", response_model=None)
def skolem_resource(request: Request, path: str, format: str | None = Query(None)) -> Response:
    """A Skolem IRI (a blank node of an imported file): 303 to its description."""
    try:
        fmt = negotiate(request.headers.get("accept"), format, RESOURCE_FORMATS)
    except NotAcceptable as e:
        return not_acceptable(e)
    iri = _genid_iri(_namespace(request), path)
    if describe.find(_store(request), iri, describe.ALL_LABELS) is None:
        return not_found(f"{GENID}/{path}")
    return _see_other(request, GENID_KIND, path, fmt)


def _format_for_extension(ext: str) -> Format | None:
    for name in RESOURCE_FORMATS:
        if FORMATS[name].extension == ext:
            return FORMATS[name]
    return None


@router.get("/doc/{kind}/{name:path}", response_model=None, name="resource_document")
def resource_document(request: Request, kind: str, name: str) -> Response:
    """The description of ``/id/{kind}/{id}`` in the format its extension names."""
    ident, _, ext = name.rpartition(".")
    fmt = _format_for_extension(ext)
    if not ident or fmt is None:
        return not_found(f"document {kind}/{name} (extensions: ttl, jsonld, nt, html)")
    namespace = _namespace(request)
    if kind == GENID_KIND:
        iri, labels = _genid_iri(namespace, ident), describe.ALL_LABELS
    else:
        iri, labels = f"{namespace}{kind}/{ident}", describe.kinds().get(kind, ())
    if "/" in ident and kind != GENID_KIND:
        return not_found(f"{kind}/{ident}")
    records = describe.describe(_store(request), iri, labels) if labels else None
    if records is None:
        return not_found(f"{kind}/{ident}")
    links = Links(namespace, _settings(request).base_iri)
    return Response(_serialise(records, fmt, links), media_type=fmt.content_type)


def _serialise(records: list[Record], fmt: Format, links: Links) -> str:
    prefixes = turtle_prefixes(links.namespace, INSTANCE_KINDS)
    if fmt.name == "html":
        return render(records, prefixes, links.href)
    context, json_prefixes = load_context() if fmt.name == "jsonld" else (None, prefixes)
    writer = make_writer(fmt.name, json_prefixes, context)
    text, _ = writer.page(records)
    return writer.start() + text + writer.end()

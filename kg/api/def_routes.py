"""The vocabulary over HTTP: the ontology at ``/def`` and every concept under it.

``https://w3id.org/conflict-kg/def`` is the ontology document: ``GET /def`` answers it in the
negotiated format (Turtle, JSON-LD, HTML, N-Triples or RDF/XML; ``Vary: Accept``), and its hash
terms (``…/def#Actor``) are sections of it (the HTML page has an anchor per term). Concepts of
the event type, ACLED and CAMEO schemes have slash IRIs, ``/def/{scheme}/{id}``: like instance
IRIs they answer ``303 See Other`` to ``/def/{scheme}/{id}.{ext}``. ``/def/{scheme}/`` lists a
scheme with its concepts. Unknown terms are 404, formats we cannot serve 406.
"""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from rdflib import Graph

from kg.api.rdf_routes import not_acceptable, not_found
from kg.config import Settings
from kg.rdf import ontology, ontology_html
from kg.rdf.links import Links
from kg.rdf.negotiation import FORMATS, VOCABULARY_FORMATS, Format, NotAcceptable, negotiate
from loaders.graph.vocabulary import DEFAULT_NAMESPACE

router = APIRouter(tags=["vocabulary"])


def _links(request: Request) -> Links:
    settings: Settings = request.app.state.settings
    return Links(DEFAULT_NAMESPACE, settings.base_iri)


def _answer(request: Request, graph: Graph, title: str, fmt: Format, vary: bool) -> Response:
    if fmt.name == "html":
        body = ontology_html.page(graph, title, _links(request).href)
    else:
        body = ontology.serialise(graph, fmt.name)
    headers = {"Vary": "Accept"} if vary else {}
    return Response(body, media_type=fmt.content_type, headers=headers)


def _extension(ext: str) -> Format | None:
    for name in VOCABULARY_FORMATS:
        if FORMATS[name].extension == ext:
            return FORMATS[name]
    return None


@router.get("/def", response_model=None)
def ontology_document(request: Request, format: str | None = Query(None)) -> Response:
    """The whole ontology (classes, properties, closed values, concept schemes)."""
    try:
        fmt = negotiate(request.headers.get("accept"), format, VOCABULARY_FORMATS)
    except NotAcceptable as e:
        return not_acceptable(e)
    response = _answer(request, ontology.ontology_graph(), "conflict-kg ontology", fmt, True)
    response.headers["Content-Location"] = f"/def.{fmt.extension}"
    return response


@router.get("/def.{ext}", response_model=None)
def ontology_file(request: Request, ext: str) -> Response:
    """The ontology in the format its extension names."""
    fmt = _extension(ext)
    if fmt is None:
        return not_found(f"def.{ext} (extensions: ttl, jsonld, html, nt, rdf)")
    return _answer(request, ontology.ontology_graph(), "conflict-kg ontology", fmt, False)


@router.get("/def/{scheme}/", response_model=None)
def concept_scheme(request: Request, scheme: str, format: str | None = Query(None)) -> Response:
    """A concept scheme (event types, ACLED or CAMEO entries) with all its concepts."""
    try:
        fmt = negotiate(request.headers.get("accept"), format, VOCABULARY_FORMATS)
    except NotAcceptable as e:
        return not_acceptable(e)
    graph = ontology.scheme_graph(scheme)
    if graph is None:
        return not_found(f"def/{scheme}/")
    return _answer(request, graph, f"conflict-kg: {scheme} scheme", fmt, True)


@router.get("/def/{scheme}/{name}", response_model=None)
def concept(request: Request, scheme: str, name: str, format: str | None = Query(None)) -> Response:
    """``/def/{scheme}/{id}``: 303 to the concept's description; ``/def/{scheme}/{id}.{ext}``:
    the description."""
    ident, dot, ext = name.rpartition(".")
    if dot and ontology.concept_iri(scheme, ident) is not None:
        fmt = _extension(ext)
        if fmt is None:
            return not_found(f"def/{scheme}/{name}")
        iri = ontology.concept_iri(scheme, ident)
        assert iri is not None
        return _answer(request, ontology.concept_graph(iri), str(iri), fmt, False)
    if ontology.concept_iri(scheme, name) is None:
        return not_found(f"def/{scheme}/{name}")
    try:
        fmt = negotiate(request.headers.get("accept"), format, VOCABULARY_FORMATS)
    except NotAcceptable as e:
        return not_acceptable(e)
    target = request.url_for("concept", scheme=scheme, name=f"{name}.{fmt.extension}")
    return RedirectResponse(str(target), status_code=303, headers={"Vary": "Accept"})

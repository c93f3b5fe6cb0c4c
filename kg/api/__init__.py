"""The HTTP service: FastAPI app, GraphQL schema, RDF and IRI routes."""

"""The ontology, SHACL shapes, JSON-LD context, Cypher constraints and GraphQL SDL, shipped as
package data (``loaders.schema``) and found through ``loaders.resources``."""

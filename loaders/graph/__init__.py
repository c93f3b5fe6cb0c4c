"""The graph contract that loaders produce and the service writes: namespaces and controlled
vocabularies, the one property-graph <-> RDF mapping, and graph batches."""

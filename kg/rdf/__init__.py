"""RDF views of the graph: dumps, import and dereferenceable resource descriptions.

Everything here translates through ``loaders.graph.mapping``; there is no second mapping. ``terms``
turns node rows into triples and back (pure), ``writers`` formats triples as text (pure), ``reader``
pages through Neo4j, ``export`` and ``importer`` tie them to the store, ``describe`` builds the
description of one resource and ``negotiation`` picks a format from an HTTP request.
"""

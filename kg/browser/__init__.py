"""Neo4j Browser support: the guide, the style sheet and the named queries they share."""

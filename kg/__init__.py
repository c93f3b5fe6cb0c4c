"""conflict-kg: a provenance-first knowledge graph of the war against the Islamic State in Syria."""

__version__ = "0.1.0"

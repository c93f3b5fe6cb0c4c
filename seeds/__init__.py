"""The seed articles and the reference data (actors, places, sources, dataset tables), shipped
as package data (``loaders.seeds``) and found through ``loaders.resources``."""

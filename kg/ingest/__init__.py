"""Ingest pipelines: reference data, articles and datasets into the store, with event
resolution. The I/O half of what ``loaders`` builds."""

"""Cypher builders for node look-ups and traversals, and the batched fetches behind them."""

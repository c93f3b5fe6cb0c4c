"""Articles as documents and claim rows, ready for their transaction (pure)."""

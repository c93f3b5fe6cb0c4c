"""Rule-based extraction of event and control claims from news text (pure functions)."""

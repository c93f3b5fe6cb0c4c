"""Event resolution rules: signatures, compatibility, assignment, and the in-memory indexes
of events and nearby places that a load keeps (pure)."""

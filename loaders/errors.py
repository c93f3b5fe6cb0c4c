"""The root of the project's errors, and the two that pure code raises.

Loaders raise ``InputError`` (an input file or row cannot be loaded) and ``MappingError`` (a
name is not part of the shared mapping). The service adds its own kinds in ``kg.errors``; all
share ``KGError`` and its stable ``code``, which the CLI turns into a message and an exit code
and the API into one JSON/GraphQL error shape.
"""

from __future__ import annotations


class KGError(Exception):
    """Root of every error the project raises on purpose."""

    code = "KG_ERROR"
    exit_code = 1
    stops_batch = False
    """True for errors no other input of the batch can escape (a server down): a batch stops
    on them instead of reporting every remaining input as failed for the same reason."""


class MappingError(KGError):
    """A label, relationship type or property is not part of the shared mapping."""

    code = "MAPPING_ERROR"


class InputError(KGError):
    """An input file or row cannot be loaded; the message names the input and the reason."""

    code = "INPUT_ERROR"

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        """Picklable, so that a worker process can return it (``--workers``)."""
        return (type(self), (self.source, self.reason))

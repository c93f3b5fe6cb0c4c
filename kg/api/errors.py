"""API errors and their stable ``extensions.code`` values.

Clients switch on ``extensions.code``, never on messages. Resolvers raise ``KGError``
subclasses; ``ErrorCodes`` copies their code onto the GraphQL error and hides the message of
anything unexpected (it is logged instead), so internals never reach a client.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import strawberry
from graphql.error import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext

from kg.errors import KGError, Neo4jUnavailable
from kg.store import QueryError

log = logging.getLogger(__name__)

INTERNAL = "INTERNAL_ERROR"
INVALID_QUERY = "GRAPHQL_VALIDATION_FAILED"
SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
UNAVAILABLE_MESSAGE = "the database is not available right now; try again in a moment"
"""What a client is told when Neo4j cannot be reached: no address, no driver detail."""


class BadArgument(KGError):
    """An argument is invalid; the message names it and says why."""

    code = "BAD_ARGUMENT"

    def __init__(self, argument: str, reason: str) -> None:
        super().__init__(f"invalid argument {argument}: {reason}")
        self.argument = argument


class RequestTimeout(KGError):
    """The request did not finish within the server-side time budget."""

    code = "TIMEOUT"

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"the request took longer than the server's limit of {seconds:g} s; "
            "narrow the filter or ask for fewer results"
        )


def code_of(error: GraphQLError) -> str:
    """The stable code of an error: the project's own, or a generic one."""
    original = error.original_error
    if original is None:
        existing = (error.extensions or {}).get("code")
        return str(existing) if existing else INVALID_QUERY
    if isinstance(original, Neo4jUnavailable):
        return SERVICE_UNAVAILABLE
    if isinstance(original, KGError) and not isinstance(original, QueryError):
        return original.code
    return INTERNAL


def with_code(error: GraphQLError) -> GraphQLError:
    code = code_of(error)
    if code == SERVICE_UNAVAILABLE:
        log.warning("GraphQL %s: %s", error.path, error.original_error)
        return GraphQLError(
            UNAVAILABLE_MESSAGE, nodes=error.nodes, path=error.path, extensions={"code": code}
        )
    if code == INTERNAL:
        log.error("unexpected error in %s", error.path, exc_info=error.original_error)
        return GraphQLError(
            "internal error; it has been logged",
            nodes=error.nodes,
            path=error.path,
            extensions={"code": INTERNAL},
        )
    error.extensions = {**(error.extensions or {}), "code": code}
    return error


class ErrorCodes(SchemaExtension):
    """Give every error of a response its stable ``extensions.code``."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if result is not None and errors:
            result.errors = [with_code(e) for e in errors]


class Schema(strawberry.Schema):
    """Strawberry's schema, logging the errors it expects (the project's own, bad queries) as
    one line; only unexpected ones keep their traceback."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            original = error.original_error
            if original is None or isinstance(original, KGError):
                log.info("GraphQL error at %s: %s", error.path, error.message)
            else:
                super().process_errors([error], execution_context)

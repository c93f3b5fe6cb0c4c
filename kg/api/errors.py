"""API errors and their stable ``extensions.code`` values.

Clients switch on ``extensions.code``, never on messages. Resolvers raise ``KGError``
subclasses; ``error_dict`` turns every GraphQL error of an answer into the response's shape
with its code, hides the message of anything unexpected (logged once, with its traceback),
and clips messages so that a huge argument never travels back to the client or into the log.
"""

from __future__ import annotations

import logging
from typing import Any

from graphql.error import GraphQLError

from kg.errors import KGError, Neo4jUnavailable
from kg.store import QueryError

log = logging.getLogger(__name__)

INTERNAL = "INTERNAL_ERROR"
SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
UNAVAILABLE_MESSAGE = "the database is not available right now; try again in a moment"
"""What a client is told when Neo4j cannot be reached: no address, no driver detail."""
INVALID_QUERY = "GRAPHQL_VALIDATION_FAILED"
PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
TOO_MANY_TOKENS = "TOO_MANY_TOKENS"
BAD_VARIABLES = "BAD_VARIABLES"
MAX_SHOWN = 80
"""Characters of a client's value quoted back in a message."""
MAX_MESSAGE = 400
"""Characters of any message sent or logged."""


def clip(value: Any, limit: int = MAX_SHOWN) -> str:
    """``repr`` of a client's value, cut to ``limit`` characters with the length said."""
    text = repr(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text)} characters)"


def clip_message(message: str) -> str:
    if len(message) <= MAX_MESSAGE:
        return message
    return f"{message[:MAX_MESSAGE]}... (cut from {len(message)} characters)"


class BadArgument(KGError):
    """An argument is invalid; the message names it and says why."""

    code = "BAD_ARGUMENT"

    def __init__(self, argument: str, reason: str, **extensions: Any) -> None:
        super().__init__(clip_message(f"invalid argument {argument}: {reason}"))
        self.argument = argument
        self.extensions = extensions


class RequestTimeout(KGError):
    """The request did not finish within the server-side time budget."""

    code = "TIMEOUT"

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"the request took longer than the server's limit of {seconds:g} s; "
            "narrow the filter or ask for fewer results"
        )


class ClientGone(KGError):
    """The client closed the connection; the request's work was stopped."""

    code = "CLIENT_CLOSED_REQUEST"


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


def error_dict(error: GraphQLError) -> dict[str, Any]:
    """One error of a response: message (clipped, or masked when unexpected), locations,
    path and ``extensions`` with the code."""
    code = code_of(error)
    extensions: dict[str, Any] = {**(error.extensions or {}), "code": code}
    original = error.original_error
    if code == INTERNAL:
        log.error("unexpected error in %s", error.path, exc_info=original)
        message, extensions = "internal error; it has been logged", {"code": INTERNAL}
    elif code == SERVICE_UNAVAILABLE:
        log.warning("GraphQL %s: %s", error.path, original)
        message, extensions = UNAVAILABLE_MESSAGE, {"code": code}
    else:
        message = clip_message(error.message)
        if isinstance(original, BadArgument):
            extensions.update(original.extensions)
    out: dict[str, Any] = {"message": message}
    if error.locations:
        out["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
    if error.path:
        out["path"] = error.path
    out["extensions"] = extensions
    return out


def request_error(code: str, message: str) -> dict[str, Any]:
    """An error of the request itself (HTTP level), in the GraphQL error shape."""
    return {"message": clip_message(message), "extensions": {"code": code}}

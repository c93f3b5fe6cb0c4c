"""The one family of errors the project raises.

Library code raises these; the CLI turns them into a message and an exit code, the API into one
JSON/GraphQL error shape. Each carries a stable ``code`` that clients can switch on.
"""

from __future__ import annotations

from loaders.errors import InputError, KGError, MappingError

__all__ = [
    "ConfigError",
    "InputError",
    "KGError",
    "LauncherError",
    "MappingError",
    "Neo4jUnavailable",
    "ParseFailed",
    "ParserUnavailable",
    "ValidationError",
]


class ConfigError(KGError):
    """A setting is missing or invalid (e.g. NEO4J_URI set without NEO4J_PASSWORD)."""

    code = "CONFIG_ERROR"
    exit_code = 2


class Neo4jUnavailable(KGError):
    """Neo4j did not answer, refused the credentials, or dropped the connection."""

    code = "NEO4J_UNAVAILABLE"
    exit_code = 3
    stops_batch = True


class LauncherError(KGError):
    """A local server (Neo4j, CoreNLP) could not be fetched, started or stopped."""

    code = "LAUNCHER_ERROR"
    exit_code = 4


class ParserUnavailable(KGError):
    """The CoreNLP server did not answer; the message names its URL and how to start it."""

    code = "PARSER_UNAVAILABLE"
    exit_code = 5
    stops_batch = True


class ParseFailed(KGError):
    """The CoreNLP server answered a parse request with an error (text too long, bad option)."""

    code = "PARSE_FAILED"


class ValidationError(KGError):
    """Data failed validation (SHACL, reference data checks); nothing was written."""

    code = "VALIDATION_ERROR"

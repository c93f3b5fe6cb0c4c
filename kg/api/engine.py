"""One GraphQL request, from its text to the bytes of its answer, in a worker thread.

Parsing (bounded by ``KG_MAX_TOKENS``), validation (the standard rules plus the limits of
``kg.api.limits``), execution and serialisation all run here, off the event loop: a slow or
hostile request holds one worker thread, while ``/health`` and other requests keep being
answered. Each thread runs execution on its own event loop (resolvers are coroutines so that
DataLoaders can batch); Cypher reads call the driver directly. The request's deadline covers
all of it: objects are not started past it (``Context.check``), and an answer that is ready
too late is replaced by a ``TIMEOUT`` error. Parsed and validated documents are cached.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeGuard, cast

import orjson
import strawberry
from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    NoSchemaIntrospectionCustomRule,
    OperationType,
    execute,
    get_operation_ast,
    parse,
    specified_rules,
    validate,
)
from graphql.validation import ASTValidationRule
from strawberry.execution import optimized_is_awaitable
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from kg.api.context import Context
from kg.api.errors import (
    BAD_VARIABLES,
    PARSE_FAILED,
    TOO_MANY_TOKENS,
    clip,
    error_dict,
    request_error,
)
from kg.api.limits import Caps, aliases_rule, limits_rule
from kg.config import Settings
from kg.errors import KGError

CACHED_DOCUMENTS = 256
"""Parsed and validated documents kept (LRU): frontends send the same few queries over and over,
and parsing plus validation (limits included) cost as much as executing them."""


@dataclass(frozen=True)
class GraphQLRequest:
    """The parameters of a GraphQL-over-HTTP request, checked for type by ``kg.api.http``."""

    query: str
    variables: dict[str, Any] | None = None
    operation_name: str | None = None
    method: str = "POST"


@dataclass
class Answer:
    """What the HTTP layer sends: the serialised body and how the request fared."""

    body: bytes
    has_data: bool
    """False when the request failed before execution (parse, validation, variables)."""
    codes: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    not_a_query_for_get: bool = False


class Executor(StrawberryGraphQLCoreExecutionContext):
    """Checks the request's deadline and cancellation before each object's fields."""

    def execute_fields(self, *args: Any, **kwargs: Any) -> Any:
        self.context_value.check()
        return super().execute_fields(*args, **kwargs)


_local = threading.local()


def _loop() -> asyncio.AbstractEventLoop:
    """This worker thread's event loop, made on first use."""
    loop: asyncio.AbstractEventLoop | None = getattr(_local, "loop", None)
    if loop is None:
        loop = _local.loop = asyncio.new_event_loop()
    return loop


def answer_of(errors: list[dict[str, Any]], data: Any = None, has_data: bool = True) -> Answer:
    payload: dict[str, Any] = {"data": data} if has_data else {}
    if errors:
        payload["errors"] = errors
    return Answer(
        body=orjson.dumps(payload),
        has_data=has_data,
        codes=[e["extensions"]["code"] for e in errors],
        messages=[e["message"] for e in errors],
    )


def stopped_answer(reason: KGError) -> Answer:
    return answer_of([request_error(reason.code, str(reason))], None)


class Engine:
    """Parses, validates and executes requests against one schema with one set of limits."""

    def __init__(self, schema: strawberry.Schema, settings: Settings) -> None:
        caps = Caps(depth=settings.max_depth, cost=settings.max_cost, aliases=settings.max_aliases)
        rules: list[type[ASTValidationRule]] = [
            *specified_rules,
            limits_rule(caps),
            aliases_rule(caps),
        ]
        if settings.production:
            rules.append(NoSchemaIntrospectionCustomRule)
        self.schema = schema._schema
        self.rules = tuple(rules)
        self.max_tokens = settings.max_tokens
        self.prepare = lru_cache(maxsize=CACHED_DOCUMENTS)(self._prepare)

    def _prepare(self, query: str) -> tuple[DocumentNode | None, tuple[GraphQLError, ...]]:
        """The parsed document and its validation errors (a syntax error: no document)."""
        try:
            document = parse(query, max_tokens=self.max_tokens)
        except GraphQLError as e:
            too_long = "tokens. Parsing aborted" in e.message
            e.extensions = {"code": TOO_MANY_TOKENS if too_long else PARSE_FAILED}
            return None, (e,)
        return document, tuple(validate(self.schema, document, self.rules))

    def run(self, request: GraphQLRequest, ctx: Context) -> Answer:
        """Answer one request within ``ctx``'s deadline (blocking; call it in a thread)."""
        try:
            ctx.check()
            document, errors = self.prepare(request.query)
            if document is None or errors:
                return answer_of([error_dict(e) for e in errors], has_data=False)
            operation = get_operation_ast(document, request.operation_name)
            if operation is None:
                return answer_of([_no_operation(request.operation_name)], has_data=False)
            if request.method == "GET" and operation.operation != OperationType.QUERY:
                answer = answer_of([_get_needs_query()], has_data=False)
                answer.not_a_query_for_get = True
                return answer
            result = self._execute(document, request, ctx)
            ctx.check()
            answer = self._serialise(result)
            ctx.check()
            return answer
        except KGError as e:
            if ctx.stopped is not None:
                return stopped_answer(ctx.stopped)
            raise e

    def _execute(self, document: DocumentNode, request: GraphQLRequest, ctx: Context) -> Any:
        result = execute(
            self.schema,
            document,
            context_value=ctx,
            variable_values=request.variables,
            operation_name=request.operation_name,
            executor_class=Executor,
            is_awaitable=cast(Callable[[Any], TypeGuard[Awaitable[Any]]], optimized_is_awaitable),
        )
        if isinstance(result, Awaitable):
            return _loop().run_until_complete(result)
        return result

    def _serialise(self, result: ExecutionResult) -> Answer:
        errors = [error_dict(e) for e in result.errors or ()]
        if result.data is None and errors and all("path" not in e for e in errors):
            # Variables that do not coerce: the request failed before execution.
            for e in errors:
                if e["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED":
                    e["extensions"]["code"] = BAD_VARIABLES
            return answer_of(errors, has_data=False)
        return answer_of(errors, result.data)


def _no_operation(name: str | None) -> dict[str, Any]:
    if name:
        return request_error("BAD_REQUEST", f"the document has no operation named {clip(name)}")
    return request_error(
        "BAD_REQUEST", "the document has several operations: say which in operationName"
    )


def _get_needs_query() -> dict[str, Any]:
    return request_error("METHOD_NOT_ALLOWED", "GET requests may only run query operations")

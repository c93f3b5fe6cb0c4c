"""Limits that keep a public API safe: depth, cost, page size and aliases.

A query is checked before it runs: its depth (fields nested in fields) and its cost (every
field counts one, and a field with a ``first`` argument multiplies the cost of what is under
it by that page size, or by its default, or by ``MAX_PAGE`` when it comes from a variable).
Each limit answers with a GraphQL error whose ``extensions.code`` says which one was hit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
    get_named_type,
)
from strawberry.extensions import AddValidationRules, SchemaExtension
from strawberry.extensions.max_aliases import create_validator

from kg.api.errors import BadArgument

MAX_PAGE = 100
MAX_DEPTH = 10
MAX_COST = 25_000
MAX_ALIASES = 15


def check_page(argument: str, value: int) -> int:
    """Page sizes are between 0 and ``MAX_PAGE``."""
    if not 0 <= value <= MAX_PAGE:
        raise BadArgument(argument, f"must be between 0 and {MAX_PAGE}, got {value}")
    return value


def _multiplier(node: FieldNode, parent: GraphQLNamedType | None) -> int:
    for arg in node.arguments or ():
        if arg.name.value == "first":
            return int(arg.value.value) if isinstance(arg.value, IntValueNode) else MAX_PAGE
    if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
        field = parent.fields.get(node.name.value)
        if field is not None and "first" in field.args:
            default = field.args["first"].default_value
            return int(default) if isinstance(default, int) else MAX_PAGE
    return 1


class _Measure:
    """Depth and cost of a selection set, following fragments once per path."""

    def __init__(self, fragments: dict[str, FragmentDefinitionNode], schema: Any) -> None:
        self.fragments = fragments
        self.schema = schema

    def walk(
        self, sel: SelectionSetNode | None, parent: GraphQLNamedType | None, seen: frozenset[str]
    ) -> tuple[int, int]:
        depth, cost = 0, 0
        for node in sel.selections if sel else ():
            if isinstance(node, FieldNode):
                d, c = self.field(node, parent, seen)
            elif isinstance(node, InlineFragmentNode):
                cond = node.type_condition
                inner = self.schema.get_type(cond.name.value) if cond else parent
                d, c = self.walk(node.selection_set, inner, seen)
            elif isinstance(node, FragmentSpreadNode):
                name = node.name.value
                frag = self.fragments.get(name)
                if frag is None or name in seen:
                    continue
                inner = self.schema.get_type(frag.type_condition.name.value)
                d, c = self.walk(frag.selection_set, inner, seen | {name})
            else:
                continue
            depth, cost = max(depth, d), cost + c
        return depth, cost

    def field(
        self, node: FieldNode, parent: GraphQLNamedType | None, seen: frozenset[str]
    ) -> tuple[int, int]:
        if node.name.value.startswith("__"):
            return 0, 1
        child: GraphQLNamedType | None = None
        if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            field = parent.fields.get(node.name.value)
            child = get_named_type(field.type) if field else None
        d, c = self.walk(node.selection_set, child, seen)
        return d + 1, 1 + _multiplier(node, parent) * c


class QueryLimits(ValidationRule):
    """Reject an operation deeper than ``MAX_DEPTH`` or costlier than ``MAX_COST``."""

    def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
        doc = self.context.document
        fragments = {
            d.name.value: d for d in doc.definitions if isinstance(d, FragmentDefinitionNode)
        }
        schema = self.context.schema
        root = schema.get_root_type(node.operation)
        depth, cost = _Measure(fragments, schema).walk(node.selection_set, root, frozenset())
        if depth > MAX_DEPTH:
            self.report_error(
                GraphQLError(
                    f"the query is {depth} levels deep; the limit is {MAX_DEPTH}",
                    node,
                    extensions={"code": "QUERY_TOO_DEEP"},
                )
            )
        elif cost > MAX_COST:
            self.report_error(
                GraphQLError(
                    f"the query could return about {cost} values; the limit is {MAX_COST}:"
                    " ask for smaller pages (first) or fewer nested fields",
                    node,
                    extensions={"code": "QUERY_TOO_COSTLY"},
                )
            )


MaxAliases = create_validator(MAX_ALIASES)
"""The alias limit as one rule class, made once: a class per request would make every request's
validation rules differ and defeat the validation cache (``kg.api.schema``)."""


def limit_extensions() -> list[type[SchemaExtension] | Callable[[], SchemaExtension]]:
    """The schema extensions that enforce the limits."""
    return [lambda: AddValidationRules([QueryLimits, MaxAliases])]

"""Limits that keep a public API safe: page size, depth, cost and aliases, checked before a
query runs (tokens and body bytes are checked earlier, by ``kg.api.engine`` and
``kg.api.http``).

The cost of an operation is the number of values it could return. Every field counts one;
a field that returns a list multiplies what is under it by the most items that list can hold:
its ``first`` argument when written in the query, the largest page (``MAX_PAGE``) when it comes
from a variable, its default when left out, and for lists without ``first`` the bound of
``LIST_BOUNDS`` (which the resolvers enforce). Lists nest multiplicatively. A connection
multiplies once, at the connection field: its ``edges`` and ``nodes`` hold that page.
Fragments are measured once each (memoised), so the walk is linear in the document however
often a fragment is spread. Each limit answers with its own ``extensions.code``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    get_named_type,
)

from kg.api.errors import BadArgument

MAX_PAGE = 100
"""Largest page of a connection or a list with ``first``."""

LIST_BOUNDS: dict[tuple[str, str], int] = {
    # Lists a resolver cuts at this length; every list field of the schema is either here or
    # has a ``first`` argument (a test checks it).
    ("Event", "types"): 20,
    ("Event", "attackers"): 20,
    ("Event", "targets"): 20,
    ("Event", "participants"): 20,
    ("Event", "places"): 20,
    ("Event", "casualties"): 50,
    ("Claim", "eventTypes"): 20,
    ("Claim", "casualties"): 20,
    ("Attribution", "organisations"): 10,
    ("Attribution", "relays"): 1,
    ("Attribution", "chain"): 12,
    ("ControlClaim", "controllers"): 20,
    ("ControlClaim", "places"): 50,
    ("Actor", "aliases"): 50,
    ("Actor", "partOf"): 20,
    ("Place", "aliases"): 50,
    ("Place", "partOf"): 20,
    ("Source", "aliases"): 50,
    ("AttackCell", "casualties"): 20,
    ("AttackCell", "sources"): 20,
    ("Query", "control"): 20,
    ("Bucket", "keys"): 2,
    ("Query", "whoAttackedWhom"): 100,
    ("Aggregate", "buckets"): 1,
    ("BadName", "candidates"): 10,
}
CONNECTION_LISTS = frozenset({"edges", "nodes"})
"""Lists of a connection: the connection field has multiplied by the page already."""

WEIGHTS: dict[tuple[str, str], tuple[str, int, int, int]] = {
    # Scalars worth more than one value: (argument, its default, its largest value, values
    # per unit of it).
    ("Document", "text"): ("length", 20_000, 100_000, 1_000),
    ("Query", "eventsGeoJSON"): ("first", 1_000, 5_000, 1),
}
FIRST_CAPS: dict[tuple[str, str], int] = {
    # Fields whose ``first`` may exceed MAX_PAGE.
    ("Query", "aggregate"): 1_000,
}
"""A document's text counts one value per 1,000 characters asked; a GeoJSON answer one per
feature (each a handful of values, kept together)."""


@dataclass(frozen=True)
class Caps:
    """The limits of one schema (``Settings``: ``KG_MAX_DEPTH``, ``KG_MAX_COST``...)."""

    depth: int = 10
    cost: int = 50_000
    aliases: int = 15


def check_page(argument: str, value: int) -> int:
    """Page sizes are between 0 and ``MAX_PAGE``."""
    if not 0 <= value <= MAX_PAGE:
        raise BadArgument(argument, f"must be between 0 and {MAX_PAGE}, got {value}")
    return value


def _is_list(kind: GraphQLOutputType) -> bool:
    if isinstance(kind, GraphQLNonNull):
        kind = kind.of_type
    return isinstance(kind, GraphQLList)


def _argument(node: FieldNode, field: GraphQLField, name: str, cap: int) -> int | None:
    """An integer argument as written, ``cap`` when it comes from a variable, else its
    default (None when the field has no such argument)."""
    for arg in node.arguments or ():
        if arg.name.value == name:
            return int(arg.value.value) if isinstance(arg.value, IntValueNode) else cap
    if name not in field.args:
        return None
    default = field.args[name].default_value
    return int(default) if isinstance(default, int) else cap


def multiplier(parent: str, node: FieldNode, field: GraphQLField) -> int:
    """How many times a field's selection can be answered."""
    name = node.name.value
    cap = FIRST_CAPS.get((parent, name), MAX_PAGE)
    first = _argument(node, field, "first", cap)
    if first is not None and (parent, name) not in WEIGHTS:
        return max(0, min(first, cap))
    if not _is_list(field.type):
        return 1
    if name in CONNECTION_LISTS and parent.endswith("Connection"):
        return 1
    return LIST_BOUNDS.get((parent, name), MAX_PAGE)


def weight(parent: str, node: FieldNode, field: GraphQLField) -> int:
    """Values a leaf counts for: one, or the ``WEIGHTS`` of large scalars."""
    rule = WEIGHTS.get((parent, node.name.value))
    if rule is None:
        return 1
    arg, default, largest, per = rule
    value = _argument(node, field, arg, largest)
    value = default if value is None else min(value, largest)
    return max(1, -(-value // per))


class _Measure:
    """Depth and cost of selection sets; each fragment is measured once."""

    def __init__(self, schema: GraphQLSchema, document: DocumentNode) -> None:
        self.schema = schema
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.memo: dict[str, tuple[int, int]] = {}

    def walk(
        self, sel: SelectionSetNode | None, parent: GraphQLNamedType | None
    ) -> tuple[int, int]:
        depth, cost = 0, 0
        for node in sel.selections if sel else ():
            if isinstance(node, FieldNode):
                d, c = self.field(node, parent)
            elif isinstance(node, InlineFragmentNode):
                cond = node.type_condition
                inner = self.schema.get_type(cond.name.value) if cond else parent
                d, c = self.walk(node.selection_set, inner)
            elif isinstance(node, FragmentSpreadNode):
                d, c = self.fragment(node.name.value)
            else:
                continue
            depth, cost = max(depth, d), cost + c
        return depth, cost

    def fragment(self, name: str) -> tuple[int, int]:
        if name in self.memo:
            return self.memo[name]
        frag = self.fragments.get(name)
        # A cycle reads (0, 0) here; the NoFragmentCycles rule reports it.
        self.memo[name] = (0, 0)
        if frag is not None:
            inner = self.schema.get_type(frag.type_condition.name.value)
            self.memo[name] = self.walk(frag.selection_set, inner)
        return self.memo[name]

    def field(self, node: FieldNode, parent: GraphQLNamedType | None) -> tuple[int, int]:
        if node.name.value.startswith("__"):
            # Introspection (GraphiQL's schema query nests ofType 15 deep) is bounded by the
            # standard MaxIntrospectionDepthRule, and off in production.
            return 0, 1
        if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            d, c = self.walk(node.selection_set, None)
            return d + 1, 1 + c
        field = parent.fields.get(node.name.value)
        if field is None:
            return 1, 1  # unknown fields are reported by the standard rules
        if node.selection_set is None:
            return 1, weight(parent.name, node, field)
        d, c = self.walk(node.selection_set, get_named_type(field.type))
        return d + 1, 1 + multiplier(parent.name, node, field) * c


def measure(
    schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode
) -> tuple[int, int]:
    """Depth and cost of one operation of a document."""
    root = schema.get_root_type(operation.operation)
    return _Measure(schema, document).walk(operation.selection_set, root)


def limits_rule(caps: Caps) -> type[ValidationRule]:
    """A validation rule rejecting operations deeper or costlier than ``caps`` allow."""

    class QueryLimits(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            depth, cost = measure(self.context.schema, self.context.document, node)
            if depth > caps.depth:
                self.report_error(
                    GraphQLError(
                        f"the query is {depth} levels deep; the limit is {caps.depth}",
                        node,
                        extensions={"code": "QUERY_TOO_DEEP"},
                    )
                )
            elif cost > caps.cost:
                self.report_error(
                    GraphQLError(
                        f"the query could return about {cost} values; the limit is {caps.cost}:"
                        " ask for smaller pages (first) or fewer nested fields",
                        node,
                        extensions={"code": "QUERY_TOO_COSTLY"},
                    )
                )

    return QueryLimits


def aliases_rule(caps: Caps) -> type[ValidationRule]:
    """A validation rule rejecting documents with more than ``caps.aliases`` aliases."""

    class MaxAliases(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.count = 0

        def enter_field(self, node: FieldNode, *_: Any) -> None:
            if node.alias is not None:
                self.count += 1

        def leave_document(self, node: Any, *_: Any) -> None:
            if self.count > caps.aliases:
                self.report_error(
                    GraphQLError(
                        f"the document has {self.count} aliases; the limit is {caps.aliases}",
                        extensions={"code": "TOO_MANY_ALIASES"},
                    )
                )

    return MaxAliases

"""Measures one GraphQL operation: depth, aliases, root fields and estimated cost.

The walk follows fragment spreads (each spread counts again, as it runs again) with one
memo per fragment, so a "fragment bomb" (fragments spreading others many times) is measured
in linear time and its huge counts come out as numbers to refuse, not as work.

* **depth**: the longest chain of nested fields, leaves included (``{ me { number } }`` is
  2); introspection fields count like any other, except ``__Type.ofType``: its chain only
  walks a type's wrappers (``[Payment!]!`` is three levels, then null), and the standard
  introspection queries (GraphiQL's, graphql-core's) ask for nine levels of it.
* **aliases**: aliased fields, fragments expanded.
* **rootFields**: fields of the operation's own selection set, fragments expanded.
* **cost**: every selected field costs 1, times the page sizes of the connections above
  it. A connection is a field with a ``first`` argument: its ``edges`` / ``nodes`` cost
  ``first`` times over (the argument, its variable, the variable's default, the schema's
  default, else 20); ``totalCount`` and ``pageInfo`` once. Plain lists (a member's
  beneficiaries, a payment's lines) are bounded by the data, not by the client: factor 1.
  A ``first`` above 100 is recorded in :attr:`Walker.oversized` (the resolvers would
  refuse it anyway) and counted as 100.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLArgument,
    GraphQLField,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValueNode,
    VariableNode,
    get_named_type,
    is_composite_type,
)

from gateway.limits.settings import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

# Past this nesting the walk stops (and the depth check fails): it keeps the recursion of
# the walk far below Python's limit whatever the document.
NESTING_STOP = 64
LISTED = frozenset({"edges", "nodes"})


@dataclass(frozen=True, slots=True)
class Shape:
    """The measures of a selection set (or of one field, as a set of one)."""

    depth: int = 0
    aliases: int = 0
    fields: int = 0  # fields directly in the set, fragments expanded
    cost: int = 0
    listed: int = 0  # the part of ``cost`` due to top-level ``edges`` / ``nodes``

    def __add__(self, other: Shape) -> Shape:
        return Shape(
            max(self.depth, other.depth),
            self.aliases + other.aliases,
            self.fields + other.fields,
            self.cost + other.cost,
            self.listed + other.listed,
        )


class Walker:
    """Measures the operations of one document, with the request's variables."""

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any] | None = None,
        *,
        default_page_size: int = DEFAULT_PAGE_SIZE,
        max_page_size: int = MAX_PAGE_SIZE,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables or {}
        self.default_page_size = default_page_size
        self.max_page_size = max_page_size
        self.oversized: list[tuple[FieldNode, int]] = []
        self.truncated = False  # the walk stopped at NESTING_STOP
        self._defaults: dict[str, ValueNode] = {}
        self._memo: dict[str, Shape] = {}
        self._active: set[str] = set()

    def operation(self, operation: OperationDefinitionNode) -> Shape:
        """The operation's measures (fragments memoised per operation: variables differ)."""
        self._memo.clear()
        self._defaults = {
            definition.variable.name.value: definition.default_value
            for definition in operation.variable_definitions or ()
            if definition.default_value is not None
        }
        root = self.schema.get_root_type(operation.operation)
        return self._selection_set(operation.selection_set, root, 0)

    def _selection_set(
        self, selection_set: SelectionSetNode, parent: GraphQLNamedType | None, nesting: int
    ) -> Shape:
        total = Shape()
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self._field(selection, parent, nesting)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                total += self._selection_set(selection.selection_set, inner, nesting)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._fragment(selection.name.value, nesting)
        return total

    def _fragment(self, name: str, nesting: int) -> Shape:
        known = self._memo.get(name)
        if known is not None:
            return known
        definition = self.fragments.get(name)
        if definition is None or name in self._active:  # unknown or a cycle: rules say so
            return Shape()
        self._active.add(name)
        try:
            condition = self.schema.get_type(definition.type_condition.name.value)
            shape = self._selection_set(definition.selection_set, condition, nesting)
        finally:
            self._active.discard(name)
        self._memo[name] = shape
        return shape

    def _field(self, node: FieldNode, parent: GraphQLNamedType | None, nesting: int) -> Shape:
        name = node.name.value
        definition = (
            self.schema.get_field(parent, name)
            if parent is not None and is_composite_type(parent)
            else None
        )
        aliases = 1 if node.alias is not None else 0
        own_depth = 0 if name == "ofType" and getattr(parent, "name", None) == "__Type" else 1
        if node.selection_set is None:
            return Shape(own_depth, aliases, 1, 1, 1 if name in LISTED else 0)
        if nesting >= NESTING_STOP:
            self.truncated = True
            child = Shape()
        else:
            inner = get_named_type(definition.type) if definition is not None else None
            child = self._selection_set(node.selection_set, inner, nesting + 1)
        page = self._page_size(node, definition)
        if page is None:
            cost = 1 + child.cost
        elif _is_list(definition):  # a list with ``first``: every item is paged
            cost = 1 + page * child.cost
        else:
            cost = 1 + (child.cost - child.listed) + page * child.listed
        return Shape(
            own_depth + child.depth,
            aliases + child.aliases,
            1,
            cost,
            cost if name in LISTED else 0,
        )

    def _page_size(self, node: FieldNode, definition: GraphQLField | None) -> int | None:
        """``first`` of a connection field, None for other fields."""
        if definition is None or "first" not in definition.args:
            return None
        value: int | None = None
        for argument in node.arguments or ():
            if argument.name.value == "first":
                value = self._int_value(argument.value)
        if value is None:
            value = self._schema_default(definition.args["first"])
        if value > self.max_page_size:
            self.oversized.append((node, value))
            value = self.max_page_size
        return max(0, value)

    def _schema_default(self, argument: GraphQLArgument) -> int:
        """The argument's default in the schema (Strawberry's coerced value, or the SDL's
        literal), else the gateway's default page size."""
        value = _as_int(argument.default_value)
        default = getattr(argument, "default", None)  # graphql-core 3.3: GraphQLDefaultInput
        literal = getattr(default, "literal", None)
        if value is None and isinstance(literal, ValueNode):
            value = self._int_value(literal)
        if value is None:
            value = _as_int(getattr(default, "value", None))
        return self.default_page_size if value is None else value

    def _int_value(self, value: ValueNode) -> int | None:
        if isinstance(value, VariableNode):
            name = value.name.value
            if name in self.variables:
                return _as_int(self.variables[name])
            default = self._defaults.get(name)
            return self._int_value(default) if default is not None else None
        if isinstance(value, IntValueNode):
            return _as_int(value.value)
        return None  # null, or a wrong type that validation reports


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return None
    return None


def _is_list(definition: GraphQLField | None) -> bool:
    field_type = definition.type if definition is not None else None
    if isinstance(field_type, GraphQLNonNull):
        field_type = field_type.of_type
    return isinstance(field_type, GraphQLList)

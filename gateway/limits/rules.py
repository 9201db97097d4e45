"""Query limits as graphql-core validation rules, run by a Strawberry schema extension.

:func:`query_limits` returns the extension the gateway's schema runs (``served_schema``).
For each operation it:

* parses with a token limit (``max_tokens``, comments included); the parser's "too many
  tokens" and "nested too deeply" syntax errors become QUERY_TOO_COMPLEX;
* validates with :class:`ShapeRule` (depth, aliases, root fields, cost from page sizes and
  the request's variables; ``first`` above 100 is BAD_USER_INPUT) and with graphql-core's
  ``MaxIntrospectionDepthRule`` (``fields { type { fields ...`` nesting in introspection).

A failed check is a validation error: Strawberry then returns before execution, so no
resolver, and no back end, is called. Strawberry's own QueryDepthLimiter is not used:
it skips introspection fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, ClassVar

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    GraphQLError,
    OperationDefinitionNode,
    ValidationRule,
)
from graphql.language import SKIP, VisitorAction
from graphql.validation import MaxIntrospectionDepthRule
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext

from gateway.limits.errors import too_complex
from gateway.limits.settings import MAX_PAGE_SIZE, LimitSettings
from gateway.limits.walk import NESTING_STOP, Walker

# graphql-core's parser errors when a document is too big or too deep to parse.
_TOO_MANY = re.compile(r"Document contains more than (\d+) (?:tokens|comments)")
_TOO_DEEP = "Document is nested too deeply"
# graphql-core's MaxIntrospectionDepthRule refuses a third nested introspection list.
INTROSPECTION_LIST_LIMIT = 2


class IntrospectionDepthRule(MaxIntrospectionDepthRule):
    """graphql-core's rule, with the gateway's QUERY_TOO_COMPLEX error."""

    def report_error(self, error: GraphQLError) -> None:
        limit = INTROSPECTION_LIST_LIMIT
        super().report_error(too_complex("introspectionDepth", limit, limit + 1, error.nodes))


class ShapeRule(ValidationRule):
    """Depth, aliases, root fields and cost of a document's operations.

    Bound to one request by :func:`bind_shape_rule` (the limits, the variables and the
    operation name come from the request, which graphql-core's rules never see).
    """

    limits: ClassVar[LimitSettings] = LimitSettings()
    execution: ClassVar[ExecutionContext | None] = None

    def enter_document(self, node: DocumentNode, *_args: Any) -> VisitorAction:
        fragments = {
            d.name.value: d for d in node.definitions if isinstance(d, FragmentDefinitionNode)
        }
        operations = [d for d in node.definitions if isinstance(d, OperationDefinitionNode)]
        execution = self.execution
        variables = (execution.variables if execution else None) or {}
        if len(operations) > 1 and execution is not None and _name_given(execution) is None:
            # The GraphQL spec's GetOperation: a request error. Strawberry would run the
            # first operation instead (its ``operation_name`` falls back to the first's).
            self.report_error(
                GraphQLError(
                    "Must provide operation name if query contains multiple operations.",
                    extensions={"code": "BAD_USER_INPUT", "field": "operationName"},
                )
            )
            return SKIP
        wanted = _selected(operations, execution)
        walker = Walker(self.context.schema, fragments, variables)
        for operation in operations:
            self._check(walker, operation, selected=operation is wanted)
        return SKIP  # one walk per operation is all this rule needs

    def _check(self, walker: Walker, operation: OperationDefinitionNode, *, selected: bool) -> None:
        limits = self.limits
        walker.oversized.clear()
        shape = walker.operation(operation)
        depth = max(shape.depth, NESTING_STOP) if walker.truncated else shape.depth
        measures = (
            ("depth", limits.max_depth, depth),
            ("aliases", limits.max_aliases, shape.aliases),
            ("rootFields", limits.max_root_fields, shape.fields),
        )
        for check, limit, measured in measures:
            if measured > limit:
                self.report_error(too_complex(check, limit, measured, operation))
        if not selected:  # variables and ``first`` values belong to the executed operation
            return
        if shape.cost > limits.max_cost:
            self.report_error(too_complex("cost", limits.max_cost, shape.cost, operation))
        for field, value in walker.oversized:
            self.report_error(
                GraphQLError(
                    f"`first` is {value}: at most {MAX_PAGE_SIZE} items per page.",
                    field,
                    extensions={"code": "BAD_USER_INPUT", "field": "first"},
                )
            )


def _selected(
    operations: list[OperationDefinitionNode], execution: ExecutionContext | None
) -> OperationDefinitionNode | None:
    """The operation the request executes (as graphql-core picks it), if it is known."""
    name = execution.operation_name if execution is not None else None
    if name is None:
        return operations[0] if len(operations) == 1 else None
    return next((o for o in operations if o.name and o.name.value == name), None)


def _name_given(execution: ExecutionContext) -> str | None:
    """The operation name the request gave, not Strawberry's fallback to the first one's
    (tests/security/test_limits.py fails if Strawberry renames the attribute)."""
    given = getattr(execution, "_provided_operation_name", None)
    return given if isinstance(given, str) else None


def bind_shape_rule(
    limits: LimitSettings, execution: ExecutionContext | None = None
) -> type[ShapeRule]:
    """A :class:`ShapeRule` with these limits, for this request's variables and operation."""
    return type("BoundShapeRule", (ShapeRule,), {"limits": limits, "execution": execution})


def parse_error_as_too_complex(error: GraphQLError, limits: LimitSettings) -> GraphQLError:
    """The parser's token and nesting refusals as QUERY_TOO_COMPLEX; other errors as they are."""
    if error.extensions and "code" in error.extensions:
        return error
    tokens = _TOO_MANY.search(error.message)
    if tokens is not None:
        limit = int(tokens.group(1))
        return too_complex("tokens", limit, limit + 1, at_least=True)
    if _TOO_DEEP in error.message:
        return too_complex("depth", limits.max_depth, limits.max_depth + 1, at_least=True)
    return error


class QueryLimits(SchemaExtension):
    """Adds the limits to every operation: token limit on parsing, then the rules."""

    limits: ClassVar[LimitSettings] = LimitSettings()

    def on_operation(self) -> Iterator[None]:
        execution = self.execution_context
        execution.parse_options["max_tokens"] = self.limits.max_tokens
        execution.validation_rules = (
            *execution.validation_rules,
            IntrospectionDepthRule,
            bind_shape_rule(self.limits, execution),
        )
        yield
        result = execution.result
        if result is not None and result.errors:
            result.errors = [parse_error_as_too_complex(e, self.limits) for e in result.errors]


def query_limits(limits: LimitSettings) -> type[SchemaExtension]:
    """The :class:`QueryLimits` extension with these limits (Strawberry wants a class)."""
    return type("BoundQueryLimits", (QueryLimits,), {"limits": limits})

"""GraphQL errors the resolvers raise on purpose, each with its ``extensions.code``.

Port errors (``adapters.port.errors``) are not converted here: they travel up as they are
and ``schema.errors.ErrorCodes`` maps them (code + ``extensions.platform``). These are
the graph's own refusals: invalid input (named by ``extensions.field``, the path of the
argument, e.g. ``input.iban`` or ``filter.paidFrom``), not found, forbidden.
"""

from __future__ import annotations

from graphql import GraphQLError

NOT_FOUND_MESSAGE = "Not found."


class UserInputError(GraphQLError):
    """BAD_USER_INPUT naming the offending field; nothing was sent to any back end."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, extensions={"code": "BAD_USER_INPUT", "field": field})
        self.field = field


class NotFoundError(GraphQLError):
    """NOT_FOUND, worded the same whether the thing exists elsewhere or not at all."""

    def __init__(self) -> None:
        super().__init__(NOT_FOUND_MESSAGE, extensions={"code": "NOT_FOUND"})


class ForbiddenError(GraphQLError):
    """FORBIDDEN: the viewer may see this member but not do this (e.g. an advisor's write)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, extensions={"code": "FORBIDDEN"})

"""The errors of the abuse limits, as GraphQL errors and as GraphQL-over-HTTP answers.

Every refusal carries ``extensions.code`` (DESIGN.md): QUERY_TOO_COMPLEX with the check
that failed, its ``limit`` and the ``measured`` value; PERSISTED_QUERY_NOT_FOUND;
RATE_LIMITED with ``retryAfter`` (and the ``Retry-After`` header); BAD_USER_INPUT for a
body too large (``reason: BODY_TOO_LARGE``) or a malformed request. Refusals made before
GraphQL runs (:class:`Refusal`) become a JSON body ``{"errors": [...]}`` with an HTTP status.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from graphql import GraphQLError, Node
from starlette.responses import JSONResponse

TOO_COMPLEX = "QUERY_TOO_COMPLEX"

# What each check measures, for the message.
CHECKS = {
    "depth": "nested fields",
    "aliases": "aliases",
    "rootFields": "root fields",
    "tokens": "tokens",
    "cost": "estimated cost",
    "introspectionDepth": "nested introspection lists",
    "batch": "operations in one batch",
}


def too_complex(
    check: str,
    limit: int,
    measured: int,
    nodes: Sequence[Node] | Node | None = None,
    *,
    at_least: bool = False,
) -> GraphQLError:
    """A QUERY_TOO_COMPLEX GraphQL error: ``check`` exceeded ``limit`` with ``measured``.

    ``at_least``: the count stopped at ``measured`` (the parser gives up past its limit).
    """
    what = CHECKS.get(check, check)
    count = f"at least {measured}" if at_least else str(measured)
    return GraphQLError(
        f"Query too complex: {count} {what}, over the limit of {limit}.",
        nodes,
        extensions={"code": TOO_COMPLEX, "check": check, "limit": limit, "measured": measured},
    )


def error_body(message: str, code: str, **extensions: Any) -> dict[str, Any]:
    """``{"errors": [{"message", "extensions": {"code", ...}}]}``."""
    return {"errors": [{"message": message, "extensions": {"code": code, **extensions}}]}


class Refusal(Exception):
    """A request refused before any resolver runs; :meth:`response` is the HTTP answer."""

    def __init__(
        self,
        status: int,
        message: str,
        code: str,
        *,
        headers: Mapping[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.headers = dict(headers or {})
        self.extensions = extensions

    def response(self) -> JSONResponse:
        return JSONResponse(
            error_body(self.message, self.code, **self.extensions),
            status_code=self.status,
            headers={"Cache-Control": "no-store", **self.headers},
        )


def rate_limited(retry_after: int) -> Refusal:
    """HTTP 429 RATE_LIMITED with ``Retry-After`` (whole seconds, at least 1)."""
    seconds = max(1, retry_after)
    return Refusal(
        429,
        f"Too many requests; retry in {seconds} s.",
        "RATE_LIMITED",
        headers={"Retry-After": str(seconds)},
        retryAfter=seconds,
    )


def body_too_large(limit: int) -> Refusal:
    """HTTP 413: the body exceeds ``limit`` bytes (the connection is then closed)."""
    return Refusal(
        413,
        f"The request body is larger than {limit} bytes.",
        "BAD_USER_INPUT",
        headers={"Connection": "close"},
        reason="BODY_TOO_LARGE",
        limit=limit,
    )


def persisted_query_not_found(message: str = "PersistedQueryNotFound") -> Refusal:
    """PERSISTED_QUERY_NOT_FOUND, HTTP 200 as for any GraphQL response in application/json.

    GraphQL over HTTP: a well-formed request gets 200 in ``application/json`` whatever its
    GraphQL errors; Apollo's persisted-query links also expect 200 here.
    """
    return Refusal(200, message, "PERSISTED_QUERY_NOT_FOUND")

"""JSON error answers of ``GET /documents/{token}``, in the GraphQL error shape.

Body: ``{"errors": [{"message", "extensions": {"code", ...}}]}`` with the codes of
DESIGN.md, the platform for back-end errors, the graph's own fixed messages (never a
back end's), and no stack trace. Status per code below; docs/documents.md lists them.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError
from starlette.responses import JSONResponse

from adapters.port import BackendRejected, BackendUnavailable, PortError
from gateway.documents.links import LinkError, LinkExpired
from schema.errors import MESSAGES

STATUS = {
    "BAD_USER_INPUT": 400,
    "FORBIDDEN": 403,
    "NOT_FOUND": 404,
    "CONFLICT": 409,
    "BACKEND_REJECTED": 422,
    "INTERNAL": 500,
    "BACKEND_UNAVAILABLE": 503,
    "BACKEND_TIMEOUT": 504,
}
HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
EXPIRED_MESSAGE = "This download link has expired: ask for a new one."
INVALID_MESSAGE = "This download link is not valid."


def error_response(
    code: str,
    message: str,
    *,
    status: int | None = None,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    extensions = {"code": code, **(extra or {})}
    return JSONResponse(
        {"errors": [{"message": message, "extensions": extensions}]},
        status_code=status or STATUS.get(code, 500),
        headers={**HEADERS, **(headers or {})},
    )


def link_error_response(error: LinkError) -> JSONResponse:
    """410 Gone for an expired link, 403 for anything else that is not a valid link."""
    if isinstance(error, LinkExpired):
        return error_response(
            "FORBIDDEN", EXPIRED_MESSAGE, status=410, extra={"reason": "LINK_EXPIRED"}
        )
    return error_response("FORBIDDEN", INVALID_MESSAGE, extra={"reason": "INVALID_LINK"})


def port_error_response(error: PortError, request_id: str) -> JSONResponse:
    code = error.graphql_code
    extra: dict[str, Any] = {"platform": error.platform, "requestId": request_id}
    headers = {}
    if isinstance(error, BackendRejected):
        extra["reason"] = error.code
    if isinstance(error, BackendUnavailable) and error.retry_after is not None:
        headers["Retry-After"] = str(max(1, round(error.retry_after)))
    return error_response(
        code, MESSAGES.get(code, MESSAGES["INTERNAL"]), extra=extra, headers=headers
    )


def graph_error_response(error: GraphQLError, request_id: str) -> JSONResponse:
    """The graph's own refusals (resolvers.errors): their code and message are for clients."""
    extensions = dict(error.extensions or {})
    code = str(extensions.pop("code", "INTERNAL"))
    if code not in STATUS:
        code = "INTERNAL"
    message = error.message if code != "INTERNAL" else MESSAGES["INTERNAL"]
    return error_response(code, message, extra={**extensions, "requestId": request_id})


def internal_error_response(request_id: str) -> JSONResponse:
    return error_response("INTERNAL", MESSAGES["INTERNAL"], extra={"requestId": request_id})

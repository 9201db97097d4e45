"""Santéclair's error shape: ``{"error": {"status", "code", "message"}}``, and the bodies the
fault injector sends (a 503 error, a truncated JSON document)."""

from __future__ import annotations

from starlette.responses import JSONResponse, Response

CODES = {
    400: "INVALID_REQUEST",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    413: "FILE_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    422: "UNPROCESSABLE",
    503: "SERVICE_UNAVAILABLE",
}


def problem(status: int, message: str, code: str | None = None) -> JSONResponse:
    """A Santéclair error response; ``code`` defaults to the status's generic code."""
    return JSONResponse(
        {"error": {"status": status, "code": code or CODES[status], "message": message}},
        status_code=status,
    )


def denied(status: int, reason: str) -> Response:
    return problem(status, reason)


def error_response(operation: str) -> Response:
    return problem(503, f"{operation} is temporarily unavailable, retry later")


def malformed_response(operation: str) -> Response:
    # A body cut in the middle of a document, as a proxy timing out mid-stream sends.
    return Response(
        b'{"operation": "' + operation.encode() + b'", "partners": [{"partnerId": "10',
        media_type="application/json",
    )

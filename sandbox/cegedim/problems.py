"""Errors of the Cegedim-style API as RFC 7807 problem details (``application/problem+json``).

Every refusal is ``{"type", "title", "status", "code", "detail"}`` (plus ``invalidParams``
for request validation). :class:`ApiProblem` is raised by handlers and parsers and turned into
a response by the endpoint pipeline; :func:`from_business_error` maps the back office's
stable :class:`~sandbox.backoffice.BusinessError` codes to HTTP statuses. The fault
responders (``error_response``/``malformed_response`` of ``platform_app``) live here too,
since they are this platform's way of failing.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from starlette.responses import Response

from sandbox.backoffice import BusinessError

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_BASE = "https://isante.sandbox.invalid/problems/"

# Back-office code -> (HTTP status, title). 409: the state forbids it; 422: understood but
# refused by a business rule; 404: an id that is not this member's.
BUSINESS_STATUS: Mapping[str, tuple[int, str]] = {
    "UNKNOWN_MEMBER": (404, "Insured not found"),
    "UNKNOWN_BENEFICIARY": (404, "Beneficiary not found"),
    "UNKNOWN_PAYMENT": (404, "Reimbursement not found"),
    "UNKNOWN_LETTER": (404, "Document not found"),
    "UNKNOWN_REQUEST": (404, "Request not found"),
    "UNKNOWN_THREAD": (404, "Message thread not found"),
    "COLLECTIVE_CONTRACT": (409, "Group contract: changes go through the employer"),
    "BENEFICIARY_CLOSED": (409, "Beneficiary already closed"),
    "MAIN_BENEFICIARY": (422, "The insured person cannot be removed"),
    "INVALID_IBAN": (422, "Invalid IBAN"),
    "INVALID_BIC": (422, "Invalid BIC"),
    "INVALID_EFFECTIVE_DATE": (422, "Invalid effective date"),
    "INVALID_REQUEST": (400, "Invalid request"),
}
# Codes the API itself produces, outside the back office (documented in the OpenAPI enum).
API_CODES = (
    "UNKNOWN_TENANT",
    "NOT_FOUND",
    "METHOD_NOT_ALLOWED",
    "UNAUTHORIZED",
    "RATE_LIMITED",
    "PAYLOAD_TOO_LARGE",
    "UNSUPPORTED_MEDIA_TYPE",
    "BUSINESS_RULE",
    "SERVICE_UNAVAILABLE",
    "INTERNAL_ERROR",
    "BAD_GATEWAY",
)


class ApiProblem(Exception):
    """A refusal to send as a problem document."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        *,
        title: str | None = None,
        invalid_params: Sequence[tuple[str, str]] = (),
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(f"{status} {code}: {detail}")
        self.status = status
        self.code = code
        self.detail = detail
        default = code.replace("_", " ").capitalize()
        self.title = title or BUSINESS_STATUS.get(code, (status, default))[1]
        self.invalid_params = tuple(invalid_params)
        self.headers = dict(headers or {})

    def response(self) -> Response:
        body: dict[str, Any] = {
            "type": PROBLEM_BASE + self.code.lower().replace("_", "-"),
            "title": self.title,
            "status": self.status,
            "code": self.code,
            "detail": self.detail,
        }
        if self.invalid_params:
            body["invalidParams"] = [{"name": n, "reason": r} for n, r in self.invalid_params]
        return problem_response(body, self.headers)


def invalid(name: str, reason: str) -> ApiProblem:
    """A 400 for one bad parameter or field (``invalidParams`` names it)."""
    return ApiProblem(400, "INVALID_REQUEST", f"{name}: {reason}", invalid_params=[(name, reason)])


def from_business_error(error: BusinessError) -> ApiProblem:
    status, _ = BUSINESS_STATUS.get(error.code, (422, "Business rule"))
    return ApiProblem(status, error.code, error.message)


def problem_response(body: Mapping[str, Any], headers: Mapping[str, str] | None = None) -> Response:
    content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    return Response(
        content, status_code=int(body["status"]), media_type=PROBLEM_MEDIA_TYPE, headers=headers
    )


# -- fault responders (platform_app) ---------------------------------------------------------
_FAULT_STATUSES = (
    (503, "SERVICE_UNAVAILABLE", 6),
    (500, "INTERNAL_ERROR", 2),
    (502, "BAD_GATEWAY", 2),
)


def fault_error_responder(rng: random.Random) -> Callable[[str], Response]:
    """``error_response``: mostly 503 (with Retry-After), sometimes 500 or 502."""

    def respond(operation: str) -> Response:
        weights = [w for _, _, w in _FAULT_STATUSES]
        status, code, _ = rng.choices(_FAULT_STATUSES, weights=weights)[0]
        headers = {"Retry-After": "1"} if status == 503 else None
        return ApiProblem(
            status,
            code,
            f"{operation} failed (simulated fault)",
            title="Back end failure",
            headers=headers,
        ).response()

    return respond


def malformed_response(operation: str) -> Response:
    """``malformed_response``: 200 JSON whose body breaks off in the middle."""
    body = f'{{"operation":"{operation}","content":[{{"id":"'
    return Response(body.encode(), status_code=200, media_type="application/json")

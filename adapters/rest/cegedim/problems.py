"""The Cegedim API's refusals (``application/problem+json``) in the port's vocabulary.

A problem document is ``{type, title, status, code, detail}`` plus ``invalidParams`` for a
400. Only ``code`` and the parameter *names* are read: ``detail`` may quote what was sent
(an IBAN, a name), and a port error's message goes to logs.

    404 UNKNOWN_MEMBER / _PAYMENT / _LETTER / _REQUEST, NOT_FOUND   NotFound
    404 UNKNOWN_BENEFICIARY      NotFound on reads; BackendRejected on changes
    404 UNKNOWN_THREAD           BackendRejected(UNKNOWN_THREAD, field "thread_id")
    409 COLLECTIVE_CONTRACT, BENEFICIARY_CLOSED; 422 MAIN_BENEFICIARY   BackendRejected(code)
    422 INVALID_IBAN / INVALID_BIC / INVALID_EFFECTIVE_DATE
                                 InvalidInput("iban" / "bic" / "effective_date")
    400 INVALID_REQUEST                             InvalidInput(the field, else "input")
    413 PAYLOAD_TOO_LARGE                           InvalidInput("proof" / "attachments")
    409 other codes                                 Conflict
    429, 5xx, 404 UNKNOWN_TENANT, 401 (after the retry)   BackendUnavailable
    other 4xx                                       BackendRejected(the platform's code)
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx

from adapters.port.errors import (
    BENEFICIARY_CLOSED,
    COLLECTIVE_CONTRACT,
    MAIN_BENEFICIARY,
    UNKNOWN_BENEFICIARY,
    UNKNOWN_THREAD,
    BackendRejected,
    BackendUnavailable,
    Conflict,
    InvalidInput,
    NotFound,
    PortError,
)
from adapters.rest.cegedim.settings import PLATFORM
from adapters.rest.http import retry_after

NOT_FOUND_CODES = frozenset(
    {"UNKNOWN_MEMBER", "UNKNOWN_PAYMENT", "UNKNOWN_LETTER", "UNKNOWN_REQUEST", "NOT_FOUND"}
)
# Business refusals → the port record's field at fault (None: the request as a whole).
REJECTION_FIELDS: dict[str, str | None] = {
    COLLECTIVE_CONTRACT: None,
    BENEFICIARY_CLOSED: "beneficiary_id",
    MAIN_BENEFICIARY: "beneficiary_id",
    UNKNOWN_BENEFICIARY: "beneficiary_id",
    UNKNOWN_THREAD: "thread_id",
}
INVALID_CODES = {
    "INVALID_IBAN": "iban",
    "INVALID_BIC": "bic",
    "INVALID_EFFECTIVE_DATE": "effective_date",
}
# The API's parameter and field names → the port records' field names.
FIELDS = {
    "email": "email",
    "mobilePhone": "mobile_phone",
    "homePhone": "home_phone",
    "line1": "line1",
    "line2": "line2",
    "postalCode": "postcode",
    "city": "town",
    "usage": "purpose",
    "holderName": "holder",
    "iban": "iban",
    "bic": "bic",
    "bankName": "bank_name",
    "rib": "proof",
    "proof": "proof",
    "lastName": "last_name",
    "firstName": "first_name",
    "birthDate": "birth_date",
    "relationship": "quality",
    "healthInsuranceScheme": "regime",
    "socialSecurityNumber": "nir",
    "beneficiaryId": "beneficiary_id",
    "reason": "reason",
    "effectiveDate": "effective_date",
    "threadId": "thread_id",
    "enabled": "enabled",
    "subject": "subject",
    "body": "body",
    "attachments": "attachments",
    "paidFrom": "paid_from",
    "paidTo": "paid_to",
    "careFrom": "care_from",
    "careTo": "care_to",
    "recipientType": "recipient",
    "sentFrom": "since",
    "sentTo": "until",
    "correspondenceType": "types",
    "ids": "ids",
}


_CODE = re.compile(r"[A-Z][A-Z0-9_]{0,63}")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.]{0,63}")


def problem_code(response: httpx.Response) -> tuple[str | None, str | None]:
    """The problem's ``code`` and its first invalid parameter's name (None when absent or
    when the body is not a problem document)."""
    try:
        body: Any = json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return None, None
    if not isinstance(body, dict):
        return None, None
    code = body.get("code")
    params = body.get("invalidParams")
    name = None
    if isinstance(params, list) and params and isinstance(params[0], dict):
        name = params[0].get("name")
    # Codes and names go into port errors (and logs): only identifier-like ones are kept.
    return _token(code, _CODE), _token(name, _NAME)


def _token(value: object, pattern: re.Pattern[str]) -> str | None:
    return value if isinstance(value, str) and pattern.fullmatch(value) else None


def problem_error(response: httpx.Response, operation: str, *, read: bool) -> PortError:
    """The port error for a refused call (any status >= 400)."""
    status = response.status_code
    code, param = problem_code(response)
    op = operation
    message = f"{operation}: HTTP {status} {code or '-'}"
    if status == 429 or status >= 500 or status == 401 or code == "UNKNOWN_TENANT":
        # A 429 or 401 is refused before the platform acts on it: sending it again is safe.
        safe = read or status in (401, 429)
        return BackendUnavailable(
            message,
            platform=PLATFORM,
            operation=op,
            retry_safe=safe,
            retry_after=retry_after(response),
        )
    if code in INVALID_CODES:
        return InvalidInput(INVALID_CODES[code], platform=PLATFORM, operation=op, message=message)
    if code == UNKNOWN_BENEFICIARY and read:
        return NotFound(message, platform=PLATFORM, operation=op)
    if code in REJECTION_FIELDS:
        field = REJECTION_FIELDS[code]
        return BackendRejected(code, platform=PLATFORM, operation=op, field=field, message=message)
    if status == 404 or code in NOT_FOUND_CODES:
        return NotFound(message, platform=PLATFORM, operation=op)
    if status == 400:
        field = FIELDS.get(param or "", "input")
        return InvalidInput(field, platform=PLATFORM, operation=op, message=message)
    if status == 413:
        field = "attachments" if operation == "send_message" else "proof"
        return InvalidInput(field, platform=PLATFORM, operation=op, message=message)
    if status == 409:
        return Conflict(message, platform=PLATFORM, operation=op)
    return BackendRejected(
        code or f"HTTP_{status}", platform=PLATFORM, operation=op, message=message
    )

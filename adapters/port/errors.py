"""The port's error tree: every failure of a back end, in one vocabulary.

Adapters catch every exception of zeep, httpx, lxml or a back end's own error shape and
raise (or, in batch methods, return per key) one of these. Nothing else may escape an
adapter. The GraphQL layer maps each class to the ``extensions.code`` of DESIGN.md
(``graphql_code`` below) and adds ``extensions.platform``; the message of a port error is
for logs only and never reaches a client (it must still hold no NIR, IBAN, name or token).

    PortError(platform, operation, retry_safe)          INTERNAL (only if raised bare)
    ├── BackendUnavailable(retry_after=None)            BACKEND_UNAVAILABLE
    │   │   refused/reset connection, 5xx, 429, circuit open
    │   ├── MalformedResponse                           BACKEND_UNAVAILABLE
    │   │       the answer could not be parsed (bad XML/JSON, missing element)
    │   └── NotSupported                                BACKEND_UNAVAILABLE
    │           the tenant's platform lacks this capability or operation
    ├── BackendTimeout                                  BACKEND_TIMEOUT
    │       no (complete) answer in time
    ├── BackendRejected(code, field=None)               BACKEND_REJECTED
    │       business refusal with a stable code: COLLECTIVE_CONTRACT,
    │       BENEFICIARY_CLOSED, MAIN_BENEFICIARY, UNKNOWN_BENEFICIARY, UNKNOWN_THREAD, or
    │       the back end's own
    ├── NotFound                                        NOT_FOUND
    │       no such member / payment / letter ... for this member
    ├── InvalidInput(field)                             BAD_USER_INPUT
    │       the back end says a value we sent is malformed (the graph validates first):
    │       map INVALID_IBAN → field "iban", INVALID_BIC → "bic", INVALID_REQUEST → the
    │       field if known, else "input"
    └── Conflict                                        CONFLICT
            a request of the same kind is already pending, or a stale write

``retry_safe`` says whether sending the same call again cannot do harm (reads: yes; a
change request that may have been recorded before the connection dropped: no). Resilience
wrappers retry only when it is true.
"""

from __future__ import annotations

from typing import ClassVar


class PortError(Exception):
    """Base of every error an adapter raises or returns for a key."""

    graphql_code: ClassVar[str] = "INTERNAL"

    def __init__(
        self,
        message: str = "",
        *,
        platform: str,
        operation: str,
        retry_safe: bool = False,
    ) -> None:
        super().__init__(message or type(self).__name__)
        self.platform = platform  # "cimut", "cegedim", "santeclair", "kalixia", a plug-in name
        self.operation = operation  # the port method, e.g. "payments"
        self.retry_safe = retry_safe

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(platform={self.platform!r}, operation={self.operation!r}, "
            f"retry_safe={self.retry_safe!r})"
        )


class BackendUnavailable(PortError):
    """The back end could not be reached or answered with a server error."""

    graphql_code = "BACKEND_UNAVAILABLE"

    def __init__(
        self,
        message: str = "",
        *,
        platform: str,
        operation: str,
        retry_safe: bool = False,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, platform=platform, operation=operation, retry_safe=retry_safe)
        self.retry_after = retry_after  # seconds, when the back end said so (429/503)


class MalformedResponse(BackendUnavailable):
    """The back end answered something the adapter could not read."""


class NotSupported(BackendUnavailable):
    """The tenant's platform does not offer this capability or operation."""


class BackendTimeout(PortError):
    """The back end did not answer (completely) in time."""

    graphql_code = "BACKEND_TIMEOUT"


class BackendRejected(PortError):
    """A business refusal with a stable code (see the sandbox's BackOffice codes)."""

    graphql_code = "BACKEND_REJECTED"

    def __init__(
        self,
        code: str,
        *,
        platform: str,
        operation: str,
        field: str | None = None,
        message: str = "",
    ) -> None:
        super().__init__(message or code, platform=platform, operation=operation)
        self.code = code  # e.g. "COLLECTIVE_CONTRACT"
        self.field = field  # the input field at fault, in the port record's terms, if any


class NotFound(PortError):
    """The thing asked for does not exist for this member (or is not theirs)."""

    graphql_code = "NOT_FOUND"

    def __init__(
        self, message: str = "", *, platform: str, operation: str, retry_safe: bool = True
    ) -> None:
        super().__init__(message, platform=platform, operation=operation, retry_safe=retry_safe)


class InvalidInput(PortError):
    """The back end refused a value as malformed; ``field`` names it (port record terms)."""

    graphql_code = "BAD_USER_INPUT"

    def __init__(self, field: str, *, platform: str, operation: str, message: str = "") -> None:
        super().__init__(message or f"invalid {field}", platform=platform, operation=operation)
        self.field = field


class Conflict(PortError):
    """The change collides with a pending one or with newer data."""

    graphql_code = "CONFLICT"


# Stable business codes for BackendRejected (the GraphQL layer has a message for each).
COLLECTIVE_CONTRACT = "COLLECTIVE_CONTRACT"  # change through the employer
BENEFICIARY_CLOSED = "BENEFICIARY_CLOSED"  # removal of a beneficiary already closed
MAIN_BENEFICIARY = "MAIN_BENEFICIARY"  # removal of the adhérent themself
UNKNOWN_BENEFICIARY = "UNKNOWN_BENEFICIARY"  # a beneficiary id that is not this member's
UNKNOWN_THREAD = "UNKNOWN_THREAD"  # a reply to a thread that is not this member's

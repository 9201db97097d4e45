"""Small helpers shared by the REST adapters (Cegedim, Santéclair, Kalixia): httpx failures
and response bodies turned into the port's errors.

* :func:`transport_error` maps an exception of httpx (or an ``asyncio`` timeout around a
  call) to ``BackendTimeout`` / ``BackendUnavailable`` / ``MalformedResponse``;
* :func:`read_json` parses a response body, or raises ``MalformedResponse``;
* :func:`retry_after` reads a ``Retry-After`` header (delta-seconds or HTTP-date).

Messages name the exception type and the operation only: httpx's own messages may quote
URLs with member numbers, or parts of a body, and a port error's text goes to logs.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from adapters.port.errors import BackendTimeout, BackendUnavailable, MalformedResponse, PortError


def transport_error(
    exc: BaseException, *, platform: str, operation: str, retry_safe: bool
) -> PortError:
    """The port error for a failed exchange (no answer, a cut answer, an unreadable one).

    A timeout is ``BackendTimeout``; a body that could not be decoded (bad gzip, bad
    charset) is ``MalformedResponse``; anything else (refused, reset, dropped mid-answer,
    protocol error) is ``BackendUnavailable``. ``retry_safe`` is the caller's: only it knows
    whether the request may have been acted upon.
    """
    name = type(exc).__name__
    message = f"{operation}: {name}"
    if isinstance(exc, httpx.TimeoutException | TimeoutError):
        return BackendTimeout(
            message, platform=platform, operation=operation, retry_safe=retry_safe
        )
    if isinstance(exc, httpx.DecodingError):
        return MalformedResponse(
            message, platform=platform, operation=operation, retry_safe=retry_safe
        )
    return BackendUnavailable(
        message, platform=platform, operation=operation, retry_safe=retry_safe
    )


def read_json(response: httpx.Response, *, platform: str, operation: str) -> Any:
    """The response's JSON document; ``MalformedResponse`` when it is not JSON at all."""
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        # ValueError covers json.JSONDecodeError; never quote the body: it may be health data.
        raise MalformedResponse(
            f"{operation}: unreadable JSON (HTTP {response.status_code})",
            platform=platform,
            operation=operation,
            retry_safe=True,
        ) from None


def retry_after(response: httpx.Response, *, now: datetime | None = None) -> float | None:
    """Seconds the server asked to wait (``Retry-After``), or None when absent or unreadable."""
    raw = response.headers.get("retry-after", "").strip()
    if not raw:
        return None
    if raw.isdigit():
        return float(raw)
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())

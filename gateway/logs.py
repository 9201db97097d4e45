"""Structured logs: one JSON object per line, scrubbed, with the request's id.

DOMAIN.md: log no NIR, IBAN, name, e-mail, address, token or act. Two lines of defence:

* the code never logs values (names and postal addresses cannot be recognised by a
  pattern): log calls name operations, types, codes and counts, never a record's fields;
* :class:`Redaction`, on the gateway's handler, merges each record's arguments into its
  message, scrubs what *can* be recognised (NIR-like numbers, IBANs, e-mail addresses,
  bearer tokens and JWTs) from the message, the traceback and string extras, and drops the
  arguments so that no later handler or formatter sees the raw values.

zeep, httpx and httpcore log whole SOAP envelopes, bodies, URLs and headers at DEBUG/INFO:
they are held at WARNING whatever the configured level. uvicorn's access log stays off
(paths carry signed document tokens); its other messages go through the same handler.

The request id (:data:`REQUEST_ID`, set per HTTP request by
:class:`gateway.request_ids.RequestIdMiddleware`) is on every line logged while serving
the request, in INTERNAL errors (``extensions.requestId``) and in the ``X-Request-Id``
response header, so that a support call can find the line.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, TextIO

REQUEST_ID: ContextVar[str | None] = ContextVar("mutugraph_request_id", default=None)

# Loggers that log payloads, URLs or headers below WARNING.
QUIET_LOGGERS = ("zeep", "httpx", "httpcore", "hpack", "multipart", "python_multipart")
LEVELS = {"critical": 50, "error": 40, "warning": 30, "info": 20, "debug": 10, "trace": 5}

_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*)?")
_BEARER = re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# Country code, check digits, then 11 to 30 letters/digits, possibly in groups of four.
_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])")
# NIR: sex (1-4, 7, 8), year, month, département (2A/2B in Corsica), commune, rank, key,
# with or without spaces; and any other run of 13 to 15 digits. Standing alone only: hex
# ids and hashes (request ids, audit hashes) often hold long runs of digits.
_NIR = re.compile(
    r"(?<![0-9A-Za-z])[1-478] ?\d{2} ?\d{2} ?(?:\d{2}|2[ABab]) ?\d{3} ?\d{3}(?: ?\d{2})?"
    r"(?![0-9A-Za-z])"
)
_DIGITS = re.compile(r"(?<![0-9A-Za-z])\d{13,15}(?![0-9A-Za-z])")
_PATTERNS = (
    (_JWT, "[jwt]"),
    (_BEARER, r"\1 [token]"),
    (_EMAIL, "[email]"),
    (_IBAN, "[iban]"),
    (_NIR, "[nir]"),
    (_DIGITS, "[number]"),
)

# LogRecord's own attributes: everything else on a record came through ``extra=``.
# (uvicorn adds ``color_message``: the same text with terminal colours.)
_STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {
    "message",
    "asctime",
    "taskName",
    "color_message",
}
_SENSITIVE_KEY = re.compile(
    r"(?i)name|mail|iban|nir|address|token|secret|password|authorization|cookie|phone"
)
MAX_EXTRA = 200  # characters of one string extra


def scrub(text: str) -> str:
    """``text`` with NIR-like numbers, IBANs, e-mails, bearer tokens and JWTs replaced."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class Redaction(logging.Filter):
    """Scrubs a record in place: message (arguments merged, then dropped), traceback, extras."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep its text, never its arguments
            message = str(record.msg)
        record.msg = scrub(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        for key, value in list(record.__dict__.items()):
            if key in _STANDARD:
                continue
            if _SENSITIVE_KEY.search(key):
                del record.__dict__[key]
            elif isinstance(value, str):
                record.__dict__[key] = scrub(value[:MAX_EXTRA])
        return True


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message", "request_id", ...extras, "exc_type",
    "traceback"}`` on one line; extras only when they are plain scalars."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or REQUEST_ID.get(),
        }
        for key, value in record.__dict__.items():
            if key in _STANDARD or key in line or key.startswith("_"):
                continue
            if value is None or isinstance(value, str | int | float | bool):
                line[key] = value
        if record.exc_info and record.exc_info[0] is not None:
            line["exc_type"] = record.exc_info[0].__name__
        if record.exc_info and not record.exc_text:
            record.exc_text = scrub(self.formatException(record.exc_info))
        if record.exc_text:
            line["traceback"] = record.exc_text
        if record.stack_info:
            line["stack"] = record.stack_info
        return json.dumps(line, ensure_ascii=False, default=str)


class GatewayHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The handler :func:`configure_logging` puts on the root logger (found again by type)."""


def configure_logging(level: str = "info", stream: TextIO | None = None) -> logging.Handler:
    """JSON lines on ``stream`` (stderr) at ``level``; replaces an earlier call's handler."""
    from gateway.error_logs import ExecutionErrors  # graphql-core: only when serving

    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, GatewayHandler)]:
        root.removeHandler(old)
        old.close()
    handler = GatewayHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(Redaction())
    root.addHandler(handler)
    root.setLevel(LEVELS.get(level.lower(), logging.INFO))
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    access = logging.getLogger("uvicorn.access")  # paths carry document tokens
    access.handlers = []
    access.propagate = False
    access.disabled = True
    for name in ("uvicorn", "uvicorn.error"):  # through the root handler, not their own
        logging.getLogger(name).handlers = []
        logging.getLogger(name).propagate = True
    execution = logging.getLogger("strawberry.execution")
    if not any(isinstance(f, ExecutionErrors) for f in execution.filters):
        execution.addFilter(ExecutionErrors())
    return handler

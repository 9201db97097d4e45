"""How GraphQL errors are logged: the unexpected once at ERROR with the traceback, the rest
briefly.

Strawberry logs every error of a result on ``strawberry.execution`` at ERROR, with the
original exception's traceback, before :class:`schema.errors.ErrorCodes` masks it for the
client. :class:`ExecutionErrors` (a filter on that logger) rewrites each record before any
handler sees it:

* an unexpected exception (INTERNAL) stays at ERROR with its traceback (the gateway's
  handler scrubs it), once, with the request id that the client got in
  ``extensions.requestId``;
* an expected error (the graph's refusals, request errors, port errors) drops to INFO
  (WARNING for BACKEND_UNAVAILABLE and BACKEND_TIMEOUT: the operator's business), without
  traceback and without GraphQL's message, which can quote a variable's value. What stays
  is the code, the field path, and for port errors the platform and operation.
"""

from __future__ import annotations

import logging
from typing import Any

from graphql import GraphQLError

from adapters.port import PortError

WARNING_CODES = frozenset({"BACKEND_UNAVAILABLE", "BACKEND_TIMEOUT"})


def classify(error: GraphQLError) -> tuple[str, dict[str, Any]]:
    """The error's code and the safe fields to log with it."""
    original = error.original_error
    fields: dict[str, Any] = {}
    if error.path is not None:
        fields["path"] = ".".join(str(p) for p in error.path)
    if isinstance(original, PortError):
        fields["platform"] = original.platform
        fields["operation"] = original.operation
        return original.graphql_code, fields
    code = (error.extensions or {}).get("code")
    if isinstance(code, str):
        field = (error.extensions or {}).get("field")
        if isinstance(field, str):
            fields["field"] = field
        return code, fields
    if error.path is None:  # parse, validation, variable coercion: the request's fault
        return "BAD_USER_INPUT", fields
    return "INTERNAL", fields


class ExecutionErrors(logging.Filter):
    """Rewrites strawberry's error records: level, message, traceback (see module doc)."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.msg
        if not isinstance(error, GraphQLError):
            return True
        code, fields = classify(error)
        record.__dict__.update(fields, code=code)
        record.args = None
        where = f" at {fields['path']}" if "path" in fields else ""
        if code == "INTERNAL":
            original = error.original_error
            kind = type(original).__name__ if original is not None else "GraphQLError"
            record.msg = f"unexpected {kind}{where}"
            if isinstance(original, PortError):
                record.exc_info = None  # a bare port error: its adapter already said where
            return True
        level = logging.WARNING if code in WARNING_CODES else logging.INFO
        record.levelno, record.levelname = level, logging.getLevelName(level)
        record.msg = f"graphql error {code}{where}"
        if isinstance(error.original_error, PortError):
            record.msg += f" ({error.original_error})"  # port messages hold no values
        record.exc_info = None
        record.exc_text = None
        return logging.getLogger(record.name).isEnabledFor(level)

"""Every GraphQL error leaves with ``extensions.code`` (DESIGN.md), and nothing internal.

:class:`ErrorCodes` rewrites the result's errors once the operation ran:

* port errors (``adapters.port.errors``) → their code (BACKEND_UNAVAILABLE,
  BACKEND_TIMEOUT, BACKEND_REJECTED, NOT_FOUND, BAD_USER_INPUT, CONFLICT) with
  ``extensions.platform``, a fixed message (never the back end's), ``reason`` for business
  refusals and ``field`` when known;
* the graph's own errors (``resolvers.errors``) and errors already carrying a code (e.g.
  set by gateway extensions) → kept;
* request errors (syntax, validation, variable coercion: no response path) → BAD_USER_INPUT
  with GraphQL's own message, and ``field`` when a variable's value is at fault;
* anything else raised while resolving → INTERNAL, message masked, with ``requestId`` when
  the context has one. (Strawberry logs the original before this runs.)

Unlike ``MaskErrors()`` this keeps validation messages, which clients need.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from adapters.port import BackendRejected, InvalidInput, PortError

INTERNAL_MESSAGE = "Internal error."

# The graph's wording for business refusals; unknown codes get the generic message.
REJECTIONS = {
    "COLLECTIVE_CONTRACT": "Your contract is a collective one: ask your employer to make "
    "this change.",
    "BENEFICIARY_CLOSED": "This beneficiary is no longer covered.",
    "MAIN_BENEFICIARY": "The member holding the contract cannot be removed.",
    "UNKNOWN_BENEFICIARY": "Unknown beneficiary.",
    "UNKNOWN_THREAD": "Unknown conversation.",
}
MESSAGES = {
    "BACKEND_UNAVAILABLE": "The service is temporarily unavailable; please try again later.",
    "BACKEND_TIMEOUT": "The service did not answer in time; please try again later.",
    "BACKEND_REJECTED": "The request was refused.",
    "NOT_FOUND": "Not found.",
    "BAD_USER_INPUT": "Invalid value.",
    "CONFLICT": "A similar request is already being processed.",
    "INTERNAL": INTERNAL_MESSAGE,
}
# Port record field names → GraphQL input paths (for InvalidInput/BackendRejected fields).
FIELDS = {
    "iban": "input.iban",
    "bic": "input.bic",
    "beneficiary_id": "input.beneficiaryId",
    "effective_date": "input.effectiveDate",
    "thread_id": "input.threadId",
    "nir": "input.nir",
    "email": "input.email",
    "category": "input.category",
}


_VARIABLE = re.compile(r"^Variable '\$(\w+)' has invalid value(?: at ([\w.\[\]]+))?")
_REQUIRED = re.compile(r"to include required field '(\w+)'")


def request_field(message: str) -> str | None:
    """The input path a variable error names (``input.birthDate``), if any."""
    match = _VARIABLE.match(message)
    if match is None:
        return None
    path = match.group(1) + re.sub(r"\[(\d+)\]", r".\1", match.group(2) or "")
    required = _REQUIRED.search(message)
    return f"{path}.{required.group(1)}" if required else path


def _port_error(error: GraphQLError, original: PortError, request_id: str | None) -> GraphQLError:
    code = original.graphql_code
    extensions: dict[str, Any] = {"code": code, "platform": original.platform}
    message = MESSAGES.get(code, INTERNAL_MESSAGE)
    if isinstance(original, BackendRejected):
        extensions["reason"] = original.code
        message = REJECTIONS.get(original.code, message)
    field = getattr(original, "field", None)
    if isinstance(original, InvalidInput | BackendRejected) and field:
        extensions["field"] = FIELDS.get(field, field)
    if code == "INTERNAL" and request_id:
        extensions["requestId"] = request_id
    return _copy(error, message, extensions)


def _copy(error: GraphQLError, message: str, extensions: dict[str, Any]) -> GraphQLError:
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions=extensions,
    )


def format_error(error: GraphQLError, request_id: str | None) -> GraphQLError:
    """The error as a client may see it."""
    original = error.original_error
    if isinstance(original, PortError):
        return _port_error(error, original, request_id)
    if error.extensions and "code" in error.extensions:
        return error
    if error.path is None:  # parse, validation, variables: the request is at fault
        extensions: dict[str, Any] = {"code": "BAD_USER_INPUT"}
        field = request_field(error.message)
        if field:
            extensions["field"] = field
        return _copy(error, error.message, extensions)
    internal: dict[str, Any] = {"code": "INTERNAL"}
    if request_id:
        internal["requestId"] = request_id
    return _copy(error, INTERNAL_MESSAGE, internal)


def _request_id(context: object) -> str | None:
    found = getattr(context, "request_id", None)
    if found is None:
        headers = getattr(getattr(context, "request", None), "headers", None)
        found = headers.get("x-request-id") if headers is not None else None
    return found if isinstance(found, str) else None


class ErrorCodes(SchemaExtension):
    """Gives every error its ``extensions.code`` and masks unexpected ones."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if result is None or not errors:
            return
        request_id = _request_id(self.execution_context.context)
        result.errors = [format_error(e, request_id) for e in errors]

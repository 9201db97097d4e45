"""The two response media types of GraphQL over HTTP, and the status codes each implies.

A client asks, with ``Accept``, for ``application/json`` (the legacy type, the default) or
``application/graphql-response+json`` (the spec's own type, required of servers since
2025-01-01). The body is the same JSON; what differs is the status code:

* ``application/json``: unchanged from before, 200 for every well-formed request
  whatever its GraphQL errors (the gateway's refusals keep their 4xx: 401, 413, 429...);
* ``application/graphql-response+json``: a response without ``data`` (a request error:
  the document does not parse or validate, a variable cannot be coerced, the operation
  cannot be chosen, or a refusal before execution) is never 2xx: 400, or the refusal's
  own 4xx/5xx, and 500 for an INTERNAL error. A request error carries no ``data`` entry
  at all (Strawberry writes ``"data": null``). A response with ``data``, even ``null``
  after a field error, stays 200: it was executed ("partial response").

Negotiation (:func:`prefers_graphql_response`) follows RFC 9110: the highest ``q`` wins,
ties go to the type the client listed first, and a wildcard (``*/*``, ``application/*``)
counts for ``application/json``. No ``Accept`` header means ``application/json``: the
spec now recommends the new type there, but existing clients (curl, scripts, partners)
and the audit's own SHOULD expect the legacy one. An ``Accept`` naming neither type is
disregarded (``application/json``), which the spec allows, rather than answered 406.
Batches (a JSON array, outside the spec) are always ``application/json``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import Scope

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
JSON = "application/json"
GRAPHQL_RESPONSE_CONTENT_TYPE = f"{GRAPHQL_RESPONSE_JSON}; charset=utf-8"
_WILDCARDS = ("*/*", "application/*")


def _ranges(accept: str) -> list[tuple[str, float]]:
    """``[(media range, q), ...]`` in the order the client listed them."""
    ranges: list[tuple[str, float]] = []
    for item in accept.split(","):
        media, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value.strip())
                except ValueError:
                    quality = 0.0  # a malformed weight: as if not listed
        if media:
            ranges.append((media.lower(), quality))
    return ranges


def prefers_graphql_response(accept: str | None) -> bool:
    """True when ``accept`` asks for ``application/graphql-response+json`` first."""
    if not accept or GRAPHQL_RESPONSE_JSON not in accept.lower():
        return False  # the common case, without parsing
    best: tuple[float, int, bool] | None = None  # (q, -position, is the new type)
    for position, (media, quality) in enumerate(_ranges(accept)):
        if quality <= 0:
            continue
        if media == GRAPHQL_RESPONSE_JSON:
            candidate = (quality, -position, True)
        elif media == JSON or media in _WILDCARDS:
            # An explicit type beats a wildcard of the same weight (RFC 9110 §12.5.1).
            candidate = (quality, -position - (1000 if media in _WILDCARDS else 0), False)
        else:
            continue
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    return best is not None and best[2]


def is_request_error(body: Mapping[str, Any]) -> bool:
    """A GraphQL response from before execution: ``data`` null and no error at a field.

    Field errors always carry a ``path``; parse, validation, operation-choice and variable
    coercion errors never do (graphql-core and Strawberry answer those with data null).
    """
    errors = body.get("errors")
    if body.get("data") is not None or not isinstance(errors, list) or not errors:
        return False
    return all(isinstance(error, Mapping) and "path" not in error for error in errors)


def graphql_response_status(body: Mapping[str, Any], status: int) -> int:
    """The status of ``body`` served as ``application/graphql-response+json``.

    ``status`` is the one it would have had as ``application/json``.
    """
    if "data" in body or status >= 400:
        return status  # executed (even with data null), or already a 4xx/5xx refusal
    codes = {
        error.get("extensions", {}).get("code")
        for error in body.get("errors") or ()
        if isinstance(error, Mapping) and isinstance(error.get("extensions"), Mapping)
    }
    return 500 if "INTERNAL" in codes else 400


def as_graphql_response(response: Response) -> Response:
    """A refusal (``{"errors": [...]}``, no data) served as the new type: never 2xx."""
    response.headers["content-type"] = GRAPHQL_RESPONSE_CONTENT_TYPE
    if response.status_code < 400:
        response.status_code = 400  # e.g. PERSISTED_QUERY_NOT_FOUND, 200 as application/json
    return response


def negotiated(response: Response, accept: str | None) -> Response:
    """A refusal in the media type ``accept`` prefers."""
    return as_graphql_response(response) if prefers_graphql_response(accept) else response


def negotiated_for_scope(response: Response, scope: Scope) -> Response:
    """A refusal made by a middleware in front of ``/graphql`` (413, 429), in the media type
    the request's ``Accept`` prefers; other paths (document downloads) keep JSON."""
    if scope.get("path") != "/graphql":
        return response
    return negotiated(response, Headers(scope=scope).get("accept"))

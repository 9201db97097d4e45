"""Media-type negotiation and status codes of GraphQL over HTTP (gateway.media_types)."""

from __future__ import annotations

from typing import Any

import pytest

from gateway.media_types import graphql_response_status, is_request_error, prefers_graphql_response

NEW = "application/graphql-response+json"


@pytest.mark.parametrize(
    "accept",
    [
        NEW,
        f"{NEW}; charset=utf-8",
        f"{NEW}, application/json",  # a tie: the client's first
        f"{NEW},application/json;q=0.9",  # Apollo Client 4
        f"{NEW}, application/graphql+json, application/json, text/event-stream",  # urql
        f"{NEW}; charset=utf-8, application/json; charset=utf-8",  # the spec's advice
        f"*/*, {NEW}",  # an explicit type beats a wildcard of the same weight
        "APPLICATION/GRAPHQL-RESPONSE+JSON;Q=1, application/json;q=0.5",
    ],
)
def test_the_new_type_when_the_client_prefers_it(accept: str) -> None:
    assert prefers_graphql_response(accept)


@pytest.mark.parametrize(
    "accept",
    [
        None,  # no Accept: application/json, for existing clients
        "",
        "*/*",
        "application/json",
        "application/json, multipart/mixed",  # GraphiQL
        f"application/json, {NEW}",
        f"application/json, {NEW};q=0.5",
        f"{NEW};q=0, */*",
        f"{NEW};q=oops, application/json",
        f"{NEW};q=0.2, application/*;q=0.8",
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    ],
)
def test_application_json_otherwise(accept: str | None) -> None:
    assert not prefers_graphql_response(accept)


SYNTAX = {"data": None, "errors": [{"message": "Syntax Error", "locations": []}]}
FIELD = {"data": None, "errors": [{"message": "Not found.", "path": ["me"]}]}
PARTIAL = {"data": {"me": None}, "errors": [{"message": "Not found.", "path": ["me"]}]}


@pytest.mark.parametrize(
    ("body", "expected"),
    [(SYNTAX, True), (FIELD, False), (PARTIAL, False), ({"data": {"a": 1}}, False)],
)
def test_a_request_error_has_null_data_and_no_error_at_a_field(
    body: dict[str, Any], expected: bool
) -> None:
    assert is_request_error(body) is expected


@pytest.mark.parametrize(
    ("body", "status", "expected"),
    [
        ({"data": {"a": 1}}, 200, 200),
        (FIELD, 200, 200),  # executed, data null: a partial response, 2xx
        ({"errors": [{"message": "Syntax Error"}]}, 200, 400),
        ({"errors": [{"message": "x", "extensions": {"code": "INTERNAL"}}]}, 200, 500),
        ({"errors": [{"message": "slow down", "extensions": {"code": "RATE_LIMITED"}}]}, 429, 429),
    ],
)
def test_status_as_the_new_type(body: dict[str, Any], status: int, expected: int) -> None:
    assert graphql_response_status(body, status) == expected

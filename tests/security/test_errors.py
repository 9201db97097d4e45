"""Errors leak nothing: unexpected ones are INTERNAL with the request id of the logs and the
X-Request-Id header; expected ones say what they are; back-end details stay in the logs."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from adapters.port import BackendUnavailable
from tests.security.logs_support import (
    PAYMENTS_WITH_LINES,
    bearer,
    fake_gateway,
    gateway_logging,
    post,
)
from tests.support.servers import serving

SECRETS_IN_EXCEPTION = (
    "POST http://127.0.0.1:8101/ws/MemberService failed: <soap:Envelope><soap:Body>"
    "<nir>1 85 12 75 999 123 45</nir><mail>jean.dupont@example.fr</mail>"
    "SELECT * FROM payments WHERE member = 10000001</soap:Body></soap:Envelope>"
)
LEAKS = ("Traceback", 'File "', "http://127.0.0.1", "soap:", "SELECT", "RuntimeError", "jean.")


def _boom(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError(SECRETS_IN_EXCEPTION)


def test_unexpected_exception_is_internal_with_the_request_id() -> None:
    app, fake = fake_gateway()
    fake.platform.search_payments = _boom  # type: ignore[method-assign]
    with gateway_logging() as logs, serving(app) as server:
        response = post(server.url, PAYMENTS_WITH_LINES)
    assert response.status_code == 200
    body = response.json()
    (error,) = body["errors"]
    request_id = response.headers["X-Request-Id"]
    assert error["extensions"] == {"code": "INTERNAL", "requestId": request_id}
    assert error["message"] == "Internal error."
    for leak in LEAKS:
        assert leak not in response.text, leak
    # The log has the whole story once, at ERROR, with the same id, scrubbed.
    errors = [line for line in logs.lines() if line["level"] == "ERROR"]
    assert len(errors) == 1, errors
    (logged,) = errors
    assert logged["request_id"] == request_id
    assert logged["logger"] == "strawberry.execution"
    assert logged["code"] == "INTERNAL" and logged["exc_type"] == "RuntimeError"
    assert "_boom" in logged["traceback"] and "RuntimeError" in logged["traceback"]
    assert "999 123 45" not in logs.text and "jean.dupont@example.fr" not in logs.text
    assert "[nir]" in logged["traceback"] and "[email]" in logged["traceback"]


def test_a_safe_incoming_request_id_is_kept_in_the_error_the_header_and_the_log() -> None:
    app, fake = fake_gateway()
    fake.platform.search_payments = _boom  # type: ignore[method-assign]
    with gateway_logging() as logs, serving(app) as server:
        response = post(server.url, PAYMENTS_WITH_LINES, {"X-Request-Id": "lb-4f1c2a9e77"})
    assert response.headers["X-Request-Id"] == "lb-4f1c2a9e77"
    assert response.json()["errors"][0]["extensions"]["requestId"] == "lb-4f1c2a9e77"
    assert [line["request_id"] for line in logs.lines() if line["level"] == "ERROR"] == [
        "lb-4f1c2a9e77"
    ]


def test_backend_failure_is_named_without_its_details_and_logged_as_a_warning() -> None:
    app, fake = fake_gateway()
    fake.calls.fail(
        "search_payments",
        BackendUnavailable(
            "HTTP 503 from http://10.1.2.3/api", platform="fake", operation="search_payments"
        ),
    )
    with gateway_logging() as logs, serving(app) as server:
        response = post(server.url, PAYMENTS_WITH_LINES)
    (error,) = response.json()["errors"]
    assert error["extensions"] == {"code": "BACKEND_UNAVAILABLE", "platform": "fake"}
    assert "10.1.2.3" not in response.text and "503" not in response.text
    (logged,) = [line for line in logs.lines() if line["logger"] == "strawberry.execution"]
    assert logged["level"] == "WARNING" and "traceback" not in logged
    assert logged["code"] == "BACKEND_UNAVAILABLE" and logged["platform"] == "fake"
    assert logged["operation"] == "search_payments"


@pytest.mark.parametrize(
    ("query", "headers", "code"),
    [
        ('{ node(id: "bm90LWFuLWlk") { id } }', {}, "NOT_FOUND"),
        ("{ me { nope } }", {}, "BAD_USER_INPUT"),
        (
            "mutation { setPaperlessStatements(enabled: true) { changeRequest { id } } }",
            bearer(roles=["beneficiary"], beneficiary="10000001-02"),
            "FORBIDDEN",
        ),
    ],
)
def test_expected_errors_say_what_they_are_and_log_at_info(
    query: str, headers: dict[str, str], code: str
) -> None:
    app, _ = fake_gateway()
    with gateway_logging() as logs, serving(app) as server:
        response = post(server.url, query, headers)
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == code
    assert error["message"] not in ("Internal error.", "")
    if code == "BAD_USER_INPUT":  # GraphQL's own validation message, which clients need
        assert "nope" in error["message"]
    logged = [line for line in logs.lines() if line["logger"] == "strawberry.execution"]
    assert [(line["level"], line["code"]) for line in logged] == [("INFO", code)]
    assert "traceback" not in logged[0]


def test_request_id_header_on_every_answer_and_unsafe_ids_replaced() -> None:
    app, _ = fake_gateway()
    with serving(app) as server:
        fresh = httpx.get(f"{server.url}/healthz")
        kept = httpx.get(f"{server.url}/healthz", headers={"X-Request-Id": "trace-0123abcd"})
        unsafe = [
            httpx.get(f"{server.url}/healthz", headers={"X-Request-Id": value})
            for value in ("2750412145844", "a b c d e f g h", "x" * 65, "short")
        ]
        unauthenticated = httpx.post(f"{server.url}/graphql", json={"query": "{ me { number } }"})
    assert len(fresh.headers["X-Request-Id"]) == 32
    assert kept.headers["X-Request-Id"] == "trace-0123abcd"
    for response, sent in zip(unsafe, ("2750412145844", "a b", "x" * 65, "short"), strict=True):
        assert sent not in response.headers["X-Request-Id"]
        assert len(response.headers["X-Request-Id"]) == 32
    assert len(unauthenticated.headers.get_list("X-Request-Id")) == 1

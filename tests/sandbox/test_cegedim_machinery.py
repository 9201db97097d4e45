"""Unit tests of the Cegedim-style platform's machinery: OpenAPI document, tokens, rate
limit, ETags, code tables, problem mapping. No server, no dataset."""

from __future__ import annotations

import re

import pytest
from openapi_spec_validator import validate
from starlette.requests import Request
from starlette.responses import Response

from sandbox.backoffice import BusinessError
from sandbox.cegedim import codes
from sandbox.cegedim import routes_documents as documents
from sandbox.cegedim import routes_insured as insured
from sandbox.cegedim import routes_messages as messages
from sandbox.cegedim import routes_reimbursements as reimbursements
from sandbox.cegedim import routes_requests as requests
from sandbox.cegedim.endpoint import API_PREFIX
from sandbox.cegedim.etag import conditional, etag_of
from sandbox.cegedim.oauth import TokenIssuer
from sandbox.cegedim.openapi import build_document
from sandbox.cegedim.problems import ApiProblem, from_business_error
from sandbox.cegedim.ratelimit import SlidingWindowLimiter

ENDPOINTS = (
    *insured.ENDPOINTS,
    *reimbursements.ENDPOINTS,
    *documents.ENDPOINTS,
    *requests.ENDPOINTS,
    *messages.ENDPOINTS,
)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def bearer_request(token: str, method: str = "GET", **headers: str) -> Request:
    raw = [(b"authorization", f"Bearer {token}".encode())]
    raw += [(k.lower().replace("_", "-").encode(), v.encode()) for k, v in headers.items()]
    return Request({"type": "http", "method": method, "headers": raw, "path": "/"})


def test_openapi_document_is_valid_and_lists_every_route() -> None:
    document = build_document(ENDPOINTS)
    validate(document)  # raises on any defect, including dangling $refs
    assert document["openapi"].startswith("3.1")
    documented = {
        (method.upper(), path) for path, item in document["paths"].items() for method in item
    }
    served = {(e.method, API_PREFIX + e.path) for e in ENDPOINTS}
    extra = {("POST", "/{tenant}/oauth/token"), ("GET", "/openapi.json")}
    assert documented == served | extra
    operation_ids = [
        op["operationId"] for item in document["paths"].values() for op in item.values()
    ]
    assert len(operation_ids) == len(set(operation_ids))
    flow = document["components"]["securitySchemes"]["oauth2"]["flows"]
    assert "clientCredentials" in flow
    problem = document["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "code", "detail"} <= set(problem["required"])


def test_every_path_parameter_is_declared() -> None:
    document = build_document(ENDPOINTS)
    for path, item in document["paths"].items():
        for operation in item.values():
            declared = {
                p["$ref"].rsplit("/", 1)[1] for p in operation.get("parameters", []) if "$ref" in p
            }
            assert set(re.findall(r"{(\w+)}", path)) <= declared, path


def test_tokens_expire_and_stay_in_their_tenant() -> None:
    clock = Clock()
    issuer = TokenIssuer(ttl_seconds=60, clock=clock)
    token = issuer.issue("bocage", "mutugraph-bocage")
    assert issuer.client_of(bearer_request(token), "bocage") == "mutugraph-bocage"
    with pytest.raises(ApiProblem) as foreign:
        issuer.client_of(bearer_request(token), "cevennes")
    assert foreign.value.status == 401
    assert 'error="invalid_token"' in foreign.value.headers["WWW-Authenticate"]
    clock.now += 60
    with pytest.raises(ApiProblem) as expired:
        issuer.client_of(bearer_request(token), "bocage")
    assert "expired" in expired.value.detail
    with pytest.raises(ApiProblem):
        issuer.client_of(bearer_request(""), "bocage")
    assert TokenIssuer(0.5, clock).expires_in == 1


def test_sliding_window_refuses_then_lets_through() -> None:
    clock = Clock()
    limiter = SlidingWindowLimiter(limit=3, window=1.0, clock=clock)
    for _ in range(3):
        limiter.check("a")
    with pytest.raises(ApiProblem) as refused:
        limiter.check("a")
    assert refused.value.status == 429
    assert refused.value.headers["Retry-After"] == "1"
    limiter.check("b")  # per client
    clock.now += 0.5
    with pytest.raises(ApiProblem):
        limiter.check("a")  # refused calls do not count, the first three still do
    clock.now += 0.5
    limiter.check("a")
    SlidingWindowLimiter(0, 1.0, clock).check("a")  # 0: no limit


def test_sliding_window_retry_after_counts_whole_seconds() -> None:
    clock = Clock()
    limiter = SlidingWindowLimiter(limit=1, window=10.0, clock=clock)
    limiter.check("a")
    clock.now += 2.5
    with pytest.raises(ApiProblem) as refused:
        limiter.check("a")
    assert refused.value.headers["Retry-After"] == "8"


def test_etag_and_if_none_match() -> None:
    body = b'{"a":1}'
    tag = etag_of(body)
    tagged = conditional(bearer_request("t"), Response(body, media_type="application/json"))
    assert tagged.headers["ETag"] == tag and tag.startswith('"')
    for header in (tag, f'"other", W/{tag}', "*"):
        request = bearer_request("t", if_none_match=header)
        not_modified = conditional(request, Response(body))
        assert not_modified.status_code == 304 and not_modified.body == b""
        assert not_modified.headers["ETag"] == tag
    changed = conditional(bearer_request("t", if_none_match=tag), Response(b'{"a":2}'))
    assert changed.status_code == 200
    posted = conditional(bearer_request("t", method="POST"), Response(body))
    assert "ETag" not in posted.headers


def test_business_errors_map_to_4xx() -> None:
    expected = {
        "UNKNOWN_MEMBER": 404,
        "UNKNOWN_PAYMENT": 404,
        "COLLECTIVE_CONTRACT": 409,
        "INVALID_IBAN": 422,
        "INVALID_REQUEST": 400,
        "SOMETHING_NEW": 422,
    }
    for code, status in expected.items():
        problem = from_business_error(BusinessError(code, "refused"))
        assert problem.status == status
        assert problem.code == code


def test_code_tables_round_trip() -> None:
    assert codes.coded(codes.RELATIONSHIP, "06") == {"code": "CHILD", "label": "Enfant"}
    assert codes.reverse(codes.RECIPIENT, "PROFESSIONAL") == "professional"
    assert codes.reverse(codes.RECIPIENT, "NOPE") is None
    assert codes.coded(codes.CARE_CATEGORY, "nouveau")["code"] == "NOUVEAU"

"""Rate limits per viewer and per client address: RATE_LIMITED, HTTP 429, ``Retry-After``.

The counters' clock is frozen (1000.0 s after the epoch: the 60 s window ends at 1020.0),
so no test depends on where a window boundary falls. Redis tests use the local Redis
(db 14, a key prefix of their own) and are skipped when it does not answer.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import jwt
import pytest
import redis
from cryptography.hazmat.primitives.asymmetric import ec
from starlette.applications import Starlette

from gateway.demo_issuer import DEMO_AUDIENCE, DEMO_ISSUER
from gateway.limits.counters import MemoryCounters
from gateway.limits.errors import Refusal
from gateway.limits.settings import LimitSettings, parse_networks
from gateway.ratelimit import RateLimiter, client_address
from tests.security.limits_support import bearer, counted_app
from tests.support.servers import ServerThread, free_port, serving

NOW = 1000.0
REDIS_URL = "redis://127.0.0.1:6379/14"
ME = {"query": "{ me { number } }"}


def frozen(app: Starlette, now: float = NOW) -> Starlette:
    """The app with its rate-limit clock stopped at ``now``."""
    limiter = app.state.guard.limiter
    limiter.clock = limiter.counters.clock = lambda: now
    return app


def limited_app(**variables: str) -> Starlette:
    environ = {f"MUTUGRAPH_RATE_LIMIT_{k.upper()}": v for k, v in variables.items()}
    app, _ = counted_app(environ)
    return frozen(app)


def post(server: ServerThread, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.post(
        f"{server.url}/graphql",
        json=body,
        headers=bearer() if headers is None else headers,
        timeout=20,
    )


def assert_limited(response: httpx.Response, retry_after: int = 20) -> None:
    assert response.status_code == 429
    assert response.headers["retry-after"] == str(retry_after)
    assert response.json() == {
        "errors": [
            {
                "message": f"Too many requests; retry in {retry_after} s.",
                "extensions": {"code": "RATE_LIMITED", "retryAfter": retry_after},
            }
        ]
    }


@pytest.mark.integration
def test_viewer_limit_in_memory() -> None:
    with serving(limited_app(viewer="3", address="0")) as server:
        for _ in range(3):
            assert post(server, ME).status_code == 200
        assert_limited(post(server, ME))
        # Another viewer has a budget of their own.
        other = post(server, {"query": "{ me { number } }"}, bearer("bocage", "20000001"))
        assert other.json() == {"data": {"me": {"number": "20000001"}}}


@pytest.mark.integration
def test_a_batch_counts_each_operation() -> None:
    with serving(limited_app(viewer="3", address="0")) as server:
        assert post(server, [ME, ME]).status_code == 200
        assert_limited(post(server, [ME, ME]))


@pytest.mark.integration
def test_address_limit_comes_before_authentication() -> None:
    with serving(limited_app(viewer="0", address="2")) as server:
        assert post(server, ME, headers={}).status_code == 401
        assert post(server, ME, headers={}).status_code == 401
        assert_limited(post(server, ME, headers={}))
        assert_limited(post(server, ME))  # the same address, with a token now
        assert_limited(httpx.get(f"{server.url}/documents/some-token", timeout=20))
        assert httpx.get(f"{server.url}/healthz", timeout=20).status_code == 200  # not limited


@pytest.mark.integration
def test_refusals_in_front_of_graphql_follow_the_accepted_media_type() -> None:
    """The address limit and the body limit answer before GraphQL runs, in the media type
    the client prefers (GraphQL over HTTP); document downloads keep JSON."""
    new_type = {"Accept": "application/graphql-response+json, application/json"}
    with serving(limited_app(viewer="0", address="1")) as server:
        assert post(server, ME).status_code == 200
        limited = post(server, ME, {**bearer(), **new_type})
        assert limited.status_code == 429 and limited.headers["retry-after"] == "20"
        assert limited.headers["content-type"].startswith("application/graphql-response+json")
        assert limited.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        download = httpx.get(f"{server.url}/documents/some-token", headers=new_type, timeout=20)
        assert download.headers["content-type"] == "application/json"
    with serving(limited_app(viewer="0", address="0")) as server:
        padding = {"query": "{ me { number } }", "variables": {"p": "x" * (1024 * 1024)}}
        large = post(server, padding, {**bearer(), **new_type})
        assert large.status_code == 413
        assert large.headers["content-type"].startswith("application/graphql-response+json")


@pytest.mark.integration
def test_forged_tokens_do_not_spend_a_viewers_budget() -> None:
    forger = ec.generate_private_key(ec.SECP256R1())
    claims = {
        "iss": DEMO_ISSUER,
        "aud": DEMO_AUDIENCE,
        "sub": "10000001",
        "tenant": "azur",
        "roles": ["member"],
        "iat": 1_700_000_000,
        "exp": 4_000_000_000,
    }
    forged = {"Authorization": "Bearer " + jwt.encode(claims, forger, algorithm="ES256")}
    with serving(limited_app(viewer="2", address="0")) as server:
        for _ in range(4):
            assert post(server, ME, headers=forged).status_code == 401
        assert post(server, ME).status_code == 200
        assert post(server, ME).status_code == 200
        assert_limited(post(server, ME))


def test_client_address_behind_trusted_proxies() -> None:
    def scope(peer: str, forwarded: str | None = None) -> dict[str, Any]:
        headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
        return {"client": (peer, 40000), "headers": headers}

    proxies = parse_networks("10.0.0.0/8, 192.168.1.10")
    # Without trusted proxies, X-Forwarded-For is ignored (anyone can send it).
    assert client_address(scope("203.0.113.9", "198.51.100.1")) == "203.0.113.9"
    assert client_address(scope("203.0.113.9", "198.51.100.1"), proxies) == "203.0.113.9"
    # Behind trusted proxies: the nearest address that is not one of them.
    chain = "198.51.100.1, 203.0.113.50, 10.1.2.3"
    assert client_address(scope("192.168.1.10", chain), proxies) == "203.0.113.50"
    assert client_address(scope("10.0.0.1", "198.51.100.7"), proxies) == "198.51.100.7"
    assert client_address(scope("10.0.0.1"), proxies) == "10.0.0.1"
    assert client_address({"headers": []}) == "unknown"
    with pytest.raises(ValueError, match="MUTUGRAPH_TRUSTED_PROXIES"):
        parse_networks("10.0.0.0/8, proxy.example")


@pytest.mark.anyio
async def test_windows_in_memory() -> None:
    now = [NOW]
    limiter = RateLimiter(
        LimitSettings(rate_limit_viewer=2, rate_limit_window_seconds=60),
        counters=MemoryCounters(lambda: now[0]),
    )
    await limiter.check_viewer("azur", "10000001")
    await limiter.check_viewer("azur", "10000001")
    with pytest.raises(Refusal) as refused:
        await limiter.check_viewer("azur", "10000001")
    assert refused.value.status == 429 and refused.value.headers == {"Retry-After": "20"}
    now[0] = 1020.0  # the next window: a new budget
    await limiter.check_viewer("azur", "10000001")
    await limiter.check_viewer("azur", "10000001", weight=1)


# -- Redis: several gateway processes share the budgets -----------------------------------


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        client.close()
        pytest.skip("no Redis at 127.0.0.1:6379")
    prefix = f"mutugraph-test:{uuid.uuid4().hex}:"
    try:
        yield prefix
    finally:
        keys = list(client.scan_iter(f"{prefix}*"))
        if keys:
            client.delete(*keys)
        client.close()


@pytest.mark.integration
def test_two_gateways_share_the_limits_in_redis(redis_prefix: str) -> None:
    environ = {
        "MUTUGRAPH_REDIS_URL": REDIS_URL,
        "MUTUGRAPH_RATE_LIMIT_KEY_PREFIX": redis_prefix,
        "MUTUGRAPH_RATE_LIMIT_VIEWER": "3",
        "MUTUGRAPH_RATE_LIMIT_ADDRESS": "0",
    }
    first, _ = counted_app(environ)
    second, _ = counted_app(environ)
    with serving(frozen(first)) as one, serving(frozen(second)) as two:
        assert post(one, ME).status_code == 200
        assert post(two, ME).status_code == 200
        assert post(one, ME).status_code == 200
        assert_limited(post(two, ME))  # the fourth operation, counted by both processes
    client = redis.Redis.from_url(REDIS_URL)
    try:
        keys = [key.decode() for key in client.scan_iter(f"{redis_prefix}*")]
        assert len(keys) == 1 and keys[0].startswith(f"{redis_prefix}viewer:")
        assert "10000001" not in keys[0]  # a hash of the viewer, not the member number
        assert 0 < client.ttl(keys[0]) <= 61
    finally:
        client.close()


@pytest.mark.anyio
async def test_redis_down_fails_open_with_one_warning(caplog: pytest.LogCaptureFixture) -> None:
    limits = LimitSettings(rate_limit_viewer=1)
    limiter = RateLimiter(limits, f"redis://127.0.0.1:{free_port()}/0", clock=lambda: NOW)
    limiter.counters.clock = lambda: NOW  # type: ignore[attr-defined]
    with caplog.at_level(logging.WARNING, logger="gateway.ratelimit"):
        for _ in range(5):
            await limiter.check_viewer("azur", "10000001")  # never refused
    await limiter.aclose()
    warnings = [r for r in caplog.records if r.name == "gateway.ratelimit"]
    assert len(warnings) == 1
    assert "10000001" not in warnings[0].getMessage()
    assert "127.0.0.1" not in warnings[0].getMessage()

"""Cegedim adapter, unit (httpx.MockTransport): the OAuth2 token cache, 401 and 429
handling, ETag revalidation, settings."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from adapters.port import BackendUnavailable, MemberRef, PaymentQuery
from adapters.registry import BackendSpec
from adapters.rest.cegedim import CegedimSettings, create_platform
from adapters.rest.cegedim.etags import EtagCache
from tests.adapters.test_cegedim_support import (
    FakeApi,
    FakeClock,
    Sleeps,
    insured_body,
    ok,
    platform,
    problem,
    raised,
    request_body,
)

pytestmark = pytest.mark.anyio
ALICE = MemberRef("bocage", "20000001")
PAGE = {"content": [], "page": 0, "size": 20, "totalElements": 0, "totalPages": 0}


def many(count: int) -> list[MemberRef]:
    return [MemberRef("bocage", f"2{i:07d}") for i in range(1, count + 1)]


def serve_insureds(api: FakeApi, refs: list[MemberRef]) -> None:
    for ref in refs:
        api.on("GET", f"/insureds/{ref.number}", ok(insured_body(ref.number)))


# -- token cache -------------------------------------------------------------------------
async def test_concurrent_calls_share_one_token_request() -> None:
    api = FakeApi()
    refs = many(12)
    serve_insureds(api, refs)
    cegedim = platform(api)
    batch, *singles = await asyncio.gather(
        cegedim.members(refs), *(cegedim.members([ref]) for ref in refs)
    )
    assert [m.ref for m in batch] == refs  # type: ignore[union-attr]
    assert all(not isinstance(s[0], Exception) for s in singles)
    assert api.token_calls == 1
    assert cegedim.http.tokens.fetches == 1
    assert len(api.requests) == 24


async def test_token_is_reused_then_refreshed_before_expiry() -> None:
    api, clock = FakeApi(), FakeClock()
    api.expires_in = 100  # margin: a fifth, so the token is renewed after 80 s
    serve_insureds(api, [ALICE])
    cegedim = platform(api, clock)
    await cegedim.members([ALICE])
    clock.now += 79
    await cegedim.members([ALICE])
    assert api.token_calls == 1
    clock.now += 2  # 81 s: still valid on the platform, but renewed ahead of expiry
    await cegedim.members([ALICE])
    assert api.token_calls == 2
    assert api.requests[-1].headers["authorization"] == "Bearer t2"


async def test_a_401_drops_the_token_and_retries_once_with_a_fresh_one() -> None:
    api = FakeApi()
    refs = many(5)
    serve_insureds(api, refs)
    cegedim = platform(api)
    await cegedim.members(refs[:1])
    api.revoke_all()  # the platform forgot every token (restart): all calls get 401
    found = await cegedim.members(refs)
    assert [m.ref for m in found] == refs  # type: ignore[union-attr]
    assert api.token_calls == 2  # one refresh for the five concurrent 401s
    assert len(api.requests) == 1 + 5 + 5


async def test_a_second_401_is_backend_unavailable_without_looping() -> None:
    api = FakeApi()
    api.on("GET", "/insureds/20000001", problem(401, "UNAUTHORIZED"))
    cegedim = platform(api)
    error = await raised(cegedim.members([ALICE]))
    assert isinstance(error, BackendUnavailable)
    assert (error.platform, error.operation) == ("cegedim", "members")
    assert len(api.requests) == 2
    assert api.token_calls == 2


async def test_a_failing_token_endpoint_is_called_once_for_concurrent_calls() -> None:
    api = FakeApi()
    api.token_response = httpx.Response(401, json={"error": "invalid_client"})
    cegedim = platform(api)
    error = await raised(cegedim.members(many(6)))
    assert isinstance(error, BackendUnavailable) and not error.retry_safe
    assert "s3cret" not in str(error)
    assert api.token_calls == 1
    assert api.requests == []


# -- 429 ---------------------------------------------------------------------------------
async def test_a_read_waits_for_a_short_retry_after_then_succeeds() -> None:
    api, sleeps = FakeApi(), Sleeps()
    limited = problem(429, "RATE_LIMITED", headers={"Retry-After": "1"})
    api.on("GET", "/insureds/20000001", limited, ok(insured_body()))
    (member,) = await platform(api, sleep=sleeps).members([ALICE])
    assert member.ref == ALICE  # type: ignore[union-attr]
    assert sleeps.waits == [1.0]
    assert len(api.requests) == 2


async def test_429_retries_are_bounded() -> None:
    api, sleeps = FakeApi(), Sleeps()
    api.on("GET", "/insureds/20000001", problem(429, "RATE_LIMITED", headers={"Retry-After": "1"}))
    error = await raised(platform(api, sleep=sleeps).members([ALICE]))
    assert isinstance(error, BackendUnavailable)
    assert error.retry_after == 1.0
    assert sleeps.waits == [1.0, 1.0]
    assert len(api.requests) == 3


async def test_a_long_retry_after_is_not_waited_for() -> None:
    api, sleeps = FakeApi(), Sleeps()
    api.on("GET", "/insureds/20000001", problem(429, "RATE_LIMITED", headers={"Retry-After": "30"}))
    error = await raised(platform(api, sleep=sleeps).members([ALICE]))
    assert isinstance(error, BackendUnavailable)
    assert error.retry_after == 30.0
    assert sleeps.waits == []


async def test_a_wait_longer_than_the_budget_is_not_attempted() -> None:
    api, sleeps = FakeApi(), Sleeps()
    api.on("GET", "/insureds/20000001", problem(429, "RATE_LIMITED", headers={"Retry-After": "1"}))
    error = await raised(platform(api, sleep=sleeps, timeout="0.5").members([ALICE]))
    assert isinstance(error, BackendUnavailable)
    assert sleeps.waits == []


async def test_a_change_refused_with_429_is_not_retried() -> None:
    api, sleeps = FakeApi(), Sleeps()
    limited = problem(429, "RATE_LIMITED", headers={"Retry-After": "1"})
    api.on("POST", "/insureds/20000001/requests/cardReissues", limited, ok(request_body(), 201))
    with pytest.raises(BackendUnavailable) as caught:
        await platform(api, sleep=sleeps).request_tp_card(ALICE)
    assert caught.value.retry_after == 1.0
    assert caught.value.retry_safe  # refused before the platform acted
    assert sleeps.waits == []
    assert len(api.requests) == 1


# -- ETags -------------------------------------------------------------------------------
async def test_a_repeated_get_sends_the_etag_and_reuses_the_body_on_304() -> None:
    api, clock = FakeApi(), FakeClock()

    def answer(request: httpx.Request) -> httpx.Response:
        if request.headers.get("if-none-match") == '"v1"':
            return httpx.Response(304, headers={"ETag": '"v1"'})
        return ok(insured_body(), headers={"ETag": '"v1"'})

    api.on("GET", "/insureds/20000001", answer)
    cegedim = platform(api, clock)
    first = await cegedim.members([ALICE])
    second = await cegedim.members([ALICE])
    assert first == second
    assert "if-none-match" not in api.requests[0].headers
    assert api.requests[1].headers["if-none-match"] == '"v1"'
    assert cegedim.http.etags.hits == 1
    clock.now += 61  # older than etag_max_age: dropped, asked again in full
    await cegedim.members([ALICE])
    assert "if-none-match" not in api.requests[2].headers


async def test_search_is_revalidated_per_query() -> None:
    api = FakeApi()
    api.on("GET", "/insureds/20000001/reimbursements", ok(PAGE, headers={"ETag": '"p"'}))
    cegedim = platform(api)
    await cegedim.search_payments(ALICE, PaymentQuery(limit=10))
    await cegedim.search_payments(ALICE, PaymentQuery(limit=10, offset=10))
    assert "if-none-match" not in api.requests[1].headers  # another page, another URL


def test_the_etag_cache_is_bounded_in_entries_and_age() -> None:
    clock = FakeClock()
    cache = EtagCache(max_entries=2, max_age=60, clock=clock)
    cache.put("a", '"1"', {"a": 1})
    cache.put("b", '"2"', {"b": 2})
    assert cache.get("a") is not None  # a is now the most recently used
    cache.put("c", '"3"', {"c": 3})
    assert cache.get("b") is None and len(cache) == 2
    clock.now += 61
    assert cache.get("a") is None and cache.get("c") is None


# -- settings and factory ----------------------------------------------------------------
def test_factory_does_no_io_and_keeps_the_secret_out_of_reprs() -> None:
    spec = BackendSpec(
        "cegedim",
        "http://127.0.0.1:1/bocage/",
        {"client_id": "c", "client_secret": "s3cret"},
        {"timeout": "1.5", "concurrency": "4"},
    )
    bundle = create_platform("bocage", spec)
    adapter = bundle.directory
    assert bundle.name == "cegedim" and bundle.resources == (adapter,)
    assert adapter.http.settings.base_url == "http://127.0.0.1:1/bocage"  # type: ignore[attr-defined]
    assert adapter.http.settings.timeout == 1.5  # type: ignore[attr-defined]
    assert "s3cret" not in repr(adapter.http.settings)  # type: ignore[attr-defined]
    assert "s3cret" not in repr(adapter.http.tokens)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("endpoint", "credentials", "options"),
    [
        ("ftp://x", {"client_id": "c", "client_secret": "s"}, {}),
        ("http://x", {"client_id": "c"}, {}),
        ("http://x", {"client_id": "c", "client_secret": "s"}, {"timeout": "soon"}),
        ("http://x", {"client_id": "c", "client_secret": "s"}, {"page_size": "500"}),
        ("http://x", {"client_id": "c", "client_secret": "s"}, {"retries": "3"}),
    ],
)
def test_bad_settings_fail_at_start_up(
    endpoint: str, credentials: dict[str, str], options: dict[str, str]
) -> None:
    with pytest.raises(ValueError, match="cegedim"):
        CegedimSettings.from_spec(endpoint, credentials, options)


async def test_aclose_closes_the_client_and_forgets_cached_answers() -> None:
    api = FakeApi()
    api.on("GET", "/insureds/20000001", ok(insured_body(), headers={"ETag": '"v1"'}))
    cegedim = platform(api)
    await cegedim.members([ALICE])
    client = cegedim.http._client
    assert client is not None and len(cegedim.http.etags) == 1
    await cegedim.aclose()
    assert client.is_closed and len(cegedim.http.etags) == 0

"""The aiocache wrapper: lossless records, cached None, single flight, loops, Redis."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum

import pytest
from redis import asyncio as aioredis

from adapters.cache import MISSING, ReadThroughCache, backend_factory
from adapters.codec import CodecError, RecordCodec

REDIS_URL = "redis://127.0.0.1:6379/15"
SECRET = b"tests-cache-secret-0123456789abcdef"


class Kind(Enum):
    CARE = "care"


@dataclass(frozen=True)
class Line:
    paid_on: date
    amount: Decimal
    kind: Kind
    at: datetime
    codes: tuple[str, ...]
    tags: frozenset[str]
    note: str | None = None


LINE = Line(
    date(2026, 3, 1),
    Decimal("21.00"),
    Kind.CARE,
    datetime(2026, 3, 1, 8, 30, tzinfo=UTC),
    ("G", "AMI 1"),
    frozenset({"x"}),
)
CODEC = RecordCodec(allowed_modules=("tests.adapters",))


def test_codec_round_trips_records_dates_and_decimals() -> None:
    assert CODEC.loads(CODEC.dumps({"items": [LINE, None]})) == {"items": [LINE, None]}


def test_codec_refuses_types_outside_the_allow_list() -> None:
    forged = '{"$r": "os:system", "f": {}}'
    with pytest.raises(CodecError):
        CODEC.loads(forged)


def test_codec_error_does_not_echo_the_value() -> None:
    with pytest.raises(CodecError) as info:
        CODEC.dumps(object.__new__(type("Secret", (), {"__repr__": lambda s: "2950875123456"})))
    assert "2950875123456" not in str(info.value)


class Loader:
    def __init__(self, value: object) -> None:
        self.value = value
        self.calls = 0

    async def __call__(self) -> object:
        self.calls += 1
        await asyncio.sleep(0.01)
        return self.value


@pytest.mark.anyio
@pytest.mark.parametrize("redis_url", [None, REDIS_URL], ids=["memory", "redis"])
async def test_single_flight_and_cached_none(redis_url: str | None) -> None:
    cache = ReadThroughCache(backend_factory(redis_url, CODEC, SECRET), namespace="test:cache")
    await cache.invalidate(("t", "none"))
    await cache.invalidate(("t", "line"))
    none_loader, line_loader = Loader(None), Loader(LINE)
    results = await asyncio.gather(
        *[cache.get_or_load(("t", "line"), 30, line_loader) for _ in range(20)]
    )
    assert results == [LINE] * 20 and line_loader.calls == 1
    assert await cache.get_or_load(("t", "none"), 30, none_loader) is None
    assert await cache.get_or_load(("t", "none"), 30, none_loader) is None
    assert none_loader.calls == 1
    await cache.close()


def test_cache_survives_a_new_event_loop() -> None:
    cache = ReadThroughCache(backend_factory(None, CODEC))
    loader = Loader(LINE)
    assert asyncio.run(cache.get_or_load(("k",), 30, loader)) == LINE
    # A new loop gets a new backend (memory): loads again rather than crashing.
    assert asyncio.run(cache.get_or_load(("k",), 30, loader)) == LINE


@pytest.mark.anyio
async def test_zero_ttl_never_caches() -> None:
    cache = ReadThroughCache(backend_factory(None, CODEC))
    loader = Loader(LINE)
    await cache.get_or_load(("k",), 0, loader)
    await cache.get_or_load(("k",), 0, loader)
    assert loader.calls == 2


@pytest.mark.anyio
async def test_redis_down_is_bypassed() -> None:
    cache = ReadThroughCache(backend_factory("redis://127.0.0.1:1/0", CODEC, SECRET))
    loader = Loader(LINE)
    assert await cache.get_or_load(("k",), 30, loader) == LINE
    assert loader.calls == 1


def test_keys_hide_what_they_name() -> None:
    cache = ReadThroughCache(backend_factory(None, CODEC))
    assert "10000001" not in cache.key(("azur", "member", "10000001"))


@pytest.mark.anyio
async def test_failed_load_is_not_cached_and_reaches_every_waiter() -> None:
    cache = ReadThroughCache(backend_factory(None, CODEC))
    calls = 0

    async def failing() -> object:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.01)
        raise RuntimeError("backend down")

    results = await asyncio.gather(
        *[cache.get_or_load(("f",), 30, failing) for _ in range(5)], return_exceptions=True
    )
    assert all(isinstance(r, RuntimeError) for r in results) and calls == 1
    with pytest.raises(RuntimeError):
        await cache.get_or_load(("f",), 30, failing)
    assert calls == 2


@pytest.mark.anyio
@pytest.mark.parametrize("redis_url", [None, REDIS_URL], ids=["memory", "redis"])
async def test_get_many_and_set_many(redis_url: str | None) -> None:
    cache = ReadThroughCache(backend_factory(redis_url, CODEC, SECRET), namespace="test:cache:many")
    for parts in (("m", "a"), ("m", "b"), ("m", "c")):
        await cache.invalidate(parts)
    await cache.set_many([(("m", "a"), LINE), (("m", "b"), None)], 30)
    await cache.set_many([(("m", "c"), LINE)], 0)  # TTL 0: not stored
    assert await cache.get_many([("m", "a"), ("m", "b"), ("m", "c")]) == [LINE, None, MISSING]
    await cache.close()


@pytest.mark.anyio
async def test_get_or_load_many_loads_the_missing_keys_once_in_order() -> None:
    cache = ReadThroughCache(backend_factory(None, CODEC))
    asked: list[list[str]] = []

    async def load(keys: list[str]) -> list[object]:
        asked.append(keys)
        await asyncio.sleep(0.01)
        return [None if k == "none" else ValueError(k) if k == "bad" else k.upper() for k in keys]

    def keep(value: object) -> float:
        return 0 if isinstance(value, ValueError) else 30

    await cache.get_or_load_many(["b"], lambda k: ("x", k), 30, load)
    first, second = await asyncio.gather(
        cache.get_or_load_many(
            ["a", "b", "bad", "a", "none"], lambda k: ("x", k), 30, load, ttl_of=keep
        ),
        cache.get_or_load_many(["none", "c"], lambda k: ("x", k), 30, load, ttl_of=keep),
    )
    assert first[:2] == ["A", "B"] and first[3:] == ["A", None] and isinstance(first[2], ValueError)
    assert second == [None, "C"]
    assert asked == [["b"], ["a", "bad", "none"], ["c"]]  # "none" shared with the first batch
    again = await cache.get_or_load_many(
        ["a", "bad", "none"], lambda k: ("x", k), 30, load, ttl_of=keep
    )
    assert again[0] == "A" and again[2] is None and asked[-1] == ["bad"]  # errors not kept


@pytest.mark.anyio
async def test_a_load_in_flight_during_an_invalidation_stores_nothing() -> None:
    cache = ReadThroughCache(backend_factory(None, CODEC))
    loader = Loader(LINE)
    loading = asyncio.ensure_future(cache.get_or_load(("k",), 30, loader))
    await asyncio.sleep(0)  # the load has started
    await cache.invalidate(("k",))  # e.g. the member changed their address meanwhile
    assert await loading == LINE  # its own caller still gets an answer
    assert await cache.get_many([("k",)]) == [MISSING]  # but it was not stored
    assert await cache.get_or_load(("k",), 30, loader) == LINE and loader.calls == 2


@pytest.mark.anyio
async def test_redis_holds_sealed_values_bound_to_their_key() -> None:
    """Member and health data never sit in Redis in clear; a value copied under another
    key, altered, or sealed with another secret is a miss, never someone else's data."""
    namespace = "test:cache:sealed"
    cache = ReadThroughCache(backend_factory(REDIS_URL, CODEC, SECRET), namespace=namespace)
    mine, theirs = ("member", "10000001"), ("member", "10000002")
    for parts in (mine, theirs):
        await cache.invalidate(parts)
    await cache.set_many([(mine, LINE)], 30)
    client = aioredis.Redis.from_url(REDIS_URL)
    try:
        raw = await client.get(cache.key(mine))
        assert raw and b"AMI" not in raw and b"21.00" not in raw and b"2026" not in raw
        await client.set(cache.key(theirs), raw, px=30_000)  # moved to another member's key
        assert await cache.get_many([mine, theirs]) == [LINE, MISSING]
        other = ReadThroughCache(backend_factory(REDIS_URL, CODEC, b"another-secret-0123456789"))
        other._namespace = namespace  # same keys, another deployment's secret
        assert await other.get_many([mine]) == [MISSING]
        await other.close()
        await client.set(cache.key(mine), raw[:-4] + b"AAAA", px=30_000)  # altered
        assert await cache.get_many([mine]) == [MISSING]
    finally:
        await client.delete(cache.key(mine), cache.key(theirs))
        await client.aclose()
        await cache.close()


def test_a_shared_cache_needs_a_secret() -> None:
    with pytest.raises(ValueError, match="secret"):
        backend_factory(REDIS_URL, CODEC)

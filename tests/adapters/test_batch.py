"""The per-key fan-out shared by adapters: order, duplicates, bounds, whole failure."""

from __future__ import annotations

import asyncio

import pytest

from adapters.batch import per_key
from adapters.port.errors import BackendUnavailable, NotFound


@pytest.mark.anyio
async def test_results_in_key_order_one_call_per_distinct_key_bounded() -> None:
    calls: list[str] = []
    in_flight = peak = 0

    async def fetch(key: str) -> str:
        nonlocal in_flight, peak
        calls.append(key)
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        if key == "missing":
            raise NotFound(platform="p", operation="o")
        return key.upper()

    results = await per_key(["b", "a", "missing", "b", "c"], fetch, concurrency=2)
    assert results[:2] == ["B", "A"] and results[3:] == ["B", "C"]
    assert isinstance(results[2], NotFound)
    assert sorted(calls) == ["a", "b", "c", "missing"] and peak <= 2


@pytest.mark.anyio
async def test_every_key_out_of_reach_fails_the_batch() -> None:
    async def fetch(key: str) -> str:
        raise BackendUnavailable(platform="p", operation="o")

    with pytest.raises(BackendUnavailable):
        await per_key(["a", "b"], fetch, concurrency=4)


@pytest.mark.anyio
async def test_empty_batch_makes_no_call() -> None:
    async def fetch(key: str) -> str:
        raise AssertionError("no call expected")

    assert await per_key([], fetch, concurrency=1) == []

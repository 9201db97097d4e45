"""Fixed-window hit counters for the rate limits: in memory, or in Redis to share them.

``hit(key, weight, window)`` adds ``weight`` to the key's counter for the current window
(``window`` seconds, aligned on the epoch) and returns the new count and the seconds
until the window ends. In Redis, one ``INCRBY`` + ``EXPIRE`` transaction per hit, so that
every gateway process sharing the Redis counts against the same budget; windows are
aligned on each process's clock (keep the clocks in sync, as NTP does).

If Redis fails, :class:`RedisCounters` raises :class:`CounterUnavailable` and then does
not try again for a few seconds: the rate limiter lets requests through meanwhile (a
broken shared counter must not take the gateway down).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from redis import asyncio as redis_asyncio
from redis.exceptions import RedisError

Clock = Callable[[], float]
RETRY_REDIS_AFTER_SECONDS = 5.0
REDIS_TIMEOUT_SECONDS = 0.25  # a rate limit must never slow requests down much


@dataclass(frozen=True, slots=True)
class Hit:
    count: int  # hits in the window, this one included
    reset_in: float  # seconds until the window ends


class CounterUnavailable(RuntimeError):
    """The shared counter store did not answer."""


class Counters(Protocol):
    async def hit(self, key: str, weight: int, window: int) -> Hit: ...

    async def aclose(self) -> None: ...


def _window(now: float, window: int) -> tuple[int, float]:
    index = math.floor(now / window)
    return index, (index + 1) * window - now


class MemoryCounters:
    """Counters of this process only (the default, and the fallback of tests)."""

    def __init__(self, clock: Clock = time.time) -> None:
        self.clock = clock
        self._counts: dict[str, tuple[int, int]] = {}  # key -> (window index, count)
        self._sweep_at = 0.0

    async def hit(self, key: str, weight: int, window: int) -> Hit:
        now = self.clock()
        index, reset_in = _window(now, window)
        self._sweep(now, window)
        known = self._counts.get(key)
        count = (known[1] if known is not None and known[0] == index else 0) + weight
        self._counts[key] = (index, count)
        return Hit(count, reset_in)

    def _sweep(self, now: float, window: int) -> None:
        """Forget the keys of past windows, once per window: memory stays bounded."""
        if now < self._sweep_at:
            return
        current, _ = _window(now, window)
        self._counts = {k: v for k, v in self._counts.items() if v[0] >= current}
        self._sweep_at = now + window

    async def aclose(self) -> None:
        self._counts.clear()


class RedisCounters:
    """Counters in Redis, shared by every gateway process using the same URL and prefix."""

    def __init__(self, url: str, prefix: str, clock: Clock = time.time) -> None:
        self.url = url
        self.prefix = prefix
        self.clock = clock
        self._client: redis_asyncio.Redis | None = None
        self._down_until = 0.0

    def _redis(self) -> redis_asyncio.Redis:
        # Created on first use, inside the server's event loop (connections belong to it).
        if self._client is None:
            self._client = redis_asyncio.Redis.from_url(
                self.url,
                socket_timeout=REDIS_TIMEOUT_SECONDS,
                socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
            )
        return self._client

    async def hit(self, key: str, weight: int, window: int) -> Hit:
        now = self.clock()
        if now < self._down_until:
            raise CounterUnavailable("Redis unavailable (retrying soon)")
        index, reset_in = _window(now, window)
        name = f"{self.prefix}{key}:{index}"
        try:
            async with self._redis().pipeline(transaction=True) as pipe:
                pipe.incrby(name, weight)
                pipe.expire(name, window + 1)
                count, _ = await pipe.execute()
        except (RedisError, OSError) as exc:
            self._down_until = now + RETRY_REDIS_AFTER_SECONDS
            raise CounterUnavailable(type(exc).__name__) from exc
        return Hit(int(count), reset_in)

    async def aclose(self) -> None:
        if self._client is not None:
            client, self._client = self._client, None
            await client.aclose()

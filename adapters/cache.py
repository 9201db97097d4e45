"""The read-through cache in front of back-end calls, wrapping aiocache 0.12.

aiocache is the chosen library but its last release has traps this module closes:

- values go through :class:`~adapters.codec.RecordCodec` (dates and Decimals survive, no
  pickle, nothing of the value is ever logged);
- ``None`` is a real cached answer (stored wrapped), not "missing";
- concurrent misses for one key share one load (single flight per process), so a cold
  key under load costs one back-end call, not one per request;
- the aiocache backend is made lazily inside the running event loop and remade if the loop
  changes (a cache made at import time is tied to the first loop);
- keys are hashed: no member number, let alone a NIR, appears in Redis; values there are
  sealed (AES-256-GCM, :mod:`adapters.cache_cipher`) and name their key, so a value moved
  to another key is a miss;
- a cache that fails (Redis down) is bypassed with a warning: it is an optimisation;
- batches (:meth:`ReadThroughCache.get_or_load_many`) read every key at once and load only
  the missing ones, in one call, with the same single flight per key;
- :meth:`ReadThroughCache.invalidate` also detaches a load in flight for the key, which
  then answers its own callers but stores nothing (it may have read the data before the
  change).

A TTL of zero or less means "do not cache" (DOMAIN.md: no long-lived cache of health lines).
"""

from __future__ import annotations

import asyncio
import enum
import hashlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Final, TypeVar

from aiocache.base import BaseCache

from adapters.cache_backends import backend_factory

__all__ = ["MISSING", "Missing", "Parts", "ReadThroughCache", "backend_factory"]

T = TypeVar("T")
K = TypeVar("K")
Parts = tuple[str, ...]
log = logging.getLogger(__name__)


class Missing(enum.Enum):
    """What :meth:`ReadThroughCache.get_many` answers for a key it does not hold."""

    MISSING = "missing"


MISSING: Final = Missing.MISSING


def _same(parts: Parts) -> Parts:
    return parts


class ReadThroughCache:
    """``await cache.get_or_load(("tenant", "kind", "key"), ttl, load)``."""

    def __init__(
        self, make_backend: Callable[[], BaseCache], namespace: str = "mutugraph:v1"
    ) -> None:
        self._make_backend = make_backend
        self._namespace = namespace
        self._loop: asyncio.AbstractEventLoop | None = None
        self._backend: BaseCache | None = None
        self._inflight: dict[str, asyncio.Future[Any]] = {}

    def _bind(self) -> BaseCache:
        loop = asyncio.get_running_loop()
        if self._backend is None or self._loop is not loop:
            self._backend = self._make_backend()
            self._loop = loop
            self._inflight = {}
        return self._backend

    def key(self, parts: tuple[str, ...]) -> str:
        digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]
        return f"{self._namespace}:{digest}"

    async def get_or_load(self, parts: Parts, ttl: float, load: Callable[[], Awaitable[T]]) -> T:
        """The cached value of ``parts``, else ``await load()`` stored for ``ttl`` seconds."""

        async def load_one(_: list[Parts]) -> list[T]:
            return [await load()]

        return (await self.get_or_load_many([parts], _same, ttl, load_one))[0]

    def _release(self, key: str, future: asyncio.Future[Any]) -> None:
        # Only our own entry: an invalidation may have let a newer load take the key.
        if self._inflight.get(key) is future:
            del self._inflight[key]

    # -- batches ---------------------------------------------------------------------------
    async def get_many(self, parts_list: Sequence[Parts]) -> list[Any]:
        """The cached value of each key, or :data:`MISSING` (also when the cache fails)."""
        if not parts_list:
            return []
        return await self._read_many(self._bind(), [self.key(p) for p in parts_list])

    async def set_many(self, items: Sequence[tuple[Parts, Any]], ttl: float) -> None:
        """Stores each (key, value) for ``ttl`` seconds; nothing when ``ttl <= 0``."""
        if ttl <= 0 or not items:
            return
        await self._write_many(self._bind(), [(self.key(p), v) for p, v in items], ttl)

    async def get_or_load_many(
        self,
        keys: Sequence[K],
        parts: Callable[[K], Parts],
        ttl: float,
        load: Callable[[list[K]], Awaitable[Sequence[T]]],
        *,
        ttl_of: Callable[[T], float] | None = None,
    ) -> list[T]:
        """The value of each key, in order: hits from the cache, the missing keys from
        **one** ``load(missing)`` call (distinct keys, first-seen order), keys another
        caller is loading from that caller's load. ``ttl_of(value)`` may shorten a value's
        TTL or refuse to store it (``<= 0``: e.g. a per-key error). An exception of
        ``load`` fails this call and the callers waiting for its keys; nothing is stored.
        """
        if ttl <= 0:
            return list(await load(list(keys)))
        backend = self._bind()
        loop = asyncio.get_running_loop()
        cache_keys = [self.key(parts(k)) for k in keys]
        found: dict[str, Any] = {}
        waiting: dict[str, tuple[K, asyncio.Future[Any]]] = {}
        mine: dict[str, tuple[K, asyncio.Future[Any]]] = {}
        for k, ck in zip(keys, cache_keys, strict=True):
            if ck in waiting or ck in mine:
                continue
            pending = self._inflight.get(ck)
            if pending is not None:
                waiting[ck] = (k, pending)
            else:
                mine[ck] = (k, loop.create_future())
                self._inflight[ck] = mine[ck][1]
        if mine:
            await self._load_many(backend, mine, found, ttl, load, ttl_of)
        for ck, (k, pending) in waiting.items():
            try:
                found[ck] = await asyncio.shield(pending)
            except asyncio.CancelledError:
                if not pending.cancelled():
                    raise  # we were cancelled ourselves
                again = await self.get_or_load_many([k], parts, ttl, load, ttl_of=ttl_of)
                found[ck] = again[0]
        return [found[ck] for ck in cache_keys]

    async def _load_many(
        self,
        backend: BaseCache,
        mine: dict[str, tuple[K, asyncio.Future[Any]]],
        found: dict[str, Any],
        ttl: float,
        load: Callable[[list[K]], Awaitable[Sequence[T]]],
        ttl_of: Callable[[T], float] | None,
    ) -> None:
        try:
            hits = await self._read_many(backend, list(mine))
            missing = [ck for ck, hit in zip(mine, hits, strict=True) if hit is MISSING]
            found.update(
                (ck, hit) for ck, hit in zip(mine, hits, strict=True) if hit is not MISSING
            )
            if missing:
                loaded = await load([mine[ck][0] for ck in missing])
                by_ttl: dict[float, list[tuple[str, Any]]] = {}
                for ck, value in zip(missing, loaded, strict=True):
                    found[ck] = value
                    keep = ttl if ttl_of is None else min(ttl, ttl_of(value))
                    if keep > 0 and self._inflight.get(ck) is mine[ck][1]:
                        by_ttl.setdefault(keep, []).append((ck, value))
                for keep, pairs in by_ttl.items():
                    await self._write_many(backend, pairs, keep)
        except asyncio.CancelledError:
            for _, future in mine.values():
                future.cancel()
            raise
        except BaseException as exc:
            for _, future in mine.values():
                future.set_exception(exc)
                future.exception()
            raise
        else:
            for ck, (_, future) in mine.items():
                future.set_result(found[ck])
        finally:
            for ck, (_, future) in mine.items():
                self._release(ck, future)

    async def _read_many(self, backend: BaseCache, keys: list[str]) -> list[Any]:
        try:
            hits = await backend.multi_get(keys)
        except Exception as exc:
            log.warning("cache read failed, bypassing: %s", type(exc).__name__)
            return [MISSING] * len(keys)
        # A value stored under another key (copied there by someone who can write to the
        # cache) names that key: a miss, never another member's data.
        return [
            hit["v"] if isinstance(hit, dict) and "v" in hit and hit.get("k") == key else MISSING
            for key, hit in zip(keys, hits, strict=True)
        ]

    async def _write_many(
        self, backend: BaseCache, pairs: list[tuple[str, Any]], ttl: float
    ) -> None:
        try:
            await backend.multi_set([(k, {"k": k, "v": v}) for k, v in pairs], ttl=float(ttl))
        except Exception as exc:
            log.warning("cache write failed, bypassing: %s", type(exc).__name__)

    async def invalidate(self, parts: Parts) -> None:
        """Forget a key (after a change the member made, so they see it at once).

        A load of the key in flight keeps answering its callers but will not store what
        it read; later callers start a fresh load.
        """
        key = self.key(parts)
        try:
            backend = self._bind()
            self._inflight.pop(key, None)
            await backend.delete(key)
        except Exception as exc:
            log.warning("cache delete failed: %s", type(exc).__name__)

    async def close(self) -> None:
        if self._backend is not None:
            backend, self._backend = self._backend, None
            try:
                await backend.close()
            except Exception as exc:  # closing must not fail a shutdown
                log.warning("cache close failed: %s", type(exc).__name__)

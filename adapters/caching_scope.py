"""One tenant's view of the read-through cache: its keys, its TTLs, its reads and forgets.

The capability wrappers of :mod:`adapters.caching` speak to the cache only through a
:class:`CacheScope`, so that every key starts with the tenant the wrappers serve (a member
number is not unique across tenants: "10000001" may exist in two mutuelles) and every TTL
comes from that tenant's ``[cache_ttl]`` table. ``ReadThroughCache`` hashes the keys: no
member number reaches Redis.

Per-key ``PortError`` results are answers for this call only: they are never stored, so a
member the back end could not find a minute ago is asked for again.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import TypeVar

from adapters.cache import Parts, ReadThroughCache
from adapters.port import MemberRef, PortError

K = TypeVar("K")
V = TypeVar("V")
Batch = Callable[[list[K]], Awaitable[Sequence[V | PortError]]]


class CacheScope:
    """The tenant's keys and TTLs over a shared :class:`ReadThroughCache`."""

    def __init__(self, tenant: str, cache: ReadThroughCache, ttl: Callable[[str], float]) -> None:
        self.tenant = tenant
        self._cache = cache
        self._ttl = ttl

    def ttl(self, data_type: str) -> float:
        """Seconds a value of ``data_type`` may be served from cache (0: never cached)."""
        return self._ttl(data_type)

    def key(self, data_type: str, *parts: str) -> Parts:
        return (self.tenant, data_type, *parts)

    def member_key(self, data_type: str, ref: MemberRef, *parts: str) -> Parts:
        # The ref's own tenant too: a ref of another tenant can never meet this tenant's data.
        return self.key(data_type, ref.tenant, ref.number, *parts)

    async def per_member(
        self,
        data_type: str,
        refs: Sequence[MemberRef],
        load: Batch[MemberRef, V],
        *,
        ttl_of: Callable[[V], float] | None = None,
    ) -> list[V | PortError]:
        """A member batch: cached members from the cache, the others from one ``load``."""
        return await self.batch(
            data_type, refs, lambda ref: self.member_key(data_type, ref), load, ttl_of=ttl_of
        )

    async def batch(
        self,
        data_type: str,
        keys: Sequence[K],
        parts: Callable[[K], Parts],
        load: Batch[K, V],
        *,
        ttl_of: Callable[[V], float] | None = None,
    ) -> list[V | PortError]:
        """Any batch keyed by ``parts(key)``; ``ttl_of`` may shorten a value's TTL."""
        return await self._cache.get_or_load_many(
            list(keys), parts, self.ttl(data_type), load, ttl_of=_storable(ttl_of)
        )

    async def one(
        self,
        data_type: str,
        parts: Parts,
        load: Callable[[], Awaitable[V]],
        *,
        ttl_of: Callable[[V], float] | None = None,
    ) -> V:
        """A single answer (a search): an exception of ``load`` is raised, not stored."""

        async def load_one(_: list[Parts]) -> list[V]:
            return [await load()]

        found = await self._cache.get_or_load_many(
            [parts], _same, self.ttl(data_type), load_one, ttl_of=ttl_of
        )
        return found[0]

    async def forget(self, ref: MemberRef, data_types: Iterable[str]) -> None:
        """Drops the member's entries of each type (after a change), whatever the TTLs."""
        for data_type in data_types:
            await self._cache.invalidate(self.member_key(data_type, ref))


def _storable(ttl_of: Callable[[V], float] | None) -> Callable[[V | PortError], float]:
    def keep(value: V | PortError) -> float:
        if isinstance(value, PortError):
            return 0.0  # a per-key error is this call's answer, never a cached one
        return math.inf if ttl_of is None else ttl_of(value)

    return keep


def _same(parts: Parts) -> Parts:
    return parts

"""Per-key fan-out for adapters whose back end answers one key per call.

The port's batch methods take a list of keys and return one result per key, in key order,
with a key's :class:`~adapters.port.PortError` in its slot (adapters/port/README.md, rule 2).
When a back end only offers one key per call (a member's contract over Cimut, a partner's
detail on Santéclair...), :func:`per_key` makes one call per *distinct* key, at most
``concurrency`` at a time, and puts the answers back in key order.

When every call failed because the back end is out of reach (unavailable or timed out),
the batch as a whole failed: the first such error is raised, so the graph reports one
back-end failure instead of as many as there were keys.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import TypeVar

from adapters.port.errors import BackendTimeout, BackendUnavailable, PortError

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


async def per_key(
    keys: Sequence[K], fetch: Callable[[K], Awaitable[T]], *, concurrency: int
) -> list[T | PortError]:
    """``fetch(key)`` for each distinct key, bounded; results (or errors) in key order."""
    distinct = list(dict.fromkeys(keys))
    if not distinct:
        return []
    gate = asyncio.Semaphore(concurrency)

    async def one(key: K) -> T | PortError:
        async with gate:
            try:
                return await fetch(key)
            except PortError as error:
                return error

    answers = await asyncio.gather(*(one(key) for key in distinct))
    outages = [a for a in answers if isinstance(a, BackendUnavailable | BackendTimeout)]
    if len(outages) == len(answers):
        raise outages[0]
    by_key = dict(zip(distinct, answers, strict=True))
    return [by_key[key] for key in keys]

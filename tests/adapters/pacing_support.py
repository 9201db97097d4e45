"""Virtual time for tests of adapters.rest.pacing (no tests here): a clock that only the
pacer's ``sleep`` moves, or sleeps held until the test releases them, and a guard that
turns a hang (a turn never handed on) into a failure."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable


def guarded(test: Callable[..., Awaitable[None]]) -> Callable[..., Awaitable[None]]:
    """A pacer bug would hang the test (a turn never handed on): fail it instead."""

    @functools.wraps(test)
    async def run(*args: object, **kwargs: object) -> None:
        async with asyncio.timeout(10):  # a guard against hangs, not a timing assertion
            await test(*args, **kwargs)

    return run


class VirtualTime:
    """A clock that only the pacer's ``sleep`` moves: a sleep of s seconds jumps s ahead."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


class HeldTime(VirtualTime):
    """Sleeps wait for :meth:`release`, which moves the clock to the end of the sleep."""

    def __init__(self) -> None:
        super().__init__()
        self.gates: list[tuple[float, asyncio.Event]] = []

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        gate = asyncio.Event()
        self.gates.append((self.now + seconds, gate))
        await gate.wait()

    def release(self) -> None:
        until, gate = self.gates.pop(0)
        self.now = max(self.now, until)
        gate.set()


async def settle() -> None:
    """Lets every runnable task run until all are blocked again."""
    for _ in range(20):
        await asyncio.sleep(0)

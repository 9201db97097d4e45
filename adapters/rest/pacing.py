"""Client-side pacing: keep a platform's calls under its published quota instead of bouncing
off its 429s.

A platform that counts calls per client (Cegedim: so many per second per OAuth client)
refuses the surplus with 429 and a ``Retry-After`` of whole seconds, so each refusal costs
the member a second or more. :class:`Pacer` spaces the calls out on our side so that they
arrive within the quota; 429 handling stays as the safety net (other processes of the same
client, clock drift, a lower quota than configured).

The rule is GCRA (the generic cell rate algorithm, a token bucket without a refill task):
calls are spaced ``1 / rate`` seconds apart on average, with up to ``burst`` of them at once
after a quiet spell. Over any span of ``W`` seconds at most ``burst + rate × W`` calls start,
so a platform's "N calls in any second" holds when ``rate + burst <= N``.

Callers ``await pacer.acquire()`` just before they send a call:

* first come, first served: waiters queue in order and only the head of the queue sleeps,
  until the moment its call conforms; no polling, no busy loop;
* cancel-safe: a slot is taken only at the instant ``acquire`` returns, so a caller
  cancelled while queued (a timeout, a client gone) takes nothing and hands the head of the
  queue to the next waiter;
* ``clock`` and ``sleep`` are injectable, so tests move time by hand instead of sleeping.

One pacer per adapter instance, i.e. per tenant (per OAuth client); it paces one process.
With several gateway processes on the same client, give each its share of the quota.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable

Sleep = Callable[[float], Awaitable[None]]
EPSILON = 1e-9  # a wait shorter than this is none: float rounding must not loop forever


class Pacer:
    """At most ``rate`` calls per second on average, ``burst`` at once; FIFO; cancel-safe."""

    def __init__(
        self,
        rate: float,
        burst: int = 1,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("pacing rate must be > 0 calls per second")
        if burst < 1:
            raise ValueError("pacing burst must be >= 1")
        self.rate = rate
        self.burst = burst
        self.interval = 1.0 / rate  # GCRA's emission interval
        self._tolerance = (burst - 1) * self.interval  # how far ahead of schedule we may run
        self._clock = clock
        self._sleep = sleep
        self._tat: float | None = None  # theoretical arrival time of the next call
        self._queue: deque[asyncio.Future[None]] = deque()
        self._loop: asyncio.AbstractEventLoop | None = None
        self.granted = 0  # slots handed out (tests, metrics)
        self.delayed = 0  # callers that had to queue (served or given up)

    def __repr__(self) -> str:
        return f"Pacer(rate={self.rate:g}/s, burst={self.burst})"

    @property
    def waiting(self) -> int:
        """Callers queued for a slot."""
        return len(self._queue)

    def delay(self) -> float:
        """Seconds until a call would conform now, ignoring the queue (0: at once)."""
        if self._tat is None:
            return 0.0
        wait = self._tat - self._tolerance - self._clock()
        return wait if wait > EPSILON else 0.0

    async def acquire(self) -> None:
        """Waits for this caller's turn and slot, then takes the slot."""
        self._bind_loop()
        if not self._queue and self.delay() <= 0:
            self._take()  # fast path: nobody ahead, within the quota
            return
        turn = asyncio.get_running_loop().create_future()
        self._queue.append(turn)
        if len(self._queue) == 1:
            turn.set_result(None)  # at the head already
        self.delayed += 1
        try:
            await turn  # set when this caller reaches the head of the queue
            while (wait := self.delay()) > 0:
                await self._sleep(wait)  # only the head sleeps; re-check: clocks round
        except BaseException:
            self._leave(turn)
            raise
        self._leave(turn)
        self._take()  # no await between the check and here: the slot cannot be lost

    def hold(self, seconds: float) -> None:
        """No call starts for ``seconds`` (a 429's ``Retry-After``): queued and new callers
        wait instead of spending the platform's patience on calls it would refuse too."""
        if seconds <= 0:
            return
        # delay() == tat - tolerance - now: pushing tat to now + seconds + tolerance makes
        # the next call conform exactly ``seconds`` from now, then the burst builds again.
        self._tat = max(self._tat or 0.0, self._clock() + seconds + self._tolerance)

    # -- internals -----------------------------------------------------------------------
    def _take(self) -> None:
        now = self._clock()
        self._tat = max(self._tat if self._tat is not None else now, now) + self.interval
        self.granted += 1

    def _leave(self, turn: asyncio.Future[None]) -> None:
        """Takes ``turn`` out of the queue; if it was the head, the next waiter's turn."""
        if self._queue and self._queue[0] is turn:
            self._queue.popleft()
            if self._queue and not self._queue[0].done():
                self._queue[0].set_result(None)
            return
        if turn in self._queue:  # cancelled while queued behind others
            self._queue.remove(turn)

    def _bind_loop(self) -> None:
        """Futures belong to one event loop: if a caller comes from another (tests run each
        in its own loop), waiters left from a closed loop can never run: forget them."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            self._loop = loop
            self._queue.clear()

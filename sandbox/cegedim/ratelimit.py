"""Per-client rate limit of the Cegedim-style API: a sliding-window log.

Each client id (the OAuth client behind the bearer token) may make ``limit`` accepted calls in
any ``window`` seconds. A call over the limit is refused before its handler runs with 429, a
``Retry-After`` of whole seconds (at least 1) until the oldest call in the window leaves it,
and a problem body. Refused calls do not use up the window, so a client that waits as told
gets through. ``limit == 0`` turns the limit off.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable

from sandbox.cegedim.problems import ApiProblem


class SlidingWindowLimiter:
    """Counts accepted calls per client over the last ``window`` seconds."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float]) -> None:
        if limit < 0 or window <= 0:
            raise ValueError("rate limit must be >= 0 and window > 0")
        self.limit = limit
        self.window = window
        self.clock = clock
        self._calls: dict[str, deque[float]] = {}

    def check(self, client_id: str) -> None:
        """Records a call of ``client_id``, or raises the 429 problem."""
        if self.limit == 0:
            return
        now = self.clock()
        calls = self._calls.setdefault(client_id, deque())
        while calls and calls[0] <= now - self.window:
            calls.popleft()
        if len(calls) >= self.limit:
            wait = max(1, math.ceil(calls[0] + self.window - now))
            raise ApiProblem(
                429,
                "RATE_LIMITED",
                f"more than {self.limit} requests in {self.window:g} s; retry in {wait} s",
                title="Too many requests",
                headers={"Retry-After": str(wait)},
            )
        calls.append(now)

    def reset(self) -> None:
        self._calls.clear()

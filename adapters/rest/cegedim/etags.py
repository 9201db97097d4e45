"""A small, short-lived cache of GET answers for conditional requests (ETag / If-None-Match).

The Cegedim API tags every GET with a strong ETag; sending it back in ``If-None-Match`` gets
a body-less ``304`` when nothing changed, and the adapter reuses the body it already parsed.
What is kept is health data (reimbursements, beneficiaries), so the cache is bounded in
entries (least recently used out first) and in age: an entry is reused for at most
``max_age`` seconds after the platform *sent* it (a 304 does not extend it), then dropped.
One cache per adapter instance, and one adapter instance per tenant: never shared across
tenants, never written anywhere but this process's memory. Every use is a revalidation
(the platform is always asked), so a cached body is never served stale.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Tagged:
    """A parsed body and the ETag it came with."""

    etag: str
    body: Any
    stored_at: float


class EtagCache:
    """URL → (ETag, parsed body), LRU-bounded and age-bounded."""

    def __init__(self, max_entries: int, max_age: float, clock: Callable[[], float]) -> None:
        self.max_entries = max_entries
        self.max_age = max_age
        self._clock = clock
        self._entries: OrderedDict[str, Tagged] = OrderedDict()
        self.hits = 0  # 304s answered from the cache (for tests and metrics)

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, url: str) -> Tagged | None:
        """The fresh entry for ``url`` (marked recently used), or None."""
        entry = self._entries.get(url)
        if entry is None:
            return None
        if self._clock() - entry.stored_at > self.max_age:
            del self._entries[url]
            return None
        self._entries.move_to_end(url)
        return entry

    def put(self, url: str, etag: str, body: Any) -> None:
        if self.max_entries <= 0 or self.max_age <= 0:
            return
        self._entries[url] = Tagged(etag, body, self._clock())
        self._entries.move_to_end(url)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        self._entries.clear()

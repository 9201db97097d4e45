"""Seeded random generators keyed by stable strings, identical in every process.

Every part of the dataset draws from its own ``random.Random`` seeded by a key such as
``"2026:azur:42:payments"``. The key is hashed with SHA-256 (never ``hash()``, which
changes with PYTHONHASHSEED), so the same inputs give the same data byte for byte.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TypeVar

T = TypeVar("T")


def rng_for(*parts: object) -> random.Random:
    """A generator seeded by the parts joined with ``:`` (e.g. seed, tenant, index)."""
    key = ":".join(str(part) for part in parts).encode()
    return random.Random(int.from_bytes(hashlib.sha256(key).digest()[:8], "big"))


def weighted(rng: random.Random, options: Sequence[tuple[T, float]]) -> T:
    """One option drawn with the given weights (a list of ``(value, weight)``)."""
    total = sum(weight for _, weight in options)
    point = rng.random() * total
    for value, weight in options:
        point -= weight
        if point < 0:
            return value
    return options[-1][0]


def chance(rng: random.Random, probability: float) -> bool:
    return rng.random() < probability


def day_between(rng: random.Random, start: date, end: date) -> date:
    """A day in ``[start, end]`` (``start`` when the range is empty)."""
    span = (end - start).days
    return start if span <= 0 else start + timedelta(days=rng.randint(0, span))


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), clamped to the month's last day."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def age_on(birth: date, day: date) -> int:
    """Age in whole years on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))

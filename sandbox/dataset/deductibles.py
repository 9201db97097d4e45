"""Caps of the participation forfaitaire and the franchises, per beneficiary (and year).

Participation forfaitaire: 2 € per doctor act, at most 4 € per day and per professional and
50 € per calendar year; none under 18. Franchises: 1 € per drug box or paramedical act,
4 € per transport, at most 50 € per calendar year; none under 18. The payment generator
walks acts in date order and asks this ledger what is due for each.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sandbox.dataset.arithmetic import (
    FRANCHISE_YEAR_CAP,
    PARTICIPATION_CENTS,
    PARTICIPATION_DAY_CAP,
    PARTICIPATION_YEAR_CAP,
)


class Deductibles:
    """Running totals of participations and franchises for one member's family."""

    def __init__(self) -> None:
        self._participation_year: defaultdict[tuple[str, int], int] = defaultdict(int)
        self._participation_day: defaultdict[tuple[str, date, str], int] = defaultdict(int)
        self._franchise_year: defaultdict[tuple[str, int], int] = defaultdict(int)

    def participation(self, beneficiary: str, day: date, professional: str, age: int) -> int:
        """The participation due for one doctor act, and records it."""
        if age < 18:
            return 0
        year_key, day_key = (beneficiary, day.year), (beneficiary, day, professional)
        due = min(
            PARTICIPATION_CENTS,
            PARTICIPATION_DAY_CAP - self._participation_day[day_key],
            PARTICIPATION_YEAR_CAP - self._participation_year[year_key],
        )
        due = max(0, due)
        self._participation_day[day_key] += due
        self._participation_year[year_key] += due
        return due

    def franchise(self, beneficiary: str, day: date, amount: int, age: int) -> int:
        """The franchise due (``amount`` before the yearly cap), and records it."""
        if age < 18 or amount <= 0:
            return 0
        key = (beneficiary, day.year)
        due = max(0, min(amount, FRANCHISE_YEAR_CAP - self._franchise_year[key]))
        self._franchise_year[key] += due
        return due

    def refund(
        self, beneficiary: str, day: date, professional: str, participation: int, franchise: int
    ) -> None:
        """Gives back what a line could not deduct (its gross RO was smaller)."""
        self._participation_day[(beneficiary, day, professional)] -= participation
        self._participation_year[(beneficiary, day.year)] -= participation
        self._franchise_year[(beneficiary, day.year)] -= franchise

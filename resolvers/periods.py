"""Payment periods as on the portals (période de paiement): the last 1 to 24 months."""

from __future__ import annotations

import calendar
from datetime import date
from enum import Enum


class PaymentPeriod(Enum):
    """A period ending today; the value is its length in months."""

    LAST_1_MONTH = 1
    LAST_3_MONTHS = 3
    LAST_6_MONTHS = 6
    LAST_12_MONTHS = 12
    LAST_24_MONTHS = 24


def months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier, clamped to the month's end (31 May - 3 → 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def period_range(period: PaymentPeriod, today: date) -> tuple[date, date]:
    """(first day, last day) of the period, both inclusive."""
    return months_before(today, period.value), today

"""Checks and normalisation of what members send to the back office.

Each check returns the normalised value or raises :class:`Rejected` with one of the
back office's error codes (INVALID_IBAN, INVALID_BIC, INVALID_REQUEST,
INVALID_EFFECTIVE_DATE); the back office turns it into its ``BusinessError``.
"""

from __future__ import annotations

import re
from datetime import date

from stdnum.fr import nir as stdnum_nir

from sandbox.dataset.banks import bic_is_valid, iban_is_valid
from sandbox.dataset.records import Attachment

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^0[1-9]\d{8}$")
QUALITIES_ADDABLE = ("02", "04", "06", "09")


class Rejected(Exception):
    """An input the back office refuses, with its error code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


def text(value: str | None, what: str, max_length: int = 100) -> str:
    cleaned = (value or "").strip()
    if not cleaned or len(cleaned) > max_length:
        raise Rejected("INVALID_REQUEST", f"{what} is required (at most {max_length} characters)")
    return cleaned


def email(value: str) -> str:
    cleaned = value.strip()
    if not _EMAIL.match(cleaned) or len(cleaned) > 254:
        raise Rejected("INVALID_REQUEST", "malformed e-mail address")
    return cleaned


def phone(value: str) -> str | None:
    """A French number as 10 digits; "" clears it (None)."""
    compact = re.sub(r"[\s.\-()]", "", value)
    if not compact:
        return None
    if compact.startswith("+33"):
        compact = "0" + compact[3:]
    elif compact.startswith("0033"):
        compact = "0" + compact[4:]
    if not _PHONE.match(compact):
        raise Rejected("INVALID_REQUEST", "malformed phone number")
    return compact


def postcode(value: str) -> str:
    cleaned = value.strip()
    if not re.fullmatch(r"\d{5}", cleaned):
        raise Rejected("INVALID_REQUEST", "a postcode has five digits")
    return cleaned


def iban(value: str) -> str:
    compact = re.sub(r"\s", "", value).upper()
    if not iban_is_valid(compact):
        raise Rejected("INVALID_IBAN", "IBAN check digits or RIB key are wrong")
    return compact


def bic(value: str) -> str:
    compact = re.sub(r"\s", "", value).upper()
    if not bic_is_valid(compact):
        raise Rejected("INVALID_BIC", "BIC is malformed")
    return compact


def attachment(value: Attachment | None, what: str) -> Attachment:
    if value is None or value.size <= 0 or not value.filename.strip():
        raise Rejected("INVALID_REQUEST", f"{what} must be attached")
    return value


def birth_date(value: date, today: date) -> date:
    if value > today or value.year < 1900:
        raise Rejected("INVALID_REQUEST", "birth date out of range")
    return value


def effective_date(value: date, open_date: date, today: date) -> date:
    """A radiation's date d'effet: not before the beneficiary joined, and within a year of
    ``today`` either way (no older retroactive radiation online, no far-off one)."""
    if value < open_date:
        raise Rejected("INVALID_EFFECTIVE_DATE", "effective date before the beneficiary joined")
    if not years_after(today, -1) <= value <= years_after(today, 1):
        raise Rejected("INVALID_EFFECTIVE_DATE", "effective date more than a year from today")
    return value


def years_after(day: date, years: int) -> date:
    """The same day ``years`` later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def quality(value: str) -> str:
    if value not in QUALITIES_ADDABLE:
        raise Rejected("INVALID_REQUEST", f"quality must be one of {', '.join(QUALITIES_ADDABLE)}")
    return value


def regime(value: str) -> str:
    if not re.fullmatch(r"\d{2}", value):
        raise Rejected("INVALID_REQUEST", "régime code has two digits")
    return value


def nir(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    compact = re.sub(r"\s", "", value).upper()
    if not stdnum_nir.is_valid(compact):
        raise Rejected("INVALID_REQUEST", "NIR is not valid")
    return compact

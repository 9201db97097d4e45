"""Checks on member input, run before anything reaches the port.

Each check returns the value normalised for the port (compact IBAN, E.164 phone...) or
raises :class:`~resolvers.errors.UserInputError` naming the field (the argument path, e.g.
``input.iban``). Identifiers use python-stdnum (NIR) and schwifty (IBAN with the French
RIB key, BIC), never hand-rolled checksums.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import schwifty
from schwifty.exceptions import SchwiftyException
from stdnum.exceptions import ValidationError
from stdnum.fr import nir as stdnum_nir

from resolvers.errors import UserInputError

_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
# French numbers: 0X XX XX XX XX, +33 X XX XX XX XX, 0033 X..., with spaces, dots or dashes.
_PHONE = re.compile(r"^(?:\+33|0033|0)([1-9]\d{8})$")
_POSTCODE = re.compile(r"^(?:0[1-9]|[1-8]\d|9[0-8])\d{3}$")
_NAME = re.compile(r"^[^\W\d_]+(?:[ '\-.][^\W\d_]+)*\.?$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text(value: str, field: str, *, max_length: int, required: bool = True) -> str | None:
    """Trimmed text without control characters; None when empty and not required."""
    cleaned = value.strip()
    if not cleaned:
        if required:
            raise UserInputError(field, "This field is required.")
        return None
    if len(cleaned) > max_length:
        raise UserInputError(field, f"At most {max_length} characters.")
    if _CONTROL.search(cleaned):
        raise UserInputError(field, "Contains control characters.")
    return cleaned


def required_text(value: str, field: str, *, max_length: int) -> str:
    cleaned = text(value, field, max_length=max_length)
    assert cleaned is not None
    return cleaned


def person_name(value: str, field: str) -> str:
    cleaned = required_text(value, field, max_length=50)
    if not _NAME.match(cleaned):
        raise UserInputError(field, "Letters, spaces, hyphens and apostrophes only.")
    return cleaned


def email(value: str, field: str) -> str:
    cleaned = value.strip()
    if len(cleaned) > 254 or not _EMAIL.match(cleaned):
        raise UserInputError(field, "Not a valid e-mail address.")
    return cleaned


def phone(value: str, field: str) -> str:
    """A French phone number, returned in E.164 (``+33612345678``)."""
    compact = re.sub(r"[\s.\-()]", "", value)
    match = _PHONE.match(compact)
    if match is None:
        raise UserInputError(field, "Not a valid French phone number.")
    return "+33" + match.group(1)


def postcode(value: str, field: str) -> str:
    compact = value.strip()
    if not _POSTCODE.match(compact):
        raise UserInputError(field, "Not a valid French postcode (5 digits).")
    return compact


def nir(value: str, field: str, *, birth_date: date | None = None) -> str:
    """A NIR with its key (15 characters), consistent with the birth year when given."""
    try:
        compact = str(stdnum_nir.validate(value))
    except ValidationError:
        raise UserInputError(field, "Not a valid social security number (NIR).") from None
    if birth_date is not None and compact[1:3] != f"{birth_date.year % 100:02d}":
        raise UserInputError(field, "The NIR does not match the birth date.")
    return compact


def iban(value: str, field: str) -> str:
    """A valid IBAN (French RIB key included), compact and upper case."""
    try:
        return str(schwifty.IBAN(value, validate_bban=True).compact)
    except SchwiftyException:
        raise UserInputError(field, "Not a valid IBAN.") from None


def bic(value: str, field: str) -> str:
    try:
        return str(schwifty.BIC(value.strip()).compact)
    except SchwiftyException:
        raise UserInputError(field, "Not a valid BIC.") from None


def past_date(value: date, field: str, *, today: date, earliest: date = date(1900, 1, 1)) -> date:
    if value > today:
        raise UserInputError(field, "The date is in the future.")
    if value < earliest:
        raise UserInputError(field, f"The date is before {earliest.isoformat()}.")
    return value


def effective_date(value: date, field: str, *, today: date, joined: date | None = None) -> date:
    """A date d'effet (e.g. of a radiation): within a year of ``today`` either way (older
    retroactive changes and far-off ones go through an adviser), and not before ``joined``
    (the beneficiary's open date) when known."""
    if value < _years_after(today, -1):
        raise UserInputError(field, "More than a year in the past.")
    if value > _years_after(today, 1):
        raise UserInputError(field, "More than a year in the future.")
    if joined is not None and value < joined:
        raise UserInputError(field, f"Before the beneficiary joined ({joined.isoformat()}).")
    return value


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def date_range(start: date | None, end: date | None, start_field: str) -> None:
    if start is not None and end is not None and start > end:
        raise UserInputError(start_field, "The start date is after the end date.")


def amount(value: Decimal, field: str, *, maximum: Decimal = Decimal("100000")) -> Decimal:
    """A positive amount in euros, at most two decimals."""
    if not value.is_finite() or value <= 0 or value > maximum:
        raise UserInputError(field, f"Must be more than 0 and at most {maximum}.")
    if value != value.quantize(Decimal("0.01")):
        raise UserInputError(field, "At most two decimals.")
    return value.quantize(Decimal("0.01"))


def page_size(first: int | None, field: str = "first", *, default: int = 20) -> int:
    if first is None:
        return default
    if not 0 <= first <= 100:
        raise UserInputError(field, "Between 0 and 100.")
    return first

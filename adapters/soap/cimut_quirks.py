"""Cimut's legacy wire formats, both ways: dates, timestamps, amounts, O/N, phones, ids.

The contract (``wsdl/cimut.xsd``) keeps formats of a system written long ago:

- dates ``dd/MM/yyyy`` (DateFR) and timestamps ``dd/MM/yyyy HH:mm:ss`` in Paris wall-clock
  time (DateHeureFR), all plain ``xs:string``;
- amounts in euros as strings with a decimal comma and two decimals (``"21,00"``,
  ``"-3,50"``), read into ``Decimal`` euros with exactly two decimals;
- booleans ``"O"`` (oui) / ``"N"`` (non);
- phones as 10 national digits, no separator (the port speaks E.164: ``+33612345678``).

Readers raise ``ValueError`` on anything else; the adapter turns that into
``MalformedResponse`` for the whole answer (never guess a date or an amount).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
CENT = Decimal("0.01")

_DATE = re.compile(r"(\d{2})/(\d{2})/(\d{4})")
_DATETIME = re.compile(r"(\d{2})/(\d{2})/(\d{4})[ T](\d{2}):(\d{2})(?::(\d{2}))?")
_AMOUNT = re.compile(r"-?\d+(?:[,.]\d{1,2})?")
_NATIONAL_PHONE = re.compile(r"0[1-9]\d{8}")
_BENEFICIARY_ID = re.compile(r"\d{8}-\d{2}")
_MEMBER_NUMBER = re.compile(r"\d{8}")
_IDENTIFIER = re.compile(r"[A-Za-z0-9_.:\-]{1,64}")  # the XSD's Identifiant


def parse_date(text: str | None) -> date:
    """``"09/03/2026"`` → ``date(2026, 3, 9)``; ValueError for ``"31/02/2026"`` or junk."""
    match = _DATE.fullmatch((text or "").strip())
    if match is None:
        raise ValueError("not a dd/MM/yyyy date")
    day, month, year = (int(part) for part in match.groups())
    return date(year, month, day)


def parse_optional_date(text: str | None) -> date | None:
    return None if text is None or not text.strip() else parse_date(text)


def format_date(value: date) -> str:
    """``date(2026, 3, 9)`` → ``"09/03/2026"``."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def parse_datetime(text: str | None) -> datetime:
    """``"25/10/2026 08:30:06"`` (Paris wall clock) → an aware datetime in Europe/Paris."""
    match = _DATETIME.fullmatch((text or "").strip())
    if match is None:
        raise ValueError("not a dd/MM/yyyy HH:mm:ss timestamp")
    day, month, year, hour, minute = (int(part) for part in match.groups()[:5])
    second = int(match.group(6) or 0)
    return datetime(year, month, day, hour, minute, second, tzinfo=PARIS)


def parse_optional_datetime(text: str | None) -> datetime | None:
    return None if text is None or not text.strip() else parse_datetime(text)


def parse_amount(text: str | None) -> Decimal:
    """``"21,00"`` → ``Decimal("21.00")``; ``"-3,5"`` → ``Decimal("-3.50")``.

    A decimal point is tolerated too (some Cimut versions send it); thousands separators
    (spaces, no-break spaces) are dropped. Anything else is a ValueError.
    """
    compact = re.sub(r"[\s\u00a0\u202f]", "", text or "")
    if not _AMOUNT.fullmatch(compact):
        raise ValueError("not an amount")
    try:
        return Decimal(compact.replace(",", ".")).quantize(CENT)
    except InvalidOperation as exc:  # pragma: no cover - the pattern already excludes it
        raise ValueError("not an amount") from exc


def parse_optional_amount(text: str | None) -> Decimal | None:
    return None if text is None or not text.strip() else parse_amount(text)


def parse_flag(text: str | None) -> bool:
    """``"O"`` → True, ``"N"`` → False; anything else is a ValueError."""
    value = (text or "").strip().upper()
    if value == "O":
        return True
    if value == "N":
        return False
    raise ValueError("not an O/N flag")


def format_flag(value: bool) -> str:
    return "O" if value else "N"


def wire_phone(value: str) -> str:
    """A port phone (E.164 ``+33612345678`` or national) → Cimut's ``0612345678``.

    ValueError for a number Cimut cannot store (foreign, too short...).
    """
    digits = re.sub(r"[\s.\-()]", "", value)
    if digits.startswith("+33"):
        digits = "0" + digits[3:]
    elif digits.startswith("0033"):
        digits = "0" + digits[4:]
    if not _NATIONAL_PHONE.fullmatch(digits):
        raise ValueError("not a French phone number")
    return digits


def text(value: str | None) -> str:
    """A required text element, stripped; ValueError when missing or blank."""
    stripped = (value or "").strip()
    if not stripped:
        raise ValueError("missing text")
    return stripped


def optional_text(value: str | None) -> str | None:
    """An optional text element: None when absent or blank."""
    stripped = (value or "").strip()
    return stripped or None


def many(value: Any) -> list[Any]:
    """A repeated element as zeep hands it: None (absent), one object, or a list."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def is_member_number(value: str) -> bool:
    return bool(_MEMBER_NUMBER.fullmatch(value))


def is_beneficiary_id(value: str) -> bool:
    return bool(_BENEFICIARY_ID.fullmatch(value))


def is_identifier(value: str) -> bool:
    """Whether ``value`` fits the XSD's Identifiant (payment, letter, document ids)."""
    return bool(_IDENTIFIER.fullmatch(value))


def clip(value: str, length: int = 255) -> str:
    """Text cut to a Texte element's length (255 characters by default)."""
    return value if len(value) <= length else value[: length - 1] + "…"

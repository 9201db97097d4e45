"""Typed reading of the Cegedim API's JSON: every value checked for its type as it is read.

:class:`Obj` wraps one JSON object; its accessors return Python values (``str``, ``int``,
``date``, aware ``datetime``, ``Decimal`` euros from integer cents, nested objects) or raise
:class:`ShapeError`, which the adapter turns into ``MalformedResponse``. An error names the
path of the value (``$.lines[2].billedAmount``), never the value: it may be health data.
Optional accessors (``opt_*``) accept ``null`` and an absent key alike, so that a field the
platform stops sending degrades to None instead of failing the call.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar

E = TypeVar("E", bound=Enum)
CENT = Decimal("0.01")
_MISSING = object()


class ShapeError(ValueError):
    """A JSON value is missing or of the wrong type (the message is a path, no data)."""


def euros(cents: int) -> Decimal:
    """Integer cents → Decimal euros with two decimals (690 → Decimal("6.90"))."""
    return (Decimal(cents) / 100).quantize(CENT)


class Obj:
    """One JSON object and where it sits in the document."""

    __slots__ = ("_data", "_path")

    def __init__(self, data: Any, path: str = "$") -> None:
        if not isinstance(data, dict):
            raise ShapeError(f"{path}: an object is expected")
        self._data: dict[str, Any] = data
        self._path = path

    def _raw(self, key: str, *, optional: bool) -> Any:
        value = self._data.get(key, _MISSING)
        if value is _MISSING or (value is None and not optional):
            if optional:
                return None
            raise ShapeError(f"{self._path}.{key}: missing")
        return value

    def _fail(self, key: str, what: str) -> ShapeError:
        return ShapeError(f"{self._path}.{key}: {what} expected")

    # -- scalars -------------------------------------------------------------------------
    def text(self, key: str) -> str:
        value = self._raw(key, optional=False)
        if not isinstance(value, str):
            raise self._fail(key, "a string")
        return value

    def opt_text(self, key: str) -> str | None:
        return None if self._raw(key, optional=True) is None else self.text(key)

    def integer(self, key: str) -> int:
        value = self._raw(key, optional=False)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._fail(key, "an integer")
        return value

    def opt_integer(self, key: str) -> int | None:
        return None if self._raw(key, optional=True) is None else self.integer(key)

    def flag(self, key: str) -> bool:
        value = self._raw(key, optional=False)
        if not isinstance(value, bool):
            raise self._fail(key, "a boolean")
        return value

    def opt_number(self, key: str) -> float | None:
        value = self._raw(key, optional=True)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._fail(key, "a number")
        return float(value)

    def money(self, key: str) -> Decimal:
        """Integer cents → Decimal euros with two decimals."""
        return euros(self.integer(key))

    def opt_money(self, key: str) -> Decimal | None:
        cents = self.opt_integer(key)
        return None if cents is None else euros(cents)

    def day(self, key: str) -> date:
        try:
            return date.fromisoformat(self.text(key))
        except ValueError:
            raise self._fail(key, "an ISO date") from None

    def opt_day(self, key: str) -> date | None:
        return None if self._raw(key, optional=True) is None else self.day(key)

    def instant(self, key: str) -> datetime:
        """An RFC 3339 timestamp as an aware datetime (UTC when the offset is missing)."""
        try:
            value = datetime.fromisoformat(self.text(key))
        except ValueError:
            raise self._fail(key, "an RFC 3339 timestamp") from None
        return value if value.tzinfo else value.replace(tzinfo=UTC)

    def opt_instant(self, key: str) -> datetime | None:
        return None if self._raw(key, optional=True) is None else self.instant(key)

    # -- structure -----------------------------------------------------------------------
    def child(self, key: str) -> Obj:
        return Obj(self._raw(key, optional=False), f"{self._path}.{key}")

    def opt_child(self, key: str) -> Obj | None:
        return None if self._raw(key, optional=True) is None else self.child(key)

    def children(self, key: str) -> list[Obj]:
        value = self._raw(key, optional=False)
        if not isinstance(value, list):
            raise self._fail(key, "a list")
        return [Obj(item, f"{self._path}.{key}[{i}]") for i, item in enumerate(value)]

    def texts(self, key: str) -> list[str]:
        value = self._raw(key, optional=False)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self._fail(key, "a list of strings")
        return list(value)

    # -- codes ---------------------------------------------------------------------------
    def code(self, key: str) -> str:
        """The ``code`` of a ``{"code", "label"}`` value."""
        return self.child(key).text("code")

    def opt_code(self, key: str) -> str | None:
        found = self.opt_child(key)
        return None if found is None else found.opt_text("code")

    def enum(self, key: str, table: Mapping[str, E], default: E | None = None) -> E:
        """The port enum for a coded value; ``default`` for codes the table lacks, else
        ShapeError (a code the adapter cannot translate is a malformed answer)."""
        found = table.get(self.code(key), default)
        if found is None:
            raise ShapeError(f"{self._path}.{key}: unknown code")
        return found

    def opt_enum(self, key: str, table: Mapping[str, E]) -> E | None:
        """The port enum for an optional coded value; None when absent or unknown."""
        code = self.opt_code(key)
        return None if code is None else table.get(code)

"""Typed, strict access to a parsed TOML table, with errors that name the key.

Every accessor records the key it read; :meth:`Table.done` then refuses the keys nobody
read, so a typo in the tenants file (``adult_line_visible``) stops the start instead of
being silently ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NoReturn

from gateway.settings import ConfigurationError

_MISSING: Any = object()


class Table:
    """One TOML table and its dotted path in the file (``tenants.azur.networks``)."""

    def __init__(self, data: Mapping[str, Any], path: str, source: str) -> None:
        self.data = data
        self.path = path
        self.source = source
        self.read: set[str] = set()

    def fail(self, message: str) -> NoReturn:
        where = f" [{self.path}]" if self.path else ""
        raise ConfigurationError(f"tenants file {self.source}{where}: {message}")

    def names(self) -> list[str]:
        """Every key, as read (for tables whose keys are names: tenants, networks)."""
        self.read.update(self.data)
        return list(self.data)

    def _get(self, key: str, default: Any) -> Any:
        self.read.add(key)
        if key in self.data:
            return self.data[key]
        if default is _MISSING:
            self.fail(f"missing key '{key}'")
        return default

    def table(self, key: str, *, required: bool = True) -> Table:
        value = self._get(key, _MISSING if required else {})
        if not isinstance(value, dict):
            self.fail(f"'{key}' must be a table")
        return Table(value, f"{self.path}.{key}" if self.path else key, self.source)

    def string(self, key: str) -> str:
        value = self._get(key, _MISSING)
        if not isinstance(value, str) or not value.strip():
            self.fail(f"'{key}' must be a non-empty string")
        return value.strip()

    def boolean(self, key: str, *, default: bool) -> bool:
        value = self._get(key, default)
        if not isinstance(value, bool):
            self.fail(f"'{key}' must be true or false")
        return value

    def integer(self, key: str, *, default: int) -> int:
        value = self._get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(f"'{key}' must be an integer")
        return value

    def number(self, key: str, *, default: float | None) -> float | None:
        value = self._get(key, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(f"'{key}' must be a number")
        return float(value)

    def scalar(self, key: str) -> str:
        """A string, number or boolean, as a string (``true``/``false`` for booleans)."""
        value = self._get(key, _MISSING)
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float | str):
            return str(value)
        self.fail(f"'{key}' must be a string, a number or a boolean")

    def string_list(self, key: str, *, default: list[str]) -> list[str]:
        value = self._get(key, default)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(f"'{key}' must be a list of strings")
        return list(value)

    def done(self) -> None:
        """Refuse any key that was not read: it is unknown."""
        unknown = sorted(set(self.data) - self.read)
        if unknown:
            self.fail(f"unknown key{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}")

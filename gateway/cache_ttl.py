"""Per-tenant cache lifetimes, in seconds, per data type (0: never cached).

Health data (payment lines, quotes, messages) is kept short on purpose: DOMAIN.md asks for
no long-lived cache of health lines. Reference data (professionals, towns, useful
documents) lives longer. A tenant overrides any of these in its ``[cache_ttl]`` table.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gateway.toml_fields import Table

MAX_TTL = 7 * 24 * 3600


@dataclass(frozen=True, slots=True)
class CacheTTLs:
    """Seconds a value of each type may be served from cache."""

    member: int = 300
    beneficiaries: int = 300
    bank_accounts: int = 60
    contract: int = 600
    premiums: int = 600
    payments: int = 60
    payment_lines: int = 30
    letters: int = 300
    useful_documents: int = 3600
    tp_card: int = 600
    quotes: int = 60
    messages: int = 30
    change_requests: int = 30
    professionals: int = 3600
    towns: int = 86400

    def seconds(self, data_type: str) -> int:
        """The TTL of ``data_type``; ``KeyError`` for a type nobody declared."""
        if data_type not in self.data_types():
            raise KeyError(data_type)
        value: int = getattr(self, data_type)
        return value

    @classmethod
    def data_types(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    @classmethod
    def from_table(cls, table: Table) -> CacheTTLs:
        defaults = cls()
        values: dict[str, int] = {}
        for name in cls.data_types():
            value = table.integer(name, default=getattr(defaults, name))
            if not 0 <= value <= MAX_TTL:
                table.fail(f"'{name}' must be between 0 and {MAX_TTL} seconds")
            values[name] = value
        table.done()
        return cls(**values)

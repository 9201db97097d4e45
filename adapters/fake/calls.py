"""The fake's call log: how many times each port method ran, with what, and injected faults.

Tests assert call counts (the DataLoader budget) and that invalid input never reaches the
port (``log`` stays empty for change methods).
"""

from __future__ import annotations

from collections import Counter

from adapters.port import PortError


class CallLog:
    """Counts calls per operation and raises a fault set for an operation."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.log: list[tuple[str, tuple[object, ...]]] = []
        self.faults: dict[str, PortError] = {}

    def record(self, operation: str, *args: object) -> None:
        self.calls[operation] += 1
        self.log.append((operation, args))
        fault = self.faults.get(operation)
        if fault is not None:
            raise fault

    def fail(self, operation: str, error: PortError) -> None:
        """Every later call of ``operation`` raises ``error`` (until ``clear``)."""
        self.faults[operation] = error

    @property
    def total(self) -> int:
        return sum(self.calls.values())

    def operations(self) -> list[str]:
        return [operation for operation, _ in self.log]

    def clear(self) -> None:
        self.calls.clear()
        self.log.clear()
        self.faults.clear()

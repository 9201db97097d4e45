"""Canonical JSON of generated members, and its fingerprint, to prove determinism.

``python -m sandbox.dataset.dump [--seed N] [--members N] [--as-of YYYY-MM-DD] [--limit N]``
prints the SHA-256 of the first ``limit`` members of every tenant with all their data; the
same inputs must print the same digest in any process.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
from datetime import date
from typing import Any

from sandbox.dataset.generator import Dataset


def member_record(dataset: Dataset, tenant_id: str, number: str) -> dict[str, Any]:
    """Everything about one member (payments included) as plain JSON-able data."""
    file = dataset.member_file(tenant_id, number)
    record = {
        field.name: getattr(file, field.name)
        for field in dataclasses.fields(file)
        if field.name not in ("tenant", "offer")
    }
    record["offer"] = file.offer.code
    record["payments"] = dataset.payments(tenant_id, number)
    return _plain(record)  # type: ignore[no-any-return]


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, date):  # datetime too
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    names = getattr(type(value), "__dataclass_fields__", None)
    if names is None:
        raise TypeError(f"cannot serialise {type(value).__name__}")
    return {name: _plain(getattr(value, name)) for name in names}


def canonical_json(dataset: Dataset, limit: int) -> str:
    """The first ``limit`` members of each tenant, and the professionals, as one JSON text."""
    members = {
        tenant.id: [
            member_record(dataset, tenant.id, n) for n in dataset.member_numbers(tenant.id, limit)
        ]
        for tenant in dataset.tenants
    }
    data = {"members": members, "professionals": _plain(list(dataset.professionals()))}
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def fingerprint(dataset: Dataset, limit: int) -> str:
    return hashlib.sha256(canonical_json(dataset, limit).encode()).hexdigest()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 1, 15))
    parser.add_argument("--limit", type=int, default=50)
    args = parser.parse_args(argv)
    dataset = Dataset(args.seed, args.members, args.as_of)
    print(fingerprint(dataset, args.limit))


if __name__ == "__main__":
    main()

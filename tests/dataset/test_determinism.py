"""Same (seed, members_per_tenant, as_of): same data byte for byte, in any process."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from sandbox.dataset.dump import canonical_json, fingerprint, member_record
from sandbox.dataset.generator import Dataset

AS_OF = date(2026, 1, 15)  # the default of ``python -m sandbox.dataset.dump``
LIMIT = 17  # per tenant: 51 members with all their data
ROOT = Path(__file__).resolve().parents[2]


def test_same_inputs_same_bytes_across_instances_and_calls() -> None:
    first = Dataset(2026, 500, AS_OF)
    text = canonical_json(first, LIMIT)
    assert canonical_json(first, LIMIT) == text  # from the caches
    assert canonical_json(Dataset(2026, 500, AS_OF, cache_size=8), LIMIT) == text  # recomputed


def test_same_bytes_in_another_process_with_another_hash_seed() -> None:
    expected = fingerprint(Dataset(2026, 500, AS_OF), LIMIT)
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    result = subprocess.run(
        [sys.executable, "-m", "sandbox.dataset.dump", "--limit", str(LIMIT)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert result.stdout.strip() == expected


def test_a_member_does_not_depend_on_the_tenant_size_or_order_of_reads() -> None:
    small, large = Dataset(2026, 500, AS_OF), Dataset(2026, 100_000, AS_OF)
    large.member_file("bocage", "20099999")  # read something else first
    assert member_record(small, "bocage", "20000042") == member_record(large, "bocage", "20000042")


def test_other_inputs_give_other_data() -> None:
    base = member_record(Dataset(2026, 500, AS_OF), "azur", "10000001")
    assert member_record(Dataset(2027, 500, AS_OF), "azur", "10000001") != base
    assert member_record(Dataset(2026, 500, date(2026, 6, 1)), "azur", "10000001") != base

"""Members are generated on demand and caches stay bounded, whatever the tenant size."""

from __future__ import annotations

from datetime import date

import pytest

from sandbox.dataset.generator import Dataset


def test_member_numbers_do_not_generate_members() -> None:
    dataset = Dataset(2026, 100_000, date(2026, 3, 15))
    numbers = dataset.member_numbers("cevennes", 100_000)
    assert len(numbers) == 100_000 and numbers[-1] == "30100000"
    assert dataset._file.cache_info().currsize == 0


def test_last_member_of_a_large_tenant_is_generated_alone() -> None:
    dataset = Dataset(2026, 100_000, date(2026, 3, 15), cache_size=16)
    file = dataset.member_file("azur", "10100000")
    assert file.member.number == "10100000" and file.index == 100_000
    for number in dataset.member_numbers("azur", 40):
        dataset.member_file("azur", number)
    info = dataset._file.cache_info()
    assert info.currsize == 16 and info.maxsize == 16


def test_sizes_are_bounded() -> None:
    with pytest.raises(ValueError):
        Dataset(2026, 0)
    assert Dataset(2026, 1).member_numbers("azur", 5) == ["10000001"]


def test_from_env_reads_the_sandbox_variables() -> None:
    dataset = Dataset.from_env(
        {
            "MUTUGRAPH_SANDBOX_SEED": "7",
            "MUTUGRAPH_SANDBOX_MEMBERS": "42",
            "MUTUGRAPH_SANDBOX_AS_OF": "2025-12-31",
        }
    )
    assert (dataset.seed, dataset.members_per_tenant, dataset.as_of) == (7, 42, date(2025, 12, 31))
    assert Dataset.from_env({}).members_per_tenant == 500

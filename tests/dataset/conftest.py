"""Shared datasets of the dataset tests (generation is deterministic, so sharing is safe)."""

from __future__ import annotations

from datetime import date

import pytest

from sandbox.dataset.generator import Dataset

AS_OF = date(2026, 3, 15)


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    return Dataset(seed=2026, members_per_tenant=500, as_of=AS_OF)

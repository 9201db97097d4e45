"""One running product for the whole end-to-end session (see harness.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.harness import TENANTS, Product, running_product


@pytest.fixture(scope="session")
def product() -> Iterator[Product]:
    with running_product() as running:
        yield running


@pytest.fixture(params=TENANTS)
def tenant(request: pytest.FixtureRequest) -> str:
    """Every end-to-end test that takes ``tenant`` runs once per demo tenant."""
    return str(request.param)

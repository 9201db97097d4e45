"""Fixtures of the graph tests: a fresh fake tenant per test."""

from __future__ import annotations

import pytest

from adapters.fake import FakeBackends


@pytest.fixture
def fake() -> FakeBackends:
    return FakeBackends.create(tenant="azur")

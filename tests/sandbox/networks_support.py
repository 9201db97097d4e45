"""Helpers of the care-network tests: the shared dataset, a settable clock, HTTP clients."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache

import httpx

from sandbox.credentials import network_api_key
from sandbox.dataset.generator import Dataset

START = datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC)


@cache
def dataset() -> Dataset:
    """One small dataset for every network test (professionals do not depend on size)."""
    return Dataset(seed=2026, members_per_tenant=30)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def client(url: str, network: str, tenant: str | None, timeout: float = 10.0) -> httpx.Client:
    """A client of the network with the tenant's API key (no key when tenant is None)."""
    headers = {"X-Api-Key": network_api_key(network, tenant)} if tenant else {}
    return httpx.Client(base_url=url, headers=headers, timeout=timeout)


def set_faults(url: str, **faults: object) -> None:
    response = httpx.post(f"{url}/_sandbox/faults", json=faults, timeout=10)
    assert response.status_code == 200, response.text


def reset(url: str) -> None:
    assert httpx.post(f"{url}/_sandbox/reset", timeout=10).status_code == 200


def stats(url: str) -> dict[str, int]:
    calls: dict[str, int] = httpx.get(f"{url}/_sandbox/stats", timeout=10).json()["calls"]
    return calls

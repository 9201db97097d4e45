"""Helpers of the Cimut adapter's tests: the sandbox platform on a real socket, its admin
API, and the adapter built exactly as the registry builds it.

Not a test module: each ``test_cimut_*`` module makes its own module-scoped sandbox from
:func:`running` (its own dataset, so that changes made by one module are not seen by
another), and opens the platform per test with :func:`opened`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx

from adapters.port import MemberPlatform, MemberRef
from adapters.registry import BackendSpec, Registry
from adapters.soap.cimut import CimutPlatform
from adapters.soap.cimut_runtime import SHARED_HTTP
from sandbox.backoffice import BackOffice
from sandbox.cimut.app import create_app
from sandbox.credentials import cimut_password, cimut_username
from sandbox.dataset.generator import Dataset
from tests.support.servers import ServerThread, serving

TENANT = "azur"
MEMBERS = 30


@dataclass
class Sandbox:
    """The running Cimut sandbox and its dataset."""

    server: ServerThread
    dataset: Dataset

    @property
    def endpoint(self) -> str:
        return f"{self.server.url}/ws/{TENANT}"

    @property
    def office(self) -> BackOffice:
        return self.dataset.backoffice(TENANT)

    def numbers(self, limit: int = MEMBERS) -> list[str]:
        return self.dataset.member_numbers(TENANT, limit)

    def refs(self, limit: int = MEMBERS) -> list[MemberRef]:
        return [MemberRef(TENANT, number) for number in self.numbers(limit)]

    def spec(self, **options: str) -> BackendSpec:
        credentials = {"username": cimut_username(TENANT), "password": cimut_password(TENANT)}
        return BackendSpec("cimut", self.endpoint, credentials, options)

    def stats(self) -> dict[str, int]:
        response = httpx.get(f"{self.server.url}/_sandbox/stats", timeout=10)
        calls: dict[str, int] = response.raise_for_status().json()["calls"]
        return calls

    def faults(self, **settings: Any) -> None:
        httpx.post(
            f"{self.server.url}/_sandbox/faults", json=settings, timeout=10
        ).raise_for_status()

    def reset(self) -> None:
        """Faults off, counters to zero, data as generated."""
        httpx.post(f"{self.server.url}/_sandbox/reset", timeout=10).raise_for_status()


@contextmanager
def running() -> Iterator[Sandbox]:
    dataset = Dataset(members_per_tenant=MEMBERS)
    with serving(create_app(dataset)) as server:
        yield Sandbox(server, dataset)


def euros(cents: int) -> Decimal:
    """The back office's integer cents as the port's Decimal euros."""
    return Decimal(cents) / 100


def build(spec: BackendSpec, tenant: str = TENANT) -> MemberPlatform:
    """The platform as the gateway gets it: through the registry's built-in name."""
    return Registry(use_entry_points=False).member_platform(tenant, spec)


def adapter(platform: MemberPlatform) -> CimutPlatform:
    (resource,) = platform.resources
    assert isinstance(resource, CimutPlatform)
    return resource


@asynccontextmanager
async def opened(spec: BackendSpec, tenant: str = TENANT) -> AsyncIterator[MemberPlatform]:
    """The platform, started like the gateway's lifespan does, and closed after."""
    platform = build(spec, tenant)
    await adapter(platform).astart()
    try:
        yield platform
    finally:
        await adapter(platform).aclose()


def no_client_left() -> None:
    """After a test: every Cimut tenant gave the shared httpx client back."""
    assert SHARED_HTTP.open_clients() == 0, "the shared httpx client leaked"

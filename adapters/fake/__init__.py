"""An in-memory implementation of the whole port: a TEST DOUBLE, never a real platform.

Used by the graph's tests (``tests/graph``) and by anyone who needs back ends without the
sandbox. Every port call is counted in ``FakeBackends.calls`` (per method name; network
methods are prefixed ``santeclair.``/``kalixia.``), so tests can assert DataLoader budgets
and that invalid input never reached the port. ``calls.fail(operation, error)`` injects a
port error.

    fake = FakeBackends.create(tenant="azur")
    fake.backends            # TenantBackends for the graph
    fake.calls.calls         # Counter of calls per operation
    fake.files["10000001"]   # the member's data, mutable

Registered in ``adapters.registry`` as ``fake``, ``fake-santeclair`` and ``fake-kalixia``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from adapters.fake.calls import CallLog
from adapters.fake.changes import FakeChanges
from adapters.fake.networks import FakeNetworkDirectory, FakeQuoteAnalysis
from adapters.fake.world import AS_OF, MemberFile, build_world
from adapters.port import CareNetwork, MemberPlatform, Network, TenantBackends

if TYPE_CHECKING:
    from adapters.registry import BackendSpec

__all__ = [
    "AS_OF",
    "CallLog",
    "FakeBackends",
    "FakeChanges",
    "FakePlatform",
    "create_kalixia",
    "create_platform",
    "create_santeclair",
]


class FakePlatform(FakeChanges):
    """Every member capability in one object (directory, contracts, payments, ...)."""

    def bundle(self) -> MemberPlatform:
        return MemberPlatform(
            name=self.name,
            directory=self,
            contracts=self,
            payments=self,
            correspondence=self,
            changes=self,
            messaging=self,
        )


def santeclair(calls: CallLog) -> CareNetwork:
    return CareNetwork(
        Network.SANTECLAIR,
        FakeNetworkDirectory(Network.SANTECLAIR, calls),
        quote_analysis=FakeQuoteAnalysis(calls),
    )


def kalixia(calls: CallLog) -> CareNetwork:
    return CareNetwork(Network.KALIXIA, FakeNetworkDirectory(Network.KALIXIA, calls))


@dataclass(slots=True)
class FakeBackends:
    """A fake tenant: its platform, both networks, the shared call log and the data."""

    backends: TenantBackends
    platform: FakePlatform
    calls: CallLog
    files: dict[str, MemberFile]

    @classmethod
    def create(
        cls,
        tenant: str = "azur",
        *,
        prefix: str = "1",
        as_of: date = AS_OF,
        networks: tuple[Network, ...] = (Network.SANTECLAIR, Network.KALIXIA),
    ) -> FakeBackends:
        calls = CallLog()
        files = build_world(tenant, prefix, as_of)
        platform = FakePlatform(tenant, files, calls)
        makers = {Network.SANTECLAIR: santeclair, Network.KALIXIA: kalixia}
        backends = TenantBackends(
            tenant=tenant,
            platform=platform.bundle(),
            networks=tuple(makers[n](calls) for n in networks),
        )
        return cls(backends=backends, platform=platform, calls=calls, files=files)


def create_platform(tenant_id: str, spec: BackendSpec) -> MemberPlatform:
    """Registry factory: the fake member platform (prefix option: first member digit)."""
    prefix = spec.options.get("prefix", "1")
    return FakePlatform(tenant_id, build_world(tenant_id, prefix), CallLog()).bundle()


def create_santeclair(tenant_id: str, spec: BackendSpec) -> CareNetwork:
    return santeclair(CallLog())


def create_kalixia(tenant_id: str, spec: BackendSpec) -> CareNetwork:
    return kalixia(CallLog())

"""What a tenant's back ends offer: its member platform and its care networks.

The registry (``adapters.registry``) builds one :class:`TenantBackends` per tenant from
the tenants file. A capability a platform lacks is None; the graph answers
``BACKEND_UNAVAILABLE`` (NotSupported) for fields that need it. One adapter object may
fill several capability slots.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Protocol, TypeVar, runtime_checkable

from adapters.port.codes import Network
from adapters.port.errors import NotSupported
from adapters.port.protocols import (
    CareNetworkPort,
    ChangeRequestsPort,
    ContractsPort,
    CorrespondencePort,
    MemberDirectory,
    MessagingPort,
    PaymentsPort,
    QuoteAnalysisPort,
)

T = TypeVar("T")


@runtime_checkable
class CountsEvents(Protocol):
    """A resource that counts what happened on the wire since start (requests, 429s,
    paced calls...); ``GET /metrics`` shows them per tenant and platform. Names and
    counts only, never a value of a call."""

    def counters(self) -> dict[str, int]: ...


@dataclass(frozen=True, slots=True)
class MemberPlatform:
    """The management system holding the members (Cimut, Cegedim, a partner, a plug-in)."""

    name: str  # "cimut", "cegedim", ...: goes into errors' ``platform``
    directory: MemberDirectory
    contracts: ContractsPort | None = None
    payments: PaymentsPort | None = None
    correspondence: CorrespondencePort | None = None
    changes: ChangeRequestsPort | None = None
    messaging: MessagingPort | None = None
    # Objects to close with the platform (HTTP clients...): anything with ``aclose()``;
    # those that are :class:`CountsEvents` also feed ``/metrics``.
    resources: tuple[object, ...] = field(default=(), compare=False)


@dataclass(frozen=True, slots=True)
class CareNetwork:
    """A care network the tenant uses (Santéclair, Kalixia)."""

    network: Network
    directory: CareNetworkPort
    quote_analysis: QuoteAnalysisPort | None = None
    resources: tuple[object, ...] = field(default=(), compare=False)


@dataclass(frozen=True, slots=True)
class TenantBackends:
    """Everything one tenant's requests may call."""

    tenant: str
    platform: MemberPlatform
    networks: tuple[CareNetwork, ...] = ()

    def network(self, network: Network) -> CareNetwork | None:
        return next((n for n in self.networks if n.network is network), None)

    def quote_analysis(self, operation: str) -> QuoteAnalysisPort:
        """The first network offering quote analysis; NotSupported when none does."""
        for candidate in self.networks:
            if candidate.quote_analysis is not None:
                return candidate.quote_analysis
        raise NotSupported(platform="care-network", operation=operation)

    async def aclose(self) -> None:
        """Closes every resource of the platform and networks (each at most once)."""
        seen: set[int] = set()
        resources = [*self.platform.resources, *(r for n in self.networks for r in n.resources)]
        for resource in resources:
            if id(resource) in seen:
                continue
            seen.add(id(resource))
            closer = getattr(resource, "aclose", None)
            if closer is not None:
                result = closer()
                if inspect.isawaitable(result):
                    await result


def require(capability: T | None, platform: str, operation: str) -> T:
    """The capability, or NotSupported naming the platform and operation."""
    if capability is None:
        raise NotSupported(platform=platform, operation=operation)
    return capability

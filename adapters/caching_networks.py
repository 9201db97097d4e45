"""Cached reads of a care network's directory (annuaire des professionnels).

Searches are cached by the whole query and details per professional id, both under the
``professionals`` TTL and keyed by the network too (one RPPS is a different record in
Santéclair and in Kalixia: its memberships differ). ``service_links`` is not cached: the
links may be signed and expire. Quote analysis (estimates, reviews) is never cached: the
wrappers leave it untouched.
"""

from __future__ import annotations

from collections.abc import Sequence

from adapters.caching_scope import CacheScope
from adapters.port import (
    CareNetworkPort,
    HealthProfessional,
    MemberRef,
    Network,
    PortError,
    ProfessionalHit,
    ProfessionalQuery,
    ServiceLink,
)


class CachedCareNetwork(CareNetworkPort):
    """One network's directory with searches and details cached."""

    def __init__(self, inner: CareNetworkPort, scope: CacheScope) -> None:
        self._inner = inner
        self._scope = scope

    @property
    def network(self) -> Network:
        return self._inner.network

    async def search_professionals(self, query: ProfessionalQuery) -> Sequence[ProfessionalHit]:
        parts = self._scope.key("professionals", self.network.value, "search", repr(query))
        return await self._scope.one(
            "professionals", parts, lambda: self._inner.search_professionals(query)
        )

    async def professionals(self, ids: Sequence[str]) -> Sequence[HealthProfessional | PortError]:
        network = self.network.value
        return await self._scope.batch(
            "professionals",
            ids,
            lambda professional_id: self._scope.key("professionals", network, professional_id),
            self._inner.professionals,
        )

    async def service_links(self, member: MemberRef) -> Sequence[ServiceLink]:
        return await self._inner.service_links(member)

"""A tenant's back ends behind the read-through cache: ``cached(backends, cache, ttl)``.

The gateway wraps every tenant's :class:`~adapters.port.TenantBackends` once, at start-up
(``gateway/backends.py``), with one :class:`~adapters.cache.ReadThroughCache` for the app
and the tenant's ``[cache_ttl]`` table as ``ttl`` (data type → seconds; 0: never cached).
The graph then calls the wrappers exactly as it called the adapters: same Protocols, same
batches in key order with per-key errors, same exceptions.

What is cached, and under which data type: :mod:`adapters.caching_reads` (member
platform), :mod:`adapters.caching_networks` (care networks). What a change forgets:
:mod:`adapters.caching_changes`. Never cached: document bytes, service links, quote
analysis, errors (per key or raised). Single flight, cached ``None`` and the codec come
from :class:`~adapters.cache.ReadThroughCache`. DOMAIN.md (minimise): health data keeps
short TTLs, and a value is never kept longer than the shortest TTL of what it holds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from adapters.cache import ReadThroughCache
from adapters.caching_changes import AFFECTS, CachedChanges, CachedMessaging
from adapters.caching_networks import CachedCareNetwork
from adapters.caching_reads import (
    CachedContracts,
    CachedCorrespondence,
    CachedDirectory,
    CachedPayments,
)
from adapters.caching_scope import CacheScope
from adapters.port import CareNetwork, TenantBackends

__all__ = ["AFFECTS", "DATA_TYPES", "cached"]

C = TypeVar("C")
W = TypeVar("W")

# Every data type the wrappers ask ``ttl`` for (each is a key of a tenant's [cache_ttl]).
DATA_TYPES = (
    "member",
    "bank_accounts",
    "beneficiaries",
    "contract",
    "premiums",
    "payments",
    "payment_lines",
    "quotes",
    "letters",
    "useful_documents",
    "tp_card",
    "change_requests",
    "messages",
    "professionals",
)


def cached(
    backends: TenantBackends, cache: ReadThroughCache, ttl: Callable[[str], float]
) -> TenantBackends:
    """``backends`` with every cacheable read going through ``cache`` (see module doc)."""
    scope = CacheScope(backends.tenant, cache, ttl)
    platform = backends.platform
    wrapped = replace(
        platform,
        directory=CachedDirectory(platform.directory, scope),
        contracts=_wrap(CachedContracts, platform.contracts, scope),
        payments=_wrap(CachedPayments, platform.payments, scope),
        correspondence=_wrap(CachedCorrespondence, platform.correspondence, scope),
        changes=_wrap(CachedChanges, platform.changes, scope),
        messaging=_wrap(CachedMessaging, platform.messaging, scope),
    )
    networks = tuple(_cached_network(network, scope) for network in backends.networks)
    return replace(backends, platform=wrapped, networks=networks)


def _cached_network(network: CareNetwork, scope: CacheScope) -> CareNetwork:
    # quote_analysis stays the network's own: estimates and reviews are never cached.
    return replace(network, directory=CachedCareNetwork(network.directory, scope))


def _wrap(make: Callable[[C, CacheScope], W], capability: C | None, scope: CacheScope) -> W | None:
    """A capability the platform lacks stays None (the graph answers NotSupported)."""
    return None if capability is None else make(capability, scope)

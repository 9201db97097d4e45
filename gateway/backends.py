"""The tenants' back ends, alive for the life of the app: the default ``backends_factory``.

The tenants file says *what* each tenant uses; :mod:`adapters.registry` knows *how* to build
it. This module translates one into the other (:func:`tenant_spec`: secrets already
resolved by :mod:`gateway.tenants` become plain strings only here, at the adapter's door)
and runs the adapters' life cycle inside the app's lifespan (:func:`registry_backends`):

1. build every tenant's :class:`~adapters.port.TenantBackends` (no I/O), wrapped by
   :func:`adapters.caching.cached` in the app's one read-through cache (memory, or Redis
   when ``MUTUGRAPH_REDIS_URL`` is set) with the tenant's ``[cache_ttl]`` seconds;
2. ``await resource.astart()`` on every resource that has one, each object once even when
   tenants share it (the Cimut adapter parses its WSDL there, off the event loop);
3. yield ``{tenant id: TenantBackends}``, stored as ``app.state.backends``;
4. at shutdown, ``await backends.aclose()`` for every tenant, also after a failed start,
   then close the cache.

:func:`check_platforms` looks the adapter names up when the app is created, so that a typo
in the tenants file stops the start with a :class:`ConfigurationError` naming the tenant.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import AsyncIterator, Iterable, Mapping
from contextlib import asynccontextmanager
from types import MappingProxyType

from adapters.cache import ReadThroughCache, backend_factory
from adapters.caching import cached
from adapters.codec import RecordCodec
from adapters.port import CountsEvents, TenantBackends
from adapters.registry import BackendSpec, Registry, RegistryError, TenantSpec
from gateway.settings import ConfigurationError, Settings
from gateway.tenants import TenantConfig, Tenants

logger = logging.getLogger(__name__)


def tenant_spec(tenant: TenantConfig) -> TenantSpec:
    """The registry's neutral description of a tenant's back ends."""
    platform = BackendSpec(
        name=tenant.platform,
        endpoint=tenant.endpoint,
        credentials=MappingProxyType({k: str(v) for k, v in tenant.credentials.items()}),
        options=tenant.options,
    )
    networks = tuple(
        BackendSpec(
            name=network.name,
            endpoint=network.endpoint,
            credentials=MappingProxyType({"api_key": str(network.api_key)}),
            options=network.options,
        )
        for network in tenant.networks.values()
    )
    return TenantSpec(id=tenant.id, platform=platform, networks=networks)


def check_platforms(tenants: Tenants, registry: Registry) -> None:
    """Every platform and network name has an adapter (imports it: no I/O)."""
    for tenant in tenants:
        for name in (tenant.platform, *tenant.networks):
            try:
                registry.factory(name)
            except RegistryError as exc:
                raise ConfigurationError(f"tenant {tenant.id}: {exc}") from exc


def tenant_backends(all_backends: object, tenant: str) -> TenantBackends | None:
    """The tenant's entry of ``app.state.backends`` (a mapping), never another tenant's."""
    if isinstance(all_backends, Mapping):
        found = all_backends.get(tenant)
        return found if isinstance(found, TenantBackends) else None
    return None


def _resources(backends: TenantBackends) -> Iterable[object]:
    yield from backends.platform.resources
    for network in backends.networks:
        yield from network.resources


def backend_events(all_backends: object) -> list[tuple[str, str, str, int]]:
    """``(tenant, platform, event, count)`` of every resource that counts events
    (:class:`~adapters.port.CountsEvents`), for ``GET /metrics``; [] before start-up."""
    if not isinstance(all_backends, Mapping):
        return []
    events: list[tuple[str, str, str, int]] = []
    for tenant, backends in sorted(all_backends.items()):
        if not isinstance(backends, TenantBackends):
            continue
        for resource in backends.platform.resources:
            if isinstance(resource, CountsEvents):
                for event, count in sorted(resource.counters().items()):
                    events.append((tenant, backends.platform.name, event, count))
    return events


async def start_resources(all_backends: Iterable[TenantBackends]) -> None:
    """``astart()`` every resource that has one, each object once."""
    seen: set[int] = set()
    for backends in all_backends:
        for resource in _resources(backends):
            if id(resource) in seen:
                continue
            seen.add(id(resource))
            starter = getattr(resource, "astart", None)
            if starter is None:
                continue
            result = starter()
            if inspect.isawaitable(result):
                await result


async def close_all(all_backends: Mapping[str, TenantBackends]) -> None:
    """``aclose()`` every tenant's back ends; one failure does not keep others open."""
    for tenant_id, backends in all_backends.items():
        try:
            await backends.aclose()
        except Exception:  # closing must go on; the reason is for the logs only
            logger.exception("closing the back ends of tenant %s failed", tenant_id)


@asynccontextmanager
async def registry_backends(
    settings: Settings, tenants: Tenants, *, registry: Registry | None = None
) -> AsyncIterator[Mapping[str, TenantBackends]]:
    """The app's back ends, tenant id → TenantBackends, started and finally closed."""
    registry = registry or Registry()
    # The shared cache's values are sealed with a key derived (HKDF, in the cipher) from the
    # document secret, which every gateway instance behind a balancer already shares.
    secret = str(settings.document_secret).encode("utf-8")
    cache = ReadThroughCache(backend_factory(settings.redis_url, RecordCodec(), secret))
    built: dict[str, TenantBackends] = {}
    try:
        for tenant in tenants:
            try:
                backends = registry.build(tenant_spec(tenant))
            except RegistryError as exc:
                raise ConfigurationError(f"tenant {tenant.id}: {exc}") from exc
            built[tenant.id] = cached(backends, cache, tenant.cache_ttl.seconds)
        await start_resources(built.values())
        yield MappingProxyType(built)
    finally:
        await close_all(built)
        await cache.close()

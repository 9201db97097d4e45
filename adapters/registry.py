"""The platform registry: builds a tenant's back ends from a neutral description.

A *factory* turns a :class:`BackendSpec` into a :class:`~adapters.port.MemberPlatform`
(member platforms: cimut, cegedim, partner...) or a :class:`~adapters.port.CareNetwork`
(santeclair, kalixia). Built-ins are registered by name with an import string
(``"module:attribute"``) so that the registry imports zeep or httpx adapters only when a
tenant uses them. Plug-ins register through the entry-point group ``mutugraph.platforms``
(name = platform name, object = factory)::

    [project.entry-points."mutugraph.platforms"]
    acme = "acme_mutugraph:create_platform"

Factory signature: ``factory(tenant_id: str, spec: BackendSpec) -> MemberPlatform |
CareNetwork``. It must not do I/O (connections open lazily); resources with ``aclose()``
go into the bundle's ``resources`` so that ``TenantBackends.aclose()`` releases them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from types import MappingProxyType

from adapters.port import CareNetwork, MemberPlatform, TenantBackends

ENTRY_POINT_GROUP = "mutugraph.platforms"

Factory = Callable[[str, "BackendSpec"], MemberPlatform | CareNetwork]

# Adapter modules expose these factories; the names are the tenants file's platform names.
BUILTINS: Mapping[str, str] = MappingProxyType(
    {
        "cimut": "adapters.soap.cimut:create_platform",
        "cegedim": "adapters.rest.cegedim:create_platform",
        "partner": "adapters.rest.partner:create_platform",
        "santeclair": "adapters.rest.santeclair:create_network",
        "kalixia": "adapters.rest.kalixia:create_network",
        # In-memory test double (adapters/fake.py): no I/O, for tests and demos without sandbox.
        "fake": "adapters.fake:create_platform",
        "fake-santeclair": "adapters.fake:create_santeclair",
        "fake-kalixia": "adapters.fake:create_kalixia",
    }
)


class RegistryError(LookupError):
    """An unknown platform name, or a factory that built the wrong thing."""


@dataclass(frozen=True, slots=True)
class BackendSpec:
    """One back end of a tenant: registry name, endpoint, resolved credentials, options."""

    name: str  # "cimut", "cegedim", "santeclair", a plug-in name
    endpoint: str = ""
    credentials: Mapping[str, str] = field(default_factory=dict, repr=False)
    options: Mapping[str, str] = field(default_factory=dict)  # timeouts etc., adapter-defined


@dataclass(frozen=True, slots=True)
class TenantSpec:
    """A tenant's back ends: its member platform and its care networks."""

    id: str
    platform: BackendSpec
    networks: tuple[BackendSpec, ...] = ()


class Registry:
    """Name → factory, resolved lazily; built-ins, then entry points, then ``register``."""

    def __init__(
        self,
        builtins: Mapping[str, str | Factory] = BUILTINS,
        *,
        use_entry_points: bool = True,
    ) -> None:
        self._sources: dict[str, str | Factory] = dict(builtins)
        self._use_entry_points = use_entry_points
        self._entry_points_loaded = False

    def register(self, name: str, factory: str | Factory) -> None:
        """Adds or replaces a factory (an object or a ``"module:attribute"`` string)."""
        self._sources[name] = factory

    def names(self) -> tuple[str, ...]:
        self._load_entry_points()
        return tuple(sorted(self._sources))

    def factory(self, name: str) -> Factory:
        self._load_entry_points()
        try:
            source = self._sources[name]
        except KeyError:
            known = ", ".join(sorted(self._sources))
            raise RegistryError(f"unknown platform {name!r} (known: {known})") from None
        if isinstance(source, str):
            source = _import(source)
            self._sources[name] = source
        return source

    def member_platform(self, tenant_id: str, spec: BackendSpec) -> MemberPlatform:
        built = self.factory(spec.name)(tenant_id, spec)
        if not isinstance(built, MemberPlatform):
            raise RegistryError(f"{spec.name!r} is not a member platform")
        return built

    def care_network(self, tenant_id: str, spec: BackendSpec) -> CareNetwork:
        built = self.factory(spec.name)(tenant_id, spec)
        if not isinstance(built, CareNetwork):
            raise RegistryError(f"{spec.name!r} is not a care network")
        return built

    def build(self, tenant: TenantSpec) -> TenantBackends:
        """The tenant's back ends (no I/O: adapters connect on first use)."""
        return TenantBackends(
            tenant=tenant.id,
            platform=self.member_platform(tenant.id, tenant.platform),
            networks=tuple(self.care_network(tenant.id, n) for n in tenant.networks),
        )

    def build_all(self, tenants: Iterable[TenantSpec]) -> dict[str, TenantBackends]:
        return {tenant.id: self.build(tenant) for tenant in tenants}

    def _load_entry_points(self) -> None:
        if self._entry_points_loaded or not self._use_entry_points:
            return
        self._entry_points_loaded = True
        for entry in entry_points(group=ENTRY_POINT_GROUP):
            # Built-ins win: a plug-in cannot silently replace "cimut".
            self._sources.setdefault(entry.name, entry.value)


def _import(target: str) -> Factory:
    module_name, _, attribute = target.partition(":")
    try:
        module = importlib.import_module(module_name)
        factory: Factory = getattr(module, attribute)
    except (ImportError, AttributeError) as exc:
        raise RegistryError(f"cannot load platform factory {target!r}: {exc}") from exc
    return factory

"""The tenants file: one mutuelle per table, parsed into frozen, validated dataclasses.

Format (TOML, see docs/configuration.md and gateway/tenants_demo.toml)::

    [tenants.azur]
    name = "Mutuelle Azur Santé"
    platform = "cimut"                    # cimut | cegedim | partner | a plug-in name
    endpoint = "http://127.0.0.1:${MUTUGRAPH_SANDBOX_PORT_CIMUT:-8101}/ws/azur"
    credentials = { username = "env:AZUR_WS_USER", password = "env:AZUR_WS_PASSWORD" }
    timeout = 5                           # seconds per back-end call (adapter default)
    [tenants.azur.options]                # adapter-specific settings, passed as strings
    [tenants.azur.networks.santeclair]    # the network's name is its adapter's name
    endpoint = "https://..."
    api_key = "env:AZUR_SANTECLAIR_KEY"
    [tenants.azur.privacy]
    adult_lines_visible_to_member = false
    nir_visible_roles = []
    [tenants.azur.cache_ttl]              # seconds per data type; omitted: the default
    payments = 60

Endpoints may name environment variables as ``${NAME}`` or ``${NAME:-default}``. Secrets
are references (:mod:`gateway.secrets`), resolved when the file is loaded, so a missing one
stops the start with a message naming it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from types import MappingProxyType
from typing import get_args

from starlette.datastructures import Secret

from gateway.cache_ttl import CacheTTLs
from gateway.secrets import resolve_secret
from gateway.settings import ConfigurationError, Settings
from gateway.toml_fields import Table
from resolvers.viewer import Role

BUILT_IN_CREDENTIALS: Mapping[str, tuple[str, ...]] = {
    "cimut": ("username", "password"),
    "cegedim": ("client_id", "client_secret"),
}
MAX_TIMEOUT = 120
_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")
_URL = re.compile(r"^https?://[^/\s:]+(:\d{1,5})?(/\S*)?$")


@dataclass(frozen=True, slots=True)
class PrivacyPolicy:
    """What a tenant lets be shown beyond the defaults of DOMAIN.md (secret médical)."""

    adult_lines_visible_to_member: bool = False  # another adult's care lines, to the adhérent
    nir_visible_roles: frozenset[Role] = frozenset()  # roles that see the NIR unmasked


@dataclass(frozen=True, slots=True)
class CareNetwork:
    """A care network (réseau de soins) the tenant is a member of."""

    name: str  # also the registry name of its adapter ("santeclair", "fake-kalixia"...)
    endpoint: str
    api_key: Secret
    options: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class TenantConfig:
    """One mutuelle: where its members live and how to reach them."""

    id: str
    name: str
    platform: str
    endpoint: str
    credentials: Mapping[str, Secret]
    networks: Mapping[str, CareNetwork] = field(default_factory=lambda: MappingProxyType({}))
    privacy: PrivacyPolicy = field(default_factory=PrivacyPolicy)
    cache_ttl: CacheTTLs = field(default_factory=CacheTTLs)
    # Adapter options (``timeout`` and the ``[options]`` table), as the registry takes them.
    options: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class Tenants:
    """Every configured tenant, by id."""

    by_id: Mapping[str, TenantConfig]
    source: str = "<memory>"

    def __contains__(self, tenant_id: object) -> bool:
        return tenant_id in self.by_id

    def __iter__(self) -> Iterator[TenantConfig]:
        return iter(self.by_id.values())

    def __len__(self) -> int:
        return len(self.by_id)

    def get(self, tenant_id: str) -> TenantConfig | None:
        return self.by_id.get(tenant_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self.by_id)


def demo_tenants_text() -> str:
    return resources.files("gateway").joinpath("tenants_demo.toml").read_text(encoding="utf-8")


def load_tenants(settings: Settings, environ: Mapping[str, str]) -> Tenants:
    """The tenants file named by the settings (default: the demo tenants)."""
    if settings.tenants_file is None:
        return parse_tenants(demo_tenants_text(), environ, settings, source="tenants_demo.toml")
    try:
        text = settings.tenants_file.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigurationError(
            f"MUTUGRAPH_TENANTS_FILE {settings.tenants_file}: {exc.strerror}"
        ) from exc
    return parse_tenants(text, environ, settings, source=str(settings.tenants_file))


def parse_tenants(
    text: str, environ: Mapping[str, str], settings: Settings, *, source: str = "<string>"
) -> Tenants:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"tenants file {source}: not valid TOML: {exc}") from exc
    root = Table(data, "", source)
    tables = root.table("tenants")
    root.done()
    tenants = {
        tenant_id: _tenant(tables.table(tenant_id), tenant_id, environ, settings)
        for tenant_id in tables.names()
    }
    if not tenants:
        raise ConfigurationError(f"tenants file {source}: no tenant in [tenants]")
    return Tenants(by_id=MappingProxyType(tenants), source=source)


def _tenant(
    table: Table, tenant_id: str, environ: Mapping[str, str], settings: Settings
) -> TenantConfig:
    if not _NAME.match(tenant_id):
        table.fail(f"tenant id {tenant_id!r} must be lower-case letters, digits, - or _")
    secret = _secret_resolver(environ, settings)
    platform = table.string("platform")
    if not _NAME.match(platform):
        table.fail(f"platform {platform!r} is not a platform or plug-in name")
    credential_table = table.table("credentials", required=False)
    credentials = {key: secret(credential_table, key) for key in credential_table.names()}
    missing = [k for k in BUILT_IN_CREDENTIALS.get(platform, ()) if k not in credentials]
    if missing:
        credential_table.fail(f"missing {', '.join(missing)} for platform {platform}")
    network_tables = table.table("networks", required=False)
    networks = {}
    for name in network_tables.names():
        network = network_tables.table(name)
        if not _NAME.match(name):
            network.fail(f"network name {name!r} is not a care network or plug-in name")
        networks[name] = CareNetwork(
            name=name,
            endpoint=_endpoint(network, environ),
            api_key=secret(network, "api_key"),
            options=_options(network),
        )
        network.done()
    privacy = _privacy(table.table("privacy", required=False))
    cache_ttl = CacheTTLs.from_table(table.table("cache_ttl", required=False))
    config = TenantConfig(
        id=tenant_id,
        name=table.string("name"),
        platform=platform,
        endpoint=_endpoint(table, environ),
        credentials=MappingProxyType(credentials),
        networks=MappingProxyType(networks),
        privacy=privacy,
        cache_ttl=cache_ttl,
        options=_options(table),
    )
    table.done()
    return config


def _options(table: Table) -> Mapping[str, str]:
    """``timeout`` (seconds) and the ``[options]`` table, as strings for the adapter."""
    options = table.table("options", required=False)
    values = {key: options.scalar(key) for key in options.names()}
    options.done()
    timeout = table.number("timeout", default=None)
    if timeout is not None:
        if not 0 < timeout <= MAX_TIMEOUT:
            table.fail(f"'timeout' must be more than 0 and at most {MAX_TIMEOUT} seconds")
        values["timeout"] = f"{timeout:g}"
    return MappingProxyType(values)


def _secret_resolver(
    environ: Mapping[str, str], settings: Settings
) -> Callable[[Table, str], Secret]:
    def secret(table: Table, key: str) -> Secret:
        reference = table.string(key)
        try:
            return resolve_secret(reference, environ, allow_literal=settings.is_demo)
        except ValueError as exc:
            table.fail(f"{key}: {exc}")

    return secret


def _endpoint(table: Table, environ: Mapping[str, str]) -> str:
    raw = table.string("endpoint")

    def substitute(match: re.Match[str]) -> str:
        name, default = match.group(1), match.group(2)
        value = environ.get(name) or default
        if value is None:
            table.fail(f"endpoint: environment variable {name} is not set and has no default")
        return value

    url = _ENV_REF.sub(substitute, raw).rstrip("/")
    if not _URL.match(url):
        table.fail(f"endpoint {url!r} is not an http(s) URL")
    return url


def _privacy(table: Table) -> PrivacyPolicy:
    roles = table.string_list("nir_visible_roles", default=[])
    known = get_args(Role)
    unknown = [role for role in roles if role not in known]
    if unknown:
        table.fail(f"nir_visible_roles: unknown roles {unknown} (known: {', '.join(known)})")
    policy = PrivacyPolicy(
        adult_lines_visible_to_member=table.boolean("adult_lines_visible_to_member", default=False),
        nir_visible_roles=frozenset(roles),  # type: ignore[arg-type]  # checked above
    )
    table.done()
    return policy

"""The platform registry: built-ins by lazy import string, plug-ins by entry point."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from adapters.fake import CallLog, FakePlatform
from adapters.port import CareNetwork, MemberPlatform, Network
from adapters.registry import BUILTINS, BackendSpec, Registry, RegistryError, TenantSpec

ROOT = Path(__file__).resolve().parents[2]


def fake_tenant(tenant: str = "azur") -> TenantSpec:
    return TenantSpec(
        tenant,
        BackendSpec("fake"),
        (BackendSpec("fake-santeclair"), BackendSpec("fake-kalixia")),
    )


def test_builds_a_tenant_from_a_neutral_description() -> None:
    backends = Registry(use_entry_points=False).build(fake_tenant())
    assert backends.tenant == "azur" and backends.platform.name == "fake"
    assert [n.network for n in backends.networks] == [Network.SANTECLAIR, Network.KALIXIA]
    assert backends.quote_analysis("estimate") is not None


def test_registry_imports_no_adapter_until_used() -> None:
    code = (
        "import sys\n"
        "from adapters.registry import Registry\n"
        "from tests.graph.test_registry import fake_tenant\n"
        "Registry(use_entry_points=False).build(fake_tenant())\n"
        "heavy = ('zeep', 'httpx', 'adapters.soap', 'adapters.rest')\n"
        "bad = [m for m in heavy if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)


def test_built_in_names() -> None:
    assert {"cimut", "cegedim", "santeclair", "kalixia", "partner"} <= set(BUILTINS)


def test_unknown_platform_and_wrong_kind() -> None:
    registry = Registry(use_entry_points=False)
    with pytest.raises(RegistryError, match="unknown platform 'nope'"):
        registry.build(TenantSpec("azur", BackendSpec("nope")))
    with pytest.raises(RegistryError, match="not a member platform"):
        registry.build(TenantSpec("azur", BackendSpec("fake-kalixia")))
    with pytest.raises(RegistryError, match="not a care network"):
        registry.build(TenantSpec("azur", BackendSpec("fake"), (BackendSpec("fake"),)))


def test_register_and_options() -> None:
    registry = Registry(use_entry_points=False)
    seen: list[BackendSpec] = []

    def factory(tenant: str, spec: BackendSpec) -> MemberPlatform:
        seen.append(spec)
        return FakePlatform(tenant, {}, CallLog()).bundle()

    registry.register("acme", factory)
    spec = BackendSpec("acme", "https://acme.test", {"key": "s3cret"}, {"timeout": "2"})
    registry.build(TenantSpec("azur", spec))
    assert seen == [spec] and "s3cret" not in repr(spec)


def test_entry_points_add_plugins_but_never_replace_builtins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plugins = [
        EntryPoint("acme-network", "adapters.fake:create_kalixia", "mutugraph.platforms"),
        EntryPoint("cimut", "adapters.fake:create_platform", "mutugraph.platforms"),
    ]
    monkeypatch.setattr("adapters.registry.entry_points", lambda group: plugins if group else [])
    registry = Registry()
    assert "acme-network" in registry.names()
    network = registry.care_network("azur", BackendSpec("acme-network"))
    assert isinstance(network, CareNetwork) and network.network is Network.KALIXIA
    assert registry._sources["cimut"] == BUILTINS["cimut"]


@pytest.mark.anyio
async def test_aclose_closes_each_resource_once() -> None:
    closed: list[str] = []

    class Client:
        async def aclose(self) -> None:
            closed.append("client")

    client = Client()
    backends = Registry(use_entry_points=False).build(fake_tenant())
    from dataclasses import replace

    backends = replace(
        backends,
        platform=replace(backends.platform, resources=(client,)),
        networks=tuple(replace(n, resources=(client,)) for n in backends.networks),
    )
    await backends.aclose()
    assert closed == ["client"]

"""The adapters registry wired into the app: tenants file → TenantSpec → TenantBackends,
started in the lifespan, closed at shutdown, and the graph answering over a real socket."""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx
import pytest

from adapters.fake import create_platform as fake_platform
from adapters.port import MemberPlatform, TenantBackends
from adapters.registry import BUILTINS, BackendSpec, Registry
from gateway.app import create_app
from gateway.backends import tenant_spec
from gateway.settings import ConfigurationError, Settings
from gateway.tenants import parse_tenants
from tests.gateway.support import bearer, fake_app, fake_tenants
from tests.support.servers import serving

ME = """{ me { number firstName lastName
  contract { number offerLabel coverages { guarantees { label } } }
  beneficiaries { firstName quality }
  payments(first: 3) { totalCount edges { node { id total { amount currency }
    lines { redacted act { code } billed { amount } } } } }
  letters(first: 2) { edges { node { title url } } } } }"""


def test_tenant_spec_resolves_secrets_and_options(demo_settings: Settings) -> None:
    text = """
    [tenants.azur]
    name = "Azur"
    platform = "cimut"
    endpoint = "http://ws.example/azur"
    timeout = 2.5
    credentials = { username = "env:WS_USER", password = "literal:pw" }
    [tenants.azur.options]
    wsdl = "v2"
    retries = 2
    [tenants.azur.networks.santeclair]
    endpoint = "https://sc.example"
    api_key = "env:SC_KEY"
    timeout = 4
    """
    tenants = parse_tenants(text, {"WS_USER": "user", "SC_KEY": "key"}, demo_settings)
    azur = tenants.get("azur")
    assert azur is not None
    spec = tenant_spec(azur)
    assert spec.id == "azur"
    assert spec.platform == BackendSpec(
        name="cimut",
        endpoint="http://ws.example/azur",
        credentials={"username": "user", "password": "pw"},
        options={"wsdl": "v2", "retries": "2", "timeout": "2.5"},
    )
    assert spec.networks == (
        BackendSpec(
            name="santeclair",
            endpoint="https://sc.example",
            credentials={"api_key": "key"},
            options={"timeout": "4"},
        ),
    )
    assert "user" not in repr(spec)  # BackendSpec hides credentials from logs


@pytest.mark.parametrize("timeout", ["0", "-1", "121", '"5"'])
def test_bad_timeouts_are_refused(demo_settings: Settings, timeout: str) -> None:
    text = f'[tenants.t]\nname = "T"\nplatform = "fake"\nendpoint = "http://x"\ntimeout = {timeout}'
    with pytest.raises(ConfigurationError, match="timeout"):
        parse_tenants(text, {}, demo_settings)


def test_unknown_platform_stops_the_start(demo_settings: Settings) -> None:
    text = '[tenants.t]\nname = "T"\nplatform = "acme"\nendpoint = "http://x"'
    tenants = parse_tenants(text, {}, demo_settings)
    with pytest.raises(ConfigurationError, match="tenant t: unknown platform 'acme'"):
        create_app(demo_settings, tenants=tenants)


@dataclass
class Resource:
    """An adapter resource (an HTTP client, a parsed WSDL...) that records its life."""

    events: list[str] = field(default_factory=list)

    async def astart(self) -> None:
        self.events.append("astart")

    async def aclose(self) -> None:
        self.events.append("aclose")


@pytest.mark.integration
def test_lifespan_starts_once_and_closes_every_tenant(demo_settings: Settings) -> None:
    shared = Resource()  # e.g. one client for every tenant of a platform
    built: list[str] = []

    def platform(tenant_id: str, spec: BackendSpec) -> MemberPlatform:
        built.append(f"{tenant_id}:{spec.options.get('prefix', '1')}")
        bundle = fake_platform(tenant_id, spec)
        return MemberPlatform(
            name="recorded", directory=bundle.directory, resources=(shared, object())
        )

    registry = Registry({**BUILTINS, "fake": platform}, use_entry_points=False)
    app = fake_app(demo_settings, registry=registry)
    assert built == []  # nothing is built before the lifespan
    with serving(app):
        assert built == ["azur:1", "bocage:2"]
        assert shared.events == ["astart"]  # shared by both tenants: started once
        backends = app.state.backends
        assert set(backends) == {"azur", "bocage"}
        assert all(isinstance(b, TenantBackends) for b in backends.values())
        assert [n.network.value for n in backends["azur"].networks] == ["santeclair", "kalixia"]
    # TenantBackends.aclose() of each tenant (adapters make aclose idempotent).
    assert shared.events == ["astart", "aclose", "aclose"]
    assert app.state.backends is None


@pytest.mark.integration
def test_me_over_a_real_socket(demo_settings: Settings) -> None:
    with serving(fake_app(demo_settings)) as server:
        azur = httpx.post(f"{server.url}/graphql", json={"query": ME}, headers=bearer(), timeout=20)
        bocage = httpx.post(
            f"{server.url}/graphql",
            json={"query": "{ me { number firstName } }"},
            headers=bearer("bocage", "20000001"),
            timeout=20,
        )
    assert azur.status_code == 200
    body = azur.json()
    assert "errors" not in body
    me = body["data"]["me"]
    assert (me["number"], me["firstName"], me["lastName"]) == ("10000001", "Léa", "Durand")
    assert me["contract"]["coverages"][0]["guarantees"]
    assert [b["firstName"] for b in me["beneficiaries"]] == ["Léa", "Marc", "Zoé", "Hugo"]
    assert me["payments"]["totalCount"] == 60
    assert len(me["payments"]["edges"]) == 3
    assert all(e["node"]["lines"] for e in me["payments"]["edges"])
    # Document links are signed by the gateway: opaque tokens under /documents/.
    assert me["letters"]["edges"][0]["node"]["url"].startswith("/documents/")
    assert len(azur.headers["x-request-id"]) == 32
    assert bocage.json() == {"data": {"me": {"number": "20000001", "firstName": "Léa"}}}


@pytest.mark.integration
def test_a_member_of_another_tenant_is_not_reachable(demo_settings: Settings) -> None:
    with serving(fake_app(demo_settings)) as server:
        response = httpx.post(
            f"{server.url}/graphql",
            json={"query": "{ me { number firstName } }"},
            headers=bearer("azur", "20000001"),  # bocage's member, with an azur token
            timeout=20,
        )
    errors = response.json()["errors"]
    assert errors[0]["extensions"]["code"] == "NOT_FOUND"


@pytest.mark.anyio
async def test_no_backends_for_a_tenant_is_backend_unavailable(demo_settings: Settings) -> None:
    app = fake_app(demo_settings)
    app.state.backends = {}  # e.g. a lifespan that did not run
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
        response = await client.post(
            "/graphql", json={"query": "{ me { number } }"}, headers=bearer()
        )
    error = response.json()["errors"][0]
    assert error["extensions"] == {"code": "BACKEND_UNAVAILABLE", "platform": "gateway"}


def test_fake_tenants_parse(demo_settings: Settings) -> None:
    tenants = fake_tenants(demo_settings)
    azur = tenants.get("azur")
    assert azur is not None and azur.options == {"timeout": "5"}
    assert list(azur.networks) == ["fake-santeclair", "fake-kalixia"]

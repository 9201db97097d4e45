"""The gateway's HTTP surface: /graphql, GraphiQL, /healthz, /readyz, /metrics, lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from gateway.app import create_app
from gateway.demo_issuer import issue_token
from gateway.settings import Settings
from gateway.tenants import Tenants, parse_tenants
from tests.gateway.support import bare_app
from tests.support.servers import free_port, serving

ONE_TENANT = """
[tenants.azur]
name = "Mutuelle Azur Santé"
platform = "cimut"
endpoint = "http://127.0.0.1:${PLATFORM_PORT}/ws/azur"
credentials = { username = "literal:u", password = "literal:p" }
[tenants.azur.networks.kalixia]
endpoint = "http://127.0.0.1:${NETWORK_PORT}"
api_key = "literal:k"
"""

BEARER = {"Authorization": "Bearer " + issue_token(tenant="azur", member="10000001")}
HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def client_for(app: Starlette) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway")


def tenants_on(settings: Settings, platform_port: int, network_port: int) -> Tenants:
    environ = {"PLATFORM_PORT": str(platform_port), "NETWORK_PORT": str(network_port)}
    return parse_tenants(ONE_TENANT, environ, settings)


@pytest.mark.integration
def test_graphql_over_a_real_socket(demo_settings: Settings) -> None:
    with serving(bare_app(demo_settings, environ={})) as server:
        response = httpx.post(
            f"{server.url}/graphql", json={"query": "{ __typename }"}, headers=BEARER, timeout=10
        )
        assert response.status_code == 200
        assert response.json() == {"data": {"__typename": "Query"}}
        # GET queries work too (GraphQL over HTTP), and no Mount-style 307 on POST.
        response = httpx.get(
            f"{server.url}/graphql", params={"query": "{ __typename }"}, headers=BEARER, timeout=10
        )
        assert response.json() == {"data": {"__typename": "Query"}}
        unauthenticated = httpx.post(f"{server.url}/graphql", json={"query": "{ __typename }"})
        assert unauthenticated.status_code == 401


@pytest.mark.anyio
async def test_graphiql_in_demo_without_token(demo_settings: Settings) -> None:
    async with client_for(bare_app(demo_settings, environ={})) as client:
        response = await client.get("/graphql", headers=HTML)
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


@pytest.mark.anyio
async def test_no_graphiql_in_production(production_env: dict[str, str]) -> None:
    settings = Settings.from_environ(production_env)
    async with client_for(bare_app(settings, environ=production_env)) as client:
        response = await client.get("/graphql", headers=HTML)
    assert response.status_code == 404
    assert "graphiql" not in response.text.lower()


@pytest.mark.anyio
async def test_introspection_follows_the_settings(demo_settings: Settings) -> None:
    query = {"query": "{ __schema { queryType { name } } }"}
    async with client_for(bare_app(demo_settings, environ={})) as client:
        on = await client.post("/graphql", json=query, headers=BEARER)
    assert on.json()["data"]["__schema"]["queryType"]["name"] == "Query"
    settings = Settings.from_environ({"MUTUGRAPH_INTROSPECTION": "false"})
    async with client_for(bare_app(settings, environ={})) as client:
        off = await client.post("/graphql", json=query, headers=BEARER)
    assert "introspection" in off.json()["errors"][0]["message"].lower()


@pytest.mark.anyio
async def test_healthz(demo_settings: Settings) -> None:
    async with client_for(bare_app(demo_settings, environ={})) as client:
        response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.anyio
@pytest.mark.integration
async def test_readyz_503_when_a_platform_is_down(demo_settings: Settings) -> None:
    with serving(Starlette()) as network:
        tenants = tenants_on(demo_settings, free_port(), network.port)
        app = bare_app(demo_settings, tenants=tenants)
        async with client_for(app) as client:
            response = await client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body == {
        "status": "unavailable",
        "checks": {"azur/cimut": "down", "azur/kalixia": "up"},
    }
    assert "127.0.0.1" not in response.text  # no back-end address leaves the gateway


@pytest.mark.anyio
@pytest.mark.integration
async def test_readyz_200_when_every_platform_answers(demo_settings: Settings) -> None:
    with serving(Starlette()) as platform, serving(Starlette()) as network:
        app = bare_app(
            demo_settings, tenants=tenants_on(demo_settings, platform.port, network.port)
        )
        async with client_for(app) as client:
            response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"azur/cimut": "up", "azur/kalixia": "up"}


@pytest.mark.anyio
async def test_metrics_count_requests_by_route(demo_settings: Settings) -> None:
    async with client_for(bare_app(demo_settings, environ={})) as client:
        await client.get("/healthz")
        await client.post("/graphql", json={"query": "{ __typename }"}, headers=BEARER)
        await client.post("/graphql", json={"query": "{ __typename }"})
        await client.get("/nowhere/10000001")
        response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    text = response.text
    assert 'mutugraph_http_requests_total{route="/healthz",method="GET",status="200"} 1' in text
    assert 'mutugraph_http_requests_total{route="/graphql",method="POST",status="200"} 1' in text
    assert 'mutugraph_http_requests_total{route="/graphql",method="POST",status="401"} 1' in text
    assert 'route="<unmatched>",method="GET",status="404"' in text
    assert "10000001" not in text  # raw paths never become labels
    assert 'mutugraph_http_request_duration_seconds_bucket{route="/graphql",le="+Inf"} 2' in text
    assert 'mutugraph_http_request_duration_seconds_count{route="/graphql"} 2' in text


@pytest.mark.integration
def test_lifespan_builds_and_closes_the_backends(demo_settings: Settings) -> None:
    events: list[str] = []

    @asynccontextmanager
    async def backends(settings: Settings, tenants: Tenants) -> AsyncIterator[Any]:
        events.append(f"open {','.join(tenants.ids)}")
        yield {"registry": "fake"}
        events.append("close")

    app = create_app(demo_settings, environ={}, backends_factory=backends)
    with serving(app):
        assert events == ["open azur,bocage,cevennes"]
        assert app.state.backends == {"registry": "fake"}
    assert events[-1] == "close"

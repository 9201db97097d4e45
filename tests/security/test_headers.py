"""Security headers on every answer, and CORS by allow-list, over real sockets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from gateway.app import create_app
from gateway.demo_issuer import issue_token
from gateway.headers import API_CSP, DEMO_CORS_ORIGINS, parse_origins
from gateway.settings import ConfigurationError, Settings
from tests.security.auth_support import TENANTS, production_app, production_environ
from tests.support.servers import serving

pytestmark = pytest.mark.integration

HTML = {"Accept": "text/html"}
LISTED = "http://localhost:8000"
PORTAL = "https://portal.azur.example"


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tenants = tmp_path_factory.mktemp("demo") / "tenants.toml"
    tenants.write_text(TENANTS, encoding="utf-8")
    app = create_app(Settings.from_environ({"MUTUGRAPH_TENANTS_FILE": str(tenants)}), environ={})
    app.state.graphiql_member = ("azur", "10000001")  # no sandbox probe for the page
    with serving(app) as server:
        yield server.url


@pytest.fixture(scope="module")
def production_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # Nothing listens at the JWKS URL: token-carrying requests get 503, others do not care.
    environ = production_environ(
        "http://127.0.0.1:9",
        tmp_path_factory.mktemp("production"),
        MUTUGRAPH_GRAPHIQL="true",
        MUTUGRAPH_CORS_ORIGINS=PORTAL,
    )
    with serving(production_app(environ)) as server:
        yield server.url


def _common(response: httpx.Response) -> None:
    headers = response.headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"
    assert "camera=()" in headers["permissions-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


def _requests(base: str) -> dict[str, httpx.Response]:
    token = issue_token(tenant="azur", member="10000001")
    return {
        "graphql": httpx.post(
            base + "/graphql",
            json={"query": "{ me { number } }"},
            headers={"Authorization": f"Bearer {token}"},
        ),
        "graphql 401": httpx.post(base + "/graphql", json={"query": "{ __typename }"}),
        "graphql GET": httpx.get(base + "/graphql", params={"query": "{ __typename }"}),
        "healthz": httpx.get(base + "/healthz"),
        "documents": httpx.get(base + "/documents/not-a-signed-token"),
        "graphiql": httpx.get(base + "/graphql", headers=HTML),
        "not found": httpx.get(base + "/nowhere"),
    }


def test_demo_headers(demo_url: str) -> None:
    answers = _requests(demo_url)
    assert answers["graphql"].json() == {"data": {"me": {"number": "10000001"}}}
    assert answers["graphiql"].headers["content-type"].startswith("text/html")
    for name, response in answers.items():
        _common(response)
        assert "strict-transport-security" not in response.headers, name
    for name in ("graphql", "graphql 401", "graphql GET", "documents", "graphiql"):
        assert answers[name].headers["cache-control"] == "no-store", name
    assert "cache-control" not in answers["healthz"].headers
    for name in ("graphql", "graphql 401", "healthz", "documents"):
        assert answers[name].headers["content-security-policy"] == API_CSP, name
    page_csp = answers["graphiql"].headers["content-security-policy"]
    assert "script-src 'self'" in page_csp and "'unsafe-eval'" not in page_csp


def test_production_headers(production_url: str) -> None:
    answers = _requests(production_url)
    assert answers["graphql"].status_code == 503  # its issuer (JWKS) is unreachable here
    for name, response in answers.items():
        _common(response)
        assert response.headers["strict-transport-security"].startswith("max-age="), name
    assert answers["graphiql"].status_code == 200


def test_served_gateway_does_not_name_its_server() -> None:
    from gateway.server import server_config

    config = server_config(Starlette(), "127.0.0.1", 8000, "info")
    assert config.server_header is False


def _preflight(base: str, origin: str) -> httpx.Response:
    return httpx.options(
        base + "/graphql",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )


def test_cors_preflight_for_a_listed_origin(demo_url: str, production_url: str) -> None:
    for base, origin in ((demo_url, LISTED), (production_url, PORTAL)):
        response = _preflight(base, origin)
        assert response.status_code == 200
        assert response.headers["access-control-allow-origin"] == origin
        assert "access-control-allow-credentials" not in response.headers
        methods = {m.strip() for m in response.headers["access-control-allow-methods"].split(",")}
        assert methods == {"GET", "POST", "OPTIONS"}
        allowed = response.headers["access-control-allow-headers"].lower()
        assert "authorization" in allowed and "content-type" in allowed
        _common(response)


@pytest.mark.parametrize("origin", ["https://evil.example", "http://localhost:8001", "null"])
def test_cors_refuses_other_origins(origin: str, demo_url: str, production_url: str) -> None:
    for base in (demo_url, production_url):
        response = _preflight(base, origin)
        assert response.status_code == 400
        assert "access-control-allow-origin" not in response.headers
        simple = httpx.get(base + "/healthz", headers={"Origin": origin})
        assert "access-control-allow-origin" not in simple.headers


def test_cors_on_actual_requests(demo_url: str, production_url: str) -> None:
    listed = httpx.post(demo_url + "/graphql", json={}, headers={"Origin": LISTED})
    assert listed.headers["access-control-allow-origin"] == LISTED
    assert "x-request-id" in listed.headers["access-control-expose-headers"].lower()
    # The demo origins are not allowed in production unless listed.
    refused = _preflight(production_url, LISTED)
    assert "access-control-allow-origin" not in refused.headers


def test_cors_origins_setting(tmp_path: Path) -> None:
    assert Settings.from_environ({}).cors_origins == DEMO_CORS_ORIGINS
    environ = production_environ("https://login.issuer.test", tmp_path)
    assert Settings.from_environ(environ).cors_origins == ()
    listed = Settings.from_environ(
        {**environ, "MUTUGRAPH_CORS_ORIGINS": f" {PORTAL}/ , http://127.0.0.1:3000"}
    )
    assert listed.cors_origins == (PORTAL, "http://127.0.0.1:3000")
    for bad in ("*", "https://portal.example/app", "portal.example", "ftp://portal.example"):
        with pytest.raises(ConfigurationError, match="MUTUGRAPH_CORS_ORIGINS"):
            Settings.from_environ({**environ, "MUTUGRAPH_CORS_ORIGINS": bad})
    with pytest.raises(ConfigurationError, match="https in production"):
        Settings.from_environ({**environ, "MUTUGRAPH_CORS_ORIGINS": "http://portal.example"})
    assert parse_origins("http://portal.example", production=False) == ("http://portal.example",)
    assert parse_origins("", production=False) == ()

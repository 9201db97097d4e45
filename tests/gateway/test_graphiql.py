"""GraphiQL from local assets: the page, its default query and demo token, the static files."""

from __future__ import annotations

import html.parser
import json
import time
from typing import Any

import httpx
import jwt
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from gateway.graphiql import STATIC_PATH, TOKEN_EXPIRES_IN, _json_for_html, static_dir
from gateway.settings import Settings
from gateway.tenants import parse_tenants
from tests.gateway.support import bare_app, fake_app
from tests.support.servers import serving

HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
ASSETS = (
    "graphiql.min.js",
    "graphiql.min.css",
    "react.production.min.js",
    "react-dom.production.min.js",
    "mutugraph-graphiql.js",
)


class _Page(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.config = ""
        self._in_config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script" and found.get("src"):
            self.scripts.append(str(found["src"]))
        if tag == "link" and found.get("rel") == "stylesheet":
            self.styles.append(str(found["href"]))
        self._in_config = tag == "script" and found.get("id") == "graphiql-config"

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self.config += data

    def handle_endtag(self, tag: str) -> None:
        self._in_config = False


def parse(text: str) -> tuple[_Page, dict[str, Any]]:
    page = _Page()
    page.feed(text)
    return page, json.loads(page.config)


def client_for(app: Starlette) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway")


@pytest.mark.anyio
async def test_page_loads_local_assets_with_the_home_query_and_a_fresh_token(
    demo_settings: Settings,
) -> None:
    app = fake_app(demo_settings)
    app.state.graphiql_member = ("bocage", "20000001")
    async with client_for(app) as client:
        response = await client.get("/graphql", headers=HTML)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unpkg" not in csp
    assert "unpkg" not in response.text and "jsdelivr" not in response.text
    page, config = parse(response.text)
    assert page.scripts == [
        f"{STATIC_PATH}/react.production.min.js",
        f"{STATIC_PATH}/react-dom.production.min.js",
        f"{STATIC_PATH}/graphiql.min.js",
        f"{STATIC_PATH}/mutugraph-graphiql.js",
    ]
    assert page.styles == [f"{STATIC_PATH}/graphiql.min.css"]
    assert config["endpoint"] == "/graphql"
    assert "query Home" in config["query"]
    headers = json.loads(config["headers"])
    scheme, token = headers["Authorization"].split(" ")
    assert scheme == "Bearer"
    claims = jwt.decode(token, options={"verify_signature": False})
    assert (claims["tenant"], claims["sub"]) == ("bocage", "20000001")
    assert abs(claims["exp"] - time.time() - TOKEN_EXPIRES_IN) < 60
    # Each page load mints its own token.
    async with client_for(app) as client:
        again = await client.get("/graphql", headers=HTML)
    assert json.loads(parse(again.text)[1]["headers"]) != headers


@pytest.mark.integration
def test_the_page_token_and_query_work(demo_settings: Settings) -> None:
    app = fake_app(demo_settings)
    app.state.graphiql_member = ("azur", "10000001")
    with serving(app) as server:
        page = httpx.get(f"{server.url}/graphql", headers=HTML)
        _, config = parse(page.text)
        answer = httpx.post(
            f"{server.url}{config['endpoint']}",
            json={"query": config["query"]},
            headers=json.loads(config["headers"]),
            timeout=20,
        )
    body = answer.json()
    assert "errors" not in body, body
    me = body["data"]["me"]
    assert me["number"] == "10000001"
    assert me["contract"]["coverages"] and me["beneficiaries"]
    assert len(me["payments"]["edges"]) == 3
    assert me["payments"]["edges"][0]["node"]["lines"]
    assert me["letters"]["edges"]


@pytest.mark.anyio
async def test_demo_member_asked_of_the_sandbox_when_unknown(demo_settings: Settings) -> None:
    asked: list[str] = []

    async def members(request: Request) -> JSONResponse:
        asked.append(request.query_params["tenant"])
        return JSONResponse({"members": ["10000042"]})

    sandbox = Starlette(routes=[Route("/_sandbox/members", members)])
    with serving(sandbox) as platform:
        text = f"""
        [tenants.azur]
        name = "Azur"
        platform = "fake"
        endpoint = "{platform.url}/ws/azur"
        """
        tenants = parse_tenants(text, {}, demo_settings)
        app = bare_app(demo_settings, tenants=tenants)
        async with client_for(app) as client:
            first = await client.get("/graphql", headers=HTML)
            await client.get("/graphql", headers=HTML)
    token = json.loads(parse(first.text)[1]["headers"])["Authorization"].split(" ")[1]
    claims = jwt.decode(token, options={"verify_signature": False})
    assert (claims["tenant"], claims["sub"]) == ("azur", "10000042")
    assert asked == ["azur"]  # then remembered


@pytest.mark.anyio
async def test_placeholder_when_no_member_is_known(demo_settings: Settings) -> None:
    text = '[tenants.t]\nname = "T"\nplatform = "fake"\nendpoint = "http://127.0.0.1:9"'
    app = bare_app(demo_settings, tenants=parse_tenants(text, {}, demo_settings))
    async with client_for(app) as client:
        response = await client.get("/graphql", headers=HTML)
    headers = json.loads(parse(response.text)[1]["headers"])
    assert headers == {"Authorization": "Bearer <paste a token here>"}


@pytest.mark.anyio
@pytest.mark.parametrize("name", ASSETS)
async def test_assets_are_served(demo_settings: Settings, name: str) -> None:
    async with client_for(bare_app(demo_settings, environ={})) as client:
        response = await client.get(f"{STATIC_PATH}/{name}")
    assert response.status_code == 200
    assert response.content == (static_dir() / name).read_bytes()
    kind = "text/css" if name.endswith(".css") else "javascript"
    assert kind in response.headers["content-type"]


@pytest.mark.anyio
async def test_production_serves_neither_page_nor_assets(production_env: dict[str, str]) -> None:
    settings = Settings.from_environ(production_env)
    async with client_for(bare_app(settings, environ=production_env)) as client:
        page = await client.get("/graphql", headers=HTML)
        asset = await client.get(f"{STATIC_PATH}/graphiql.min.js")
    assert page.status_code == 404 and asset.status_code == 404


@pytest.mark.anyio
async def test_production_with_graphiql_has_no_token(production_env: dict[str, str]) -> None:
    settings = Settings.from_environ({**production_env, "MUTUGRAPH_GRAPHIQL": "true"})
    app = bare_app(settings, environ=production_env)
    app.state.graphiql_member = ("azur", "10000001")
    async with client_for(app) as client:
        response = await client.get("/graphql", headers=HTML)
    headers = json.loads(parse(response.text)[1]["headers"])
    assert headers == {"Authorization": "Bearer <paste a token here>"}


def test_config_cannot_break_out_of_its_script() -> None:
    text = _json_for_html({"q": "</script><script>alert(1)</script>"})
    assert "</" not in text and json.loads(text) == {"q": "</script><script>alert(1)</script>"}

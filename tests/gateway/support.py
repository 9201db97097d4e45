"""Helpers shared by the gateway tests."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette

from gateway.app import create_app, no_backends
from gateway.demo_issuer import issue_token
from gateway.settings import Settings
from gateway.tenants import Tenants, parse_tenants


def bare_app(settings: Settings, **options: Any) -> Starlette:
    """The gateway without back ends: for tests of HTTP, auth and settings only."""
    return create_app(settings, backends_factory=no_backends, **options)


# Two tenants on the in-memory fake platform and networks (adapters/fake): no sandbox. The
# endpoints are never called. bocage collected the adults' consent (privacy).
FAKE_TENANTS = """
[tenants.azur]
name = "Mutuelle Azur Santé"
platform = "fake"
endpoint = "http://127.0.0.1:9/azur"
timeout = 5
[tenants.azur.networks.fake-santeclair]
endpoint = "http://127.0.0.1:9/santeclair"
api_key = "literal:unused"
[tenants.azur.networks.fake-kalixia]
endpoint = "http://127.0.0.1:9/kalixia"
api_key = "literal:unused"

[tenants.bocage]
name = "Mutuelle du Bocage"
platform = "fake"
endpoint = "http://127.0.0.1:9/bocage"
[tenants.bocage.options]
prefix = "2"
[tenants.bocage.privacy]
adult_lines_visible_to_member = true
"""


def fake_tenants(settings: Settings) -> Tenants:
    return parse_tenants(FAKE_TENANTS, {}, settings, source="fake tenants")


def fake_app(settings: Settings, **options: Any) -> Starlette:
    """The gateway over the fake platforms, through the real adapters registry."""
    return create_app(settings, tenants=fake_tenants(settings), **options)


def bearer(tenant: str = "azur", member: str = "10000001", **claims: Any) -> dict[str, str]:
    return {"Authorization": "Bearer " + issue_token(tenant=tenant, member=member, **claims)}

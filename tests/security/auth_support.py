"""Shared pieces of the authentication and headers tests: a production gateway over HTTP.

``production_environ(issuer_url, tmp_path)`` is a complete production environment whose
tokens come from the test issuer's JWKS (tests/security/issuer.py) and whose tenants run
on the in-memory fake platform (no sandbox, no secrets). ``Clock`` shifts the JWKS cache's
clock (``gateway.jwks.monotonic``) so that tests cross its 30 s / max-age windows without
waiting.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from starlette.applications import Starlette

from gateway.app import create_app
from gateway.settings import Settings
from tests.security.issuer import ISSUER, JWKS_PATH, TestIssuer, new_key
from tests.support.servers import ServerThread, serving

DOCUMENT_SECRET = "security-tests-document-secret-0123456789"
TENANTS = """
[tenants.azur]
name = "Mutuelle Azur Santé"
platform = "fake"
endpoint = "http://127.0.0.1:9/azur"

[tenants.bocage]
name = "Mutuelle du Bocage"
platform = "fake"
endpoint = "http://127.0.0.1:9/bocage"
[tenants.bocage.options]
prefix = "2"
"""
ME = {"query": "{ me { number } }"}


def production_environ(issuer_url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    tenants_file = tmp_path / "tenants.toml"
    tenants_file.write_text(TENANTS, encoding="utf-8")
    return {
        "MUTUGRAPH_PROFILE": "production",
        "MUTUGRAPH_JWT_ISSUER": ISSUER,
        "MUTUGRAPH_JWKS_URL": issuer_url + JWKS_PATH,
        "MUTUGRAPH_DOCUMENT_SECRET": DOCUMENT_SECRET,
        "MUTUGRAPH_TENANTS_FILE": str(tenants_file),
        **extra,
    }


def production_app(environ: Mapping[str, str]) -> Starlette:
    return create_app(Settings.from_environ(environ), environ=environ)


@contextmanager
def issuer_server() -> Iterator[tuple[TestIssuer, ServerThread]]:
    issuer = TestIssuer([new_key("ES256"), new_key("RS256"), new_key("PS256")])
    with serving(issuer.app()) as server:
        yield issuer, server


class Clock:
    """``time.monotonic`` plus an offset the test moves forward."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.monotonic() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def post(url: str, token: str | None, body: dict[str, Any] = ME) -> httpx.Response:
    headers = {} if token is None else bearer(token)
    return httpx.post(url + "/graphql", json=body, headers=headers, timeout=10)


def assert_refused(response: httpx.Response, code: str = "UNAUTHENTICATED") -> dict[str, Any]:
    """401 (503 for the issuer) with one error of ``code`` and no data at all."""
    assert response.status_code == (503 if code == "BACKEND_UNAVAILABLE" else 401), response.text
    body: dict[str, Any] = response.json()
    assert set(body) == {"errors"}, body
    (error,) = body["errors"]
    assert error["extensions"]["code"] == code
    return dict(error)

"""Helpers of the Cegedim-style platform's tests: a shared small dataset, a controllable clock,
a running server with a token, and a checker of responses against the OpenAPI schemas.

Not a test module; each ``test_cegedim_*`` module builds its own fixtures from these, since
pytest only shares fixtures through conftest.py (owned by the whole suite).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from sandbox.cegedim.app import create_app
from sandbox.credentials import cegedim_client_id, cegedim_client_secret
from sandbox.dataset.generator import Dataset
from tests.support.servers import ServerThread, serving

MEMBERS_PER_TENANT = 40
API = "/{tenant}/api/v1"


@functools.cache
def small_dataset() -> Dataset:
    """One dataset for every Cegedim test module (generation is deterministic)."""
    return Dataset(members_per_tenant=MEMBERS_PER_TENANT)


class FakeClock:
    """Monotonic seconds that move only when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Sandbox:
    """A running Cegedim app, its clock, and an authenticated client per tenant."""

    server: ServerThread
    clock: FakeClock
    dataset: Dataset

    @property
    def url(self) -> str:
        return self.server.url

    def client(self, tenant: str | None = "bocage", timeout: float = 10.0) -> httpx.Client:
        headers = {}
        if tenant is not None:
            headers["Authorization"] = f"Bearer {token(self.url, tenant)}"
        return httpx.Client(base_url=self.url, headers=headers, timeout=timeout)

    def reset(self) -> None:
        httpx.post(self.url + "/_sandbox/reset", timeout=10).raise_for_status()

    def stats(self) -> dict[str, int]:
        calls: dict[str, int] = httpx.get(self.url + "/_sandbox/stats", timeout=10).json()["calls"]
        return calls


@contextmanager
def running(**options: Any) -> Iterator[Sandbox]:
    clock = FakeClock()
    dataset = small_dataset()
    options.setdefault("rate_limit", 0)  # the fake clock stands still: no window ever slides
    with serving(create_app(dataset, clock=clock, **options)) as server:
        yield Sandbox(server, clock, dataset)


def token(url: str, tenant: str) -> str:
    response = httpx.post(
        f"{url}/{tenant}/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": cegedim_client_id(tenant),
            "client_secret": cegedim_client_secret(tenant),
        },
        timeout=10,
    )
    response.raise_for_status()
    access: str = response.json()["access_token"]
    return access


def api(tenant: str, path: str) -> str:
    return API.format(tenant=tenant) + path


class ApiSchema:
    """Checks live responses against the response schemas of the served OpenAPI document."""

    BASE = "urn:cegedim-openapi"

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        resource = Resource.from_contents(document, default_specification=DRAFT202012)
        self.registry: Registry[Any] = Registry().with_resource(self.BASE, resource)

    def check(self, method: str, template: str, response: httpx.Response) -> None:
        """Validates the body of ``response`` to ``method template`` (an OpenAPI path)."""
        operation = self.document["paths"][template][method.lower()]
        described = operation["responses"][str(response.status_code)]
        if "$ref" in described:
            name = described["$ref"].rsplit("/", 1)[1]
            described = self.document["components"]["responses"][name]
        media = response.headers.get("content-type", "").split(";")[0]
        if response.status_code == 304:
            assert response.content == b""
            return
        schema = described["content"][media]["schema"]
        if media == "application/pdf":
            assert response.content.startswith(b"%PDF")
            return
        if "$ref" in schema:
            schema = {"$ref": self.BASE + schema["$ref"]}
        validator = Draft202012Validator(
            schema,
            registry=self.registry,
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        errors = sorted(validator.iter_errors(response.json()), key=lambda e: list(e.path))
        assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]

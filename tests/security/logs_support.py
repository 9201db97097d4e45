"""Helpers of the logs, errors and audit tests: the gateway over fake platforms we can
break, served on loopback, and the gateway's JSON logging captured in a buffer."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from starlette.applications import Starlette

from adapters.fake import FakeBackends
from gateway.app import create_app
from gateway.demo_issuer import issue_token
from gateway.logs import QUIET_LOGGERS, configure_logging
from gateway.settings import Settings
from gateway.tenants import Tenants
from tests.gateway.support import fake_tenants

MEMBER = "10000001"
PAYMENTS_WITH_LINES = """
query { me { payments(first: 5) { edges { node { id total { amount }
  lines { redacted act { code } amoPaid { amount } } } } } } }
"""


def fake_gateway(settings: Settings | None = None) -> tuple[Starlette, FakeBackends]:
    """The gateway over an in-memory fake azur (its call log can inject faults)."""
    settings = settings or Settings.from_environ({})
    fake = FakeBackends.create(tenant="azur")

    @asynccontextmanager
    async def backends(_: Settings, __: Tenants) -> AsyncIterator[dict[str, Any]]:
        yield {"azur": fake.backends}

    app = create_app(settings, tenants=fake_tenants(settings), backends_factory=backends)
    return app, fake


def bearer(member: str = MEMBER, **claims: Any) -> dict[str, str]:
    return {"Authorization": "Bearer " + issue_token(tenant="azur", member=member, **claims)}


def post(url: str, query: str, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.post(
        f"{url}/graphql", json={"query": query}, headers={**bearer(), **(headers or {})}
    )


@dataclass
class Captured:
    """The gateway handler's output: one JSON object per line."""

    buffer: io.StringIO

    @property
    def text(self) -> str:
        return self.buffer.getvalue()

    def lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.text.splitlines() if line.strip()]


@contextmanager
def gateway_logging(level: str = "info") -> Iterator[Captured]:
    """``configure_logging`` into a buffer; everything it changed is put back afterwards."""
    root = logging.getLogger()
    execution = logging.getLogger("strawberry.execution")
    access = logging.getLogger("uvicorn.access")
    names = (*QUIET_LOGGERS, "uvicorn", "uvicorn.error")
    saved = (
        root.level,
        list(execution.filters),
        {n: logging.getLogger(n).level for n in names},
        {n: (list(logging.getLogger(n).handlers), logging.getLogger(n).propagate) for n in names},
        (list(access.handlers), access.propagate, access.disabled),
    )
    buffer = io.StringIO()
    handler = configure_logging(level, stream=buffer)
    try:
        yield Captured(buffer)
    finally:
        root.removeHandler(handler)
        root.setLevel(saved[0])
        execution.filters[:] = saved[1]
        for name, old_level in saved[2].items():
            logging.getLogger(name).setLevel(old_level)
        for name, (handlers, propagate) in saved[3].items():
            logging.getLogger(name).handlers = handlers
            logging.getLogger(name).propagate = propagate
        access.handlers, access.propagate, access.disabled = saved[4]

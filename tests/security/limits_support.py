"""Shared pieces of the limits tests: a gateway over the fake platforms, every call counted.

``counted_app(environ)`` is the gateway (demo profile plus ``environ``) over the in-memory
fake platform and networks of ``tests.gateway.support``, built through the real adapters
registry, with one :class:`~adapters.fake.CallLog` for every back end: ``calls.total``
is the number of back-end calls, so a test proves that a refused query reached none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from starlette.applications import Starlette

from adapters.fake import CallLog, FakePlatform, kalixia, santeclair
from adapters.fake.world import build_world
from adapters.port import CareNetwork, MemberPlatform
from adapters.registry import BUILTINS, BackendSpec, Registry
from gateway.app import create_app
from gateway.settings import Settings
from tests.gateway.support import bearer, fake_tenants
from tests.support.servers import ServerThread, serving

__all__ = ["bearer", "counted_app", "counted_server", "portal_query"]

DOCS = Path(__file__).resolve().parents[2] / "docs"


def counted_app(environ: Mapping[str, str] | None = None) -> tuple[Starlette, CallLog]:
    """The gateway over fake back ends sharing one call log."""
    calls = CallLog()

    def platform(tenant_id: str, spec: BackendSpec) -> MemberPlatform:
        world = build_world(tenant_id, spec.options.get("prefix", "1"))
        return FakePlatform(tenant_id, world, calls).bundle()

    def santeclair_network(tenant_id: str, spec: BackendSpec) -> CareNetwork:
        return santeclair(calls)

    def kalixia_network(tenant_id: str, spec: BackendSpec) -> CareNetwork:
        return kalixia(calls)

    registry = Registry(
        {
            **BUILTINS,
            "fake": platform,
            "fake-santeclair": santeclair_network,
            "fake-kalixia": kalixia_network,
        },
        use_entry_points=False,
    )
    settings = Settings.from_environ(dict(environ or {}))
    app = create_app(settings, tenants=fake_tenants(settings), registry=registry, environ={})
    return app, calls


@contextmanager
def counted_server(
    environ: Mapping[str, str] | None = None,
) -> Iterator[tuple[ServerThread, CallLog]]:
    """:func:`counted_app` on a loopback socket."""
    app, calls = counted_app(environ)
    with serving(app) as server:
        yield server, calls


def portal_query(name: str) -> str:
    """The query ``name`` of docs/querying.md (the portal's own queries)."""
    text = (DOCS / "querying.md").read_text(encoding="utf-8")
    for block in re.findall(r"```graphql\n(.*?)```", text, re.S):
        if block.startswith(f"query {name}"):
            return str(block)
    raise LookupError(name)

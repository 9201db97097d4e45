"""The graph reads any context with the gateway's attribute names (viewer, backends, loaders,
tenant.privacy...), not only resolvers.context.RequestContext."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest

from adapters.fake import FakeBackends
from tests.graph.support import SCHEMA, Links, data, viewer

pytestmark = pytest.mark.anyio

LINES = "{ me { payments(first: 60) { edges { node { lines { redacted } } } } } }"


@dataclass
class GatewayLike:
    viewer: Any
    backends: Any
    tenant: Any
    links: Any = None
    loaders: dict[str, Any] = field(default_factory=dict)


def redacted(result: dict[str, Any]) -> int:
    edges = result["me"]["payments"]["edges"]
    return sum(ln["redacted"] for e in edges for ln in e["node"]["lines"])


@pytest.mark.parametrize("consent", [False, True])
async def test_gateway_shaped_context_and_tenant_privacy(fake: FakeBackends, consent: bool) -> None:
    tenant = SimpleNamespace(privacy=SimpleNamespace(adult_lines_visible_to_member=consent))
    context = GatewayLike(viewer(), {"azur": fake.backends}, tenant, Links())
    result = data(await SCHEMA.execute(LINES, context_value=context))
    # Without consent the spouse's lines are hidden too; with it, only the confidential one.
    assert redacted(result) > 1 if not consent else redacted(result) == 1

"""What resolvers get as ``info.context``: viewer, tenant, its back ends, links, loaders."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import strawberry
from starlette.applications import Starlette
from starlette.routing import Route

from adapters.fake import FakeBackends
from gateway.auth import TokenVerifier
from gateway.demo_issuer import issue_token
from gateway.graphql import GatewayGraphQL
from gateway.keys import key_source_for
from gateway.settings import Settings
from gateway.tenants import Tenants


@strawberry.type
class Query:
    @strawberry.field
    def whoami(self, info: strawberry.Info) -> str:
        context: Any = info.context
        viewer = context.viewer
        return " ".join(
            [
                viewer.tenant,
                viewer.member_number,
                ",".join(sorted(viewer.roles)),
                viewer.beneficiary_id or "-",
                context.tenant.name,
                context.backends.tenant,
                str(context.links),
                str(len(context.request_id)),
                str(context.loaders),
            ]
        )


@pytest.mark.anyio
async def test_resolvers_see_the_viewer_and_its_tenant(
    demo_settings: Settings, demo_tenants: Tenants
) -> None:
    verifier = TokenVerifier(
        key_source_for(demo_settings),
        issuer=demo_settings.jwt_issuer,
        audience=demo_settings.jwt_audience,
        tenants=demo_tenants,
    )
    view = GatewayGraphQL(
        strawberry.Schema(query=Query), verifier, graphiql=False, links="the-signer"
    )
    app = Starlette(routes=[Route("/graphql", view, methods=["GET", "POST"])])
    # Only the viewer's own tenant's back ends reach the resolvers.
    app.state.backends = {
        "azur": FakeBackends.create("azur").backends,
        "cevennes": FakeBackends.create("cevennes", prefix="3").backends,
    }
    token = issue_token(
        tenant="cevennes", member="30000001", roles=["beneficiary"], beneficiary="30000001-02"
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
        response = await client.post(
            "/graphql",
            json={"query": "{ whoami }"},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert len(response.headers["x-request-id"]) == 32
    assert response.json() == {
        "data": {
            "whoami": "cevennes 30000001 beneficiary 30000001-02 "
            "Mutuelle des Cévennes cevennes the-signer 32 {}"
        }
    }

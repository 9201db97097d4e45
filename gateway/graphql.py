"""``/graphql``: Strawberry's ASGI view behind bearer authentication.

Every GraphQL request needs a valid token (401 UNAUTHENTICATED otherwise). The one
exception is the GraphiQL page itself, a browser's plain GET: it holds no data, and the
queries it then sends carry the token of its Headers pane. The page is the gateway's own
(:mod:`gateway.graphiql`, assets served locally), not Strawberry's CDN-based one.

The context (:class:`gateway.context.RequestContext`) gives resolvers the viewer's own
tenant's back ends only, the document-link signer and a request id (``X-Request-ID``).
"""

from __future__ import annotations

import uuid
from typing import Any

import strawberry
from cross_web import StarletteRequestAdapter
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.extensions import DisableIntrospection

from gateway.auth import AuthError, TokenVerifier, unauthenticated_response
from gateway.backends import tenant_backends
from gateway.context import RequestContext
from gateway.graphiql import graphiql_page
from gateway.limits.rules import query_limits
from gateway.limits.settings import LimitSettings
from gateway.limits.view import GuardedGraphQL
from gateway.media_types import negotiated
from gateway.request_ids import current_request_id
from gateway.settings import Settings
from resolvers.viewer import Viewer
from schema import build_schema

_VIEWER_KEY = "mutugraph.viewer"


def served_schema(*, introspection: bool, limits: LimitSettings | None = None) -> strawberry.Schema:
    """The graph's schema with its query limits; introspection refused if the settings say so."""
    extensions = [query_limits(limits or LimitSettings())]
    if not introspection:
        extensions.append(DisableIntrospection)
    return build_schema(extensions=extensions)


class GatewayGraphQL(GuardedGraphQL):  # batches, trusted documents, viewer rate limit
    """Strawberry's view with the gateway's authentication, context and GraphiQL page."""

    def __init__(
        self,
        schema: strawberry.Schema,
        verifier: TokenVerifier,
        *,
        graphiql: bool,
        settings: Settings | None = None,
        links: Any = None,
    ) -> None:
        # File uploads (RIB, proofs, attachments) follow the GraphQL multipart request spec.
        # Strawberry warns of CSRF with multipart: here credentials travel only in the
        # Authorization header, which a cross-site form cannot set, so no cookie is at risk.
        super().__init__(
            schema,
            graphql_ide="graphiql" if graphiql else None,
            multipart_uploads_enabled=True,
        )
        self.verifier = verifier
        self.settings = settings or Settings()
        self.links = links

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        return await graphiql_page(request, self.settings, self.verifier.tenants)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # no subscriptions over websockets (yet)
            await WebSocket(scope, receive, send).close(code=1008)
            return
        request = Request(scope, receive)
        if self.should_render_graphql_ide(StarletteRequestAdapter(request)):
            response: Response = (
                await self.render_graphql_ide(request)
                if self.graphql_ide
                else PlainTextResponse("Not Found", status_code=404)
            )
            await response(scope, receive, send)
            return
        try:
            viewer = await self.verifier.viewer_from_header(request.headers.get("authorization"))
        except AuthError as error:
            refused = negotiated(unauthenticated_response(error), request.headers.get("accept"))
            await refused(scope, receive, send)
            return
        scope.setdefault("state", {})[_VIEWER_KEY] = viewer
        await super().__call__(scope, receive, send)

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> RequestContext:
        assert isinstance(request, Request) and isinstance(response, Response)
        viewer: Viewer = request.scope["state"][_VIEWER_KEY]
        tenant = self.verifier.tenants.get(viewer.tenant)
        assert tenant is not None  # the verifier accepts only configured tenants
        # The id of the request's logs (gateway.request_ids), also sent back as X-Request-Id.
        request_id = current_request_id() or uuid.uuid4().hex
        response.headers["X-Request-ID"] = request_id
        return RequestContext(
            request=request,
            response=response,
            viewer=viewer,
            tenant=tenant,
            backends=tenant_backends(getattr(request.app.state, "backends", None), tenant.id),
            links=self.links,
            request_id=request_id,
            audit=getattr(request.app.state, "audit", None),
        )

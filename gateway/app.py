"""The ASGI application: ``create_app(settings) -> Starlette``.

Routes (DESIGN.md): ``GET|POST /graphql``, ``GET /documents/{token}``, ``GET /healthz``,
``GET /readyz``, ``GET /metrics``, and ``/graphiql/static/...`` when GraphiQL is on. Each
endpoint is a plain :class:`~starlette.routing.Route`: a ``Mount`` would answer
``POST /graphql`` with a 307 redirect to ``/graphql/``.

The lifespan is where the graph's back ends come to life: ``backends_factory`` is a
callable taking (settings, tenants) and returning an async context manager; what it yields
(tenant id → :class:`~adapters.port.TenantBackends`) is ``app.state.backends`` for the
whole life of the app, each GraphQL request gets its viewer's tenant's entry, and the
context manager's exit closes connections. The default is
:func:`gateway.backends.registry_backends` (the adapters registry); tests pass their own.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from functools import partial
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Route

from adapters.registry import Registry
from gateway.audit import AuditTrail, audit_trail
from gateway.auth import TokenVerifier
from gateway.backends import backend_events, check_platforms, registry_backends
from gateway.documents import SignedLinks, documents_route
from gateway.graphiql import static_mount
from gateway.graphql import GatewayGraphQL, served_schema
from gateway.headers import security_middleware
from gateway.health import health_routes
from gateway.keys import key_source_for
from gateway.limits.guard import Guard
from gateway.metrics import Metrics, MetricsMiddleware, metrics_endpoint
from gateway.request_ids import RequestIdMiddleware
from gateway.settings import Settings
from gateway.tenants import Tenants, load_tenants

BackendsFactory = Callable[[Settings, Tenants], AbstractAsyncContextManager[Any]]


@asynccontextmanager
async def no_backends(settings: Settings, tenants: Tenants) -> AsyncIterator[None]:
    """A factory for apps without back ends (the graph answers BACKEND_UNAVAILABLE)."""
    yield None


def create_app(
    settings: Settings,
    *,
    tenants: Tenants | None = None,
    environ: Mapping[str, str] | None = None,
    backends_factory: BackendsFactory | None = None,
    registry: Registry | None = None,
) -> Starlette:
    """The gateway for ``settings``.

    ``tenants`` defaults to the tenants file of the settings, whose secret references and
    endpoint variables are resolved against ``environ`` (default ``os.environ``).
    ``backends_factory`` defaults to the adapters ``registry`` (default: built-ins and
    plug-ins), whose platform names are checked here. Configuration errors raise
    :class:`gateway.settings.ConfigurationError` here, before anything listens.
    """
    if tenants is None:
        tenants = load_tenants(settings, os.environ if environ is None else environ)
    if backends_factory is None:
        registry = registry or Registry()
        check_platforms(tenants, registry)
        backends_factory = partial(registry_backends, registry=registry)
    verifier = TokenVerifier(
        key_source_for(settings),
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        tenants=tenants,
        leeway_seconds=settings.jwt_leeway_seconds,
    )
    links = SignedLinks(
        str(settings.document_secret), ttl_seconds=settings.document_link_ttl_seconds
    )
    guard = Guard.from_settings(settings)  # limits, trusted documents, rate limits
    schema = served_schema(introspection=settings.introspection, limits=settings.limits)
    graphql = GatewayGraphQL(
        schema, verifier, graphiql=settings.graphiql, settings=settings, links=links
    )
    metrics = Metrics()
    routes: list[BaseRoute] = [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        documents_route(links, tenants),
        *health_routes(tenants, settings.ready_timeout_seconds),
        metrics_endpoint(metrics, backend_events),
    ]
    if settings.graphiql:
        routes.append(static_mount())
    factory = backends_factory

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with factory(settings, tenants) as backends, guard.running():
            app.state.backends = backends
            try:
                yield
            finally:
                app.state.backends = None
                trail = app.state.audit
                if isinstance(trail, AuditTrail):  # tests may swap in another sink
                    await trail.close()

    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(RequestIdMiddleware),  # first: every log line of the request has its id
            *security_middleware(settings),  # headers and CORS on every answer
            Middleware(MetricsMiddleware, metrics=metrics, routes=routes),
            *guard.middleware(),  # address rate limit (429), body size (413)
        ],
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.tenants = tenants
    app.state.metrics = metrics
    app.state.links = links
    app.state.backends = None
    app.state.guard = guard  # read by the GraphQL view (gateway.limits.view)
    app.state.audit = audit_trail(settings)  # given to resolvers through the context
    return app

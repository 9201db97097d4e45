"""The request pipeline every API operation of the Cegedim-style platform goes through.

An :class:`Endpoint` names one operation (its method, its path under ``/{tenant}/api/v1``,
its ``operationId``, which is also its name in ``/_sandbox/stats``) and its handler.
:func:`api_route` wraps the handler, in this order: the tenant must be on this platform
(404), the bearer token must be valid for it (401), the client must be under its rate limit
(429, counted before the handler runs), then the handler; business errors become problem
details, and successful GETs get an ETag (304 on If-None-Match).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from sandbox.backoffice import BackOffice, BusinessError
from sandbox.cegedim.etag import conditional
from sandbox.cegedim.oauth import TokenIssuer
from sandbox.cegedim.problems import ApiProblem, from_business_error
from sandbox.cegedim.ratelimit import SlidingWindowLimiter

API_PREFIX = "/{tenant}/api/v1"


@dataclass(frozen=True, slots=True)
class Platform:
    """What every handler may need: the tenants served, their back offices, auth, limits."""

    tenants: tuple[str, ...]
    backoffice: Callable[[str], BackOffice]
    issuer: TokenIssuer
    limiter: SlidingWindowLimiter


@dataclass(frozen=True, slots=True)
class Call:
    """One authenticated API call: the request, its tenant's back office, the insured id."""

    request: Request
    tenant: str
    office: BackOffice
    client_id: str

    @property
    def insured(self) -> str:
        return str(self.request.path_params["insuredId"])

    def path(self, name: str) -> str:
        return str(self.request.path_params[name])


Handler = Callable[[Call], Awaitable[Response]]


@dataclass(frozen=True, slots=True)
class Endpoint:
    method: str
    path: str  # under API_PREFIX, e.g. "/insureds/{insuredId}"
    operation: str  # OpenAPI operationId and stats name
    handler: Handler


def ok(body: Any, status: int = 200) -> Response:
    """A JSON response (compact, UTF-8, deterministic key order for stable ETags)."""
    content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    return Response(content, status_code=status, media_type="application/json")


def pdf(content: bytes, filename: str) -> Response:
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


def unknown_tenant(tenant: str) -> ApiProblem:
    return ApiProblem(404, "UNKNOWN_TENANT", f"no tenant {tenant!r} on this platform")


def api_route(platform: Platform, endpoint: Endpoint) -> Route:
    async def run(request: Request) -> Response:
        tenant = str(request.path_params["tenant"])
        try:
            if tenant not in platform.tenants:
                raise unknown_tenant(tenant)
            client_id = platform.issuer.client_of(request, tenant)
            platform.limiter.check(client_id)
            call = Call(request, tenant, platform.backoffice(tenant), client_id)
            try:
                response = await endpoint.handler(call)
            except BusinessError as error:
                raise from_business_error(error) from error
        except ApiProblem as problem:
            return problem.response()
        return conditional(request, response)

    return Route(
        API_PREFIX + endpoint.path, run, methods=[endpoint.method], name=endpoint.operation
    )

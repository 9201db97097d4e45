"""``create_app(dataset)``: the Cegedim-style platform as a Starlette app.

Serves the tenants of the dataset whose platform is ``cegedim`` (bocage, cevennes):

    POST /{tenant}/oauth/token        OAuth2 client credentials (stats operation "token")
    ...  /{tenant}/api/v1/...         the API, see sandbox.cegedim.openapi
    GET  /openapi.json                the OpenAPI 3.1 document (not counted in stats)
    /_sandbox/...                     admin API of sandbox.admin

Settings, each a keyword argument or else an environment variable read when the app is
built: ``token_ttl`` / ``MUTUGRAPH_SANDBOX_CEGEDIM_TOKEN_TTL`` (seconds, default 300) and
``rate_limit`` / ``MUTUGRAPH_SANDBOX_CEGEDIM_RATE_LIMIT`` (calls per client per second,
default 50, 0 = off). ``clock`` (monotonic seconds) lets tests expire tokens and refill the
rate limit without sleeping. ``/_sandbox/reset`` restores the tenants' data and empties the
rate-limit windows; tokens already issued stay valid, like a real platform's after a data
restore, so a client's cached token keeps working.
"""

from __future__ import annotations

import json
import os
import random
import time
from collections.abc import Awaitable, Callable, Sequence

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match, Route

from sandbox.admin import platform_app
from sandbox.cegedim import (
    routes_documents,
    routes_insured,
    routes_messages,
    routes_reimbursements,
    routes_requests,
)
from sandbox.cegedim.endpoint import Endpoint, Platform, api_route, unknown_tenant
from sandbox.cegedim.oauth import TokenIssuer, token_endpoint
from sandbox.cegedim.openapi import TOKEN_PATH, build_document
from sandbox.cegedim.problems import ApiProblem, fault_error_responder, malformed_response
from sandbox.cegedim.ratelimit import SlidingWindowLimiter
from sandbox.dataset.generator import Dataset

TOKEN_TTL_ENV = "MUTUGRAPH_SANDBOX_CEGEDIM_TOKEN_TTL"
RATE_LIMIT_ENV = "MUTUGRAPH_SANDBOX_CEGEDIM_RATE_LIMIT"
ENDPOINTS: tuple[Endpoint, ...] = (
    *routes_insured.ENDPOINTS,
    *routes_reimbursements.ENDPOINTS,
    *routes_documents.ENDPOINTS,
    *routes_requests.ENDPOINTS,
    *routes_messages.ENDPOINTS,
)
OPENAPI_ROUTE = "openapi"


def create_app(
    dataset: Dataset,
    *,
    token_ttl: float | None = None,
    rate_limit: int | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Starlette:
    ttl = token_ttl if token_ttl is not None else float(os.environ.get(TOKEN_TTL_ENV, "300"))
    limit = rate_limit if rate_limit is not None else int(os.environ.get(RATE_LIMIT_ENV, "50"))
    tenants = tuple(t.id for t in dataset.tenants if t.platform == "cegedim")
    platform = Platform(
        tenants=tenants,
        backoffice=dataset.backoffice,
        issuer=TokenIssuer(ttl, clock),
        limiter=SlidingWindowLimiter(limit, 1.0, clock),
    )
    document = json.dumps(build_document(ENDPOINTS), ensure_ascii=False).encode()

    async def token(request: Request) -> Response:
        tenant = str(request.path_params["tenant"])
        if tenant not in tenants:
            return unknown_tenant(tenant).response()
        return await token_endpoint(request, tenant, platform.issuer)

    async def openapi(request: Request) -> Response:
        return Response(document, media_type="application/json")

    routes: list[BaseRoute] = [
        Route(TOKEN_PATH, token, methods=["POST"], name="token"),
        Route("/openapi.json", openapi, methods=["GET"], name=OPENAPI_ROUTE),
        *(api_route(platform, endpoint) for endpoint in ENDPOINTS),
    ]

    def on_reset() -> None:
        for tenant in tenants:
            dataset.backoffice(tenant).reset()
        platform.limiter.reset()

    app = platform_app(
        "cegedim",
        routes,
        operation_of=_operation_namer(routes),
        error_response=fault_error_responder(random.Random()),
        malformed_response=malformed_response,
        tenants=tenants,
        member_numbers=dataset.member_numbers,
        on_reset=on_reset,
    )
    app.add_exception_handler(HTTPException, _http_problem)  # type: ignore[arg-type]
    app.state.cegedim = platform
    return app


def _operation_namer(
    routes: Sequence[BaseRoute],
) -> Callable[[Request], Awaitable[str | None]]:
    async def operation_of(request: Request) -> str | None:
        for route in routes:
            match, _ = route.matches(request.scope)
            if match is Match.FULL and isinstance(route, Route):
                return None if route.name == OPENAPI_ROUTE else route.name
        return None  # 404/405: not a platform call

    return operation_of


async def _http_problem(request: Request, exc: HTTPException) -> Response:
    """Starlette's own 404/405 as problem details, like the rest of the API."""
    code = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}.get(exc.status_code, "INVALID_REQUEST")
    problem = ApiProblem(exc.status_code, code, str(exc.detail), headers=exc.headers)
    return problem.response()

"""API-key access to a care network: the key names the tenant (mutuelle) calling.

Both networks take ``X-Api-Key: sandbox.credentials.network_api_key(network, tenant)``. A
missing or unknown key is refused with 401; the key of a mutuelle that has not subscribed
to this network with 403. How the refusal looks is the network's business (``Denied``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from functools import wraps

from starlette.requests import Request
from starlette.responses import Response

from sandbox.credentials import network_api_key
from sandbox.dataset.records import Tenant

HEADER = "X-Api-Key"
Denied = Callable[[int, str], Response]
"""Builds the network's refusal for an HTTP status (401, 403) and an English reason."""
Endpoint = Callable[[Request], Awaitable[Response]]
TenantEndpoint = Callable[[Request, Tenant], Awaitable[Response]]


class ApiKeys:
    """Checks the API key of each request and hands the endpoint the calling tenant."""

    def __init__(self, tenants: Sequence[Tenant], network: str, denied: Denied) -> None:
        self.network = network
        self.denied = denied
        self._tenants = {network_api_key(network, t.id): t for t in tenants}

    def tenant(self, request: Request) -> Tenant | Response:
        """The calling tenant, or the refusal to send back."""
        key = request.headers.get(HEADER)
        if not key:
            return self.denied(401, f"missing {HEADER} header")
        tenant = self._tenants.get(key)
        if tenant is None:
            return self.denied(401, "unknown API key")
        if self.network not in tenant.networks:
            return self.denied(403, f"this mutuelle has not subscribed to {self.network}")
        return tenant

    def guard(self, endpoint: TenantEndpoint) -> Endpoint:
        """The endpoint behind the key check."""

        @wraps(endpoint)
        async def guarded(request: Request) -> Response:
            tenant = self.tenant(request)
            if isinstance(tenant, Response):
                return tenant
            return await endpoint(request, tenant)

        return guarded

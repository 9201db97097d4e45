"""Liveness (``/healthz``) and readiness (``/readyz``) probes.

Liveness says only that the process answers. Readiness opens a TCP connection to every
platform and care network the tenants use (each distinct host:port once, all at the same
time, with a short timeout) and answers 503 when one does not accept it. A TCP connect is
the cheapest check that tells "down" from "up" without calling an operation, and it needs
no credentials. The body names tenants and platforms, never URLs (DESIGN.md: no back-end
address leaves the gateway).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from gateway.tenants import Tenants


def _dependencies(tenants: Tenants) -> Iterator[tuple[str, str]]:
    """(name, endpoint) of every back end: ``azur/cimut``, ``azur/santeclair``..."""
    for tenant in tenants:
        yield f"{tenant.id}/{tenant.platform}", tenant.endpoint
        for network in tenant.networks.values():
            yield f"{tenant.id}/{network.name}", network.endpoint


def _address(endpoint: str) -> tuple[str, int]:
    parts = urlsplit(endpoint)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return parts.hostname or "127.0.0.1", port


async def _accepts(address: tuple[str, int], seconds: float) -> bool:
    try:
        async with asyncio.timeout(seconds):
            _, writer = await asyncio.open_connection(*address)
    except (OSError, TimeoutError):
        return False
    writer.close()
    with contextlib.suppress(OSError):  # the peer may reset first; it did accept
        await writer.wait_closed()
    return True


async def readiness(tenants: Tenants, seconds: float) -> dict[str, str]:
    """``{"azur/cimut": "up", "bocage/kalixia": "down", ...}``."""
    named = [(name, _address(endpoint)) for name, endpoint in _dependencies(tenants)]
    addresses = list(dict.fromkeys(address for _, address in named))
    results = await asyncio.gather(*(_accepts(a, seconds) for a in addresses))
    up = dict(zip(addresses, results, strict=True))
    return {name: "up" if up[address] else "down" for name, address in named}


def health_routes(tenants: Tenants, timeout: float) -> list[Route]:
    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> Response:
        checks = await readiness(tenants, timeout)
        ready = all(state == "up" for state in checks.values())
        return JSONResponse(
            {"status": "ok" if ready else "unavailable", "checks": checks},
            status_code=200 if ready else 503,
            headers={"Cache-Control": "no-store"},
        )

    return [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
    ]

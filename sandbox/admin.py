"""The admin API and fault injection shared by every simulated platform.

Each platform builds its routes and hands them to :func:`platform_app`, which adds, per
DESIGN.md:

    GET  /_sandbox/members?limit=N[&tenant=T]   member numbers, for tests and benchmarks:
                                     the platform's tenants interleaved, so that any prefix
                                     covers every tenant; ``tenant`` keeps one
    GET  /_sandbox/stats             {"calls": {"<operation>": n, ...}}
    POST /_sandbox/faults            {"latency_ms", "jitter_ms", "error_rate", "hang_rate",
                                      "malformed_rate", "drop_rate", "operations": [...]}
    POST /_sandbox/reset             faults off, counters to zero, data as generated

and wraps the platform in :class:`FaultInjector`, which counts each call under the
platform's own operation name and applies the faults configured for that operation. How an
error or a malformed body looks is the platform's business (a SOAP Fault, a JSON problem),
so the platform passes those responders in.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain, zip_longest
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

OperationOf = Callable[[Request], Awaitable[str | None]]
"""Names the operation of a request (None: not a platform call, e.g. /openapi.json)."""
Responder = Callable[[str], Response]
"""Builds the platform's response for an operation (an error, or a malformed body)."""

_FAULT_KEYS = ("latency_ms", "jitter_ms", "error_rate", "hang_rate", "malformed_rate", "drop_rate")
HANG_SECONDS = 600.0  # long enough for any client timeout to fire first


@dataclass(frozen=True, slots=True)
class Faults:
    """The faults in force for a set of operations (None: all operations)."""

    latency_ms: float = 0.0
    jitter_ms: float = 0.0
    error_rate: float = 0.0
    hang_rate: float = 0.0
    malformed_rate: float = 0.0
    drop_rate: float = 0.0
    operations: frozenset[str] | None = None

    def applies_to(self, operation: str) -> bool:
        return self.operations is None or operation in self.operations


@dataclass
class SandboxState:
    """Counters and faults of one platform; ``on_reset`` restores its data."""

    on_reset: Callable[[], None]
    calls: Counter[str] = field(default_factory=Counter)
    faults: Faults = field(default_factory=Faults)
    rng: random.Random = field(default_factory=random.Random)

    def reset(self) -> None:
        self.calls.clear()
        self.faults = Faults()
        self.on_reset()


class FaultInjector:
    """ASGI middleware: counts platform calls and injects the configured faults."""

    def __init__(
        self,
        app: ASGIApp,
        state: SandboxState,
        operation_of: OperationOf,
        error_response: Responder,
        malformed_response: Responder,
    ) -> None:
        self.app = app
        self.state = state
        self.operation_of = operation_of
        self.error_response = error_response
        self.malformed_response = malformed_response

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/_sandbox/"):
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        replay = _replay(body)
        operation = await self.operation_of(Request(scope, replay()))
        if operation is None:
            await self.app(scope, replay(), send)
            return
        self.state.calls[operation] += 1
        faults = self.state.faults
        if not faults.applies_to(operation):
            await self.app(scope, replay(), send)
            return
        rng = self.state.rng
        delay = faults.latency_ms + rng.uniform(-faults.jitter_ms, faults.jitter_ms)
        if delay > 0:
            await asyncio.sleep(delay / 1000)
        if rng.random() < faults.hang_rate:
            await asyncio.sleep(HANG_SECONDS)
        if rng.random() < faults.drop_rate:
            await _drop(send)
            return
        if rng.random() < faults.error_rate:
            await self.error_response(operation)(scope, replay(), send)
            return
        if rng.random() < faults.malformed_rate:
            await self.malformed_response(operation)(scope, replay(), send)
            return
        await self.app(scope, replay(), send)


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes) -> Callable[[], Receive]:
    """A fresh ``receive`` that yields the already-read body once, then waits."""

    def make() -> Receive:
        sent = False

        async def receive() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            await asyncio.Event().wait()  # like a client that sends nothing more
            return {"type": "http.disconnect"}

        return receive

    return make


async def _drop(send: Send) -> None:
    """Start a response that promises a body, then break off: the client sees the
    connection closed mid-response (uvicorn aborts the connection on the exception)."""
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-length", b"4096"), (b"content-type", b"text/plain")],
        }
    )
    await send({"type": "http.response.body", "body": b"partial", "more_body": True})
    raise ConnectionAbortedError("sandbox fault: dropped connection")


def platform_app(
    name: str,
    routes: Sequence[BaseRoute],
    *,
    operation_of: OperationOf,
    error_response: Responder,
    malformed_response: Responder,
    tenants: Sequence[str],
    member_numbers: Callable[[str, int], list[str]],
    on_reset: Callable[[], None],
) -> Starlette:
    """A platform's Starlette app with the admin API and the fault injector around it.

    ``tenants`` are the tenants the platform serves; ``member_numbers(tenant, limit)`` lists
    the first member numbers of one of them.
    """
    state = SandboxState(on_reset=on_reset)

    async def members(request: Request) -> Response:
        limit = _int_param(request.query_params.get("limit"), default=100)
        wanted = request.query_params.get("tenant")
        chosen = [tenant for tenant in tenants if wanted in (None, tenant)]
        per_tenant = [member_numbers(tenant, limit) for tenant in chosen]
        interleaved = [n for n in chain.from_iterable(zip_longest(*per_tenant)) if n is not None]
        return JSONResponse({"platform": name, "members": interleaved[:limit]})

    async def stats(request: Request) -> Response:
        return JSONResponse({"platform": name, "calls": dict(state.calls)})

    async def faults(request: Request) -> Response:
        try:
            payload: dict[str, Any] = await request.json()
            state.faults = _merge_faults(state.faults, payload)
        except (ValueError, TypeError) as exc:
            return JSONResponse({"error": f"invalid faults: {exc}"}, status_code=400)
        return JSONResponse(_faults_json(state.faults))

    async def reset(request: Request) -> Response:
        state.reset()
        return JSONResponse({"platform": name, "reset": True})

    admin = [
        Route("/_sandbox/members", members, methods=["GET"]),
        Route("/_sandbox/stats", stats, methods=["GET"]),
        Route("/_sandbox/faults", faults, methods=["GET", "POST"]),
        Route("/_sandbox/reset", reset, methods=["POST"]),
    ]
    app = Starlette(routes=[*admin, *routes])
    app.state.sandbox = state
    app.add_middleware(
        FaultInjector,
        state=state,
        operation_of=operation_of,
        error_response=error_response,
        malformed_response=malformed_response,
    )
    return app


def _int_param(raw: str | None, default: int) -> int:
    try:
        return max(0, int(raw)) if raw is not None else default
    except ValueError:
        return default


def _merge_faults(current: Faults, payload: dict[str, Any]) -> Faults:
    if not isinstance(payload, dict):
        raise TypeError("a JSON object is expected")
    unknown = set(payload) - {*_FAULT_KEYS, "operations"}
    if unknown:
        raise ValueError(f"unknown keys {sorted(unknown)}")
    changes: dict[str, Any] = {}
    for key in _FAULT_KEYS:
        if key in payload:
            value = float(payload[key])
            if value < 0 or (key.endswith("_rate") and value > 1):
                raise ValueError(f"{key} out of range")
            changes[key] = value
    if "operations" in payload:
        ops = payload["operations"]
        changes["operations"] = None if ops is None else frozenset(str(op) for op in ops)
    else:
        changes["operations"] = None  # absent: all operations
    return replace(current, **changes)


def _faults_json(faults: Faults) -> dict[str, Any]:
    data: dict[str, Any] = {key: getattr(faults, key) for key in _FAULT_KEYS}
    data["operations"] = None if faults.operations is None else sorted(faults.operations)
    return data

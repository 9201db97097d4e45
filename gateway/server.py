"""Running the gateway under uvicorn inside our own event loop, with our own signal handling.

uvicorn's ``Server.serve`` installs SIGINT/SIGTERM handlers and re-raises the signal after
shutting down, which would kill ``mutugraph demo`` before it stops the sandbox. Here the
caller owns the signals (:class:`StopSignals`): the first SIGINT or SIGTERM asks for a
graceful stop, a second one forces it.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable, Generator

import uvicorn
from starlette.types import ASGIApp

GRACEFUL_SHUTDOWN_SECONDS = 5


class GatewayStartError(RuntimeError):
    """uvicorn could not start (port taken, lifespan failure...); it logged why."""


class StopSignals:
    """SIGINT/SIGTERM handlers on the running loop: ``event`` is set on the first one."""

    def __init__(self) -> None:
        self.event = asyncio.Event()
        self.received = 0
        self.on_force: list[Callable[[], None]] = []

    def install(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self._handle)

    def _handle(self) -> None:
        self.received += 1
        self.event.set()
        if self.received > 1:
            for force in self.on_force:
                force()


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield  # StopSignals handles them


def server_config(app: ASGIApp, host: str, port: int, log_level: str) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level,
        lifespan="on",
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
        server_header=False,
        # Paths may carry signed document tokens and queries personal data: the access
        # log stays off; /metrics counts requests instead.
        access_log=False,
        # uvicorn would trust X-Forwarded-For from 127.0.0.1; the client address that rate
        # limits use is decided by MUTUGRAPH_TRUSTED_PROXIES alone (gateway.ratelimit).
        proxy_headers=False,
        # uvicorn's own messages go through the root logger's JSON handler (gateway.logs).
        log_config=None,
    )


async def serve(
    config: uvicorn.Config,
    signals: StopSignals,
    on_started: Callable[[], None] | None = None,
) -> None:
    """Serve until ``signals`` asks to stop; :class:`GatewayStartError` if it cannot start."""
    server = _Server(config)
    signals.on_force.append(lambda: setattr(server, "force_exit", True))

    async def run() -> None:
        try:
            await server.serve()
        except SystemExit as exc:  # uvicorn exits this way when it cannot bind or start
            raise GatewayStartError(f"the gateway did not start (exit {exc.code})") from None

    serving = asyncio.create_task(run())
    stop = asyncio.create_task(signals.event.wait())
    announced = False
    try:
        while not serving.done():
            if not announced and server.started:
                announced = True
                if on_started is not None:
                    on_started()
            if stop.done():
                server.should_exit = True
            await asyncio.wait({serving} if stop.done() else {serving, stop}, timeout=0.05)
        await serving
        if not server.started and not stop.done():
            raise GatewayStartError("the gateway did not start")
    finally:
        stop.cancel()
        if not serving.done():
            server.should_exit = True
            await serving

"""Run the simulated platforms: one process, one event loop, one uvicorn server per platform.

All platforms share one :class:`~sandbox.dataset.generator.Dataset` (built once, before
anything listens), so a member seen on Cimut is the same person on Santéclair. Each
platform module is imported by name only when asked for (``sandbox.<name>.app``), so one
platform can run while another is still being written.

SIGINT and SIGTERM stop every server gracefully (a second one forces it). With
``exit_with_parent`` the runner also stops when its parent process dies, so the sandbox
child of ``mutugraph demo`` never outlives it.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import os
import signal
from collections.abc import Callable, Generator, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import uvicorn
from starlette.types import ASGIApp

from sandbox.credentials import DEFAULT_PORTS

PLATFORMS: tuple[str, ...] = tuple(DEFAULT_PORTS)
Announce = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class RunnerOptions:
    """What to run and where (see ``python -m sandbox --help``)."""

    platforms: tuple[str, ...] = PLATFORMS
    host: str = "127.0.0.1"
    ports: Mapping[str, int] | None = None  # None: DEFAULT_PORTS
    seed: int = 2026
    members: int = 500
    as_of: date | None = None
    exit_with_parent: bool = False
    log_level: str = "warning"

    def port(self, platform: str) -> int:
        return (self.ports or DEFAULT_PORTS)[platform]


def platform_factory(name: str) -> Callable[[Any], ASGIApp]:
    """``sandbox.<name>.app.create_app``, imported now."""
    if name not in PLATFORMS:
        raise ValueError(f"unknown platform {name!r} (known: {', '.join(PLATFORMS)})")
    module = importlib.import_module(f"sandbox.{name}.app")
    factory: Callable[[Any], ASGIApp] = module.create_app
    return factory


def build_apps(options: RunnerOptions) -> dict[str, ASGIApp]:
    """One app per chosen platform, all over one shared dataset."""
    from sandbox.dataset.generator import Dataset

    factories = {name: platform_factory(name) for name in options.platforms}
    dataset = Dataset(seed=options.seed, members_per_tenant=options.members, as_of=options.as_of)
    return {name: factory(dataset) for name, factory in factories.items()}


def _print_line(line: str) -> None:
    print(line, flush=True)


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield  # the runner handles signals once for every server


async def serve_apps(
    apps: Mapping[str, ASGIApp],
    options: RunnerOptions,
    announce: Announce = _print_line,
    stop: asyncio.Event | None = None,
    *,
    handle_signals: bool = True,
) -> int:
    """Serve every app until a signal (or ``stop``); 1 if a server could not start."""
    stop = stop or asyncio.Event()
    servers = {
        name: _Server(
            uvicorn.Config(
                app,
                host=options.host,
                port=options.port(name),
                log_level=options.log_level,
                timeout_graceful_shutdown=2,
                server_header=False,
            )
        )
        for name, app in apps.items()
    }
    installed = handle_signals and _install_signals(stop, servers.values())
    failed: list[str] = []

    async def run(name: str, server: uvicorn.Server) -> None:
        with contextlib.suppress(SystemExit):  # uvicorn's way to say it could not start
            await server.serve()
        if not server.started and not stop.is_set():
            failed.append(name)
            stop.set()  # one platform missing: stop the others rather than half-run

    tasks = [asyncio.create_task(run(name, server)) for name, server in servers.items()]
    stopping = asyncio.create_task(stop.wait())
    parent = os.getppid()
    announced: set[str] = set()
    while not all(task.done() for task in tasks):
        for name, server in servers.items():
            if server.started and name not in announced:
                announced.add(name)
                announce(f"{name} listening on http://{options.host}:{options.port(name)}")
        if options.exit_with_parent and os.getppid() != parent:
            stop.set()
        if stop.is_set():
            for server in servers.values():
                server.should_exit = True
        # Poll fast until every server is up, then slowly (the parent check); a stop
        # request wakes the loop at once.
        waiting: set[asyncio.Task[Any]] = {task for task in tasks if not task.done()}
        if not stopping.done():
            waiting.add(stopping)
        timeout = 0.05 if len(announced) < len(servers) else 0.5
        await asyncio.wait(waiting, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    _remove_signals(installed)
    return 1 if failed else 0


def _install_signals(stop: asyncio.Event, servers: Iterable[uvicorn.Server]) -> bool:
    loop = asyncio.get_running_loop()
    servers = list(servers)

    def handle() -> None:
        if stop.is_set():  # second signal: do not wait for open connections
            for server in servers:
                server.force_exit = True
        stop.set()

    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, handle)
    except (RuntimeError, ValueError):  # not the main thread (tests): signals stay default
        return False
    return True


def _remove_signals(installed: bool) -> None:
    if installed:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)


def run(options: RunnerOptions, announce: Announce = _print_line) -> int:
    """Build the dataset and the apps, then serve them until stopped; the exit code."""
    apps = build_apps(options)
    return asyncio.run(serve_apps(apps, options, announce))

"""The sandbox runner: several platforms, one event loop, one line per ready platform."""

from __future__ import annotations

import asyncio
import socket

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from sandbox.__main__ import options_from
from sandbox.runner import PLATFORMS, RunnerOptions, platform_factory, serve_apps
from tests.support.servers import free_port


def hello(name: str) -> Starlette:
    async def stats(request: Request) -> Response:
        return JSONResponse({"platform": name, "calls": {}})

    return Starlette(routes=[Route("/_sandbox/stats", stats)])


@pytest.mark.anyio
@pytest.mark.integration
async def test_serves_every_app_and_announces_it() -> None:
    ports = {"cimut": free_port(), "kalixia": free_port()}
    options = RunnerOptions(platforms=("cimut", "kalixia"), ports=ports)
    lines: list[str] = []
    all_ready = asyncio.Event()

    def announce(line: str) -> None:
        lines.append(line)
        if len(lines) == len(ports):
            all_ready.set()

    stop = asyncio.Event()
    apps = {name: hello(name) for name in ports}
    runner = asyncio.create_task(serve_apps(apps, options, announce, stop, handle_signals=False))
    await asyncio.wait_for(all_ready.wait(), timeout=20)
    assert sorted(lines) == sorted(
        f"{name} listening on http://127.0.0.1:{port}" for name, port in ports.items()
    )
    async with httpx.AsyncClient() as client:
        for name, port in ports.items():
            response = await client.get(f"http://127.0.0.1:{port}/_sandbox/stats")
            assert response.json()["platform"] == name
    stop.set()
    assert await runner == 0


@pytest.mark.anyio
@pytest.mark.integration
async def test_a_taken_port_stops_everything_with_an_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        ports = {"cimut": free_port(), "cegedim": taken.getsockname()[1]}
        options = RunnerOptions(platforms=("cimut", "cegedim"), ports=ports)
        apps = {name: hello(name) for name in ports}
        async with asyncio.timeout(20):
            status = await serve_apps(apps, options, lambda line: None, handle_signals=False)
    assert status == 1


def test_options_from_arguments_and_environment() -> None:
    environ = {
        "MUTUGRAPH_SANDBOX_PORT_CIMUT": "9101",
        "MUTUGRAPH_SANDBOX_SEED": "7",
        "MUTUGRAPH_SANDBOX_MEMBERS": "40",
        "MUTUGRAPH_SANDBOX_AS_OF": "2026-03-01",
    }
    options = options_from(
        [
            "--platform",
            "kalixia",
            "--platform",
            "cimut",
            "--port-kalixia",
            "9999",
            "--members",
            "9",
        ],
        environ,
    )
    assert options.platforms == ("kalixia", "cimut")
    assert options.port("cimut") == 9101 and options.port("kalixia") == 9999
    assert options.port("cegedim") == 8102
    assert (
        options.seed,
        options.members,
        options.as_of.isoformat() if options.as_of else None,
    ) == (
        7,
        9,
        "2026-03-01",
    )
    assert options_from([], {}).platforms == PLATFORMS


def test_unknown_platform_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown platform"):
        platform_factory("nowhere")
    with pytest.raises(SystemExit):
        options_from(["--platform", "nowhere"], {})

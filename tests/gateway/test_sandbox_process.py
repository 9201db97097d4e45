"""The demo's handling of the sandbox child: readiness errors and a stop that always ends it."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import pytest

from gateway.sandbox_process import SandboxError, stop_sandbox, wait_until_ready
from gateway.settings import Settings
from tests.support.servers import free_port

STUBBORN = (
    "import signal, time\n"
    "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
    "print('ready', flush=True)\n"
    "time.sleep(60)\n"
)


def spawn(code: str) -> subprocess.Popen[bytes]:
    """A child in its own process group, like the demo's sandbox."""
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, process_group=0)


def read_line(child: subprocess.Popen[bytes]) -> bytes:
    assert child.stdout is not None
    return child.stdout.readline()


def close(child: subprocess.Popen[bytes]) -> None:
    child.wait()
    if child.stdout is not None:
        child.stdout.close()


@pytest.mark.anyio
async def test_stop_kills_a_child_that_ignores_sigterm() -> None:
    child = spawn(STUBBORN)
    assert read_line(child) == b"ready\n"  # its SIGTERM handler is in place
    await stop_sandbox(child, grace_seconds=0.5)
    assert child.returncode == -9
    close(child)


@pytest.mark.anyio
async def test_a_sandbox_that_exits_is_reported() -> None:
    settings = Settings.from_environ({"MUTUGRAPH_SANDBOX_PORT_CIMUT": str(free_port())})
    child = spawn("raise SystemExit(3)")
    with pytest.raises(SandboxError, match="exited with code 3"):
        await wait_until_ready(settings, child, asyncio.Event(), seconds=30)
    close(child)


@pytest.mark.anyio
async def test_waiting_stops_when_asked() -> None:
    settings = Settings.from_environ({"MUTUGRAPH_SANDBOX_PORT_CIMUT": str(free_port())})
    child = spawn("import time; time.sleep(60)")
    stop = asyncio.Event()
    stop.set()
    try:
        assert await wait_until_ready(settings, child, stop, seconds=30) is False
    finally:
        await stop_sandbox(child, grace_seconds=5)
        close(child)

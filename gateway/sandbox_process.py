"""The sandbox as a child process of ``mutugraph demo``: start, wait until ready, stop.

The gateway never imports the sandbox (it is the outside world); it runs
``python -m sandbox`` in its own process group, so that a terminal's Ctrl-C reaches only
the demo, which then stops the whole group: SIGTERM, then SIGKILL after a timeout. The
sandbox is also told to exit if its parent dies (``--exit-with-parent``), so even a
``kill -9`` of the demo leaves no orphan serving ports.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from urllib.parse import urlsplit

import httpx

from gateway.settings import Settings
from gateway.tenants import TenantConfig

STOP_TIMEOUT_SECONDS = 5.0


class SandboxError(RuntimeError):
    """The sandbox exited or did not become ready in time."""


def start_sandbox(
    settings: Settings,
    environ: Mapping[str, str],
    *,
    members: int | None = None,
    seed: int | None = None,
) -> subprocess.Popen[bytes]:
    """``python -m sandbox`` on the settings' host and ports, in a new process group."""
    command = [sys.executable, "-m", "sandbox", "--host", settings.sandbox_host]
    command.append("--exit-with-parent")
    if members is not None:
        command += ["--members", str(members)]
    if seed is not None:
        command += ["--seed", str(seed)]
    for name, port in settings.sandbox_ports.items():
        command += [f"--port-{name}", str(port)]
    return subprocess.Popen(command, env=dict(environ), stdin=subprocess.DEVNULL, process_group=0)


def platform_urls(settings: Settings) -> dict[str, str]:
    return {
        name: f"http://{settings.sandbox_host}:{port}"
        for name, port in settings.sandbox_ports.items()
    }


async def wait_until_ready(
    settings: Settings,
    process: subprocess.Popen[bytes],
    stop: asyncio.Event,
    seconds: float,
) -> bool:
    """Poll every platform's ``/_sandbox/stats`` until all answer; False if asked to stop."""
    pending = platform_urls(settings)
    deadline = time.monotonic() + seconds
    async with httpx.AsyncClient(timeout=1.0) as client:
        while pending:
            if stop.is_set():
                return False
            if process.poll() is not None:
                raise SandboxError(f"the sandbox exited with code {process.returncode}")
            if time.monotonic() > deadline:
                raise SandboxError(
                    f"the sandbox did not answer within {seconds:.0f} s: {', '.join(pending)}"
                )
            for name, url in list(pending.items()):
                try:
                    response = await client.get(f"{url}/_sandbox/stats")
                except httpx.HTTPError:
                    continue
                if response.status_code == 200:
                    del pending[name]
            if pending:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=0.2)
    return True


async def first_member(client: httpx.AsyncClient, tenant: TenantConfig) -> str | None:
    """A member number of ``tenant`` from its platform's admin API (None if it has none)."""
    parts = urlsplit(tenant.endpoint)
    url = f"{parts.scheme}://{parts.netloc}/_sandbox/members"
    try:
        response = await client.get(url, params={"limit": 1, "tenant": tenant.id})
        response.raise_for_status()
        members = response.json().get("members", [])
    except (httpx.HTTPError, ValueError, AttributeError):
        return None
    return str(members[0]) if members else None


async def stop_sandbox(
    process: subprocess.Popen[bytes], grace_seconds: float = STOP_TIMEOUT_SECONDS
) -> None:
    """SIGTERM the sandbox's process group, SIGKILL it after ``grace_seconds``, reap the child."""
    _signal_group(process, signal.SIGTERM)
    try:
        await asyncio.to_thread(process.wait, grace_seconds)
    except subprocess.TimeoutExpired:
        _signal_group(process, signal.SIGKILL)
        await asyncio.to_thread(process.wait)


def _signal_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, sig)

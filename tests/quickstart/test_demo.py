"""`mutugraph demo` end to end: sandbox + gateway up within 60 s, clean stop, no orphans.

Runs the real command as a subprocess on free ports (so it never collides with a demo a
developer has running), reads its output, talks to every port, then sends SIGTERM.
"""

from __future__ import annotations

import importlib.util
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.support.servers import free_port

START_LIMIT_SECONDS = 60
PLATFORMS = ("cimut", "cegedim", "santeclair", "kalixia")
TENANTS = ("azur", "bocage", "cevennes")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.integration,
    pytest.mark.skipif(
        importlib.util.find_spec("sandbox.dataset.generator") is None,
        reason="the sandbox dataset generator has not landed yet",
    ),
]


def mutugraph_command() -> list[str]:
    script = Path(sys.executable).with_name("mutugraph")
    return [str(script)] if script.exists() else [sys.executable, "-m", "gateway"]


@dataclass
class Demo:
    process: subprocess.Popen[str]
    gateway_port: int
    sandbox_ports: dict[str, int]
    lines: list[str] = field(default_factory=list)

    reader: threading.Thread | None = None

    def close(self) -> None:
        """Kill whatever is left (after a failure), reap it, and close the pipe."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        if self.reader is not None:
            self.reader.join(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()

    def output(self) -> str:
        return "".join(self.lines)

    def read_forever(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    def wait_for(self, pattern: str, seconds: float) -> re.Match[str]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = re.search(pattern, self.output())
            if found:
                return found
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        pytest.fail(f"no {pattern!r} in the demo's output:\n{self.output()}")


def start_demo(extra_env: dict[str, str] | None = None, gateway_port: int | None = None) -> Demo:
    ports = {name: free_port() for name in PLATFORMS}
    env = {key: value for key, value in os.environ.items() if not key.startswith("MUTUGRAPH_")}
    env.update({f"MUTUGRAPH_SANDBOX_PORT_{name.upper()}": str(p) for name, p in ports.items()})
    env.update(extra_env or {})
    port = gateway_port or free_port()
    command = [*mutugraph_command(), "demo", "--port", str(port), "--members", "20"]
    process = subprocess.Popen(
        command,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own group: the test signals it like a terminal would
    )
    demo = Demo(process, port, ports)
    demo.reader = threading.Thread(target=demo.read_forever, daemon=True)
    demo.reader.start()
    return demo


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def demo() -> Iterator[Demo]:
    running = start_demo()
    yield running
    running.close()


def test_demo_starts_serves_and_stops_cleanly(
    demo: Demo, capsys: pytest.CaptureFixture[str]
) -> None:
    started = time.monotonic()
    demo.wait_for(r"Mutugraph demo ready in", START_LIMIT_SECONDS)
    for tenant in TENANTS:
        demo.wait_for(rf"{tenant} \(.*\), member \d+:\n\s+Bearer [\w-]+\.[\w-]+\.[\w-]+", 5)
    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(f"\n[quickstart] mutugraph demo ready in {elapsed:.1f} s (limit 60 s)")
    assert elapsed < START_LIMIT_SECONDS

    gateway = f"http://127.0.0.1:{demo.gateway_port}"
    assert f"GraphiQL: {gateway}/graphql" in demo.output()
    page = httpx.get(f"{gateway}/graphql", headers={"Accept": "text/html"}, timeout=10)
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    token = re.search(r"\n\s+Bearer (\S+)", demo.output())
    assert token is not None
    answer = httpx.post(
        f"{gateway}/graphql",
        json={"query": "{ __typename }"},
        headers={"Authorization": f"Bearer {token.group(1)}"},
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["data"] == {"__typename": "Query"}
    for name, port in demo.sandbox_ports.items():
        stats = httpx.get(f"http://127.0.0.1:{port}/_sandbox/stats", timeout=10)
        assert stats.status_code == 200, name
        assert "calls" in stats.json()
    assert httpx.get(f"{gateway}/readyz", timeout=10).status_code == 200

    children = children_of(demo.process.pid)
    assert children, "the sandbox should run as a child of the demo"
    os.killpg(demo.process.pid, signal.SIGTERM)
    assert demo.process.wait(timeout=30) == 0
    for child in children:
        assert not alive(child), f"orphan process {child} after the demo stopped"
        assert not group_alive(child)
    assert not group_alive(demo.process.pid)
    for port in [demo.gateway_port, *demo.sandbox_ports.values()]:
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)


def test_demo_stops_the_sandbox_when_the_gateway_cannot_start() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        running = start_demo(gateway_port=taken.getsockname()[1])
        try:
            status = running.process.wait(timeout=START_LIMIT_SECONDS + 30)
        finally:
            running.close()
    assert status == 1, running.output()
    assert "the gateway did not start" in running.output()
    assert not group_alive(running.process.pid)
    for port in running.sandbox_ports.values():
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"http://127.0.0.1:{port}/_sandbox/stats", timeout=2)

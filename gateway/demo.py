"""``mutugraph demo``: the sandbox and the gateway together, one command, clean stop.

Order: check the configuration (nothing starts if it is wrong), start the sandbox child,
wait until every platform answers, fetch one member per tenant, serve the gateway in the
foreground and, once it listens, print the GraphiQL address and a demo token per tenant.
Ctrl-C or SIGTERM at any point stops the gateway, then the sandbox's process group, also
when the gateway failed to start.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from gateway.app import create_app
from gateway.demo_issuer import issue_token
from gateway.sandbox_process import (
    SandboxError,
    first_member,
    platform_urls,
    start_sandbox,
    stop_sandbox,
    wait_until_ready,
)
from gateway.server import GatewayStartError, StopSignals, serve, server_config
from gateway.settings import Settings
from gateway.tenants import Tenants, load_tenants


@dataclass(frozen=True, slots=True)
class DemoOptions:
    members: int | None = None
    seed: int | None = None
    start_timeout: float = 180.0


async def run_demo(settings: Settings, environ: Mapping[str, str], options: DemoOptions) -> int:
    """Run until stopped; the process exit code."""
    tenants = load_tenants(settings, environ)
    app = create_app(settings, tenants=tenants, environ=environ)
    signals = StopSignals()
    signals.install()
    started = time.monotonic()
    _say("Starting the sandbox (python -m sandbox)...")
    sandbox = start_sandbox(settings, environ, members=options.members, seed=options.seed)
    try:
        if not await wait_until_ready(settings, sandbox, signals.event, options.start_timeout):
            return 0
        tokens = await _demo_tokens(tenants)
        # GraphiQL's Headers pane gets a fresh token for this member at each page load.
        first = next(iter(tokens.items()), None)
        app.state.graphiql_member = (first[0], first[1][0]) if first else None

        def announce() -> None:
            _say(_banner(settings, tenants, tokens, time.monotonic() - started))

        config = server_config(app, settings.host, settings.port, settings.log_level)
        await serve(config, signals, on_started=announce)
        return 0
    except (SandboxError, GatewayStartError) as exc:
        print(f"mutugraph demo: {exc}", file=sys.stderr, flush=True)
        return 1
    finally:
        await stop_sandbox(sandbox)
        _say("Mutugraph demo stopped.")


async def _demo_tokens(tenants: Tenants) -> dict[str, tuple[str, str]]:
    """tenant id -> (member number, token)."""
    async with httpx.AsyncClient(timeout=5.0) as client:
        members = await asyncio.gather(*(first_member(client, t) for t in tenants))
    return {
        tenant.id: (member, issue_token(tenant=tenant.id, member=member))
        for tenant, member in zip(tenants, members, strict=True)
        if member is not None
    }


def _banner(
    settings: Settings, tenants: Tenants, tokens: dict[str, tuple[str, str]], seconds: float
) -> str:
    host = "127.0.0.1" if settings.host in ("0.0.0.0", "::", "") else settings.host
    lines = [
        "",
        f"Mutugraph demo ready in {seconds:.1f} s.",
        f"  GraphiQL: http://{host}:{settings.port}/graphql"
        + (" (opens with a query and a demo token: press run)" if settings.graphiql else ""),
        "  Sandbox:  "
        + ", ".join(f"{name} {url}" for name, url in platform_urls(settings).items()),
        "",
        'Demo tokens (8 h). In GraphiQL\'s Headers pane: {"Authorization": "Bearer <token>"}',
    ]
    for tenant in tenants:
        if tenant.id not in tokens:
            lines.append(f"  {tenant.id}: no member found on its platform")
            continue
        member, token = tokens[tenant.id]
        lines.append(f"  {tenant.id} ({tenant.name}), member {member}:")
        lines.append(f"    Bearer {token}")
    lines += [
        "",
        "More tokens: mutugraph token --tenant azur --member <number>. Ctrl-C stops.",
        "",
    ]
    return "\n".join(lines)


def _say(text: str) -> None:
    print(text, flush=True)

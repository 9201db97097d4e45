"""GraphiQL served from the gateway's own files: works on a machine without internet.

Strawberry's GraphiQL page loads React and GraphiQL from unpkg.com; this one serves the
vendored UMD builds in ``gateway/static/graphiql/`` (versions and licences in its README)
at ``/graphiql/static/...``, with a strict Content-Security-Policy (scripts from 'self'
only: the page's settings travel in a JSON block, not in an inline script).

The page opens on the portal's home-page query (``home.graphql``). In the demo profile its
Headers pane is pre-filled with ``Authorization: Bearer <token>``, a demo token minted when
the page is rendered (12 h) for the first tenant's demo member, so that the first click on
the run button shows data. That member comes from ``app.state.graphiql_member``
(``mutugraph demo`` sets it from the sandbox), or else is asked of the first tenant's
sandbox admin API (again every 30 s while it does not answer). Outside the demo profile
the pane holds a placeholder.
"""

from __future__ import annotations

import json
import time
from importlib import resources
from pathlib import Path

import httpx
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from gateway.demo_issuer import issue_token
from gateway.sandbox_process import first_member
from gateway.settings import Settings
from gateway.tenants import Tenants

STATIC_PATH = "/graphiql/static"
TOKEN_EXPIRES_IN = 12 * 3600
PLACEHOLDER = "Bearer <paste a token here>"
MEMBER_PROBE_SECONDS = 1.0
PROBE_AGAIN_SECONDS = 30.0  # a sandbox started after the gateway is found soon enough
CSP = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",  # GraphiQL and CodeMirror inject styles
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    )
)


def static_dir() -> Path:
    return Path(str(resources.files("gateway").joinpath("static", "graphiql")))


def _asset(name: str) -> str:
    return (static_dir() / name).read_text(encoding="utf-8")


def static_mount() -> Mount:
    """``/graphiql/static/...``: the vendored GraphiQL, React and the page's script."""
    return Mount(STATIC_PATH, app=StaticFiles(directory=static_dir()), name="graphiql-static")


async def _demo_member(request: Request, tenants: Tenants) -> tuple[str, str] | None:
    """(tenant id, member number) whose token the page carries; probed once if unknown."""
    state = request.app.state
    known: tuple[str, str] | None = getattr(state, "graphiql_member", None)
    last_probe: float = getattr(state, "graphiql_member_probed_at", -PROBE_AGAIN_SECONDS)
    if known is not None or time.monotonic() - last_probe < PROBE_AGAIN_SECONDS:
        return known
    state.graphiql_member_probed_at = time.monotonic()
    tenant = next(iter(tenants))
    async with httpx.AsyncClient(timeout=MEMBER_PROBE_SECONDS) as client:
        member = await first_member(client, tenant)
    if member is None:
        return None
    state.graphiql_member = (tenant.id, member)
    return (tenant.id, member)


async def _authorization(request: Request, settings: Settings, tenants: Tenants) -> str:
    if not settings.is_demo:
        return PLACEHOLDER
    found = await _demo_member(request, tenants)
    if found is None:
        return PLACEHOLDER
    tenant, member = found
    return "Bearer " + issue_token(tenant=tenant, member=member, expires_in=TOKEN_EXPIRES_IN)


def _json_for_html(value: object) -> str:
    """JSON that cannot close its <script> element."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


async def graphiql_page(request: Request, settings: Settings, tenants: Tenants) -> HTMLResponse:
    """The page; ``no-store`` since it may hold a token."""
    headers = {"Authorization": await _authorization(request, settings, tenants)}
    config = {
        "endpoint": request.url.path,
        "query": _asset("home.graphql"),
        "headers": json.dumps(headers, indent=2),
    }
    html = (
        _asset("page.html")
        .replace("{static}", STATIC_PATH)
        .replace("{config}", _json_for_html(config))
    )
    return HTMLResponse(
        html,
        headers={
            "Cache-Control": "no-store",
            "Content-Security-Policy": CSP,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        },
    )

"""Security headers on every response, and CORS by an allow-list of origins.

:class:`SecurityHeadersMiddleware` is a pure ASGI middleware (it never buffers a body): on
each ``http.response.start`` it adds the headers below unless the endpoint set its own
(the GraphiQL page and document downloads set some themselves):

* ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer``,
  ``X-Frame-Options: DENY``, a minimal ``Permissions-Policy``;
* ``Content-Security-Policy``: :data:`API_CSP` (nothing may load, nothing may frame) for
  JSON, CSV, PDF...; :data:`PAGE_CSP` for an HTML answer without its own policy
  (GraphiQL's page sends its own, equally strict: scripts from 'self' only);
* ``Cache-Control: no-store`` under ``/graphql`` and ``/documents/`` (personal data);
* ``Strict-Transport-Security`` in the production profile (browsers ignore it over plain
  HTTP, so it costs nothing behind a TLS-terminating proxy).

CORS (:func:`security_middleware`) uses Starlette's ``CORSMiddleware`` with the origins of
``MUTUGRAPH_CORS_ORIGINS`` (:func:`parse_origins`), methods GET, POST and OPTIONS, the
headers of :data:`CORS_HEADERS`, and no credentials (tokens travel in ``Authorization``,
never in cookies). An origin not listed gets no ``Access-Control-Allow-Origin``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

if TYPE_CHECKING:  # settings imports parse_origins from here
    from gateway.settings import Settings

API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
PAGE_CSP = "; ".join(
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
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
HSTS = "max-age=31536000; includeSubDomains"
NO_STORE_PREFIXES = ("/graphql", "/documents/")
COMMON_HEADERS = (
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
    ("permissions-policy", PERMISSIONS_POLICY),
)

CORS_METHODS = ("GET", "POST", "OPTIONS")
# Request headers a browser client may send cross-origin; extend here when the graph
# reads a new one (e.g. a persisted-query header).
CORS_HEADERS = ("Authorization", "Content-Type", "Accept")
CORS_EXPOSED_HEADERS = ("X-Request-ID", "Retry-After")
CORS_MAX_AGE_SECONDS = 600
DEMO_CORS_ORIGINS = ("http://127.0.0.1:8000", "http://localhost:8000")
_LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


class SecurityHeadersMiddleware:
    """Adds the security headers of the module doc to every HTTP response."""

    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        no_store = path.startswith(NO_STORE_PREFIXES)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in COMMON_HEADERS:
                    headers.setdefault(name, value)
                html = headers.get("content-type", "").startswith("text/html")
                headers.setdefault("content-security-policy", PAGE_CSP if html else API_CSP)
                if no_store:
                    headers.setdefault("cache-control", "no-store")
                if self.hsts:
                    headers.setdefault("strict-transport-security", HSTS)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def parse_origins(value: str | None, *, production: bool) -> tuple[str, ...]:
    """The CORS allow-list of ``MUTUGRAPH_CORS_ORIGINS`` (comma-separated origins).

    None (unset): the demo origins in the demo profile, none in production. Each entry
    must be an origin (``scheme://host[:port]``, no path, no ``*``); in production only
    ``https`` is accepted, except on loopback. ``ValueError`` names the bad entry.
    """
    if value is None:
        return () if production else DEMO_CORS_ORIGINS
    origins: list[str] = []
    for raw in value.split(","):
        origin = raw.strip().rstrip("/")
        if not origin:
            continue
        parts = urlsplit(origin)
        if (
            parts.scheme not in ("http", "https")
            or not parts.hostname
            or "*" in origin
            or parts.path
            or parts.query
            or parts.fragment
            or parts.username is not None
        ):
            raise ValueError(
                f"MUTUGRAPH_CORS_ORIGINS: {origin!r} is not an origin (scheme://host[:port])"
            )
        if production and parts.scheme != "https" and parts.hostname not in _LOOPBACK_HOSTS:
            raise ValueError(f"MUTUGRAPH_CORS_ORIGINS: {origin!r} must use https in production")
        origins.append(origin.lower())
    return tuple(dict.fromkeys(origins))


def security_middleware(settings: Settings) -> list[Middleware]:
    """The middleware of this module, outermost first, for ``create_app``."""
    return [
        Middleware(SecurityHeadersMiddleware, hsts=not settings.is_demo),
        Middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=list(CORS_METHODS),
            allow_headers=list(CORS_HEADERS),
            expose_headers=list(CORS_EXPOSED_HEADERS),
            allow_credentials=False,
            max_age=CORS_MAX_AGE_SECONDS,
        ),
    ]

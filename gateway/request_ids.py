"""One id per HTTP request: in every log line, in INTERNAL errors, in ``X-Request-Id``.

:class:`RequestIdMiddleware` (outermost, pure ASGI) takes the caller's ``X-Request-Id``
when it is a plain token (a load balancer's or a front end's trace id) and otherwise makes
one, sets :data:`gateway.logs.REQUEST_ID` for the request's task (DataLoader batches and
other tasks started from it inherit it), keeps it in ``scope["state"]["request_id"]`` and
sends it back in the ``X-Request-Id`` response header, replacing any other.
"""

from __future__ import annotations

import re
import uuid

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.logs import REQUEST_ID, scrub

HEADER = "X-Request-Id"
# Letters, digits and ._:- only, 8 to 64 of them: a UUID, a ULID, a W3C trace id...
_SAFE = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")


def request_id_from(header: str | None) -> str:
    """The caller's id when it is safe to log and echo (nothing a NIR could hide in)."""
    if header is not None and _SAFE.match(header) and scrub(header) == header:
        return header
    return uuid.uuid4().hex


def current_request_id() -> str | None:
    """The id of the request being served in this task, if any."""
    return REQUEST_ID.get()


class RequestIdMiddleware:
    """Gives each HTTP request its id (see the module docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = None
        for name, value in scope.get("headers", ()):
            if name == b"x-request-id":
                incoming = value.decode("latin-1")
                break
        request_id = request_id_from(incoming)
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[HEADER] = request_id
            await send(message)

        token = REQUEST_ID.set(request_id)
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            REQUEST_ID.reset(token)

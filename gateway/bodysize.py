"""Request body size limits: HTTP 413 before a large body is read, or as soon as it grows.

``MUTUGRAPH_MAX_BODY_BYTES`` (1 MiB) for every body, ``MUTUGRAPH_MAX_UPLOAD_BODY_BYTES``
(12 MiB: a few files of at most 5 MB) for ``multipart/form-data`` (GraphQL uploads). A
``Content-Length`` above the limit is refused at once, without reading; a chunked body
(no length) is counted while the application reads it and refused when it passes the
limit. The answer is GraphQL-over-HTTP JSON: BAD_USER_INPUT, ``reason: BODY_TOO_LARGE``,
and ``Connection: close`` (the rest of the body is not read).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.limits.errors import body_too_large
from gateway.limits.settings import LimitSettings
from gateway.media_types import negotiated_for_scope


class BodyTooLarge(Exception):
    """Raised inside the app's ``receive`` when the body passes the limit.

    Not a ValueError: Strawberry turns those into 400 "cannot parse" answers.
    """


class BodySizeLimit:
    """ASGI middleware enforcing the body limits on every HTTP request."""

    def __init__(self, app: ASGIApp, limits: LimitSettings) -> None:
        self.app = app
        self.limits = limits

    def limit_for(self, scope: Scope) -> int:
        content_type = b""
        for name, value in scope.get("headers", ()):
            if name == b"content-type":
                content_type = value.lower()
        if content_type.startswith(b"multipart/form-data"):
            return self.limits.max_upload_body_bytes
        return self.limits.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0  # the server rejects malformed lengths itself
                if declared > limit:
                    refused = negotiated_for_scope(body_too_large(limit).response(), scope)
                    await refused(scope, receive, send)
                    return
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except BodyTooLarge:
            if started:  # the app answered before reading it all: nothing left to say
                raise
            refused = negotiated_for_scope(body_too_large(limit).response(), scope)
            await refused(scope, receive, send)

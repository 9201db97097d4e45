"""The Cimut platform's hooks into the shared admin API and fault injector.

- ``operation_of``: the SOAP operation of a POST (the Body's first element, read cheaply);
  None for GETs (``?wsdl``, ``?xsd``), other tenants, and bodies that are not SOAP.
- ``Responders.error``: injected errors *alternate*, starting with a ``soap:Server`` Fault
  SERVICE_INDISPONIBLE (HTTP 500), then an HTTP 503 HTML page as a front proxy would send,
  and so on; ``/_sandbox/reset`` starts the cycle again. Alternating (rather than picking at
  random) lets a test see both shapes in two calls.
- ``Responders.malformed``: HTTP 200 text/xml with a truncated envelope.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from sandbox.cimut import envelope, faults

if TYPE_CHECKING:
    pass

_ENDPOINT = re.compile(r"^/ws/(?P<tenant>[^/]+)$")

# The page Apache httpd sends when the back end behind it is down. Not well-formed XML
# (``<hr>``), as in real life: SOAP clients see a transport error, not a Fault.
_PROXY_503 = """<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head>
<title>503 Service Unavailable</title>
</head><body>
<h1>Service Unavailable</h1>
<p>The server is temporarily unable to service your
request due to maintenance downtime or capacity
problems. Please try again later.</p>
<hr>
<address>Apache Server at ws.cimut.example Port 443</address>
</body></html>
"""


def operation_of(tenants: Sequence[str]) -> Callable[[Request], Awaitable[str | None]]:
    """The SOAP operation of a call, for the stats and the per-operation faults; calls to
    tenants not served here (404) are not platform calls."""

    async def operation(request: Request) -> str | None:
        match = _ENDPOINT.match(request.url.path)
        if request.method != "POST" or match is None or match["tenant"] not in tenants:
            return None
        return envelope.operation_name(await request.body())

    return operation


class Responders:
    """Builds injected error and malformed responses; errors alternate in shape."""

    def __init__(self) -> None:
        self._errors = 0

    def reset(self) -> None:
        self._errors = 0

    def error(self, operation: str) -> Response:
        self._errors += 1
        if self._errors % 2 == 1:
            return Response(
                faults.unavailable().to_bytes(),
                status_code=500,
                media_type="text/xml; charset=utf-8",
            )
        return HTMLResponse(_PROXY_503, status_code=503, headers={"Retry-After": "1"})

    def malformed(self, operation: str) -> Response:
        return Response(
            envelope.MALFORMED_BODY, status_code=200, media_type="text/xml; charset=utf-8"
        )

"""What every Cimut tenant of a process shares: the parsed WSDL and the httpx client.

- The WSDL (``wsdl/cimut.wsdl`` + ``cimut.xsd``, the repo's files, never the network) is
  parsed once per process, in a worker thread (:func:`load_document`): parsing is
  synchronous. A threading lock taken *in the worker* makes concurrent first callers wait
  for the one parse without ever blocking the event loop.
- One ``httpx.AsyncClient`` serves every Cimut tenant (:class:`SharedHttp`): tenants hold a
  reference (``acquire``/``release``), the client is created inside the running loop on
  the first acquire and closed when the last tenant releases it. Clients are kept per event
  loop, because httpx connections belong to the loop that opened them (tests run one loop
  per test; production runs one).
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass
from pathlib import Path

import anyio.to_thread
import httpx
from zeep.wsdl import Document

from adapters.soap.service import WSDL_DIR, parse_wsdl

WSDL_PATH = WSDL_DIR / "cimut.wsdl"
BINDING = "{urn:cimut:adherent:v2:service}AdherentSoapBinding"

_document: Document | None = None
_document_lock = threading.Lock()


def _parse_once(path: Path) -> Document:
    """Runs in a worker thread: the first caller parses, the others wait and reuse."""
    global _document
    with _document_lock:
        if _document is None:
            _document = parse_wsdl(path)
        return _document


async def load_document() -> Document:
    """The parsed Cimut WSDL, parsed off the event loop on first use, then cached."""
    document = _document
    if document is not None:
        return document
    return await anyio.to_thread.run_sync(_parse_once, WSDL_PATH)


def forget_document() -> None:
    """Drops the cached WSDL (tests count parses from a clean state)."""
    global _document
    with _document_lock:
        _document = None


def _new_client() -> httpx.AsyncClient:
    # Per-call deadlines are the tenants' (asyncio.timeout in SoapEndpoint.call); this one
    # is a backstop. No redirects: a SOAP endpoint that moves is a configuration problem.
    return httpx.AsyncClient(
        timeout=httpx.Timeout(60.0, connect=10.0),
        limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
        follow_redirects=False,
        headers={"User-Agent": "mutugraph-cimut"},
    )


@dataclass(slots=True)
class _Held:
    client: httpx.AsyncClient
    holders: int = 0


class SharedHttp:
    """Reference-counted httpx clients, one per running event loop."""

    def __init__(self) -> None:
        self._held: dict[asyncio.AbstractEventLoop, _Held] = {}

    def acquire(self) -> httpx.AsyncClient:
        """The running loop's client (created now if needed); pair with :meth:`release`."""
        loop = asyncio.get_running_loop()
        held = self._held.get(loop)
        if held is None:
            held = self._held[loop] = _Held(_new_client())
        held.holders += 1
        return held.client

    async def release(self, client: httpx.AsyncClient) -> None:
        """One holder less; the last one closes the client."""
        for loop, held in list(self._held.items()):
            if held.client is not client:
                continue
            held.holders -= 1
            if held.holders <= 0:
                del self._held[loop]
                await client.aclose()
            return

    def open_clients(self) -> int:
        """How many clients are open (tests check that none leaks)."""
        return len(self._held)


SHARED_HTTP = SharedHttp()

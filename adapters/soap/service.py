"""zeep plumbing shared by SOAP platforms: one parsed WSDL, async proxies, hard timeouts.

zeep 4.3 has traps this module closes once, so that the Cimut adapter only speaks business:

- WSDL parsing is synchronous and slow: :func:`parse_wsdl` reads the vendor's files shipped
  in ``adapters/soap/wsdl/`` (never the network) and is meant to run once at start-up, off
  the event loop (``await anyio.to_thread.run_sync(parse_wsdl, path)``). Every tenant of the
  platform then shares the parsed :class:`~zeep.wsdl.Document`.
- ``AsyncClient.create_service()`` returns a *sync* proxy: :class:`SoapEndpoint` builds the
  ``AsyncServiceProxy`` for the binding and the tenant's own address itself.
- zeep's ``AsyncTransport`` replaces the headers of an injected httpx client and logs whole
  envelopes (member data) at DEBUG: :class:`SharedClientTransport` does neither and leaves
  the shared client's lifetime to its owner.
- ``client.settings(...)`` is per thread, not per task: settings are fixed at construction.
- zeep has no call timeout: every call runs under ``asyncio.timeout``.
- zeep's and httpx's exceptions (whose messages may quote the back end's raw reply) never
  leave: :meth:`SoapEndpoint.call` turns them into the port's errors, and SOAP Faults into
  whatever the platform's ``FaultTranslator`` says. SOAP 1.1 answers 200 or 500 (Fault);
  any other status (a front proxy's 503 page, a 404 for a wrong address) is
  ``BackendUnavailable`` with the ``Retry-After`` the server gave, and a 200 that is not
  readable XML is ``MalformedResponse``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from lxml import etree
from zeep import AsyncClient, Settings
from zeep import exceptions as zeep_errors
from zeep.proxy import AsyncServiceProxy
from zeep.transports import AsyncTransport, Transport
from zeep.wsdl import Document
from zeep.wsse.username import UsernameToken

from adapters.port.errors import (
    BackendTimeout,
    BackendUnavailable,
    InvalidInput,
    MalformedResponse,
    PortError,
)
from adapters.rest.http import retry_after

FaultTranslator = Callable[[zeep_errors.Fault, str, bool], PortError]
"""Turns a platform's SOAP Fault into a port error, given the port operation's name and
whether the call is safe to retry."""

WSDL_DIR = Path(__file__).parent / "wsdl"

# Statuses a SOAP 1.1 endpoint answers: 200 (reply) and 500 (Fault). Anything else comes
# from something in front of it (proxy, load balancer) or from a wrong address.
_SOAP_STATUSES = frozenset({200, 500})

# Hardened parsing of whatever a back end sends: no DTDs, entities or network fetches.
SETTINGS = Settings(
    strict=True,
    xml_huge_tree=False,
    forbid_dtd=True,
    forbid_entities=True,
    forbid_external=True,
)


def parse_wsdl(path: Path) -> Document:
    """Parse a WSDL (and the XSDs it imports by relative path) from local files. Slow, sync."""
    return Document(str(path), Transport(), settings=SETTINGS)  # type: ignore[arg-type]


class UnexpectedStatus(Exception):
    """An HTTP status no SOAP endpoint sends (raised before zeep reads the body)."""

    def __init__(self, status_code: int, retry_after: float | None) -> None:
        super().__init__(f"HTTP {status_code}")
        self.status_code = status_code
        self.retry_after = retry_after


class SharedClientTransport(AsyncTransport):
    """zeep's async transport over a platform's shared httpx client.

    Deliberately does not call ``AsyncTransport.__init__``: that would create a sync client
    per tenant and overwrite the shared client's headers. ``post`` is the only method zeep
    calls to send (``post_xml`` and ``new_response`` of the base class log nothing); it logs
    nothing either: envelopes carry member data.
    """

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.wsdl_client = None  # the WSDL is already parsed: nothing to fetch
        self.cache = None
        self._close_session = False
        self.logger = logging.getLogger(__name__)  # never given envelopes to log

    async def post(self, address: str, message: bytes, headers: dict[str, str]) -> Any:
        response = await self.client.post(address, content=message, headers=headers)
        if response.status_code not in _SOAP_STATUSES:
            raise UnexpectedStatus(response.status_code, retry_after(response))
        return response

    async def aclose(self) -> None:
        """The platform, not each tenant, owns and closes the shared client."""


class SoapEndpoint:
    """One tenant's view of a SOAP platform: its address, its credentials, its timeout."""

    def __init__(
        self,
        platform: str,
        document: Document,
        binding: str,
        address: str,
        http: httpx.AsyncClient,
        username: str,
        password: str,
        timeout: float,
        translate_fault: FaultTranslator,
    ) -> None:
        self.platform = platform
        self.translate_fault = translate_fault
        client = AsyncClient(
            wsdl=document,
            wsse=UsernameToken(username, password),
            transport=SharedClientTransport(http),
            settings=SETTINGS,
        )
        self._proxy = AsyncServiceProxy(client, document.bindings[binding], address=address)
        self.timeout = timeout

    async def call(
        self, operation: str, *, port_operation: str, retry_safe: bool, **arguments: Any
    ) -> Any:
        """Call one SOAP operation; only port errors come out.

        ``port_operation`` (the port method being served) and ``retry_safe`` label the error
        for the graph and for the resilience wrapper.
        """
        where: dict[str, Any] = {"platform": self.platform, "operation": port_operation}
        try:
            async with asyncio.timeout(self.timeout):
                return await self._proxy[operation](**arguments)
        except zeep_errors.Fault as fault:
            raise self.translate_fault(fault, port_operation, retry_safe) from None
        except (TimeoutError, httpx.TimeoutException):
            raise BackendTimeout(f"{operation} timed out", retry_safe=retry_safe, **where) from None
        except UnexpectedStatus as exc:
            raise BackendUnavailable(
                f"{operation}: HTTP {exc.status_code}",
                retry_safe=retry_safe,
                retry_after=exc.retry_after,
                **where,
            ) from None
        except zeep_errors.TransportError as exc:
            # A 200 or 500 whose body is not XML. The message quotes the raw reply: keep
            # only the status.
            error = MalformedResponse if exc.status_code == 200 else BackendUnavailable
            raise error(
                f"{operation}: HTTP {exc.status_code}", retry_safe=retry_safe, **where
            ) from None
        except zeep_errors.ValidationError:
            # zeep refused to serialise what we passed: the graph should have caught it.
            raise InvalidInput(
                "input", message=f"{operation}: request refused by the WSDL", **where
            ) from None
        except (zeep_errors.Error, etree.XMLSyntaxError):
            # XMLSyntaxError, XMLParseError, UnexpectedElementError...: unreadable reply.
            raise MalformedResponse(
                f"{operation}: unreadable reply", retry_safe=retry_safe, **where
            ) from None
        except httpx.HTTPError as exc:  # connect refused, dropped connection, protocol error
            raise BackendUnavailable(
                f"{operation}: {type(exc).__name__}", retry_safe=retry_safe, **where
            ) from None

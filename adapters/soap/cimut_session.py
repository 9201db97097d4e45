"""One tenant's connection to Cimut: start, calls, per-member batches, close.

A :class:`CimutSession` holds the tenant's address, WS-Security credentials and timeout.
Nothing happens when it is built (the registry's factories do no I/O): ``astart()`` gets
the shared parsed WSDL (parsed off the event loop, once per process) and a reference to the
shared httpx client; a call arriving before ``astart()`` starts the session itself.
``aclose()`` gives the client back; a closed session refuses calls (BackendUnavailable).

Every call goes through :meth:`call` (timeout, error translation: only port errors come
out), and every reply is read inside :meth:`reading`, which turns a reply that does not
say what the contract promises (a bad date, an unknown code, a missing element) into
``MalformedResponse``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import httpx

from adapters.batch import per_key
from adapters.port.errors import (
    BackendUnavailable,
    MalformedResponse,
    NotFound,
    PortError,
)
from adapters.port.members import MemberRef
from adapters.soap.cimut_faults import PLATFORM, CimutFaults
from adapters.soap.cimut_quirks import is_member_number
from adapters.soap.cimut_runtime import BINDING, SHARED_HTTP, load_document
from adapters.soap.service import SoapEndpoint

T = TypeVar("T")


class CimutSession:
    """The tenant's SOAP endpoint, started lazily and shared by every capability."""

    def __init__(
        self,
        tenant: str,
        address: str,
        username: str,
        password: str,
        *,
        timeout: float = 5.0,
        concurrency: int = 8,
    ) -> None:
        self.tenant = tenant
        self.address = address
        self._username = username
        self._password = password
        self.timeout = timeout
        self.concurrency = max(1, concurrency)
        self._endpoint: SoapEndpoint | None = None
        self._http: httpx.AsyncClient | None = None
        self._closed = False
        self.requests = 0  # SOAP calls sent (for /metrics)
        self.failed = 0  # of which ended in a port error (Fault, timeout, transport...)

    def __repr__(self) -> str:  # never show the credentials
        return f"CimutSession(tenant={self.tenant!r}, address={self.address!r})"

    async def astart(self) -> None:
        """Gets the parsed WSDL and the shared client; idempotent."""
        if self._endpoint is not None:
            return
        if self._closed:
            raise BackendUnavailable("Cimut session closed", platform=PLATFORM, operation="start")
        document = await load_document()
        if self._endpoint is not None or self._closed:  # another task started (or closed) it
            return
        self._http = SHARED_HTTP.acquire()
        self._endpoint = SoapEndpoint(
            PLATFORM,
            document,
            BINDING,
            self.address,
            self._http,
            self._username,
            self._password,
            self.timeout,
            CimutFaults(self.tenant),
        )

    async def aclose(self) -> None:
        """Gives the shared client back (the last tenant closes it); idempotent."""
        self._closed = True
        self._endpoint = None
        http, self._http = self._http, None
        if http is not None:
            await SHARED_HTTP.release(http)

    async def call(
        self, operation: str, *, port_operation: str, retry_safe: bool, **arguments: Any
    ) -> Any:
        """One SOAP operation; raises only port errors."""
        if self._endpoint is None and not self._closed:
            await self.astart()
        endpoint = self._endpoint
        if endpoint is None:  # closed (the gateway is shutting down)
            raise BackendUnavailable(
                "Cimut session closed",
                platform=PLATFORM,
                operation=port_operation,
                retry_safe=retry_safe,
            )
        self.requests += 1
        try:
            return await endpoint.call(
                operation, port_operation=port_operation, retry_safe=retry_safe, **arguments
            )
        except PortError:
            self.failed += 1
            raise

    @contextmanager
    def reading(self, operation: str, *, retry_safe: bool = True) -> Iterator[None]:
        """Turns a reply the contract does not allow into MalformedResponse.

        ``retry_safe=False`` for changes: Cimut may have recorded one whose reply we could
        not read.
        """
        try:
            yield
        except (ValueError, LookupError, TypeError, AttributeError, ArithmeticError):
            raise MalformedResponse(
                f"{operation}: reply does not follow the Cimut contract",
                platform=PLATFORM,
                operation=operation,
                retry_safe=retry_safe,
            ) from None

    def owns(self, member: MemberRef) -> bool:
        """Whether the member can be asked for here (this tenant, an 8-digit number)."""
        return member.tenant == self.tenant and is_member_number(member.number)

    def not_found(self, operation: str) -> NotFound:
        return NotFound(f"{operation}: unknown member", platform=PLATFORM, operation=operation)

    async def for_each(
        self,
        refs: Sequence[MemberRef],
        operation: str,
        fetch: Callable[[MemberRef], Awaitable[T]],
    ) -> list[T | PortError]:
        """``fetch`` for every member, concurrently (bounded), results in ``refs`` order.

        A member's failure is its slot's error. When every slot failed because Cimut could
        not be reached (unavailable, timeout), the whole call failed: the first is raised.
        """

        async def one(ref: MemberRef) -> T:
            if not self.owns(ref):
                raise self.not_found(operation)
            return await fetch(ref)

        return await per_key(refs, one, concurrency=self.concurrency)

"""One tenant's HTTP exchanges with the Cegedim API: bearer token, retries, ETags, budget.

Every exchange (``get_json``, ``get_all``, ``get_file``, ``post_json``, ``post_form``):

* runs under one budget, ``timeout`` seconds, for everything it does (token fetch, retries,
  waits); httpx's own timeouts use the same figure, so a hung platform is a
  ``BackendTimeout`` after at most that long;
* presents the cached bearer token; a ``401`` drops it and the call is sent once more with
  a fresh one (the platform refuses before acting, so this is safe for changes too);
* with ``max_calls_per_second`` set, takes a :class:`~adapters.rest.pacing.Pacer` slot
  before each API request, retries included (token requests are outside the quota);
* on ``429`` (the safety net, paced or not), the pacer holds every call for the
  ``Retry-After``, and a read waits for it and tries
  again, at most ``rate_limit_retries`` times and only when the wait is at most
  ``max_retry_after`` and fits in what is left of the budget; otherwise, and for changes,
  the call fails with ``BackendUnavailable(retry_after=...)``;
* for GETs of JSON, sends ``If-None-Match`` with the ETag of the cached answer and reuses
  the parsed body on ``304`` (see :mod:`adapters.rest.cegedim.etags`);
* turns every failure into a port error: problem documents by
  :mod:`adapters.rest.cegedim.problems`, httpx exceptions by :mod:`adapters.rest.http`.

One ``httpx.AsyncClient`` per adapter, made on first use inside the running event loop
(remade in another loop: connections belong to the loop that opened them), closed by
:meth:`CegedimHttp.aclose`. Logs: operation and status only (no URL, body, token, name).
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import httpx

from adapters.port.errors import MalformedResponse, PortError
from adapters.rest.cegedim.etags import EtagCache, Tagged
from adapters.rest.cegedim.fields import Obj, ShapeError
from adapters.rest.cegedim.problems import problem_error
from adapters.rest.cegedim.settings import PLATFORM, CegedimSettings
from adapters.rest.cegedim.tokens import TokenCache, TokenFailure
from adapters.rest.http import read_json, retry_after, transport_error
from adapters.rest.pacing import Pacer

log = logging.getLogger("adapters.rest.cegedim")
Sleep = Callable[[float], Awaitable[None]]
Params = Mapping[str, str | int]
MAX_PAGES = 200  # a safety stop for a platform whose paging never ends
_FILENAME = re.compile(r'filename="?([^";]+)"?')


class CegedimHttp:
    """The tenant's API client: ``/{tenant}/api/v1`` paths in, parsed JSON or bytes out."""

    def __init__(
        self,
        settings: CegedimSettings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.settings = settings
        self.tokens = TokenCache(settings, clock)
        self.etags = EtagCache(settings.etag_entries, settings.etag_max_age, clock)
        self.requests = 0  # API requests sent, token requests excluded (tests, metrics)
        self.rate_limited = 0  # of which the platform refused with 429
        rate, burst = settings.max_calls_per_second, settings.call_burst
        self.pacer = Pacer(rate, burst, clock=clock, sleep=sleep) if rate > 0 else None
        self._api = settings.base_url + "/api/v1"
        self._transport = transport
        self._sleep = sleep
        self._client: httpx.AsyncClient | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def __repr__(self) -> str:
        return f"CegedimHttp({self._api!r})"

    # -- life cycle ----------------------------------------------------------------------
    def _http(self) -> httpx.AsyncClient:
        loop = asyncio.get_running_loop()
        if self._client is None or self._loop is not loop:
            limits = httpx.Limits(
                max_connections=self.settings.max_connections,
                max_keepalive_connections=self.settings.max_connections,
            )
            self._client = httpx.AsyncClient(
                transport=self._transport,
                timeout=httpx.Timeout(self.settings.timeout),
                limits=limits,
                headers={"Accept": "application/json", "User-Agent": "mutugraph-cegedim"},
                follow_redirects=False,
            )
            self._loop = loop
        return self._client

    async def aclose(self) -> None:
        """Closes the connections and forgets the cached answers (health data)."""
        client, self._client = self._client, None
        self.etags.clear()
        if client is not None and self._loop is asyncio.get_running_loop():
            await client.aclose()

    # -- exchanges -----------------------------------------------------------------------
    async def get_json(self, operation: str, path: str, params: Params | None = None) -> Obj:
        """A JSON object by GET, revalidated with its ETag when cached."""
        url = str(httpx.URL(self._api + path, params=params or {}))
        response, cached = await self._exchange(operation, "GET", url, read=True, etag=True)
        if response.status_code == 304:
            if cached is None:
                raise MalformedResponse(
                    f"{operation}: 304 without a cached answer", **_where(operation)
                )
            self.etags.hits += 1
            return _object(cached.body, operation)
        body = self._json(response, operation, read=True)
        tag = response.headers.get("etag")
        if tag:
            self.etags.put(url, tag, body)
        return _object(body, operation)

    async def get_all(self, operation: str, path: str, params: Params | None = None) -> list[Obj]:
        """Every item of a paged list (``{content, page, totalPages}``), pages in order."""
        items: list[Obj] = []
        for page in range(MAX_PAGES):
            query = {**(params or {}), "page": page, "size": self.settings.page_size}
            body = await self.get_json(operation, path, query)
            try:
                found = body.children("content")
                pages = body.integer("totalPages")
            except ShapeError as error:
                raise _malformed(operation, error) from None
            items.extend(found)
            if not found or page + 1 >= pages:
                return items
        return items

    async def get_file(self, operation: str, path: str) -> tuple[str | None, str, bytes]:
        """A file by GET: (filename from Content-Disposition, content type, bytes)."""
        url = self._api + path
        response, _ = await self._exchange(operation, "GET", url, read=True, etag=False)
        if response.status_code >= 400:
            raise problem_error(response, operation, read=True)
        if response.status_code != 200 or not response.content:
            raise MalformedResponse(f"{operation}: no file", **_where(operation))
        content_type = response.headers.get("content-type", "application/octet-stream")
        found = _FILENAME.search(response.headers.get("content-disposition", ""))
        return (found.group(1) if found else None), content_type.split(";")[0], response.content

    async def post_json(
        self, operation: str, path: str, body: Mapping[str, Any] | None, *, read: bool = False
    ) -> Obj:
        response, _ = await self._exchange(
            operation, "POST", self._api + path, read=read, etag=False, json=body
        )
        return _object(self._json(response, operation, read=read), operation, read=read)

    async def post_form(
        self,
        operation: str,
        path: str,
        fields: Mapping[str, str],
        files: list[tuple[str, tuple[str, bytes, str]]],
    ) -> Obj:
        """A multipart/form-data change (text fields and file parts)."""
        response, _ = await self._exchange(
            operation, "POST", self._api + path, read=False, etag=False, data=fields, files=files
        )
        return _object(self._json(response, operation, read=False), operation, read=False)

    # -- internals -----------------------------------------------------------------------
    def _json(self, response: httpx.Response, operation: str, *, read: bool) -> Any:
        if response.status_code >= 400:
            error = problem_error(response, operation, read=read)
            log.info("cegedim %s refused: HTTP %s", operation, response.status_code)
            raise error
        if response.status_code not in (200, 201):
            raise MalformedResponse(
                f"{operation}: unexpected HTTP {response.status_code}", **_where(operation, read)
            )
        try:
            return read_json(response, platform=PLATFORM, operation=operation)
        except MalformedResponse as error:
            error.retry_safe = read  # a change may have been recorded before the bad answer
            raise

    async def _exchange(
        self, operation: str, method: str, url: str, *, read: bool, etag: bool, **body: Any
    ) -> tuple[httpx.Response, Tagged | None]:
        """The platform's last answer (any status) and the cached entry it may refer to."""
        try:
            async with asyncio.timeout(self.settings.timeout):
                return await self._attempts(method, url, read=read, etag=etag, **body)
        except TokenFailure as failure:
            log.warning("cegedim %s: token failure", operation)
            raise failure.to_port(operation) from None
        except (httpx.HTTPError, TimeoutError) as exc:
            log.warning("cegedim %s failed: %s", operation, type(exc).__name__)
            raise transport_error(
                exc, platform=PLATFORM, operation=operation, retry_safe=read
            ) from None

    async def _attempts(
        self, method: str, url: str, *, read: bool, etag: bool, **body: Any
    ) -> tuple[httpx.Response, Tagged | None]:
        client = self._http()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.settings.timeout
        refreshed = False
        waits = 0
        while True:
            token = await self.tokens.get(client)
            headers = {"Authorization": f"Bearer {token}"}
            cached = self.etags.get(url) if etag else None
            if cached is not None:
                headers["If-None-Match"] = cached.etag
            if self.pacer is not None:
                await self.pacer.acquire()
            self.requests += 1
            response = await client.request(method, url, headers=headers, **body)
            if response.status_code == 401 and not refreshed:
                refreshed = True
                self.tokens.drop(token)
                continue
            self.rate_limited += response.status_code == 429
            wait = retry_after(response) if response.status_code == 429 else None
            if wait is not None and self.pacer is not None:
                self.pacer.hold(wait)  # the other queued calls would be refused as well
            if (
                wait is not None
                and read
                and waits < self.settings.rate_limit_retries
                and wait <= self.settings.max_retry_after
                and loop.time() + wait < deadline
            ):
                waits += 1
                await self._sleep(wait)
                continue
            return response, cached


def _where(operation: str, read: bool = True) -> dict[str, Any]:
    return {"platform": PLATFORM, "operation": operation, "retry_safe": read}


def _object(body: Any, operation: str, *, read: bool = True) -> Obj:
    try:
        return Obj(body)
    except ShapeError as error:
        raise _malformed(operation, error, read=read) from None


def _malformed(operation: str, error: ShapeError, *, read: bool = True) -> PortError:
    return MalformedResponse(f"{operation}: {error}", **_where(operation, read))

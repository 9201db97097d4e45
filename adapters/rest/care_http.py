"""The HTTP side of the care-network adapters (Santéclair, Kalixia).

One :class:`CareHttp` per adapter instance: it holds the ``httpx.AsyncClient`` (created
lazily, on the first call, inside the running event loop; closed by :meth:`aclose`, so the
object goes into ``CareNetwork.resources``), sends the API key, puts a deadline on every
call and turns every failure into a port error:

* no answer in time → ``BackendTimeout``; refused, reset or cut connection, 5xx, 429 →
  ``BackendUnavailable`` (with ``retry_after`` when the back end says);
* 401/403 → ``BackendUnavailable``: a wrong or unsubscribed API key is the operator's
  problem, not the member's;
* 404 → ``NotFound``; other 4xx → ``InvalidInput("input")``;
* a 2xx body that is not JSON → ``MalformedResponse``.

Each network reads its own error shape (:data:`ProblemReader`) and may refine the mapping
per operation (``refine``). Nothing of a body, URL or query string goes into an error
message or a log: they may hold a member number, a position or health data.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import anyio
import httpx

from adapters.port.errors import BackendUnavailable, InvalidInput, NotFound, PortError
from adapters.rest.http import read_json, retry_after, transport_error

logger = logging.getLogger(__name__)

T = TypeVar("T")
DEFAULT_TIMEOUT = 5.0
API_KEY_HEADER = "X-Api-Key"


@dataclass(frozen=True, slots=True)
class Problem:
    """A non-2xx answer: its status, the back end's error code and message (if readable).

    ``message`` stays inside the adapter (to find a field or a line index): never log it.
    """

    status: int
    code: str | None
    message: str | None
    retry_after: float | None = None


ProblemReader = Callable[[Any], tuple[str | None, str | None]]
"""The back end's error document → (code, message); (None, None) when it has neither."""
Refine = Callable[[Problem], PortError | None]
"""An operation's own reading of a problem (None: the default mapping applies)."""


def option_timeout(options: Mapping[str, str], platform: str) -> float:
    """The ``timeout`` option in seconds (default 5), checked when the factory runs."""
    raw = options.get("timeout")
    if raw is None or str(raw).strip() == "":
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{platform}: option timeout must be a positive number of seconds")
    return value


class CareHttp:
    """A care network's JSON API behind an API key, with port errors only."""

    def __init__(
        self,
        *,
        platform: str,
        base_url: str,
        api_key: str,
        timeout: float = DEFAULT_TIMEOUT,
        read_problem: ProblemReader,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if not base_url:
            raise ValueError(f"{platform}: an endpoint (base URL) is required")
        if not api_key:
            raise ValueError(f"{platform}: credentials api_key is required")
        self.platform = platform
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._api_key = api_key
        self._read_problem = read_problem
        self._transport = transport  # tests: httpx.MockTransport
        self._client: httpx.AsyncClient | None = None

    def __repr__(self) -> str:  # never show the key
        return f"CareHttp(platform={self.platform!r}, base_url={self.base_url!r})"

    def _http(self) -> httpx.AsyncClient:
        # Created on first use, so inside the loop that will use it (no I/O in factories).
        if self._client is None:
            self._client = httpx.AsyncClient(
                base_url=self.base_url,
                headers={API_KEY_HEADER: self._api_key, "Accept": "application/json"},
                timeout=httpx.Timeout(self.timeout),
                transport=self._transport,
                follow_redirects=False,
            )
        return self._client

    async def aclose(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            await client.aclose()

    async def call(
        self,
        method: str,
        path: str,
        *,
        operation: str,
        retry_safe: bool,
        params: Mapping[str, str | int | float | bool] | None = None,
        json: Any = None,
        data: Mapping[str, str] | None = None,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
        refine: Refine | None = None,
    ) -> Any:
        """The JSON document of a 2xx answer; a port error otherwise."""
        try:
            with anyio.fail_after(self.timeout):
                response = await self._http().request(
                    method,
                    path,
                    params=dict(params) if params is not None else None,
                    json=json,
                    data=dict(data) if data is not None else None,
                    files=dict(files) if files is not None else None,
                )
        except (httpx.HTTPError, TimeoutError, OSError) as exc:
            logger.warning("%s %s failed: %s", self.platform, operation, type(exc).__name__)
            raise transport_error(
                exc, platform=self.platform, operation=operation, retry_safe=retry_safe
            ) from None
        if response.is_success:
            try:
                return read_json(response, platform=self.platform, operation=operation)
            except PortError as unreadable:
                unreadable.retry_safe = retry_safe  # a write may have been done all the same
                raise
        problem = self._problem(response)
        # An unknown id or a refused value is an ordinary answer; a refused key or a server
        # error is the operator's business. Neither logs the body or the URL.
        level = logging.WARNING if problem.status in (401, 403, 429) else logging.DEBUG
        level = logging.WARNING if problem.status >= 500 else level
        logger.log(
            level,
            "%s %s answered HTTP %s (%s)",
            self.platform,
            operation,
            problem.status,
            problem.code,
        )
        error = refine(problem) if refine is not None else None
        raise (error or self.default_error(problem, operation, retry_safe)) from None

    def _problem(self, response: httpx.Response) -> Problem:
        code = message = None
        # A proxy's HTML page or an empty body: the status alone decides.
        with contextlib.suppress(PortError, KeyError, TypeError, ValueError, AttributeError):
            code, message = self._read_problem(read_json(response, platform="", operation=""))
        return Problem(response.status_code, code, message, retry_after(response))

    def default_error(self, problem: Problem, operation: str, retry_safe: bool) -> PortError:
        """The mapping every operation shares (see the module's docstring)."""
        status, platform = problem.status, self.platform
        where = f"{operation}: HTTP {status} {problem.code or ''}".strip()
        if status == 404:
            return NotFound(where, platform=platform, operation=operation)
        if status in (401, 403):
            # The gateway's key is wrong or the mutuelle lost its subscription: a
            # configuration problem, so the member sees an unavailable service.
            return BackendUnavailable(
                f"{where} (API key refused)", platform=platform, operation=operation
            )
        if 400 <= status < 500 and status != 429:
            return InvalidInput("input", platform=platform, operation=operation, message=where)
        return BackendUnavailable(  # 429, 5xx, and anything else unexpected
            where,
            platform=platform,
            operation=operation,
            retry_safe=retry_safe,
            retry_after=problem.retry_after,
        )


async def gather_calls(calls: Sequence[Awaitable[T]]) -> list[T | PortError]:
    """Runs calls concurrently; each slot holds its result or its ``PortError``.

    Every call has its own deadline, so waiting for all of them is bounded; an exception
    that is not a port error is a bug and propagates.
    """
    answers = await asyncio.gather(*calls, return_exceptions=True)
    results: list[T | PortError] = []
    for answer in answers:
        if isinstance(answer, BaseException) and not isinstance(answer, PortError):
            raise answer
        results.append(answer)
    return results


async def gather_all(calls: Sequence[Awaitable[T]]) -> list[T]:
    """Runs calls concurrently and returns every result, or raises the first port error."""
    results = await gather_calls(calls)
    for result in results:
        if isinstance(result, PortError):
            raise result
    return results  # type: ignore[return-value]  # no PortError left

"""The Cegedim-style (iSanté) REST adapter: a tenant's member platform over httpx.

Registered in ``adapters.registry`` as ``cegedim`` → :func:`create_platform`. One
:class:`CegedimPlatform` per tenant implements every member capability of the port
(directory, contracts, payments, correspondence, change requests, messaging).

Tenants file (``BackendSpec``):

    endpoint     the tenant's base URL, e.g. ``http://127.0.0.1:8102/bocage``: the token is
                 ``POST {endpoint}/oauth/token``, the API ``{endpoint}/api/v1/...``
    credentials  ``client_id``, ``client_secret`` (OAuth2 client credentials)
    options      all optional, as strings (seconds may be decimals):
      timeout               5    budget of one exchange, token fetch, retries and waits
                                 included; also httpx's connect/read/write/pool timeouts
      concurrency           8    per-member GETs in flight for one batch call
      max_connections       20   connection pool size
      rate_limit_retries    2    retries of a read refused with 429 (0: none)
      max_retry_after       2    longest Retry-After waited for; longer → BackendUnavailable
      etag_entries          512  cached GET answers kept for ETag revalidation (0: off)
      etag_max_age          60   seconds a cached answer may be revalidated and reused
      page_size             100  page size when reading whole lists (1-100)
      max_calls_per_second  0    client-side pacing of API calls (0: off; token requests
                                 are not paced): a little under the platform's quota per
                                 client, to stay under it instead of waiting out 429s
      call_burst            1    calls that may start at once after a quiet spell; over any
                                 second at most max_calls_per_second + call_burst start

Design (see the modules): ``transport`` (one httpx client, budget, pacing with
:mod:`adapters.rest.pacing`, 401/429 handling, ETags), ``tokens`` (cached token,
single-flight refresh), ``etags``, ``problems`` (problem+json → port errors), ``fields``
and ``decode_*`` (JSON → records), ``reads``, ``payments``, ``changes`` (the port
methods). Nothing here logs a body, a token, a name, an IBAN or a NIR.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import httpx

from adapters.port import MemberPlatform
from adapters.rest.cegedim.changes import CegedimChanges
from adapters.rest.cegedim.settings import PLATFORM, CegedimSettings
from adapters.rest.cegedim.transport import CegedimHttp

if TYPE_CHECKING:
    from adapters.registry import BackendSpec

__all__ = ["PLATFORM", "CegedimPlatform", "CegedimSettings", "create_platform"]


class CegedimPlatform(CegedimChanges):
    """Every member capability of one tenant on the Cegedim API."""

    @classmethod
    def create(
        cls,
        tenant: str,
        settings: CegedimSettings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> CegedimPlatform:
        """No I/O: the HTTP client is made on the first call. ``transport``, ``clock`` and
        ``sleep`` are for tests (``httpx.MockTransport``, a hand-moved clock)."""
        http = CegedimHttp(settings, transport=transport, clock=clock, sleep=sleep)
        return cls(tenant, http)

    def bundle(self) -> MemberPlatform:
        return MemberPlatform(
            name=PLATFORM,
            directory=self,
            contracts=self,
            payments=self,
            correspondence=self,
            changes=self,
            messaging=self,
            resources=(self,),
        )


def create_platform(tenant_id: str, spec: BackendSpec) -> MemberPlatform:
    """Registry factory (no I/O); raises ValueError for a bad endpoint, credentials or
    options."""
    settings = CegedimSettings.from_spec(spec.endpoint, spec.credentials, spec.options)
    return CegedimPlatform.create(tenant_id, settings).bundle()

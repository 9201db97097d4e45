"""OAuth2 client credentials (RFC 6749 §4.4) for the Cegedim API: one cached access token
per adapter (so per tenant), refreshed before it expires, fetched once however many calls
need it at the same moment.

* The token is reused until ``refresh_at``: its lifetime minus a margin (a fifth of the
  lifetime, at most 60 s), counted from when the request was *sent*, so clock skew and
  transit time eat into the margin, not into the platform's validity.
* Concurrent callers that find no usable token all await one fetch (a single task,
  shielded so that a cancelled caller does not cancel the others' fetch); when it fails,
  they all get its error: a token endpoint that is down costs one call, not one per caller.
* ``drop(token)`` forgets the token after a 401, only if it is still the current one, so
  that many calls refused with the same stale token cause one refresh.

Neither the token nor the client secret is ever logged or put in an error message.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from adapters.port.errors import BackendTimeout, BackendUnavailable, MalformedResponse, PortError
from adapters.rest.cegedim.settings import PLATFORM, CegedimSettings
from adapters.rest.http import read_json, retry_after

MAX_MARGIN = 60.0


@dataclass(frozen=True, slots=True)
class Token:
    value: str
    refresh_at: float  # clock() after which a new token is fetched
    expires_at: float


class TokenFailure(Exception):
    """The token endpoint failed; each waiting caller turns it into its own port error."""

    def __init__(
        self,
        kind: type[BackendUnavailable] | type[BackendTimeout],
        reason: str,
        *,
        retry_safe: bool = True,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason
        self.retry_safe = retry_safe
        self.retry_after = retry_after

    def to_port(self, operation: str) -> PortError:
        message = f"{operation}: access token: {self.reason}"
        if issubclass(self.kind, BackendTimeout):
            return self.kind(
                message, platform=PLATFORM, operation=operation, retry_safe=self.retry_safe
            )
        return self.kind(
            message,
            platform=PLATFORM,
            operation=operation,
            retry_safe=self.retry_safe,
            retry_after=self.retry_after,
        )


class TokenCache:
    """The tenant's access token, and the one fetch in flight when there is no usable one."""

    def __init__(self, settings: CegedimSettings, clock: Callable[[], float]) -> None:
        self._url = settings.base_url + "/oauth/token"
        self._form = {
            "grant_type": "client_credentials",
            "client_id": settings.client_id,
            "client_secret": settings.client_secret,
        }
        self._clock = clock
        self._token: Token | None = None
        self._flight: asyncio.Task[Token] | None = None
        self.fetches = 0  # token requests sent (tests check the caching)

    def __repr__(self) -> str:
        return f"TokenCache(url={self._url!r}, fetches={self.fetches})"

    def usable(self) -> str | None:
        token = self._token
        if token is not None and self._clock() < token.refresh_at:
            return token.value
        return None

    async def get(self, client: httpx.AsyncClient) -> str:
        """A usable token, fetching one (once for all concurrent callers) when needed.

        Raises :class:`TokenFailure`."""
        value = self.usable()
        if value is not None:
            return value
        flight = self._flight
        if flight is None or flight.get_loop() is not asyncio.get_running_loop():
            flight = asyncio.get_running_loop().create_task(self._fetch(client))
            flight.add_done_callback(self._landed)
            self._flight = flight
        token = await asyncio.shield(flight)
        return token.value

    def drop(self, value: str) -> None:
        """Forgets ``value`` (refused with 401) unless a newer token already replaced it."""
        if self._token is not None and self._token.value == value:
            self._token = None

    def _landed(self, flight: asyncio.Task[Token]) -> None:
        if self._flight is flight:
            self._flight = None
        if not flight.cancelled():
            flight.exception()  # retrieved here, so that no waiter left means no warning

    async def _fetch(self, client: httpx.AsyncClient) -> Token:
        self.fetches += 1
        sent_at = self._clock()
        try:
            response = await client.post(
                self._url, data=self._form, headers={"Accept": "application/json"}
            )
        except (httpx.TimeoutException, TimeoutError) as exc:
            raise TokenFailure(BackendTimeout, type(exc).__name__) from None
        except httpx.HTTPError as exc:
            raise TokenFailure(BackendUnavailable, type(exc).__name__) from None
        if response.status_code >= 500 or response.status_code == 429:
            raise TokenFailure(
                BackendUnavailable,
                f"HTTP {response.status_code}",
                retry_after=retry_after(response),
            )
        try:
            body = read_json(response, platform=PLATFORM, operation="token")
        except MalformedResponse:
            raise TokenFailure(MalformedResponse, "unreadable answer") from None
        if response.status_code != 200:
            # RFC 6749 §5.2 error code only (invalid_client...): a wrong secret is not fixed
            # by retrying, so the call is not marked safe to retry.
            code = body.get("error") if isinstance(body, dict) else None
            reason = code if isinstance(code, str) and code.isidentifier() else "refused"
            raise TokenFailure(
                BackendUnavailable, f"HTTP {response.status_code} {reason}", retry_safe=False
            )
        token = self._parse(body, sent_at)
        self._token = token
        return token

    @staticmethod
    def _parse(body: object, sent_at: float) -> Token:
        if not isinstance(body, dict):
            raise TokenFailure(MalformedResponse, "not a JSON object")
        value = body.get("access_token")
        lifetime = body.get("expires_in")
        kind = body.get("token_type", "Bearer")
        if not isinstance(value, str) or not value or any(c.isspace() for c in value):
            raise TokenFailure(MalformedResponse, "no access_token")
        if isinstance(lifetime, bool) or not isinstance(lifetime, int | float) or lifetime <= 0:
            raise TokenFailure(MalformedResponse, "no positive expires_in")
        if not isinstance(kind, str) or kind.lower() != "bearer":
            raise TokenFailure(MalformedResponse, "token_type is not Bearer")
        margin = min(MAX_MARGIN, lifetime / 5)
        return Token(value, sent_at + lifetime - margin, sent_at + lifetime)

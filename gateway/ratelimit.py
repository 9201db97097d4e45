"""Rate limits per viewer and per client address: RATE_LIMITED (HTTP 429, ``Retry-After``).

Two budgets per window (``MUTUGRAPH_RATE_LIMIT_WINDOW_SECONDS``, 60 s by default):

* per client address (``MUTUGRAPH_RATE_LIMIT_ADDRESS``, HTTP requests to ``/graphql`` and
  ``/documents/...``), checked by :class:`AddressRateLimit` before anything else, even
  before the token is verified;
* per viewer, tenant + ``sub`` of the *verified* token (``MUTUGRAPH_RATE_LIMIT_VIEWER``,
  GraphQL operations: a batch of 5 counts 5), checked by the GraphQL view after
  authentication, so that nobody can spend someone else's budget with a forged token.

The client address is the TCP peer, unless the peer is one of ``MUTUGRAPH_TRUSTED_PROXIES``:
then it is the nearest address of ``X-Forwarded-For`` that is not a trusted proxy.

Counters live in Redis when ``MUTUGRAPH_REDIS_URL`` is set (shared by every gateway
process), in memory otherwise. Keys hold a hash of the viewer or address, never the
member number or the IP itself. If Redis fails, requests go through (fail open) and one
warning is logged per minute at most, without any personal data.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import math
import time
from collections.abc import Sequence

from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.limits.counters import (
    Clock,
    Counters,
    CounterUnavailable,
    MemoryCounters,
    RedisCounters,
)
from gateway.limits.errors import Refusal, rate_limited
from gateway.limits.settings import IPNetwork, LimitSettings
from gateway.media_types import negotiated_for_scope

logger = logging.getLogger(__name__)
WARN_EVERY_SECONDS = 60.0
LIMITED_PATHS = ("/graphql", "/documents/")


class RateLimiter:
    """Checks the viewer and address budgets; raises :class:`Refusal` (429) when spent."""

    def __init__(
        self,
        limits: LimitSettings,
        redis_url: str | None = None,
        *,
        counters: Counters | None = None,
        clock: Clock = time.time,
    ) -> None:
        self.limits = limits
        self.clock = clock
        if counters is None:
            counters = (
                RedisCounters(redis_url, limits.rate_limit_key_prefix, clock)
                if redis_url
                else MemoryCounters(clock)
            )
        self.counters = counters
        self._warned_at = -math.inf

    async def check_viewer(self, tenant: str, subject: str, weight: int = 1) -> None:
        await self._check("viewer", f"{tenant}\x00{subject}", self.limits.rate_limit_viewer, weight)

    async def check_address(self, address: str) -> None:
        await self._check("address", address, self.limits.rate_limit_address, 1)

    async def _check(self, kind: str, identity: str, limit: int, weight: int) -> None:
        if limit <= 0:
            return
        digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32]
        try:
            hit = await self.counters.hit(
                f"{kind}:{digest}", weight, self.limits.rate_limit_window_seconds
            )
        except CounterUnavailable as exc:
            self._warn(str(exc))
            return  # fail open: the shared store is down, the gateway is not
        if hit.count > limit:
            raise rate_limited(math.ceil(hit.reset_in))

    def _warn(self, reason: str) -> None:
        now = self.clock()
        if now - self._warned_at >= WARN_EVERY_SECONDS:
            self._warned_at = now
            logger.warning("rate limits not enforced: the counter store failed (%s)", reason)

    async def aclose(self) -> None:
        await self.counters.aclose()


def client_address(scope: Scope, trusted_proxies: Sequence[IPNetwork] = ()) -> str:
    """The client's address: the peer, or behind trusted proxies, ``X-Forwarded-For``'s."""
    client = scope.get("client")
    peer = str(client[0]) if client else "unknown"
    if not trusted_proxies or not _is_trusted(peer, trusted_proxies):
        return peer
    forwarded: list[str] = []
    for name, value in scope.get("headers", ()):
        if name == b"x-forwarded-for":
            forwarded += [part.strip() for part in value.decode("latin-1").split(",")]
    # Nearest first: each trusted proxy appended the address it received from.
    for address in reversed([a for a in forwarded if a]):
        if not _is_trusted(address, trusted_proxies):
            return address
    return forwarded[0] if forwarded and forwarded[0] else peer


def _is_trusted(address: str, networks: Sequence[IPNetwork]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


class AddressRateLimit:
    """ASGI middleware: the per-address budget on ``/graphql`` and ``/documents/...``."""

    def __init__(self, app: ASGIApp, limiter: RateLimiter) -> None:
        self.app = app
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(LIMITED_PATHS):
            address = client_address(scope, self.limiter.limits.trusted_proxies)
            try:
                await self.limiter.check_address(address)
            except Refusal as refusal:
                await negotiated_for_scope(refusal.response(), scope)(scope, receive, send)
                return
        await self.app(scope, receive, send)

"""The gateway's request guard: limits, trusted documents and rate limiter, built once.

``create_app`` builds one :class:`Guard` from the settings, adds its middleware (address
rate limit, body size), keeps it in ``app.state.guard`` for the GraphQL view (batches,
trusted documents, viewer rate limit), passes its limits to the schema (query limits), and
closes it with the lifespan (the Redis connections of the rate limits).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from starlette.middleware import Middleware

from gateway.bodysize import BodySizeLimit
from gateway.limits.settings import LimitSettings
from gateway.persisted import ManifestError, TrustedDocuments
from gateway.ratelimit import AddressRateLimit, RateLimiter
from gateway.settings import ConfigurationError, Settings


@dataclass(slots=True)
class Guard:
    """What the GraphQL view and the middleware check requests against."""

    limits: LimitSettings
    documents: TrustedDocuments
    limiter: RateLimiter

    @classmethod
    def default(cls, limits: LimitSettings | None = None) -> Guard:
        """Default limits, no trusted documents, rate limits in memory."""
        limits = limits or LimitSettings()
        return cls(limits, TrustedDocuments(max_tokens=limits.max_tokens), RateLimiter(limits))

    @classmethod
    def from_settings(cls, settings: Settings) -> Guard:
        """The guard of these settings; an unreadable manifest is a ConfigurationError."""
        limits = settings.limits
        documents = TrustedDocuments(max_tokens=limits.max_tokens)
        if limits.trusted_documents is not None:
            try:
                documents = TrustedDocuments.load(
                    limits.trusted_documents, max_tokens=limits.max_tokens
                )
            except ManifestError as exc:
                raise ConfigurationError(f"MUTUGRAPH_TRUSTED_DOCUMENTS: {exc}") from None
        return cls(limits, documents, RateLimiter(limits, settings.redis_url))

    def middleware(self) -> list[Middleware]:
        """Address rate limit first (cheapest refusal), then the body size limit."""
        return [
            Middleware(AddressRateLimit, limiter=self.limiter),
            Middleware(BodySizeLimit, limits=self.limits),
        ]

    @asynccontextmanager
    async def running(self) -> AsyncIterator[Guard]:
        """For the app's lifespan: closes the rate limiter's connections at the end."""
        try:
            yield self
        finally:
            await self.limiter.aclose()

"""The Santéclair-style network as a Starlette app (default port 8103).

    GET  /api/v1/partners                   searchPartners
    GET  /api/v1/partners/{partnerId}       getPartner
    POST /api/v1/estimates                  estimate
    POST /api/v1/quote-reviews              submitQuoteReview
    GET  /api/v1/quote-reviews              listQuoteReviews
    GET  /api/v1/quote-reviews/{ticketId}   getQuoteReview
    POST /api/v1/service-links              serviceLink
    GET  /services/{service}                openServiceLink (signed link, no API key)

Every ``/api/v1`` call needs ``X-Api-Key: network_api_key("santeclair", tenant)`` of a
mutuelle that has the network. The clock (quote-review progress, link expiry) can be
injected for tests.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import Route

from sandbox.admin import platform_app
from sandbox.dataset.records import Network
from sandbox.networks.access import ApiKeys
from sandbox.networks.directory import NetworkDirectory
from sandbox.santeclair.estimates import Estimates
from sandbox.santeclair.links import DEFAULT_SECRET, ServiceLinks
from sandbox.santeclair.partners import Partners
from sandbox.santeclair.problems import denied, error_response, malformed_response
from sandbox.santeclair.reviews import Clock, QuoteReviews

if TYPE_CHECKING:
    from sandbox.dataset.generator import Dataset

NETWORK: Network = "santeclair"
OPERATIONS = (
    ("GET", re.compile(r"^/api/v1/partners/?$"), "searchPartners"),
    ("GET", re.compile(r"^/api/v1/partners/[^/]+$"), "getPartner"),
    ("POST", re.compile(r"^/api/v1/estimates/?$"), "estimate"),
    ("POST", re.compile(r"^/api/v1/quote-reviews/?$"), "submitQuoteReview"),
    ("GET", re.compile(r"^/api/v1/quote-reviews/?$"), "listQuoteReviews"),
    ("GET", re.compile(r"^/api/v1/quote-reviews/[^/]+$"), "getQuoteReview"),
    ("POST", re.compile(r"^/api/v1/service-links/?$"), "serviceLink"),
    ("GET", re.compile(r"^/services/[^/]+$"), "openServiceLink"),
)


async def operation_of(request: Request) -> str | None:
    """The operation a request calls, for the stats and the faults (None: not an API call)."""
    for method, pattern, name in OPERATIONS:
        if request.method == method and pattern.match(request.url.path):
            return name
    return None


def utc_now() -> datetime:
    return datetime.now(UTC)


def create_app(
    dataset: Dataset,
    *,
    clock: Clock = utc_now,
    review_after_seconds: float = 60.0,
    answer_after_seconds: float = 180.0,
    link_ttl_seconds: int = 300,
    link_secret: bytes = DEFAULT_SECRET,
    public_url: str | None = None,
) -> Starlette:
    """The Santéclair sandbox over ``dataset``; ``clock`` returns an aware UTC datetime."""
    keys = ApiKeys(dataset.tenants, NETWORK, denied)
    partners = Partners(NetworkDirectory(dataset.professionals, NETWORK))
    estimates = Estimates(dataset.backoffice)
    reviews = QuoteReviews(dataset.backoffice, clock, review_after_seconds, answer_after_seconds)
    links = ServiceLinks(
        dataset.backoffice,
        clock,
        secret=link_secret,
        ttl_seconds=link_ttl_seconds,
        public_url=public_url,
    )
    routes = [
        Route("/api/v1/partners", keys.guard(partners.search), methods=["GET"]),
        Route("/api/v1/partners/{partner_id}", keys.guard(partners.detail), methods=["GET"]),
        Route("/api/v1/estimates", keys.guard(estimates.create), methods=["POST"]),
        Route("/api/v1/quote-reviews", keys.guard(reviews.submit), methods=["POST"]),
        Route("/api/v1/quote-reviews", keys.guard(reviews.list), methods=["GET"]),
        Route("/api/v1/quote-reviews/{ticket_id}", keys.guard(reviews.get), methods=["GET"]),
        Route("/api/v1/service-links", keys.guard(links.create), methods=["POST"]),
        Route("/services/{service}", links.open, methods=["GET"]),
    ]
    return platform_app(
        NETWORK,
        routes,
        operation_of=operation_of,
        error_response=error_response,
        malformed_response=malformed_response,
        tenants=[t.id for t in dataset.tenants if NETWORK in t.networks],
        member_numbers=dataset.member_numbers,
        on_reset=reviews.reset,
    )

"""Care networks: professionals search merged across the tenant's networks, details,
online services, and Santéclair's quote estimate and review.

A search asks every selected network at once; a network that fails is left out and named
in ``unavailable`` so that the others' results still show (the schema exposes it).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from adapters.port import (
    Discipline,
    GeoPoint,
    HealthProfessional,
    Location,
    Network,
    NotSupported,
    PortError,
    Profession,
    ProfessionalHit,
    ProfessionalQuery,
    QuoteCategory,
    QuoteEstimate,
    QuoteEstimateItem,
    QuoteEstimateRequest,
    QuoteReview,
    QuoteSubmission,
    ServiceLink,
)
from resolvers import validation
from resolvers.access import Access
from resolvers.context import RequestState
from resolvers.errors import UserInputError
from resolvers.professionals import merge_hits

MAX_RESULTS = 200  # nearest results a search may page through
ESTIMABLE = (QuoteCategory.DENTAL, QuoteCategory.HOSPITAL)
_ACT_CODE = re.compile(r"^[A-Z0-9]{1,13}$")


@dataclass(frozen=True, slots=True)
class SearchResult:
    hits: list[ProfessionalHit]
    unavailable: list[Network]


async def search_professionals(
    state: RequestState, query: ProfessionalQuery, networks: Sequence[Network] = ()
) -> SearchResult:
    chosen = [n for n in state.backends.networks if not networks or n.network in networks]
    if not chosen:
        raise NotSupported(
            "no care network", platform="care-network", operation="search_professionals"
        )
    answers = await asyncio.gather(
        *(n.directory.search_professionals(query) for n in chosen), return_exceptions=True
    )
    found: list[Sequence[ProfessionalHit]] = []
    unavailable: list[Network] = []
    errors: list[PortError] = []
    for network, answer in zip(chosen, answers, strict=True):
        if isinstance(answer, PortError):
            unavailable.append(network.network)
            errors.append(answer)
        elif isinstance(answer, BaseException):
            raise answer
        else:
            found.append(answer)
    if not found:
        raise errors[0]  # every network failed: say why
    return SearchResult(merge_hits(found), unavailable)


async def professional(state: RequestState, professional_id: str) -> HealthProfessional:
    return await state.loaders.professional.load(professional_id)


async def service_links(state: RequestState, access: Access) -> Sequence[ServiceLink]:
    return await state.loaders.service_links.load(access.member)


async def estimate(
    state: RequestState, access: Access, request: QuoteEstimateRequest
) -> QuoteEstimate:
    analysis = state.backends.quote_analysis("estimate")
    return await analysis.estimate(access.member, request)


async def submit_quote(
    state: RequestState, access: Access, submission: QuoteSubmission
) -> QuoteReview:
    analysis = state.backends.quote_analysis("submit_quote")
    return await analysis.submit_quote(access.member, submission)


def professional_query(
    *,
    latitude: float | None,
    longitude: float | None,
    address: str | None,
    postcode: str | None,
    include_neighbouring_towns: bool,
    radius_km: float,
    discipline: Discipline | None,
    profession: Profession | None,
    limit: int,
) -> ProfessionalQuery:
    """The port query for the search form: exactly one of a point, an address, a postcode."""
    has_point = latitude is not None or longitude is not None
    given = sum((has_point, address is not None, postcode is not None))
    if given != 1:
        raise UserInputError("near", "Give exactly one of a position, an address or a postcode.")
    point = None
    if has_point:
        if latitude is None or not -90 <= latitude <= 90:
            raise UserInputError("near.latitude", "Between -90 and 90.")
        if longitude is None or not -180 <= longitude <= 180:
            raise UserInputError("near.longitude", "Between -180 and 180.")
        point = GeoPoint(latitude, longitude)
    if address is not None:
        address = validation.required_text(address, "near.address", max_length=200)
    if postcode is not None:
        postcode = validation.postcode(postcode, "near.postcode")
    if not 0 < radius_km <= 100:
        raise UserInputError("radiusKm", "More than 0 and at most 100 km.")
    return ProfessionalQuery(
        location=Location(point, address, postcode, include_neighbouring_towns),
        radius_km=radius_km,
        discipline=discipline,
        profession=profession,
        limit=min(limit, MAX_RESULTS),
    )


def estimate_request(
    category: QuoteCategory, beneficiary_id: str, items: Sequence[tuple[str, Decimal, int]]
) -> QuoteEstimateRequest:
    """Validated estimate request; ``items`` are (act code, billed amount, quantity)."""
    if category not in ESTIMABLE:
        raise UserInputError("input.category", "Estimates exist for dental and hospital quotes.")
    if not 1 <= len(items) <= 50:
        raise UserInputError("input.items", "Between 1 and 50 acts.")
    checked = []
    for i, (code, billed, quantity) in enumerate(items):
        act = code.strip().upper()
        if not _ACT_CODE.match(act):
            raise UserInputError(f"input.items.{i}.actCode", "Not an act code.")
        if not 1 <= quantity <= 99:
            raise UserInputError(f"input.items.{i}.quantity", "Between 1 and 99.")
        amount = validation.amount(billed, f"input.items.{i}.billedAmount")
        checked.append(QuoteEstimateItem(act, amount, quantity))
    return QuoteEstimateRequest(category, beneficiary_id, tuple(checked))

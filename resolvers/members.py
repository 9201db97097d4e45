"""Reads about a member: profile, beneficiaries, contract, premium, coverage.

Every function takes the request state and an :class:`~resolvers.access.Access` (checked
before) and goes through the request's DataLoaders, so any number of fields asking for the
same data cost one port call.
"""

from __future__ import annotations

from datetime import date

from adapters.port import Beneficiary, Contract, Coverage, Member, Premium
from resolvers.access import Access
from resolvers.context import RequestState
from resolvers.errors import NotFoundError


async def member(state: RequestState, access: Access) -> Member:
    return await state.loaders.member.load(access.member)


async def beneficiaries(
    state: RequestState, access: Access, *, include_closed: bool = True
) -> list[Beneficiary]:
    """The adhérent first; a beneficiary's own account sees only itself."""
    everyone = await state.loaders.beneficiaries.load(access.member)
    return [
        b
        for b in everyone
        if (not access.restricted or b.id == access.beneficiary_id)
        and (include_closed or b.close_date is None or b.close_date >= state.today)
    ]


async def beneficiary(state: RequestState, access: Access, beneficiary_id: str) -> Beneficiary:
    for candidate in await beneficiaries(state, access):
        if candidate.id == beneficiary_id:
            return candidate
    raise NotFoundError()


async def open_date(state: RequestState, access: Access, beneficiary_id: str) -> date | None:
    """When the beneficiary joined the contract; None when not one of the member's."""
    everyone = await state.loaders.beneficiaries.load(access.member)
    return next((b.open_date for b in everyone if b.id == beneficiary_id), None)


async def beneficiaries_by_id(state: RequestState, access: Access) -> dict[str, Beneficiary]:
    """Every beneficiary of the member by id (unfiltered: for privacy decisions only)."""
    return {b.id: b for b in await state.loaders.beneficiaries.load(access.member)}


async def contract(state: RequestState, access: Access) -> Contract:
    return await state.loaders.contract.load(access.member)


async def premium(state: RequestState, access: Access) -> Premium:
    return await state.loaders.premium.load(access.member)


async def coverage(state: RequestState, access: Access, beneficiary_id: str) -> Coverage | None:
    """The beneficiary's guarantees with their dates, from the contract."""
    found = await contract(state, access)
    return next((c for c in found.coverages if c.beneficiary_id == beneficiary_id), None)

"""The entry points of the graph: ``me``, ``node``, professionals search, quote estimate."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from resolvers import care
from resolvers.access import checked, own
from resolvers.context import state
from resolvers.errors import UserInputError
from resolvers.ids import local_id
from schema import fields
from schema.enums import Discipline, Network, Profession
from schema.nodes import resolve_node
from schema.types.care import HealthProfessional, HealthProfessionalConnection, LocationInput
from schema.types.member import Member
from schema.types.paging import After, First, edges, page_info, window
from schema.types.quotes import QuoteEstimate, QuoteEstimateInput


@strawberry.type(description="The entry points of the graph.")
class Query:
    @fields.field(
        description="The viewer's member (adhérent); for a beneficiary's own account, the "
        "member as that beneficiary may see it."
    )
    async def me(self, info: Info) -> Member:
        st = state(info)
        access = await checked(st, own(st))
        return Member.of(access)

    @fields.field(
        description="Any object by its global id; NOT_FOUND for ids the viewer cannot reach."
    )
    async def node(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="A global id.")],
    ) -> relay.Node | None:
        return await resolve_node(info, id)

    @fields.field(
        description="Professionals of the tenant's care networks near a location, merged "
        "across networks (one entry per RPPS/FINESS, with its memberships), nearest first."
    )
    async def health_professionals(
        self,
        info: Info,
        near: Annotated[LocationInput, strawberry.argument(description="Where to search.")],
        radius_km: Annotated[float, strawberry.argument(description="Search radius.")] = 10.0,
        discipline: Annotated[
            Discipline | None, strawberry.argument(description="Only this discipline.")
        ] = None,
        profession: Annotated[
            Profession | None, strawberry.argument(description="Only this profession.")
        ] = None,
        networks: Annotated[
            list[Network] | None,
            strawberry.argument(description="Only these networks (default: all the tenant's)."),
        ] = None,
        first: First = 20,
        after: After = None,
    ) -> HealthProfessionalConnection:
        st = state(info)
        offset, limit = window(first, after)
        query = care.professional_query(
            latitude=near.latitude,
            longitude=near.longitude,
            address=near.address,
            postcode=near.postcode,
            include_neighbouring_towns=near.include_neighbouring_towns,
            radius_km=radius_km,
            discipline=discipline,
            profession=profession,
            limit=offset + limit + 1,
        )
        result = await care.search_professionals(st, query, networks or ())
        page = result.hits[offset : offset + limit]
        nodes = [
            HealthProfessional.of(h.professional, st.viewer.tenant, h.distance_km) for h in page
        ]
        return HealthProfessionalConnection(
            edges=edges(nodes, offset),
            page_info=page_info(offset, len(nodes), len(result.hits) > offset + limit),
            unavailable_networks=result.unavailable,
        )

    @fields.field(
        description="Immediate estimate of the reste à charge on a dental or hospital quote "
        "(Santéclair)."
    )
    async def quote_estimate(
        self,
        info: Info,
        input: Annotated[QuoteEstimateInput, strawberry.argument(description="The quote.")],
    ) -> QuoteEstimate:
        st = state(info)
        access = await checked(st, own(st))
        member = access.member
        beneficiary_id = local_id(
            input.beneficiary_id, "Beneficiary", member.tenant, member.number, "input.beneficiaryId"
        )
        if access.restricted and beneficiary_id != access.beneficiary_id:
            raise UserInputError("input.beneficiaryId", "Unknown Beneficiary.")
        request = care.estimate_request(
            input.category,
            beneficiary_id,
            [(i.act_code, i.billed_amount, i.quantity) for i in input.items],
        )
        return QuoteEstimate.of(await care.estimate(st, access, request))

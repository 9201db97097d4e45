"""Beneficiaries (bénéficiaires) and their guarantees (garanties par bénéficiaire)."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry import relay
from strawberry.types import Info

from adapters import port
from resolvers import members
from resolvers.access import Access
from resolvers.context import state
from resolvers.ids import NodeKey
from schema import fields
from schema.enums import BeneficiaryQuality, CareCategory, GuaranteeKind, Regime
from schema.types.common import Money, mask_nir, optional_money


@strawberry.type(description="One line of the benefits table (tableau de garanties).")
class Guarantee:
    code: str = strawberry.field(description="The offer's code for this guarantee.")
    label: str = strawberry.field(description='Label, e.g. "Consultation généraliste".')
    category: CareCategory = strawberry.field(description="Care category it applies to.")
    kind: GuaranteeKind = strawberry.field(description="How it pays.")
    rate_percent: int | None = strawberry.field(
        description='For PERCENT_OF_BASE: the rate of the BR, e.g. 150 for "150 % BR".'
    )
    flat_amount: Money | None = strawberry.field(description="For FLAT: the forfait.")

    @classmethod
    def of(cls, record: port.Guarantee) -> Guarantee:
        return cls(
            code=record.code,
            label=record.label,
            category=record.category,
            kind=record.kind,
            rate_percent=record.rate_percent,
            flat_amount=optional_money(record.flat_amount),
        )


@strawberry.type(description="The guarantees one beneficiary has, with their dates.")
class Coverage:
    access: strawberry.Private[Access]
    beneficiary_id: strawberry.Private[str]
    offer_code: str = strawberry.field(description="Code of the offer (formule).")
    start: date = strawberry.field(description="Start of the cover.")
    end: date | None = strawberry.field(description="End of the cover, if any.")
    guarantees: list[Guarantee] = strawberry.field(description="The benefits table lines.")

    @classmethod
    def of(cls, record: port.Coverage, access: Access) -> Coverage:
        return cls(
            access=access,
            beneficiary_id=record.beneficiary_id,
            offer_code=record.offer_code,
            start=record.start,
            end=record.end,
            guarantees=[Guarantee.of(g) for g in record.guarantees],
        )

    @fields.field(description="Who this cover is for.")
    async def beneficiary(self, info: Info) -> Beneficiary | None:
        found = await load_beneficiaries(info, self.access, [self.beneficiary_id])
        return found[0] if found else None


@strawberry.type(
    description="A person covered by the contract (bénéficiaire). The adhérent is one, with "
    "quality INSURED."
)
class Beneficiary(relay.Node):
    key: relay.NodeID[str]
    access: strawberry.Private[Access]
    record: strawberry.Private[port.Beneficiary]
    first_name: str = strawberry.field(description="Prénom.")
    last_name: str = strawberry.field(description="Nom.")
    birth_date: date = strawberry.field(description="Date de naissance.")
    quality: BeneficiaryQuality = strawberry.field(description="Qualité (assuré, conjoint...).")
    regime: Regime | None = strawberry.field(description="Régime obligatoire.")
    birth_rank: str = strawberry.field(description='Rang de naissance ("01", "02" for twins).')
    nir_masked: str | None = strawberry.field(
        description='Own social security number, masked ("2 95 10 ** *** *** 93"); null for '
        "children attached to a parent's."
    )
    open_date: date = strawberry.field(description="Date d'entrée (start of cover).")
    close_date: date | None = strawberry.field(description="Date de radiation, if any.")
    has_own_account: bool = strawberry.field(
        description="Ayant droit autonome: has their own portal account."
    )

    @classmethod
    def of(cls, record: port.Beneficiary, access: Access) -> Beneficiary:
        member = access.member
        return cls(
            key=NodeKey(member.tenant, member.number, record.id).encode(),
            access=access,
            record=record,
            first_name=record.first_name,
            last_name=record.last_name,
            birth_date=record.birth_date,
            quality=record.quality,
            regime=record.regime,
            birth_rank=record.birth_rank,
            nir_masked=mask_nir(record.nir),
            open_date=record.open_date,
            close_date=record.close_date,
            has_own_account=record.autonomous,
        )

    @fields.field(description="Whether the beneficiary is covered today.")
    def is_active(self, info: Info) -> bool:
        close = self.record.close_date
        return close is None or close >= state(info).today

    @fields.field(description="The guarantees this beneficiary has, with their dates.")
    async def coverage(self, info: Info) -> Coverage | None:
        found = await members.coverage(state(info), self.access, self.record.id)
        return None if found is None else Coverage.of(found, self.access)


async def load_beneficiaries(info: Info, access: Access, ids: list[str]) -> list[Beneficiary]:
    """The beneficiaries with these ids the viewer may see, in order (others skipped)."""
    everyone = {b.id: b for b in await members.beneficiaries(state(info), access)}
    return [Beneficiary.of(everyone[i], access) for i in ids if i in everyone]

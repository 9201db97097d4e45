"""The contract (contrat) and the premium (cotisation) with its schedule (échéancier)."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry import relay
from strawberry.types import Info

from adapters import port
from adapters.port import DocumentKind, DocumentRef
from resolvers import documents
from resolvers.access import Access
from resolvers.context import state
from resolvers.ids import NodeKey
from schema import fields
from schema.enums import (
    ContractKind,
    ContractStatus,
    InstalmentStatus,
    PremiumFrequency,
    PremiumMethod,
)
from schema.types.beneficiary import Coverage
from schema.types.common import Money, money


@strawberry.type(description="The member's contract (contrat): offer, dates, guarantees.")
class Contract(relay.Node):
    key: relay.NodeID[str]
    access: strawberry.Private[Access]
    document_id: strawberry.Private[str | None]
    number: str = strawberry.field(description="Numéro de contrat.")
    offer_code: str = strawberry.field(description="Code of the offer (formule).")
    offer_label: str = strawberry.field(description="Name of the offer.")
    status: ContractStatus = strawberry.field(description="Open or closed.")
    kind: ContractKind = strawberry.field(description="Individual or collective.")
    employer: str | None = strawberry.field(description="Collective contracts: the employer.")
    changes_through_employer: bool = strawberry.field(
        description="True for collective contracts: beneficiaries and the premium account are "
        "changed through the employer, not online (the portal must say so)."
    )
    subscription_date: date = strawberry.field(description="Date de souscription.")
    effective_date: date = strawberry.field(description="Date d'effet.")
    termination_date: date | None = strawberry.field(description="Date de résiliation.")
    coverages: list[Coverage] = strawberry.field(
        description="Guarantees per beneficiary, with their dates."
    )

    @classmethod
    def of(cls, record: port.Contract, access: Access) -> Contract:
        member = access.member
        return cls(
            key=NodeKey(member.tenant, member.number, record.number).encode(),
            access=access,
            document_id=record.benefits_table_document_id,
            number=record.number,
            offer_code=record.offer_code,
            offer_label=record.offer_label,
            status=record.status,
            kind=record.kind,
            employer=record.employer,
            changes_through_employer=record.kind is port.ContractKind.COLLECTIVE,
            subscription_date=record.subscription_date,
            effective_date=record.effective_date,
            termination_date=record.termination_date,
            coverages=[
                Coverage.of(c, access)
                for c in record.coverages
                if not access.restricted or c.beneficiary_id == access.beneficiary_id
            ],
        )

    @fields.field(description="Download link of the benefits table (tableau de garanties).")
    def benefits_table_url(self, info: Info) -> str | None:
        if self.document_id is None:
            return None
        ref = DocumentRef(DocumentKind.USEFUL_DOCUMENT, self.document_id)
        return documents.link(state(info), self.access, ref)


@strawberry.type(description="One échéance of the premium schedule.")
class PremiumInstalment:
    due_date: date = strawberry.field(description="Date d'échéance.")
    amount: Money = strawberry.field(description="Amount due.")
    status: InstalmentStatus = strawberry.field(description="Paid, due or rejected.")

    @classmethod
    def of(cls, record: port.PremiumInstalment) -> PremiumInstalment:
        return cls(due_date=record.due_date, amount=money(record.amount), status=record.status)


@strawberry.type(description="How the cotisation is paid, and its schedule (échéancier).")
class Premium:
    contract_number: str = strawberry.field(description="The contract it is for.")
    method: PremiumMethod = strawberry.field(description="Mode de paiement.")
    frequency: PremiumFrequency = strawberry.field(description="Périodicité.")
    annual_amount: Money = strawberry.field(description="Cotisation annuelle.")
    schedule: list[PremiumInstalment] = strawberry.field(
        description="Past and coming instalments, by due date."
    )
    today: strawberry.Private[date]

    @classmethod
    def of(cls, record: port.Premium, today: date) -> Premium:
        return cls(
            contract_number=record.contract_number,
            method=record.method,
            frequency=record.frequency,
            annual_amount=money(record.annual_amount),
            schedule=[PremiumInstalment.of(i) for i in record.schedule],
            today=today,
        )

    @fields.field(description="The next instalment due from today (prochaine échéance).")
    def next_instalment(self) -> PremiumInstalment | None:
        return next((i for i in self.schedule if i.due_date >= self.today), None)

"""Reimbursements (remboursements): payments, their lines, the search filter, the page.

Lines are health data: a redacted line (back-end confidential flag, or another adult's
care without the tenant's consent) keeps its amounts and dates but shows no act, category
or professional.
"""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry import relay
from strawberry.types import Info

from adapters import port
from adapters.port import DocumentFormat as PortDocumentFormat
from adapters.port import DocumentKind, DocumentRef
from resolvers import documents, payments
from resolvers.access import Access
from resolvers.context import state
from resolvers.ids import NodeKey, local_id
from schema import fields
from schema.enums import (
    ActCodeSystem,
    CareCategory,
    DocumentFormat,
    PaymentMethod,
    PaymentPeriod,
    PaymentRecipientKind,
)
from schema.types.beneficiary import Beneficiary, load_beneficiaries
from schema.types.common import Money, money


@strawberry.type(description="A coded act (acte): nomenclature, code and label.")
class Act:
    system: ActCodeSystem = strawberry.field(description="Nomenclature (NGAP, CCAM, LPP...).")
    code: str = strawberry.field(description='Code, e.g. "G", "HBLD036", "3400930000001".')
    label: str = strawberry.field(description="Libellé de l'acte.")


@strawberry.type(description="Who billed a line: a professional or an establishment.")
class LineProfessional:
    identifier: str | None = strawberry.field(description="RPPS, ADELI or FINESS.")
    name: str | None = strawberry.field(description="Name as on the statement.")


@strawberry.type(
    description="A reimbursed act (ligne de décompte). billed = amoPaid + mutuellePaid + "
    "otherInsurerPaid + outOfPocket."
)
class PaymentLine:
    access: strawberry.Private[Access]
    beneficiary_id: strawberry.Private[str]
    redacted: bool = strawberry.field(
        description="True when the care details are hidden (confidential, or another adult's "
        "care): act, category, professional and the amounts that tell the act (base, amoRate, "
        "participation, franchise) are then null; what was paid stays."
    )
    act: Act | None = strawberry.field(description="The act; null when redacted.")
    category: CareCategory | None = strawberry.field(description="Poste; null when redacted.")
    professional: LineProfessional | None = strawberry.field(
        description="Who billed; null when redacted or unknown."
    )
    care_start: date = strawberry.field(description="Date de soins (first day).")
    care_end: date = strawberry.field(description="Date de soins (last day).")
    quantity: int = strawberry.field(description="Number of acts.")
    billed: Money = strawberry.field(description="Montant facturé (dépense).")
    # A base, rate or deduction is as telling as the act code (25.00 at 70 % is a GP visit).
    base: Money | None = strawberry.field(
        description="Base de remboursement (BR); null when redacted."
    )
    amo_rate: int | None = strawberry.field(description="Taux AMO, in percent; null when redacted.")
    participation: Money | None = strawberry.field(
        description="Participation forfaitaire deducted from the AMO part; null when redacted."
    )
    franchise: Money | None = strawberry.field(
        description="Franchise médicale deducted from AMO; null when redacted."
    )
    amo_paid: Money = strawberry.field(description="Paid by the régime obligatoire (RO).")
    mutuelle_paid: Money = strawberry.field(description="Paid by the mutuelle (RC).")
    other_insurer_paid: Money = strawberry.field(
        description="Paid by another complementary insurer."
    )
    out_of_pocket: Money = strawberry.field(description="Reste à charge.")

    @classmethod
    def of(cls, visible: payments.VisibleLine, access: Access) -> PaymentLine:
        line, hidden = visible.line, visible.redacted
        known_pro = line.professional_id is not None or line.professional_name is not None
        return cls(
            access=access,
            beneficiary_id=line.beneficiary_id,
            redacted=hidden,
            act=None
            if hidden
            else Act(system=line.act_system, code=line.act_code, label=line.act_label),
            category=None if hidden else line.category,
            professional=None
            if hidden or not known_pro
            else LineProfessional(identifier=line.professional_id, name=line.professional_name),
            care_start=line.care_start,
            care_end=line.care_end,
            quantity=line.quantity,
            billed=money(line.billed),
            base=None if hidden else money(line.base),
            amo_rate=None if hidden else line.amo_rate,
            participation=None if hidden else money(line.participation),
            franchise=None if hidden else money(line.franchise),
            amo_paid=money(line.amo_paid),
            mutuelle_paid=money(line.mutuelle_paid),
            other_insurer_paid=money(line.other_paid),
            out_of_pocket=money(line.out_of_pocket),
        )

    @fields.field(description="Whose care it was.")
    async def beneficiary(self, info: Info) -> Beneficiary | None:
        found = await load_beneficiaries(info, self.access, [self.beneficiary_id])
        return found[0] if found else None


@strawberry.type(description="Who was paid: the member, or a professional (tiers payant).")
class PaymentRecipient:
    """A professional paid for care the viewer may not see in detail (every line redacted)
    is not named: its name (a hearing-aid shop...) would tell that care."""

    access: strawberry.Private[Access]
    record: strawberry.Private[port.Payment]
    kind: PaymentRecipientKind = strawberry.field(description="Member or professional.")

    @fields.field(description="Name of the payee.")
    async def name(self, info: Info) -> str:
        if await payments.recipient_hidden(state(info), self.access, self.record):
            return payments.HIDDEN_RECIPIENT
        return self.record.recipient_name

    @fields.field(description="The professional's RPPS/ADELI/FINESS when paid to a third party.")
    async def identifier(self, info: Info) -> str | None:
        if await payments.recipient_hidden(state(info), self.access, self.record):
            return None
        return self.record.recipient_id


@strawberry.type(description="A reimbursement (remboursement, décompte).")
class Payment(relay.Node):
    key: relay.NodeID[str]
    access: strawberry.Private[Access]
    record: strawberry.Private[port.Payment]
    date: date = strawberry.field(description="Date de paiement.")
    method: PaymentMethod = strawberry.field(description="Virement or chèque.")
    recipient: PaymentRecipient = strawberry.field(description="Who was paid.")

    @fields.field(description="What the mutuelle paid in this payment.")
    async def total(self, info: Info) -> Money:
        # A beneficiary's own account: the part for its own care (resolvers.payments).
        return money(await payments.visible_total(state(info), self.access, self.record))

    @classmethod
    def of(cls, record: port.Payment, access: Access) -> Payment:
        member = access.member
        return cls(
            key=NodeKey(member.tenant, member.number, record.id).encode(),
            access=access,
            record=record,
            date=record.date,
            method=record.method,
            recipient=PaymentRecipient(access=access, record=record, kind=record.recipient_kind),
        )

    @fields.field(description="The reimbursed acts (lignes), as the viewer may see them.")
    async def lines(self, info: Info) -> list[PaymentLine]:
        visible = await payments.lines(state(info), self.access, self.record)
        return [PaymentLine.of(v, self.access) for v in visible]

    @fields.field(description="Whose care this payment pays.")
    async def beneficiaries(self, info: Info) -> list[Beneficiary]:
        ids = await payments.beneficiary_ids(state(info), self.access, self.record)
        return await load_beneficiaries(info, self.access, ids)

    @fields.field(description="Download link of this payment's statement (décompte), PDF.")
    def statement_url(self, info: Info) -> str:
        ref = DocumentRef(DocumentKind.PAYMENT_STATEMENT, self.record.id, PortDocumentFormat.PDF)
        return documents.link(state(info), self.access, ref)


@strawberry.type(name="PaymentConnection", description="A page of payments, newest first.")
class PaymentConnection(relay.Connection[Payment]):
    total_count: int = strawberry.field(description="How many payments match in all.")


@strawberry.input(
    description="Reimbursement search (recherche de remboursements); all criteria combine."
)
class PaymentFilter:
    period: PaymentPeriod | None = strawberry.field(
        default=None, description="Payment period ending today; exclusive with paidFrom/paidTo."
    )
    paid_from: date | None = strawberry.field(default=None, description="Paid on or after.")
    paid_to: date | None = strawberry.field(default=None, description="Paid on or before.")
    beneficiary_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only care of this beneficiary (a Beneficiary id)."
    )
    care_from: date | None = strawberry.field(default=None, description="Care on or after.")
    care_to: date | None = strawberry.field(default=None, description="Care on or before.")
    recipient: PaymentRecipientKind | None = strawberry.field(
        default=None, description="Paid to the member, or to professionals (tiers payant)."
    )


def export_ref(query: port.PaymentQuery, fmt: DocumentFormat) -> DocumentRef:
    return DocumentRef(
        DocumentKind.PAYMENTS_EXPORT,
        format=fmt,
        since=query.paid_from,
        until=query.paid_to,
        beneficiary_id=query.beneficiary_id,
    )


def payment_filter(value: PaymentFilter | None, access: Access) -> payments.PaymentFilter:
    """The resolvers' filter for the input, beneficiary id decoded (checked for the member)."""
    if value is None:
        return payments.PaymentFilter()
    beneficiary_id = None
    if value.beneficiary_id is not None:
        member = access.member
        beneficiary_id = local_id(
            value.beneficiary_id,
            "Beneficiary",
            member.tenant,
            member.number,
            "filter.beneficiaryId",
        )
    return payments.PaymentFilter(
        period=value.period,
        paid_from=value.paid_from,
        paid_to=value.paid_to,
        beneficiary_id=beneficiary_id,
        care_from=value.care_from,
        care_to=value.care_to,
        recipient=value.recipient,
    )

"""Quotes and prior approvals processed by the insurer, Santéclair estimates and reviews."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry
from strawberry import relay
from strawberry.types import Info

from adapters import port
from resolvers.access import Access
from resolvers.ids import NodeKey
from resolvers.payments import VisibleQuote
from schema import fields
from schema.enums import QuoteCategory, QuoteKind, QuoteReviewStatus, QuoteStatus
from schema.types.beneficiary import Beneficiary, load_beneficiaries
from schema.types.common import Money, money


@strawberry.type(
    description="A devis or a prise en charge (prior approval) processed by the mutuelle."
)
class Quote(relay.Node):
    key: relay.NodeID[str]
    access: strawberry.Private[Access]
    beneficiary_id: strawberry.Private[str]
    redacted: bool = strawberry.field(
        description="True when the care details are hidden (another adult's quote without "
        "the tenant's consent policy): category and professionalName are then null."
    )
    kind: QuoteKind = strawberry.field(description="Devis or prise en charge.")
    category: QuoteCategory | None = strawberry.field(
        description="Optique, dentaire, audio, hospitalisation; null when redacted."
    )
    date: date = strawberry.field(description="Date received.")
    status: QuoteStatus = strawberry.field(description="Processing status.")
    professional_name: str | None = strawberry.field(
        description="Who issued the quote; null when redacted."
    )
    billed: Money = strawberry.field(description="Amount quoted.")
    covered: Money = strawberry.field(description="Part the mutuelle commits to pay.")

    @classmethod
    def of(cls, visible: VisibleQuote, access: Access) -> Quote:
        member, record, hidden = access.member, visible.quote, visible.redacted
        return cls(
            key=NodeKey(member.tenant, member.number, record.id).encode(),
            access=access,
            beneficiary_id=record.beneficiary_id,
            redacted=hidden,
            kind=record.kind,
            category=None if hidden else record.category,
            date=record.date,
            status=record.status,
            professional_name=None if hidden else record.professional_name,
            billed=money(record.billed),
            covered=money(record.covered),
        )

    @fields.field(description="Whose care it is for.")
    async def beneficiary(self, info: Info) -> Beneficiary | None:
        found = await load_beneficiaries(info, self.access, [self.beneficiary_id])
        return found[0] if found else None


@strawberry.type(description="One act of an estimate.")
class QuoteEstimateLine:
    act_code: str = strawberry.field(description="Act code (CCAM, LPP...).")
    label: str = strawberry.field(description="Label of the act.")
    billed: Money = strawberry.field(description="Amount quoted.")
    amo_paid: Money = strawberry.field(description="Estimated AMO part.")
    mutuelle_paid: Money = strawberry.field(description="Estimated mutuelle part.")
    out_of_pocket: Money = strawberry.field(description="Estimated reste à charge.")


@strawberry.type(
    description="Immediate estimate of the reste à charge on a dental or hospital quote "
    "(Santéclair); an estimate, not a commitment."
)
class QuoteEstimate:
    category: QuoteCategory = strawberry.field(description="Dental or hospital.")
    billed: Money = strawberry.field(description="Total quoted.")
    amo_paid: Money = strawberry.field(description="Estimated AMO part.")
    mutuelle_paid: Money = strawberry.field(description="Estimated mutuelle part.")
    out_of_pocket: Money = strawberry.field(description="Estimated reste à charge.")
    lines: list[QuoteEstimateLine] = strawberry.field(description="Per act.")

    @classmethod
    def of(cls, record: port.QuoteEstimate) -> QuoteEstimate:
        return cls(
            category=record.category,
            billed=money(record.billed),
            amo_paid=money(record.amo_paid),
            mutuelle_paid=money(record.mutuelle_paid),
            out_of_pocket=money(record.out_of_pocket),
            lines=[
                QuoteEstimateLine(
                    act_code=ln.act_code,
                    label=ln.label,
                    billed=money(ln.billed),
                    amo_paid=money(ln.amo_paid),
                    mutuelle_paid=money(ln.mutuelle_paid),
                    out_of_pocket=money(ln.out_of_pocket),
                )
                for ln in record.lines
            ],
        )


@strawberry.input(description="One act of a quote to estimate.")
class QuoteEstimateItemInput:
    act_code: str = strawberry.field(description="Act code (CCAM for dental, e.g. HBLD036).")
    billed_amount: Decimal = strawberry.field(description='Amount quoted, e.g. "500.00".')
    quantity: int = strawberry.field(default=1, description="Number of acts.")


@strawberry.input(description="A quote to estimate (dental or hospital).")
class QuoteEstimateInput:
    category: QuoteCategory = strawberry.field(description="DENTAL or HOSPITAL.")
    beneficiary_id: strawberry.ID = strawberry.field(description="For whom (a Beneficiary id).")
    items: list[QuoteEstimateItemInput] = strawberry.field(description="The quoted acts.")


@strawberry.type(description="A quote sent for an adviser's analysis (answer within 72 h).")
class QuoteReview:
    reference: str = strawberry.field(description="The network's reference of the review.")
    category: QuoteCategory = strawberry.field(description="What the quote is about.")
    status: QuoteReviewStatus = strawberry.field(description="Follow-up status.")
    submitted_at: datetime = strawberry.field(description="When it was sent.")
    answer_due_at: datetime | None = strawberry.field(description="Answer expected by.")

    @classmethod
    def of(cls, record: port.QuoteReview) -> QuoteReview:
        return cls(
            reference=record.id,
            category=record.category,
            status=record.status,
            submitted_at=record.submitted_at,
            answer_due_at=record.answer_due_at,
        )

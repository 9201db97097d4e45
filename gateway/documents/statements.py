"""What a payment statement (décompte) or a payments export (relevé) holds, read from the port.

The data goes through the graph's own read path (``resolvers.payments``: the viewer's
access, the request DataLoaders, the privacy rules), so a file never shows more than the
GraphQL answer would: a confidential line, or another adult's care without the tenant's
consent, keeps its dates and amounts but loses its act and professional; a beneficiary's
own account sees only its own payments and lines. An export for one beneficiary lists only
that beneficiary's lines (a payment may pay the care of several).

An export reads the search pages (``search_payments``), then the lines of each page in one
batched ``payments(ids)`` call. It is capped at :data:`MAX_EXPORT_PAYMENTS`: a longer
period is refused (BAD_USER_INPUT) rather than silently cut.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from adapters.port import Beneficiary, DocumentRef, Payment, PaymentPage
from resolvers import members, payments
from resolvers.access import Access
from resolvers.context import RequestState
from resolvers.errors import UserInputError

MAX_EXPORT_PAYMENTS = 1000
PAGE_SIZE = 50
REDACTED_LABEL = "Détail confidentiel"


@dataclass(frozen=True, slots=True)
class StatementLine:
    """One act as the viewer may see it (act fields empty when redacted)."""

    beneficiary_id: str
    beneficiary_name: str
    act_code: str
    act_label: str
    professional: str
    care_start: date
    care_end: date
    billed: Decimal
    base: Decimal | None  # None when redacted: a base and rate tell the act
    amo_rate: int | None
    amo_paid: Decimal
    mutuelle_paid: Decimal
    other_paid: Decimal
    out_of_pocket: Decimal
    redacted: bool


@dataclass(frozen=True, slots=True)
class StatementPayment:
    """One payment and its visible lines."""

    id: str
    date: date
    recipient: str
    method: str
    total: Decimal
    lines: tuple[StatementLine, ...]


@dataclass(frozen=True, slots=True)
class Statement:
    """A document's content, ready for the PDF and CSV renderers."""

    title: str
    tenant_name: str
    member_number: str
    holder: str  # the adhérent's name
    since: date | None
    until: date | None
    beneficiary: str | None  # the export's beneficiary filter, as a name
    generated_on: date
    payments: tuple[StatementPayment, ...]

    @property
    def lines(self) -> tuple[StatementLine, ...]:
        return tuple(line for p in self.payments for line in p.lines)


def _name(beneficiary: Beneficiary | None, fallback: str) -> str:
    return f"{beneficiary.first_name} {beneficiary.last_name}" if beneficiary else fallback


async def _payment_rows(
    state: RequestState,
    access: Access,
    payment: Payment,
    everyone: dict[str, Beneficiary],
    only: str | None = None,
) -> StatementPayment:
    """The payment's visible lines; ``only`` keeps one beneficiary's (an export's filter)."""
    rows = []
    for visible in await payments.lines(state, access, payment):
        line, hidden = visible.line, visible.redacted
        if only is not None and line.beneficiary_id != only:
            continue
        rows.append(
            StatementLine(
                beneficiary_id=line.beneficiary_id,
                beneficiary_name=_name(everyone.get(line.beneficiary_id), line.beneficiary_id),
                act_code="" if hidden else line.act_code,
                act_label=REDACTED_LABEL if hidden else line.act_label,
                professional="" if hidden else (line.professional_name or ""),
                care_start=line.care_start,
                care_end=line.care_end,
                billed=line.billed,
                base=None if hidden else line.base,
                amo_rate=None if hidden else line.amo_rate,
                amo_paid=line.amo_paid,
                mutuelle_paid=line.mutuelle_paid,
                other_paid=line.other_paid,
                out_of_pocket=line.out_of_pocket,
                redacted=hidden,
            )
        )
    return StatementPayment(
        id=payment.id,
        date=payment.date,
        # Same rule as the graph: no payee name that would tell redacted care.
        recipient=(
            payments.HIDDEN_RECIPIENT
            if await payments.recipient_hidden(state, access, payment)
            else payment.recipient_name
        ),
        method=payment.method.value,
        total=await payments.visible_total(state, access, payment),
        lines=tuple(rows),
    )


async def payment_statement(
    state: RequestState, access: Access, tenant_name: str, payment_id: str
) -> Statement:
    """The décompte of one payment."""
    found, everyone, holder = await asyncio.gather(
        payments.payment(state, access, payment_id),
        members.beneficiaries_by_id(state, access),
        members.member(state, access),
    )
    block = await _payment_rows(state, access, found, everyone)
    return Statement(
        title="Décompte de remboursement",
        tenant_name=tenant_name,
        member_number=access.member.number,
        holder=f"{holder.first_name} {holder.last_name}",
        since=None,
        until=None,
        beneficiary=None,
        generated_on=state.today,
        payments=(block,),
    )


async def payments_export(
    state: RequestState, access: Access, tenant_name: str, ref: DocumentRef
) -> Statement:
    """Every payment of a period (optionally of one beneficiary), newest first."""
    wanted = payments.PaymentFilter(
        paid_from=ref.since, paid_to=ref.until, beneficiary_id=ref.beneficiary_id
    )
    everyone, holder = await asyncio.gather(
        members.beneficiaries_by_id(state, access), members.member(state, access)
    )
    blocks: list[StatementPayment] = []
    offset = 0
    while True:
        query = payments.payment_query(state, access, wanted, offset=offset, limit=PAGE_SIZE)
        page: PaymentPage = await payments.search(state, access, query)
        if page.total > MAX_EXPORT_PAYMENTS:
            raise UserInputError(
                "filter",
                f"More than {MAX_EXPORT_PAYMENTS} payments match: choose a shorter period.",
            )
        # The page's lines in one tick: the payment DataLoader makes one batched call.
        blocks += await asyncio.gather(
            *(_payment_rows(state, access, p, everyone, query.beneficiary_id) for p in page.items)
        )
        offset += len(page.items)
        if not page.items or offset >= page.total:
            break
    query = payments.payment_query(state, access, wanted, offset=0, limit=0)
    return Statement(
        title="Relevé de remboursements",
        tenant_name=tenant_name,
        member_number=access.member.number,
        holder=f"{holder.first_name} {holder.last_name}",
        since=query.paid_from,
        until=query.paid_to,
        beneficiary=(
            _name(everyone.get(query.beneficiary_id), query.beneficiary_id)
            if query.beneficiary_id
            else None
        ),
        generated_on=state.today,
        payments=tuple(blocks),
    )

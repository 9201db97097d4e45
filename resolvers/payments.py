"""Reimbursements: the portal's search, payment details, lines with privacy applied.

Searches prime the payment loader when the platform answered with lines, so asking for
lines then costs nothing; otherwise every payment of the page asks the loader, which makes
one ``payments(member, ids)`` call for the whole page.

Privacy (secret médical): a back-end confidential line is always redacted (no act, no
category, no professional); another adult's line is redacted for the adhérent unless the
tenant collected consent; a beneficiary's own account sees only its own lines.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from adapters.port import (
    Beneficiary,
    BeneficiaryQuality,
    Payment,
    PaymentLine,
    PaymentPage,
    PaymentQuery,
    PaymentRecipientKind,
    Quote,
)
from resolvers import audit
from resolvers.access import Access
from resolvers.context import RequestState
from resolvers.errors import NotFoundError, UserInputError
from resolvers.members import beneficiaries_by_id
from resolvers.periods import PaymentPeriod, period_range
from resolvers.validation import date_range

ADULT_AGE = 18
# The payee shown instead of a professional's name when it would tell redacted care.
HIDDEN_RECIPIENT = "Professionnel de santé"


@dataclass(frozen=True, slots=True)
class VisibleLine:
    """A line as the viewer may see it."""

    line: PaymentLine
    redacted: bool


@dataclass(frozen=True, slots=True)
class PaymentFilter:
    """The search form's values (already decoded from global ids)."""

    period: PaymentPeriod | None = None
    paid_from: date | None = None
    paid_to: date | None = None
    beneficiary_id: str | None = None
    care_from: date | None = None
    care_to: date | None = None
    recipient: PaymentRecipientKind | None = None


def payment_query(
    state: RequestState, access: Access, f: PaymentFilter, *, offset: int, limit: int
) -> PaymentQuery:
    """The port query for a filter; a beneficiary's own account is always narrowed to it."""
    if f.period is not None and (f.paid_from is not None or f.paid_to is not None):
        raise UserInputError("filter.period", "Give a period or payment dates, not both.")
    date_range(f.paid_from, f.paid_to, "filter.paidFrom")
    date_range(f.care_from, f.care_to, "filter.careFrom")
    paid_from, paid_to = f.paid_from, f.paid_to
    if f.period is not None:
        paid_from, paid_to = period_range(f.period, state.today)
    beneficiary_id = f.beneficiary_id
    if access.restricted:
        if beneficiary_id not in (None, access.beneficiary_id):
            raise UserInputError("filter.beneficiaryId", "Unknown Beneficiary.")
        beneficiary_id = access.beneficiary_id
    return PaymentQuery(
        paid_from=paid_from,
        paid_to=paid_to,
        beneficiary_id=beneficiary_id,
        care_from=f.care_from,
        care_to=f.care_to,
        recipient=f.recipient,
        offset=offset,
        limit=limit,
    )


async def search(state: RequestState, access: Access, query: PaymentQuery) -> PaymentPage:
    page = await audit.read(
        state,
        access,
        "payments",
        state.loaders.payment_search.load((access.member, query)),
        beneficiary=query.beneficiary_id,
    )
    with_lines = {(access.member, p.id): p for p in page.items if p.lines is not None}
    if with_lines:
        state.loaders.payment.prime_many(with_lines)
    return page


async def payment(state: RequestState, access: Access, payment_id: str) -> Payment:
    """One payment with its lines; a beneficiary's account reaches only its own payments."""
    found = await audit.read(
        state, access, "payment", state.loaders.payment.load((access.member, payment_id))
    )
    if access.restricted and not _concerns(found, access.beneficiary_id):
        raise NotFoundError()
    return found


def _concerns(found: Payment, beneficiary_id: str | None) -> bool:
    ids = set(found.beneficiary_ids) | {line.beneficiary_id for line in found.lines or ()}
    return beneficiary_id in ids


async def lines(state: RequestState, access: Access, summary: Payment) -> list[VisibleLine]:
    full = await _with_lines(state, access, summary)
    # Care details (secret médical): audited once per member and request, not per payment.
    await audit.shown(state, access, "payment_lines")
    return await _visible_lines(state, access, full)


async def recipient_hidden(state: RequestState, access: Access, summary: Payment) -> bool:
    """A tiers-payant payment none of whose lines the viewer may see in full: the payee's
    name (a hearing-aid shop, a psychiatrist) would tell the care the redaction hides."""
    if summary.recipient_kind is not PaymentRecipientKind.PROFESSIONAL:
        return False
    full = await _with_lines(state, access, summary)
    return all(v.redacted for v in await _visible_lines(state, access, full))


async def visible_total(state: RequestState, access: Access, summary: Payment) -> Decimal:
    """What the mutuelle paid; for a beneficiary's own account, for its own care only (a
    payment may also pay the adhérent's or another beneficiary's care)."""
    if not access.restricted:
        return summary.total
    own = await _visible_lines(state, access, await _with_lines(state, access, summary))
    return sum((v.line.mutuelle_paid for v in own), Decimal("0.00"))


async def _with_lines(state: RequestState, access: Access, summary: Payment) -> Payment:
    return summary if summary.lines is not None else await payment(state, access, summary.id)


async def _visible_lines(state: RequestState, access: Access, full: Payment) -> list[VisibleLine]:
    mine = [
        line
        for line in full.lines or ()
        if not access.restricted or line.beneficiary_id == access.beneficiary_id
    ]
    hidden = await _care_hidden(state, access) if mine else _shown
    return [VisibleLine(line, line.confidential or hidden(line.beneficiary_id)) for line in mine]


def _shown(beneficiary_id: str) -> bool:
    return False


async def _care_hidden(state: RequestState, access: Access) -> Callable[[str], bool]:
    """Whose care details the viewer may not see (lines and quotes alike): another adult's,
    when the adhérent (or an advisor) reads without the tenant's consent policy. A
    beneficiary's own account sees only its own care, so nobody is hidden from it."""
    if access.restricted or state.adult_lines_visible_to_member:
        return _shown
    everyone = await beneficiaries_by_id(state, access)
    return lambda beneficiary_id: _other_adult(everyone.get(beneficiary_id), state.today)


def _other_adult(beneficiary: Beneficiary | None, today: date) -> bool:
    """Another adult than the adhérent (unknown beneficiaries count as such: redact)."""
    if beneficiary is None:
        return True
    if beneficiary.quality is BeneficiaryQuality.INSURED:
        return False
    born = beneficiary.birth_date
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return age >= ADULT_AGE


async def beneficiary_ids(state: RequestState, access: Access, summary: Payment) -> list[str]:
    """Whose care a payment pays, from the summary or else from its lines."""
    ids = list(summary.beneficiary_ids)
    if not ids:
        full = await payment(state, access, summary.id)
        ids = list(dict.fromkeys(line.beneficiary_id for line in full.lines or ()))
    if access.restricted:
        ids = [i for i in ids if i == access.beneficiary_id]
    return ids


@dataclass(frozen=True, slots=True)
class VisibleQuote:
    """A quote as the viewer may see it: another adult's quote tells their care (an
    audioprothésiste, an implant) as much as a reimbursement line does, so it is redacted
    under the same policy."""

    quote: Quote
    redacted: bool


async def quotes(state: RequestState, access: Access) -> list[VisibleQuote]:
    found = await audit.read(state, access, "quotes", state.loaders.quotes.load(access.member))
    mine = [q for q in found if not access.restricted or q.beneficiary_id == access.beneficiary_id]
    hidden = await _care_hidden(state, access) if mine else _shown
    return [VisibleQuote(q, hidden(q.beneficiary_id)) for q in mine]


async def quote(state: RequestState, access: Access, quote_id: str) -> VisibleQuote:
    for candidate in await quotes(state, access):
        if candidate.quote.id == quote_id:
            return candidate
    raise NotFoundError()

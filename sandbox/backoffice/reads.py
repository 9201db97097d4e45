"""The back office's reads of a member's file: profile, family, contract, premium, payments.

Reads show the generated data with the done changes of the overlay applied. The payment
search follows the portal's "recherche de remboursements": payment period, beneficiary,
care dates and recipient (the member, or professionals under tiers payant), paged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sandbox.backoffice.core import BusinessError, OfficeCore
from sandbox.dataset.records import (
    Beneficiary,
    Contract,
    Member,
    Payment,
    Premium,
    Quote,
    RecipientKind,
)


@dataclass(frozen=True, slots=True)
class PaymentQuery:
    """Filters of the portal's reimbursement search (recherche de remboursements)."""

    paid_from: date | None = None  # payment date range (période de paiement)
    paid_to: date | None = None
    beneficiary_id: str | None = None
    care_from: date | None = None  # care date range (date de soins)
    care_to: date | None = None
    recipient: RecipientKind | None = None  # member, or professionals (remboursements aux tiers)
    offset: int = 0
    limit: int = 50


@dataclass(frozen=True, slots=True)
class PaymentPage:
    """One page of payments, newest first, with the total count of matches."""

    items: tuple[Payment, ...]
    total: int


class Reads(OfficeCore):
    """Read operations on one member's file."""

    def member(self, number: str) -> Member:
        """The adhérent, with overlay applied. Raises UNKNOWN_MEMBER."""
        return self._view(number)[1].member

    def beneficiaries(self, number: str) -> tuple[Beneficiary, ...]:
        """All beneficiaries, the adhérent first (open and closed)."""
        return self._view(number)[1].beneficiaries

    def contract(self, number: str) -> Contract:
        """The member's contract with each beneficiary's coverage."""
        return self._view(number)[1].contract

    def premium(self, number: str) -> Premium:
        """Payment method, frequency and schedule of the cotisation."""
        return self._file(number).premium

    def search_payments(self, number: str, query: PaymentQuery) -> PaymentPage:
        """Payments of a member matching ``query``, newest first, paged."""
        view = self._view(number)[1]
        if query.offset < 0 or query.limit < 0:
            raise BusinessError("INVALID_REQUEST", "offset and limit must not be negative")
        for low, high in ((query.paid_from, query.paid_to), (query.care_from, query.care_to)):
            if low is not None and high is not None and low > high:
                raise BusinessError("INVALID_REQUEST", "date range ends before it starts")
        if query.beneficiary_id is not None and all(
            b.id != query.beneficiary_id for b in view.beneficiaries
        ):
            raise BusinessError("UNKNOWN_BENEFICIARY", "no such beneficiary for this member")
        found = [p for p in self.dataset.payments(self.tenant.id, number) if _matches(p, query)]
        return PaymentPage(tuple(found[query.offset : query.offset + query.limit]), len(found))

    def payments_by_ids(self, number: str, ids: list[str]) -> list[Payment | None]:
        """Payment details for a list of ids in one call, in order; None where unknown."""
        self._file(number)
        by_id = {p.id: p for p in self.dataset.payments(self.tenant.id, number)}
        return [by_id.get(payment_id) for payment_id in ids]

    def quotes(self, number: str) -> tuple[Quote, ...]:
        """Devis and prises en charge processed by the mutuelle, newest first."""
        return self._file(number).quotes


def _matches(payment: Payment, query: PaymentQuery) -> bool:
    if query.paid_from is not None and payment.date < query.paid_from:
        return False
    if query.paid_to is not None and payment.date > query.paid_to:
        return False
    if query.recipient is not None and payment.recipient_kind != query.recipient:
        return False
    lines = payment.lines
    if query.beneficiary_id is not None:
        lines = tuple(x for x in lines if x.beneficiary_id == query.beneficiary_id)
    if query.care_from is not None:
        lines = tuple(x for x in lines if x.care_end >= query.care_from)
    if query.care_to is not None:
        lines = tuple(x for x in lines if x.care_start <= query.care_to)
    return bool(lines)

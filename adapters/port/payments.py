"""Reimbursement records (remboursements, décomptes) and the quotes the insurer processed.

Amounts are ``Decimal`` euros with two decimals. On every line,
``billed == amo_paid + mutuelle_paid + other_paid + out_of_pocket`` and every part is >= 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from adapters.port.codes import (
    ActCodeSystem,
    CareCategory,
    PaymentMethod,
    PaymentRecipientKind,
    QuoteCategory,
    QuoteKind,
    QuoteStatus,
)


@dataclass(frozen=True, slots=True)
class PaymentLine:
    """A reimbursed act (ligne de décompte). Health data (secret médical)."""

    id: str
    beneficiary_id: str
    act_system: ActCodeSystem
    act_code: str
    act_label: str
    category: CareCategory
    care_start: date
    care_end: date
    quantity: int
    billed: Decimal  # montant facturé (dépense)
    base: Decimal  # base de remboursement (BR)
    amo_rate: int  # taux AMO, percent
    participation: Decimal  # participation forfaitaire deducted from the AMO part
    franchise: Decimal  # franchise médicale deducted from the AMO part
    amo_paid: Decimal  # RO: paid by the régime obligatoire
    mutuelle_paid: Decimal  # RC: paid by the mutuelle
    other_paid: Decimal  # paid by another complementary insurer
    out_of_pocket: Decimal  # reste à charge
    professional_id: str | None = None  # RPPS / ADELI / FINESS of who billed
    professional_name: str | None = None
    confidential: bool = False  # back-end confidentiality flag: the graph redacts the act


@dataclass(frozen=True, slots=True)
class Payment:
    """A reimbursement paid to the member or to a professional (tiers payant).

    ``lines`` is None when the back end's search answers summaries only: the graph then
    fetches the details with ``PaymentsPort.payments`` (one batched call).
    """

    id: str
    date: date
    method: PaymentMethod
    recipient_kind: PaymentRecipientKind
    recipient_name: str
    recipient_id: str | None  # the professional's identifier when paid to a third party
    total: Decimal  # what the mutuelle paid
    beneficiary_ids: tuple[str, ...]  # whose care it pays; () when the summary does not say
    lines: tuple[PaymentLine, ...] | None = None


@dataclass(frozen=True, slots=True)
class PaymentQuery:
    """The portal's reimbursement search (recherche de remboursements); all filters AND.

    Dates are inclusive. The graph turns "last 3 months" into ``paid_from``/``paid_to``.
    """

    paid_from: date | None = None  # période de paiement
    paid_to: date | None = None
    beneficiary_id: str | None = None
    care_from: date | None = None  # date de soins
    care_to: date | None = None
    recipient: PaymentRecipientKind | None = None
    offset: int = 0
    limit: int = 50


@dataclass(frozen=True, slots=True)
class PaymentPage:
    """One page of matches, newest first, and how many match in all."""

    items: tuple[Payment, ...]
    total: int


@dataclass(frozen=True, slots=True)
class Quote:
    """A devis or a prise en charge (prior approval) processed by the mutuelle."""

    id: str
    beneficiary_id: str
    kind: QuoteKind
    category: QuoteCategory
    date: date
    status: QuoteStatus
    professional_name: str
    billed: Decimal
    covered: Decimal  # part the mutuelle commits to pay

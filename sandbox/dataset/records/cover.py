"""What the contract covers and pays in the sandbox's records: cover, premiums, payments.

The contract with each beneficiary's guarantees (tableau de garanties), the cotisation and
its schedule (échéancier), the reimbursements (décomptes) with their lines, and the quotes
and prises en charge the mutuelle processed. Money is integer cents (``*_cents``) so that
the arithmetic of DOMAIN.md is exact; rates are integer percents.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

RecipientKind = Literal["member", "professional"]


@dataclass(frozen=True, slots=True)
class Guarantee:
    """One line of the benefits table (tableau de garanties) for a care category."""

    code: str  # e.g. "CONS_GEN"
    label: str  # e.g. "Consultation généraliste"
    # consultation, specialiste, pharmacie, auxiliaires, dentaire, optique, audio,
    # hospitalisation, forfait_journalier
    category: str
    kind: Literal["percent_br", "flat", "sante_100"]
    rate_percent: int | None  # e.g. 100, 150, 200 for "% BR"; None otherwise
    flat_cents: int | None  # for flat amounts (forfait), per act or per year


@dataclass(frozen=True, slots=True)
class Coverage:
    """The guarantees one beneficiary has, with their dates (garanties par bénéficiaire)."""

    beneficiary_id: str
    offer_code: str
    start: date
    end: date | None
    guarantees: tuple[Guarantee, ...]


@dataclass(frozen=True, slots=True)
class Contract:
    """The contract (contrat): individual, or collective through an employer."""

    number: str
    member_number: str
    offer_code: str
    offer_label: str
    status: Literal["open", "closed"]
    kind: Literal["individual", "collective"]
    employer: str | None  # collective contracts: changes go through the employer
    subscription_date: date
    effective_date: date
    termination_date: date | None
    coverages: tuple[Coverage, ...]


@dataclass(frozen=True, slots=True)
class PremiumInstalment:
    """One échéance of the premium schedule (échéancier de cotisations)."""

    due_date: date
    amount_cents: int
    status: Literal["paid", "due", "rejected"]


@dataclass(frozen=True, slots=True)
class Premium:
    """How the cotisation is paid, and its schedule (past 12 and next 12 months)."""

    contract_number: str
    method: Literal["direct_debit", "cheque", "payroll"]  # prélèvement, chèque, précompte
    frequency: Literal["monthly", "quarterly", "half_yearly", "yearly"]
    annual_cents: int
    schedule: tuple[PremiumInstalment, ...]


@dataclass(frozen=True, slots=True)
class PaymentLine:
    """A reimbursed act (ligne de décompte). billed = ro + rc + other + rest, all >= 0."""

    id: str
    payment_id: str
    beneficiary_id: str
    act_system: Literal["NGAP", "CCAM", "NABM", "LPP", "CIP13", "FORFAIT"]
    act_code: str
    act_label: str
    category: str  # same categories as Guarantee.category
    care_start: date
    care_end: date
    quantity: int
    billed_cents: int  # montant facturé (dépense)
    base_cents: int  # base de remboursement (BR)
    amo_rate: int  # taux AMO in percent
    participation_cents: int  # participation forfaitaire deducted from RO
    franchise_cents: int  # franchise médicale deducted from RO
    ro_cents: int  # paid by the régime obligatoire
    rc_cents: int  # paid by the mutuelle (régime complémentaire)
    other_cents: int  # paid by another complementary insurer
    rest_cents: int  # reste à charge
    professional_id: str | None  # RPPS / ADELI / FINESS of who billed
    professional_name: str | None
    confidential: bool  # back-end confidentiality flag: always redacted by the gateway


@dataclass(frozen=True, slots=True)
class Payment:
    """A reimbursement (remboursement / décompte) paid to the member or to a professional."""

    id: str
    member_number: str
    date: date
    method: Literal["transfer", "cheque"]
    recipient_kind: RecipientKind
    recipient_name: str
    recipient_id: str | None  # professional's identifier when paid to a third party (tiers payant)
    total_cents: int  # what the mutuelle paid (sum of the lines' rc_cents)
    lines: tuple[PaymentLine, ...]


@dataclass(frozen=True, slots=True)
class Quote:
    """A devis or prise en charge (pre-authorisation) processed by the mutuelle."""

    id: str
    member_number: str
    beneficiary_id: str
    kind: Literal["quote", "prior_approval"]
    category: Literal["optique", "dentaire", "audio", "hospitalisation"]
    date: date
    status: Literal["received", "processed", "refused"]
    professional_name: str
    billed_cents: int
    covered_cents: int  # part the mutuelle commits to pay

"""Contract and premium records: the contract, guarantees per beneficiary, the cotisation.

Amounts are ``Decimal`` euros with two decimals (``Decimal("6.90")``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from adapters.port.codes import (
    CareCategory,
    ContractKind,
    ContractStatus,
    GuaranteeKind,
    InstalmentStatus,
    PremiumFrequency,
    PremiumMethod,
)


@dataclass(frozen=True, slots=True)
class Guarantee:
    """One line of the benefits table (tableau de garanties)."""

    code: str  # the offer's own code, e.g. "CONS_GEN"
    label: str  # e.g. "Consultation généraliste"
    category: CareCategory
    kind: GuaranteeKind
    rate_percent: int | None = None  # "150 % BR" → 150 (PERCENT_OF_BASE)
    flat_amount: Decimal | None = None  # forfait (FLAT)


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
    """The contract (contrat) of a member."""

    number: str
    offer_code: str
    offer_label: str
    status: ContractStatus
    kind: ContractKind
    employer: str | None  # collective contracts: changes go through the employer
    subscription_date: date
    effective_date: date
    termination_date: date | None
    coverages: tuple[Coverage, ...]
    # The benefits table document's id in CorrespondencePort.useful_documents, if any.
    benefits_table_document_id: str | None = None


@dataclass(frozen=True, slots=True)
class PremiumInstalment:
    """One échéance of the premium schedule (échéancier)."""

    due_date: date
    amount: Decimal
    status: InstalmentStatus


@dataclass(frozen=True, slots=True)
class Premium:
    """How the cotisation is paid, and its schedule (past and coming instalments)."""

    contract_number: str
    method: PremiumMethod
    frequency: PremiumFrequency
    annual_amount: Decimal
    schedule: tuple[PremiumInstalment, ...]  # ordered by due date

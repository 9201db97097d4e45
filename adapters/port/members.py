"""Member directory records: the adhérent, the beneficiaries, addresses and bank accounts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from adapters.port.codes import (
    BankAccountPurpose,
    BeneficiaryQuality,
    Civility,
    FamilySituation,
    Regime,
)


@dataclass(frozen=True, slots=True)
class MemberRef:
    """Which member a call is about: the tenant and the member number (numéro d'adhérent).

    Every member-scoped port method takes one; a batch method takes several. It is never a
    NIR.
    """

    tenant: str
    number: str


@dataclass(frozen=True, slots=True)
class PostalAddress:
    """Adresse postale (French format: line1, optional line2, postcode, town)."""

    line1: str
    postcode: str
    town: str
    line2: str | None = None
    country: str = "FR"  # ISO 3166-1 alpha-2
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True, slots=True)
class BankAccount:
    """Coordonnées bancaires (RIB) used for one purpose."""

    purpose: BankAccountPurpose
    holder: str
    iban: str  # full IBAN, no spaces; the graph only shows it masked
    bic: str
    bank_name: str | None = None


@dataclass(frozen=True, slots=True)
class Member:
    """The adhérent: the person who holds the contract."""

    ref: MemberRef
    civility: Civility
    last_name: str
    first_name: str
    birth_date: date
    nir: str | None  # 15 characters with key; shown masked only, never used as an id
    email: str | None
    mobile_phone: str | None  # E.164 or French national format as the back end has it
    home_phone: str | None
    address: PostalAddress
    family_situation: FamilySituation | None
    last_login: datetime | None  # timezone-aware
    paperless: bool  # relevés dématérialisés
    notifications: bool  # alertes de remboursement
    bank_accounts: tuple[BankAccount, ...] = ()


@dataclass(frozen=True, slots=True)
class Beneficiary:
    """A bénéficiaire covered by the contract; the adhérent is one (quality INSURED)."""

    id: str  # the platform's beneficiary id, stable, not a NIR (e.g. "10000042-01")
    last_name: str
    first_name: str
    birth_date: date
    quality: BeneficiaryQuality
    regime: Regime | None
    birth_rank: str  # rang de naissance "01", "02" (twins)
    nir: str | None  # own NIR (adults); None for children attached to a parent
    open_date: date
    close_date: date | None = None
    autonomous: bool = False  # has their own portal account (ayant droit autonome)

"""Who and where in the sandbox's records: tenants, members, beneficiaries, professionals.

The fictional mutuelles (tenants) and the platform that holds each one's members; the
adhérent with their contact details and bank accounts (RIB); the bénéficiaires the contract
covers; the health professionals of the care networks; and the towns and postal addresses
of members and professionals. Codes are the domain's (quality ``00``/``02``/``06``..., régime
``01``..., profession ``10``/``28``...).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

Platform = Literal["cimut", "cegedim"]
Network = Literal["santeclair", "kalixia"]


@dataclass(frozen=True, slots=True)
class Town:
    """A real French commune from the shipped table (``towns.csv``)."""

    insee: str
    name: str
    postcode: str
    department: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Address:
    """A postal address (adresse postale), with coordinates of its town."""

    line1: str
    line2: str | None
    postcode: str
    town: str
    insee: str
    lat: float
    lon: float
    country: str = "FR"


@dataclass(frozen=True, slots=True)
class Tenant:
    """One fictional mutuelle: which platform holds its members, which networks it uses."""

    id: str
    name: str
    platform: Platform
    networks: tuple[Network, ...]
    amc_number: str  # numéro AMC printed on the tiers-payant card (9 digits)
    member_prefix: str  # first digits of its member numbers


@dataclass(frozen=True, slots=True)
class BankAccount:
    """A bank account (RIB): ``purpose`` says which payments use it."""

    purpose: Literal["reimbursement", "premium"]
    holder: str
    iban: str
    bic: str
    bank_name: str


@dataclass(frozen=True, slots=True)
class Member:
    """The adhérent: the person who holds the contract."""

    tenant: str
    number: str  # numéro d'adhérent, unique within the tenant
    civility: Literal["M", "MME"]
    last_name: str
    first_name: str
    birth_date: date
    nir: str  # 15 characters, key included; health-data identifier, never an id
    email: str
    phone_mobile: str | None
    phone_home: str | None
    address: Address
    # célibataire, marié, pacsé, veuf, divorcé, union libre
    family_situation: Literal["C", "M", "P", "V", "D", "U"]
    last_login: datetime | None
    paperless: bool  # relevés dématérialisés
    notifications: bool  # alertes de remboursement par e-mail/SMS
    bank_accounts: tuple[BankAccount, ...]


@dataclass(frozen=True, slots=True)
class Beneficiary:
    """A bénéficiaire covered by the contract (the adhérent is one of them, quality ``00``)."""

    id: str  # member number + "-" + 2 digits, e.g. "10000042-01"
    member_number: str
    last_name: str
    first_name: str
    birth_date: date
    sex: Literal["1", "2"]  # as in the NIR
    quality: Literal["00", "02", "04", "06", "09"]
    birth_rank: str  # rang de naissance "01", "02" (twins)
    regime: str  # régime obligatoire code "01", "02", ...
    nir: str | None  # own NIR (adults); children are attached to a parent's NIR
    open_date: date
    close_date: date | None
    autonomous: bool  # ayant droit autonome: has their own portal account


@dataclass(frozen=True, slots=True)
class HealthProfessional:
    """A professional or establishment of a care network (professionnel de santé)."""

    id: str  # RPPS (11 digits, Luhn), ADELI (9 digits) or FINESS (9 chars, Luhn)
    id_kind: Literal["RPPS", "ADELI", "FINESS"]
    name: str  # "Dr Claire Martin", "Optique du Port"
    profession_code: str | None  # "10", "28", "40", ... None for osteopaths
    profession_label: str
    specialty_code: str | None  # e.g. "SM01" (médecine générale), None when n/a
    discipline: str  # optique, audioprothese, osteopathie, dentaire, dietetique, medecine, ...
    address: Address
    phone: str
    networks: tuple[Network, ...]
    negotiated_tariffs: bool  # tarifs négociés with the network
    extra: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

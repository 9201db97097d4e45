"""The sandbox's own records: what a mutuelle's management system holds, in neutral terms.

These are the outside world's data, shared by the simulated platforms (Cimut SOAP, Cegedim
REST, Santéclair, Kalixia). Each platform translates them into its own wire shape and
quirks. They are *not* the gateway's port records (``adapters/``): the sandbox imports
nothing from the product, and the product never imports the sandbox.

Money is integer cents (``*_cents``) so that the arithmetic of DOMAIN.md is exact; rates are
integer percents. Codes are the domain's codes (quality ``00``/``02``/``06``..., régime
``01``..., profession ``10``/``28``...) so that platforms can send codes, not labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

Platform = Literal["cimut", "cegedim"]
Network = Literal["santeclair", "kalixia"]
RecipientKind = Literal["member", "professional"]
ChangeStatus = Literal["received", "in_progress", "done", "rejected"]


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
class Letter:
    """A letter (courrier) sent to the member, with a PDF made on demand."""

    id: str
    member_number: str
    date: date
    type: Literal[
        "premium_call", "benefit_statement", "attestation", "tp_card", "welcome", "information"
    ]
    title: str


@dataclass(frozen=True, slots=True)
class UsefulDocument:
    """A document utile (statuts, mandat SEPA, guide, notice, tableau de garanties)."""

    id: str
    kind: Literal["statutes", "sepa_mandate", "guide", "notice", "benefits_table"]
    title: str


@dataclass(frozen=True, slots=True)
class TiersPayantCard:
    """The carte de tiers payant with its harmonised fields (cahier des charges inter-AMC)."""

    member_number: str
    amc_number: str
    valid_from: date
    valid_to: date
    beneficiary_ids: tuple[str, ...]
    # (domain code, rate/mode) e.g. ("PHAR", "100%"), ("OPTI", "SP")
    domains: tuple[tuple[str, str], ...]


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


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file sent with a request or a message (RIB, birth certificate...)."""

    filename: str
    content_type: str
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class Message:
    """A message of the portal's messagerie, from or to an adviser."""

    id: str
    thread_id: str
    member_number: str
    sent_at: datetime
    direction: Literal["from_member", "to_member"]
    subject: str  # motif
    body: str
    attachments: tuple[Attachment, ...] = ()
    read: bool = True


@dataclass(frozen=True, slots=True)
class ChangeRequest:
    """A member's request (demande) and its follow-up (suivi des demandes)."""

    id: str
    member_number: str
    kind: Literal[
        "contact",
        "address",
        "bank_account",
        "add_beneficiary",
        "remove_beneficiary",
        "tp_card_reissue",
        "paperless",
        "notifications",
    ]
    status: ChangeStatus
    created_at: datetime
    updated_at: datetime
    summary: str  # short human text without personal data ("Changement de RIB (remboursements)")
    attachments: tuple[Attachment, ...] = ()
    effective_date: date | None = None  # the date asked for (a radiation's date d'effet)


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

"""The paperwork between a member and the mutuelle in the sandbox's records.

Letters (courriers) and documents utiles, each with a PDF made on demand; the tiers-payant
card; the messages of the messagerie and the files attached to them; and the member's
change requests (demandes) with their follow-up status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

ChangeStatus = Literal["received", "in_progress", "done", "rejected"]


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

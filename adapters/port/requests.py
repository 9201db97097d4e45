"""Change requests and messages: what a member asks for, and its follow-up (suivi).

Every change method of ``ChangeRequestsPort`` returns the ``ChangeRequest`` the platform
recorded. The graph validates every value (NIR, IBAN with RIB key, BIC, e-mail, phone,
dates, file type and size) before a change record reaches the port.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from adapters.port.codes import (
    BankAccountPurpose,
    BeneficiaryQuality,
    ChangeRequestKind,
    ChangeRequestStatus,
    MessageDirection,
    Regime,
)


@dataclass(frozen=True, slots=True)
class Attachment:
    """What is known of a file already sent (pièce jointe)."""

    filename: str
    content_type: str
    size: int  # bytes


@dataclass(frozen=True, slots=True)
class NewAttachment:
    """A file to send: PDF, JPEG or PNG (checked by magic bytes), at most 5 MB."""

    filename: str
    content_type: str  # "application/pdf", "image/jpeg", "image/png"
    content: bytes

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True, slots=True)
class ChangeRequest:
    """A member's request (demande) and its status."""

    id: str
    kind: ChangeRequestKind
    status: ChangeRequestStatus
    created_at: datetime  # timezone-aware
    updated_at: datetime
    summary: str  # short text without personal data, e.g. "Changement de RIB"
    attachments: tuple[Attachment, ...] = ()
    effective_date: date | None = None  # the date asked for (a radiation's date d'effet)


@dataclass(frozen=True, slots=True)
class ContactChange:
    """New contact details; None leaves a value unchanged (at least one is set)."""

    email: str | None = None
    mobile_phone: str | None = None  # E.164, e.g. "+33612345678"
    home_phone: str | None = None


@dataclass(frozen=True, slots=True)
class AddressChange:
    line1: str
    postcode: str
    town: str
    line2: str | None = None
    country: str = "FR"


@dataclass(frozen=True, slots=True)
class BankAccountChange:
    """New RIB for reimbursements or premium direct debit, with the RIB document."""

    purpose: BankAccountPurpose
    holder: str
    iban: str  # validated, compact, upper case
    bic: str  # validated, upper case
    proof: NewAttachment


@dataclass(frozen=True, slots=True)
class NewBeneficiary:
    """Adding a beneficiary (with proof, e.g. birth certificate)."""

    last_name: str
    first_name: str
    birth_date: date
    quality: BeneficiaryQuality
    regime: Regime | None
    nir: str | None  # validated, 15 characters; None for a child attached to a parent
    proof: NewAttachment


@dataclass(frozen=True, slots=True)
class BeneficiaryRemoval:
    """Radiation of a beneficiary, with the member's reason and, optionally, the date it
    takes effect (date d'effet; the platform dates it when None). The graph checks the
    date first: within a year of today and not before the beneficiary's open date."""

    beneficiary_id: str
    reason: str
    effective_date: date | None = None


@dataclass(frozen=True, slots=True)
class Message:
    """A message of the messagerie, from or to an adviser."""

    id: str
    thread_id: str
    sent_at: datetime  # timezone-aware
    direction: MessageDirection
    subject: str  # motif
    body: str
    attachments: tuple[Attachment, ...] = ()
    read: bool = True


@dataclass(frozen=True, slots=True)
class NewMessage:
    """A message to the advisers; ``thread_id`` answers an existing thread of the member
    (the platform refuses another one: ``BackendRejected(UNKNOWN_THREAD)``), None opens one."""

    subject: str
    body: str
    attachments: tuple[NewAttachment, ...] = ()
    thread_id: str | None = None

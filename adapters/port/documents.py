"""Correspondence and document records: letters, useful documents, the tiers-payant card,
and references to downloadable files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from adapters.port.codes import DocumentFormat, DocumentKind, LetterType, UsefulDocumentKind


@dataclass(frozen=True, slots=True)
class Letter:
    """A letter (courrier) sent to the member; its PDF via ``CorrespondencePort.document``."""

    id: str
    date: date
    type: LetterType
    title: str


@dataclass(frozen=True, slots=True)
class LetterQuery:
    """Letters by date range (inclusive) and type; an empty ``types`` means all."""

    since: date | None = None
    until: date | None = None
    types: tuple[LetterType, ...] = ()


@dataclass(frozen=True, slots=True)
class UsefulDocument:
    """A document utile: statutes, SEPA mandate, guide, notice, benefits table."""

    id: str
    kind: UsefulDocumentKind
    title: str


@dataclass(frozen=True, slots=True)
class TiersPayantDomain:
    """One domain printed on the card, e.g. ("PHAR", "100%"), ("OPTI", "SP")."""

    code: str
    mode: str


@dataclass(frozen=True, slots=True)
class TiersPayantCard:
    """The carte de tiers payant (harmonised inter-AMC fields)."""

    amc_number: str  # numéro AMC
    valid_from: date
    valid_to: date
    beneficiary_ids: tuple[str, ...]
    domains: tuple[TiersPayantDomain, ...]
    payload: str | None = None  # QR / Datamatrix content, when the platform gives one


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """Names one downloadable file of a member.

    ``key`` is the letter or useful document id, or the payment id for a
    PAYMENT_STATEMENT; it is empty for TP_CARD and ATTESTATION. PAYMENTS_EXPORT uses
    ``since``/``until`` (payment dates) and ``beneficiary_id``. PAYMENT_STATEMENT and
    PAYMENTS_EXPORT are rendered by the gateway from payment data; the other kinds come
    from ``CorrespondencePort.document``.
    """

    kind: DocumentKind
    key: str = ""
    format: DocumentFormat = DocumentFormat.PDF
    since: date | None = None
    until: date | None = None
    beneficiary_id: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentContent:
    """A file's bytes as the platform sends it."""

    filename: str
    content_type: str  # "application/pdf"
    content: bytes

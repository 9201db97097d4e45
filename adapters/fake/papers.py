"""The fake world's letters, documents, tiers-payant card, quotes, messages and requests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from adapters.port import (
    ChangeRequest,
    ChangeRequestKind,
    ChangeRequestStatus,
    Letter,
    LetterType,
    Message,
    MessageDirection,
    Quote,
    QuoteCategory,
    QuoteKind,
    QuoteStatus,
    TiersPayantCard,
    TiersPayantDomain,
    UsefulDocument,
    UsefulDocumentKind,
)

_LETTER_TYPES = (
    (LetterType.PREMIUM_CALL, "Appel de cotisation"),
    (LetterType.BENEFIT_STATEMENT, "Relevé de prestations"),
    (LetterType.ATTESTATION, "Attestation de droits"),
    (LetterType.INFORMATION, "Information adhérent"),
)


def letters(number: str, count: int, as_of: date) -> list[Letter]:
    """One letter a month, newest first, types in turn."""
    out = []
    for i in range(count):
        kind, title = _LETTER_TYPES[i % len(_LETTER_TYPES)]
        out.append(Letter(f"LET{number}-{i:02d}", as_of - timedelta(days=1 + 30 * i), kind, title))
    return out


def documents() -> list[UsefulDocument]:
    return [
        UsefulDocument("DOC-1", UsefulDocumentKind.STATUTES, "Statuts de la mutuelle"),
        UsefulDocument("DOC-2", UsefulDocumentKind.SEPA_MANDATE, "Mandat de prélèvement SEPA"),
        UsefulDocument("DOC-3", UsefulDocumentKind.GUIDE, "Guide de l'adhérent"),
        UsefulDocument("DOC-4", UsefulDocumentKind.NOTICE, "Notice d'information"),
        UsefulDocument("DOC-5", UsefulDocumentKind.BENEFITS_TABLE, "Tableau de garanties"),
    ]


def tp_card(beneficiary_ids: list[str], as_of: date) -> TiersPayantCard:
    return TiersPayantCard(
        amc_number="123456789",
        valid_from=date(as_of.year, 1, 1),
        valid_to=date(as_of.year, 12, 31),
        beneficiary_ids=tuple(beneficiary_ids),
        domains=(
            TiersPayantDomain("PHAR", "100%"),
            TiersPayantDomain("OPTI", "SP"),
            TiersPayantDomain("DENT", "100%"),
            TiersPayantDomain("HOSP", "100%"),
        ),
        payload="AMC:123456789;ADH:FAKE",
    )


def quotes(beneficiary_id: str, as_of: date, spouse_id: str | None = None) -> list[Quote]:
    """Three quotes of the adhérent; the prior approval is the spouse's when there is one
    (another adult's care: redacted for the adhérent without the tenant's consent)."""
    return [
        Quote(
            "Q-1",
            beneficiary_id,
            QuoteKind.QUOTE,
            QuoteCategory.DENTAL,
            as_of - timedelta(days=20),
            QuoteStatus.PROCESSED,
            "Dr Anne Petit",
            Decimal("1200.00"),
            Decimal("600.00"),
        ),
        Quote(
            "Q-2",
            spouse_id or beneficiary_id,
            QuoteKind.PRIOR_APPROVAL,
            QuoteCategory.HOSPITAL,
            as_of - timedelta(days=60),
            QuoteStatus.PROCESSED,
            "Clinique du Parc",
            Decimal("2500.00"),
            Decimal("1800.00"),
        ),
        Quote(
            "Q-3",
            beneficiary_id,
            QuoteKind.QUOTE,
            QuoteCategory.OPTICAL,
            as_of - timedelta(days=2),
            QuoteStatus.RECEIVED,
            "Optique Bellecour",
            Decimal("480.00"),
            Decimal("0.00"),
        ),
    ]


def messages(number: str, as_of: date) -> list[Message]:
    """Two threads, newest message first."""
    t = datetime(as_of.year, as_of.month, as_of.day, 10, 0, tzinfo=UTC)
    return [
        Message(
            f"M{number}-4",
            f"T{number}-2",
            t - timedelta(days=1),
            MessageDirection.TO_MEMBER,
            "Votre nouvelle carte",
            "Votre carte est en route.",
            read=False,
        ),
        Message(
            f"M{number}-3",
            f"T{number}-1",
            t - timedelta(days=9),
            MessageDirection.TO_MEMBER,
            "Remboursement lunettes",
            "Le remboursement a été effectué.",
        ),
        Message(
            f"M{number}-2",
            f"T{number}-1",
            t - timedelta(days=10),
            MessageDirection.FROM_MEMBER,
            "Remboursement lunettes",
            "Bonjour, où en est mon remboursement ?",
        ),
        Message(
            f"M{number}-1",
            f"T{number}-0",
            t - timedelta(days=40),
            MessageDirection.TO_MEMBER,
            "Bienvenue",
            "Bienvenue dans votre espace.",
        ),
    ]


def change_requests(number: str, as_of: date) -> list[ChangeRequest]:
    t = datetime(as_of.year, as_of.month, as_of.day, 8, 0, tzinfo=UTC) - timedelta(days=30)
    return [
        ChangeRequest(
            f"R{number}-0",
            ChangeRequestKind.CONTACT,
            ChangeRequestStatus.DONE,
            t,
            t,
            "Changement de coordonnées",
        ),
    ]

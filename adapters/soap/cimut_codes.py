"""Cimut's code tables and the port's enums (``adapters.port.codes``), both ways.

Cimut sends codes, not labels (``cimut.xsd`` documents each table): contract state EC/RS,
guarantee PBR/FOR/100S, care family CON/SPE/..., request status 10/20/30/40, and so on.
Where the port's enum value *is* the domain code (civility, family situation, quality,
régime), the enum is built from the code directly.

:func:`decode` raises ``ValueError`` for a code the table lacks, unless the port has an
``OTHER`` member to fall back on (care families: Cimut says "other three-letter codes may
appear"); the adapter turns the ValueError into ``MalformedResponse``.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import TypeVar

from adapters.port.codes import (
    ActCodeSystem,
    BankAccountPurpose,
    CareCategory,
    ChangeRequestKind,
    ChangeRequestStatus,
    ContractKind,
    ContractStatus,
    GuaranteeKind,
    InstalmentStatus,
    LetterType,
    MessageDirection,
    PaymentMethod,
    PaymentRecipientKind,
    PremiumFrequency,
    PremiumMethod,
    QuoteCategory,
    QuoteKind,
    QuoteStatus,
    Regime,
    UsefulDocumentKind,
)

E = TypeVar("E", bound=Enum)

ACCOUNT_USAGE = {"REMB": BankAccountPurpose.REIMBURSEMENT, "COTI": BankAccountPurpose.PREMIUM}
CONTRACT_STATUS = {"EC": ContractStatus.OPEN, "RS": ContractStatus.CLOSED}
CONTRACT_KIND = {"I": ContractKind.INDIVIDUAL, "C": ContractKind.COLLECTIVE}
GUARANTEE_KIND = {
    "PBR": GuaranteeKind.PERCENT_OF_BASE,
    "FOR": GuaranteeKind.FLAT,
    "100S": GuaranteeKind.FULL_COVER_BASKET,
}
CARE_CATEGORY = {
    "CON": CareCategory.CONSULTATION,
    "SPE": CareCategory.SPECIALIST,
    "PHA": CareCategory.PHARMACY,
    "AUX": CareCategory.AUXILIARIES,
    "DEN": CareCategory.DENTAL,
    "OPT": CareCategory.OPTICAL,
    "AUD": CareCategory.HEARING,
    "HOS": CareCategory.HOSPITAL,
    "FJH": CareCategory.DAILY_HOSPITAL_FEE,
}
PREMIUM_METHOD = {
    "PRE": PremiumMethod.DIRECT_DEBIT,
    "CHQ": PremiumMethod.CHEQUE,
    "PRC": PremiumMethod.PAYROLL,
}
PREMIUM_FREQUENCY = {
    "M": PremiumFrequency.MONTHLY,
    "T": PremiumFrequency.QUARTERLY,
    "S": PremiumFrequency.HALF_YEARLY,
    "A": PremiumFrequency.YEARLY,
}
INSTALMENT_STATUS = {
    "PA": InstalmentStatus.PAID,
    "AP": InstalmentStatus.DUE,
    "RJ": InstalmentStatus.REJECTED,
}
PAYMENT_METHOD = {"VIR": PaymentMethod.TRANSFER, "CHQ": PaymentMethod.CHEQUE}
RECIPIENT = {"A": PaymentRecipientKind.MEMBER, "P": PaymentRecipientKind.PROFESSIONAL}
ACT_SYSTEM = {
    "NGAP": ActCodeSystem.NGAP,
    "CCAM": ActCodeSystem.CCAM,
    "NABM": ActCodeSystem.NABM,
    "LPP": ActCodeSystem.LPP,
    "CIP": ActCodeSystem.CIP13,
    "FRF": ActCodeSystem.FLAT_FEE,
}
LETTER_TYPE = {
    "APC": LetterType.PREMIUM_CALL,
    "DEC": LetterType.BENEFIT_STATEMENT,
    "ATT": LetterType.ATTESTATION,
    "CTP": LetterType.TP_CARD,
    "BIE": LetterType.WELCOME,
    "INF": LetterType.INFORMATION,
}
DOCUMENT_KIND = {
    "STA": UsefulDocumentKind.STATUTES,
    "SEP": UsefulDocumentKind.SEPA_MANDATE,
    "GUI": UsefulDocumentKind.GUIDE,
    "NOT": UsefulDocumentKind.NOTICE,
    "TDG": UsefulDocumentKind.BENEFITS_TABLE,
}
REQUEST_KIND = {
    "COO": ChangeRequestKind.CONTACT,
    "ADR": ChangeRequestKind.ADDRESS,
    "RIB": ChangeRequestKind.BANK_ACCOUNT,
    "ABE": ChangeRequestKind.ADD_BENEFICIARY,
    "RBE": ChangeRequestKind.REMOVE_BENEFICIARY,
    "CTP": ChangeRequestKind.TP_CARD_REISSUE,
    "DEM": ChangeRequestKind.PAPERLESS,
    "NOT": ChangeRequestKind.NOTIFICATIONS,
}
REQUEST_STATUS = {
    "10": ChangeRequestStatus.RECEIVED,
    "20": ChangeRequestStatus.IN_PROGRESS,
    "30": ChangeRequestStatus.DONE,
    "40": ChangeRequestStatus.REJECTED,
}
MESSAGE_DIRECTION = {"E": MessageDirection.FROM_MEMBER, "R": MessageDirection.TO_MEMBER}
QUOTE_KIND = {"DEV": QuoteKind.QUOTE, "PEC": QuoteKind.PRIOR_APPROVAL}
QUOTE_STATUS = {
    "REC": QuoteStatus.RECEIVED,
    "TRT": QuoteStatus.PROCESSED,
    "REF": QuoteStatus.REFUSED,
}
QUOTE_CATEGORY = {
    "OPT": QuoteCategory.OPTICAL,
    "DEN": QuoteCategory.DENTAL,
    "AUD": QuoteCategory.HEARING,
    "HOS": QuoteCategory.HOSPITAL,
}

# Motif de radiation: the port carries the member's words; Cimut wants a code (and keeps
# the words as the comment). Keywords of the usual reasons, in French, lower case.
REMOVAL_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("DC", ("décès", "deces", "décédé", "decede")),
    ("MU", ("mutation", "autre mutuelle", "autre organisme", "employeur")),
    ("SE", ("séparation", "separation", "divorce")),
    ("FE", ("fin d'études", "fin d’études", "fin des études", "limite d'âge", "âge limite")),
)
REMOVAL_OTHER = "AU"


def decode(table: Mapping[str, E], code: str | None, default: E | None = None) -> E:
    """The port enum of a Cimut code; ``default`` (an OTHER member) or ValueError if unknown."""
    found = table.get((code or "").strip())
    if found is not None:
        return found
    if default is not None:
        return default
    raise ValueError("unknown code")


def encode(table: Mapping[str, E], value: E) -> str:
    """The Cimut code of a port enum value (request side)."""
    for code, member in table.items():
        if member is value:
            return code
    raise ValueError("no Cimut code")


def care_category(code: str | None) -> CareCategory:
    return decode(CARE_CATEGORY, code, CareCategory.OTHER)


def regime(code: str | None) -> Regime | None:
    """Régime obligatoire; None for a code the port does not know (the record allows it)."""
    try:
        return Regime((code or "").strip())
    except ValueError:
        return None


def removal_reason(reason: str) -> str:
    """Cimut's codeMotifRadiation for the member's free-text reason (AU when unsure)."""
    lowered = reason.lower()
    for code, keywords in REMOVAL_KEYWORDS:
        if any(keyword in lowered for keyword in keywords):
            return code
    return REMOVAL_OTHER

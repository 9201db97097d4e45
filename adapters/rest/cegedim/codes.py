"""The Cegedim API's codes (``{"code": "CHILD", "label": "Enfant"}``) → the port's enums,
and back for what the adapter sends (filters, request bodies).

Where the port has a catch-all member (``CareCategory.OTHER``, ``BeneficiaryQuality.OTHER``,
``LetterType.INFORMATION``) the readers fall back to it for a code this table lacks;
elsewhere an unknown code is a malformed answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import TypeVar

from adapters.port.codes import (
    ActCodeSystem,
    BankAccountPurpose,
    BeneficiaryQuality,
    CareCategory,
    ChangeRequestKind,
    ChangeRequestStatus,
    Civility,
    ContractKind,
    ContractStatus,
    FamilySituation,
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

K = TypeVar("K")
V = TypeVar("V")
E = TypeVar("E", bound=Enum)


def by_name(enum: type[E]) -> Mapping[str, E]:
    """API code → member, where the API code is the member's name (``"CHILD"``)."""
    return {member.name: member for member in enum}


def reverse(table: Mapping[K, V]) -> dict[V, K]:
    return {value: key for key, value in table.items()}


CIVILITY = by_name(Civility)  # MR, MRS
MARITAL_STATUS = by_name(FamilySituation)  # SINGLE, MARRIED, CIVIL_PARTNERSHIP, ...
RELATIONSHIP = by_name(BeneficiaryQuality)  # INSURED, SPOUSE, PARTNER, CHILD, OTHER
REGIME: Mapping[str, Regime] = {member.value: member for member in Regime}  # "01", "02"...
ACCOUNT_USAGE = by_name(BankAccountPurpose)  # REIMBURSEMENT, PREMIUM
CONTRACT_STATUS = {"ACTIVE": ContractStatus.OPEN, "TERMINATED": ContractStatus.CLOSED}
CONTRACT_TYPE = {"INDIVIDUAL": ContractKind.INDIVIDUAL, "GROUP": ContractKind.COLLECTIVE}
CARE_CATEGORY: Mapping[str, CareCategory] = {
    "GP_CONSULTATION": CareCategory.CONSULTATION,
    "SPECIALIST": CareCategory.SPECIALIST,
    "PHARMACY": CareCategory.PHARMACY,
    "PARAMEDICAL": CareCategory.AUXILIARIES,
    "DENTAL": CareCategory.DENTAL,
    "OPTICAL": CareCategory.OPTICAL,
    "HEARING": CareCategory.HEARING,
    "HOSPITAL": CareCategory.HOSPITAL,
    "DAILY_HOSPITAL_FEE": CareCategory.DAILY_HOSPITAL_FEE,
    "OTHER": CareCategory.OTHER,  # and LABORATORY, RADIOLOGY, TRANSPORT... by default
}
BENEFIT_TYPE = {
    "PERCENT_OF_BASE": GuaranteeKind.PERCENT_OF_BASE,
    "FLAT_AMOUNT": GuaranteeKind.FLAT,
    "ZERO_OUT_OF_POCKET": GuaranteeKind.FULL_COVER_BASKET,
}
PREMIUM_METHOD = by_name(PremiumMethod)  # DIRECT_DEBIT, CHEQUE, PAYROLL
FREQUENCY = by_name(PremiumFrequency)  # MONTHLY, QUARTERLY, HALF_YEARLY, YEARLY
INSTALMENT_STATUS = by_name(InstalmentStatus)  # PAID, DUE, REJECTED
TRANSFER_METHOD = by_name(PaymentMethod)  # TRANSFER, CHEQUE
RECIPIENT = {
    "INSURED": PaymentRecipientKind.MEMBER,
    "PROFESSIONAL": PaymentRecipientKind.PROFESSIONAL,
}
RECIPIENT_CODE = reverse(RECIPIENT)
ACT_SYSTEM = by_name(ActCodeSystem)  # NGAP, CCAM, NABM, LPP, CIP13, FLAT_FEE
CORRESPONDENCE_TYPE: Mapping[str, LetterType] = {
    "PREMIUM_CALL": LetterType.PREMIUM_CALL,
    "BENEFIT_STATEMENT": LetterType.BENEFIT_STATEMENT,
    "CERTIFICATE": LetterType.ATTESTATION,
    "THIRD_PARTY_PAYMENT_CARD": LetterType.TP_CARD,
    "WELCOME": LetterType.WELCOME,
    "INFORMATION": LetterType.INFORMATION,
}
CORRESPONDENCE_CODE = reverse(CORRESPONDENCE_TYPE)
DOCUMENT_TYPE = by_name(UsefulDocumentKind)  # STATUTES, SEPA_MANDATE, GUIDE, NOTICE, ...
QUOTE_TYPE = by_name(QuoteKind)  # QUOTE, PRIOR_APPROVAL
QUOTE_CATEGORY = by_name(QuoteCategory)  # OPTICAL, DENTAL, HEARING, HOSPITAL
QUOTE_STATUS = by_name(QuoteStatus)  # RECEIVED, PROCESSED, REFUSED
REQUEST_TYPE: Mapping[str, ChangeRequestKind] = {
    "CONTACT_DETAILS": ChangeRequestKind.CONTACT,
    "POSTAL_ADDRESS": ChangeRequestKind.ADDRESS,
    "BANK_DETAILS": ChangeRequestKind.BANK_ACCOUNT,
    "BENEFICIARY_ADDITION": ChangeRequestKind.ADD_BENEFICIARY,
    "BENEFICIARY_REMOVAL": ChangeRequestKind.REMOVE_BENEFICIARY,
    "CARD_REISSUE": ChangeRequestKind.TP_CARD_REISSUE,
    "PAPERLESS": ChangeRequestKind.PAPERLESS,
    "NOTIFICATIONS": ChangeRequestKind.NOTIFICATIONS,
}
REQUEST_STATUS = by_name(ChangeRequestStatus)  # RECEIVED, IN_PROGRESS, DONE, REJECTED
MESSAGE_DIRECTION = {
    "FROM_INSURED": MessageDirection.FROM_MEMBER,
    "TO_INSURED": MessageDirection.TO_MEMBER,
}
RELATIONSHIP_CODE = reverse(RELATIONSHIP)
ACCOUNT_USAGE_CODE = reverse(ACCOUNT_USAGE)

"""The legacy wire formats of the Cimut contract, and its code tables.

Cimut speaks like a system written long ago: dates ``dd/MM/yyyy`` (``jj/mm/aaaa``),
timestamps ``dd/MM/yyyy HH:mm:ss`` in Paris time, amounts as strings in euros with a decimal
comma (``"21,00"``), booleans ``"O"``/``"N"``, and short codes instead of labels. Every
formatter here turns a record value (``sandbox.dataset.records``) into that shape, and every
parser turns a request value back; the code tables map record literals to Cimut codes (and
back, for requests). The XSD (``cimut.xsd``) documents the same codes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")

# -- record literal -> Cimut code ---------------------------------------------------------
ACCOUNT_USAGE = {"reimbursement": "REMB", "premium": "COTI"}
CONTRACT_STATUS = {"open": "EC", "closed": "RS"}
CONTRACT_KIND = {"individual": "I", "collective": "C"}
GUARANTEE_KIND = {"percent_br": "PBR", "flat": "FOR", "sante_100": "100S"}
PREMIUM_METHOD = {"direct_debit": "PRE", "cheque": "CHQ", "payroll": "PRC"}
PREMIUM_FREQUENCY = {"monthly": "M", "quarterly": "T", "half_yearly": "S", "yearly": "A"}
INSTALMENT_STATUS = {"paid": "PA", "due": "AP", "rejected": "RJ"}
PAYMENT_METHOD = {"transfer": "VIR", "cheque": "CHQ"}
RECIPIENT = {"member": "A", "professional": "P"}
ACT_SYSTEM = {"NGAP": "NGAP", "CCAM": "CCAM", "NABM": "NABM", "LPP": "LPP", "CIP13": "CIP"}
ACT_SYSTEM_DEFAULT = "FRF"  # FORFAIT and anything newer
LETTER_TYPE = {
    "premium_call": "APC",
    "benefit_statement": "DEC",
    "attestation": "ATT",
    "tp_card": "CTP",
    "welcome": "BIE",
    "information": "INF",
}
DOCUMENT_KIND = {
    "statutes": "STA",
    "sepa_mandate": "SEP",
    "guide": "GUI",
    "notice": "NOT",
    "benefits_table": "TDG",
}
REQUEST_KIND = {
    "contact": "COO",
    "address": "ADR",
    "bank_account": "RIB",
    "add_beneficiary": "ABE",
    "remove_beneficiary": "RBE",
    "tp_card_reissue": "CTP",
    "paperless": "DEM",
    "notifications": "NOT",
}
REQUEST_STATUS = {"received": "10", "in_progress": "20", "done": "30", "rejected": "40"}
MESSAGE_DIRECTION = {"from_member": "E", "to_member": "R"}
QUOTE_KIND = {"quote": "DEV", "prior_approval": "PEC"}
QUOTE_STATUS = {"received": "REC", "processed": "TRT", "refused": "REF"}
CARE_CATEGORY = {
    "consultation": "CON",
    "specialiste": "SPE",
    "pharmacie": "PHA",
    "auxiliaires": "AUX",
    "dentaire": "DEN",
    "optique": "OPT",
    "audio": "AUD",
    "hospitalisation": "HOS",
    "forfait_journalier": "FJH",
}
# Motif de radiation: the back office takes a free-text reason; Cimut sends a code.
REMOVAL_REASON = {
    "DC": "Décès",
    "MU": "Mutation vers un autre organisme",
    "SE": "Séparation",
    "FE": "Fin d'études ou limite d'âge",
    "AU": "Autre motif",
}


def code(table: Mapping[str, str], value: str) -> str:
    """The Cimut code of a record literal; a value the table lacks is a programming error."""
    return table[value]


def reverse(table: Mapping[str, str], cimut_code: str) -> str:
    """The record literal of a Cimut code (request values, already checked by the XSD)."""
    for literal, known in table.items():
        if known == cimut_code:
            return literal
    raise KeyError(cimut_code)


def care_category(category: str) -> str:
    """Famille de soins: the table's code, else the category's first three letters.

    The dataset may grow categories the table does not know; a legacy system would still
    send a three-letter code rather than fail.
    """
    known = CARE_CATEGORY.get(category)
    if known is not None:
        return known
    letters = re.sub(r"[^A-Za-z]", "", category).upper()
    return (letters + "XXX")[:3]


def act_system(system: str) -> str:
    return ACT_SYSTEM.get(system, ACT_SYSTEM_DEFAULT)


# -- values ------------------------------------------------------------------------------
def fr_date(value: date) -> str:
    """``date(2026, 3, 9)`` -> ``"09/03/2026"``."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def fr_datetime(value: datetime) -> str:
    """Paris wall-clock time ``dd/MM/yyyy HH:mm:ss``; naive datetimes are taken as Paris."""
    if value.tzinfo is not None:
        value = value.astimezone(PARIS)
    return f"{fr_date(value.date())} {value:%H:%M:%S}"


def parse_fr_date(text: str) -> date:
    """``"09/03/2026"`` -> ``date(2026, 3, 9)``; ValueError for 31/02/2026 and the like."""
    day, month, year = text.strip().split("/")
    return date(int(year), int(month), int(day))


def amount(cents: int) -> str:
    """Integer cents -> euros, decimal comma: ``2100`` -> ``"21,00"``, ``-350`` -> ``"-3,50"``."""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    return f"{sign}{euros},{rest:02d}"


def parse_amount(text: str) -> int:
    """``"21,00"`` -> ``2100`` (cents); the inverse of :func:`amount`."""
    sign = -1 if text.startswith("-") else 1
    euros, _, rest = text.lstrip("-").partition(",")
    return sign * (int(euros) * 100 + int(rest.ljust(2, "0")[:2]))


def yes_no(value: bool) -> str:
    return "O" if value else "N"


def parse_yes_no(text: str) -> bool:
    return text.strip() == "O"


def phone(value: str | None) -> str | None:
    """A phone number as Cimut stores it: 10 digits, no separator; None when unusable."""
    if not value:
        return None
    digits = re.sub(r"[\s.\-()]", "", value)
    if digits.startswith("+33"):
        digits = "0" + digits[3:]
    elif digits.startswith("0033"):
        digits = "0" + digits[4:]
    return digits if re.fullmatch(r"0[1-9][0-9]{8}", digits) else None


def compact(value: str) -> str:
    """Identifiers without spaces (NIR, IBAN) and in upper case."""
    return re.sub(r"\s+", "", value).upper()

"""French banks (code banque, BIC, name) and RIB-valid IBANs made with schwifty.

``schwifty.IBAN.generate`` computes both the RIB key and the IBAN check digits, so every
IBAN passes ``schwifty.IBAN(x, validate_bban=True)`` (Faker's French IBANs do not).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException


@dataclass(frozen=True, slots=True)
class Bank:
    code: str  # code banque (5 digits)
    bic: str
    name: str


BANKS: tuple[Bank, ...] = (
    Bank("30004", "BNPAFRPP", "BNP Paribas"),
    Bank("30003", "SOGEFRPP", "Société Générale"),
    Bank("20041", "PSSTFRPP", "La Banque Postale"),
    Bank("10278", "CMCIFR2A", "Crédit Mutuel"),
    Bank("30002", "CRLYFRPP", "LCL"),
    Bank("11315", "CEPAFRPP", "Caisse d'Epargne"),
    Bank("18206", "AGRIFRPP882", "Crédit Agricole"),
    Bank("13807", "CCBPFRPP", "Banque Populaire"),
    Bank("30066", "CMCIFRPP", "CIC"),
)
_WEIGHTS = (14, 13, 12, 12, 8, 13, 16, 8, 4)


def pick_bank(rng: random.Random) -> Bank:
    return rng.choices(BANKS, weights=_WEIGHTS)[0]


def make_iban(rng: random.Random, bank: Bank) -> str:
    """A French IBAN at ``bank`` with a valid RIB key, compact form."""
    branch = f"{rng.randint(1, 99_999):05d}"
    account = f"{rng.randint(0, 99_999_999_999):011d}"
    return str(IBAN.generate("FR", bank_code=bank.code, branch_code=branch, account_code=account))


def iban_is_valid(value: str) -> bool:
    """ISO 13616 check digits and, for France, the RIB key."""
    try:
        IBAN(value, validate_bban=True)
    except (SchwiftyException, ValueError):
        return False
    return True


def bic_is_valid(value: str) -> bool:
    """Well-formed BIC (8 or 11 characters, known country); there is no checksum."""
    try:
        BIC(value)
    except (SchwiftyException, ValueError):
        return False
    return True


def bank_name_for(iban: str) -> str | None:
    """The bank's name for an IBAN of one of our banks (None when unknown)."""
    compact = iban.replace(" ", "").upper()
    if compact.startswith("FR"):
        for bank in BANKS:
            if compact[4:9] == bank.code:
                return bank.name
    return None

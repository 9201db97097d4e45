"""Valid fictional identifiers: NIR, RPPS, ADELI, FINESS, CIP13 and phone numbers.

Check digits come from python-stdnum (never hand-rolled): ``stdnum.fr.nir`` for the NIR key
(it knows Corsica's 2A/2B), ``stdnum.luhn`` for RPPS and FINESS, ``stdnum.ean`` for CIP13
(an EAN-13). Phone numbers use the ranges ARCEP reserves for fiction, so none rings anyone.
"""

from __future__ import annotations

import random
from datetime import date

from stdnum import ean, luhn
from stdnum.fr import nir as stdnum_nir

# Countries of birth used for people born abroad (NIR department 99 + INSEE country code).
_FOREIGN_COUNTRIES = ("139", "350", "351", "352", "127", "109", "134")  # PT MA TN DZ IT DE ES


def nir(rng: random.Random, sex: str, birth: date, department: str, commune: str) -> str:
    """A NIR (15 characters, key included) for someone born in ``department``/``commune``.

    ``commune`` is the last three digits of the INSEE code of the birth town; about 4 % of
    people are born abroad (department 99, country code).
    """
    if rng.random() < 0.04:
        department, commune = "99", rng.choice(_FOREIGN_COUNTRIES)
    body = f"{sex}{birth.year % 100:02d}{birth.month:02d}{department}{commune}"
    body += f"{rng.randint(1, 999):03d}"
    return body + stdnum_nir.calc_check_digits(body)


def mask_nir(value: str) -> str:
    """The NIR as printed on portals: ``2 95 10 ** *** *** 93``."""
    return f"{value[0]} {value[1:3]} {value[3:5]} ** *** *** {value[13:15]}"


def rpps(rng: random.Random) -> str:
    """An RPPS number: 11 digits starting with 10, Luhn check digit last."""
    body = f"10{rng.randint(0, 99_999_999):08d}"
    return body + luhn.calc_check_digit(body)


def adeli(rng: random.Random, department: str) -> str:
    """An ADELI number (osteopaths): 9 digits, department first."""
    dept = department if department.isdigit() else "20"
    return f"{dept}0{rng.randint(0, 999_999):06d}"


def finess(rng: random.Random, department: str) -> str:
    """A FINESS number (establishments): department, 6 digits, Luhn check digit."""
    dept = department if department.isdigit() else "20"
    body = f"{dept}{rng.randint(0, 999_999):06d}"
    return body + luhn.calc_check_digit(body)


def cip13(serial: int) -> str:
    """A CIP13 drug code (an EAN-13 starting 3400) for a catalogue serial number."""
    body = f"340093{serial:06d}"
    return body + ean.calc_check_digit(body)


# Area prefix of landlines by department (01 Île-de-France, 02 north-west, 03 north-east,
# 04 south-east, 05 south-west) and the 10,000-number blocks ARCEP keeps for fiction.
_AREA_FICTION = {
    "01": "019900",
    "02": "026191",
    "03": "035301",
    "04": "046571",
    "05": "053649",
}
_AREA_BY_DEPARTMENT = {
    **dict.fromkeys(("75", "77", "78", "91", "92", "93", "94", "95"), "01"),
    **dict.fromkeys(
        ("14", "22", "29", "35", "37", "44", "45", "49", "50", "56", "61", "72", "76"), "02"
    ),
    **dict.fromkeys(("21", "25", "51", "54", "57", "59", "67", "68", "80"), "03"),
    **dict.fromkeys(
        (
            "06",
            "13",
            "2A",
            "2B",
            "30",
            "34",
            "38",
            "42",
            "43",
            "48",
            "63",
            "69",
            "73",
            "74",
            "83",
            "84",
            "66",
        ),
        "04",
    ),
    **dict.fromkeys(("12", "17", "31", "33", "64", "81", "86", "87"), "05"),
}


def landline(rng: random.Random, department: str) -> str:
    """A fictional landline of the department's area, as 10 digits ("0261910042")."""
    area = _AREA_BY_DEPARTMENT.get(department, "01")
    return f"{_AREA_FICTION[area]}{rng.randint(0, 9999):04d}"


def mobile(rng: random.Random) -> str:
    """A fictional mobile number (06 39 98 xx xx, ARCEP's fiction block)."""
    return f"063998{rng.randint(0, 9999):04d}"

"""How the sandbox's PDF documents write things: money, dates, masked NIRs, latin-1 text.

The documents use fpdf2's core fonts (Helvetica, Courier), which need no font file on the
machine but only know latin-1. French accents (é è à ç ô...) are latin-1; the few characters
that are not ("€", "œ", typographic quotes and dashes) are transliterated by
:func:`to_latin1`, so amounts read "1 234,56 EUR".
"""

from __future__ import annotations

import unicodedata
from datetime import date

from stdnum.fr import nir as stdnum_nir

_REPLACEMENTS = {
    "€": "EUR",
    "œ": "oe",
    "Œ": "OE",
    "’": "'",
    "‘": "'",
    "‚": ",",
    "“": '"',
    "”": '"',
    "„": '"',
    "–": "-",
    "—": "-",
    "‑": "-",
    "…": "...",
    "•": "-",
    "\u202f": " ",  # espace fine insécable, used before ";:!?" and in numbers
    "\u2009": " ",
    "≤": "<=",
    "≥": ">=",
}


def to_latin1(text: str) -> str:
    """The text with every character outside latin-1 replaced by a readable equivalent."""
    out: list[str] = []
    for char in text:
        if ord(char) < 256:
            out.append(char)
        elif char in _REPLACEMENTS:
            out.append(_REPLACEMENTS[char])
        else:
            # Letters with marks latin-1 lacks (e.g. "ŷ", "ł"): keep the base letter.
            base = "".join(
                c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
            )
            out.append(base if base and all(ord(c) < 256 for c in base) else "?")
    return "".join(out)


def money(cents: int) -> str:
    """French amount: ``money(123456)`` is "1 234,56 EUR" (negative amounts keep their sign)."""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    grouped = f"{euros:,}".replace(",", " ")
    return f"{sign}{grouped},{rest:02d} EUR"


def amount(cents: int) -> str:
    """An amount without currency, for table cells: "1 234,56"."""
    return money(cents).removesuffix(" EUR")


def day(value: date) -> str:
    """French date: "05/03/2026"."""
    return value.strftime("%d/%m/%Y")


_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def long_day(value: date) -> str:
    """French date in words: "5 mars 2026" ("1er" for the first of the month)."""
    first = "1er" if value.day == 1 else str(value.day)
    return f"{first} {_MONTHS[value.month - 1]} {value.year}"


def masked_nir(nir: str | None) -> str:
    """The NIR with birthplace and order number hidden: "2 95 10 ** *** *** 93".

    The NIR is printed only for its legal purpose; everywhere else it is masked like this.
    """
    if not nir:
        return "-"
    groups = full_nir(nir).split(" ")
    if len(groups) != 7:
        return "*" * len(nir)
    groups[3:6] = ["**", "***", "***"]
    return " ".join(groups)


def full_nir(nir: str) -> str:
    """The NIR in its standard presentation "2 95 10 99 126 111 93" (attestation only)."""
    return str(stdnum_nir.format(nir))


CIVILITY = {"M": "Monsieur", "MME": "Madame"}
FAMILY_SITUATION = {
    "C": "Célibataire",
    "M": "Marié(e)",
    "P": "Pacsé(e)",
    "V": "Veuf(ve)",
    "D": "Divorcé(e)",
    "U": "Union libre",
}
QUALITY = {"00": "Assuré", "02": "Conjoint", "04": "Concubin", "06": "Enfant", "09": "Autre"}
REGIME = {
    "01": "Régime général",
    "02": "Régime agricole (MSA)",
    "03": "Travailleurs indépendants",
    "04": "SNCF",
    "05": "RATP",
    "08": "Militaires",
    "91": "MGEN",
    "99": "Section locale mutualiste",
}

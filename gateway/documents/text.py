"""Text for generated documents: French amounts and dates, Latin-1 for PDF core fonts,
safe file names, and cells a spreadsheet will not run as formulas.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

_CENT = Decimal("0.01")
# Characters the PDF core fonts (Latin-1) lack, in their usual French stand-ins.
_LATIN1_STAND_INS = str.maketrans(
    {
        "€": "EUR",
        "œ": "oe",
        "Œ": "OE",
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "–": "-",
        "—": "-",
        "…": "...",
        "\u202f": " ",  # narrow no-break space (French typography before : ; ! ?)
        "\u2009": " ",
    }
)
_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def amount(value: Decimal, *, grouped: bool = False) -> str:
    """French decimal notation: ``21,00``; ``1 234,56`` when ``grouped`` (for print)."""
    quantized = value.quantize(_CENT, rounding=ROUND_HALF_EVEN)
    text = f"{quantized:,.2f}" if grouped else f"{quantized:.2f}"
    # Python groups with "," and marks decimals with ".": swap to the French convention.
    return text.replace(",", "\u00a0").replace(".", ",")


def french_date(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def care_dates(start: date, end: date) -> str:
    return french_date(start) if start == end else f"{french_date(start)} - {french_date(end)}"


def latin1(text: str) -> str:
    """``text`` with every character the Latin-1 core fonts can print (€ → EUR)."""
    text = unicodedata.normalize("NFC", text).translate(_LATIN1_STAND_INS)
    if all(ord(c) < 256 for c in text):
        return text
    out = []
    for char in text:
        if ord(char) < 256:
            out.append(char)
            continue
        # Letters with marks Latin-1 lacks (ő, č...) keep their base letter.
        base = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode("latin-1")
        out.append(base or "?")
    return "".join(out)


def safe_filename(name: str, *, default: str, extension: str) -> str:
    """An ASCII file name for Content-Disposition: no path, quotes or control characters."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    stem = ascii_name.rsplit(".", 1)[0] if "." in ascii_name else ascii_name
    stem = _UNSAFE_FILENAME.sub("-", stem).strip(".-_")[:80] or default
    return f"{stem}.{extension}"


def spreadsheet_text(text: str) -> str:
    """A text cell that Excel and LibreOffice show as text, never evaluate (CSV injection)."""
    return "'" + text if text.startswith(_FORMULA_START) else text

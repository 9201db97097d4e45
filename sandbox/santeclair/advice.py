"""An adviser's answer to a quote review: a short text and an estimated reste à charge.

The sandbox does not read the quote file: it derives a plausible quoted amount from the
file's digest (same file, same answer), splits it over a typical equipment or treatment
of the quote's kind, and prices it like an estimate with the beneficiary's guarantees.
"""

from __future__ import annotations

from typing import Any

from sandbox.dataset.records import Contract
from sandbox.santeclair.estimates import guarantees_of
from sandbox.santeclair.pricing import LineEstimate, estimate_line
from sandbox.santeclair.tariffs import ACTS, Act

FRAME = Act("2223342", "Monture adulte classe B", 5, 60, "OPT_MONT", "optique")
LENS = Act("2235776", "Verre progressif classe B", 5, 60, "OPT_VERRE", "optique")
HEARING_AID = Act("2335791", "Aide auditive classe II", 40000, 60, "AUD_LIBRE", "audio")
# kind → (lines as (act, quantity, share of the quoted amount in %), quoted amount range)
PROFILES: dict[str, tuple[tuple[tuple[Act, int, int], ...], int, int]] = {
    "optical": (((FRAME, 1, 30), (LENS, 2, 35)), 30000, 90000),
    "dental": (((ACTS["HBLD036"], 1, 100),), 45000, 110000),
    "audio": (((HEARING_AID, 2, 50),), 240000, 400000),
    "hospital": (((ACTS["NFFC004"], 1, 88), (ACTS["FJ"], 3, 12)), 50000, 120000),
}
ADVISERS = ("Camille R.", "Julien M.", "Sophie L.", "Karim B.")
VERDICTS = (
    "Le tarif de votre devis est proche des prix moyens constatés dans votre département.",
    "Le tarif de votre devis dépasse de plus de 20 % les prix moyens constatés : un "
    "partenaire Santéclair proche de chez vous pratique des tarifs négociés.",
    "Le tarif de votre devis est inférieur aux prix moyens constatés : vous pouvez "
    "l'accepter sereinement.",
)
TOPIC = {
    "optical": "optique",
    "dental": "dentaire",
    "audio": "d'audioprothèse",
    "hospital": "d'hospitalisation",
}


def advice(kind: str, sha256: str, contract: Contract, beneficiary_id: str) -> dict[str, Any]:
    """The answer fields of an answered review (adviser, text, estimated amounts)."""
    lines, low, high = PROFILES[kind]
    seed = int(sha256[:12], 16)
    quoted = (low + seed % (high - low)) // 100 * 100
    guarantees = guarantees_of(contract, beneficiary_id) or {}
    priced: list[LineEstimate] = []
    for act, quantity, share in lines:
        unit = quoted * share // 100 // quantity
        if act.category == "forfait_journalier":
            unit = 2300
        priced.append(estimate_line(act, unit, quantity, guarantees))
    billed = sum(p.billed_cents for p in priced)
    amo = sum(p.amo_cents for p in priced)
    amc = sum(p.amc_cents for p in priced)
    rest = sum(p.rest_cents for p in priced)
    text = (
        f"Votre devis {TOPIC[kind]} a été analysé par notre conseiller. "
        f"{VERDICTS[seed % len(VERDICTS)]} D'après les garanties de votre contrat, votre "
        f"reste à charge estimé est de {rest // 100},{rest % 100:02d} euros."
    )
    return {
        "adviser": f"{ADVISERS[seed % len(ADVISERS)]}, conseiller(ère) Santéclair",
        "text": text,
        "estimate": {"billedCents": billed, "amoCents": amo, "amcCents": amc, "racCents": rest},
        "estimatedRestCents": rest,
    }

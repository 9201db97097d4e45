"""The act table behind Santéclair's estimates: CCAM dental and hospital acts with their
base de remboursement (BR), AMO rate, and the guarantee of the benefits table that covers
them (guarantee codes of the sandbox's offers: ``DENT_SOINS``, ``DENT_PROTH``...).

Amounts are integer cents, close to the 2026 tariffs. Dental acts are reimbursed by the AMO
at 60 % of the BR, hospital fees at 80 %. The forfait journalier (code ``FJ``, 23 EUR a day)
and the private room (``CP``) get nothing from the AMO: the first is covered by every
responsible contract, the second only by a guarantee of its own. A dépassement d'honoraires
is a fee billed above the act's BR: it is sent as the act's line with ``billedCents`` above
the BR. A prosthesis of the 100 % Santé basket is sent with ``"basket": "sante_100"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

Kind = Literal["dental", "hospital"]
DENTAL_RATE, HOSPITAL_RATE = 60, 80
CCAM_CODE = re.compile(r"^[A-Z]{4}[0-9]{3}$")
PROSTHESIS, PROSTHESIS_100 = "DENT_PROTH", "DENT_100S"


@dataclass(frozen=True, slots=True)
class Act:
    """One billable act of the table."""

    code: str
    label: str
    base_cents: int  # BR per unit
    amo_rate: int  # percent of the BR paid by the régime obligatoire
    guarantee: str  # code of the guarantee that covers it
    category: str  # its care category (Guarantee.category)


def _care(code: str, label: str, base: int) -> Act:
    return Act(code, label, base, DENTAL_RATE, "DENT_SOINS", "dentaire")


def _prosthesis(code: str, label: str, base: int) -> Act:
    return Act(code, label, base, DENTAL_RATE, PROSTHESIS, "dentaire")


def _fees(code: str, label: str, base: int) -> Act:
    return Act(code, label, base, HOSPITAL_RATE, "HOSP_HONO", "hospitalisation")


ACTS: dict[str, Act] = {
    act.code: act
    for act in (
        _care("HBJD001", "Détartrage et polissage des dents", 2892),
        _care("HBQK002", "Radiographie panoramique dentomaxillaire", 2128),
        _care("HBQK389", "Radiographie intrabuccale rétroalvéolaire", 798),
        _care("HBMD038", "Restauration d'une dent sur 1 face (matériau plastique)", 2651),
        _care("HBFD008", "Exérèse de la pulpe vivante d'une molaire", 8194),
        _care("HBGD035", "Avulsion d'une dent permanente sur arcade", 3344),
        _prosthesis("HBLD036", "Couronne dentoportée céramométallique", 12000),
        _prosthesis("HBLD038", "Couronne dentoportée en alliage non précieux", 12000),
        _prosthesis("HBLD634", "Couronne dentoportée céramométallique (dent antérieure)", 12000),
        _prosthesis("HBLD490", "Inlay-core", 9000),
        Act(
            "LBLD015",
            "Pose d'un implant intraosseux (hors nomenclature)",
            0,
            0,
            PROSTHESIS,
            "dentaire",
        ),
        _fees("NFKA007", "Prothèse totale du genou", 52228),
        _fees("NEKA020", "Prothèse totale de hanche", 48925),
        _fees("HHFA016", "Appendicectomie par abord de la fosse iliaque", 24310),
        _fees("NFFC004", "Méniscectomie latérale du genou par arthroscopie", 22608),
        _fees("BFGA004", "Extraction du cristallin par phacoémulsification (cataracte)", 27170),
        _fees("ZZLP025", "Anesthésie générale ou locorégionale", 9600),
        Act("FJ", "Forfait journalier hospitalier", 0, 0, "FORF_JOUR", "forfait_journalier"),
        Act("CP", "Chambre particulière (par jour)", 0, 0, "CHAMBRE_PART", "hospitalisation"),
    )
}


def act_for(
    code: str,
    kind: Kind,
    base_cents: int | None,
    label: str | None = None,
    basket: str | None = None,
) -> Act | None:
    """The act of the table (with the quote's own BR if it sends one), or an act missing
    from the table when the quote gives its BR; None when neither.

    A missing act is a dental care act or a hospital fee, as the quote's kind says.
    """
    act = ACTS.get(code)
    if act is None:
        if base_cents is None or not CCAM_CODE.match(code):
            return None
        make = _care if kind == "dental" else _fees
        act = make(code, label or ("Acte dentaire" if kind == "dental" else "Acte hospitalier"), 0)
    if base_cents is not None:
        act = replace(act, base_cents=base_cents)
    if basket == "sante_100" and act.guarantee == PROSTHESIS:
        act = replace(act, guarantee=PROSTHESIS_100, label=f"{act.label} (100 % Santé)")
    return act

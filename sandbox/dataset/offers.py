"""The offers (formules) of each mutuelle: their benefits tables and monthly prices.

Three levels per tenant, individual or collective (through an employer). A benefits table
(tableau de garanties) is a tuple of :class:`Guarantee`; each act of the catalogue
(``acts.py``) names the guarantee code that reimburses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sandbox.dataset.arithmetic import FORFAIT_JOURNALIER_CENTS
from sandbox.dataset.records import Guarantee
from sandbox.dataset.tenants import TENANT_CODES


@dataclass(frozen=True, slots=True)
class Level:
    code: str  # ESS, CONF, SER
    label: str
    consultation: int  # % BR
    specialist: int
    auxiliaries: int
    dental_care: int
    dental_prosthesis: int
    frame_cents: int  # optics, per frame outside 100 % Santé
    lens_cents: int  # per lens outside 100 % Santé
    hearing_cents: int  # per hearing aid outside 100 % Santé
    hospital: int  # % BR on fees
    adult_monthly_cents: int  # price of one adult aged 26-45


LEVELS: tuple[Level, ...] = (
    Level("ESS", "Essentiel", 100, 100, 100, 100, 125, 5000, 5000, 40000, 100, 3600),
    Level("CONF", "Confort", 150, 150, 125, 150, 250, 8000, 10000, 70000, 150, 5600),
    Level("SER", "Sérénité", 200, 200, 150, 200, 350, 10000, 15000, 100000, 200, 8200),
)
LEVELS_BY_CODE = {level.code: level for level in LEVELS}


@dataclass(frozen=True, slots=True)
class Offer:
    code: str  # "AZ-CONF", "AZ-COLL-SER"
    label: str
    level: Level
    collective: bool
    guarantees: tuple[Guarantee, ...]

    def guarantee(self, code: str) -> Guarantee:
        return next(g for g in self.guarantees if g.code == code)


def _pct(code: str, label: str, category: str, rate: int) -> Guarantee:
    return Guarantee(code, label, category, "percent_br", rate, None)


def _flat(code: str, label: str, category: str, cents: int) -> Guarantee:
    return Guarantee(code, label, category, "flat", None, cents)


def _s100(code: str, label: str, category: str) -> Guarantee:
    return Guarantee(code, label, category, "sante_100", None, None)


def benefits_table(level: Level) -> tuple[Guarantee, ...]:
    return (
        _pct("CONS_GEN", "Consultation généraliste", "consultation", level.consultation),
        _pct("CONS_SPE", "Consultation spécialiste", "specialiste", level.specialist),
        _pct("ACTES_TECH", "Actes techniques et imagerie", "specialiste", level.specialist),
        _pct("PHARMA", "Médicaments remboursables", "pharmacie", 100),
        _pct("AUXIL", "Auxiliaires médicaux", "auxiliaires", level.auxiliaries),
        _pct("ANALYSES", "Analyses et examens de laboratoire", "auxiliaires", 100),
        _pct("DENT_SOINS", "Soins dentaires", "dentaire", level.dental_care),
        _s100("DENT_100S", "Prothèses dentaires 100 % Santé", "dentaire"),
        _pct(
            "DENT_PROTH", "Prothèses dentaires (tarifs libres)", "dentaire", level.dental_prosthesis
        ),
        _s100("OPT_100S", "Équipement optique 100 % Santé (classe A)", "optique"),
        _flat("OPT_MONT", "Monture (classe B)", "optique", level.frame_cents),
        _flat("OPT_VERRE", "Verre (classe B), par verre", "optique", level.lens_cents),
        _s100("AUD_100S", "Aide auditive 100 % Santé (classe I)", "audio"),
        _flat("AUD_LIBRE", "Aide auditive (classe II), par oreille", "audio", level.hearing_cents),
        _pct("HOSP_HONO", "Honoraires et frais de séjour", "hospitalisation", level.hospital),
        _flat(
            "FORF_JOUR",
            "Forfait journalier hospitalier (frais réels)",
            "forfait_journalier",
            FORFAIT_JOURNALIER_CENTS,
        ),
    )


@cache
def offers(tenant_id: str) -> tuple[Offer, ...]:
    """Every offer of a tenant: the three individual levels, then the collective ones."""
    prefix = TENANT_CODES[tenant_id]
    brand = {"azur": "Azur", "bocage": "Bocage", "cevennes": "Cévennes"}[tenant_id]
    found: list[Offer] = []
    for collective in (False, True):
        for level in LEVELS:
            code = f"{prefix}-COLL-{level.code}" if collective else f"{prefix}-{level.code}"
            label = f"{brand} {level.label}" + (" Entreprise" if collective else "")
            found.append(Offer(code, label, level, collective, benefits_table(level)))
    return tuple(found)


def offer(tenant_id: str, code: str) -> Offer:
    return next(o for o in offers(tenant_id) if o.code == code)


def age_factor_percent(age: int) -> int:
    """Price of a beneficiary relative to an adult aged 26-45 (tarif par tranche d'âge)."""
    if age < 18:
        return 50
    for limit, factor in ((25, 70), (45, 100), (60, 130), (70, 170)):
        if age <= limit:
            return factor
    return 210

"""The catalogue of reimbursable acts: real code systems, bases and AMO rates.

NGAP (letter key and coefficient: G, VG, CS, APC, AMI 1, AMK 8, C), CCAM (4 letters and
3 digits), NABM biology (4 digits), LPP devices (7 digits), CIP13 drugs (EAN-13 starting
3400) and the hospital's forfait journalier. Bases (BR) are close to the 2026 tariffs; a few
labels are abridged. Each act names the guarantee code (``offers.py``) that reimburses it,
which also gives the line's category.
"""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.dataset.arithmetic import (
    FORFAIT_JOURNALIER_CENTS,
    FRANCHISE_DRUG_CENTS,
    FRANCHISE_PARAMEDICAL_CENTS,
)
from sandbox.dataset.identifiers import cip13


@dataclass(frozen=True, slots=True)
class Act:
    system: str  # NGAP, CCAM, NABM, LPP, CIP13, FORFAIT
    code: str
    label: str
    guarantee: str  # code of the guarantee that reimburses it
    base_cents: int  # BR per unit
    amo_rate: int
    participation: bool = False  # participation forfaitaire applies (doctor acts)
    franchise_cents: int = 0  # franchise per unit
    billed_range: tuple[int, int] | None = None  # free pricing per unit; None: billed = BR
    sector_fees: bool = False  # doctors in sector 2 / OPTAM bill above BR
    confidential: bool = False


def _ngap(code: str, label: str, guarantee: str, base: int, rate: int, **kw: object) -> Act:
    return Act("NGAP", code, label, guarantee, base, rate, **kw)  # type: ignore[arg-type]


def _ccam(code: str, label: str, guarantee: str, base: int, rate: int, **kw: object) -> Act:
    return Act("CCAM", code, label, guarantee, base, rate, **kw)  # type: ignore[arg-type]


def _nabm(code: str, label: str, base: int) -> Act:
    return Act("NABM", code, label, "ANALYSES", base, 60, participation=True)


def _drug(serial: int, label: str, price: int, rate: int, confidential: bool = False) -> Act:
    return Act(
        "CIP13",
        cip13(serial),
        label,
        "PHARMA",
        price,
        rate,
        franchise_cents=FRANCHISE_DRUG_CENTS,
        confidential=confidential,
    )


GP = _ngap(
    "G",
    "Consultation de médecine générale",
    "CONS_GEN",
    3000,
    70,
    participation=True,
    sector_fees=True,
)
GP_VISIT = _ngap(
    "VG",
    "Visite à domicile de médecine générale",
    "CONS_GEN",
    3000,
    70,
    participation=True,
    sector_fees=True,
)
HOME_SURCHARGE = _ngap("MD", "Majoration de déplacement", "CONS_GEN", 1000, 70)
SPECIALIST = _ngap(
    "CS", "Consultation de spécialiste", "CONS_SPE", 3000, 70, participation=True, sector_fees=True
)
CONSULTANT = _ngap(
    "APC", "Avis ponctuel de consultant", "CONS_SPE", 6000, 70, participation=True, sector_fees=True
)
PSYCHIATRIST = _ngap(
    "CNPSY",
    "Consultation de psychiatre",
    "CONS_SPE",
    5570,
    70,
    participation=True,
    sector_fees=True,
    confidential=True,
)
ECG = _ccam(
    "DEQP003",
    "Électrocardiographie sur au moins 12 dérivations",
    "ACTES_TECH",
    1452,
    70,
    participation=True,
)
CHEST_XRAY = _ccam("ZBQK002", "Radiographie du thorax", "ACTES_TECH", 2128, 70, participation=True)
MAMMOGRAPHY = _ccam(
    "QEQK004", "Mammographie bilatérale", "ACTES_TECH", 6642, 70, participation=True
)
BIOLOGY = (
    _nabm("1104", "Hémogramme y compris plaquettes (NFS)", 702),
    _nabm("0552", "Glucose (glycémie)", 135),
    _nabm("0996", "Exploration d'une anomalie lipidique", 540),
    _nabm("1208", "Thyréostimuline (TSH)", 1080),
    _nabm("0323", "Créatinine avec estimation du débit de filtration glomérulaire", 270),
)
NURSE = (
    _ngap(
        "AMI 1",
        "Acte infirmier : injection",
        "AUXIL",
        315,
        60,
        franchise_cents=FRANCHISE_PARAMEDICAL_CENTS,
    ),
    _ngap(
        "AMI 4",
        "Acte infirmier : pansement complexe",
        "AUXIL",
        1260,
        60,
        franchise_cents=FRANCHISE_PARAMEDICAL_CENTS,
    ),
)
PHYSIO = _ngap(
    "AMK 8",
    "Rééducation par masseur-kinésithérapeute",
    "AUXIL",
    1720,
    60,
    franchise_cents=FRANCHISE_PARAMEDICAL_CENTS,
)
DENTAL_CONSULTATION = _ngap("C", "Consultation de chirurgien-dentiste", "DENT_SOINS", 2300, 60)
DENTAL_CARE = (
    _ccam("HBJD001", "Détartrage et polissage des dents", "DENT_SOINS", 2892, 60),
    _ccam(
        "HBMD038",
        "Restauration d'une dent sur 1 face par matériau inséré en phase plastique",
        "DENT_SOINS",
        2651,
        60,
    ),
    _ccam(
        "HBGD035",
        "Avulsion d'une dent permanente sur arcade sans alvéolectomie",
        "DENT_SOINS",
        3344,
        60,
    ),
)
CROWN_100 = _ccam(
    "HBLD634",
    "Couronne dentaire céramométallique (panier 100 % Santé)",
    "DENT_100S",
    12000,
    60,
    billed_range=(45000, 50000),
)
CROWN_FREE = _ccam(
    "HBLD634",
    "Couronne dentaire céramométallique (tarifs libres)",
    "DENT_PROTH",
    12000,
    60,
    billed_range=(60000, 95000),
)
FRAME_A = Act("LPP", "2210546", "Monture adulte classe A (100 % Santé)", "OPT_100S", 3000, 60)
LENS_A = Act("LPP", "2203240", "Verre unifocal classe A (100 % Santé)", "OPT_100S", 3250, 60)
FRAME_B = Act(
    "LPP", "2223342", "Monture adulte classe B", "OPT_MONT", 5, 60, billed_range=(9000, 25000)
)
LENS_B = Act(
    "LPP", "2235776", "Verre progressif classe B", "OPT_VERRE", 5, 60, billed_range=(7000, 30000)
)
HEARING_I = Act(
    "LPP",
    "2355084",
    "Aide auditive classe I (100 % Santé), adulte",
    "AUD_100S",
    40000,
    60,
    billed_range=(95000, 95000),
)
HEARING_II = Act(
    "LPP",
    "2335791",
    "Aide auditive classe II, adulte",
    "AUD_LIBRE",
    40000,
    60,
    billed_range=(120000, 190000),
)
SURGERY = (
    _ccam(
        "BFGA004",
        "Extraction extracapsulaire du cristallin par phacoémulsification, avec implant",
        "HOSP_HONO",
        27170,
        80,
        sector_fees=True,
    ),
    _ccam(
        "HHFA016",
        "Appendicectomie par abord de la fosse iliaque",
        "HOSP_HONO",
        24310,
        80,
        sector_fees=True,
    ),
    _ccam(
        "NFFC004",
        "Méniscectomie latérale du genou par arthroscopie",
        "HOSP_HONO",
        22608,
        80,
        sector_fees=True,
    ),
)


def anaesthesia_for(surgery: Act) -> Act:
    """The anaesthetist's line of a CCAM act: same code, activité 4, its own base."""
    return Act(
        "CCAM",
        surgery.code,
        "Anesthésie (activité 4)",
        surgery.guarantee,
        surgery.base_cents * 2 // 5,
        surgery.amo_rate,
        sector_fees=True,
    )


FORFAIT_JOURNALIER = Act(
    "FORFAIT",
    "FJ",
    "Forfait journalier hospitalier",
    "FORF_JOUR",
    0,
    0,
    billed_range=(FORFAIT_JOURNALIER_CENTS, FORFAIT_JOURNALIER_CENTS),
)

DRUGS: tuple[Act, ...] = (
    _drug(100011, "Paracétamol 1 g, 8 comprimés", 116, 65),
    _drug(100028, "Amoxicilline 1 g, 6 comprimés", 296, 65),
    _drug(100035, "Ibuprofène 400 mg, 30 comprimés", 212, 65),
    _drug(100042, "Lévothyroxine 75 µg, 30 comprimés", 215, 65),
    _drug(100059, "Oméprazole 20 mg, 28 gélules", 486, 65),
    _drug(100066, "Atorvastatine 20 mg, 90 comprimés", 1599, 65),
    _drug(100073, "Metformine 1000 mg, 90 comprimés", 693, 65),
    _drug(100080, "Insuline glargine 100 UI/ml, 5 stylos", 6290, 100),
    _drug(100097, "Amlodipine 5 mg, 90 gélules", 885, 65),
    _drug(100103, "Salbutamol 100 µg/dose, suspension pour inhalation", 392, 65),
    _drug(100110, "Collyre antiallergique, flacon 10 ml", 290, 30),
    _drug(100127, "Sirop antitussif, flacon 150 ml", 250, 15),
    _drug(100134, "Cholécalciférol 100 000 UI, ampoule buvable", 171, 65),
    _drug(100141, "Prednisolone 20 mg, 20 comprimés", 300, 65),
    _drug(100158, "Azithromycine 250 mg, 6 comprimés", 590, 65),
    _drug(100165, "Amoxicilline 250 mg/5 ml, suspension buvable", 260, 65),
)
ANTIDEPRESSANT = _drug(100172, "Sertraline 50 mg, 28 gélules", 623, 65, confidential=True)
CONTRACEPTIVE = _drug(
    100189, "Lévonorgestrel/éthinylestradiol, 3 plaquettes", 300, 65, confidential=True
)

CHILD_DRUGS = tuple(
    d
    for d in DRUGS
    if d.label.startswith(("Paracétamol", "Amoxicilline 250", "Sirop", "Ibuprofène", "Salbutamol"))
)

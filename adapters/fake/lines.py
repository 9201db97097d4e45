"""Reimbursement lines of the fake world, computed with the arithmetic of DOMAIN.md.

Each template gives the billed amount, the base (BR), the AMO rate, the deductions and what
the mutuelle and another insurer pay; the AMO part and the reste à charge are derived so
that ``billed == amo + mutuelle + other + out_of_pocket`` holds on every line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from adapters.port import ActCodeSystem, CareCategory, PaymentLine

CENT = Decimal("0.01")


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class ActTemplate:
    system: ActCodeSystem
    code: str
    label: str
    category: CareCategory
    billed: Decimal
    base: Decimal
    amo_rate: int
    participation: Decimal = Decimal("0.00")
    franchise: Decimal = Decimal("0.00")
    mutuelle: Decimal | None = None  # None: the rest of the base (100 % BR guarantee)
    other: Decimal = Decimal("0.00")
    professional_id: str | None = None
    professional_name: str | None = None
    pays_professional: bool = False  # tiers payant: the payment goes to the professional


D = Decimal
# The worked examples of DOMAIN.md, and a few more of each care category.
TEMPLATES: tuple[ActTemplate, ...] = (
    ActTemplate(
        ActCodeSystem.NGAP,
        "G",
        "Consultation généraliste",
        CareCategory.CONSULTATION,
        D("30.00"),
        D("30.00"),
        70,
        participation=D("2.00"),
        professional_id="10003456789",
        professional_name="Dr Claire Martin",
    ),
    ActTemplate(
        ActCodeSystem.CIP13,
        "3400930000001",
        "Médicament remboursé à 65 %",
        CareCategory.PHARMACY,
        D("10.00"),
        D("10.00"),
        65,
        franchise=D("1.00"),
        mutuelle=D("3.50"),
        professional_id="690001234",
        professional_name="Pharmacie du Rhône",
        pays_professional=True,
    ),
    ActTemplate(
        ActCodeSystem.NGAP,
        "APC",
        "Consultation spécialiste secteur 2",
        CareCategory.SPECIALIST,
        D("40.00"),
        D("30.00"),
        70,
        participation=D("2.00"),
        mutuelle=D("19.00"),
        professional_id="10004567890",
        professional_name="Dr Paul Bernard",
    ),
    ActTemplate(
        ActCodeSystem.NGAP,
        "AMK 8",
        "Séance de kinésithérapie",
        CareCategory.AUXILIARIES,
        D("16.13"),
        D("16.13"),
        60,
        franchise=D("1.00"),
        mutuelle=D("6.45"),
    ),
    ActTemplate(
        ActCodeSystem.CCAM,
        "HBLD036",
        "Couronne dentaire céramique",
        CareCategory.DENTAL,
        D("500.00"),
        D("120.00"),
        60,
        mutuelle=D("200.00"),
        other=D("100.00"),
        professional_id="10005678901",
        professional_name="Dr Anne Petit",
    ),
    ActTemplate(
        ActCodeSystem.LPP,
        "2355084",
        "Aide auditive classe I (100 % Santé)",
        CareCategory.HEARING,
        D("950.00"),
        D("400.00"),
        60,
        mutuelle=D("710.00"),
        professional_id="690005678",
        professional_name="Audition Confluence",
        pays_professional=True,
    ),
    ActTemplate(
        ActCodeSystem.FLAT_FEE,
        "FJH",
        "Forfait journalier hospitalier (3 jours)",
        CareCategory.DAILY_HOSPITAL_FEE,
        D("69.00"),
        D("0.00"),
        0,
        mutuelle=D("69.00"),
    ),
    ActTemplate(
        ActCodeSystem.LPP,
        "2200393",
        "Monture et verres unifocaux",
        CareCategory.OPTICAL,
        D("350.00"),
        D("9.00"),
        60,
        mutuelle=D("250.00"),
        professional_id="690009876",
        professional_name="Optique Bellecour",
        pays_professional=True,
    ),
)


def make_line(
    template: ActTemplate, *, line_id: str, beneficiary_id: str, care: date, confidential: bool
) -> PaymentLine:
    """One line from a template; AMO part and reste à charge derived, each to the cent."""
    amo_share = cents(template.base * template.amo_rate / 100)
    amo = max(amo_share - template.participation - template.franchise, Decimal("0.00"))
    # 100 % BR: the mutuelle pays the base minus the AMO's share, never the deductions.
    mutuelle = template.base - amo_share if template.mutuelle is None else template.mutuelle
    rest = template.billed - amo - mutuelle - template.other
    if rest < 0:
        raise ValueError(f"template {template.code}: negative reste à charge")
    return PaymentLine(
        id=line_id,
        beneficiary_id=beneficiary_id,
        act_system=template.system,
        act_code=template.code,
        act_label=template.label,
        category=template.category,
        care_start=care,
        care_end=care,
        quantity=1,
        billed=template.billed,
        base=template.base,
        amo_rate=template.amo_rate,
        participation=template.participation,
        franchise=template.franchise,
        amo_paid=amo,
        mutuelle_paid=cents(mutuelle),
        other_paid=template.other,
        out_of_pocket=cents(rest),
        professional_id=template.professional_id,
        professional_name=template.professional_name,
        confidential=confidential,
    )

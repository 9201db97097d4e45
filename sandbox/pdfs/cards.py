"""The tiers-payant card and the attestation de droits as PDF.

The card carries the harmonised fields of the inter-AMC specification: AMC number, member
number, validity period, beneficiaries (name, birth date, rank), and the domain codes with
their rate or mode. Real cards add a 2D-DOC/Datamatrix; no pure-Python 2D barcode library
ships with the sandbox, so the card prints the payload that code would carry
(:func:`tp_card_payload`), which a front-end can render as a QR code itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from fpdf.enums import XPos, YPos

from sandbox.dataset.records import Beneficiary, Contract, Member, Tenant, TiersPayantCard
from sandbox.pdfs.layout import BLUE, Document
from sandbox.pdfs.text import CIVILITY, QUALITY, REGIME, day, masked_nir

DOMAINS = {
    "PHAR": "Pharmacie",
    "MED": "Médecins",
    "DENT": "Dentaire",
    "OPTI": "Optique",
    "AUDI": "Audioprothèse",
    "HOSP": "Hospitalisation",
    "LABO": "Biologie",
    "RADL": "Radiologie",
    "AUXM": "Auxiliaires médicaux",
    "SAGE": "Sages-femmes",
    "TRAN": "Transport",
    "EXTE": "Soins externes",
    "CSTE": "Centres de santé",
    "SVIL": "Soins de ville",
}


def tp_card_payload(card: TiersPayantCard, beneficiaries: Sequence[Beneficiary]) -> str:
    """The datamatrix-like payload of the card: harmonised fields, no NIR.

    ``TPV1|AMC:<amc>|ADH:<member>|DEB:<yyyymmdd>|FIN:<yyyymmdd>|BEN:<name>,<first>,<birth>,
    <rank>;...|DOM:<code>=<rate>;...``
    """
    people = ";".join(
        f"{b.last_name.upper()},{b.first_name},{b.birth_date:%Y%m%d},{b.birth_rank}"
        for b in _card_beneficiaries(card, beneficiaries)
    )
    domains = ";".join(f"{code}={rate}" for code, rate in card.domains)
    return (
        f"TPV1|AMC:{card.amc_number}|ADH:{card.member_number}"
        f"|DEB:{card.valid_from:%Y%m%d}|FIN:{card.valid_to:%Y%m%d}|BEN:{people}|DOM:{domains}"
    )


def tp_card_pdf(
    tenant: Tenant,
    member: Member,
    card: TiersPayantCard,
    beneficiaries: Sequence[Beneficiary],
) -> bytes:
    """The tiers-payant card, dated from its validity start; same inputs, same bytes."""
    pdf = Document(tenant, "Carte de tiers payant", card.valid_from)
    pdf.heading("CARTE DE TIERS PAYANT - Complémentaire santé")
    top = pdf.get_y()
    pdf.fields(
        [
            ("N° AMC :", card.amc_number),
            ("N° d'adhérent :", card.member_number),
            (
                "Adhérent :",
                f"{CIVILITY[member.civility]} {member.first_name} {member.last_name.upper()}",
            ),
            ("Validité :", f"du {day(card.valid_from)} au {day(card.valid_to)}"),
        ],
        label_width=40,
    )
    pdf.set_draw_color(*BLUE)
    pdf.rect(13, top - 2, 184, pdf.get_y() - top + 2)
    pdf.heading("Bénéficiaires", size=11)
    rows = [
        [
            f"{b.last_name.upper()} {b.first_name}",
            day(b.birth_date),
            b.birth_rank,
            QUALITY.get(b.quality, b.quality),
            masked_nir(b.nir),
        ]
        for b in _card_beneficiaries(card, beneficiaries)
    ]
    pdf.grid(
        ["Nom Prénom", "Né(e) le", "Rang", "Qualité", "N° de sécurité sociale"],
        [60, 25, 15, 30, 50],
        rows,
        ["L", "C", "C", "L", "C"],
        size=9,
    )
    pdf.heading("Domaines de tiers payant", size=11)
    pdf.grid(
        ["Code", "Domaine", "Taux / mode"],
        [25, 70, 35],
        [[code, DOMAINS.get(code, code), rate] for code, rate in card.domains],
        ["C", "L", "C"],
        size=9,
    )
    pdf.heading("Données Datamatrix", size=11)
    pdf.set_font("Courier", "", 8)
    pdf.multi_cell(
        0,
        4,
        tp_card_payload(card, beneficiaries),
        border=1,
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(3)
    pdf.paragraph(
        "Présentez cette carte avec votre carte Vitale. Les professionnels de santé "
        "vérifient vos droits en ligne auprès de votre mutuelle avant d'appliquer le tiers "
        "payant. Carte strictement personnelle, à restituer en cas de radiation.",
        size=8,
    )
    return pdf.output_bytes()


def attestation_pdf(
    tenant: Tenant,
    member: Member,
    contract: Contract,
    beneficiaries: Sequence[Beneficiary],
    *,
    issued_on: date | None = None,
) -> bytes:
    """The attestation de droits, dated ``issued_on`` (default: the latest coverage start).

    The NIR is masked here too: a complementary insurer's attestation identifies the
    member by AMC and member numbers, so printing the full NIR serves no purpose.
    """
    issued = issued_on or max([contract.effective_date, *(c.start for c in contract.coverages)])
    pdf = Document(tenant, "Attestation de droits", issued)
    pdf.recipient(member)
    pdf.heading("ATTESTATION DE DROITS - Complémentaire santé")
    status = "en cours" if contract.status == "open" else "résilié"
    kind = "individuel" if contract.kind == "individual" else "collectif"
    pairs = [
        ("N° AMC :", tenant.amc_number),
        ("N° d'adhérent :", member.number),
        ("N° de contrat :", contract.number),
        ("Offre :", f"{contract.offer_label} ({contract.offer_code})"),
        ("Type de contrat :", kind + (f" - {contract.employer}" if contract.employer else "")),
        ("Date d'effet :", day(contract.effective_date)),
        ("Statut :", status),
    ]
    if contract.termination_date:
        pairs.append(("Date de résiliation :", day(contract.termination_date)))
    pdf.fields(pairs, label_width=45)
    pdf.paragraph(
        f"{tenant.name} atteste que les personnes ci-dessous bénéficient des garanties "
        f"frais de santé du contrat n° {contract.number} sur les périodes indiquées :"
    )
    coverage = {c.beneficiary_id: c for c in contract.coverages}
    rows = []
    for b in beneficiaries:
        cov = coverage.get(b.id)
        start = cov.start if cov else b.open_date
        end = (cov.end if cov else None) or b.close_date
        rows.append(
            [
                f"{b.last_name.upper()} {b.first_name}",
                day(b.birth_date),
                QUALITY.get(b.quality, b.quality),
                REGIME.get(b.regime, b.regime),
                masked_nir(b.nir),
                day(start),
                day(end) if end else "-",
            ]
        )
    pdf.grid(
        ["Bénéficiaire", "Né(e) le", "Qualité", "Régime", "N° SS", "Droits du", "au"],
        [44, 19, 18, 32, 33, 17, 17],
        rows,
        ["L", "C", "L", "L", "C", "C", "C"],
    )
    pdf.paragraph(
        f"Attestation établie le {day(issued)} pour servir et valoir ce que de droit. "
        "Elle ne vaut pas prise en charge : les droits sont vérifiés à la date des soins."
    )
    return pdf.output_bytes()


def _card_beneficiaries(
    card: TiersPayantCard, beneficiaries: Sequence[Beneficiary]
) -> list[Beneficiary]:
    """The card's beneficiaries in the card's order (others passed in are ignored)."""
    by_id = {b.id: b for b in beneficiaries}
    return [by_id[i] for i in card.beneficiary_ids if i in by_id]

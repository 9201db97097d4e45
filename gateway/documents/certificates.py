"""A beneficiary's own tiers-payant card and attestation, rendered by the gateway (fpdf2).

The platform's card and attestation de droits are family documents: they print every
beneficiary of the contract (names, birth dates, ranks, and the card's datamatrix names
them all). A beneficiary's own account (ayant droit autonome) reaches only that
beneficiary's data, so for such an account the gateway renders both documents itself from
the records the graph shows that account: the card's harmonised fields (AMC number,
validity, domains) and the contract, narrowed to the one beneficiary. No NIR is printed:
a complementary insurer's documents identify people by AMC and member numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fpdf import FPDF

from adapters.port import (
    Beneficiary,
    BeneficiaryQuality,
    Contract,
    ContractKind,
    ContractStatus,
    TiersPayantCard,
)
from gateway.documents.text import french_date, latin1

QUALITY = {
    BeneficiaryQuality.INSURED: "Assuré(e)",
    BeneficiaryQuality.SPOUSE: "Conjoint(e)",
    BeneficiaryQuality.PARTNER: "Concubin(e)",
    BeneficiaryQuality.CHILD: "Enfant",
    BeneficiaryQuality.OTHER: "Autre",
}


@dataclass(frozen=True, slots=True)
class OwnCertificate:
    """What either document prints for one beneficiary."""

    tenant_name: str
    member_number: str
    beneficiary: Beneficiary
    card: TiersPayantCard
    contract: Contract
    issued: date

    @property
    def rights(self) -> tuple[date, date | None]:
        """The beneficiary's coverage dates (droits du ... au ...)."""
        b = self.beneficiary
        cover = next((c for c in self.contract.coverages if c.beneficiary_id == b.id), None)
        start = cover.start if cover else b.open_date
        return start, (cover.end if cover else None) or b.close_date


def _document(title: str, certificate: OwnCertificate) -> FPDF:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_title(latin1(title))
    pdf.set_author(latin1(certificate.tenant_name))
    pdf.set_creator("Mutugraph")
    pdf.set_margins(15, 15, 15)
    pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=14)
    pdf.cell(0, 8, latin1(certificate.tenant_name), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", style="B", size=12)
    pdf.cell(0, 8, latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    return pdf


def _facts(pdf: FPDF, pairs: list[tuple[str, str]]) -> None:
    for label, value in pairs:
        pdf.set_font("Helvetica", style="B", size=10)
        pdf.cell(55, 6, latin1(label))
        pdf.set_font("Helvetica", size=10)
        pdf.cell(0, 6, latin1(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def _person(certificate: OwnCertificate) -> list[tuple[str, str]]:
    b = certificate.beneficiary
    start, end = certificate.rights
    return [
        ("Bénéficiaire :", f"{b.last_name.upper()} {b.first_name}"),
        ("Né(e) le :", french_date(b.birth_date)),
        ("Rang de naissance :", b.birth_rank),
        ("Qualité :", QUALITY.get(b.quality, "Autre")),
        ("Droits :", f"du {french_date(start)}" + (f" au {french_date(end)}" if end else "")),
    ]


def own_card_pdf(certificate: OwnCertificate) -> bytes:
    """The carte de tiers payant of one beneficiary (harmonised inter-AMC fields)."""
    card = certificate.card
    pdf = _document("Carte de tiers payant", certificate)
    _facts(
        pdf,
        [
            ("N° AMC :", card.amc_number),
            ("N° d'adhérent :", certificate.member_number),
            ("Validité :", f"du {french_date(card.valid_from)} au {french_date(card.valid_to)}"),
            *_person(certificate),
        ],
    )
    pdf.set_font("Helvetica", style="B", size=10)
    pdf.cell(0, 6, latin1("Domaines de tiers payant"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    with pdf.table(col_widths=(40, 40), width=80, align="LEFT", line_height=6) as table:
        table.row(("Domaine", "Prise en charge"))
        for domain in card.domains:
            table.row((latin1(domain.code), latin1(domain.mode)))
    pdf.ln(4)
    pdf.set_font("Helvetica", style="I", size=8)
    pdf.multi_cell(
        0,
        4,
        latin1(
            f"Carte personnelle éditée le {french_date(certificate.issued)}. À présenter "
            "avec la carte Vitale ; les droits sont vérifiés à la date des soins."
        ),
    )
    return bytes(pdf.output())


def own_attestation_pdf(certificate: OwnCertificate) -> bytes:
    """The attestation de droits of one beneficiary."""
    contract = certificate.contract
    kind = "individuel" if contract.kind is ContractKind.INDIVIDUAL else "collectif"
    status = "en cours" if contract.status is ContractStatus.OPEN else "résilié"
    pdf = _document("Attestation de droits - Complémentaire santé", certificate)
    _facts(
        pdf,
        [
            ("N° AMC :", certificate.card.amc_number),
            ("N° d'adhérent :", certificate.member_number),
            ("N° de contrat :", contract.number),
            ("Offre :", f"{contract.offer_label} ({contract.offer_code})"),
            ("Type de contrat :", kind),
            ("Statut :", status),
            *_person(certificate),
        ],
    )
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(
        0,
        5,
        latin1(
            f"{certificate.tenant_name} atteste que la personne ci-dessus bénéficie des "
            f"garanties frais de santé du contrat n° {contract.number} sur la période "
            f"indiquée. Attestation établie le {french_date(certificate.issued)} pour servir "
            "et valoir ce que de droit ; elle ne vaut pas prise en charge."
        ),
    )
    return bytes(pdf.output())

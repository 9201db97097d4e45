"""Letters (courriers) as PDF: benefit statements, premium calls, and the shorter letters.

:func:`letter_pdf` lays out one :class:`Letter` by its type. The back office passes the
payments of the letter's period (for a benefit statement) and the premium (for a premium
call); other types ignore what they do not need.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sandbox.dataset.records import Beneficiary, Letter, Member, Payment, Premium, Tenant
from sandbox.pdfs.layout import Document
from sandbox.pdfs.statement import statement_tables
from sandbox.pdfs.text import CIVILITY, day, long_day, masked_nir, money

METHODS = {"direct_debit": "prélèvement", "cheque": "chèque", "payroll": "précompte sur salaire"}
FREQUENCIES = {
    "monthly": "mensuelle",
    "quarterly": "trimestrielle",
    "half_yearly": "semestrielle",
    "yearly": "annuelle",
}
INSTALMENT_STATUS = {"paid": "Payée", "due": "À payer", "rejected": "Rejetée"}


def letter_pdf(
    tenant: Tenant,
    member: Member,
    letter: Letter,
    payments: Sequence[Payment],
    premium: Premium,
    *,
    beneficiaries: Sequence[Beneficiary] = (),
) -> bytes:
    """The letter as PDF bytes; same inputs, same bytes.

    ``beneficiaries`` (optional) lets a benefit statement print first names instead of
    beneficiary ids.
    """
    pdf = Document(tenant, letter.title, letter.date)
    pdf.recipient(member)
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(0, 5, f"Le {long_day(letter.date)}", align="R")
    pdf.ln(8)
    pdf.fields(
        [
            ("N° d'adhérent :", member.number),
            ("N° de contrat :", premium.contract_number),
            ("Référence :", letter.id),
        ],
        label_width=35,
    )
    pdf.heading(letter.title)
    greeting = f"{CIVILITY[member.civility]},"
    if letter.type == "benefit_statement":
        pdf.paragraph(greeting)
        pdf.paragraph(
            "Voici le relevé des prestations versées par votre mutuelle sur la période. "
            "Les montants sont en euros ; RO : part du régime obligatoire, RC : part de "
            "votre mutuelle, Autre : autre organisme complémentaire, RAC : reste à charge."
        )
        names = {b.id: b.first_name for b in beneficiaries}
        statement_tables(pdf, payments, names)
    elif letter.type == "premium_call":
        _premium_call(pdf, greeting, letter.date, premium)
    elif letter.type == "attestation":
        pdf.paragraph(
            f"{tenant.name} atteste que {CIVILITY[member.civility]} {member.first_name} "
            f"{member.last_name.upper()}, né(e) le {day(member.birth_date)}, n° de sécurité "
            f"sociale {masked_nir(member.nir)}, est adhérent(e) sous le numéro "
            f"{member.number} au contrat n° {premium.contract_number} et bénéficie à la date "
            f"du {day(letter.date)} des garanties frais de santé de ce contrat."
        )
        pdf.paragraph("Attestation délivrée pour servir et valoir ce que de droit.")
    elif letter.type == "tp_card":
        pdf.paragraph(greeting)
        pdf.paragraph(
            "Vous trouverez ci-joint votre nouvelle carte de tiers payant. Présentez-la avec "
            "votre carte Vitale à vos professionnels de santé : vous n'aurez pas à avancer "
            "la part prise en charge par votre mutuelle. Elle est aussi disponible à tout "
            "moment dans votre espace adhérent, en PDF ou sous forme de QR code."
        )
        pdf.paragraph("Pensez à détruire votre ancienne carte.")
    elif letter.type == "welcome":
        pdf.paragraph(greeting)
        pdf.paragraph(
            f"Nous sommes heureux de vous compter parmi les adhérents de {tenant.name}. "
            f"Votre numéro d'adhérent est le {member.number} : rappelez-le dans tous vos "
            "échanges avec nous. Votre espace adhérent vous permet de suivre vos "
            "remboursements, de télécharger votre carte de tiers payant et vos attestations, "
            "de modifier vos coordonnées et de nous écrire."
        )
        pdf.paragraph(
            f"Votre cotisation annuelle s'élève à {money(premium.annual_cents)}, payée par "
            f"{METHODS[premium.method]} selon une périodicité "
            f"{FREQUENCIES[premium.frequency]}."
        )
    else:
        pdf.paragraph(greeting)
        pdf.paragraph(
            "Nous vous informons de l'évolution des services de votre mutuelle. Les "
            "garanties de votre contrat restent inchangées. Retrouvez le détail de vos "
            "garanties, vos documents et vos remboursements dans votre espace adhérent. "
            "Vos conseillers restent à votre écoute par la messagerie de votre espace."
        )
    pdf.paragraph("Nous vous prions d'agréer nos salutations distinguées.")
    pdf.paragraph(f"Le service adhérents de {tenant.name}")
    return pdf.output_bytes()


def _premium_call(pdf: Document, greeting: str, when: date, premium: Premium) -> None:
    """Appel de cotisation: the instalments of the letter's year (all if none falls in it)."""
    pdf.paragraph(greeting)
    instalments = [i for i in premium.schedule if i.due_date.year == when.year]
    instalments = instalments or list(premium.schedule)
    pdf.paragraph(
        f"Votre cotisation annuelle pour {when.year} s'élève à {money(premium.annual_cents)}. "
        f"Elle est payée par {METHODS[premium.method]}, selon une périodicité "
        f"{FREQUENCIES[premium.frequency]}. Voici votre échéancier :"
    )
    rows = [
        [day(i.due_date), money(i.amount_cents), INSTALMENT_STATUS[i.status]] for i in instalments
    ]
    total = sum(i.amount_cents for i in instalments)
    rows.append(["Total", money(total), ""])
    pdf.grid(
        ["Échéance", "Montant", "Statut"],
        [50, 50, 50],
        rows,
        ["C", "R", "C"],
        bold_rows=frozenset({len(rows) - 1}),
        size=9,
    )
    if premium.method == "direct_debit":
        pdf.paragraph(
            "Les échéances sont prélevées sur votre compte à chaque date indiquée, "
            "conformément à votre mandat de prélèvement SEPA."
        )

"""Useful documents (documents utiles) as PDF: statutes, SEPA mandate, guide, notice, table.

The same text for every member of a mutuelle: a page or two of plausible content, dated
from the fixed edition date below so that the bytes never change.
"""

from __future__ import annotations

from datetime import date

from sandbox.dataset.records import Tenant, UsefulDocument
from sandbox.pdfs.layout import Document
from sandbox.pdfs.text import long_day

EDITION = date(2026, 1, 1)

STATUTES = [
    (
        "Article 1 - Dénomination et objet",
        "{name} est une mutuelle régie par le livre II du Code de la mutualité. Elle a pour "
        "objet de mener, dans l'intérêt de ses membres et de leurs ayants droit, une action "
        "de prévoyance, de solidarité et d'entraide, et de couvrir les frais de santé qu'ils "
        "engagent en complément du régime obligatoire.",
    ),
    (
        "Article 2 - Membres",
        "La mutuelle se compose de membres participants, qui bénéficient de ses prestations, "
        "et de membres honoraires. L'adhésion est constatée par la signature du bulletin "
        "d'adhésion, qui emporte acceptation des présents statuts et du règlement mutualiste.",
    ),
    (
        "Article 3 - Assemblée générale",
        "L'assemblée générale est composée des délégués élus par les membres. Elle se réunit "
        "au moins une fois par an, approuve les comptes et fixe les principes des cotisations "
        "et des prestations.",
    ),
    (
        "Article 4 - Cotisations et prestations",
        "Les cotisations sont fixées selon les garanties choisies et la composition de la "
        "famille. Les prestations sont servies dans les conditions du règlement mutualiste "
        "et du tableau de garanties, sans jamais excéder les frais réellement engagés.",
    ),
    (
        "Article 5 - Protection des données",
        "Les données personnelles, dont les données de santé, sont traitées dans le respect "
        "du secret médical et du RGPD. Chaque membre dispose d'un droit d'accès, de "
        "rectification et d'opposition auprès du délégué à la protection des données.",
    ),
]

GUIDE = [
    (
        "Vos remboursements",
        "Grâce à la télétransmission, vos remboursements arrivent en quelques jours après "
        "celui de l'Assurance maladie. Consultez-les dans votre espace adhérent, par période "
        "et par bénéficiaire, et téléchargez vos relevés.",
    ),
    (
        "Votre carte de tiers payant",
        "Présentez-la avec votre carte Vitale : vous n'avancez pas les frais pris en charge. "
        "Elle est téléchargeable à tout moment et peut être rééditée sur demande.",
    ),
    (
        "Vos devis",
        "Avant des soins dentaires, optiques, auditifs ou une hospitalisation, transmettez-nous "
        "votre devis : nous vous indiquons votre reste à charge. Nos réseaux de soins "
        "partenaires vous donnent accès à des tarifs négociés.",
    ),
    (
        "Nous contacter",
        "Écrivez-nous depuis la messagerie de votre espace adhérent ; joignez vos justificatifs "
        "(RIB, acte de naissance...) au format PDF, JPEG ou PNG, 5 Mo au plus.",
    ),
]

NOTICE = [
    (
        "Objet de la notice",
        "Cette notice d'information résume les garanties de votre contrat, les formalités "
        "d'adhésion, la vie du contrat et les modalités de résiliation.",
    ),
    (
        "Contrat responsable",
        "Votre contrat respecte le cahier des charges des contrats responsables : il ne prend "
        "pas en charge la participation forfaitaire ni les franchises médicales, et couvre "
        "les équipements du panier 100 % Santé sans reste à charge.",
    ),
    (
        "Résiliation",
        "Après un an d'adhésion, vous pouvez résilier à tout moment, sans frais ; la "
        "résiliation prend effet un mois après sa notification.",
    ),
    (
        "Réclamations et médiation",
        "En cas de désaccord, adressez une réclamation au service adhérents ; si la réponse "
        "ne vous satisfait pas, vous pouvez saisir le médiateur de la mutualité.",
    ),
]

BENEFITS = [
    ("Consultation médecin généraliste", "100 % BR", "150 % BR", "200 % BR"),
    ("Consultation spécialiste", "100 % BR", "150 % BR", "200 % BR"),
    ("Pharmacie (65 %, 30 %, 15 %)", "100 % BR", "100 % BR", "100 % BR"),
    ("Auxiliaires médicaux", "100 % BR", "100 % BR", "150 % BR"),
    ("Soins dentaires", "100 % BR", "125 % BR", "150 % BR"),
    ("Prothèses dentaires hors 100 % Santé", "125 % BR", "200 % BR", "300 % BR"),
    ("Optique 100 % Santé (classe A)", "100 % Santé", "100 % Santé", "100 % Santé"),
    ("Optique classe B (par équipement)", "100 EUR", "200 EUR", "350 EUR"),
    ("Aide auditive 100 % Santé (classe I)", "100 % Santé", "100 % Santé", "100 % Santé"),
    ("Hospitalisation - honoraires", "100 % BR", "150 % BR", "200 % BR"),
    ("Forfait journalier hospitalier", "Frais réels", "Frais réels", "Frais réels"),
    ("Chambre particulière (par jour)", "-", "40 EUR", "70 EUR"),
]


def useful_document_pdf(tenant: Tenant, document: UsefulDocument) -> bytes:
    """The document as PDF bytes; the same for every member, byte for byte."""
    pdf = Document(tenant, document.title, EDITION)
    pdf.heading(document.title)
    pdf.paragraph(f"Édition du {long_day(EDITION)}", size=8)
    if document.kind == "sepa_mandate":
        _sepa_mandate(pdf, tenant)
    elif document.kind == "benefits_table":
        pdf.paragraph(
            "Remboursements exprimés en pourcentage de la base de remboursement (BR) de "
            "l'Assurance maladie, régime obligatoire inclus, ou en euros par an et par "
            "bénéficiaire. Dans la limite des frais réellement engagés."
        )
        pdf.grid(
            ["Poste de soins", "Essentiel", "Confort", "Sérénité"],
            [75, 35, 35, 35],
            [list(row) for row in BENEFITS],
            ["L", "C", "C", "C"],
            size=9,
        )
    else:
        sections = {"statutes": STATUTES, "guide": GUIDE, "notice": NOTICE}[document.kind]
        for title, text in sections:
            pdf.heading(title, size=11)
            pdf.paragraph(text.format(name=tenant.name))
    return pdf.output_bytes()


def _sepa_mandate(pdf: Document, tenant: Tenant) -> None:
    creditor_id = f"FR{int(tenant.amc_number) % 97:02d}ZZZ{tenant.amc_number[-6:]}"
    pdf.paragraph(
        f"En signant ce formulaire de mandat, vous autorisez {tenant.name} à envoyer des "
        "instructions à votre banque pour débiter votre compte, et votre banque à débiter "
        f"votre compte conformément aux instructions de {tenant.name}. Vous bénéficiez du "
        "droit d'être remboursé par votre banque selon les conditions décrites dans la "
        "convention que vous avez passée avec elle. Une demande de remboursement doit être "
        "présentée dans les 8 semaines suivant la date de débit de votre compte pour un "
        "prélèvement autorisé."
    )
    pdf.fields(
        [
            ("Créancier :", tenant.name),
            ("Identifiant créancier SEPA :", creditor_id),
            ("Type de paiement :", "Paiement récurrent"),
            ("Référence unique du mandat :", "(attribuée à l'adhésion)"),
        ],
        label_width=60,
    )
    pdf.heading("Débiteur", size=11)
    pdf.fields(
        [
            ("Nom, prénom :", "_" * 50),
            ("Adresse :", "_" * 50),
            ("IBAN :", "_" * 50),
            ("BIC :", "_" * 20),
            ("Fait à, le :", "_" * 30),
            ("Signature :", ""),
        ],
        label_width=40,
    )

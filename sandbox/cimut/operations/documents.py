"""Courriers, documents utiles, carte de tiers payant and attestation operations.

Lists carry codes (CodeTypeCourrier, CodeTypeDocument); downloads return a Fichier with the
PDF in base64 (``xs:base64Binary``), its name, MIME type and size.
"""

from __future__ import annotations

from lxml import etree

from sandbox.backoffice import BackOffice
from sandbox.cimut import quirks
from sandbox.cimut.envelope import add, child, element
from sandbox.cimut.operations.common import Handler, add_file
from sandbox.cimut.reader import RequestReader


def lister_courriers(office: BackOffice, request: RequestReader) -> etree._Element:
    type_code = request.opt("codeTypeCourrier")
    letter_type = quirks.reverse(quirks.LETTER_TYPE, type_code) if type_code else None
    letters = office.letters(
        request.member, request.date("dateDebut"), request.date("dateFin"), letter_type
    )
    response = element("ListerCourriersResponse")
    for letter in letters:
        courrier = child(response, "courrier")
        add(courrier, "identifiantCourrier", letter.id)
        add(courrier, "dateCourrier", quirks.fr_date(letter.date))
        add(courrier, "codeTypeCourrier", quirks.code(quirks.LETTER_TYPE, letter.type))
        add(courrier, "libelleCourrier", letter.title)
    return response


def telecharger_courrier(office: BackOffice, request: RequestReader) -> etree._Element:
    letter_id = request.text("identifiantCourrier")
    pdf = office.letter_pdf(request.member, letter_id)
    response = element("TelechargerCourrierResponse")
    add_file(response, f"courrier-{letter_id}.pdf", pdf)
    return response


def lister_documents_utiles(office: BackOffice, request: RequestReader) -> etree._Element:
    response = element("ListerDocumentsUtilesResponse")
    for document in office.useful_documents(request.member):
        node = child(response, "documentUtile")
        add(node, "identifiantDocument", document.id)
        add(node, "codeTypeDocument", quirks.code(quirks.DOCUMENT_KIND, document.kind))
        add(node, "libelleDocument", document.title)
    return response


def telecharger_document_utile(office: BackOffice, request: RequestReader) -> etree._Element:
    document_id = request.text("identifiantDocument")
    pdf = office.useful_document_pdf(request.member, document_id)
    response = element("TelechargerDocumentUtileResponse")
    add_file(response, f"document-{document_id}.pdf", pdf)
    return response


def consulter_carte_tiers_payant(office: BackOffice, request: RequestReader) -> etree._Element:
    card = office.tp_card(request.member)
    response = element("ConsulterCarteTiersPayantResponse")
    carte = child(response, "carteTiersPayant")
    add(carte, "numeroAdherent", card.member_number)
    add(carte, "numeroAMC", card.amc_number)
    add(carte, "dateDebutValidite", quirks.fr_date(card.valid_from))
    add(carte, "dateFinValidite", quirks.fr_date(card.valid_to))
    for beneficiary_id in card.beneficiary_ids:
        add(carte, "identifiantBeneficiaire", beneficiary_id)
    for domain_code, value in card.domains:
        domaine = child(carte, "domaine")
        add(domaine, "codeDomaine", domain_code)
        add(domaine, "valeur", value)
    return response


def telecharger_carte_tiers_payant(office: BackOffice, request: RequestReader) -> etree._Element:
    pdf = office.tp_card_pdf(request.member)
    response = element("TelechargerCarteTiersPayantResponse")
    add_file(response, f"carte-tiers-payant-{request.member}.pdf", pdf)
    return response


def telecharger_attestation(office: BackOffice, request: RequestReader) -> etree._Element:
    pdf = office.attestation_pdf(request.member)
    response = element("TelechargerAttestationResponse")
    add_file(response, f"attestation-{request.member}.pdf", pdf)
    return response


HANDLERS: dict[str, Handler] = {
    "ListerCourriers": lister_courriers,
    "TelechargerCourrier": telecharger_courrier,
    "ListerDocumentsUtiles": lister_documents_utiles,
    "TelechargerDocumentUtile": telecharger_document_utile,
    "ConsulterCarteTiersPayant": consulter_carte_tiers_payant,
    "TelechargerCarteTiersPayant": telecharger_carte_tiers_payant,
    "TelechargerAttestation": telecharger_attestation,
}

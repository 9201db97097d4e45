"""Demandes de modification and their follow-up (suivi des demandes).

Each change operation answers the Demande the back office created (its id, type code,
status code 10/20/30/40, timestamps, summary, kept attachments). Attachments arrive as
PieceJointe (base64 content, file name, MIME type); the back office keeps their
description (size, SHA-256), not their bytes.
"""

from __future__ import annotations

from lxml import etree

from sandbox.backoffice import BackOffice, BusinessError
from sandbox.cimut import quirks
from sandbox.cimut.envelope import element
from sandbox.cimut.operations.common import Handler, add_request
from sandbox.cimut.reader import RequestReader
from sandbox.dataset.records import BankAccount, ChangeRequest


def _answer(name: str, *requests: ChangeRequest) -> etree._Element:
    response = element(name)
    for change in requests:
        add_request(response, change)
    return response


def modifier_coordonnees(office: BackOffice, request: RequestReader) -> etree._Element:
    email = request.opt("email")
    mobile = request.opt("telephonePortable")
    home = request.opt("telephoneFixe")
    if email is None and mobile is None and home is None:
        raise BusinessError("INVALID_REQUEST", "Aucune coordonnée à modifier")
    change = office.update_contact(
        request.member, email=email, phone_mobile=mobile, phone_home=home
    )
    return _answer("ModifierCoordonneesResponse", change)


def modifier_adresse(office: BackOffice, request: RequestReader) -> etree._Element:
    change = office.update_address(
        request.member,
        line1=request.text("ligne1").strip(),
        line2=(request.opt("ligne2") or "").strip() or None,
        postcode=request.text("codePostal"),
        town=request.text("commune").strip(),
    )
    return _answer("ModifierAdresseResponse", change)


def modifier_rib(office: BackOffice, request: RequestReader) -> etree._Element:
    usage = request.text("codeUsage")
    account = BankAccount(
        purpose="premium" if usage == "COTI" else "reimbursement",
        holder=request.text("titulaire").strip(),
        iban=quirks.compact(request.text("iban")),
        bic=quirks.compact(request.text("bic")),
        bank_name=request.text("domiciliation").strip(),
    )
    upload = request.upload("pieceJointe")
    change = office.update_bank_account(request.member, account, upload.attachment)
    return _answer("ModifierRibResponse", change)


def ajouter_beneficiaire(office: BackOffice, request: RequestReader) -> etree._Element:
    birth_date = request.date("dateNaissance")
    assert birth_date is not None  # required by the XSD
    nir = request.opt("nir")
    change = office.add_beneficiary(
        request.member,
        last_name=request.text("nom").strip(),
        first_name=request.text("prenom").strip(),
        birth_date=birth_date,
        quality=request.text("codeQualite"),
        regime=request.text("codeRegime"),
        nir=quirks.compact(nir) if nir else None,
        attachment=request.upload("pieceJointe").attachment,
    )
    return _answer("AjouterBeneficiaireResponse", change)


def radier_beneficiaire(office: BackOffice, request: RequestReader) -> etree._Element:
    reason_code = request.text("codeMotifRadiation")
    comment = (request.opt("commentaire") or "").strip()
    reason = quirks.REMOVAL_REASON[reason_code]
    change = office.remove_beneficiary(
        request.member,
        request.text("identifiantBeneficiaire"),
        f"{reason} : {comment}" if comment else reason,
        request.date("dateEffet"),  # optional: the back office dates it when absent
    )
    return _answer("RadierBeneficiaireResponse", change)


def demander_carte_tiers_payant(office: BackOffice, request: RequestReader) -> etree._Element:
    # codeMotif is informative: the back office reissues the card whatever the reason.
    return _answer("DemanderCarteTiersPayantResponse", office.reissue_tp_card(request.member))


def modifier_preferences(office: BackOffice, request: RequestReader) -> etree._Element:
    paperless = request.flag("releveDematerialise")
    notifications = request.flag("notificationRemboursement")
    if paperless is None and notifications is None:
        raise BusinessError("INVALID_REQUEST", "Aucune préférence à modifier")
    changes: list[ChangeRequest] = []
    if paperless is not None:
        changes.append(office.set_paperless(request.member, paperless))
    if notifications is not None:
        changes.append(office.set_notifications(request.member, notifications))
    return _answer("ModifierPreferencesResponse", *changes)


def lister_demandes(office: BackOffice, request: RequestReader) -> etree._Element:
    return _answer("ListerDemandesResponse", *office.change_requests(request.member))


def consulter_demande(office: BackOffice, request: RequestReader) -> etree._Element:
    change = office.change_request(request.member, request.text("identifiantDemande"))
    return _answer("ConsulterDemandeResponse", change)


HANDLERS: dict[str, Handler] = {
    "ModifierCoordonnees": modifier_coordonnees,
    "ModifierAdresse": modifier_adresse,
    "ModifierRib": modifier_rib,
    "AjouterBeneficiaire": ajouter_beneficiaire,
    "RadierBeneficiaire": radier_beneficiaire,
    "DemanderCarteTiersPayant": demander_carte_tiers_payant,
    "ModifierPreferences": modifier_preferences,
    "ListerDemandes": lister_demandes,
    "ConsulterDemande": consulter_demande,
}

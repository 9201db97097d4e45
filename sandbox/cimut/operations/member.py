"""Adhérent, bénéficiaires, contrat and cotisations operations.

ConsulterAdherent, ListerBeneficiaires, ConsulterContrat, ConsulterCotisations: reads of
the member's file, in the legacy shapes of the XSD (types Adherent, Beneficiaire, Contrat,
Cotisation).
"""

from __future__ import annotations

from lxml import etree

from sandbox.backoffice import BackOffice
from sandbox.cimut import quirks
from sandbox.cimut.envelope import add, child, element
from sandbox.cimut.operations.common import Handler, add_date
from sandbox.cimut.reader import RequestReader
from sandbox.dataset.records import Beneficiary, Guarantee


def consulter_adherent(office: BackOffice, request: RequestReader) -> etree._Element:
    member = office.member(request.member)
    response = element("ConsulterAdherentResponse")
    adherent = child(response, "adherent")
    add(adherent, "numeroAdherent", member.number)
    add(adherent, "civilite", member.civility)
    add(adherent, "nom", member.last_name)
    add(adherent, "prenom", member.first_name)
    add(adherent, "dateNaissance", quirks.fr_date(member.birth_date))
    add(adherent, "nir", quirks.compact(member.nir))
    add(adherent, "email", member.email or None)
    add(adherent, "telephonePortable", quirks.phone(member.phone_mobile))
    add(adherent, "telephoneFixe", quirks.phone(member.phone_home))
    adresse = child(adherent, "adresse")
    address = member.address
    add(adresse, "ligne1", address.line1)
    add(adresse, "ligne2", address.line2 or None)
    add(adresse, "codePostal", address.postcode)
    add(adresse, "commune", address.town)
    add(adresse, "codeInsee", address.insee or None)
    add(adresse, "codePays", address.country)
    add(adherent, "codeSituationFamille", member.family_situation)
    if member.last_login is not None:
        add(adherent, "dateHeureDerniereConnexion", quirks.fr_datetime(member.last_login))
    add(adherent, "releveDematerialise", quirks.yes_no(member.paperless))
    add(adherent, "notificationRemboursement", quirks.yes_no(member.notifications))
    for account in member.bank_accounts:
        compte = child(adherent, "compteBancaire")
        add(compte, "codeUsage", quirks.code(quirks.ACCOUNT_USAGE, account.purpose))
        add(compte, "titulaire", account.holder)
        add(compte, "iban", quirks.compact(account.iban))
        add(compte, "bic", account.bic)
        add(compte, "domiciliation", account.bank_name)
    return response


def _beneficiary(parent: etree._Element, beneficiary: Beneficiary) -> None:
    node = child(parent, "beneficiaire")
    add(node, "identifiantBeneficiaire", beneficiary.id)
    add(node, "nom", beneficiary.last_name)
    add(node, "prenom", beneficiary.first_name)
    add(node, "dateNaissance", quirks.fr_date(beneficiary.birth_date))
    add(node, "codeSexe", beneficiary.sex)
    add(node, "codeQualite", beneficiary.quality)
    add(node, "rangNaissance", beneficiary.birth_rank)
    add(node, "codeRegime", beneficiary.regime)
    add(node, "nir", quirks.compact(beneficiary.nir) if beneficiary.nir else None)
    add(node, "dateEntree", quirks.fr_date(beneficiary.open_date))
    add_date(node, "dateSortie", beneficiary.close_date)
    add(node, "ayantDroitAutonome", quirks.yes_no(beneficiary.autonomous))


def lister_beneficiaires(office: BackOffice, request: RequestReader) -> etree._Element:
    response = element("ListerBeneficiairesResponse")
    for beneficiary in office.beneficiaries(request.member):
        _beneficiary(response, beneficiary)
    return response


def _guarantee(parent: etree._Element, guarantee: Guarantee) -> None:
    node = child(parent, "garantie")
    add(node, "codeGarantie", guarantee.code)
    add(node, "libelleGarantie", guarantee.label)
    add(node, "codeFamille", quirks.care_category(guarantee.category))
    add(node, "codeTypeGarantie", quirks.code(quirks.GUARANTEE_KIND, guarantee.kind))
    add(node, "taux", guarantee.rate_percent)
    if guarantee.flat_cents is not None:
        add(node, "montantForfait", quirks.amount(guarantee.flat_cents))


def consulter_contrat(office: BackOffice, request: RequestReader) -> etree._Element:
    contract = office.contract(request.member)
    response = element("ConsulterContratResponse")
    contrat = child(response, "contrat")
    add(contrat, "numeroContrat", contract.number)
    add(contrat, "numeroAdherent", contract.member_number)
    add(contrat, "codeOffre", contract.offer_code)
    add(contrat, "libelleOffre", contract.offer_label)
    add(contrat, "codeEtat", quirks.code(quirks.CONTRACT_STATUS, contract.status))
    add(contrat, "codeTypeContrat", quirks.code(quirks.CONTRACT_KIND, contract.kind))
    add(contrat, "raisonSocialeEmployeur", contract.employer or None)
    add(contrat, "dateSouscription", quirks.fr_date(contract.subscription_date))
    add(contrat, "dateEffet", quirks.fr_date(contract.effective_date))
    add_date(contrat, "dateResiliation", contract.termination_date)
    for coverage in contract.coverages:
        couverture = child(contrat, "couverture")
        add(couverture, "identifiantBeneficiaire", coverage.beneficiary_id)
        add(couverture, "codeOffre", coverage.offer_code)
        add(couverture, "dateDebut", quirks.fr_date(coverage.start))
        add_date(couverture, "dateFin", coverage.end)
        for guarantee in coverage.guarantees:
            _guarantee(couverture, guarantee)
    return response


def consulter_cotisations(office: BackOffice, request: RequestReader) -> etree._Element:
    premium = office.premium(request.member)
    response = element("ConsulterCotisationsResponse")
    cotisation = child(response, "cotisation")
    add(cotisation, "numeroContrat", premium.contract_number)
    add(cotisation, "codeModePaiement", quirks.code(quirks.PREMIUM_METHOD, premium.method))
    add(cotisation, "codePeriodicite", quirks.code(quirks.PREMIUM_FREQUENCY, premium.frequency))
    add(cotisation, "montantAnnuel", quirks.amount(premium.annual_cents))
    schedule = sorted(premium.schedule, key=lambda instalment: instalment.due_date)
    upcoming = [instalment for instalment in schedule if instalment.status == "due"]
    if upcoming:
        add(cotisation, "dateProchaineEcheance", quirks.fr_date(upcoming[0].due_date))
        add(cotisation, "montantProchaineEcheance", quirks.amount(upcoming[0].amount_cents))
    for instalment in schedule:
        echeance = child(cotisation, "echeance")
        add(echeance, "dateEcheance", quirks.fr_date(instalment.due_date))
        add(echeance, "montant", quirks.amount(instalment.amount_cents))
        add(echeance, "codeStatut", quirks.code(quirks.INSTALMENT_STATUS, instalment.status))
    return response


HANDLERS: dict[str, Handler] = {
    "ConsulterAdherent": consulter_adherent,
    "ListerBeneficiaires": lister_beneficiaires,
    "ConsulterContrat": consulter_contrat,
    "ConsulterCotisations": consulter_cotisations,
}

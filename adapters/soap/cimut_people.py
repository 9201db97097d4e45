"""Cimut replies about people and contracts → port records.

Readers for the zeep objects of ConsulterAdherent (type Adherent), ListerBeneficiaires
(Beneficiaire), ConsulterContrat (Contrat) and ConsulterCotisations (Cotisation). They take
what zeep parsed (attribute access on ``zeep.objects``) and raise ValueError (or
KeyError/AttributeError) on anything the contract does not allow; the caller reads inside
``CimutSession.reading`` which makes that a ``MalformedResponse``.
"""

from __future__ import annotations

from typing import Any

from adapters.port.codes import BeneficiaryQuality, Civility, FamilySituation
from adapters.port.contracts import Contract, Coverage, Guarantee, Premium, PremiumInstalment
from adapters.port.members import BankAccount, Beneficiary, Member, MemberRef, PostalAddress
from adapters.soap import cimut_codes as codes
from adapters.soap.cimut_quirks import (
    many,
    optional_text,
    parse_amount,
    parse_date,
    parse_flag,
    parse_optional_amount,
    parse_optional_date,
    parse_optional_datetime,
    text,
)


def member(ref: MemberRef, adherent: Any) -> Member:
    """Type Adherent → Member (the phones stay in Cimut's national format)."""
    if text(adherent.numeroAdherent) != ref.number:
        raise ValueError("another member's file")
    adresse = adherent.adresse
    family = optional_text(adherent.codeSituationFamille)
    return Member(
        ref=ref,
        civility=Civility(text(adherent.civilite)),
        last_name=text(adherent.nom),
        first_name=text(adherent.prenom),
        birth_date=parse_date(adherent.dateNaissance),
        nir=optional_text(adherent.nir),
        email=optional_text(adherent.email),
        mobile_phone=optional_text(adherent.telephonePortable),
        home_phone=optional_text(adherent.telephoneFixe),
        address=PostalAddress(
            line1=text(adresse.ligne1),
            line2=optional_text(adresse.ligne2),
            postcode=text(adresse.codePostal),
            town=text(adresse.commune),
            country=optional_text(adresse.codePays) or "FR",
        ),
        family_situation=FamilySituation(family) if family else None,
        last_login=parse_optional_datetime(adherent.dateHeureDerniereConnexion),
        paperless=parse_flag(adherent.releveDematerialise),
        notifications=parse_flag(adherent.notificationRemboursement),
        bank_accounts=tuple(_account(compte) for compte in many(adherent.compteBancaire)),
    )


def _account(compte: Any) -> BankAccount:
    return BankAccount(
        purpose=codes.decode(codes.ACCOUNT_USAGE, compte.codeUsage),
        holder=text(compte.titulaire),
        iban=text(compte.iban).replace(" ", "").upper(),
        bic=text(compte.bic).upper(),
        bank_name=optional_text(compte.domiciliation),
    )


def beneficiaries(reply: Any) -> tuple[Beneficiary, ...]:
    """ListerBeneficiairesResponse → the beneficiaries, adhérent first (as Cimut sends)."""
    found = tuple(_beneficiary(item) for item in many(reply))
    # The contract promises the adhérent first; keep that promise even if Cimut forgets.
    return tuple(sorted(found, key=lambda b: b.quality is not BeneficiaryQuality.INSURED))


def _beneficiary(item: Any) -> Beneficiary:
    return Beneficiary(
        id=text(item.identifiantBeneficiaire),
        last_name=text(item.nom),
        first_name=text(item.prenom),
        birth_date=parse_date(item.dateNaissance),
        quality=BeneficiaryQuality(text(item.codeQualite)),
        regime=codes.regime(item.codeRegime),
        birth_rank=text(item.rangNaissance),
        nir=optional_text(item.nir),
        open_date=parse_date(item.dateEntree),
        close_date=parse_optional_date(item.dateSortie),
        autonomous=parse_flag(item.ayantDroitAutonome),
    )


def contract(contrat: Any) -> Contract:
    """Type Contrat → Contract with each beneficiary's coverage.

    Cimut does not link the benefits table to the contract: its document id stays None (it
    is listed by ``useful_documents`` as a BENEFITS_TABLE).
    """
    return Contract(
        number=text(contrat.numeroContrat),
        offer_code=text(contrat.codeOffre),
        offer_label=text(contrat.libelleOffre),
        status=codes.decode(codes.CONTRACT_STATUS, contrat.codeEtat),
        kind=codes.decode(codes.CONTRACT_KIND, contrat.codeTypeContrat),
        employer=optional_text(contrat.raisonSocialeEmployeur),
        subscription_date=parse_date(contrat.dateSouscription),
        effective_date=parse_date(contrat.dateEffet),
        termination_date=parse_optional_date(contrat.dateResiliation),
        coverages=tuple(_coverage(item) for item in many(contrat.couverture)),
    )


def _coverage(couverture: Any) -> Coverage:
    return Coverage(
        beneficiary_id=text(couverture.identifiantBeneficiaire),
        offer_code=text(couverture.codeOffre),
        start=parse_date(couverture.dateDebut),
        end=parse_optional_date(couverture.dateFin),
        guarantees=tuple(_guarantee(item) for item in many(couverture.garantie)),
    )


def _guarantee(garantie: Any) -> Guarantee:
    rate = garantie.taux
    return Guarantee(
        code=text(garantie.codeGarantie),
        label=text(garantie.libelleGarantie),
        category=codes.care_category(garantie.codeFamille),
        kind=codes.decode(codes.GUARANTEE_KIND, garantie.codeTypeGarantie),
        rate_percent=None if rate is None else int(rate),
        flat_amount=parse_optional_amount(garantie.montantForfait),
    )


def premium(cotisation: Any) -> Premium:
    """Type Cotisation → Premium, the schedule ordered by due date."""
    schedule = sorted(
        (
            PremiumInstalment(
                due_date=parse_date(echeance.dateEcheance),
                amount=parse_amount(echeance.montant),
                status=codes.decode(codes.INSTALMENT_STATUS, echeance.codeStatut),
            )
            for echeance in many(cotisation.echeance)
        ),
        key=lambda instalment: instalment.due_date,
    )
    return Premium(
        contract_number=text(cotisation.numeroContrat),
        method=codes.decode(codes.PREMIUM_METHOD, cotisation.codeModePaiement),
        frequency=codes.decode(codes.PREMIUM_FREQUENCY, cotisation.codePeriodicite),
        annual_amount=parse_amount(cotisation.montantAnnuel),
        schedule=tuple(schedule),
    )

"""Every Cimut operation over a real socket with zeep, checked against the back office.

zeep loads the WSDL *file* and signs each call with a WS-Security UsernameToken; every
response is validated against the XSD by the SchemaCheck plugin; values are compared with
the dataset (amounts parsed back to cents, dates in dd/MM/yyyy).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from typing import Any

import pytest
from schwifty import IBAN

from sandbox.backoffice import BackOffice, PaymentQuery
from sandbox.cimut.operations import OPERATIONS
from sandbox.dataset.records import Payment, RecipientKind
from tests.sandbox.cimut_support import (
    CimutSandbox,
    SchemaCheck,
    cents,
    fr,
    running,
    soap_request,
)

pytestmark = pytest.mark.integration

RIB_PDF = b"%PDF-1.4 rib"
PDF: dict[str, Any] = {"nomFichier": "rib.pdf", "typeMime": "application/pdf", "contenu": RIB_PDF}


@pytest.fixture(scope="module")
def cimut() -> Iterator[CimutSandbox]:
    with running() as sandbox:
        yield sandbox


@pytest.fixture
def check() -> SchemaCheck:
    return SchemaCheck()


@pytest.fixture
def service(cimut: CimutSandbox, check: SchemaCheck) -> Iterator[Any]:
    cimut.reset()
    yield cimut.service(check=check)
    cimut.reset()


@pytest.fixture(scope="module")
def office(cimut: CimutSandbox) -> BackOffice:
    return cimut.office()


@pytest.fixture(scope="module")
def numbers(cimut: CimutSandbox) -> list[str]:
    return cimut.dataset.member_numbers("azur", 50)


def _individual(office: BackOffice, numbers: list[str], min_beneficiaries: int = 1) -> str:
    for number in numbers:
        open_ones = [b for b in office.beneficiaries(number) if b.close_date is None]
        if office.contract(number).kind == "individual" and len(open_ones) >= min_beneficiaries:
            return number
    raise AssertionError("no individual contract in the sample")


def _most_payments(office: BackOffice, numbers: list[str]) -> str:
    return max(numbers, key=lambda n: office.search_payments(n, PaymentQuery(limit=1)).total)


def test_every_operation_answers_and_is_counted(
    cimut: CimutSandbox, service: Any, office: BackOffice, numbers: list[str], check: SchemaCheck
) -> None:
    number = _individual(office, numbers, min_beneficiaries=2)
    letter = office.letters(number, None, None, None)[0]
    document = office.useful_documents(number)[0]
    removable = next(
        b for b in office.beneficiaries(number) if b.quality != "00" and b.close_date is None
    )
    iban = str(IBAN.generate("FR", bank_code="30006", account_code="00011234567"))
    calls: dict[str, dict[str, Any] | None] = {
        "ConsulterAdherent": {},
        "ListerBeneficiaires": {},
        "ConsulterContrat": {},
        "ConsulterCotisations": {},
        "RechercherPrestations": {},
        "DetaillerPrestations": {"identifiantPaiement": ["inconnu"]},
        "ListerCourriers": {},
        "TelechargerCourrier": {"identifiantCourrier": letter.id},
        "ListerDocumentsUtiles": {},
        "TelechargerDocumentUtile": {"identifiantDocument": document.id},
        "ConsulterCarteTiersPayant": {},
        "TelechargerCarteTiersPayant": {},
        "TelechargerAttestation": {},
        "ModifierCoordonnees": {"email": "nouvelle.adresse@example.org"},
        "ModifierAdresse": {"ligne1": "3 rue des Lilas", "codePostal": "06000", "commune": "Nice"},
        "ModifierRib": {
            "codeUsage": "REMB",
            "titulaire": "Titulaire Test",
            "iban": iban,
            "bic": "AGRIFRPPXXX",
            "domiciliation": "Banque",
            "pieceJointe": PDF,
        },
        "AjouterBeneficiaire": {
            "nom": "Test",
            "prenom": "Enfant",
            "dateNaissance": "01/02/2024",
            "codeQualite": "06",
            "codeRegime": "01",
            "pieceJointe": PDF,
        },
        "RadierBeneficiaire": {
            "identifiantBeneficiaire": removable.id,
            "codeMotifRadiation": "MU",
        },
        "DemanderCarteTiersPayant": {"codeMotif": "PER"},
        "ModifierPreferences": {"releveDematerialise": "O"},
        "ListerDemandes": {},
        "ConsulterDemande": None,  # needs an id from ListerDemandes
        "ListerMessages": {},
        "EnvoyerMessage": {"objet": "Question", "corps": "Bonjour"},
        "ListerDevis": {},
    }
    assert set(calls) == set(OPERATIONS)
    for operation, arguments in calls.items():
        if arguments is None:
            request_id = service.ListerDemandes(numeroAdherent=number)[0]["identifiantDemande"]
            arguments = {"identifiantDemande": request_id}
        getattr(service, operation)(numeroAdherent=number, **arguments)
    assert set(check.checked) == {f"{op}Response" for op in OPERATIONS}
    stats = cimut.stats()
    assert {op: stats.get(op) for op in OPERATIONS} == {
        op: (2 if op == "ListerDemandes" else 1) for op in OPERATIONS
    }


def test_consulter_adherent(service: Any, office: BackOffice, numbers: list[str]) -> None:
    member = office.member(numbers[0])
    adherent = service.ConsulterAdherent(numeroAdherent=member.number)
    assert adherent.numeroAdherent == member.number
    assert (adherent.nom, adherent.prenom) == (member.last_name, member.first_name)
    assert adherent.dateNaissance == fr(member.birth_date)
    assert adherent.nir == member.nir.replace(" ", "")
    assert adherent.civilite == member.civility
    assert adherent.adresse.codePostal == member.address.postcode
    assert adherent.adresse.commune == member.address.town
    assert adherent.codeSituationFamille == member.family_situation
    assert adherent.releveDematerialise == ("O" if member.paperless else "N")
    assert adherent.notificationRemboursement == ("O" if member.notifications else "N")
    accounts = {a.codeUsage: a for a in adherent.compteBancaire}
    for account in member.bank_accounts:
        usage = "REMB" if account.purpose == "reimbursement" else "COTI"
        assert accounts[usage].iban == account.iban.replace(" ", "")


def test_lister_beneficiaires(service: Any, office: BackOffice, numbers: list[str]) -> None:
    number = _individual(office, numbers, min_beneficiaries=2)
    expected = office.beneficiaries(number)
    answered = service.ListerBeneficiaires(numeroAdherent=number)
    assert [b.identifiantBeneficiaire for b in answered] == [b.id for b in expected]
    assert answered[0].codeQualite == "00"
    for got, want in zip(answered, expected, strict=True):
        assert got.codeQualite == want.quality and got.codeRegime == want.regime
        assert got.dateNaissance == fr(want.birth_date)
        assert got.dateEntree == fr(want.open_date) and got.dateSortie == fr(want.close_date)


def test_consulter_contrat(service: Any, office: BackOffice, numbers: list[str]) -> None:
    for number in numbers[:10]:
        contract = office.contract(number)
        contrat = service.ConsulterContrat(numeroAdherent=number)
        assert contrat.numeroContrat == contract.number
        assert contrat.codeTypeContrat == ("C" if contract.kind == "collective" else "I")
        assert contrat.codeEtat == ("EC" if contract.status == "open" else "RS")
        assert contrat.dateEffet == fr(contract.effective_date)
        assert len(contrat.couverture) == len(contract.coverages)
        for got, want in zip(contrat.couverture, contract.coverages, strict=True):
            assert got.identifiantBeneficiaire == want.beneficiary_id
            assert [g.codeGarantie for g in got.garantie] == [g.code for g in want.guarantees]
            for garantie, guarantee in zip(got.garantie, want.guarantees, strict=True):
                assert garantie.taux == guarantee.rate_percent
                if guarantee.flat_cents is not None:
                    assert cents(garantie.montantForfait) == guarantee.flat_cents


def test_consulter_cotisations(service: Any, office: BackOffice, numbers: list[str]) -> None:
    premium = office.premium(numbers[1])
    cotisation = service.ConsulterCotisations(numeroAdherent=numbers[1])
    assert cents(cotisation.montantAnnuel) == premium.annual_cents
    schedule = sorted(premium.schedule, key=lambda i: i.due_date)
    assert [(e.dateEcheance, cents(e.montant)) for e in cotisation.echeance] == [
        (fr(i.due_date), i.amount_cents) for i in schedule
    ]
    due = [i for i in schedule if i.status == "due"]
    if due:
        assert cotisation.dateProchaineEcheance == fr(due[0].due_date)


def _check_header(prestation: Any, payment: Payment) -> None:
    assert prestation.identifiantPaiement == payment.id
    assert prestation.datePaiement == fr(payment.date)
    assert cents(prestation.montantTotal) == payment.total_cents
    assert prestation.codeDestinataire == ("A" if payment.recipient_kind == "member" else "P")
    assert prestation.nombreLignes == len(payment.lines)


def test_rechercher_prestations_pages_and_filters(
    service: Any, office: BackOffice, numbers: list[str]
) -> None:
    number = _most_payments(office, numbers)
    everything = office.search_payments(number, PaymentQuery(limit=1000))
    assert everything.total >= 3
    page = service.RechercherPrestations(numeroAdherent=number, numeroPage=2, nombreParPage=2)
    assert page.nombreTotal == everything.total
    assert (page.numeroPage, page.nombreParPage) == (2, 2)
    for prestation, payment in zip(page.prestation, everything.items[2:4], strict=True):
        _check_header(prestation, payment)

    default = service.RechercherPrestations(numeroAdherent=number)
    assert len(default.prestation) == min(20, everything.total)

    recipients: tuple[tuple[str, RecipientKind], ...] = (("A", "member"), ("P", "professional"))
    for code, kind in recipients:
        filtered = service.RechercherPrestations(
            numeroAdherent=number, codeDestinataire=code, nombreParPage=100
        )
        expected = office.search_payments(number, PaymentQuery(recipient=kind, limit=100))
        assert filtered.nombreTotal == expected.total
        assert all(p.codeDestinataire == code for p in filtered.prestation)

    newest = everything.items[0].date
    by_date = service.RechercherPrestations(
        numeroAdherent=number, dateDebutPaiement=fr(newest), dateFinPaiement=fr(newest)
    )
    assert (
        by_date.nombreTotal
        == office.search_payments(number, PaymentQuery(paid_from=newest, paid_to=newest)).total
    )
    assert all(p.datePaiement == fr(newest) for p in by_date.prestation)

    beneficiary = everything.items[0].lines[0].beneficiary_id
    care = everything.items[0].lines[0].care_start
    by_beneficiary = service.RechercherPrestations(
        numeroAdherent=number,
        identifiantBeneficiaire=beneficiary,
        dateDebutSoins=fr(care),
        dateFinSoins=fr(care),
    )
    expected_page = office.search_payments(
        number, PaymentQuery(beneficiary_id=beneficiary, care_from=care, care_to=care)
    )
    assert by_beneficiary.nombreTotal == expected_page.total >= 1


def test_detailler_prestations_in_one_call(
    service: Any, office: BackOffice, numbers: list[str]
) -> None:
    number = _most_payments(office, numbers)
    payments = office.search_payments(number, PaymentQuery(limit=5)).items
    ids = [p.id for p in payments]
    results = service.DetaillerPrestations(
        numeroAdherent=number, identifiantPaiement=[ids[0], "inconnu-1", *ids[1:]]
    )
    assert [r.identifiantPaiement for r in results] == [ids[0], "inconnu-1", *ids[1:]]
    assert results[1].codeRetour == "INCONNU" and results[1].prestation is None
    for result, payment in zip([results[0], *results[2:]], payments, strict=True):
        assert result.codeRetour == "OK"
        _check_header(result.prestation, payment)
        for ligne, line in zip(result.prestation.ligne, payment.lines, strict=True):
            assert ligne.identifiantBeneficiaire == line.beneficiary_id
            assert ligne.dateDebutSoins == fr(line.care_start)
            assert ligne.tauxRO == line.amo_rate
            assert cents(ligne.montantDepense) == line.billed_cents
            assert cents(ligne.baseRemboursement) == line.base_cents
            assert cents(ligne.montantRO) == line.ro_cents
            assert cents(ligne.montantRC) == line.rc_cents
            assert cents(ligne.montantAutreOC) == line.other_cents
            assert cents(ligne.resteACharge) == line.rest_cents
            assert ligne.confidentiel == ("O" if line.confidential else "N")
        assert cents(result.prestation.montantTotal) == sum(
            cents(ligne.montantRC) for ligne in result.prestation.ligne
        )


def test_courriers_by_date_and_type(service: Any, office: BackOffice, numbers: list[str]) -> None:
    number = numbers[2]
    letters = office.letters(number, None, None, None)
    courriers = service.ListerCourriers(numeroAdherent=number)
    assert [c.identifiantCourrier for c in courriers] == [letter.id for letter in letters]
    first = letters[0]
    code = {"premium_call": "APC", "benefit_statement": "DEC", "attestation": "ATT"}.get(first.type)
    if code is not None:
        typed = service.ListerCourriers(numeroAdherent=number, codeTypeCourrier=code)
        assert typed and all(c.codeTypeCourrier == code for c in typed)
    dated = service.ListerCourriers(
        numeroAdherent=number, dateDebut=fr(first.date), dateFin=fr(first.date)
    )
    assert {c.identifiantCourrier for c in dated} == {
        letter.id for letter in office.letters(number, first.date, first.date, None)
    }
    fichier = service.TelechargerCourrier(numeroAdherent=number, identifiantCourrier=first.id)
    assert fichier.typeMime == "application/pdf" and fichier.contenu.startswith(b"%PDF")
    assert fichier.taille == len(fichier.contenu)


def test_documents_card_and_attestation(
    service: Any, office: BackOffice, numbers: list[str]
) -> None:
    number = numbers[3]
    documents = service.ListerDocumentsUtiles(numeroAdherent=number)
    assert [d.identifiantDocument for d in documents] == [
        d.id for d in office.useful_documents(number)
    ]
    pdf = service.TelechargerDocumentUtile(
        numeroAdherent=number, identifiantDocument=documents[0].identifiantDocument
    )
    assert pdf.contenu.startswith(b"%PDF")
    card = office.tp_card(number)
    carte = service.ConsulterCarteTiersPayant(numeroAdherent=number)
    assert carte.numeroAMC == card.amc_number
    assert (carte.dateDebutValidite, carte.dateFinValidite) == (
        fr(card.valid_from),
        fr(card.valid_to),
    )
    assert list(carte.identifiantBeneficiaire) == list(card.beneficiary_ids)
    assert [(d.codeDomaine, d.valeur) for d in carte.domaine] == list(card.domains)
    for operation in ("TelechargerCarteTiersPayant", "TelechargerAttestation"):
        fichier = getattr(service, operation)(numeroAdherent=number)
        assert fichier.contenu.startswith(b"%PDF") and fichier.nomFichier.endswith(".pdf")


def test_change_requests_and_follow_up(
    service: Any, office: BackOffice, numbers: list[str]
) -> None:
    number = _individual(office, numbers, min_beneficiaries=2)
    contact = service.ModifierCoordonnees(
        numeroAdherent=number, email="jean.nouveau@example.org", telephonePortable="0611223344"
    )
    assert contact.codeTypeDemande == "COO"
    adherent = service.ConsulterAdherent(numeroAdherent=number)
    assert adherent.email == "jean.nouveau@example.org"
    assert adherent.telephonePortable == "0611223344"

    address = service.ModifierAdresse(
        numeroAdherent=number,
        ligne1="12 <quai> & des Docks",
        codePostal="13002",
        commune="Marseille",
    )
    assert address.codeTypeDemande == "ADR"
    assert service.ConsulterAdherent(numeroAdherent=number).adresse.ligne1 == (
        "12 <quai> & des Docks"
    )

    iban = str(IBAN.generate("FR", bank_code="30004", account_code="00012345678"))
    rib = service.ModifierRib(
        numeroAdherent=number,
        codeUsage="COTI",
        titulaire="Titulaire Test",
        iban=iban,
        bic="BNPAFRPPXXX",
        domiciliation="BNP Paribas",
        pieceJointe=PDF,
    )
    assert rib.codeTypeDemande == "RIB" and rib.codeStatut in ("10", "20", "30")
    assert rib.pieceJointe[0].empreinteSha256 == hashlib.sha256(RIB_PDF).hexdigest()
    assert rib.pieceJointe[0].taille == len(RIB_PDF)

    added = service.AjouterBeneficiaire(
        numeroAdherent=number,
        nom="Martin",
        prenom="Léa",
        dateNaissance="15/01/2024",
        codeQualite="06",
        codeRegime="01",
        pieceJointe={**PDF, "nomFichier": "acte-naissance.pdf"},
    )
    assert added.codeTypeDemande == "ABE"

    removable = next(
        b for b in office.beneficiaries(number) if b.quality != "00" and b.close_date is None
    )
    removed = service.RadierBeneficiaire(
        numeroAdherent=number,
        identifiantBeneficiaire=removable.id,
        codeMotifRadiation="AU",
        commentaire="Départ à l'étranger",
    )
    assert removed.codeTypeDemande == "RBE"
    card = service.DemanderCarteTiersPayant(numeroAdherent=number)
    assert card.codeTypeDemande == "CTP"

    before = office.member(number)
    preferences = service.ModifierPreferences(
        numeroAdherent=number,
        releveDematerialise="N" if before.paperless else "O",
        notificationRemboursement="N" if before.notifications else "O",
    )
    assert [d.codeTypeDemande for d in preferences] == ["DEM", "NOT"]
    after = service.ConsulterAdherent(numeroAdherent=number)
    assert after.releveDematerialise == ("N" if before.paperless else "O")

    created = [contact, address, rib, added, removed, card, *preferences]
    followed = service.ListerDemandes(numeroAdherent=number)
    assert {d.identifiantDemande for d in created} <= {d.identifiantDemande for d in followed}
    assert [d.identifiantDemande for d in followed] == [
        r.id for r in office.change_requests(number)
    ]
    one = service.ConsulterDemande(numeroAdherent=number, identifiantDemande=rib.identifiantDemande)
    assert one.codeTypeDemande == "RIB" and one.dateHeureCreation == rib.dateHeureCreation


def test_messages_and_quotes(service: Any, office: BackOffice, numbers: list[str]) -> None:
    number = numbers[4]
    before = service.ListerMessages(numeroAdherent=number)
    assert [m.identifiantMessage for m in before] == [m.id for m in office.messages(number)]
    photo = b"\x89PNG\r\n\x1a\n fake"
    sent = service.EnvoyerMessage(
        numeroAdherent=number,
        objet="Remboursement optique",
        corps="Bonjour,\nvoici ma facture.",
        pieceJointe=[
            PDF,
            {"nomFichier": "photo.png", "typeMime": "image/png", "contenu": photo},
        ],
    )
    assert sent.codeSens == "E" and sent.objet == "Remboursement optique"
    assert [p.nomFichier for p in sent.pieceJointe] == ["rib.pdf", "photo.png"]
    assert sent.pieceJointe[1].empreinteSha256 == hashlib.sha256(photo).hexdigest()
    after = service.ListerMessages(numeroAdherent=number)
    assert sent.identifiantMessage in {m.identifiantMessage for m in after}

    quotes = office.quotes(number)
    devis = service.ListerDevis(numeroAdherent=number)
    assert [d.identifiantDevis for d in devis] == [q.id for q in quotes]
    for got, want in zip(devis, quotes, strict=True):
        assert got.codeTypeDevis == ("DEV" if want.kind == "quote" else "PEC")
        assert cents(got.montantDepense) == want.billed_cents
        assert cents(got.montantPrisEnCharge) == want.covered_cents
        assert got.dateDevis == fr(want.date)


def test_base64_is_plain_base64(cimut: CimutSandbox, numbers: list[str]) -> None:
    """Downloads are xs:base64Binary: any SOAP stack decodes them (here, by hand)."""
    response = cimut.post(soap_request("TelechargerAttestation", [("numeroAdherent", numbers[0])]))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/xml")
    start = response.text.index("<cim:contenu>") + len("<cim:contenu>")
    content = response.text[start : response.text.index("</cim:contenu>")]
    assert base64.b64decode(content).startswith(b"%PDF")

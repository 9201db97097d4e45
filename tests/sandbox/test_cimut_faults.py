"""Cimut Faults, security, XSD validation, endpoints and the sandbox admin API.

Business refusals come back to zeep as ``zeep.exceptions.Fault`` with the Cimut code in the
detail; WS-Security and XSD violations too; each injected fault kind of ``/_sandbox/faults``
takes effect on a call and ``/_sandbox/reset`` undoes it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import requests
import zeep
from zeep.exceptions import Fault, TransportError, XMLSyntaxError

from sandbox.backoffice import BackOffice
from sandbox.cimut.contract import contract_dir
from tests.sandbox.cimut_support import (
    CimutSandbox,
    fault_code,
    response_fault,
    running,
    soap_request,
)

pytestmark = pytest.mark.integration

PDF: dict[str, Any] = {
    "nomFichier": "rib.pdf",
    "typeMime": "application/pdf",
    "contenu": b"%PDF-1.4 rib",
}


@pytest.fixture(scope="module")
def cimut() -> Iterator[CimutSandbox]:
    with running() as sandbox:
        yield sandbox


@pytest.fixture(autouse=True)
def clean(cimut: CimutSandbox) -> Iterator[None]:
    cimut.reset()
    yield
    cimut.reset()


@pytest.fixture(scope="module")
def numbers(cimut: CimutSandbox) -> list[str]:
    return cimut.dataset.member_numbers("azur", 50)


@pytest.fixture(scope="module")
def collective(cimut: CimutSandbox, numbers: list[str]) -> str:
    office = cimut.office()
    found = [n for n in numbers if office.contract(n).kind == "collective"]
    assert found, "the sample has no collective contract"
    return found[0]


@pytest.fixture
def service(cimut: CimutSandbox) -> Any:
    return cimut.service()


def _rib(number: str, usage: str, iban: str) -> dict[str, Any]:
    return {
        "numeroAdherent": number,
        "codeUsage": usage,
        "titulaire": "Titulaire Test",
        "iban": iban,
        "bic": "AGRIFRPPXXX",
        "domiciliation": "Banque",
        "pieceJointe": PDF,
    }


# -- business faults ---------------------------------------------------------------------
def test_unknown_member(service: Any) -> None:
    with pytest.raises(Fault) as caught:
        service.ConsulterAdherent(numeroAdherent="19999999")
    assert caught.value.code == "soap:Client"
    assert fault_code(caught.value) == "ADH_INCONNU"


def test_collective_contract_refuses_premium_account_and_new_beneficiary(
    service: Any, collective: str
) -> None:
    with pytest.raises(Fault) as caught:
        service.ModifierRib(**_rib(collective, "COTI", "FR7630004000031234567890143"))
    assert fault_code(caught.value) == "CONTRAT_COLLECTIF"
    with pytest.raises(Fault) as caught:
        service.AjouterBeneficiaire(
            numeroAdherent=collective,
            nom="Test",
            prenom="Enfant",
            dateNaissance="01/02/2024",
            codeQualite="06",
            codeRegime="01",
            pieceJointe=PDF,
        )
    assert fault_code(caught.value) == "CONTRAT_COLLECTIF"
    assert caught.value.code == "soap:Client"


def test_invalid_iban(service: Any, numbers: list[str]) -> None:
    # Valid shape, wrong check digits: the XSD lets it through, the back office refuses it.
    with pytest.raises(Fault) as caught:
        service.ModifierRib(**_rib(numbers[0], "REMB", "FR7630006000011234567890188"))
    assert fault_code(caught.value) == "IBAN_INVALIDE"


def test_other_business_faults(service: Any, cimut: CimutSandbox, numbers: list[str]) -> None:
    office: BackOffice = cimut.office()
    number = numbers[0]
    with pytest.raises(Fault) as caught:
        service.TelechargerCourrier(numeroAdherent=number, identifiantCourrier="nope")
    assert fault_code(caught.value) == "DOCUMENT_INCONNU"
    individual = next(n for n in numbers if office.contract(n).kind == "individual")
    main = office.beneficiaries(individual)[0].id
    with pytest.raises(Fault) as caught:
        service.RadierBeneficiaire(
            numeroAdherent=individual, identifiantBeneficiaire=main, codeMotifRadiation="AU"
        )
    assert fault_code(caught.value) == "RADIATION_ADHERENT_IMPOSSIBLE"
    with pytest.raises(Fault) as caught:
        service.ModifierPreferences(numeroAdherent=number)
    assert fault_code(caught.value) == "DEMANDE_INVALIDE"


# -- security ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "options",
    [
        {"wsse": False},
        {"password": "wrong"},
        {"username": "mutugraph-bocage"},
    ],
)
def test_ws_security_is_required(cimut: CimutSandbox, options: dict[str, Any]) -> None:
    service = cimut.service(**options)
    with pytest.raises(Fault) as caught:
        service.ListerDevis(numeroAdherent="10000001")
    assert fault_code(caught.value) == "AUTH_REFUSEE"
    assert caught.value.code == "soap:Client"


def test_auth_fault_is_http_500_and_password_digest_is_refused(
    cimut: CimutSandbox, numbers: list[str]
) -> None:
    response = cimut.post(
        soap_request("ListerDevis", [("numeroAdherent", numbers[0])], password="wrong")
    )
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("text/xml")
    assert response_fault(response) == ("soap:Client", "AUTH_REFUSEE")
    digest = zeep.wsse.username.UsernameToken("mutugraph-azur", "sandbox-azur-ws", use_digest=True)
    client = zeep.Client(str(contract_dir() / "cimut.wsdl"), wsse=digest)
    service = client.create_service(
        "{urn:cimut:adherent:v2:service}AdherentSoapBinding", cimut.endpoint()
    )
    try:
        with pytest.raises(Fault) as caught:
            service.ListerDevis(numeroAdherent=numbers[0])
        assert fault_code(caught.value) == "AUTH_REFUSEE"
    finally:
        client.transport.session.close()


# -- validation --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("operation", "fields"),
    [
        ("ListerCourriers", [("numeroAdherent", "NUMERO"), ("dateDebut", "01/01/2026")]),
        ("ListerCourriers", [("numeroAdherent", "{n}"), ("dateDebut", "2026-01-01")]),
        ("RechercherPrestations", [("numeroAdherent", "{n}"), ("nombreParPage", "500")]),
        ("ModifierPreferences", [("numeroAdherent", "{n}"), ("releveDematerialise", "true")]),
        ("ConsulterAdherent", [("numeroAdherent", "{n}"), ("champInconnu", "x")]),
        ("ConsulterAdherent", []),
        ("ConsulterAdherentResponse", [("numeroAdherent", "{n}")]),
        ("SupprimerTout", [("numeroAdherent", "{n}")]),
        ("ListerCourriers", [("numeroAdherent", "{n}"), ("dateDebut", "31/02/2026")]),
    ],
)
def test_requests_violating_the_contract_are_refused(
    cimut: CimutSandbox, numbers: list[str], operation: str, fields: list[tuple[str, str]]
) -> None:
    body = soap_request(operation, [(k, v.format(n=numbers[0])) for k, v in fields])
    response = cimut.post(body)
    assert response.status_code == 500
    assert response_fault(response) == ("soap:Client", "REQUETE_INVALIDE")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"<<<", ("soap:Client", "REQUETE_INVALIDE")),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]>'
            b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body/>'
            b"</s:Envelope>",
            ("soap:Client", "REQUETE_INVALIDE"),
        ),
        (
            b'<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>'
            b"<x/></s:Body></s:Envelope>",
            ("soap:VersionMismatch", "VERSION_SOAP"),
        ),
    ],
)
def test_broken_envelopes(cimut: CimutSandbox, body: bytes, expected: tuple[str, str]) -> None:
    response = cimut.post(body)
    assert response.status_code == 500
    assert response_fault(response) == expected


def test_must_understand_headers(cimut: CimutSandbox, numbers: list[str]) -> None:
    body = soap_request("ListerDevis", [("numeroAdherent", numbers[0])]).replace(
        b"<soap:Header>",
        b'<soap:Header><x:Trace xmlns:x="urn:x" soap:mustUnderstand="1">1</x:Trace>',
    )
    assert response_fault(cimut.post(body)) == ("soap:MustUnderstand", "ENTETE_NON_COMPRISE")


# -- endpoints ---------------------------------------------------------------------------
def test_wsdl_and_xsd_are_served_and_load_in_zeep(cimut: CimutSandbox, numbers: list[str]) -> None:
    wsdl = httpx.get(cimut.endpoint() + "?wsdl", timeout=10)
    assert wsdl.status_code == 200 and wsdl.headers["content-type"].startswith("text/xml")
    assert f'location="{cimut.endpoint()}"'.encode() in wsdl.content
    xsd = httpx.get(cimut.endpoint() + "?xsd=cimut.xsd", timeout=10)
    assert xsd.status_code == 200 and b'targetNamespace="urn:cimut:adherent:v2"' in xsd.content
    assert httpx.get(cimut.endpoint() + "?xsd=autre.xsd", timeout=10).status_code == 404
    client = zeep.Client(
        cimut.endpoint() + "?wsdl",
        wsse=zeep.wsse.username.UsernameToken("mutugraph-azur", "sandbox-azur-ws"),
    )
    try:
        assert (
            client.service.ConsulterAdherent(numeroAdherent=numbers[0]).numeroAdherent
            == (numbers[0])
        )
    finally:
        client.transport.session.close()
    assert "ConsulterAdherent" in cimut.stats()


@pytest.mark.parametrize("tenant", ["bocage", "cevennes", "inconnue"])
def test_tenants_of_other_platforms_are_not_found(cimut: CimutSandbox, tenant: str) -> None:
    assert httpx.get(f"{cimut.url}/ws/{tenant}?wsdl", timeout=10).status_code == 404
    body = soap_request("ListerDevis", [("numeroAdherent", "20000001")], tenant=tenant)
    assert cimut.post(body, tenant=tenant).status_code == 404
    assert cimut.stats() == {}


def test_soap_action_and_content_type(cimut: CimutSandbox, numbers: list[str]) -> None:
    body = soap_request("ListerDevis", [("numeroAdherent", numbers[0])])
    action = '"urn:cimut:adherent:v2#ListerDevis"'
    assert cimut.post(body, SOAPAction=action).status_code == 200
    refused = cimut.post(body, **{"Content-Type": "application/json"})
    assert refused.status_code == 415


# -- sandbox admin -----------------------------------------------------------------------
def test_members_endpoint(cimut: CimutSandbox) -> None:
    members = httpx.get(cimut.url + "/_sandbox/members?limit=7", timeout=10).json()
    assert members["members"] == cimut.dataset.member_numbers("azur", 7)
    only = httpx.get(cimut.url + "/_sandbox/members?limit=3&tenant=azur", timeout=10).json()
    assert only["members"] == cimut.dataset.member_numbers("azur", 3)
    other = httpx.get(cimut.url + "/_sandbox/members?limit=3&tenant=bocage", timeout=10).json()
    assert other["members"] == []


def test_stats_count_operations_by_name(
    cimut: CimutSandbox, service: Any, numbers: list[str]
) -> None:
    for _ in range(3):
        service.ListerDevis(numeroAdherent=numbers[0])
    service.ListerBeneficiaires(numeroAdherent=numbers[0])
    httpx.get(cimut.endpoint() + "?wsdl", timeout=10)
    assert cimut.stats() == {"ListerDevis": 3, "ListerBeneficiaires": 1}
    cimut.reset()
    assert cimut.stats() == {}


def test_latency_fault(cimut: CimutSandbox, service: Any, numbers: list[str]) -> None:
    cimut.faults(latency_ms=300)
    started = time.monotonic()
    service.ListerDevis(numeroAdherent=numbers[0])
    assert time.monotonic() - started >= 0.28  # a lower bound only: sleeping is guaranteed


def test_error_fault_alternates_soap_fault_and_http_503(
    cimut: CimutSandbox, service: Any, numbers: list[str]
) -> None:
    cimut.faults(error_rate=1.0)
    with pytest.raises(Fault) as caught:
        service.ListerDevis(numeroAdherent=numbers[0])
    assert caught.value.code == "soap:Server"
    assert fault_code(caught.value) == "SERVICE_INDISPONIBLE"
    with pytest.raises(TransportError) as unavailable:
        service.ListerDevis(numeroAdherent=numbers[0])
    assert unavailable.value.status_code == 503
    cimut.reset()
    assert service.ListerDevis(numeroAdherent=numbers[0]) is not None


def test_hang_fault_with_a_short_client_timeout(cimut: CimutSandbox, numbers: list[str]) -> None:
    cimut.faults(hang_rate=1.0, operations=["ListerDevis"])
    impatient = cimut.service(timeout=0.5)
    with pytest.raises(requests.exceptions.Timeout):
        impatient.ListerDevis(numeroAdherent=numbers[0])
    # Another operation is not affected.
    assert impatient.ListerBeneficiaires(numeroAdherent=numbers[0])
    cimut.reset()
    impatient.ListerDevis(numeroAdherent=numbers[0])


def test_malformed_fault(cimut: CimutSandbox, service: Any, numbers: list[str]) -> None:
    cimut.faults(malformed_rate=1.0)
    with pytest.raises((TransportError, XMLSyntaxError)):  # zeep: "invalid XML"
        service.ListerDevis(numeroAdherent=numbers[0])
    raw = cimut.post(soap_request("ListerDevis", [("numeroAdherent", numbers[0])]))
    assert raw.status_code == 200 and raw.headers["content-type"].startswith("text/xml")
    cimut.reset()
    service.ListerDevis(numeroAdherent=numbers[0])


def test_drop_fault(cimut: CimutSandbox, service: Any, numbers: list[str]) -> None:
    cimut.faults(drop_rate=1.0)
    with pytest.raises(requests.exceptions.RequestException):
        service.ListerDevis(numeroAdherent=numbers[0])
    cimut.reset()
    service.ListerDevis(numeroAdherent=numbers[0])


def test_faults_limited_to_operations(
    cimut: CimutSandbox, service: Any, numbers: list[str]
) -> None:
    cimut.faults(error_rate=1.0, operations=["ConsulterContrat"])
    with pytest.raises(Fault):
        service.ConsulterContrat(numeroAdherent=numbers[0])
    assert service.ConsulterCotisations(numeroAdherent=numbers[0])
    assert cimut.stats() == {"ConsulterContrat": 1, "ConsulterCotisations": 1}

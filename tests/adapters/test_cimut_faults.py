"""Cimut SOAP Faults → port errors, and the zeep plumbing's error translation (no sockets:
Faults built by hand, HTTP answered by ``httpx.MockTransport``)."""

from __future__ import annotations

import logging

import httpx
import pytest
from lxml import etree
from zeep.exceptions import Fault

from adapters.port import (
    BackendRejected,
    BackendTimeout,
    BackendUnavailable,
    InvalidInput,
    MalformedResponse,
    NotFound,
    PortError,
)
from adapters.soap.cimut_faults import NAMESPACE, CimutFaults, fault_details
from adapters.soap.cimut_runtime import BINDING, load_document
from adapters.soap.service import SoapEndpoint

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"


def detail(code: str | None, trace: str = "abc123") -> etree._Element:
    root = etree.Element("detail")
    if code is None:
        return root
    erreur = etree.SubElement(root, f"{{{NAMESPACE}}}ErreurCimut")
    etree.SubElement(erreur, f"{{{NAMESPACE}}}code").text = code
    etree.SubElement(erreur, f"{{{NAMESPACE}}}libelle").text = "Dupont Jean, NIR 1 55 04..."
    etree.SubElement(erreur, f"{{{NAMESPACE}}}identifiantTrace").text = trace
    return root


def make_fault(kind: str | None, element: etree._Element | None) -> Fault:
    """A Fault as zeep raises it (zeep is untyped)."""
    return Fault("Libellé du back office", code=kind, detail=element)  # type: ignore[no-untyped-call]


def translate(
    code: str | None, operation: str = "members", *, kind: str = "soap:Client", retry: bool = True
) -> PortError:
    return CimutFaults("azur")(make_fault(kind, detail(code)), operation, retry)


def test_the_code_is_read_from_the_detail() -> None:
    fault = make_fault("soap:Client", detail("ADH_INCONNU", trace="t-1"))
    assert fault_details(fault) == ("ADH_INCONNU", "t-1")
    assert fault_details(make_fault("soap:Server", None)) == (None, None)
    assert fault_details(make_fault(None, detail(None))) == (None, None)


@pytest.mark.parametrize("code", ["ADH_INCONNU", "PRESTATION_INCONNUE", "DOCUMENT_INCONNU"])
def test_unknown_things_are_not_found(code: str) -> None:
    error = translate(code, "document")
    assert isinstance(error, NotFound)
    assert (error.platform, error.operation, error.retry_safe) == ("cimut", "document", True)


@pytest.mark.parametrize(
    ("code", "reason", "field"),
    [
        ("CONTRAT_COLLECTIF", "COLLECTIVE_CONTRACT", None),
        ("BENEF_DEJA_RADIE", "BENEFICIARY_CLOSED", "beneficiary_id"),
        ("RADIATION_ADHERENT_IMPOSSIBLE", "MAIN_BENEFICIARY", "beneficiary_id"),
        ("BENEF_INCONNU", "UNKNOWN_BENEFICIARY", "beneficiary_id"),
        ("ERREUR_METIER", "ERREUR_METIER", None),
        ("QUOTA_DEPASSE", "QUOTA_DEPASSE", None),  # a Client code newer than the adapter
    ],
)
def test_business_refusals(code: str, reason: str, field: str | None) -> None:
    error = translate(code, "remove_beneficiary", retry=False)
    assert isinstance(error, BackendRejected)
    assert (error.code, error.field, error.retry_safe) == (reason, field, False)


def test_an_unknown_beneficiary_in_a_read_is_not_found() -> None:
    assert isinstance(translate("BENEF_INCONNU", "search_payments"), NotFound)


@pytest.mark.parametrize(
    ("code", "operation", "field"),
    [
        ("IBAN_INVALIDE", "update_bank_account", "iban"),
        ("BIC_INVALIDE", "update_bank_account", "bic"),
        ("REQUETE_INVALIDE", "members", "input"),
        ("DEMANDE_INVALIDE", "update_contact", "input"),
        ("PJ_TROP_VOLUMINEUSE", "update_bank_account", "proof"),
        ("PJ_TROP_VOLUMINEUSE", "send_message", "attachments"),
    ],
)
def test_invalid_input(code: str, operation: str, field: str) -> None:
    error = translate(code, operation)
    assert isinstance(error, InvalidInput)
    assert error.field == field


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("SERVICE_INDISPONIBLE", "soap:Server"),
        ("ERREUR_TECHNIQUE", "soap:Server"),
        ("VERSION_SOAP", "soap:VersionMismatch"),
        ("ENTETE_NON_COMPRISE", "soap:MustUnderstand"),
        ("NOUVEAU_CODE_SERVEUR", "soap:Server"),
        (None, "soap:Client"),
        (None, "soap:Server"),
    ],
)
def test_outages(code: str | None, kind: str) -> None:
    for retry in (True, False):
        error = translate(code, kind=kind, retry=retry)
        assert type(error) is BackendUnavailable
        assert error.retry_safe is retry


def test_refused_credentials_are_a_configuration_outage(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="adapters.soap.cimut_faults"):
        error = translate("AUTH_REFUSEE", retry=True)
    assert type(error) is BackendUnavailable
    assert error.retry_safe is False  # retrying with the same credentials cannot help
    assert "azur" in caplog.text


def test_messages_never_quote_the_back_office() -> None:
    error = translate("ADH_INCONNU")
    assert "ADH_INCONNU" in str(error) and "abc123" in str(error)
    assert "Dupont" not in str(error) and "Libellé" not in str(error)


# -- SoapEndpoint over a mock transport ------------------------------------------------------
def _reply(payload: str) -> bytes:
    return (
        f'<soap:Envelope xmlns:soap="{SOAP_ENV}" xmlns:c="{NAMESPACE}"><soap:Body>'
        f"{payload}</soap:Body></soap:Envelope>"
    ).encode()


FAULT = _reply(
    "<soap:Fault><faultcode>soap:Client</faultcode><faultstring>Adhérent inconnu</faultstring>"
    "<detail><c:ErreurCimut><c:code>ADH_INCONNU</c:code><c:libelle>x</c:libelle>"
    "<c:identifiantTrace>t</c:identifiantTrace></c:ErreurCimut></detail></soap:Fault>"
)


async def _call(handler: httpx.MockTransport, *, retry_safe: bool = True) -> object:
    document = await load_document()
    async with httpx.AsyncClient(transport=handler) as http:
        endpoint = SoapEndpoint(
            "cimut",
            document,
            BINDING,
            "http://cimut.test/ws/azur",
            http,
            "user",
            "secret",
            2.0,
            CimutFaults("azur"),
        )
        return await endpoint.call(
            "ConsulterAdherent",
            port_operation="members",
            retry_safe=retry_safe,
            numeroAdherent="10000001",
        )


def _answer(status: int, body: bytes, **headers: str) -> httpx.MockTransport:
    return httpx.MockTransport(
        lambda request: httpx.Response(status, content=body, headers=headers)
    )


@pytest.mark.anyio
async def test_a_fault_goes_through_the_translator() -> None:
    with pytest.raises(NotFound):
        await _call(_answer(500, FAULT, **{"content-type": "text/xml"}))


@pytest.mark.anyio
async def test_a_proxy_page_is_unavailable_with_retry_after() -> None:
    page = b"<html><body><h1>Service Unavailable</h1><hr></body></html>"
    with pytest.raises(BackendUnavailable) as caught:
        await _call(_answer(503, page, **{"content-type": "text/html", "retry-after": "1"}))
    assert type(caught.value) is BackendUnavailable
    assert caught.value.retry_after == 1.0 and caught.value.retry_safe


@pytest.mark.anyio
async def test_a_truncated_200_is_malformed() -> None:
    with pytest.raises(MalformedResponse) as caught:
        await _call(_answer(200, _reply("<c:ConsulterAdherentResponse><c:adh")[:-30]))
    assert "Envelope" not in str(caught.value)


@pytest.mark.anyio
async def test_a_reply_of_the_wrong_shape_is_malformed() -> None:
    with pytest.raises(MalformedResponse):
        await _call(_answer(200, _reply("<c:Autre><c:x>1</c:x></c:Autre>")))


@pytest.mark.anyio
async def test_transport_failures() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(BackendUnavailable) as caught:
        await _call(httpx.MockTransport(refuse), retry_safe=False)
    assert caught.value.retry_safe is False
    with pytest.raises(BackendTimeout):
        await _call(httpx.MockTransport(slow))

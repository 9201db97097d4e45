"""The Cimut contract files: zeep loads them, they match the service, and the quirks hold.

No server here: the WSDL/XSD as files, the code tables, the formatters, and the envelope
parser's defences against XML attacks.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import zeep
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from sandbox.cimut import envelope, quirks
from sandbox.cimut.contract import Contract, contract_dir
from sandbox.cimut.envelope import EnvelopeError
from sandbox.cimut.operations import OPERATIONS

WSDL = "http://schemas.xmlsoap.org/wsdl/"
XS = "http://www.w3.org/2001/XMLSchema"
REQUIRED = {
    "ConsulterAdherent",
    "ListerBeneficiaires",
    "ConsulterContrat",
    "ConsulterCotisations",
    "RechercherPrestations",
    "DetaillerPrestations",
    "ListerCourriers",
    "TelechargerCourrier",
    "ListerDocumentsUtiles",
    "TelechargerDocumentUtile",
    "ConsulterCarteTiersPayant",
    "TelechargerCarteTiersPayant",
    "TelechargerAttestation",
    "ModifierCoordonnees",
    "ModifierAdresse",
    "ModifierRib",
    "AjouterBeneficiaire",
    "RadierBeneficiaire",
    "DemanderCarteTiersPayant",
    "ModifierPreferences",
    "ListerDemandes",
    "ListerMessages",
    "EnvoyerMessage",
    "ListerDevis",
}


@pytest.fixture(scope="module")
def contract() -> Contract:
    return Contract.load()


def test_zeep_loads_the_wsdl_file_with_every_operation() -> None:
    client = zeep.Client(str(contract_dir() / "cimut.wsdl"))
    operations = set(client.service._binding._operations)
    assert operations >= REQUIRED
    assert len(operations) >= 14
    assert operations == set(OPERATIONS)


def test_every_operation_is_documented_and_has_a_fault(contract: Contract) -> None:
    root = etree.fromstring(contract.wsdl)
    for operation in root.iterfind(f"{{{WSDL}}}portType/{{{WSDL}}}operation"):
        documentation = operation.findtext(f"{{{WSDL}}}documentation") or ""
        assert len(documentation.strip()) > 20, operation.get("name")
        assert operation.find(f"{{{WSDL}}}fault") is not None, operation.get("name")


def test_every_request_names_the_member(contract: Contract) -> None:
    xsd = etree.fromstring(contract.xsd)
    for name in OPERATIONS:
        declaration = xsd.find(f"{{{XS}}}element[@name='{name}']")
        assert declaration is not None, name
        first = declaration.find(f".//{{{XS}}}element")
        assert first is not None and first.get("name") == "numeroAdherent", name


def test_served_wsdl_points_at_the_endpoint_and_its_xsd(contract: Contract) -> None:
    served = etree.fromstring(contract.wsdl_for("http://127.0.0.1:9/ws/azur"))
    address = served.find(".//{http://schemas.xmlsoap.org/wsdl/soap/}address")
    assert address is not None and address.get("location") == "http://127.0.0.1:9/ws/azur"
    imported = served.find(f".//{{{XS}}}import")
    assert imported is not None
    assert imported.get("schemaLocation") == "http://127.0.0.1:9/ws/azur?xsd=cimut.xsd"


@given(st.integers(min_value=-(10**11), max_value=10**11))
def test_amounts_round_trip_with_a_decimal_comma(cents: int) -> None:
    text = quirks.amount(cents)
    assert "," in text and "." not in text
    assert quirks.parse_amount(text) == cents


def test_legacy_formats() -> None:
    assert quirks.amount(2100) == "21,00"
    assert quirks.amount(5) == "0,05"
    assert quirks.amount(-350) == "-3,50"
    assert quirks.fr_date(date(2026, 3, 9)) == "09/03/2026"
    assert quirks.parse_fr_date("09/03/2026") == date(2026, 3, 9)
    with pytest.raises(ValueError):
        quirks.parse_fr_date("31/02/2026")
    utc = datetime(2026, 7, 1, 8, 30, tzinfo=UTC)
    assert quirks.fr_datetime(utc) == "01/07/2026 10:30:00"  # Paris summer time
    assert quirks.yes_no(True) == "O" and quirks.yes_no(False) == "N"
    assert quirks.phone("06 12 34 56 78") == "0612345678"
    assert quirks.phone("+33 6 12 34 56 78") == "0612345678"
    assert quirks.phone("12") is None
    assert quirks.care_category("optique") == "OPT"
    assert quirks.care_category("transport") == "TRA"


def test_formats_match_the_xsd_patterns(contract: Contract) -> None:
    """A payload built with the formatters validates; the ISO shapes do not."""

    def adherent_request(number: str) -> etree._Element:
        payload = envelope.element("ListerCourriers")
        envelope.add(payload, "numeroAdherent", number)
        envelope.add(payload, "dateDebut", quirks.fr_date(date(2026, 1, 31)))
        return payload

    assert contract.schema.validate(adherent_request("10000001"))
    bad = adherent_request("10000001")
    bad[1].text = "2026-01-31"
    assert not contract.schema.validate(bad)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
<c:ConsulterAdherent xmlns:c="urn:cimut:adherent:v2"><c:numeroAdherent>&lol3;</c:numeroAdherent>
</c:ConsulterAdherent></soap:Body></soap:Envelope>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
<c:ConsulterAdherent xmlns:c="urn:cimut:adherent:v2"><c:numeroAdherent>&xxe;</c:numeroAdherent>
</c:ConsulterAdherent></soap:Body></soap:Envelope>"""


@pytest.mark.parametrize("attack", [BILLION_LAUGHS, XXE])
def test_doctypes_and_entities_are_refused(attack: bytes) -> None:
    with pytest.raises(EnvelopeError):
        envelope.parse_request(attack)
    # The cheap operation sniffing expands nothing either.
    assert envelope.operation_name(attack) in (None, "ConsulterAdherent")


def test_envelope_shapes() -> None:
    ok = (
        b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
        b'<c:ListerDevis xmlns:c="urn:cimut:adherent:v2"><c:numeroAdherent>1</c:numeroAdherent>'
        b"</c:ListerDevis></s:Body></s:Envelope>"
    )
    parsed = envelope.parse_request(ok)
    assert parsed.header is None and etree.QName(parsed.payload).localname == "ListerDevis"
    assert envelope.operation_name(ok) == "ListerDevis"
    assert envelope.operation_name(b"not xml") is None
    soap12 = ok.replace(b"http://schemas.xmlsoap.org/soap/envelope/", envelope.SOAP12_ENV.encode())
    with pytest.raises(EnvelopeError) as caught:
        envelope.parse_request(soap12)
    assert caught.value.version_mismatch
    for bad in (b"", b"<a/>", ok.replace(b"<s:Body>", b"<s:Body><x/>")):
        with pytest.raises(EnvelopeError):
            envelope.parse_request(bad)

"""Helpers of the Cimut platform's tests: a shared small dataset, the app on a real socket,
zeep clients built from the WSDL *file* (as the gateway's adapter will be), and a zeep
plugin that validates every response against the XSD.

Not a test module; each ``test_cimut_*`` module builds its own fixtures from these, since
pytest only shares fixtures through conftest.py (owned by the whole suite).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx
import zeep
from lxml import etree
from zeep.exceptions import Fault
from zeep.plugins import Plugin
from zeep.transports import Transport
from zeep.wsse.username import UsernameToken

from sandbox.backoffice import BackOffice
from sandbox.cimut.app import create_app
from sandbox.cimut.contract import Contract, contract_dir
from sandbox.credentials import cimut_password, cimut_username
from sandbox.dataset.generator import Dataset
from tests.support.servers import ServerThread, serving

# This test client's zeep transport logs whole envelopes (member data) at DEBUG; the
# suite-wide log scan (tests/log_scan.py) allows no member data in any log line.
logging.getLogger("zeep.transports").setLevel(logging.WARNING)

MEMBERS_PER_TENANT = 50
TENANT = "azur"
BINDING = "{urn:cimut:adherent:v2:service}AdherentSoapBinding"
NS = "urn:cimut:adherent:v2"
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"


@functools.cache
def small_dataset() -> Dataset:
    """One dataset for every Cimut test module (generation is deterministic)."""
    return Dataset(members_per_tenant=MEMBERS_PER_TENANT)


@functools.cache
def contract() -> Contract:
    return Contract.load()


class SchemaCheck(Plugin):
    """Validates each response payload (or Fault detail) against the XSD; keeps them."""

    def __init__(self) -> None:
        self.checked: list[str] = []

    def ingress(self, envelope: Any, http_headers: Any, operation: Any) -> Any:
        if envelope.tag != f"{{{SOAP_ENV}}}Envelope":
            return envelope, http_headers  # an HTML page from a front proxy (injected 503)
        body = envelope.find(f"{{{SOAP_ENV}}}Body")
        assert body is not None, "no soap:Body"
        payload = body[0]
        if payload.tag == f"{{{SOAP_ENV}}}Fault":
            detail = payload.find("detail")
            assert detail is not None, "a Cimut Fault always has a detail"
            payload = detail[0]
        schema = contract().schema
        assert schema.validate(payload), str(schema.error_log)
        self.checked.append(etree.QName(payload).localname)
        return envelope, http_headers


@dataclass
class CimutSandbox:
    """The running Cimut app and its dataset; builds clients and talks to the admin API."""

    server: ServerThread
    dataset: Dataset
    sessions: list[Any] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.server.url

    def endpoint(self, tenant: str = TENANT) -> str:
        return f"{self.url}/ws/{tenant}"

    def office(self, tenant: str = TENANT) -> BackOffice:
        return self.dataset.backoffice(tenant)

    def service(
        self,
        tenant: str = TENANT,
        *,
        username: str | None = None,
        password: str | None = None,
        wsse: bool = True,
        timeout: float = 10.0,
        check: SchemaCheck | None = None,
    ) -> Any:
        """A zeep service proxy on the WSDL file, pointed at ``tenant``'s endpoint."""
        transport = Transport(timeout=timeout, operation_timeout=timeout)
        self.sessions.append(transport.session)
        token = UsernameToken(
            username if username is not None else cimut_username(tenant),
            password if password is not None else cimut_password(tenant),
        )
        client = zeep.Client(
            str(contract_dir() / "cimut.wsdl"),
            wsse=token if wsse else None,
            transport=transport,
            plugins=[check or SchemaCheck()],
        )
        return client.create_service(BINDING, self.endpoint(tenant))

    def post(self, body: bytes, tenant: str = TENANT, **headers: str) -> httpx.Response:
        sent = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '""', **headers}
        return httpx.post(self.endpoint(tenant), content=body, headers=sent, timeout=10)

    def reset(self) -> None:
        httpx.post(self.url + "/_sandbox/reset", timeout=10).raise_for_status()

    def stats(self) -> dict[str, int]:
        calls: dict[str, int] = httpx.get(self.url + "/_sandbox/stats", timeout=10).json()["calls"]
        return calls

    def faults(self, **settings: Any) -> None:
        httpx.post(self.url + "/_sandbox/faults", json=settings, timeout=10).raise_for_status()

    def close(self) -> None:
        for session in self.sessions:
            session.close()


@contextmanager
def running() -> Iterator[CimutSandbox]:
    dataset = small_dataset()
    with serving(create_app(dataset)) as server:
        sandbox = CimutSandbox(server=server, dataset=dataset)
        try:
            yield sandbox
        finally:
            sandbox.close()
            for tenant in dataset.tenants:
                if tenant.platform == "cimut":
                    dataset.backoffice(tenant.id).reset()


def fault_code(fault: Fault) -> str:
    """The Cimut code in a Fault's ErreurCimut detail."""
    assert fault.detail is not None
    code = fault.detail.findtext(f"{{{NS}}}ErreurCimut/{{{NS}}}code")
    assert code is not None
    return str(code)


def cents(text: str) -> int:
    """Parses a Cimut amount ("21,00") independently of the service's own parser."""
    euros, comma, rest = text.partition(",")
    assert comma and len(rest) == 2 and rest.isdigit(), text
    sign = -1 if euros.startswith("-") else 1
    return sign * (abs(int(euros)) * 100 + int(rest))


def fr(value: date | None) -> str | None:
    return None if value is None else value.strftime("%d/%m/%Y")


def soap_request(
    operation: str,
    fields: list[tuple[str, str]],
    *,
    tenant: str = TENANT,
    username: str | None = None,
    password: str | None = None,
) -> bytes:
    """A raw SOAP 1.1 request with a UsernameToken, built with lxml (for httpx tests)."""
    wsse = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
    envelope = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap={"soap": SOAP_ENV, "c": NS})
    header = etree.SubElement(envelope, f"{{{SOAP_ENV}}}Header")
    security = etree.SubElement(header, f"{{{wsse}}}Security", nsmap={"wsse": wsse})
    token = etree.SubElement(security, f"{{{wsse}}}UsernameToken")
    etree.SubElement(token, f"{{{wsse}}}Username").text = username or cimut_username(tenant)
    etree.SubElement(token, f"{{{wsse}}}Password").text = password or cimut_password(tenant)
    body = etree.SubElement(envelope, f"{{{SOAP_ENV}}}Body")
    payload = etree.SubElement(body, f"{{{NS}}}{operation}")
    for name, value in fields:
        etree.SubElement(payload, f"{{{NS}}}{name}").text = value
    return bytes(etree.tostring(envelope, xml_declaration=True, encoding="utf-8"))


def response_fault(response: httpx.Response) -> tuple[str, str]:
    """(faultcode, Cimut code) of a raw Fault response."""
    root = etree.fromstring(response.content)
    fault = root.find(f"{{{SOAP_ENV}}}Body/{{{SOAP_ENV}}}Fault")
    assert fault is not None, response.text
    detail = fault.find("detail")
    assert detail is not None
    assert contract().schema.validate(detail[0])
    return str(fault.findtext("faultcode")), str(
        detail.findtext(f"{{{NS}}}ErreurCimut/{{{NS}}}code")
    )

"""SOAP 1.1 envelopes: safe parsing of requests, serialisation of responses and Faults.

Requests are parsed with a hardened lxml parser: no entity expansion, no DTD loading, no
network, no huge trees, and a DOCTYPE is refused outright (SOAP 1.1 forbids one). Responses
are built as lxml trees and serialised by lxml, so user data is always escaped; nothing is
templated into XML strings.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from lxml import etree

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12_ENV = "http://www.w3.org/2003/05/soap-envelope"
NS = "urn:cimut:adherent:v2"
NSMAP = {"soap": SOAP_ENV, "cim": NS}
MAX_REQUEST_BYTES = 16 * 1024 * 1024  # five 5 MB attachments in base64 would not fit: on purpose


class EnvelopeError(Exception):
    """The request is not a usable SOAP 1.1 envelope; ``version_mismatch`` for SOAP 1.2."""

    def __init__(self, message: str, *, version_mismatch: bool = False) -> None:
        super().__init__(message)
        self.version_mismatch = version_mismatch


def _parser() -> etree.XMLParser:
    # A fresh parser per call: lxml parsers are not safe to share between threads.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )


@dataclass(frozen=True, slots=True)
class Envelope:
    """A parsed request: its header (may be None) and the single child of its Body."""

    header: etree._Element | None
    payload: etree._Element


def q(local: str) -> str:
    """The qualified name of an element of the Cimut namespace."""
    return f"{{{NS}}}{local}"


def parse_request(body: bytes) -> Envelope:
    """Parses and checks a SOAP 1.1 request envelope; raises EnvelopeError."""
    if len(body) > MAX_REQUEST_BYTES:
        raise EnvelopeError("Requête trop volumineuse")
    if not body.strip():
        raise EnvelopeError("Requête vide")
    try:
        tree = etree.parse(io.BytesIO(body), _parser())
    except etree.XMLSyntaxError as exc:
        raise EnvelopeError("XML mal formé") from exc
    if tree.docinfo.doctype:
        raise EnvelopeError("DOCTYPE interdit dans un message SOAP")
    root = tree.getroot()
    if root.tag == f"{{{SOAP12_ENV}}}Envelope":
        raise EnvelopeError("SOAP 1.2 non supporté : utiliser SOAP 1.1", version_mismatch=True)
    if root.tag != f"{{{SOAP_ENV}}}Envelope":
        raise EnvelopeError("L'élément racine doit être soap:Envelope (SOAP 1.1)")
    header = root.find(f"{{{SOAP_ENV}}}Header")
    body_el = root.find(f"{{{SOAP_ENV}}}Body")
    if body_el is None:
        raise EnvelopeError("soap:Body absent")
    children = [child for child in body_el if isinstance(child.tag, str)]
    if len(children) != 1:
        raise EnvelopeError("soap:Body doit contenir exactement un élément")
    return Envelope(header=header, payload=children[0])


def operation_name(body: bytes) -> str | None:
    """The local name of the Body's first element, reading no further than it (cheap).

    Used to count and fault-inject per operation before the full request is handled;
    None when the bytes are not a SOAP envelope with a Body element.
    """
    if not body or len(body) > MAX_REQUEST_BYTES:
        return None
    events = etree.iterparse(
        io.BytesIO(body),
        events=("start",),
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
    )
    try:
        for _, element in events:
            parent = element.getparent()
            if parent is not None and parent.tag in (
                f"{{{SOAP_ENV}}}Body",
                f"{{{SOAP12_ENV}}}Body",
            ):
                return str(etree.QName(element).localname)
    except etree.XMLSyntaxError:
        return None
    return None


def response(payload: etree._Element) -> bytes:
    """A SOAP 1.1 envelope around ``payload``, serialised in UTF-8 with a declaration."""
    envelope = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap=NSMAP)
    etree.SubElement(envelope, f"{{{SOAP_ENV}}}Header")
    body = etree.SubElement(envelope, f"{{{SOAP_ENV}}}Body")
    body.append(payload)
    return bytes(etree.tostring(envelope, xml_declaration=True, encoding="utf-8"))


def fault(faultcode: str, faultstring: str, detail: etree._Element | None) -> bytes:
    """A SOAP 1.1 Fault envelope. ``faultcode`` is a local name of the envelope namespace
    (Client, Server, VersionMismatch, MustUnderstand); ``detail`` holds an ErreurCimut."""
    envelope = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap=NSMAP)
    body = etree.SubElement(envelope, f"{{{SOAP_ENV}}}Body")
    fault_el = etree.SubElement(body, f"{{{SOAP_ENV}}}Fault")
    # SOAP 1.1: faultcode, faultstring and detail are unqualified.
    etree.SubElement(fault_el, "faultcode").text = f"soap:{faultcode}"
    etree.SubElement(fault_el, "faultstring").text = faultstring
    if detail is not None:
        etree.SubElement(fault_el, "detail").append(detail)
    return bytes(etree.tostring(envelope, xml_declaration=True, encoding="utf-8"))


def element(local: str) -> etree._Element:
    """A new element of the Cimut namespace (the root of a response payload)."""
    return etree.Element(q(local), nsmap={"cim": NS})


def child(parent: etree._Element, local: str) -> etree._Element:
    return etree.SubElement(parent, q(local))


def add(parent: etree._Element, local: str, value: str | int | None) -> None:
    """Appends ``<cim:local>value</cim:local>``; nothing for None (optional elements)."""
    if value is None:
        return
    etree.SubElement(parent, q(local)).text = str(value)


# A well-formed start and nothing else: what a proxy that cut the connection would forward.
MALFORMED_BODY = (
    b'<?xml version="1.0" encoding="utf-8"?>\n'
    b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" '
    b'xmlns:cim="urn:cimut:adherent:v2"><soap:Body><cim:Reponse><cim:adh'
)

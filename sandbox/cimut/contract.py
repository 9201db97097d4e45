"""The Cimut contract files (WSDL 1.1 + XSD), as the service serves and enforces them.

The files live with the gateway's SOAP adapter in ``adapters/soap/wsdl/`` because they are
the vendor's contract, shared by both sides. The sandbox reads them as plain files (it never
imports ``adapters``): the XSD once, to build the validator of requests; the WSDL per
``?wsdl`` request, with ``soap:address`` and the XSD's ``schemaLocation`` rewritten to the
URL the caller used, so that zeep can load the service straight from the sandbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

WSDL_NAME = "cimut.wsdl"
XSD_NAME = "cimut.xsd"
_WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
_SOAP_BINDING_NS = "http://schemas.xmlsoap.org/wsdl/soap/"
_XS_NS = "http://www.w3.org/2001/XMLSchema"


def contract_dir() -> Path:
    """``adapters/soap/wsdl`` next to the ``sandbox`` package (source tree or site-packages)."""
    return Path(__file__).resolve().parents[2] / "adapters" / "soap" / "wsdl"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@dataclass(frozen=True, slots=True)
class Contract:
    """The loaded contract: the request/response validator and the raw documents."""

    schema: etree.XMLSchema
    wsdl: bytes
    xsd: bytes
    operations: frozenset[str]

    @classmethod
    def load(cls, directory: Path | None = None) -> Contract:
        directory = directory or contract_dir()
        wsdl = (directory / WSDL_NAME).read_bytes()
        xsd = (directory / XSD_NAME).read_bytes()
        schema = etree.XMLSchema(etree.fromstring(xsd, _parser()))
        return cls(schema=schema, wsdl=wsdl, xsd=xsd, operations=_operations(wsdl))

    def wsdl_for(self, endpoint: str) -> bytes:
        """The WSDL with the port's address set to ``endpoint`` and the XSD fetched from
        ``endpoint?xsd=cimut.xsd`` (the endpoint URL carries no query string)."""
        root = etree.fromstring(self.wsdl, _parser())
        for address in root.iter(f"{{{_SOAP_BINDING_NS}}}address"):
            address.set("location", endpoint)
        for imported in root.iter(f"{{{_XS_NS}}}import"):
            if imported.get("schemaLocation") == XSD_NAME:
                imported.set("schemaLocation", f"{endpoint}?xsd={XSD_NAME}")
        return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8"))


def _operations(wsdl: bytes) -> frozenset[str]:
    root = etree.fromstring(wsdl, _parser())
    return frozenset(
        str(op.get("name"))
        for op in root.iterfind(f"{{{_WSDL_NS}}}portType/{{{_WSDL_NS}}}operation")
    )

"""The SOAP request pipeline of the Cimut service, independent of HTTP.

For one tenant's request body, in this order: parse the envelope safely (REQUETE_INVALIDE,
or VersionMismatch for SOAP 1.2), check WS-Security (AUTH_REFUSEE), find the operation
(REQUETE_INVALIDE when the element is not a request of the WSDL), validate the payload
against the XSD (REQUETE_INVALIDE with the validator's first message), run the handler
(BusinessError -> its Cimut code, anything unexpected -> ERREUR_TECHNIQUE, soap:Server),
then serialise. Success is HTTP 200, every Fault HTTP 500 (SOAP 1.1 over HTTP).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from lxml import etree

from sandbox.backoffice import BackOffice, BusinessError
from sandbox.cimut import envelope, faults
from sandbox.cimut.contract import Contract
from sandbox.cimut.envelope import EnvelopeError
from sandbox.cimut.faults import SoapFault
from sandbox.cimut.operations import OPERATIONS, Handler
from sandbox.cimut.reader import RequestReader
from sandbox.cimut.security import authenticate

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SoapReply:
    """What to answer: HTTP status and the envelope's bytes (text/xml; charset=utf-8)."""

    status: int
    body: bytes
    operation: str | None = None
    fault_code: str | None = None


class CimutService:
    """Answers SOAP requests for the tenants it serves, over their back offices."""

    def __init__(
        self,
        contract: Contract,
        backoffice: Callable[[str], BackOffice],
        handlers: Mapping[str, Handler] = OPERATIONS,
    ) -> None:
        self.contract = contract
        self.backoffice = backoffice
        self.handlers = handlers

    def handle(self, tenant: str, body: bytes) -> SoapReply:
        operation: str | None = None
        try:
            request = envelope.parse_request(body)
            authenticate(request.header, tenant)
            operation = etree.QName(request.payload).localname
            handler = self._handler(request.payload)
            self._validate(request.payload)
            payload = handler(self.backoffice(tenant), RequestReader(request.payload))
            return SoapReply(200, envelope.response(payload), operation)
        except EnvelopeError as exc:
            if exc.version_mismatch:
                fault = SoapFault("VersionMismatch", "VERSION_SOAP", str(exc))
            else:
                fault = faults.invalid_request(str(exc))
            return self._fault(fault, operation)
        except SoapFault as fault:
            return self._fault(fault, operation)
        except BusinessError as error:
            return self._fault(faults.from_business(error), operation)
        except Exception:
            log.exception("cimut sandbox: unexpected error in %s", operation)
            return self._fault(faults.technical(), operation)

    def _handler(self, payload: etree._Element) -> Handler:
        name = etree.QName(payload)
        handler = self.handlers.get(name.localname)
        if name.namespace != envelope.NS or handler is None:
            raise faults.invalid_request(f"Opération inconnue : {name.localname}")
        return handler

    def _validate(self, payload: etree._Element) -> None:
        schema = self.contract.schema
        if not schema.validate(payload):
            error = schema.error_log.last_error
            message = error.message if error is not None else "non conforme au schéma"
            raise faults.invalid_request(f"Requête non conforme au schéma : {message}")

    @staticmethod
    def _fault(fault: SoapFault, operation: str | None) -> SoapReply:
        return SoapReply(500, fault.to_bytes(), operation, fault.code)

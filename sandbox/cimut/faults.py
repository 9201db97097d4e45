"""SOAP Faults of the Cimut service, and the table of its error codes.

Every Fault carries an ``ErreurCimut`` in its detail: a stable ``code``, a French
``libelle`` and an ``identifiantTrace`` (what a support desk would ask for). ``faultcode`` is
``soap:Client`` for what the caller can fix (business refusals, invalid requests,
authentication) and ``soap:Server`` for system errors. SOAP 1.1 over HTTP answers every
Fault with HTTP 500.

Business refusals of :class:`sandbox.backoffice.BusinessError` map to Cimut codes:

    back office code        Cimut code                       faultcode
    UNKNOWN_MEMBER          ADH_INCONNU                      Client
    UNKNOWN_BENEFICIARY     BENEF_INCONNU                    Client
    UNKNOWN_PAYMENT         PRESTATION_INCONNUE              Client
    UNKNOWN_LETTER          DOCUMENT_INCONNU                 Client
    UNKNOWN_THREAD          FIL_INCONNU                      Client
    COLLECTIVE_CONTRACT     CONTRAT_COLLECTIF                Client
    INVALID_IBAN            IBAN_INVALIDE                    Client
    INVALID_BIC             BIC_INVALIDE                     Client
    INVALID_REQUEST         DEMANDE_INVALIDE                 Client
    BENEFICIARY_CLOSED      BENEF_DEJA_RADIE                 Client
    MAIN_BENEFICIARY        RADIATION_ADHERENT_IMPOSSIBLE    Client
    INVALID_EFFECTIVE_DATE  DATE_EFFET_INVALIDE              Client
    (any other)             ERREUR_METIER                    Client

Codes of the service itself:

    AUTH_REFUSEE            Client   WS-Security header missing or credentials wrong
    REQUETE_INVALIDE        Client   not a SOAP 1.1 envelope, unknown operation, XSD violation
    PJ_TROP_VOLUMINEUSE     Client   an attachment over 5 MB once decoded
    VERSION_SOAP            VersionMismatch   a SOAP 1.2 envelope
    ENTETE_NON_COMPRISE     MustUnderstand    a mustUnderstand header other than wsse:Security
    SERVICE_INDISPONIBLE    Server   injected error (sandbox faults)
    ERREUR_TECHNIQUE        Server   unexpected error in the service
"""

from __future__ import annotations

import uuid

from lxml import etree

from sandbox.backoffice import BusinessError
from sandbox.cimut import envelope

# back office code -> (Cimut code, faultstring)
BUSINESS_CODES: dict[str, tuple[str, str]] = {
    "UNKNOWN_MEMBER": ("ADH_INCONNU", "Adhérent inconnu"),
    "UNKNOWN_BENEFICIARY": ("BENEF_INCONNU", "Bénéficiaire inconnu pour cet adhérent"),
    "UNKNOWN_PAYMENT": ("PRESTATION_INCONNUE", "Paiement inconnu pour cet adhérent"),
    "UNKNOWN_LETTER": ("DOCUMENT_INCONNU", "Document inconnu pour cet adhérent"),
    "UNKNOWN_THREAD": ("FIL_INCONNU", "Fil de discussion inconnu pour cet adhérent"),
    "COLLECTIVE_CONTRACT": (
        "CONTRAT_COLLECTIF",
        "Contrat collectif : la modification doit être demandée à l'employeur",
    ),
    "INVALID_IBAN": ("IBAN_INVALIDE", "IBAN invalide"),
    "INVALID_BIC": ("BIC_INVALIDE", "BIC invalide"),
    "INVALID_REQUEST": ("DEMANDE_INVALIDE", "Demande invalide"),
    "BENEFICIARY_CLOSED": ("BENEF_DEJA_RADIE", "Bénéficiaire déjà radié"),
    "MAIN_BENEFICIARY": (
        "RADIATION_ADHERENT_IMPOSSIBLE",
        "L'adhérent ne peut pas être radié de son propre contrat",
    ),
    "INVALID_EFFECTIVE_DATE": ("DATE_EFFET_INVALIDE", "Date d'effet de la radiation invalide"),
}
UNKNOWN_BUSINESS = ("ERREUR_METIER", "Refus de gestion")


class SoapFault(Exception):
    """A Fault to answer: ``faultcode`` (Client, Server...), Cimut ``code``, message."""

    def __init__(self, faultcode: str, code: str, message: str, detail: str | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.faultcode = faultcode
        self.code = code
        self.message = message
        self.detail = detail or message

    def to_bytes(self) -> bytes:
        return envelope.fault(self.faultcode, self.message, erreur(self.code, self.detail))


def client(code: str, message: str, detail: str | None = None) -> SoapFault:
    return SoapFault("Client", code, message, detail)


def server(code: str, message: str) -> SoapFault:
    return SoapFault("Server", code, message)


def from_business(error: BusinessError) -> SoapFault:
    """The Fault of a back-office refusal; the back office's own words go in the detail."""
    code, message = BUSINESS_CODES.get(error.code, UNKNOWN_BUSINESS)
    return client(code, message, detail=error.message or message)


def invalid_request(detail: str) -> SoapFault:
    return client("REQUETE_INVALIDE", "Requête invalide", detail=detail)


def auth_refused() -> SoapFault:
    # The same words whatever failed: which part was wrong is no business of the caller.
    return client("AUTH_REFUSEE", "Authentification refusée")


def unavailable() -> SoapFault:
    return server("SERVICE_INDISPONIBLE", "Service momentanément indisponible")


def technical() -> SoapFault:
    return server("ERREUR_TECHNIQUE", "Erreur technique")


def erreur(code: str, libelle: str) -> etree._Element:
    """The ``ErreurCimut`` detail element."""
    detail = envelope.element("ErreurCimut")
    envelope.add(detail, "code", code)
    envelope.add(detail, "libelle", libelle)
    envelope.add(detail, "identifiantTrace", uuid.uuid4().hex)
    return detail

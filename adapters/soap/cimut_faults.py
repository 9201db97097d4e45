"""Cimut's SOAP Faults → the port's errors.

Every Cimut Fault carries ``detail/cim:ErreurCimut`` with a stable ``code`` (read here with
lxml), a French ``libelle`` and an ``identifiantTrace`` for the support desk. ``faultcode``
is ``soap:Client`` for what the caller can fix and ``soap:Server`` for system errors.

    ADH_INCONNU, PRESTATION_INCONNUE, DOCUMENT_INCONNU    NotFound
    BENEF_INCONNU                   NotFound (reads) / BackendRejected(UNKNOWN_BENEFICIARY)
    CONTRAT_COLLECTIF               BackendRejected(COLLECTIVE_CONTRACT)
    BENEF_DEJA_RADIE                BackendRejected(BENEFICIARY_CLOSED)
    RADIATION_ADHERENT_IMPOSSIBLE   BackendRejected(MAIN_BENEFICIARY)
    FIL_INCONNU                     BackendRejected(UNKNOWN_THREAD, field "thread_id")
    DATE_EFFET_INVALIDE             InvalidInput("effective_date")
    IBAN_INVALIDE / BIC_INVALIDE    InvalidInput("iban") / InvalidInput("bic")
    DEMANDE_INVALIDE, REQUETE_INVALIDE                     InvalidInput("input")
    PJ_TROP_VOLUMINEUSE             InvalidInput("proof" | "attachments")
    ERREUR_METIER, other Client codes                      BackendRejected(<the code>)
    AUTH_REFUSEE                    BackendUnavailable, logged: the tenant's credentials
    SERVICE_INDISPONIBLE, ERREUR_TECHNIQUE, VERSION_SOAP, ENTETE_NON_COMPRISE, Server
    faults, Faults without a readable ErreurCimut          BackendUnavailable

Messages hold the operation and the code (and the trace id), never the ``libelle`` nor the
faultstring: they may quote the back office's words about a member.
"""

from __future__ import annotations

import logging
from typing import Any

from lxml import etree
from zeep.exceptions import Fault

from adapters.port.errors import (
    BENEFICIARY_CLOSED,
    COLLECTIVE_CONTRACT,
    MAIN_BENEFICIARY,
    UNKNOWN_BENEFICIARY,
    UNKNOWN_THREAD,
    BackendRejected,
    BackendUnavailable,
    InvalidInput,
    NotFound,
    PortError,
)

PLATFORM = "cimut"
NAMESPACE = "urn:cimut:adherent:v2"
_ERREUR = f"{{{NAMESPACE}}}ErreurCimut"

log = logging.getLogger(__name__)

NOT_FOUND = frozenset({"ADH_INCONNU", "PRESTATION_INCONNUE", "DOCUMENT_INCONNU"})
REJECTED = {
    "CONTRAT_COLLECTIF": (COLLECTIVE_CONTRACT, None),
    "BENEF_DEJA_RADIE": (BENEFICIARY_CLOSED, "beneficiary_id"),
    "RADIATION_ADHERENT_IMPOSSIBLE": (MAIN_BENEFICIARY, "beneficiary_id"),
    "BENEF_INCONNU": (UNKNOWN_BENEFICIARY, "beneficiary_id"),
    "FIL_INCONNU": (UNKNOWN_THREAD, "thread_id"),
}
INVALID = {
    "IBAN_INVALIDE": "iban",
    "BIC_INVALIDE": "bic",
    "DATE_EFFET_INVALIDE": "effective_date",
    "DEMANDE_INVALIDE": "input",
    "REQUETE_INVALIDE": "input",
}
# Codes that say nothing about the request: the service or our set-up is at fault.
UNAVAILABLE = frozenset(
    {
        "AUTH_REFUSEE",
        "SERVICE_INDISPONIBLE",
        "ERREUR_TECHNIQUE",
        "VERSION_SOAP",
        "ENTETE_NON_COMPRISE",
    }
)
# Port reads: an unknown beneficiary there is "nothing found", not a refused change.
READS = frozenset(
    {
        "members",
        "beneficiaries",
        "contracts",
        "premiums",
        "search_payments",
        "payments",
        "quotes",
        "letters",
        "useful_documents",
        "tp_cards",
        "document",
        "change_requests",
        "messages",
    }
)
# The field of a too-big attachment, in the port record's terms.
_ATTACHMENT_FIELD = {"send_message": "attachments"}


def fault_details(fault: Fault) -> tuple[str | None, str | None]:
    """``(code, identifiantTrace)`` of the Fault's ErreurCimut, (None, None) when absent."""
    detail = fault.detail
    if not isinstance(detail, etree._Element):
        return None, None
    erreur = detail if detail.tag == _ERREUR else detail.find(_ERREUR)
    if erreur is None:
        return None, None
    code = (erreur.findtext(f"{{{NAMESPACE}}}code") or "").strip() or None
    trace = (erreur.findtext(f"{{{NAMESPACE}}}identifiantTrace") or "").strip() or None
    return code, trace


def fault_kind(fault: Fault) -> str:
    """``Client``, ``Server``, ``VersionMismatch``... without the namespace prefix."""
    return str(fault.code or "").rpartition(":")[2] or "Server"


class CimutFaults:
    """The FaultTranslator of one tenant (the tenant goes into the AUTH_REFUSEE log line)."""

    def __init__(self, tenant: str) -> None:
        self.tenant = tenant

    def __call__(self, fault: Fault, operation: str, retry_safe: bool) -> PortError:
        code, trace = fault_details(fault)
        where: dict[str, Any] = {"platform": PLATFORM, "operation": operation}
        message = f"{operation}: Cimut fault {code or fault_kind(fault)}" + (
            f" (trace {trace})" if trace else ""
        )
        if code in NOT_FOUND or (code == "BENEF_INCONNU" and operation in READS):
            return NotFound(message, **where)
        if code in REJECTED:
            reason, field = REJECTED[code]
            return BackendRejected(reason, field=field, message=message, **where)
        if code in INVALID:
            return InvalidInput(INVALID[code], message=message, **where)
        if code == "PJ_TROP_VOLUMINEUSE":
            field = _ATTACHMENT_FIELD.get(operation, "proof")
            return InvalidInput(field, message=message, **where)
        if code == "AUTH_REFUSEE":
            # Not the member's doing: the tenant's WS-Security credentials are wrong.
            log.error("Cimut refused the credentials of tenant %s (%s)", self.tenant, operation)
            return BackendUnavailable(message, retry_safe=False, **where)
        if code is None or code in UNAVAILABLE or fault_kind(fault) != "Client":
            return BackendUnavailable(message, retry_safe=retry_safe, **where)
        # Another business refusal (ERREUR_METIER or a code newer than this adapter).
        return BackendRejected(code, message=message, **where)

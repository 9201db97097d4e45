"""Prestations (reimbursements): RechercherPrestations and DetaillerPrestations.

The search pages with ``numeroPage`` (from 1) and ``nombreParPage`` (default 20, at most
100 by the XSD) and returns payment headers only; DetaillerPrestations returns the lines of
up to 50 payments in one call, one ``resultat`` per requested id, in request order, with
``codeRetour`` INCONNU for an id that is not the member's (a per-key error, not a Fault).
"""

from __future__ import annotations

from lxml import etree

from sandbox.backoffice import BackOffice, PaymentQuery
from sandbox.cimut import quirks
from sandbox.cimut.envelope import add, child, element
from sandbox.cimut.operations.common import Handler
from sandbox.cimut.reader import RequestReader
from sandbox.dataset.records import Payment, PaymentLine, RecipientKind

DEFAULT_PAGE_SIZE = 20
_RECIPIENT_KIND: dict[str, RecipientKind] = {"A": "member", "P": "professional"}


def _header(node: etree._Element, payment: Payment) -> None:
    """The fields of type Prestation, in XSD order."""
    add(node, "identifiantPaiement", payment.id)
    add(node, "datePaiement", quirks.fr_date(payment.date))
    add(node, "codeModeReglement", quirks.code(quirks.PAYMENT_METHOD, payment.method))
    add(node, "codeDestinataire", quirks.code(quirks.RECIPIENT, payment.recipient_kind))
    add(node, "nomDestinataire", payment.recipient_name)
    add(node, "identifiantDestinataire", payment.recipient_id or None)
    add(node, "montantTotal", quirks.amount(payment.total_cents))
    add(node, "nombreLignes", len(payment.lines))
    for beneficiary_id in dict.fromkeys(line.beneficiary_id for line in payment.lines):
        add(node, "identifiantBeneficiaire", beneficiary_id)


def _line(parent: etree._Element, line: PaymentLine) -> None:
    node = child(parent, "ligne")
    add(node, "identifiantLigne", line.id)
    add(node, "identifiantBeneficiaire", line.beneficiary_id)
    add(node, "codeNomenclature", quirks.act_system(line.act_system))
    add(node, "codeActe", line.act_code)
    add(node, "libelleActe", line.act_label)
    add(node, "codeFamille", quirks.care_category(line.category))
    add(node, "dateDebutSoins", quirks.fr_date(line.care_start))
    add(node, "dateFinSoins", quirks.fr_date(line.care_end))
    add(node, "quantite", line.quantity)
    add(node, "montantDepense", quirks.amount(line.billed_cents))
    add(node, "baseRemboursement", quirks.amount(line.base_cents))
    add(node, "tauxRO", line.amo_rate)
    add(node, "participationForfaitaire", quirks.amount(line.participation_cents))
    add(node, "franchise", quirks.amount(line.franchise_cents))
    add(node, "montantRO", quirks.amount(line.ro_cents))
    add(node, "montantRC", quirks.amount(line.rc_cents))
    add(node, "montantAutreOC", quirks.amount(line.other_cents))
    add(node, "resteACharge", quirks.amount(line.rest_cents))
    add(node, "identifiantPS", line.professional_id or None)
    add(node, "nomPS", line.professional_name or None)
    add(node, "confidentiel", quirks.yes_no(line.confidential))


def rechercher_prestations(office: BackOffice, request: RequestReader) -> etree._Element:
    page = request.integer("numeroPage", 1)
    size = request.integer("nombreParPage", DEFAULT_PAGE_SIZE)
    recipient_code = request.opt("codeDestinataire")
    recipient = _RECIPIENT_KIND[recipient_code] if recipient_code else None
    query = PaymentQuery(
        paid_from=request.date("dateDebutPaiement"),
        paid_to=request.date("dateFinPaiement"),
        beneficiary_id=request.opt("identifiantBeneficiaire"),
        care_from=request.date("dateDebutSoins"),
        care_to=request.date("dateFinSoins"),
        recipient=recipient,
        offset=(page - 1) * size,
        limit=size,
    )
    result = office.search_payments(request.member, query)
    response = element("RechercherPrestationsResponse")
    add(response, "nombreTotal", result.total)
    add(response, "numeroPage", page)
    add(response, "nombreParPage", size)
    for payment in result.items:
        _header(child(response, "prestation"), payment)
    return response


def detailler_prestations(office: BackOffice, request: RequestReader) -> etree._Element:
    ids = request.texts("identifiantPaiement")
    payments = office.payments_by_ids(request.member, ids)
    response = element("DetaillerPrestationsResponse")
    for payment_id, payment in zip(ids, payments, strict=True):
        resultat = child(response, "resultat")
        add(resultat, "identifiantPaiement", payment_id)
        add(resultat, "codeRetour", "INCONNU" if payment is None else "OK")
        if payment is not None:
            prestation = child(resultat, "prestation")
            _header(prestation, payment)
            for line in payment.lines:
                _line(prestation, line)
    return response


HANDLERS: dict[str, Handler] = {
    "RechercherPrestations": rechercher_prestations,
    "DetaillerPrestations": detailler_prestations,
}

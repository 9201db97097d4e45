"""Messagerie (ListerMessages, EnvoyerMessage) and devis / prises en charge (ListerDevis).

Timestamps are Paris wall-clock ``dd/MM/yyyy HH:mm:ss``; the direction is a code seen from
the member (E sent by the member, R received from an adviser).
"""

from __future__ import annotations

from lxml import etree

from sandbox.backoffice import BackOffice
from sandbox.cimut import quirks
from sandbox.cimut.envelope import add, child, element
from sandbox.cimut.operations.common import Handler, add_attachment_info
from sandbox.cimut.reader import RequestReader
from sandbox.dataset.records import Message


def _message(parent: etree._Element, message: Message) -> None:
    node = child(parent, "message")
    add(node, "identifiantMessage", message.id)
    add(node, "identifiantFil", message.thread_id)
    add(node, "dateHeureEnvoi", quirks.fr_datetime(message.sent_at))
    add(node, "codeSens", quirks.code(quirks.MESSAGE_DIRECTION, message.direction))
    add(node, "objet", message.subject)
    add(node, "corps", message.body)
    add(node, "lu", quirks.yes_no(message.read))
    for attachment in message.attachments:
        add_attachment_info(node, attachment)


def lister_messages(office: BackOffice, request: RequestReader) -> etree._Element:
    response = element("ListerMessagesResponse")
    for message in office.messages(request.member):
        _message(response, message)
    return response


def envoyer_message(office: BackOffice, request: RequestReader) -> etree._Element:
    uploads = request.uploads("pieceJointe")
    message = office.send_message(
        request.member,
        subject=request.text("objet").strip(),
        body=request.text("corps"),
        attachments=tuple(upload.attachment for upload in uploads),
        thread_id=request.opt("identifiantFil"),  # a reply; absent: a new thread
    )
    response = element("EnvoyerMessageResponse")
    _message(response, message)
    return response


def lister_devis(office: BackOffice, request: RequestReader) -> etree._Element:
    response = element("ListerDevisResponse")
    for quote in office.quotes(request.member):
        devis = child(response, "devis")
        add(devis, "identifiantDevis", quote.id)
        add(devis, "codeTypeDevis", quirks.code(quirks.QUOTE_KIND, quote.kind))
        add(devis, "identifiantBeneficiaire", quote.beneficiary_id)
        add(devis, "codeFamille", quirks.care_category(quote.category))
        add(devis, "dateDevis", quirks.fr_date(quote.date))
        add(devis, "codeStatut", quirks.code(quirks.QUOTE_STATUS, quote.status))
        add(devis, "nomPS", quote.professional_name)
        add(devis, "montantDepense", quirks.amount(quote.billed_cents))
        add(devis, "montantPrisEnCharge", quirks.amount(quote.covered_cents))
    return response


HANDLERS: dict[str, Handler] = {
    "ListerMessages": lister_messages,
    "EnvoyerMessage": envoyer_message,
    "ListerDevis": lister_devis,
}

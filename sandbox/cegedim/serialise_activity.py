"""JSON shapes of what happens on the account: reimbursements (with their lines),
correspondences and useful documents, requests and their follow-up, messages.

Same conventions as :mod:`sandbox.cegedim.serialise_insured` (cents, ISO dates, coded enums).
"""

from __future__ import annotations

from sandbox.cegedim import codes
from sandbox.cegedim.serialise_insured import Json, iso_date, iso_datetime
from sandbox.dataset.records import (
    Attachment,
    ChangeRequest,
    Letter,
    Message,
    Payment,
    PaymentLine,
    UsefulDocument,
)


def attachment(item: Attachment) -> Json:
    return {
        "fileName": item.filename,
        "contentType": item.content_type,
        "size": item.size,
        "sha256": item.sha256,
    }


def reimbursement_summary(payment: Payment) -> Json:
    """A search hit: the payment without its lines, with the care period it covers."""
    care_starts = [line.care_start for line in payment.lines]
    care_ends = [line.care_end for line in payment.lines]
    beneficiaries = sorted({line.beneficiary_id for line in payment.lines})
    return {
        "reimbursementId": payment.id,
        "insuredId": payment.member_number,
        "paymentDate": iso_date(payment.date),
        "paymentMethod": codes.coded(codes.TRANSFER_METHOD, payment.method),
        "recipient": {
            "recipientType": codes.coded(codes.RECIPIENT, payment.recipient_kind),
            "name": payment.recipient_name,
            "professionalId": payment.recipient_id,
        },
        "totalAmount": payment.total_cents,
        "currency": "EUR",
        "beneficiaryIds": beneficiaries,
        "careStartDate": iso_date(min(care_starts)) if care_starts else None,
        "careEndDate": iso_date(max(care_ends)) if care_ends else None,
        "lineCount": len(payment.lines),
    }


def reimbursement_line(line: PaymentLine) -> Json:
    professional = (
        {"professionalId": line.professional_id, "name": line.professional_name}
        if line.professional_id or line.professional_name
        else None
    )
    return {
        "lineId": line.id,
        "beneficiaryId": line.beneficiary_id,
        "act": {
            "codingSystem": codes.coded(codes.ACT_SYSTEM, line.act_system),
            "code": line.act_code,
            "label": line.act_label,
        },
        "careCategory": codes.coded(codes.CARE_CATEGORY, line.category),
        "careStartDate": iso_date(line.care_start),
        "careEndDate": iso_date(line.care_end),
        "quantity": line.quantity,
        "billedAmount": line.billed_cents,
        "reimbursementBase": line.base_cents,
        "socialSecurityRate": line.amo_rate,
        "flatParticipationAmount": line.participation_cents,
        "deductibleAmount": line.franchise_cents,
        "socialSecurityAmount": line.ro_cents,
        "mutualAmount": line.rc_cents,
        "otherInsurerAmount": line.other_cents,
        "outOfPocketAmount": line.rest_cents,
        "professional": professional,
        "confidential": line.confidential,
    }


def reimbursement(payment: Payment) -> Json:
    """A payment with its lines (détail du décompte)."""
    return {
        **reimbursement_summary(payment),
        "lines": [reimbursement_line(line) for line in payment.lines],
    }


def correspondence(letter: Letter) -> Json:
    return {
        "correspondenceId": letter.id,
        "insuredId": letter.member_number,
        "sentDate": iso_date(letter.date),
        "correspondenceType": codes.coded(codes.CORRESPONDENCE_TYPE, letter.type),
        "title": letter.title,
        "contentType": "application/pdf",
    }


def document(item: UsefulDocument) -> Json:
    return {
        "documentId": item.id,
        "documentType": codes.coded(codes.DOCUMENT_TYPE, item.kind),
        "title": item.title,
        "contentType": "application/pdf",
    }


def request(item: ChangeRequest) -> Json:
    return {
        "requestId": item.id,
        "insuredId": item.member_number,
        "requestType": codes.coded(codes.REQUEST_TYPE, item.kind),
        "status": codes.coded(codes.REQUEST_STATUS, item.status),
        "createdAt": iso_datetime(item.created_at),
        "updatedAt": iso_datetime(item.updated_at),
        "summary": item.summary,
        "attachments": [attachment(a) for a in item.attachments],
        "effectiveDate": iso_date(item.effective_date),
    }


def message(item: Message) -> Json:
    return {
        "messageId": item.id,
        "threadId": item.thread_id,
        "insuredId": item.member_number,
        "sentAt": iso_datetime(item.sent_at),
        "direction": codes.coded(codes.MESSAGE_DIRECTION, item.direction),
        "subject": item.subject,
        "body": item.body,
        "read": item.read,
        "attachments": [attachment(a) for a in item.attachments],
    }

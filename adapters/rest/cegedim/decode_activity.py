"""What happens on the account, from the Cegedim API's JSON into port records:
reimbursements (summaries and details with lines), correspondences, useful documents,
requests (demandes) and messages.

Amounts are integer cents on the wire and ``Decimal`` euros in the port; every line keeps
the platform's own split (RO + RC + other + reste à charge = billed), which the adapter
checks rather than recomputes.
"""

from __future__ import annotations

from adapters.port import (
    Attachment,
    CareCategory,
    ChangeRequest,
    Letter,
    Message,
    Payment,
    PaymentLine,
    UsefulDocument,
)
from adapters.port.codes import LetterType
from adapters.rest.cegedim import codes
from adapters.rest.cegedim.fields import Obj, ShapeError


def payment(item: Obj, *, with_lines: bool) -> Payment:
    """A reimbursement: a search hit (``lines`` None) or a detail (``lines`` read)."""
    recipient = item.child("recipient")
    lines = tuple(line(x) for x in item.children("lines")) if with_lines else None
    return Payment(
        id=item.text("reimbursementId"),
        date=item.day("paymentDate"),
        method=item.enum("paymentMethod", codes.TRANSFER_METHOD),
        recipient_kind=recipient.enum("recipientType", codes.RECIPIENT),
        recipient_name=recipient.opt_text("name") or "",
        recipient_id=recipient.opt_text("professionalId"),
        total=item.money("totalAmount"),
        beneficiary_ids=tuple(item.texts("beneficiaryIds")),
        lines=lines,
    )


def line(item: Obj) -> PaymentLine:
    act = item.child("act")
    professional = item.opt_child("professional")
    built = PaymentLine(
        id=item.text("lineId"),
        beneficiary_id=item.text("beneficiaryId"),
        act_system=act.enum("codingSystem", codes.ACT_SYSTEM),
        act_code=act.text("code"),
        act_label=act.text("label"),
        category=item.enum("careCategory", codes.CARE_CATEGORY, CareCategory.OTHER),
        care_start=item.day("careStartDate"),
        care_end=item.day("careEndDate"),
        quantity=item.integer("quantity"),
        billed=item.money("billedAmount"),
        base=item.money("reimbursementBase"),
        amo_rate=item.integer("socialSecurityRate"),
        participation=item.money("flatParticipationAmount"),
        franchise=item.money("deductibleAmount"),
        amo_paid=item.money("socialSecurityAmount"),
        mutuelle_paid=item.money("mutualAmount"),
        other_paid=item.money("otherInsurerAmount"),
        out_of_pocket=item.money("outOfPocketAmount"),
        professional_id=professional.opt_text("professionalId") if professional else None,
        professional_name=professional.opt_text("name") if professional else None,
        confidential=item.flag("confidential"),
    )
    parts = (built.amo_paid, built.mutuelle_paid, built.other_paid, built.out_of_pocket)
    # The port promises billed == RO + RC + other + rest, each >= 0: a line breaking it is
    # not shown as if it were right.
    if any(p < 0 for p in parts) or sum(parts) != built.billed:
        raise ShapeError("$.lines[]: amounts do not add up to the billed amount")
    return built


def letter(item: Obj) -> Letter:
    return Letter(
        id=item.text("correspondenceId"),
        date=item.day("sentDate"),
        type=item.enum("correspondenceType", codes.CORRESPONDENCE_TYPE, LetterType.INFORMATION),
        title=item.text("title"),
    )


def useful_document(item: Obj) -> UsefulDocument:
    return UsefulDocument(
        id=item.text("documentId"),
        kind=item.enum("documentType", codes.DOCUMENT_TYPE),
        title=item.text("title"),
    )


def attachment(item: Obj) -> Attachment:
    return Attachment(
        filename=item.text("fileName"),
        content_type=item.text("contentType"),
        size=item.integer("size"),
    )


def change_request(item: Obj) -> ChangeRequest:
    return ChangeRequest(
        id=item.text("requestId"),
        kind=item.enum("requestType", codes.REQUEST_TYPE),
        status=item.enum("status", codes.REQUEST_STATUS),
        created_at=item.instant("createdAt"),
        updated_at=item.instant("updatedAt"),
        summary=item.text("summary"),
        attachments=tuple(attachment(a) for a in item.children("attachments")),
        effective_date=item.opt_day("effectiveDate"),
    )


def message(item: Obj) -> Message:
    return Message(
        id=item.text("messageId"),
        thread_id=item.text("threadId"),
        sent_at=item.instant("sentAt"),
        direction=item.enum("direction", codes.MESSAGE_DIRECTION),
        subject=item.text("subject"),
        body=item.text("body"),
        attachments=tuple(attachment(a) for a in item.children("attachments")),
        read=item.flag("read"),
    )

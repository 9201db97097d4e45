"""OpenAPI schemas of the account's activity (reimbursements and their lines, letters,
useful documents, requests, messages), built with :mod:`sandbox.cegedim.openapi_schemas`."""

from __future__ import annotations

from sandbox.cegedim.openapi_schemas import (
    BOOLEAN,
    CENTS,
    DATE,
    DATETIME,
    INTEGER,
    NDATE,
    NSTRING,
    STRING,
    Schema,
    array,
    list_of,
    null,
    obj,
    page_of,
    ref,
)

_SUMMARY: dict[str, Schema] = {
    "reimbursementId": STRING,
    "insuredId": STRING,
    "paymentDate": DATE,
    "paymentMethod": ref("TransferMethod"),
    "recipient": ref("Recipient"),
    "totalAmount": {**CENTS, "description": "What the insurer paid (sum of mutualAmount)"},
    "currency": {"type": "string", "enum": ["EUR"]},
    "beneficiaryIds": array(STRING),
    "careStartDate": NDATE,
    "careEndDate": NDATE,
    "lineCount": INTEGER,
}

ACTIVITY: dict[str, Schema] = {
    "Recipient": obj(
        "Who was paid: the insured, or a professional (tiers payant)",
        recipientType=ref("RecipientType"),
        name=STRING,
        professionalId={**NSTRING, "description": "RPPS, ADELI or FINESS"},
    ),
    "ReimbursementSummary": obj("A reimbursement without its lines", **_SUMMARY),
    "Reimbursement": obj(
        "A reimbursement with its lines (décompte)",
        **_SUMMARY,
        lines=array(ref("ReimbursementLine")),
    ),
    "Act": obj(
        "The act reimbursed", codingSystem=ref("ActCodingSystem"), code=STRING, label=STRING
    ),
    "Professional": obj("Who billed the act", professionalId=NSTRING, name=NSTRING),
    "ReimbursementLine": obj(
        "A reimbursed act. billedAmount = socialSecurityAmount + mutualAmount + "
        "otherInsurerAmount + outOfPocketAmount",
        lineId=STRING,
        beneficiaryId=STRING,
        act=ref("Act"),
        careCategory=ref("CareCategory"),
        careStartDate=DATE,
        careEndDate=DATE,
        quantity=INTEGER,
        billedAmount=CENTS,
        reimbursementBase=CENTS,
        socialSecurityRate={"type": "integer", "description": "AMO rate, percent"},
        flatParticipationAmount=CENTS,
        deductibleAmount={**CENTS, "description": "Franchise médicale"},
        socialSecurityAmount=CENTS,
        mutualAmount=CENTS,
        otherInsurerAmount=CENTS,
        outOfPocketAmount={**CENTS, "description": "Reste à charge"},
        professional=null(ref("Professional")),
        confidential=BOOLEAN,
    ),
    "ReimbursementPage": page_of("ReimbursementSummary"),
    "ReimbursementBatchRequest": obj(
        "Reimbursement ids to fetch", ids={**array(STRING), "minItems": 1, "maxItems": 100}
    ),
    "ReimbursementBatch": obj(
        "The reimbursements found, in the order asked, and the ids not found",
        content=array(ref("Reimbursement")),
        notFound=array(STRING),
    ),
    "Correspondence": obj(
        "A letter sent to the insured (courrier); its PDF is at .../content",
        correspondenceId=STRING,
        insuredId=STRING,
        sentDate=DATE,
        correspondenceType=ref("CorrespondenceType"),
        title=STRING,
        contentType={"type": "string", "enum": ["application/pdf"]},
    ),
    "CorrespondencePage": page_of("Correspondence"),
    "Document": obj(
        "A useful document (document utile); its PDF is at .../content",
        documentId=STRING,
        documentType=ref("DocumentType"),
        title=STRING,
        contentType={"type": "string", "enum": ["application/pdf"]},
    ),
    "DocumentList": list_of("Document"),
    "Request": obj(
        "A change request and its follow-up status",
        requestId=STRING,
        insuredId=STRING,
        requestType=ref("RequestType"),
        status=ref("RequestStatus"),
        createdAt=DATETIME,
        updatedAt=DATETIME,
        summary=STRING,
        attachments=array(ref("Attachment")),
    ),
    "RequestPage": page_of("Request"),
    "Message": obj(
        "A message to or from an adviser",
        messageId=STRING,
        threadId=STRING,
        insuredId=STRING,
        sentAt=DATETIME,
        direction=ref("MessageDirection"),
        subject=STRING,
        body=STRING,
        read=BOOLEAN,
        attachments=array(ref("Attachment")),
    ),
    "MessagePage": page_of("Message"),
}

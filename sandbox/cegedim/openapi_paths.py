"""OpenAPI descriptions of each operation, keyed by operationId.

Methods and paths are not repeated here: :mod:`sandbox.cegedim.openapi` takes them from the
routes' :class:`~sandbox.cegedim.endpoint.Endpoint` declarations and adds these summaries,
query parameters, bodies and responses, so the document cannot list a route the app lacks.
"""

from __future__ import annotations

from typing import Any

from sandbox.cegedim import codes

Operation = dict[str, Any]


def _ref(kind: str, name: str) -> dict[str, str]:
    return {"$ref": f"#/components/{kind}/{name}"}


def query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


def _date(name: str, description: str) -> dict[str, Any]:
    return query(name, {"type": "string", "format": "date"}, description + " (YYYY-MM-DD)")


def _enum(name: str, table: codes.CodeTable, description: str) -> dict[str, Any]:
    return query(name, {"type": "string", "enum": codes.api_codes(table)}, description)


PAGING = [_ref("parameters", "page"), _ref("parameters", "size")]
_ERRORS = {"401": "Unauthorized", "429": "TooManyRequests", "503": "ServiceUnavailable"}


def _responses(ok: dict[str, Any], *errors: str) -> dict[str, Any]:
    out: dict[str, Any] = dict(ok)
    for status in (*errors, *_ERRORS):
        out[status] = _ref("responses", _ERRORS.get(status) or _STATUS_NAMES[status])
    out["default"] = _ref("responses", "Unexpected")
    return out


_STATUS_NAMES = {
    "304": "NotModified",
    "400": "BadRequest",
    "404": "NotFound",
    "409": "Conflict",
    "413": "PayloadTooLarge",
    "415": "UnsupportedMediaType",
    "422": "UnprocessableEntity",
}


def get_json(tag: str, summary: str, schema: str, *params: Any) -> Operation:
    ok = {
        "200": {
            "description": "OK",
            "headers": {"ETag": _ref("headers", "ETag")},
            "content": {"application/json": {"schema": _ref("schemas", schema)}},
        }
    }
    errors = ("304", "400", "404") if params else ("304", "404")
    return {
        "tags": [tag],
        "summary": summary,
        "parameters": list(params),
        "responses": _responses(ok, *errors),
    }


def get_pdf(tag: str, summary: str) -> Operation:
    ok = {
        "200": {
            "description": "The PDF",
            "headers": {"ETag": _ref("headers", "ETag")},
            "content": {
                "application/pdf": {
                    "schema": {"type": "string", "contentMediaType": "application/pdf"}
                }
            },
        }
    }
    return {"tags": [tag], "summary": summary, "responses": _responses(ok, "304", "404")}


def create(summary: str, body: str, media: str = "application/json") -> Operation:
    content: dict[str, Any] = {media: {"schema": _ref("schemas", body)}}
    ok = {
        "201": {
            "description": "The request created",
            "headers": {"Location": _ref("headers", "Location")},
            "content": {"application/json": {"schema": _ref("schemas", "Request")}},
        }
    }
    return {
        "tags": ["Requests"],
        "summary": summary,
        "requestBody": {"required": True, "content": content},
        "responses": _responses(ok, "400", "404", "409", "413", "415", "422"),
    }


OPERATIONS: dict[str, Operation] = {
    "getInsured": get_json(
        "Insured", "The insured (adhérent): identity, contact, address, bank accounts", "Insured"
    ),
    "listBeneficiaries": get_json(
        "Insured", "Beneficiaries, the insured first (open and closed)", "BeneficiaryList"
    ),
    "getBeneficiary": get_json("Insured", "One beneficiary", "Beneficiary"),
    "getContract": get_json("Contract", "The contract with guarantees per beneficiary", "Contract"),
    "getPremiums": get_json(
        "Contract", "Premium payment method, frequency and schedule", "Premiums"
    ),
    "getThirdPartyPaymentCard": get_json(
        "Contract", "The tiers-payant card", "ThirdPartyPaymentCard"
    ),
    "getThirdPartyPaymentCardDocument": get_pdf("Contract", "The tiers-payant card as PDF"),
    "getInsuranceCertificate": get_pdf(
        "Contract", "Insurance certificate (attestation de droits) as PDF"
    ),
    "listQuotes": get_json(
        "Contract",
        "Quotes and prior approvals processed by the insurer, newest first",
        "QuoteList",
        _enum("quoteType", codes.QUOTE_TYPE, "Only quotes or only prior approvals"),
    ),
    "searchReimbursements": get_json(
        "Reimbursements",
        "Search reimbursements, newest first",
        "ReimbursementPage",
        _date("paidFrom", "Payment date from, inclusive"),
        _date("paidTo", "Payment date to, inclusive"),
        query("beneficiaryId", {"type": "string"}, "Only acts of this beneficiary"),
        _date("careFrom", "Care date from, inclusive"),
        _date("careTo", "Care date to, inclusive"),
        _enum("recipientType", codes.RECIPIENT, "Paid to the insured or to professionals"),
        *PAGING,
    ),
    "getReimbursement": get_json(
        "Reimbursements", "One reimbursement with its lines", "Reimbursement"
    ),
    "batchGetReimbursements": {
        "tags": ["Reimbursements"],
        "summary": "Up to 100 reimbursements with their lines, in one call",
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": _ref("schemas", "ReimbursementBatchRequest")}
            },
        },
        "responses": _responses(
            {
                "200": {
                    "description": "Found ones in the order asked; unknown ids in notFound",
                    "content": {
                        "application/json": {"schema": _ref("schemas", "ReimbursementBatch")}
                    },
                }
            },
            "400",
            "404",
            "415",
        ),
    },
    "listCorrespondences": get_json(
        "Documents",
        "Letters sent to the insured, newest first",
        "CorrespondencePage",
        _date("sentFrom", "Sent on or after"),
        _date("sentTo", "Sent on or before"),
        _enum("correspondenceType", codes.CORRESPONDENCE_TYPE, "Only this type"),
        *PAGING,
    ),
    "getCorrespondenceContent": get_pdf("Documents", "A letter's PDF"),
    "listDocuments": get_json(
        "Documents", "Useful documents (statutes, SEPA mandate, guides...)", "DocumentList"
    ),
    "getDocumentContent": get_pdf("Documents", "A useful document's PDF"),
    "listRequests": get_json(
        "Requests",
        "The insured's requests and their status, newest first",
        "RequestPage",
        _enum("status", codes.REQUEST_STATUS, "Only requests in this status"),
        *PAGING,
    ),
    "getRequest": get_json("Requests", "One request", "Request"),
    "createContactDetailsRequest": create("Change e-mail and phones", "ContactDetailsChange"),
    "createPostalAddressRequest": create("Change the postal address", "PostalAddressChange"),
    "createBankDetailsRequest": create(
        "Change a bank account, with the RIB attached", "BankDetailsChange", "multipart/form-data"
    ),
    "createBeneficiaryAdditionRequest": create(
        "Add a beneficiary, with proof attached", "BeneficiaryAddition", "multipart/form-data"
    ),
    "createBeneficiaryRemovalRequest": create(
        "Remove a beneficiary (radiation), optionally from an effective date",
        "BeneficiaryRemoval",
    ),
    "createCardReissueRequest": {
        **create("Reissue the tiers-payant card", "PreferenceChange"),
        "requestBody": {
            "required": False,
            "content": {"application/json": {"schema": {"type": "object"}}},
        },
    },
    "createPaperlessRequest": create("Paperless statements on or off", "PreferenceChange"),
    "createNotificationsRequest": create("Reimbursement alerts on or off", "PreferenceChange"),
    "listMessages": get_json(
        "Messages", "Messages to and from advisers, newest first", "MessagePage", *PAGING
    ),
    "sendMessage": {
        "tags": ["Messages"],
        "summary": "Send a message to the advisers (a new thread, or a reply with threadId), "
        "with attachments as multipart",
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": _ref("schemas", "NewMessage")},
                "multipart/form-data": {"schema": _ref("schemas", "NewMessageWithAttachments")},
            },
        },
        "responses": _responses(
            {
                "201": {
                    "description": "The message sent",
                    "content": {"application/json": {"schema": _ref("schemas", "Message")}},
                }
            },
            "400",
            "404",
            "413",
            "415",
        ),
    },
}

"""JSON Schemas (OpenAPI 3.1 ``components.schemas``) of the Cegedim-style API.

Helpers and the shared schemas (money, problems, OAuth, code enums). The resource schemas
(``openapi_insured``, ``openapi_activity``) describe exactly what ``serialise_insured`` and
``serialise_activity`` produce: every object is closed (``additionalProperties: false``) and
lists every key as required (absent values are ``null``), so the test that checks live
responses against these schemas also proves the document complete. Code enums come from
:mod:`sandbox.cegedim.codes`.
"""

from __future__ import annotations

from typing import Any

from sandbox.cegedim import codes
from sandbox.cegedim.problems import API_CODES, BUSINESS_STATUS

Schema = dict[str, Any]

STRING: Schema = {"type": "string"}
DATE: Schema = {"type": "string", "format": "date", "description": "ISO 8601 date"}
DATETIME: Schema = {"type": "string", "format": "date-time", "description": "RFC 3339, UTC"}
INTEGER: Schema = {"type": "integer"}
BOOLEAN: Schema = {"type": "boolean"}
BINARY: Schema = {"type": "string", "contentMediaType": "application/octet-stream"}


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def null(schema: Schema) -> Schema:
    """The schema, or null."""
    if "$ref" in schema:
        return {"oneOf": [schema, {"type": "null"}]}
    return {**schema, "type": [schema["type"], "null"]}


def obj(description: str, **properties: Schema) -> Schema:
    """A closed object whose keys are all present (possibly null)."""
    return {
        "type": "object",
        "description": description,
        "additionalProperties": False,
        "required": list(properties),
        "properties": properties,
    }


def array(items: Schema) -> Schema:
    return {"type": "array", "items": items}


def coded(description: str, table: codes.CodeTable) -> Schema:
    labels = "; ".join(f"{code}: {label}" for code, label in table.values())
    return obj(
        f"{description} ({labels})",
        code={"type": "string", "enum": codes.api_codes(table)},
        label=STRING,
    )


def page_of(item: str) -> Schema:
    return obj(
        f"One page of {item} (zero-based page index)",
        content=array(ref(item)),
        page={"type": "integer", "minimum": 0},
        size={"type": "integer", "minimum": 1, "maximum": 100},
        totalElements={"type": "integer", "minimum": 0},
        totalPages={"type": "integer", "minimum": 0},
    )


def list_of(item: str) -> Schema:
    return obj(f"All {item} items", content=array(ref(item)), totalElements=INTEGER)


CENTS = ref("Cents")
NSTRING = null(STRING)
NDATE = null(DATE)
ENUMS: dict[str, Schema] = {
    "Civility": coded("Civility", codes.CIVILITY),
    "Gender": coded("Gender", codes.GENDER),
    "MaritalStatus": coded("Family situation", codes.MARITAL_STATUS),
    "Relationship": coded("Beneficiary's quality (qualité)", codes.RELATIONSHIP),
    "HealthInsuranceScheme": coded("Régime obligatoire", codes.REGIME),
    "AccountUsage": coded("What a bank account is used for", codes.ACCOUNT_USAGE),
    "ContractStatus": coded("Contract status", codes.CONTRACT_STATUS),
    "ContractType": coded("Individual or group (collective) contract", codes.CONTRACT_TYPE),
    "CareCategory": coded("Care category", codes.CARE_CATEGORY),
    "BenefitType": coded("How a guarantee pays", codes.BENEFIT_TYPE),
    "PaymentMethod": coded("How premiums are paid", codes.PAYMENT_METHOD),
    "PremiumFrequency": coded("Premium frequency", codes.FREQUENCY),
    "InstalmentStatus": coded("Status of an instalment", codes.INSTALMENT_STATUS),
    "TransferMethod": coded("How a reimbursement was paid", codes.TRANSFER_METHOD),
    "RecipientType": coded("Who received a reimbursement", codes.RECIPIENT),
    "ActCodingSystem": coded("Nomenclature of an act", codes.ACT_SYSTEM),
    "CorrespondenceType": coded("Type of letter", codes.CORRESPONDENCE_TYPE),
    "DocumentType": coded("Type of useful document", codes.DOCUMENT_TYPE),
    "QuoteType": coded("Quote or prior approval", codes.QUOTE_TYPE),
    "QuoteCategory": coded("Care category of a quote", codes.QUOTE_CATEGORY),
    "QuoteStatus": coded("Processing status of a quote", codes.QUOTE_STATUS),
    "RequestType": coded("Kind of change request", codes.REQUEST_TYPE),
    "RequestStatus": coded("Follow-up status of a request", codes.REQUEST_STATUS),
    "MessageDirection": coded("Direction of a message", codes.MESSAGE_DIRECTION),
    "CardDomain": coded("Tiers-payant card domain", codes.CARD_DOMAIN),
}

COMMON: dict[str, Schema] = {
    "Cents": {"type": "integer", "description": "Amount in euro cents (690 = 6.90 EUR)"},
    "Problem": {
        **obj(
            "RFC 7807 problem details",
            type={"type": "string", "format": "uri"},
            title=STRING,
            status={"type": "integer", "minimum": 400, "maximum": 599},
            code={"type": "string", "enum": sorted({*BUSINESS_STATUS, *API_CODES})},
            detail=STRING,
            invalidParams=array(ref("InvalidParam")),
        ),
        "required": ["type", "title", "status", "code", "detail"],
    },
    "InvalidParam": obj("A rejected parameter or field", name=STRING, reason=STRING),
    "OAuthToken": obj(
        "RFC 6749 access token response",
        access_token=STRING,
        token_type={"type": "string", "enum": ["Bearer"]},
        expires_in={"type": "integer", "minimum": 1, "description": "Lifetime in seconds"},
        scope=STRING,
    ),
    "OAuthError": obj(
        "RFC 6749 error response of the token endpoint",
        error={
            "type": "string",
            "enum": ["invalid_request", "invalid_client", "unsupported_grant_type"],
        },
        error_description=STRING,
    ),
    "Attachment": obj(
        "A file received with a request or a message",
        fileName=STRING,
        contentType=STRING,
        size=INTEGER,
        sha256=STRING,
    ),
}

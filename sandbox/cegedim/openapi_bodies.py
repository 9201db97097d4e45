"""OpenAPI schemas of the request bodies: change requests (JSON and multipart with their
file parts), messages, the token request. Open objects: unknown fields are ignored."""

from __future__ import annotations

from sandbox.cegedim import codes
from sandbox.cegedim.openapi_schemas import BINARY, BOOLEAN, DATE, STRING, Schema, array


def _body(description: str, required: list[str], **properties: Schema) -> Schema:
    return {
        "type": "object",
        "description": description,
        "required": required,
        "properties": properties,
    }


_RELATIONSHIPS = [c for c in codes.api_codes(codes.RELATIONSHIP) if c != "INSURED"]
BODIES: dict[str, Schema] = {
    "ContactDetailsChange": _body(
        "New contact details; at least one field",
        [],
        email={"type": "string", "format": "email"},
        mobilePhone=STRING,
        homePhone=STRING,
    ),
    "PostalAddressChange": _body(
        "New postal address",
        ["line1", "postalCode", "city"],
        line1={"type": "string", "maxLength": 38},
        line2={"type": ["string", "null"], "maxLength": 38},
        postalCode={"type": "string", "pattern": "^[0-9]{5}$"},
        city=STRING,
    ),
    "BankDetailsChange": _body(
        "New bank account with the RIB as proof (multipart/form-data)",
        ["usage", "holderName", "iban", "bic", "rib"],
        usage={"type": "string", "enum": codes.api_codes(codes.ACCOUNT_USAGE)},
        holderName=STRING,
        iban=STRING,
        bic={"type": "string", "minLength": 8, "maxLength": 11},
        bankName=STRING,
        rib={**BINARY, "description": "The RIB (PDF or image)"},
    ),
    "BeneficiaryAddition": _body(
        "A person to add, with proof (birth certificate...) (multipart/form-data)",
        ["lastName", "firstName", "birthDate", "relationship", "healthInsuranceScheme", "proof"],
        lastName=STRING,
        firstName=STRING,
        birthDate=DATE,
        relationship={"type": "string", "enum": _RELATIONSHIPS},
        healthInsuranceScheme={"type": "string", "enum": codes.api_codes(codes.REGIME)},
        socialSecurityNumber=STRING,
        proof={**BINARY, "description": "Supporting document"},
    ),
    "BeneficiaryRemoval": _body(
        "A beneficiary to remove (radiation), with the reason",
        ["beneficiaryId", "reason"],
        beneficiaryId=STRING,
        reason={"type": "string", "maxLength": 500},
        effectiveDate={
            **DATE,
            "description": "Date d'effet: not before the beneficiary joined, within a year of "
            "today (else 422 INVALID_EFFECTIVE_DATE); omitted: the back office dates it",
        },
    ),
    "PreferenceChange": _body("Turn a preference on or off", ["enabled"], enabled=BOOLEAN),
    "NewMessage": _body(
        "A message to the advisers",
        ["subject", "body"],
        subject={"type": "string", "maxLength": 120, "description": "Motif"},
        body={"type": "string", "maxLength": 5000},
        threadId={
            "type": "string",
            "maxLength": 64,
            "description": "Answer in this thread of the insured (404 UNKNOWN_THREAD if not "
            "theirs); omitted: a new thread",
        },
    ),
    "NewMessageWithAttachments": _body(
        "A message to the advisers with up to 5 files (multipart/form-data)",
        ["subject", "body"],
        subject={"type": "string", "maxLength": 120},
        body={"type": "string", "maxLength": 5000},
        threadId={
            "type": "string",
            "maxLength": 64,
            "description": "Answer in this thread of the insured (404 UNKNOWN_THREAD if not "
            "theirs); omitted: a new thread",
        },
        attachments={**array(BINARY), "maxItems": 5},
    ),
    "TokenRequest": _body(
        "Client credentials grant (client_id/client_secret here or in HTTP Basic)",
        ["grant_type"],
        grant_type={"type": "string", "enum": ["client_credentials"]},
        client_id=STRING,
        client_secret=STRING,
        scope=STRING,
    ),
}

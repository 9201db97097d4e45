"""Operations on the insured's own data: insured, beneficiaries, contract, premiums,
tiers-payant card (JSON and PDF), insurance certificate (attestation de droits), quotes."""

from __future__ import annotations

from starlette.responses import Response

from sandbox.backoffice import BusinessError
from sandbox.cegedim import codes
from sandbox.cegedim import serialise_insured as shape
from sandbox.cegedim.endpoint import Call, Endpoint, ok, pdf
from sandbox.cegedim.params import enum_value


async def get_insured(call: Call) -> Response:
    return ok(shape.insured(call.office.member(call.insured)))


async def list_beneficiaries(call: Call) -> Response:
    people = call.office.beneficiaries(call.insured)
    return ok({"content": [shape.beneficiary(p) for p in people], "totalElements": len(people)})


async def get_beneficiary(call: Call) -> Response:
    wanted = call.path("beneficiaryId")
    for person in call.office.beneficiaries(call.insured):
        if person.id == wanted:
            return ok(shape.beneficiary(person))
    raise BusinessError("UNKNOWN_BENEFICIARY", f"no beneficiary {wanted} for this insured")


async def get_contract(call: Call) -> Response:
    return ok(shape.contract(call.office.contract(call.insured)))


async def get_premiums(call: Call) -> Response:
    return ok(shape.premiums(call.office.premium(call.insured)))


async def get_card(call: Call) -> Response:
    return ok(shape.card(call.office.tp_card(call.insured)))


async def get_card_document(call: Call) -> Response:
    content = call.office.tp_card_pdf(call.insured)
    return pdf(content, f"carte-tiers-payant-{call.insured}.pdf")


async def get_insurance_certificate(call: Call) -> Response:
    content = call.office.attestation_pdf(call.insured)
    return pdf(content, f"attestation-{call.insured}.pdf")


async def list_quotes(call: Call) -> Response:
    kind = enum_value("quoteType", call.request.query_params.get("quoteType"), codes.QUOTE_TYPE)
    quotes = [q for q in call.office.quotes(call.insured) if kind is None or q.kind == kind]
    return ok({"content": [shape.quote(q) for q in quotes], "totalElements": len(quotes)})


INSURED = "/insureds/{insuredId}"
ENDPOINTS = (
    Endpoint("GET", INSURED, "getInsured", get_insured),
    Endpoint("GET", INSURED + "/beneficiaries", "listBeneficiaries", list_beneficiaries),
    Endpoint("GET", INSURED + "/beneficiaries/{beneficiaryId}", "getBeneficiary", get_beneficiary),
    Endpoint("GET", INSURED + "/contract", "getContract", get_contract),
    Endpoint("GET", INSURED + "/premiums", "getPremiums", get_premiums),
    Endpoint("GET", INSURED + "/thirdPartyPaymentCard", "getThirdPartyPaymentCard", get_card),
    Endpoint(
        "GET",
        INSURED + "/thirdPartyPaymentCard/document",
        "getThirdPartyPaymentCardDocument",
        get_card_document,
    ),
    Endpoint(
        "GET",
        INSURED + "/insuranceCertificate",
        "getInsuranceCertificate",
        get_insurance_certificate,
    ),
    Endpoint("GET", INSURED + "/quotes", "listQuotes", list_quotes),
)

"""Change requests (demandes) and their follow-up (suivi des demandes).

Each ``POST .../requests/<kind>`` creates one request and answers 201 with it and a
``Location``. Bank details and beneficiary additions carry their proof as
``multipart/form-data`` (file parts ``rib`` and ``proof``); the others are JSON.
"""

from __future__ import annotations

import re

from starlette.responses import Response

from sandbox.backoffice import BusinessError
from sandbox.cegedim import codes
from sandbox.cegedim import serialise_activity as shape
from sandbox.cegedim.endpoint import API_PREFIX, Call, Endpoint, ok
from sandbox.cegedim.params import (
    enum_value,
    flag,
    json_body,
    multipart_form,
    optional_text,
    paging,
    parse_date,
    text,
)
from sandbox.cegedim.problems import ApiProblem, invalid
from sandbox.dataset.records import BankAccount, ChangeRequest

REQUESTS = "/insureds/{insuredId}/requests"


def created(call: Call, item: ChangeRequest) -> Response:
    response = ok(shape.request(item), status=201)
    location = API_PREFIX.format(tenant=call.tenant) + REQUESTS.format(insuredId=call.insured)
    response.headers["Location"] = f"{location}/{item.id}"
    return response


async def contact_details(call: Call) -> Response:
    body = await json_body(call.request)
    email = optional_text(body, "email")
    mobile = optional_text(body, "mobilePhone", max_len=30)
    home = optional_text(body, "homePhone", max_len=30)
    if email is None and mobile is None and home is None:
        raise invalid("email", "give at least one of email, mobilePhone, homePhone")
    if email is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise invalid("email", "not an e-mail address")
    item = call.office.update_contact(
        call.insured, email=email, phone_mobile=mobile, phone_home=home
    )
    return created(call, item)


async def postal_address(call: Call) -> Response:
    body = await json_body(call.request)
    postcode = text(body, "postalCode", max_len=5)
    if not re.fullmatch(r"\d{5}", postcode):
        raise invalid("postalCode", "expected 5 digits")
    item = call.office.update_address(
        call.insured,
        line1=text(body, "line1", max_len=38),
        line2=optional_text(body, "line2", max_len=38),
        postcode=postcode,
        town=text(body, "city", max_len=60),
    )
    return created(call, item)


async def bank_details(call: Call) -> Response:
    form = await multipart_form(call.request)
    usage = enum_value("usage", form.fields.get("usage"), codes.ACCOUNT_USAGE)
    if usage is None:
        raise invalid("usage", "is required")
    account = BankAccount(
        purpose="premium" if usage == "premium" else "reimbursement",
        holder=text(form.fields, "holderName", max_len=70),
        iban=re.sub(r"\s+", "", text(form.fields, "iban", max_len=50)).upper(),
        bic=text(form.fields, "bic", max_len=11).upper(),
        bank_name=optional_text(form.fields, "bankName", max_len=70) or "",
    )
    item = call.office.update_bank_account(call.insured, account, form.file("rib"))
    return created(call, item)


async def beneficiary_addition(call: Call) -> Response:
    form = await multipart_form(call.request)
    fields = form.fields
    relationship = enum_value("relationship", fields.get("relationship"), codes.RELATIONSHIP)
    if relationship is None or relationship == "00":
        raise invalid("relationship", "expected SPOUSE, PARTNER, CHILD or OTHER")
    regime = fields.get("healthInsuranceScheme") or ""
    if regime not in codes.REGIME:
        raise invalid("healthInsuranceScheme", "expected one of " + ", ".join(codes.REGIME))
    birth_date = parse_date("birthDate", fields.get("birthDate"))
    if birth_date is None:
        raise invalid("birthDate", "is required")
    item = call.office.add_beneficiary(
        call.insured,
        last_name=text(fields, "lastName", max_len=60),
        first_name=text(fields, "firstName", max_len=60),
        birth_date=birth_date,
        quality=relationship,
        regime=regime,
        nir=optional_text(fields, "socialSecurityNumber", max_len=15),
        attachment=form.file("proof"),
    )
    return created(call, item)


async def beneficiary_removal(call: Call) -> Response:
    body = await json_body(call.request)
    effective = body.get("effectiveDate")
    if effective is not None and not isinstance(effective, str):
        raise invalid("effectiveDate", "expected an ISO 8601 date (YYYY-MM-DD)")
    item = call.office.remove_beneficiary(
        call.insured,
        text(body, "beneficiaryId", max_len=20),
        text(body, "reason", max_len=500),
        parse_date("effectiveDate", effective),  # absent: the back office dates it
    )
    return created(call, item)


async def card_reissue(call: Call) -> Response:
    return created(call, call.office.reissue_tp_card(call.insured))


async def paperless(call: Call) -> Response:
    enabled = flag(await json_body(call.request), "enabled")
    return created(call, call.office.set_paperless(call.insured, enabled))


async def notifications(call: Call) -> Response:
    enabled = flag(await json_body(call.request), "enabled")
    return created(call, call.office.set_notifications(call.insured, enabled))


async def list_requests(call: Call) -> Response:
    status = enum_value("status", call.request.query_params.get("status"), codes.REQUEST_STATUS)
    page = paging(call.request)
    items = [r for r in call.office.change_requests(call.insured) if status in (None, r.status)]
    return ok(page.body([shape.request(r) for r in page.slice(items)], len(items)))


async def get_request(call: Call) -> Response:
    request_id = call.path("requestId")
    try:
        item = call.office.change_request(call.insured, request_id)
    except BusinessError as error:
        if error.code != "INVALID_REQUEST":
            raise
        raise ApiProblem(404, "UNKNOWN_REQUEST", f"no request {request_id}") from error
    return ok(shape.request(item))


ENDPOINTS = (
    Endpoint("GET", REQUESTS, "listRequests", list_requests),
    Endpoint("GET", REQUESTS + "/{requestId}", "getRequest", get_request),
    Endpoint("POST", REQUESTS + "/contactDetails", "createContactDetailsRequest", contact_details),
    Endpoint("POST", REQUESTS + "/postalAddress", "createPostalAddressRequest", postal_address),
    Endpoint("POST", REQUESTS + "/bankDetails", "createBankDetailsRequest", bank_details),
    Endpoint(
        "POST",
        REQUESTS + "/beneficiaryAdditions",
        "createBeneficiaryAdditionRequest",
        beneficiary_addition,
    ),
    Endpoint(
        "POST",
        REQUESTS + "/beneficiaryRemovals",
        "createBeneficiaryRemovalRequest",
        beneficiary_removal,
    ),
    Endpoint("POST", REQUESTS + "/cardReissues", "createCardReissueRequest", card_reissue),
    Endpoint("POST", REQUESTS + "/paperless", "createPaperlessRequest", paperless),
    Endpoint("POST", REQUESTS + "/notifications", "createNotificationsRequest", notifications),
)

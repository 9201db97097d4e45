"""Reimbursement operations: search (payment period, beneficiary, care dates, recipient,
page/size), one reimbursement with its lines, and many reimbursements in one call
(``POST .../reimbursements:batchGet``)."""

from __future__ import annotations

from typing import cast

from starlette.responses import Response

from sandbox.backoffice import BusinessError, PaymentQuery
from sandbox.cegedim import codes
from sandbox.cegedim import serialise_activity as shape
from sandbox.cegedim.endpoint import Call, Endpoint, ok
from sandbox.cegedim.params import date_range, enum_value, json_body, paging
from sandbox.cegedim.problems import invalid
from sandbox.dataset.records import RecipientKind

MAX_BATCH = 100


async def search_reimbursements(call: Call) -> Response:
    request = call.request
    paid_from, paid_to = date_range(request, "paidFrom", "paidTo")
    care_from, care_to = date_range(request, "careFrom", "careTo")
    recipient = enum_value(
        "recipientType", request.query_params.get("recipientType"), codes.RECIPIENT
    )
    page = paging(request)
    query = PaymentQuery(
        paid_from=paid_from,
        paid_to=paid_to,
        beneficiary_id=request.query_params.get("beneficiaryId") or None,
        care_from=care_from,
        care_to=care_to,
        recipient=cast(RecipientKind | None, recipient),
        offset=page.offset,
        limit=page.size,
    )
    found = call.office.search_payments(call.insured, query)
    return ok(page.body([shape.reimbursement_summary(p) for p in found.items], found.total))


async def get_reimbursement(call: Call) -> Response:
    wanted = call.path("reimbursementId")
    (payment,) = call.office.payments_by_ids(call.insured, [wanted])
    if payment is None:
        raise BusinessError("UNKNOWN_PAYMENT", f"no reimbursement {wanted} for this insured")
    return ok(shape.reimbursement(payment))


async def batch_get_reimbursements(call: Call) -> Response:
    """Details of up to 100 reimbursements, in the order asked; unknown ids in ``notFound``."""
    body = await json_body(call.request)
    ids = body.get("ids")
    if not isinstance(ids, list) or not all(isinstance(i, str) and i for i in ids):
        raise invalid("ids", "expected a list of reimbursement ids")
    if not 1 <= len(ids) <= MAX_BATCH:
        raise invalid("ids", f"between 1 and {MAX_BATCH} ids")
    payments = call.office.payments_by_ids(call.insured, list(ids))
    return ok(
        {
            "content": [shape.reimbursement(p) for p in payments if p is not None],
            "notFound": [i for i, p in zip(ids, payments, strict=True) if p is None],
        }
    )


REIMBURSEMENTS = "/insureds/{insuredId}/reimbursements"
ENDPOINTS = (
    Endpoint("GET", REIMBURSEMENTS, "searchReimbursements", search_reimbursements),
    Endpoint(
        "POST", REIMBURSEMENTS + ":batchGet", "batchGetReimbursements", batch_get_reimbursements
    ),
    Endpoint("GET", REIMBURSEMENTS + "/{reimbursementId}", "getReimbursement", get_reimbursement),
)

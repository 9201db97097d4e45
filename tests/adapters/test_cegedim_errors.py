"""Cegedim adapter, unit (httpx.MockTransport): every failure becomes the right port error,
batches keep order and isolate failures, paging and request bodies are what the API wants."""

from __future__ import annotations

import json
from datetime import date

import httpx
import pytest

from adapters.port import (
    BackendRejected,
    BackendTimeout,
    BackendUnavailable,
    BankAccountChange,
    BankAccountPurpose,
    BeneficiaryRemoval,
    Conflict,
    InvalidInput,
    MalformedResponse,
    MemberRef,
    NewAttachment,
    NotFound,
    PaymentQuery,
    PortError,
)
from adapters.rest.cegedim.payments import page_plan
from tests.adapters.test_cegedim_support import (
    FakeApi,
    insured_body,
    ok,
    platform,
    problem,
    raised,
    request_body,
)

pytestmark = pytest.mark.anyio
ALICE = MemberRef("bocage", "20000001")
RIB = NewAttachment("rib.pdf", "application/pdf", b"%PDF-1.4 rib")
BANK = BankAccountChange(
    BankAccountPurpose.PREMIUM, "Alice Durand", "FR7630004000031234567890143", "BNPAFRPPXXX", RIB
)


def raising(exc: Exception) -> object:
    def answer(request: httpx.Request) -> httpx.Response:
        raise exc

    return answer


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        (problem(404, "UNKNOWN_MEMBER"), NotFound),
        (problem(503, "SERVICE_UNAVAILABLE", headers={"Retry-After": "1"}), BackendUnavailable),
        (problem(500, "INTERNAL_ERROR"), BackendUnavailable),
        (problem(502, "BAD_GATEWAY"), BackendUnavailable),
        (httpx.Response(200, content=b'{"insuredId":"2000'), MalformedResponse),
        (ok({"insuredId": "20000001"}), MalformedResponse),  # valid JSON, wrong shape
        (ok([1, 2]), MalformedResponse),
        (httpx.Response(302, headers={"Location": "/elsewhere"}), MalformedResponse),
        (raising(httpx.ConnectError("refused")), BackendUnavailable),
        (raising(httpx.RemoteProtocolError("peer closed")), BackendUnavailable),
        (raising(httpx.ReadTimeout("slow")), BackendTimeout),
    ],
)
async def test_read_failures_are_port_errors_in_their_slot(answer: object, kind: type) -> None:
    api = FakeApi()
    api.on("GET", "/insureds/20000001", answer)  # type: ignore[arg-type]
    api.on("GET", "/insureds/20000002", ok(insured_body("20000002")))
    first, second = await platform(api).members([ALICE, MemberRef("bocage", "20000002")])
    assert type(first) is kind
    assert (first.platform, first.operation, first.retry_safe) == ("cegedim", "members", True)
    assert second.ref.number == "20000002"  # type: ignore[union-attr]


async def test_a_503_carries_its_retry_after() -> None:
    api = FakeApi()
    api.on("GET", "/insureds/20000001", problem(503, "X", headers={"Retry-After": "1"}))
    error = await raised(platform(api).members([ALICE]))
    assert isinstance(error, BackendUnavailable) and error.retry_after == 1.0


@pytest.mark.parametrize(
    ("answer", "kind", "code_or_field"),
    [
        (problem(409, "COLLECTIVE_CONTRACT"), BackendRejected, "COLLECTIVE_CONTRACT"),
        (problem(422, "INVALID_IBAN"), InvalidInput, "iban"),
        (problem(422, "INVALID_BIC"), InvalidInput, "bic"),
        (
            problem(400, "INVALID_REQUEST", invalidParams=[{"name": "holderName", "reason": "x"}]),
            InvalidInput,
            "holder",
        ),
        (problem(400, "INVALID_REQUEST"), InvalidInput, "input"),
        (problem(413, "PAYLOAD_TOO_LARGE"), InvalidInput, "proof"),
        (problem(409, "ALREADY_PENDING"), Conflict, None),
        (problem(422, "SOMETHING_NEW"), BackendRejected, "SOMETHING_NEW"),
    ],
)
async def test_change_refusals(answer: httpx.Response, kind: type, code_or_field: str) -> None:
    api = FakeApi()
    api.on("POST", "/insureds/20000001/requests/bankDetails", answer)
    with pytest.raises(PortError) as caught:
        await platform(api).update_bank_account(ALICE, BANK)
    error = caught.value
    assert type(error) is kind
    assert (error.platform, error.operation, error.retry_safe) == (
        "cegedim",
        "update_bank_account",
        False,
    )
    assert getattr(error, "code", None) == code_or_field or getattr(error, "field", None) == (
        code_or_field
    )
    assert "FR76" not in str(error)


@pytest.mark.parametrize(
    "code", ["BENEFICIARY_CLOSED", "MAIN_BENEFICIARY", "UNKNOWN_BENEFICIARY", "COLLECTIVE_CONTRACT"]
)
async def test_removal_refusals_keep_their_code(code: str) -> None:
    api = FakeApi()
    status = {"MAIN_BENEFICIARY": 422, "UNKNOWN_BENEFICIARY": 404}.get(code, 409)
    api.on("POST", "/insureds/20000001/requests/beneficiaryRemovals", problem(status, code))
    with pytest.raises(BackendRejected) as caught:
        await platform(api).remove_beneficiary(ALICE, BeneficiaryRemoval("20000001-02", "départ"))
    assert caught.value.code == code


async def test_a_dropped_change_is_not_retry_safe() -> None:
    api = FakeApi()
    api.on("POST", "/insureds/20000001/requests/cardReissues", raising(httpx.ReadError("reset")))  # type: ignore[arg-type]
    with pytest.raises(BackendUnavailable) as caught:
        await platform(api).request_tp_card(ALICE)
    assert not caught.value.retry_safe
    assert len(api.requests) == 1


async def test_bank_details_go_as_multipart_with_the_rib_part() -> None:
    api = FakeApi()
    api.on("POST", "/insureds/20000001/requests/bankDetails", ok(request_body(), 201))
    recorded = await platform(api).update_bank_account(ALICE, BANK)
    assert recorded.id == "DEM-1"
    (sent,) = api.requests
    assert sent.headers["content-type"].startswith("multipart/form-data")
    body = sent.content
    assert b'name="rib"; filename="rib.pdf"' in body and b"%PDF-1.4 rib" in body
    assert b'name="usage"' in body and b"PREMIUM" in body


async def test_another_tenants_member_is_not_found_without_a_call() -> None:
    api = FakeApi()
    (error,) = await platform(api).members([MemberRef("cevennes", "30000001")])
    assert isinstance(error, NotFound)
    assert api.requests == [] and api.token_calls == 0


# -- payments: one batch call, order, paging ---------------------------------------------
def detail(payment_id: str) -> dict[str, object]:
    return {
        "reimbursementId": payment_id,
        "insuredId": "20000001",
        "paymentDate": "2026-01-05",
        "paymentMethod": {"code": "TRANSFER", "label": "Virement"},
        "recipient": {
            "recipientType": {"code": "INSURED", "label": "Assuré"},
            "name": "A D",
            "professionalId": None,
        },
        "totalAmount": 900,
        "currency": "EUR",
        "beneficiaryIds": ["20000001-01"],
        "careStartDate": "2026-01-02",
        "careEndDate": "2026-01-02",
        "lineCount": 1,
        "lines": [
            {
                "lineId": f"{payment_id}-1",
                "beneficiaryId": "20000001-01",
                "act": {"codingSystem": {"code": "NGAP", "label": "x"}, "code": "G", "label": "G"},
                "careCategory": {"code": "GP_CONSULTATION", "label": "x"},
                "careStartDate": "2026-01-02",
                "careEndDate": "2026-01-02",
                "quantity": 1,
                "billedAmount": 3000,
                "reimbursementBase": 3000,
                "socialSecurityRate": 70,
                "flatParticipationAmount": 200,
                "deductibleAmount": 0,
                "socialSecurityAmount": 1900,
                "mutualAmount": 900,
                "otherInsurerAmount": 0,
                "outOfPocketAmount": 200,
                "professional": None,
                "confidential": False,
            }
        ],
    }


async def test_payments_are_one_batch_call_in_key_order() -> None:
    api = FakeApi()

    def batch(request: httpx.Request) -> httpx.Response:
        ids = json.loads(request.content)["ids"]
        found = [i for i in ids if i != "R-9"]
        return ok({"content": [detail(i) for i in reversed(found)], "notFound": ["R-9"]})

    api.on("POST", "/insureds/20000001/reimbursements:batchGet", batch)
    ids = ["R-1", "R-9", "R-2", "R-1", ""]
    found = await platform(api).payments(ALICE, ids)
    assert [getattr(p, "id", None) for p in found] == ["R-1", None, "R-2", "R-1", None]
    assert isinstance(found[1], NotFound) and isinstance(found[4], NotFound)
    assert found[0].lines[0].mutuelle_paid == found[0].total  # type: ignore[union-attr]
    (sent,) = api.requests
    assert json.loads(sent.content) == {"ids": ["R-1", "R-9", "R-2"]}


async def test_a_line_whose_parts_do_not_add_up_is_malformed() -> None:
    api = FakeApi()
    broken = detail("R-1")
    broken["lines"][0]["outOfPocketAmount"] = 300  # type: ignore[index]
    api.on(
        "POST",
        "/insureds/20000001/reimbursements:batchGet",
        ok({"content": [broken], "notFound": []}),
    )
    (error,) = await platform(api).payments(ALICE, ["R-1"])
    assert isinstance(error, MalformedResponse)


@pytest.mark.parametrize(
    ("offset", "limit", "plan"),
    [
        (0, 50, (50, 0, 0)),
        (50, 50, (50, 1, 1)),
        (10, 20, (30, 0, 0)),
        (0, 250, (100, 0, 2)),
        (95, 10, (15, 6, 6)),
    ],
)
def test_page_plan(offset: int, limit: int, plan: tuple[int, int, int]) -> None:
    assert page_plan(offset, limit) == plan
    size, first, last = plan
    assert first * size <= offset and offset + limit <= (last + 1) * size


async def test_search_maps_filters_and_paging() -> None:
    api = FakeApi()
    summaries = [dict(detail(f"R-{i}"), lines=None) for i in range(30)]

    def search(request: httpx.Request) -> httpx.Response:
        page, size = int(request.url.params["page"]), int(request.url.params["size"])
        content = summaries[page * size : (page + 1) * size]
        return ok(
            {"content": content, "page": page, "size": size, "totalElements": 30, "totalPages": 1}
        )

    api.on("GET", "/insureds/20000001/reimbursements", search)
    query = PaymentQuery(
        paid_from=date(2026, 1, 1), beneficiary_id="20000001-01", offset=10, limit=20
    )
    page = await platform(api).search_payments(ALICE, query)
    assert [p.id for p in page.items] == [f"R-{i}" for i in range(10, 30)]
    assert page.total == 30 and all(p.lines is None for p in page.items)
    (sent,) = api.requests
    assert dict(sent.url.params) == {
        "paidFrom": "2026-01-01",
        "beneficiaryId": "20000001-01",
        "page": "0",
        "size": "30",
    }

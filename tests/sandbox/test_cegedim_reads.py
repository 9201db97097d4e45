"""The Cegedim-style platform's read operations over real sockets, values checked against the
BackOffice (cents, ISO dates, pagination totals), every JSON body against the OpenAPI
schemas, ETag/304, validation and business errors as problem details."""

from __future__ import annotations

import math
from collections.abc import Iterator

import httpx
import pytest
from openapi_spec_validator import validate

from sandbox.backoffice import BackOffice, PaymentQuery
from tests.sandbox.cegedim_support import ApiSchema, Sandbox, api, running

pytestmark = pytest.mark.integration
INSURED = "/{tenant}/api/v1/insureds/{insuredId}"
ALL = 10_000


@pytest.fixture(scope="module")
def cegedim_reads() -> Iterator[Sandbox]:
    with running() as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def cegedim_schema(cegedim_reads: Sandbox) -> ApiSchema:
    document = httpx.get(cegedim_reads.url + "/openapi.json", timeout=10).json()
    return ApiSchema(document)


@pytest.fixture(scope="module")
def bocage(cegedim_reads: Sandbox) -> Iterator[httpx.Client]:
    with cegedim_reads.client("bocage") as client:
        yield client


@pytest.fixture(scope="module")
def office(cegedim_reads: Sandbox) -> BackOffice:
    return cegedim_reads.dataset.backoffice("bocage")


@pytest.fixture(scope="module")
def busy_member(office: BackOffice) -> str:
    """The bocage member with the most payments (to exercise paging)."""
    numbers = office.member_numbers(40)
    return max(numbers, key=lambda n: office.search_payments(n, PaymentQuery(limit=1)).total)


def get(
    client: httpx.Client,
    schema: ApiSchema,
    template: str,
    number: str,
    suffix: str = "",
    **params: str,
) -> httpx.Response:
    """GET ``template + suffix`` for bocage's ``number`` and check the body against the schema."""
    path = template.format(tenant="bocage", insuredId=number) + suffix
    response = client.get(path, params=params)
    schema.check("GET", template + _template_of(suffix), response)
    return response


def _template_of(suffix: str) -> str:
    """Maps a concrete suffix back to its OpenAPI template (ids become placeholders)."""
    parts = suffix.split("/")
    names = {
        "beneficiaries": "{beneficiaryId}",
        "reimbursements": "{reimbursementId}",
        "correspondences": "{correspondenceId}",
        "documents": "{documentId}",
        "requests": "{requestId}",
    }
    for i in range(1, len(parts) - 1):
        if parts[i] in names:
            parts[i + 1] = names[parts[i]]
    return "/".join(parts)


def test_openapi_is_served_valid_and_not_counted(cegedim_reads: Sandbox) -> None:
    response = httpx.get(cegedim_reads.url + "/openapi.json", timeout=10)
    assert response.status_code == 200
    validate(response.json())
    assert "openapi" not in " ".join(cegedim_reads.stats()).lower()


def test_insured_matches_the_backoffice(
    bocage: httpx.Client, cegedim_schema: ApiSchema, office: BackOffice, busy_member: str
) -> None:
    body = get(bocage, cegedim_schema, INSURED, busy_member).json()
    member = office.member(busy_member)
    assert body["insuredId"] == member.number
    assert (body["lastName"], body["firstName"]) == (member.last_name, member.first_name)
    assert body["birthDate"] == member.birth_date.isoformat()
    assert body["postalAddress"]["postalCode"] == member.address.postcode
    assert body["socialSecurityNumber"] == member.nir
    assert [a["iban"] for a in body["bankAccounts"]] == [a.iban for a in member.bank_accounts]
    assert body["preferences"]["paperlessStatements"] is member.paperless


def test_beneficiaries_and_one_beneficiary(
    bocage: httpx.Client, cegedim_schema: ApiSchema, office: BackOffice, busy_member: str
) -> None:
    body = get(bocage, cegedim_schema, INSURED, busy_member, "/beneficiaries").json()
    people = office.beneficiaries(busy_member)
    assert [b["beneficiaryId"] for b in body["content"]] == [p.id for p in people]
    assert body["totalElements"] == len(people)
    assert body["content"][0]["relationship"]["code"] == "INSURED"
    first = people[-1]
    one = get(bocage, cegedim_schema, INSURED, busy_member, f"/beneficiaries/{first.id}").json()
    assert one["birthDate"] == first.birth_date.isoformat()
    missing = bocage.get(api("bocage", f"/insureds/{busy_member}/beneficiaries/{busy_member}-99"))
    assert missing.status_code == 404
    assert missing.json()["code"] == "UNKNOWN_BENEFICIARY"


def test_contract_with_guarantees_per_beneficiary(
    bocage: httpx.Client, cegedim_schema: ApiSchema, office: BackOffice, busy_member: str
) -> None:
    body = get(bocage, cegedim_schema, INSURED, busy_member, "/contract").json()
    contract = office.contract(busy_member)
    assert body["contractNumber"] == contract.number
    assert body["effectiveDate"] == contract.effective_date.isoformat()
    assert (
        body["contractType"]["code"]
        == {"individual": "INDIVIDUAL", "collective": "GROUP"}[contract.kind]
    )
    assert [c["beneficiaryId"] for c in body["coverages"]] == [
        c.beneficiary_id for c in contract.coverages
    ]
    sent = body["coverages"][0]["guarantees"]
    held = contract.coverages[0].guarantees
    assert [(g["code"], g["ratePercent"], g["flatAmount"]) for g in sent] == [
        (g.code, g.rate_percent, g.flat_cents) for g in held
    ]


def test_premiums_in_cents(
    bocage: httpx.Client, cegedim_schema: ApiSchema, office: BackOffice, busy_member: str
) -> None:
    body = get(bocage, cegedim_schema, INSURED, busy_member, "/premiums").json()
    premium = office.premium(busy_member)
    assert body["annualAmount"] == premium.annual_cents
    assert [(s["dueDate"], s["amount"]) for s in body["schedule"]] == [
        (s.due_date.isoformat(), s.amount_cents) for s in premium.schedule
    ]
    due = [s for s in premium.schedule if s.status == "due"]
    if due:
        assert body["nextInstalment"]["dueDate"] == min(s.due_date for s in due).isoformat()


def test_card_certificate_and_quotes(
    bocage: httpx.Client, cegedim_schema: ApiSchema, office: BackOffice, busy_member: str
) -> None:
    card = get(bocage, cegedim_schema, INSURED, busy_member, "/thirdPartyPaymentCard").json()
    held = office.tp_card(busy_member)
    assert card["amcNumber"] == held.amc_number
    assert card["validTo"] == held.valid_to.isoformat()
    assert [c["domain"]["code"] for c in card["coverages"]] == [d for d, _ in held.domains]
    for suffix in ("/thirdPartyPaymentCard/document", "/insuranceCertificate"):
        document = get(bocage, cegedim_schema, INSURED, busy_member, suffix)
        assert document.headers["content-type"] == "application/pdf"
        assert document.content.startswith(b"%PDF")
    quotes = get(bocage, cegedim_schema, INSURED, busy_member, "/quotes").json()
    assert [q["quoteId"] for q in quotes["content"]] == [q.id for q in office.quotes(busy_member)]
    approvals = get(
        bocage, cegedim_schema, INSURED, busy_member, "/quotes", quoteType="PRIOR_APPROVAL"
    ).json()
    assert all(q["quoteType"]["code"] == "PRIOR_APPROVAL" for q in approvals["content"])


def test_reimbursement_search_pages_match_the_backoffice(
    bocage: httpx.Client, cegedim_schema: ApiSchema, office: BackOffice, busy_member: str
) -> None:
    expected = office.search_payments(busy_member, PaymentQuery(limit=ALL))
    size = 7
    seen: list[str] = []
    for page in range(math.ceil(expected.total / size) + 1):
        body = get(
            bocage,
            cegedim_schema,
            INSURED,
            busy_member,
            "/reimbursements",
            page=str(page),
            size=str(size),
        ).json()
        assert (body["page"], body["size"]) == (page, size)
        assert body["totalElements"] == expected.total
        assert body["totalPages"] == math.ceil(expected.total / size)
        seen += [r["reimbursementId"] for r in body["content"]]
    assert seen == [p.id for p in expected.items]
    first = expected.items[0]
    hit = get(bocage, cegedim_schema, INSURED, busy_member, "/reimbursements", size="1").json()
    summary = hit["content"][0]
    assert summary["totalAmount"] == first.total_cents
    assert summary["paymentDate"] == first.date.isoformat()
    assert summary["lineCount"] == len(first.lines)


def test_reimbursement_search_filters(
    bocage: httpx.Client, cegedim_schema: ApiSchema, office: BackOffice, busy_member: str
) -> None:
    payments = office.search_payments(busy_member, PaymentQuery(limit=ALL)).items
    middle = payments[len(payments) // 2]
    beneficiary = middle.lines[0].beneficiary_id
    care = middle.lines[0].care_start
    cases = [
        ({"recipientType": "PROFESSIONAL"}, PaymentQuery(recipient="professional", limit=ALL)),
        ({"recipientType": "INSURED"}, PaymentQuery(recipient="member", limit=ALL)),
        (
            {"paidFrom": middle.date.isoformat(), "paidTo": payments[0].date.isoformat()},
            PaymentQuery(paid_from=middle.date, paid_to=payments[0].date, limit=ALL),
        ),
        ({"beneficiaryId": beneficiary}, PaymentQuery(beneficiary_id=beneficiary, limit=ALL)),
        (
            {"careFrom": care.isoformat(), "careTo": care.isoformat()},
            PaymentQuery(care_from=care, care_to=care, limit=ALL),
        ),
    ]
    for params, query in cases:
        expected = office.search_payments(busy_member, query)
        body = get(
            bocage, cegedim_schema, INSURED, busy_member, "/reimbursements", size="100", **params
        ).json()
        assert body["totalElements"] == expected.total, params
        assert [r["reimbursementId"] for r in body["content"]] == [p.id for p in expected.items][
            :100
        ]


def test_reimbursement_detail_and_batch(
    bocage: httpx.Client, cegedim_schema: ApiSchema, office: BackOffice, busy_member: str
) -> None:
    payments = office.search_payments(busy_member, PaymentQuery(limit=ALL)).items
    payment = payments[0]
    body = get(bocage, cegedim_schema, INSURED, busy_member, f"/reimbursements/{payment.id}").json()
    for sent, line in zip(body["lines"], payment.lines, strict=True):
        assert sent["billedAmount"] == line.billed_cents
        assert sent["socialSecurityAmount"] == line.ro_cents
        assert sent["mutualAmount"] == line.rc_cents
        assert sent["outOfPocketAmount"] == line.rest_cents
        assert sent["careStartDate"] == line.care_start.isoformat()
        assert sent["billedAmount"] == (
            sent["socialSecurityAmount"]
            + sent["mutualAmount"]
            + sent["otherInsurerAmount"]
            + sent["outOfPocketAmount"]
        )
    assert body["totalAmount"] == sum(line["mutualAmount"] for line in body["lines"])

    ids = [payments[-1].id, "NOPE-1", payments[0].id]
    path = api("bocage", f"/insureds/{busy_member}/reimbursements:batchGet")
    batch = bocage.post(path, json={"ids": ids})
    assert batch.status_code == 200
    cegedim_schema.check("POST", INSURED + "/reimbursements:batchGet", batch)
    assert [r["reimbursementId"] for r in batch.json()["content"]] == [ids[0], ids[2]]
    assert batch.json()["notFound"] == ["NOPE-1"]
    assert bocage.post(path, json={"ids": []}).status_code == 400

    missing = bocage.get(api("bocage", f"/insureds/{busy_member}/reimbursements/NOPE-1"))
    assert (missing.status_code, missing.json()["code"]) == (404, "UNKNOWN_PAYMENT")


def test_correspondences_and_documents(
    bocage: httpx.Client, cegedim_schema: ApiSchema, office: BackOffice, busy_member: str
) -> None:
    letters = office.letters(busy_member, None, None, None)
    body = get(bocage, cegedim_schema, INSURED, busy_member, "/correspondences", size="3").json()
    assert body["totalElements"] == len(letters)
    assert body["totalPages"] == math.ceil(len(letters) / 3)
    assert [c["correspondenceId"] for c in body["content"]] == [x.id for x in letters[:3]]
    kind = letters[0].type
    code = {
        "premium_call": "PREMIUM_CALL",
        "benefit_statement": "BENEFIT_STATEMENT",
        "attestation": "CERTIFICATE",
        "tp_card": "THIRD_PARTY_PAYMENT_CARD",
        "welcome": "WELCOME",
        "information": "INFORMATION",
    }[kind]
    since = letters[-1].date
    typed = get(
        bocage,
        cegedim_schema,
        INSURED,
        busy_member,
        "/correspondences",
        correspondenceType=code,
        sentFrom=since.isoformat(),
        size="100",
    ).json()
    assert typed["totalElements"] == len(office.letters(busy_member, since, None, kind))
    content = get(
        bocage, cegedim_schema, INSURED, busy_member, f"/correspondences/{letters[0].id}/content"
    )
    assert content.content == office.letter_pdf(busy_member, letters[0].id)

    documents = get(bocage, cegedim_schema, INSURED, busy_member, "/documents").json()
    held = office.useful_documents(busy_member)
    assert [d["documentId"] for d in documents["content"]] == [d.id for d in held]
    pdf = get(bocage, cegedim_schema, INSURED, busy_member, f"/documents/{held[0].id}/content")
    assert pdf.content.startswith(b"%PDF")
    missing = bocage.get(api("bocage", f"/insureds/{busy_member}/documents/NOPE/content"))
    assert (missing.status_code, missing.json()["code"]) == (404, "UNKNOWN_LETTER")


def test_etag_and_304(bocage: httpx.Client, busy_member: str) -> None:
    for suffix in ("", "/contract", "/reimbursements", "/insuranceCertificate"):
        path = api("bocage", f"/insureds/{busy_member}{suffix}")
        first = bocage.get(path)
        tag = first.headers["etag"]
        assert tag.startswith('"') and not tag.startswith("W/")
        again = bocage.get(path, headers={"If-None-Match": tag})
        assert again.status_code == 304 and again.content == b""
        assert again.headers["etag"] == tag
        other = bocage.get(path, headers={"If-None-Match": '"stale"'})
        assert other.status_code == 200 and other.headers["etag"] == tag


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"paidFrom": "2025-13-01"}, "paidFrom"),
        ({"paidFrom": "01/02/2025"}, "paidFrom"),
        ({"careFrom": "2025-05-02", "careTo": "2025-05-01"}, "careFrom"),
        ({"size": "0"}, "size"),
        ({"size": "101"}, "size"),
        ({"page": "-1"}, "page"),
        ({"page": "two"}, "page"),
        ({"recipientType": "MEMBER"}, "recipientType"),
    ],
)
def test_validation_errors_name_the_field(
    bocage: httpx.Client,
    cegedim_schema: ApiSchema,
    busy_member: str,
    params: dict[str, str],
    field: str,
) -> None:
    response = bocage.get(api("bocage", f"/insureds/{busy_member}/reimbursements"), params=params)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    cegedim_schema.check("GET", INSURED + "/reimbursements", response)
    assert response.json()["invalidParams"][0]["name"] == field


def test_unknown_ids_and_tenants_are_problems(
    cegedim_reads: Sandbox, bocage: httpx.Client, cegedim_schema: ApiSchema
) -> None:
    cevennes_member = cegedim_reads.dataset.backoffice("cevennes").member_numbers(1)[0]
    for number in ("29999999", cevennes_member):
        response = bocage.get(api("bocage", f"/insureds/{number}"))
        cegedim_schema.check("GET", INSURED, response)
        assert (response.status_code, response.json()["code"]) == (404, "UNKNOWN_MEMBER")
    azur = bocage.get(api("azur", "/insureds/10000001"))
    assert (azur.status_code, azur.json()["code"]) == (404, "UNKNOWN_TENANT")
    nowhere = bocage.get("/bocage/api/v1/nothing-here")
    assert nowhere.status_code == 404
    assert nowhere.headers["content-type"] == "application/problem+json"

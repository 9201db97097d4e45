"""Every change a member can ask for, on every tenant, over real sockets.

Each mutation goes through the gateway to the tenant's real platform (Cimut SOAP or
Cegedim REST, files as GraphQL multipart requests) and a later query shows the change or
the request. Invalid input is refused before anything reaches the platform. Each test
uses its own member so that the tests do not see each other's changes.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from schwifty import IBAN

from resolvers.ids import NodeKey, global_id
from tests.e2e.harness import NETWORKS_OF, PLATFORM_OF, Product

pytestmark = pytest.mark.integration

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
MEMBER_INDEX = {
    "contact": 2,
    "address": 3,
    "preferences": 4,
    "card": 5,
    "bank": 6,
    "add": 7,
    "remove": 8,
    "message": 9,
    "invalid": 10,
    "documents": 11,
    "quote": 12,
    "reply": 13,
    "refused reply and date": 15,
    "dated removal": 17,
}
SEND_OPERATION = {"cimut": "EnvoyerMessage", "cegedim": "sendMessage"}


def _member(
    product: Product,
    tenant: str,
    purpose: str,
    *,
    individual: bool = False,
    with_family: bool = False,
    with_messages: bool = False,
) -> str:
    """A member reserved for one test; with ``individual``, one whose contract is not
    collective (collective contracts change through the employer); with ``with_family``,
    one with an open beneficiary besides the adhérent; with ``with_messages``, one with a
    conversation in the messagerie."""
    numbers = product.dataset.member_numbers(tenant, 40)
    office = product.dataset.backoffice(tenant)
    start = MEMBER_INDEX[purpose]
    for number in numbers[start:] + numbers[:start]:
        if individual and office.contract(number).kind != "individual":
            continue
        family = [b for b in office.beneficiaries(number) if b.quality != "00" and not b.close_date]
        if with_family and not family:
            continue
        if with_messages and not office.messages(number):
            continue
        return number
    raise AssertionError("no suitable member")


def _multipart(
    product: Product,
    token: str,
    query: str,
    variables: dict[str, Any],
    files: dict[str, tuple[str, bytes, str]],
) -> httpx.Response:
    """A GraphQL multipart request (spec: operations, map, then the files)."""
    mapping = {str(i): [path] for i, path in enumerate(files)}
    return product.http.post(
        f"{product.gateway_url}/graphql",
        data={
            "operations": json.dumps({"query": query, "variables": variables}),
            "map": json.dumps(mapping),
        },
        files={str(i): spec for i, spec in enumerate(files.values())},
        headers={"Authorization": f"Bearer {token}"},
    )


def _ok(response: httpx.Response) -> dict[str, Any]:
    body = response.json()
    assert response.status_code == 200 and not body.get("errors"), body
    return body["data"]  # type: ignore[no-any-return]


def _requests(product: Product, token: str) -> list[dict[str, Any]]:
    return product.data(token, "{ me { changeRequests { id kind status } } }")["me"][
        "changeRequests"
    ]


def test_contact_details(product: Product, tenant: str) -> None:
    token = product.token(tenant, _member(product, tenant, "contact"))
    mutation = """mutation($i: ContactDetailsInput!) { updateContactDetails(input: $i) {
        changeRequest { id kind status } } }"""
    email = f"nouvelle.adresse.{tenant}@example.fr"
    request = product.data(token, mutation, {"i": {"email": email, "mobilePhone": "0639981234"}})
    assert request["updateContactDetails"]["changeRequest"]["kind"] == "CONTACT"
    me = product.data(token, "{ me { email mobilePhone } }")["me"]
    assert me["email"] == email and me["mobilePhone"].replace(" ", "").endswith("639981234")


def test_postal_address(product: Product, tenant: str) -> None:
    token = product.token(tenant, _member(product, tenant, "address"))
    mutation = """mutation($i: PostalAddressInput!) { updatePostalAddress(input: $i) {
        changeRequest { kind status } } }"""
    new = {"line1": "12 rue des Tanneurs", "postcode": "14000", "town": "Caen"}
    product.data(token, mutation, {"i": new})
    address = product.data(token, "{ me { postalAddress { line1 postcode town } } }")["me"]
    assert address["postalAddress"]["postcode"] == "14000"
    assert address["postalAddress"]["line1"].lower() == new["line1"].lower()


def test_preferences(product: Product, tenant: str) -> None:
    token = product.token(tenant, _member(product, tenant, "preferences"))
    before = product.data(token, "{ me { paperlessStatements reimbursementNotifications } }")
    wanted_paperless = not before["me"]["paperlessStatements"]
    wanted_alerts = not before["me"]["reimbursementNotifications"]
    product.data(
        token,
        "mutation($e: Boolean!) { setPaperlessStatements(enabled: $e) { changeRequest { kind } } }",
        {"e": wanted_paperless},
    )
    product.data(
        token,
        "mutation($e: Boolean!) { setReimbursementNotifications(enabled: $e) { "
        "changeRequest { kind } } }",
        {"e": wanted_alerts},
    )
    after = product.data(token, "{ me { paperlessStatements reimbursementNotifications } }")
    assert after["me"] == {
        "paperlessStatements": wanted_paperless,
        "reimbursementNotifications": wanted_alerts,
    }


def test_tiers_payant_card_reissue_is_followed(product: Product, tenant: str) -> None:
    token = product.token(tenant, _member(product, tenant, "card"))
    created = product.data(token, "mutation { requestTiersPayantCard { changeRequest { id } } }")
    request_id = created["requestTiersPayantCard"]["changeRequest"]["id"]
    followed = {r["id"]: r for r in _requests(product, token)}
    assert followed[request_id]["kind"] == "TP_CARD_REISSUE"
    assert followed[request_id]["status"] in {"RECEIVED", "IN_PROGRESS", "DONE"}


def test_bank_account_with_rib_attachment(product: Product, tenant: str) -> None:
    token = product.token(tenant, _member(product, tenant, "bank", individual=True))
    iban = str(IBAN.generate("FR", bank_code="30004", account_code="00012345678"))
    mutation = """mutation($i: BankAccountInput!) { updateBankAccount(input: $i) {
        changeRequest { id kind status attachments { filename contentType } } } }"""
    variables = {
        "i": {
            "purpose": "REIMBURSEMENT",
            "holder": "Titulaire Test",
            "iban": iban,
            "bic": "BNPAFRPP",
            "rib": None,
        }
    }
    data = _ok(
        _multipart(
            product,
            token,
            mutation,
            variables,
            {"variables.i.rib": ("rib.pdf", PDF, "application/pdf")},
        )
    )
    request = data["updateBankAccount"]["changeRequest"]
    assert request["kind"] == "BANK_ACCOUNT"
    assert request["id"] in {r["id"] for r in _requests(product, token)}


def test_add_and_remove_beneficiaries(product: Product, tenant: str) -> None:
    adder = _member(product, tenant, "add", individual=True)
    token = product.token(tenant, adder)
    mutation = """mutation($i: AddBeneficiaryInput!) { addBeneficiary(input: $i) {
        changeRequest { id kind } } }"""
    variables = {
        "i": {
            "firstName": "Léa",
            "lastName": "Test",
            "birthDate": "2026-09-01",
            "quality": "CHILD",
            "proof": None,
        }
    }
    data = _ok(
        _multipart(
            product,
            token,
            mutation,
            variables,
            {"variables.i.proof": ("acte.pdf", PDF, "application/pdf")},
        )
    )
    assert data["addBeneficiary"]["changeRequest"]["kind"] == "ADD_BENEFICIARY"

    remover = _member(product, tenant, "remove", individual=True, with_family=True)
    token = product.token(tenant, remover)
    beneficiaries = product.data(token, "{ me { beneficiaries { id quality isActive } } }")
    removable = [
        b
        for b in beneficiaries["me"]["beneficiaries"]
        if b["quality"] != "INSURED" and b["isActive"]
    ]
    mutation = """mutation($i: RemoveBeneficiaryInput!) { removeBeneficiary(input: $i) {
        changeRequest { id kind } } }"""
    data = product.data(
        token, mutation, {"i": {"beneficiaryId": removable[0]["id"], "reason": "Mutation"}}
    )
    assert data["removeBeneficiary"]["changeRequest"]["kind"] == "REMOVE_BENEFICIARY"


def test_collective_contract_changes_go_through_the_employer(product: Product, tenant: str) -> None:
    numbers = product.dataset.member_numbers(tenant, 40)
    office = product.dataset.backoffice(tenant)
    collective = [n for n in numbers if office.contract(n).kind == "collective"]
    if not collective:
        pytest.skip("no collective contract among the first members")
    token = product.token(tenant, collective[-1])
    mutation = """mutation($i: AddBeneficiaryInput!) { addBeneficiary(input: $i) {
        changeRequest { id } } }"""
    variables = {
        "i": {
            "firstName": "Léo",
            "lastName": "Test",
            "birthDate": "2026-09-01",
            "quality": "CHILD",
            "proof": None,
        }
    }
    body = _multipart(
        product,
        token,
        mutation,
        variables,
        {"variables.i.proof": ("acte.pdf", PDF, "application/pdf")},
    ).json()
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BACKEND_REJECTED"
    assert error["extensions"]["platform"] == PLATFORM_OF[tenant]


def test_message_with_attachment(product: Product, tenant: str) -> None:
    token = product.token(tenant, _member(product, tenant, "message"))
    mutation = """mutation($i: SendMessageInput!) { sendMessage(input: $i) {
        message { id subject attachments { filename } } } }"""
    variables = {"i": {"subject": "Remboursement", "body": "Bonjour, ...", "attachments": [None]}}
    data = _ok(
        _multipart(
            product,
            token,
            mutation,
            variables,
            {"variables.i.attachments.0": ("facture.pdf", PDF, "application/pdf")},
        )
    )
    sent = data["sendMessage"]["message"]
    assert sent["attachments"][0]["filename"] == "facture.pdf"
    listed = product.data(token, "{ me { messages(first: 20) { edges { node { id } } } } }")
    assert sent["id"] in {e["node"]["id"] for e in listed["me"]["messages"]["edges"]}


def test_invalid_input_never_reaches_the_platform(product: Product, tenant: str) -> None:
    token = product.token(tenant, _member(product, tenant, "invalid", individual=True))
    mutation = """mutation($i: BankAccountInput!) { updateBankAccount(input: $i) {
        changeRequest { id } } }"""
    variables = {
        "i": {
            "purpose": "REIMBURSEMENT",
            "holder": "X",
            "bic": "BNPAFRPP",
            "iban": "FR7630004000031234567890144",
            "rib": None,
        }
    }  # bad RIB key

    def send() -> dict[str, Any]:
        return _multipart(
            product,
            token,
            mutation,
            variables,
            {"variables.i.rib": ("rib.pdf", PDF, "application/pdf")},
        ).json()

    body, spent = product.calls_during((PLATFORM_OF[tenant],), send)
    error = body["errors"][0]["extensions"]
    assert error["code"] == "BAD_USER_INPUT" and "iban" in error["field"].lower()
    assert not {op: n for op, n in spent.items() if not op.endswith(".token")}


def test_documents_download(product: Product, tenant: str) -> None:
    token = product.token(tenant, _member(product, tenant, "documents"))
    query = """{ me { attestationUrl tiersPayantCard { pdfUrl }
        letters(first: 1) { edges { node { url } } }
        payments(first: 1, filter: {period: LAST_24_MONTHS}) { edges { node { statementUrl } } }
        csv: paymentsExportUrl(filter: {period: LAST_12_MONTHS}, format: CSV) } }"""
    me = product.data(token, query)["me"]
    urls = [
        me["attestationUrl"],
        me["tiersPayantCard"]["pdfUrl"],
        me["letters"]["edges"][0]["node"]["url"],
        me["payments"]["edges"][0]["node"]["statementUrl"],
    ]
    for url in urls:
        response = product.http.get(f"{product.gateway_url}{url}")
        assert response.status_code == 200 and response.content.startswith(b"%PDF"), url
    csv = product.http.get(f"{product.gateway_url}{me['csv']}")
    assert csv.status_code == 200 and "text/csv" in csv.headers["content-type"]


def test_quote_estimate_and_review(product: Product, tenant: str) -> None:
    number = _member(product, tenant, "quote")
    token = product.token(tenant, number)
    beneficiary = product.data(token, "{ me { beneficiaries { id } } }")["me"]["beneficiaries"][0]
    estimate = """query($i: QuoteEstimateInput!) { quoteEstimate(input: $i) {
        billed { amount } amoPaid { amount } mutuellePaid { amount } outOfPocket { amount } } }"""
    variables = {
        "i": {
            "category": "DENTAL",
            "beneficiaryId": beneficiary["id"],
            "items": [{"actCode": "HBLD036", "billedAmount": "550.00"}],
        }
    }
    if "santeclair" not in NETWORKS_OF[tenant]:
        body = product.graphql(token, estimate, variables).json()
        assert body["errors"][0]["extensions"]["code"] == "BACKEND_UNAVAILABLE"
        return
    result = product.data(token, estimate, variables)["quoteEstimate"]
    parts = sum(float(result[k]["amount"]) for k in ("amoPaid", "mutuellePaid", "outOfPocket"))
    assert round(parts, 2) == float(result["billed"]["amount"]) == 550.0
    mutation = """mutation($i: QuoteReviewInput!) { submitQuoteForReview(input: $i) {
        review { reference status answerDueAt } } }"""
    review_vars = {"i": {"category": "OPTICAL", "beneficiaryId": beneficiary["id"], "file": None}}
    data = _ok(
        _multipart(
            product,
            token,
            mutation,
            review_vars,
            {"variables.i.file": ("devis.pdf", PDF, "application/pdf")},
        )
    )
    assert data["submitQuoteForReview"]["review"]["status"] == "SUBMITTED"


# -- replies in a thread, dated removals --------------------------------------------------


def test_reply_in_an_existing_thread(product: Product, tenant: str) -> None:
    token = product.token(tenant, _member(product, tenant, "reply", with_messages=True))
    threads = product.data(token, "{ me { threads { id subject messages { id } } } }")
    thread = threads["me"]["threads"][0]
    mutation = """mutation($i: SendMessageInput!) { sendMessage(input: $i) {
        message { id threadId subject } thread { id messages { id } } } }"""
    variables = {
        "i": {
            "subject": "Re: " + thread["subject"][:100],
            "body": "Merci, et ...",
            "threadId": thread["id"],
        }
    }
    sent, spent = product.calls_during(
        (PLATFORM_OF[tenant],), lambda: product.data(token, mutation, variables)
    )
    reply = sent["sendMessage"]
    assert reply["message"]["threadId"] == reply["thread"]["id"] == thread["id"]
    assert spent[f"{PLATFORM_OF[tenant]}.{SEND_OPERATION[PLATFORM_OF[tenant]]}"] == 1
    later = product.data(
        token,
        """{ me { threads { id messages { id direction } }
             messages(first: 50) { edges { node { id threadId } } } } }""",
    )["me"]
    same = next(t for t in later["threads"] if t["id"] == thread["id"])
    assert reply["message"]["id"] in {m["id"] for m in same["messages"]}
    assert {m["id"] for m in thread["messages"]} < {m["id"] for m in same["messages"]}
    assert later["threads"][0]["id"] == thread["id"]  # now the most recently active
    listed = {e["node"]["id"]: e["node"]["threadId"] for e in later["messages"]["edges"]}
    assert listed[reply["message"]["id"]] == thread["id"]
    assert len(later["threads"]) == len(threads["me"]["threads"])  # no new thread


def test_dated_removal_shows_on_the_request_and_closes_that_day(
    product: Product, tenant: str
) -> None:
    token = product.token(
        tenant, _member(product, tenant, "dated removal", individual=True, with_family=True)
    )
    people = product.data(token, "{ me { beneficiaries { id quality isActive openDate } } }")
    child = next(
        b for b in people["me"]["beneficiaries"] if b["quality"] != "INSURED" and b["isActive"]
    )
    when = max(date.fromisoformat(child["openDate"]), date.today() - timedelta(days=7))
    mutation = """mutation($i: RemoveBeneficiaryInput!) { removeBeneficiary(input: $i) {
        changeRequest { id kind effectiveDate } } }"""
    variables = {
        "i": {"beneficiaryId": child["id"], "reason": "Mutation", "effectiveDate": when.isoformat()}
    }
    request = product.data(token, mutation, variables)["removeBeneficiary"]["changeRequest"]
    assert request["kind"] == "REMOVE_BENEFICIARY"
    assert request["effectiveDate"] == when.isoformat()
    followed = product.data(token, "{ me { changeRequests { id kind effectiveDate } } }")
    assert {"id": request["id"], "kind": "REMOVE_BENEFICIARY", "effectiveDate": str(when)} in (
        followed["me"]["changeRequests"]
    )
    # Once the back office has done it (5 simulated minutes later), the child leaves on
    # the date asked for, not on the day it was done.
    office = product.dataset.backoffice(tenant)
    clock = office.clock
    office.clock = lambda: datetime.now(UTC) + timedelta(minutes=10)
    try:
        after = product.data(token, "{ me { beneficiaries { id closeDate } } }")
    finally:
        office.clock = clock
    closed = next(b for b in after["me"]["beneficiaries"] if b["id"] == child["id"])
    assert closed["closeDate"] == when.isoformat()


def test_unknown_thread_and_bad_dates_never_reach_the_platform(
    product: Product, tenant: str
) -> None:
    number = _member(product, tenant, "refused reply and date")
    token = product.token(tenant, number)
    # What the member's screens read first (and the gateway keeps for a moment).
    seen = product.data(token, "{ me { threads { id } beneficiaries { id openDate } } }")
    child = seen["me"]["beneficiaries"][-1]  # the date is checked before anything else
    opened = date.fromisoformat(child["openDate"])
    someone_else = product.dataset.member_numbers(tenant, 2)[0]
    others = product.dataset.backoffice(tenant).messages(someone_else)
    foreign = others[0].thread_id if others else "T-ANOTHER"
    send = """mutation($i: SendMessageInput!) { sendMessage(input: $i) { message { id } } }"""
    remove = """mutation($i: RemoveBeneficiaryInput!) { removeBeneficiary(input: $i) {
        changeRequest { id } } }"""
    attempts = [
        (
            send,
            {
                "subject": "Re",
                "body": "x",
                "threadId": global_id("Thread", NodeKey(tenant, number, "T-INCONNU-01")),
            },
            "input.threadId",
        ),
        (
            send,
            {
                "subject": "Re",
                "body": "x",
                "threadId": global_id("Thread", NodeKey(tenant, someone_else, foreign)),
            },
            "input.threadId",
        ),
        (
            remove,
            {
                "beneficiaryId": child["id"],
                "reason": "x",
                "effectiveDate": (date.today() + timedelta(days=800)).isoformat(),
            },
            "input.effectiveDate",
        ),
        (
            remove,
            {
                "beneficiaryId": child["id"],
                "reason": "x",
                "effectiveDate": (opened - timedelta(days=1)).isoformat(),
            },
            "input.effectiveDate",
        ),
    ]

    def run_all() -> list[dict[str, Any]]:
        return [product.graphql(token, q, {"i": v}).json() for q, v, _ in attempts]

    bodies, spent = product.calls_during((PLATFORM_OF[tenant],), run_all)
    for body, (_, _, field) in zip(bodies, attempts, strict=True):
        assert body["data"] is None or not any(body["data"].values()), body
        (error,) = body["errors"]
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}, error
    assert not {op: n for op, n in spent.items() if not op.endswith(".token")}, spent

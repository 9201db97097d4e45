"""The Cegedim-style platform's change requests and messages over real sockets: JSON and
multipart bodies, 201 with the request created, follow-up, business errors, reset."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from sandbox.backoffice import BackOffice
from tests.sandbox.cegedim_support import ApiSchema, Sandbox, api, running

pytestmark = pytest.mark.integration
REQUESTS = "/{tenant}/api/v1/insureds/{insuredId}/requests"
MESSAGES = "/{tenant}/api/v1/insureds/{insuredId}/messages"
RIB = b"%PDF-1.4 fake RIB scan"


@pytest.fixture(scope="module")
def cegedim_changes() -> Iterator[Sandbox]:
    with running() as sandbox:
        yield sandbox


@pytest.fixture
def sandbox(cegedim_changes: Sandbox) -> Sandbox:
    cegedim_changes.reset()  # each test starts from the data as generated
    return cegedim_changes


@pytest.fixture(scope="module")
def changes_schema(cegedim_changes: Sandbox) -> ApiSchema:
    return ApiSchema(httpx.get(cegedim_changes.url + "/openapi.json", timeout=10).json())


@pytest.fixture(scope="module")
def client(cegedim_changes: Sandbox) -> Iterator[httpx.Client]:
    with cegedim_changes.client("bocage") as bocage:
        yield bocage


@pytest.fixture(scope="module")
def office(cegedim_changes: Sandbox) -> BackOffice:
    return cegedim_changes.dataset.backoffice("bocage")


def members_with(office: BackOffice, kind: str) -> list[str]:
    return [n for n in office.member_numbers(40) if office.contract(n).kind == kind]


@pytest.fixture(scope="module")
def individual(office: BackOffice) -> str:
    """An individual-contract member with at least one open beneficiary besides themself."""
    for number in members_with(office, "individual"):
        people = office.beneficiaries(number)
        if any(p.quality != "00" and p.close_date is None for p in people):
            return number
    pytest.fail("no individual contract with a family in the dataset")


def post(
    client: httpx.Client, schema: ApiSchema, number: str, kind: str, **kwargs: Any
) -> httpx.Response:
    response = client.post(api("bocage", f"/insureds/{number}/requests/{kind}"), **kwargs)
    schema.check("POST", REQUESTS + "/" + kind, response)
    return response


def follow_up(
    client: httpx.Client, schema: ApiSchema, number: str, request_id: str
) -> dict[str, object]:
    response = client.get(api("bocage", f"/insureds/{number}/requests/{request_id}"))
    schema.check("GET", REQUESTS + "/{requestId}", response)
    assert response.status_code == 200
    body: dict[str, object] = response.json()
    return body


def test_contact_details_apply_and_are_followed(
    sandbox: Sandbox, client: httpx.Client, changes_schema: ApiSchema, individual: str
) -> None:
    created = post(
        client,
        changes_schema,
        individual,
        "contactDetails",
        json={"email": "nouvelle@example.org", "mobilePhone": "0612345678"},
    )
    assert created.status_code == 201
    request = created.json()
    assert request["requestType"]["code"] == "CONTACT_DETAILS"
    assert created.headers["location"].endswith(f"/requests/{request['requestId']}")
    assert (
        follow_up(client, changes_schema, individual, request["requestId"])["requestId"]
        == (request["requestId"])
    )
    insured = client.get(api("bocage", f"/insureds/{individual}")).json()
    assert insured["email"] == "nouvelle@example.org"
    listed = client.get(api("bocage", f"/insureds/{individual}/requests")).json()
    assert request["requestId"] in [r["requestId"] for r in listed["content"]]

    sandbox.reset()
    insured = client.get(api("bocage", f"/insureds/{individual}")).json()
    assert insured["email"] != "nouvelle@example.org"


def test_postal_address_and_preferences(
    sandbox: Sandbox, client: httpx.Client, changes_schema: ApiSchema, individual: str
) -> None:
    address = {"line1": "3 rue des Pommiers", "postalCode": "14000", "city": "Caen"}
    assert (
        post(client, changes_schema, individual, "postalAddress", json=address).status_code == 201
    )
    insured = client.get(api("bocage", f"/insureds/{individual}")).json()
    assert insured["postalAddress"]["postalCode"] == "14000"
    before = insured["preferences"]
    for kind, key in (
        ("paperless", "paperlessStatements"),
        ("notifications", "reimbursementNotifications"),
    ):
        made = post(client, changes_schema, individual, kind, json={"enabled": not before[key]})
        assert made.status_code == 201, made.text
        after = client.get(api("bocage", f"/insureds/{individual}")).json()["preferences"]
        assert after[key] is (not before[key])
    card = post(client, changes_schema, individual, "cardReissues")
    assert (card.status_code, card.json()["requestType"]["code"]) == (201, "CARD_REISSUE")


def test_bank_details_with_rib_attached(
    sandbox: Sandbox,
    client: httpx.Client,
    changes_schema: ApiSchema,
    office: BackOffice,
    individual: str,
) -> None:
    member = office.member(individual)
    account = member.bank_accounts[0]
    form = {
        "usage": "REIMBURSEMENT",
        "holderName": "M. Test",
        "iban": account.iban,
        "bic": account.bic,
        "bankName": account.bank_name,
    }
    files = {"rib": ("rib.pdf", RIB, "application/pdf")}
    made = post(client, changes_schema, individual, "bankDetails", data=form, files=files)
    assert made.status_code == 201, made.text
    attachment = made.json()["attachments"][0]
    assert attachment == {
        "fileName": "rib.pdf",
        "contentType": "application/pdf",
        "size": len(RIB),
        "sha256": hashlib.sha256(RIB).hexdigest(),
    }
    followed = follow_up(client, changes_schema, individual, made.json()["requestId"])
    assert followed["requestType"] == {
        "code": "BANK_DETAILS",
        "label": "Changement de coordonnées bancaires",
    }

    bad = post(
        client,
        changes_schema,
        individual,
        "bankDetails",
        data={**form, "iban": "FR7630006000011234567890188"},
        files=files,
    )
    assert (bad.status_code, bad.json()["code"]) == (422, "INVALID_IBAN")
    no_rib = post(
        client, changes_schema, individual, "bankDetails", data=form, files={"x": ("a", b"1")}
    )
    assert no_rib.status_code == 400
    assert no_rib.json()["invalidParams"][0]["name"] == "rib"
    as_json = post(client, changes_schema, individual, "bankDetails", json=form)
    assert as_json.status_code == 415


def test_beneficiary_addition_and_removal(
    sandbox: Sandbox,
    client: httpx.Client,
    changes_schema: ApiSchema,
    office: BackOffice,
    individual: str,
) -> None:
    form = {
        "lastName": "Test",
        "firstName": "Lou",
        "birthDate": "2025-01-15",
        "relationship": "CHILD",
        "healthInsuranceScheme": "01",
    }
    proof = {"proof": ("naissance.pdf", b"%PDF-1.4 acte", "application/pdf")}
    added = post(client, changes_schema, individual, "beneficiaryAdditions", data=form, files=proof)
    assert added.status_code == 201, added.text
    assert added.json()["requestType"]["code"] == "BENEFICIARY_ADDITION"
    assert added.json()["attachments"][0]["fileName"] == "naissance.pdf"
    bad_date = post(
        client,
        changes_schema,
        individual,
        "beneficiaryAdditions",
        data={**form, "birthDate": "15/01/2025"},
        files=proof,
    )
    assert bad_date.json()["invalidParams"][0]["name"] == "birthDate"

    people = office.beneficiaries(individual)
    main = people[0]
    other = next(p for p in people if p.quality != "00" and p.close_date is None)
    refused = post(
        client,
        changes_schema,
        individual,
        "beneficiaryRemovals",
        json={"beneficiaryId": main.id, "reason": "départ"},
    )
    assert (refused.status_code, refused.json()["code"]) == (422, "MAIN_BENEFICIARY")
    unknown = post(
        client,
        changes_schema,
        individual,
        "beneficiaryRemovals",
        json={"beneficiaryId": f"{individual}-99", "reason": "départ"},
    )
    assert (unknown.status_code, unknown.json()["code"]) == (404, "UNKNOWN_BENEFICIARY")
    removed = post(
        client,
        changes_schema,
        individual,
        "beneficiaryRemovals",
        json={"beneficiaryId": other.id, "reason": "Mutation"},
    )
    assert removed.status_code == 201
    missing_reason = post(
        client, changes_schema, individual, "beneficiaryRemovals", json={"beneficiaryId": other.id}
    )
    assert missing_reason.json()["invalidParams"][0]["name"] == "reason"


def test_group_contracts_refuse_family_and_premium_changes(
    sandbox: Sandbox, client: httpx.Client, changes_schema: ApiSchema, office: BackOffice
) -> None:
    group = members_with(office, "collective")
    if not group:
        pytest.skip("no collective contract among the generated members")
    number = group[0]
    account = office.member(number).bank_accounts[0]
    form = {"usage": "PREMIUM", "holderName": "M. Test", "iban": account.iban, "bic": account.bic}
    made = post(
        client,
        changes_schema,
        number,
        "bankDetails",
        data=form,
        files={"rib": ("rib.pdf", RIB, "application/pdf")},
    )
    assert (made.status_code, made.json()["code"]) == (409, "COLLECTIVE_CONTRACT")
    add = post(
        client,
        changes_schema,
        number,
        "beneficiaryAdditions",
        data={
            "lastName": "X",
            "firstName": "Y",
            "birthDate": "2024-02-02",
            "relationship": "CHILD",
            "healthInsuranceScheme": "01",
        },
        files={"proof": ("p.pdf", b"%PDF", "application/pdf")},
    )
    assert add.status_code == 409


def test_request_list_filters_and_unknown_request(
    sandbox: Sandbox, client: httpx.Client, changes_schema: ApiSchema, individual: str
) -> None:
    post(client, changes_schema, individual, "paperless", json={"enabled": True})
    everything = client.get(api("bocage", f"/insureds/{individual}/requests"), params={"size": 1})
    changes_schema.check("GET", REQUESTS, everything)
    body = everything.json()
    assert body["size"] == 1 and body["totalElements"] >= 1
    assert body["totalPages"] == body["totalElements"]
    status = body["content"][0]["status"]["code"]
    same = client.get(api("bocage", f"/insureds/{individual}/requests"), params={"status": status})
    assert all(r["status"]["code"] == status for r in same.json()["content"])
    missing = client.get(api("bocage", f"/insureds/{individual}/requests/NOPE"))
    assert (missing.status_code, missing.json()["code"]) == (404, "UNKNOWN_REQUEST")
    bad = post(client, changes_schema, individual, "paperless", json={"enabled": "yes"})
    assert bad.status_code == 400 and bad.json()["invalidParams"][0]["name"] == "enabled"
    not_json = post(
        client,
        changes_schema,
        individual,
        "paperless",
        content=b"{",
        headers={"content-type": "application/json"},
    )
    assert not_json.status_code == 400


def test_messages_with_attachments(
    sandbox: Sandbox,
    client: httpx.Client,
    changes_schema: ApiSchema,
    office: BackOffice,
    individual: str,
) -> None:
    path = api("bocage", f"/insureds/{individual}/messages")
    before = client.get(path, params={"size": 100})
    changes_schema.check("GET", MESSAGES, before)
    assert before.json()["totalElements"] == len(office.messages(individual))
    files = [
        ("attachments", ("ordonnance.pdf", b"%PDF-1.4 a", "application/pdf")),
        ("attachments", ("facture.jpg", b"\xff\xd8\xff jpeg", "image/jpeg")),
    ]
    sent = client.post(path, data={"subject": "Remboursement", "body": "Bonjour"}, files=files)
    changes_schema.check("POST", MESSAGES, sent)
    assert sent.status_code == 201, sent.text
    message = sent.json()
    assert message["direction"]["code"] == "FROM_INSURED"
    assert [a["fileName"] for a in message["attachments"]] == ["ordonnance.pdf", "facture.jpg"]
    plain = client.post(path, json={"subject": "Question", "body": "Merci"})
    assert plain.status_code == 201
    after = client.get(path, params={"size": 100}).json()
    assert message["messageId"] in [m["messageId"] for m in after["content"]]
    assert after["totalElements"] == len(office.messages(individual))
    empty = client.post(path, json={"subject": "", "body": "x"})
    assert empty.status_code == 400 and empty.json()["invalidParams"][0]["name"] == "subject"

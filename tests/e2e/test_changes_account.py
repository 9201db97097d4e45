"""Changes to the member's own file, on every tenant, over real sockets.

Contact details, postal address, preferences, tiers-payant card reissue, bank account
(with a RIB as a GraphQL multipart file), adding and removing beneficiaries (also with an
effective date), and the refusal of such changes on a collective contract. Each mutation
goes through the gateway to the tenant's real platform (Cimut SOAP or Cegedim REST) and a
later query shows the change or the request. Each test uses its own member
(changes_support.MEMBER_INDEX) so that the tests do not see each other's changes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from schwifty import IBAN

from tests.e2e.changes_support import PDF, multipart, ok, reserved_member
from tests.e2e.harness import PLATFORM_OF, Product

pytestmark = pytest.mark.integration


def _requests(product: Product, token: str) -> list[dict[str, Any]]:
    return product.data(token, "{ me { changeRequests { id kind status } } }")["me"][
        "changeRequests"
    ]


def test_contact_details(product: Product, tenant: str) -> None:
    token = product.token(tenant, reserved_member(product, tenant, "contact"))
    mutation = """mutation($i: ContactDetailsInput!) { updateContactDetails(input: $i) {
        changeRequest { id kind status } } }"""
    email = f"nouvelle.adresse.{tenant}@example.fr"
    request = product.data(token, mutation, {"i": {"email": email, "mobilePhone": "0639981234"}})
    assert request["updateContactDetails"]["changeRequest"]["kind"] == "CONTACT"
    me = product.data(token, "{ me { email mobilePhone } }")["me"]
    assert me["email"] == email and me["mobilePhone"].replace(" ", "").endswith("639981234")


def test_postal_address(product: Product, tenant: str) -> None:
    token = product.token(tenant, reserved_member(product, tenant, "address"))
    mutation = """mutation($i: PostalAddressInput!) { updatePostalAddress(input: $i) {
        changeRequest { kind status } } }"""
    new = {"line1": "12 rue des Tanneurs", "postcode": "14000", "town": "Caen"}
    product.data(token, mutation, {"i": new})
    address = product.data(token, "{ me { postalAddress { line1 postcode town } } }")["me"]
    assert address["postalAddress"]["postcode"] == "14000"
    assert address["postalAddress"]["line1"].lower() == new["line1"].lower()


def test_preferences(product: Product, tenant: str) -> None:
    token = product.token(tenant, reserved_member(product, tenant, "preferences"))
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
    token = product.token(tenant, reserved_member(product, tenant, "card"))
    created = product.data(token, "mutation { requestTiersPayantCard { changeRequest { id } } }")
    request_id = created["requestTiersPayantCard"]["changeRequest"]["id"]
    followed = {r["id"]: r for r in _requests(product, token)}
    assert followed[request_id]["kind"] == "TP_CARD_REISSUE"
    assert followed[request_id]["status"] in {"RECEIVED", "IN_PROGRESS", "DONE"}


def test_bank_account_with_rib_attachment(product: Product, tenant: str) -> None:
    token = product.token(tenant, reserved_member(product, tenant, "bank", individual=True))
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
    data = ok(
        multipart(
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
    adder = reserved_member(product, tenant, "add", individual=True)
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
    data = ok(
        multipart(
            product,
            token,
            mutation,
            variables,
            {"variables.i.proof": ("acte.pdf", PDF, "application/pdf")},
        )
    )
    assert data["addBeneficiary"]["changeRequest"]["kind"] == "ADD_BENEFICIARY"

    remover = reserved_member(product, tenant, "remove", individual=True, with_family=True)
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
    body = multipart(
        product,
        token,
        mutation,
        variables,
        {"variables.i.proof": ("acte.pdf", PDF, "application/pdf")},
    ).json()
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BACKEND_REJECTED"
    assert error["extensions"]["platform"] == PLATFORM_OF[tenant]


def test_dated_removal_shows_on_the_request_and_closes_that_day(
    product: Product, tenant: str
) -> None:
    token = product.token(
        tenant, reserved_member(product, tenant, "dated removal", individual=True, with_family=True)
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

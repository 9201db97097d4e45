"""Invalid changes are refused by the gateway and never reach the platform, on every tenant.

A bank account whose IBAN fails its RIB key, a reply in a thread that is unknown or another
member's, and radiations dated too far ahead or before the beneficiary joined: each comes
back as BAD_USER_INPUT naming the field, and the platform's call counters (but for its
OAuth token) do not move. Each test uses its own member (changes_support.MEMBER_INDEX).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from resolvers.ids import NodeKey, global_id
from tests.e2e.changes_support import PDF, multipart, reserved_member
from tests.e2e.harness import PLATFORM_OF, Product

pytestmark = pytest.mark.integration


def test_invalid_input_never_reaches_the_platform(product: Product, tenant: str) -> None:
    token = product.token(tenant, reserved_member(product, tenant, "invalid", individual=True))
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
        return multipart(
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


def test_unknown_thread_and_bad_dates_never_reach_the_platform(
    product: Product, tenant: str
) -> None:
    number = reserved_member(product, tenant, "refused reply and date")
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

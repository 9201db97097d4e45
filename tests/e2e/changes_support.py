"""Shared helpers of the end-to-end change tests (test_changes_*.py).

Each change test works on its own member, picked from ``MEMBER_INDEX`` by purpose, so that
no test sees another's changes and no change reaches the members other e2e tests read
(harness.py keeps the list of reserved members). Files go up as GraphQL multipart
requests, as a browser sends them.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from tests.e2e.harness import Product

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
# Where each test starts looking for its member among the tenant's first 40: indexes 2-17
# (the first two members are everyone's; harness.COLD_MEMBER_INDEX holds 20 and 21).
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


def reserved_member(
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


def multipart(
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


def ok(response: httpx.Response) -> dict[str, Any]:
    """The ``data`` of a response that must succeed (fails the test with the errors)."""
    body = response.json()
    assert response.status_code == 200 and not body.get("errors"), body
    return body["data"]  # type: ignore[no-any-return]

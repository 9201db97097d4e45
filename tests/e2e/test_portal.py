"""One suite of portal queries, run against every tenant, over real sockets.

Whatever the platform behind a tenant (Cimut SOAP, Cegedim REST) the same GraphQL
documents must give the same shape, values equal to the sandbox's data, reimbursement
lines that add up, and a bounded number of back-end calls per kind of data.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.e2e.harness import NETWORKS_OF, PLATFORM_OF, Product

pytestmark = pytest.mark.integration

HOME = """
query Home {
  me {
    id number firstName lastName nirMasked
    contract { number kind changesThroughEmployer
      coverages { beneficiary { id } guarantees { code label } } }
    beneficiaries { id firstName quality isActive }
    payments(first: 3, filter: {period: LAST_24_MONTHS}) {
      totalCount
      edges { node { id date total { amount currency } lines {
        redacted billed { amount } amoPaid { amount } mutuellePaid { amount }
        otherInsurerPaid { amount } outOfPocket { amount } } } }
    }
    letters(first: 5) { totalCount edges { node { id date type title } } }
  }
}
"""

PAYMENTS_PAGE = """
query Payments($first: Int!) {
  me { payments(first: $first, filter: {period: LAST_24_MONTHS}) {
    totalCount
    edges { node { id total { amount } recipient { kind }
      beneficiaries { id firstName }
      lines { billed { amount } amoPaid { amount } mutuellePaid { amount }
              otherInsurerPaid { amount } outOfPocket { amount } beneficiary { id } } } }
  } }
}
"""


def _euros(money: dict[str, Any]) -> Decimal:
    return Decimal(money["amount"])


def _backend_calls(spent: Any) -> dict[str, int]:
    """Calls to the member platform, without OAuth token requests (cached by design)."""
    return {op: n for op, n in spent.items() if not op.endswith(".token")}


def _assert_lines_add_up(lines: list[dict[str, Any]]) -> None:
    for line in lines:
        parts = [line[k] for k in ("amoPaid", "mutuellePaid", "otherInsurerPaid", "outOfPocket")]
        assert sum(_euros(p) for p in parts) == _euros(line["billed"]), line
        assert all(_euros(p) >= 0 for p in parts), line


def test_home_page_is_complete_and_costs_one_call_per_kind(product: Product, tenant: str) -> None:
    number = product.cold_member(tenant, "home")
    token = product.token(tenant, number)
    platform = PLATFORM_OF[tenant]
    data, spent = product.calls_during((platform,), lambda: product.data(token, HOME))
    me = data["me"]
    backoffice = product.dataset.backoffice(tenant)
    member = backoffice.member(number)
    assert (me["number"], me["firstName"], me["lastName"]) == (
        number,
        member.first_name,
        member.last_name,
    )
    assert member.nir not in str(data) and "*" in (me["nirMasked"] or "*")
    assert me["contract"]["number"] == backoffice.contract(number).number
    assert len(me["beneficiaries"]) == len(backoffice.beneficiaries(number))
    for edge in me["payments"]["edges"]:
        _assert_lines_add_up(edge["node"]["lines"])
    calls = _backend_calls(spent)
    assert calls and max(calls.values()) == 1, calls  # at most one call per kind of data
    again, spent = product.calls_during((platform,), lambda: product.data(token, HOME))
    assert again == data and not _backend_calls(spent), spent  # now served from the cache


def test_a_page_of_50_payments_with_lines_and_beneficiaries_costs_at_most_3_calls(
    product: Product, tenant: str
) -> None:
    number = product.cold_member(tenant, "payments page")
    token = product.token(tenant, number)
    data, spent = product.calls_during(
        (PLATFORM_OF[tenant],), lambda: product.data(token, PAYMENTS_PAGE, {"first": 50})
    )
    edges = data["me"]["payments"]["edges"]
    assert len(edges) == min(50, data["me"]["payments"]["totalCount"]) > 0
    assert sum(_backend_calls(spent).values()) <= 3, spent
    for edge in edges:
        node = edge["node"]
        _assert_lines_add_up(node["lines"])
        paid = sum(_euros(line["mutuellePaid"]) for line in node["lines"])
        assert paid == _euros(node["total"]), node["id"]


def test_payment_values_match_the_platform(product: Product, tenant: str) -> None:
    number = product.first_member(tenant)
    token = product.token(tenant, number)
    data = product.data(token, PAYMENTS_PAGE, {"first": 10})
    from sandbox.backoffice import PaymentQuery

    page = product.dataset.backoffice(tenant).search_payments(number, PaymentQuery(limit=10))
    expected = [(p.total_cents, len(p.lines)) for p in page.items]
    got = [
        (int(_euros(e["node"]["total"]) * 100), len(e["node"]["lines"]))
        for e in data["me"]["payments"]["edges"]
    ]
    assert got == expected


@pytest.mark.parametrize("recipient", ["MEMBER", "PROFESSIONAL"])
def test_payments_filtered_by_recipient(product: Product, tenant: str, recipient: str) -> None:
    token = product.token(tenant, product.first_member(tenant))
    query = """query($r: PaymentRecipientKind!) { me { payments(first: 30,
        filter: {period: LAST_24_MONTHS, recipient: $r}) {
          edges { node { recipient { kind } } } } } }"""
    edges = product.data(token, query, {"r": recipient})["me"]["payments"]["edges"]
    assert all(e["node"]["recipient"]["kind"] == recipient for e in edges)


def test_every_capability_answers(product: Product, tenant: str) -> None:
    token = product.token(tenant, product.first_member(tenant))
    query = """{ me {
      email mobilePhone postalAddress { line1 postcode town } familySituation
      bankAccounts { purpose ibanMasked bic }
      premium { frequency annualAmount { amount } nextInstalment { dueDate amount { amount } } }
      usefulDocuments { title url }
      tiersPayantCard { amcNumber validTo domains { code mode } pdfUrl }
      attestationUrl
      quotes { kind category status billed { amount } covered { amount } }
      messages(first: 5) { totalCount edges { node { subject direction } } }
      changeRequests { kind status }
      careServices { network kind url }
    } }"""
    me = product.data(token, query)["me"]
    assert me["tiersPayantCard"]["domains"] and me["premium"]["annualAmount"]["amount"]
    assert all("IBAN" not in str(a) for a in me["bankAccounts"])
    assert me["usefulDocuments"]


def test_health_professionals_of_the_tenants_networks(product: Product, tenant: str) -> None:
    token = product.token(tenant, product.first_member(tenant))
    query = """{ healthProfessionals(near: {latitude: 48.8566, longitude: 2.3522}, radiusKm: 30,
        first: 15) { edges { node { identifier name distanceKm networks { network } } } } }"""
    edges = product.data(token, query)["healthProfessionals"]["edges"]
    assert edges
    distances = [e["node"]["distanceKm"] for e in edges]
    assert distances == sorted(distances)
    identifiers = [e["node"]["identifier"] for e in edges]
    assert len(identifiers) == len(set(identifiers))  # merged across networks, no duplicates
    networks = {n["network"].lower() for e in edges for n in e["node"]["networks"]}
    assert networks <= set(NETWORKS_OF[tenant])


def test_another_members_payment_is_not_found(product: Product, tenant: str) -> None:
    first, second = product.dataset.member_numbers(tenant, 2)
    query = "{ me { payments(first: 1) { edges { node { id } } } } }"
    other_id = product.data(product.token(tenant, second), query)["me"]["payments"]["edges"][0][
        "node"
    ]["id"]
    body = product.graphql(
        product.token(tenant, first), "query($id: ID!) { node(id: $id) { id } }", {"id": other_id}
    ).json()
    assert body["data"]["node"] is None or body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_metrics_show_each_platforms_calls_without_values(product: Product, tenant: str) -> None:
    """``/metrics`` shows each member platform's requests per tenant (Cimut also its failed
    calls; Cegedim its 429s and paced calls: ``adapters.port.CountsEvents``); labels are
    names, never a member or a token."""
    member = product.first_member(tenant)
    product.data(product.token(tenant, member), "{ me { firstName beneficiaries { id } } }")
    text = product.http.get(f"{product.gateway_url}/metrics").text
    series = {
        line.split(" ")[0]: int(line.split(" ")[1])
        for line in text.splitlines()
        if line.startswith("mutugraph_backend_events_total{")
    }
    platform = PLATFORM_OF[tenant]
    labels = f'tenant="{tenant}",platform="{platform}"'
    assert series[f'mutugraph_backend_events_total{{{labels},event="requests"}}'] > 0
    others = ("rate_limited", "paced") if platform == "cegedim" else ("failed",)
    assert all(f'mutugraph_backend_events_total{{{labels},event="{e}"}}' in series for e in others)
    assert member not in text and "Bearer" not in text

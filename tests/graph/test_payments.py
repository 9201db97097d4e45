"""Reimbursements: search filters, pages, details, arithmetic, privacy, call budget."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from adapters.fake import FakeBackends
from tests.graph.support import FAMILY, call, data, error, run, viewer

pytestmark = pytest.mark.anyio

PAGE = """
query Page($filter: PaymentFilter, $first: Int, $after: String) {
  me { payments(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { node { id date recipient { kind name identifier } total { amount }
      beneficiaries { id firstName }
      lines { redacted act { system code label } category care: careStart
              billed { amount } base { amount } amoRate participation { amount }
              franchise { amount } amoPaid { amount } mutuellePaid { amount }
              otherInsurerPaid { amount } outOfPocket { amount }
              professional { identifier name } beneficiary { id firstName } } } }
  } }
}
"""


def nodes(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [e["node"] for e in result["me"]["payments"]["edges"]]


def amount(money: dict[str, str]) -> Decimal:
    return Decimal(money["amount"])


async def test_a_page_of_50_with_lines_and_beneficiaries_costs_3_calls(fake: FakeBackends) -> None:
    page = nodes(data(await run(fake, PAGE, {"first": 50})))
    assert len(page) == 50
    assert sum(len(p["lines"]) for p in page) > 50
    assert fake.calls.total <= 3
    assert dict(fake.calls.calls) == {"search_payments": 1, "payments": 1, "beneficiaries": 1}


async def test_lines_add_up_to_the_billed_amount(fake: FakeBackends) -> None:
    page = nodes(data(await run(fake, PAGE, {"first": 60}, adult_lines=True)))
    checked = 0
    for payment in page:
        paid_by_mutuelle = Decimal("0")
        for line in payment["lines"]:
            parts = ("amoPaid", "mutuellePaid", "otherInsurerPaid", "outOfPocket")
            assert sum(amount(line[p]) for p in parts) == amount(line["billed"])
            assert all(amount(line[p]) >= 0 for p in parts)
            paid_by_mutuelle += amount(line["mutuellePaid"])
            checked += 1
        assert paid_by_mutuelle == amount(payment["total"])
    assert checked > 100


async def test_gp_consultation_matches_the_worked_example(fake: FakeBackends) -> None:
    line = nodes(data(await run(fake, PAGE, {"first": 1})))[0]["lines"][0]
    assert line["act"] == {"system": "NGAP", "code": "G", "label": "Consultation généraliste"}
    parts = ("billed", "base", "amoPaid", "mutuellePaid", "outOfPocket")
    assert [line[k]["amount"] for k in parts] == ["30.00", "30.00", "19.00", "9.00", "2.00"]
    assert line["participation"]["amount"] == "2.00" and line["amoRate"] == 70


async def test_pages_follow_with_after(fake: FakeBackends) -> None:
    first = data(await run(fake, PAGE, {"first": 25}))["me"]["payments"]
    after = first["pageInfo"]["endCursor"]
    second = data(await run(fake, PAGE, {"first": 25, "after": after}))["me"]["payments"]
    third = data(await run(fake, PAGE, {"first": 25, "after": second["pageInfo"]["endCursor"]}))[
        "me"
    ]["payments"]
    ids = [e["node"]["id"] for p in (first, second, third) for e in p["edges"]]
    assert len(ids) == 60 == len(set(ids))
    assert second["pageInfo"]["hasPreviousPage"] and not third["pageInfo"]["hasNextPage"]


async def test_period_filter(fake: FakeBackends) -> None:
    result = data(await run(fake, PAGE, {"filter": {"period": "LAST_3_MONTHS"}, "first": 100}))
    dates = [p["date"] for p in nodes(result)]
    assert dates and all("2026-03-30" <= d <= "2026-06-30" for d in dates)
    assert result["me"]["payments"]["totalCount"] == len(dates) < 60


async def test_explicit_dates_and_recipient(fake: FakeBackends) -> None:
    variables = {
        "filter": {"paidFrom": "2025-07-01", "paidTo": "2025-12-31", "recipient": "PROFESSIONAL"},
        "first": 100,
    }
    page = nodes(data(await run(fake, PAGE, variables)))
    assert page and all("2025-07-01" <= p["date"] <= "2025-12-31" for p in page)
    assert all(p["recipient"]["kind"] == "PROFESSIONAL" for p in page)
    # The payee's identity is itself care detail: hidden when every line of it is redacted.
    assert all(
        p["recipient"]["identifier"] or all(ln["redacted"] for ln in p["lines"]) for p in page
    )
    assert any(p["recipient"]["identifier"] for p in page)


async def test_beneficiary_and_care_date_filters(fake: FakeBackends) -> None:
    everyone = data(await run(fake, "{ me { beneficiaries { id firstName } } }"))
    zoe = next(b["id"] for b in everyone["me"]["beneficiaries"] if b["firstName"] == "Zoé")
    variables = {"filter": {"beneficiaryId": zoe, "careFrom": "2026-01-01"}, "first": 100}
    page = nodes(data(await run(fake, PAGE, variables)))
    assert page
    assert all(zoe in [b["id"] for b in p["beneficiaries"]] for p in page)
    assert all(any(ln["care"] >= "2026-01-01" for ln in p["lines"]) for p in page)


async def test_period_and_dates_together_name_the_field(fake: FakeBackends) -> None:
    variables = {"filter": {"period": "LAST_1_MONTH", "paidFrom": "2026-01-01"}}
    err = error(await run(fake, PAGE, variables))
    assert err["extensions"] == {"code": "BAD_USER_INPUT", "field": "filter.period"}
    assert fake.calls.total == 0


async def test_reversed_dates_and_foreign_beneficiary_are_refused(fake: FakeBackends) -> None:
    err = error(
        await run(fake, PAGE, {"filter": {"careFrom": "2026-02-01", "careTo": "2026-01-01"}})
    )
    assert err["extensions"]["field"] == "filter.careFrom"
    other = data(await run(fake, "{ me { beneficiaries { id } } }", who=viewer("10000002")))
    foreign = other["me"]["beneficiaries"][0]["id"]
    fake.calls.clear()
    err = error(await run(fake, PAGE, {"filter": {"beneficiaryId": foreign}}))
    assert err["extensions"] == {"code": "BAD_USER_INPUT", "field": "filter.beneficiaryId"}
    assert fake.calls.total == 0


async def test_first_over_100_is_refused(fake: FakeBackends) -> None:
    err = error(await run(fake, PAGE, {"first": 101}))
    assert err["extensions"] == {"code": "BAD_USER_INPUT", "field": "first"}


async def test_other_adults_lines_are_redacted_without_consent(fake: FakeBackends) -> None:
    page = nodes(data(await run(fake, PAGE, {"first": 60})))
    lines = [ln for p in page for ln in p["lines"]]
    marc = [ln for ln in lines if ln["beneficiary"]["firstName"] == "Marc"]
    children = [ln for ln in lines if ln["beneficiary"]["firstName"] in ("Zoé", "Hugo")]
    assert marc and all(ln["redacted"] and ln["act"] is None for ln in marc)
    assert all(ln["category"] is None and ln["professional"] is None for ln in marc)
    assert all(ln["billed"]["amount"] for ln in marc)  # amounts paid stay visible
    # ...but not those that tell the act (a 25.00 base at 70 % is a GP visit).
    assert all(ln[k] is None for ln in marc for k in ("base", "amoRate", "participation"))
    assert all(ln["franchise"] is None for ln in marc)
    assert children and not any(ln["redacted"] for ln in children if ln["act"])


async def test_consent_shows_adult_lines_but_never_confidential_ones(fake: FakeBackends) -> None:
    page = nodes(data(await run(fake, PAGE, {"first": 60}, adult_lines=True)))
    lines = [ln for p in page for ln in p["lines"]]
    redacted = [ln for ln in lines if ln["redacted"]]
    assert len(redacted) == 1  # the back end's confidential line
    assert all(ln["act"] is not None for ln in lines if not ln["redacted"])


async def test_a_beneficiary_account_sees_only_its_own_care(fake: FakeBackends) -> None:
    marc = f"{FAMILY}-02"
    who = viewer(role="beneficiary", beneficiary=marc)
    result = data(await run(fake, PAGE, {"first": 60}, who=who))
    page = nodes(result)
    lines = [ln for p in page for ln in p["lines"]]
    assert lines and all(ln["beneficiary"]["firstName"] == "Marc" for ln in lines)
    assert all(ln["act"] is not None for ln in lines if not ln["redacted"])
    assert not any(ln["redacted"] for ln in lines)  # his own care, none confidential
    assert all([b["firstName"] for b in p["beneficiaries"]] == ["Marc"] for p in page)
    search = call(fake, "search_payments")
    assert search[1].beneficiary_id == marc  # narrowed at the source


async def test_payment_links(fake: FakeBackends) -> None:
    query = """{ me {
      payments(first: 1) { edges { node { statementUrl } } }
      paymentsExportUrl(filter: {period: LAST_12_MONTHS}, format: CSV)
    } }"""
    me = data(await run(fake, query))["me"]
    assert me["payments"]["edges"][0]["node"]["statementUrl"].endswith(
        "/payment_statement/P10000001-000.pdf"
    )
    assert me["paymentsExportUrl"] == "https://docs.test/azur/payments_export/.csv"

"""The Cimut adapter's payments against the real sandbox: the search pages through
RechercherPrestations like the back office, filters included, and payments(ids) costs one
DetaillerPrestations per 50 ids, with lines whose amounts add up."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from adapters.port import MemberRef, NotFound, Payment, PaymentQuery, PaymentRecipientKind
from sandbox import backoffice as bo
from sandbox.dataset.records import Payment as RecordPayment
from tests.adapters.cimut_support import (
    TENANT,
    Sandbox,
    euros,
    no_client_left,
    opened,
    running,
)

pytestmark = [pytest.mark.integration, pytest.mark.anyio]


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with running() as started:
        yield started


@pytest.fixture(autouse=True)
def fresh(sandbox: Sandbox) -> Iterator[None]:
    sandbox.reset()
    yield
    no_client_left()


def _same_payment(got: Payment, want: RecordPayment, *, lines: bool) -> None:
    assert (got.id, got.date, got.total) == (want.id, want.date, euros(want.total_cents))
    assert got.method.value == want.method and got.recipient_kind.value == want.recipient_kind
    assert got.recipient_name == want.recipient_name
    assert got.recipient_id == (want.recipient_id or None)
    assert set(got.beneficiary_ids) == {line.beneficiary_id for line in want.lines}
    if not lines:
        assert got.lines is None
        return
    assert got.lines is not None
    for g, w in zip(got.lines, want.lines, strict=True):
        assert (g.id, g.beneficiary_id, g.act_code, g.quantity) == (
            w.id,
            w.beneficiary_id,
            w.act_code,
            w.quantity,
        )
        assert (g.care_start, g.care_end, g.amo_rate) == (w.care_start, w.care_end, w.amo_rate)
        assert (g.billed, g.base, g.amo_paid, g.mutuelle_paid, g.other_paid, g.out_of_pocket) == (
            euros(w.billed_cents),
            euros(w.base_cents),
            euros(w.ro_cents),
            euros(w.rc_cents),
            euros(w.other_cents),
            euros(w.rest_cents),
        )
        assert g.amo_paid + g.mutuelle_paid + g.other_paid + g.out_of_pocket == g.billed
        assert (g.participation, g.franchise) == (
            euros(w.participation_cents),
            euros(w.franchise_cents),
        )
        assert g.confidential == w.confidential


def _busiest(sandbox: Sandbox) -> str:
    """The member with the most payments (the tests need more than 50)."""
    return max(
        sandbox.numbers(),
        key=lambda n: sandbox.office.search_payments(n, bo.PaymentQuery(limit=0)).total,
    )


async def test_search_pages_through_every_payment(sandbox: Sandbox) -> None:
    number = _busiest(sandbox)
    everything = sandbox.office.search_payments(number, bo.PaymentQuery(limit=10_000)).items
    assert len(everything) > 50
    ref = MemberRef(TENANT, number)
    seen: list[Payment] = []
    async with opened(sandbox.spec()) as platform:
        payments = platform.payments
        assert payments is not None
        for offset in range(0, len(everything), 20):
            page = await payments.search_payments(ref, PaymentQuery(offset=offset, limit=20))
            assert page.total == len(everything)
            seen.extend(page.items)
        pages = sandbox.stats()["RechercherPrestations"]
        # A window that straddles Cimut pages still costs one call.
        odd = await payments.search_payments(ref, PaymentQuery(offset=10, limit=20))
        assert sandbox.stats()["RechercherPrestations"] == pages + 1
        empty = await payments.search_payments(ref, PaymentQuery(offset=5000, limit=20))
    assert pages == -(-len(everything) // 20)
    assert [p.id for p in odd.items] == [p.id for p in everything[10:30]]
    assert empty.items == () and empty.total == len(everything)
    assert len(seen) == len(everything)
    for got, want in zip(seen, everything, strict=True):
        _same_payment(got, want, lines=False)


async def test_search_filters_match_the_back_office(sandbox: Sandbox) -> None:
    number = _busiest(sandbox)
    ref = MemberRef(TENANT, number)
    latest = sandbox.office.search_payments(number, bo.PaymentQuery(limit=1)).items[0].date
    since, until = latest - timedelta(days=200), latest - timedelta(days=20)
    queries = [
        (
            PaymentQuery(paid_from=since, paid_to=until),
            bo.PaymentQuery(paid_from=since, paid_to=until),
        ),
        (
            PaymentQuery(beneficiary_id=f"{number}-01"),
            bo.PaymentQuery(beneficiary_id=f"{number}-01"),
        ),
        (
            PaymentQuery(care_from=since, care_to=until),
            bo.PaymentQuery(care_from=since, care_to=until),
        ),
        (
            PaymentQuery(recipient=PaymentRecipientKind.PROFESSIONAL, limit=100),
            bo.PaymentQuery(recipient="professional", limit=100),
        ),
    ]
    async with opened(sandbox.spec()) as platform:
        assert platform.payments is not None
        for query, same in queries:
            page = await platform.payments.search_payments(ref, query)
            want = sandbox.office.search_payments(number, same)
            assert page.total == want.total
            assert [p.id for p in page.items] == [p.id for p in want.items]
        other = await platform.payments.search_payments(
            ref, PaymentQuery(beneficiary_id="10000099-01")
        )
        assert other.items == () and other.total == 0
        with pytest.raises(NotFound):
            await platform.payments.search_payments(MemberRef(TENANT, "19999999"), PaymentQuery())


async def test_fifty_payments_in_one_detail_call(sandbox: Sandbox) -> None:
    number = _busiest(sandbox)
    everything = sandbox.office.search_payments(number, bo.PaymentQuery(limit=10_000)).items
    ids = [p.id for p in everything[:48]] + ["R19999999-0001", "not an id!"]
    ref = MemberRef(TENANT, number)
    async with opened(sandbox.spec()) as platform:
        assert platform.payments is not None
        details = await platform.payments.payments(ref, ids)
        assert sandbox.stats() == {"DetaillerPrestations": 1}
        more = await platform.payments.payments(ref, [p.id for p in everything])
        assert sandbox.stats()["DetaillerPrestations"] == 1 + -(-len(everything) // 50)
        nobody = await platform.payments.payments(MemberRef(TENANT, "19999999"), ids[:2])
    assert len(details) == 50
    for got, want in zip(details[:48], everything[:48], strict=True):
        assert isinstance(got, Payment)
        _same_payment(got, want, lines=True)
    assert isinstance(details[48], NotFound) and isinstance(details[49], NotFound)
    assert [p.id for p in more if isinstance(p, Payment)] == [p.id for p in everything]
    assert all(isinstance(error, NotFound) for error in nobody)

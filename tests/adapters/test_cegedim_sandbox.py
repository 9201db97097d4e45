"""Cegedim adapter against the real sandbox app over loopback sockets: every read of the
port returns what the sandbox's BackOffice holds, with the calls the design promises
(one token, one batch call per page of payments, 304s on repeated GETs)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from decimal import Decimal

import httpx
import pytest

from adapters.port import (
    BeneficiaryQuality,
    ContractKind,
    DocumentKind,
    DocumentRef,
    LetterQuery,
    LetterType,
    MemberPlatform,
    MemberRef,
    NotFound,
    PaymentQuery,
    PaymentRecipientKind,
    TenantBackends,
)
from adapters.registry import BackendSpec
from adapters.rest.cegedim import CegedimPlatform, create_platform
from sandbox.backoffice import BackOffice
from sandbox.backoffice import PaymentQuery as OfficeQuery
from sandbox.cegedim.app import create_app
from sandbox.credentials import cegedim_client_id, cegedim_client_secret
from sandbox.dataset.generator import Dataset
from tests.support.servers import serving

pytestmark = [pytest.mark.anyio, pytest.mark.integration]
MEMBERS = 30


@dataclass
class Sandbox:
    url: str
    dataset: Dataset

    def office(self, tenant: str) -> BackOffice:
        return self.dataset.backoffice(tenant)

    def numbers(self, tenant: str) -> list[str]:
        return self.office(tenant).member_numbers(MEMBERS)

    def stats(self) -> dict[str, int]:
        calls: dict[str, int] = httpx.get(self.url + "/_sandbox/stats").json()["calls"]
        return calls

    def platform(self, tenant: str, **options: str) -> MemberPlatform:
        spec = BackendSpec(
            "cegedim",
            f"{self.url}/{tenant}",
            {
                "client_id": cegedim_client_id(tenant),
                "client_secret": cegedim_client_secret(tenant),
            },
            options,
        )
        return create_platform(tenant, spec)


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    dataset = Dataset(members_per_tenant=MEMBERS)
    with serving(create_app(dataset, rate_limit=0)) as server:
        yield Sandbox(server.url, dataset)


@pytest.fixture
def fresh(sandbox: Sandbox) -> Sandbox:
    """The sandbox with faults off, counters at zero and the data as generated."""
    httpx.post(sandbox.url + "/_sandbox/reset").raise_for_status()
    return sandbox


@pytest.fixture
async def bocage(fresh: Sandbox) -> AsyncIterator[MemberPlatform]:
    platform = fresh.platform("bocage")
    yield platform
    await TenantBackends("bocage", platform).aclose()


def refs(sandbox: Sandbox, tenant: str = "bocage") -> list[MemberRef]:
    return [MemberRef(tenant, n) for n in sandbox.numbers(tenant)]


def cents(value: int) -> Decimal:
    return Decimal(value) / 100


async def test_members_and_beneficiaries_match_the_back_office(
    sandbox: Sandbox, bocage: MemberPlatform
) -> None:
    office = sandbox.office("bocage")
    wanted = [*refs(sandbox), MemberRef("bocage", "29999999")]
    members = await bocage.directory.members(wanted)
    assert isinstance(members[-1], NotFound)
    for ref, member in zip(wanted[:-1], members, strict=False):
        source = office.member(ref.number)
        assert not isinstance(member, Exception)
        assert member.ref == ref
        assert (member.last_name, member.first_name) == (source.last_name, source.first_name)
        assert (member.birth_date, member.nir, member.email) == (
            source.birth_date,
            source.nir,
            source.email,
        )
        assert (member.address.postcode, member.address.town) == (
            source.address.postcode,
            source.address.town,
        )
        assert member.family_situation is not None
        assert member.family_situation.value == source.family_situation
        assert [a.iban for a in member.bank_accounts] == [a.iban for a in source.bank_accounts]
        assert (member.paperless, member.notifications) == (source.paperless, source.notifications)
    families = await bocage.directory.beneficiaries(wanted[:-1])
    for ref, family in zip(wanted, families, strict=False):
        source = office.beneficiaries(ref.number)
        assert not isinstance(family, Exception)
        assert [b.id for b in family] == [b.id for b in source]
        assert [b.quality.value for b in family] == [b.quality for b in source]
        assert [b.close_date for b in family] == [b.close_date for b in source]
        assert family[0].quality is BeneficiaryQuality.INSURED
    calls = sandbox.stats()
    assert calls["getInsured"] == MEMBERS + 1 and calls["listBeneficiaries"] == MEMBERS
    assert calls["token"] == 1


async def test_contracts_premiums_quotes_and_card(sandbox: Sandbox, bocage: MemberPlatform) -> None:
    office = sandbox.office("bocage")
    wanted = refs(sandbox)
    assert bocage.contracts is not None and bocage.payments is not None
    contracts = await bocage.contracts.contracts(wanted)
    premiums = await bocage.contracts.premiums(wanted)
    quotes = await bocage.payments.quotes(wanted)
    assert bocage.correspondence is not None
    cards = await bocage.correspondence.tp_cards(wanted)
    kinds = set()
    for ref, contract, premium, found, card in zip(
        wanted, contracts, premiums, quotes, cards, strict=True
    ):
        assert not isinstance(contract, Exception) and not isinstance(premium, Exception)
        assert not isinstance(found, Exception) and not isinstance(card, Exception)
        source = office.contract(ref.number)
        kinds.add(contract.kind)
        assert (contract.number, contract.offer_code) == (source.number, source.offer_code)
        assert contract.kind.value == source.kind and contract.employer == source.employer
        assert [c.beneficiary_id for c in contract.coverages] == [
            c.beneficiary_id for c in source.coverages
        ]
        flat = [g.flat_cents for c in source.coverages for g in c.guarantees]
        assert [g.flat_amount for c in contract.coverages for g in c.guarantees] == [
            None if x is None else cents(x) for x in flat
        ]
        table = [d.id for d in office.useful_documents(ref.number) if d.kind == "benefits_table"]
        assert contract.benefits_table_document_id == (table[0] if table else None)
        bill = office.premium(ref.number)
        assert premium.annual_amount == cents(bill.annual_cents)
        assert sorted(i.amount for i in premium.schedule) == sorted(
            cents(i.amount_cents) for i in bill.schedule
        )
        assert [q.id for q in found] == [q.id for q in office.quotes(ref.number)]
        assert [q.billed for q in found] == [
            cents(q.billed_cents) for q in office.quotes(ref.number)
        ]
        assert card.beneficiary_ids == office.tp_card(ref.number).beneficiary_ids
    assert kinds == {ContractKind.INDIVIDUAL, ContractKind.COLLECTIVE}
    assert sandbox.stats()["token"] == 1


async def test_payment_search_then_one_batch_call_for_the_page(
    sandbox: Sandbox, bocage: MemberPlatform
) -> None:
    assert bocage.payments is not None
    office = sandbox.office("bocage")
    ref = max(refs(sandbox), key=lambda r: len(sandbox.dataset.payments("bocage", r.number)))
    page = await bocage.payments.search_payments(ref, PaymentQuery(offset=10, limit=50))
    expected = office.search_payments(ref.number, OfficeQuery(offset=10, limit=50))
    assert page.total == expected.total
    assert [p.id for p in page.items] == [p.id for p in expected.items]
    assert all(p.lines is None for p in page.items)
    before = sandbox.stats().get("batchGetReimbursements", 0)
    ids = [p.id for p in page.items]
    details = await bocage.payments.payments(ref, [*ids, "R-NOT-MINE"])
    assert sandbox.stats()["batchGetReimbursements"] == before + 1
    assert isinstance(details[-1], NotFound)
    for payment, source in zip(details, expected.items, strict=False):
        assert not isinstance(payment, Exception) and payment.lines is not None
        assert payment.total == cents(source.total_cents)
        for line, raw in zip(payment.lines, source.lines, strict=True):
            assert line.billed == cents(raw.billed_cents)
            assert line.amo_paid == cents(raw.ro_cents)
            assert line.mutuelle_paid == cents(raw.rc_cents)
            assert line.out_of_pocket == cents(raw.rest_cents)
            assert line.amo_paid + line.mutuelle_paid + line.other_paid + line.out_of_pocket == (
                line.billed
            )
            assert line.billed.as_tuple().exponent == -2
    to_pros = await bocage.payments.search_payments(
        ref, PaymentQuery(recipient=PaymentRecipientKind.PROFESSIONAL, limit=100)
    )
    assert all(p.recipient_kind is PaymentRecipientKind.PROFESSIONAL for p in to_pros.items)
    assert (
        to_pros.total
        == office.search_payments(ref.number, OfficeQuery(recipient="professional", limit=1)).total
    )


async def test_letters_documents_and_files(sandbox: Sandbox, bocage: MemberPlatform) -> None:
    correspondence = bocage.correspondence
    assert correspondence is not None
    office = sandbox.office("bocage")
    ref = refs(sandbox)[0]
    letters = await correspondence.letters(ref, LetterQuery())
    assert [x.id for x in letters] == [x.id for x in office.letters(ref.number, None, None, None)]
    statements = await correspondence.letters(
        ref, LetterQuery(types=(LetterType.BENEFIT_STATEMENT,))
    )
    assert statements and all(x.type is LetterType.BENEFIT_STATEMENT for x in statements)
    (documents,) = await correspondence.useful_documents([ref])
    assert not isinstance(documents, Exception)
    assert [d.id for d in documents] == [d.id for d in office.useful_documents(ref.number)]
    for kind, key in (
        (DocumentKind.LETTER, letters[0].id),
        (DocumentKind.USEFUL_DOCUMENT, documents[0].id),
        (DocumentKind.TP_CARD, ""),
        (DocumentKind.ATTESTATION, ""),
    ):
        file = await correspondence.document(ref, DocumentRef(kind, key))
        assert file.content.startswith(b"%PDF") and file.content_type == "application/pdf"
    with pytest.raises(NotFound):
        await correspondence.document(ref, DocumentRef(DocumentKind.LETTER, "LET-NOT-MINE"))


async def test_one_token_and_304s_across_many_calls(
    sandbox: Sandbox, bocage: MemberPlatform
) -> None:
    wanted = refs(sandbox)[:10]
    for _ in range(3):
        await bocage.directory.members(wanted)
        await bocage.directory.beneficiaries(wanted)
    adapter = bocage.directory
    assert isinstance(adapter, CegedimPlatform)
    assert adapter.http.etags.hits == 2 * 2 * 10  # the 2nd and 3rd rounds were 304s
    calls = sandbox.stats()
    assert calls["token"] == 1 and calls["getInsured"] == 30

"""The Cimut adapter's reads against the real sandbox over loopback: every record matches
the back office (names, Decimal amounts == cents / 100, dates), with the promised number of
SOAP calls. Payments are in test_cimut_payments.py."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest

from adapters.port import (
    BackendUnavailable,
    DocumentKind,
    DocumentRef,
    LetterQuery,
    LetterType,
    MemberRef,
    NotFound,
    NotSupported,
)
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


def national(phone: str | None) -> str | None:
    if phone is None:
        return None
    digits = re.sub(r"[\s.\-()]", "", phone)
    return "0" + digits[3:] if digits.startswith("+33") else digits


async def test_members_match_the_back_office(sandbox: Sandbox) -> None:
    refs = [*sandbox.refs(), MemberRef(TENANT, "19999999"), MemberRef("bocage", "20000001")]
    async with opened(sandbox.spec()) as platform:
        members = await platform.directory.members(refs)
    assert len(members) == len(refs)
    for ref, got in zip(refs[:-2], members, strict=False):
        want = sandbox.office.member(ref.number)
        assert not isinstance(got, Exception), ref
        assert got.ref == ref
        assert (got.civility.value, got.last_name, got.first_name) == (
            want.civility,
            want.last_name,
            want.first_name,
        )
        assert got.birth_date == want.birth_date and got.nir == want.nir
        assert got.email == want.email
        assert got.mobile_phone == national(want.phone_mobile)
        assert got.address.postcode == want.address.postcode
        assert got.address.town == want.address.town and got.address.line1 == want.address.line1
        assert got.family_situation is not None
        assert got.family_situation.value == want.family_situation
        assert got.last_login == want.last_login  # aware datetimes compare by instant
        assert (got.paperless, got.notifications) == (want.paperless, want.notifications)
        assert [(a.purpose.value, a.iban, a.bic) for a in got.bank_accounts] == [
            (a.purpose, a.iban.replace(" ", ""), a.bic) for a in want.bank_accounts
        ]
    assert isinstance(members[-2], NotFound) and isinstance(members[-1], NotFound)
    # One ConsulterAdherent per member of this tenant; the other tenant's was not asked.
    assert sandbox.stats() == {"ConsulterAdherent": len(refs) - 1}


async def test_beneficiaries_contracts_and_premiums(sandbox: Sandbox) -> None:
    refs = sandbox.refs(12)
    async with opened(sandbox.spec()) as platform:
        families = await platform.directory.beneficiaries(refs)
        contracts = await platform.contracts.contracts(refs)  # type: ignore[union-attr]
        premiums = await platform.contracts.premiums(refs)  # type: ignore[union-attr]
    for ref, family, contract, premium in zip(refs, families, contracts, premiums, strict=True):
        assert not isinstance(family, Exception)
        assert not isinstance(contract, Exception)
        assert not isinstance(premium, Exception)
        want = sandbox.office.beneficiaries(ref.number)
        assert [b.id for b in family] == [b.id for b in want]
        assert family[0].quality.value == "00"
        for got, expected in zip(family, want, strict=True):
            assert (got.last_name, got.first_name, got.birth_date) == (
                expected.last_name,
                expected.first_name,
                expected.birth_date,
            )
            assert got.quality.value == expected.quality and got.nir == expected.nir
            assert got.regime is not None and got.regime.value == expected.regime
            assert (got.open_date, got.close_date) == (expected.open_date, expected.close_date)
        wanted = sandbox.office.contract(ref.number)
        assert (contract.number, contract.offer_code, contract.kind.value) == (
            wanted.number,
            wanted.offer_code,
            wanted.kind,
        )
        assert contract.status.value == wanted.status and contract.employer == wanted.employer
        assert contract.effective_date == wanted.effective_date
        assert contract.termination_date == wanted.termination_date
        for got_cov, want_cov in zip(contract.coverages, wanted.coverages, strict=True):
            assert (got_cov.beneficiary_id, got_cov.start, got_cov.end) == (
                want_cov.beneficiary_id,
                want_cov.start,
                want_cov.end,
            )
            for g, w in zip(got_cov.guarantees, want_cov.guarantees, strict=True):
                assert (g.code, g.kind.value, g.rate_percent) == (w.code, w.kind, w.rate_percent)
                assert g.flat_amount == (None if w.flat_cents is None else euros(w.flat_cents))
        expected_premium = sandbox.office.premium(ref.number)
        assert premium.annual_amount == euros(expected_premium.annual_cents)
        assert premium.method.value == expected_premium.method
        assert [(i.due_date, i.amount, i.status.value) for i in premium.schedule] == [
            (i.due_date, euros(i.amount_cents), i.status)
            for i in sorted(expected_premium.schedule, key=lambda i: i.due_date)
        ]
    stats = sandbox.stats()
    assert stats == {"ListerBeneficiaires": 12, "ConsulterContrat": 12, "ConsulterCotisations": 12}


async def test_quotes_documents_card_requests_and_messages(sandbox: Sandbox) -> None:
    refs = sandbox.refs(10)
    async with opened(sandbox.spec()) as platform:
        assert platform.payments and platform.correspondence and platform.changes
        assert platform.messaging
        quotes = await platform.payments.quotes(refs)
        documents = await platform.correspondence.useful_documents(refs)
        cards = await platform.correspondence.tp_cards(refs)
        requests = await platform.changes.change_requests(refs)
        messages = await platform.messaging.messages(refs)
    for i, ref in enumerate(refs):
        got_quotes, got_docs, card, got_requests, got_messages = (
            quotes[i],
            documents[i],
            cards[i],
            requests[i],
            messages[i],
        )
        assert not isinstance(got_quotes, Exception) and not isinstance(got_docs, Exception)
        assert not isinstance(card, Exception) and not isinstance(got_messages, Exception)
        assert got_requests == ()
        want_quotes = sandbox.office.quotes(ref.number)
        assert [(q.id, q.billed, q.covered, q.date) for q in got_quotes] == [
            (q.id, euros(q.billed_cents), euros(q.covered_cents), q.date) for q in want_quotes
        ]
        assert [(q.kind.value, q.category.value, q.status.value) for q in got_quotes] == [
            (q.kind, q.category, q.status) for q in want_quotes
        ]
        assert [(d.id, d.kind.value) for d in got_docs] == [
            (d.id, d.kind) for d in sandbox.office.useful_documents(ref.number)
        ]
        want_card = sandbox.office.tp_card(ref.number)
        assert (card.amc_number, card.valid_from, card.valid_to) == (
            want_card.amc_number,
            want_card.valid_from,
            want_card.valid_to,
        )
        assert card.beneficiary_ids == want_card.beneficiary_ids
        assert [(d.code, d.mode) for d in card.domains] == list(want_card.domains)
        want_messages = sandbox.office.messages(ref.number)
        assert [(m.id, m.thread_id, m.subject, m.body, m.read) for m in got_messages] == [
            (m.id, m.thread_id, m.subject, m.body, m.read) for m in want_messages
        ]
        assert all(m.sent_at.tzinfo is not None for m in got_messages)
        assert [m.sent_at for m in got_messages] == [m.sent_at for m in want_messages]


async def test_letters_with_filters(sandbox: Sandbox) -> None:
    number = sandbox.numbers(1)[0]
    ref = MemberRef(TENANT, number)
    letters = sandbox.office.letters(number, None, None, None)
    middle = letters[len(letters) // 2].date
    async with opened(sandbox.spec()) as platform:
        correspondence = platform.correspondence
        assert correspondence is not None
        everything = await correspondence.letters(ref, LetterQuery())
        recent = await correspondence.letters(ref, LetterQuery(since=middle))
        old = await correspondence.letters(ref, LetterQuery(until=middle))
        attestations = await correspondence.letters(
            ref, LetterQuery(types=(LetterType.ATTESTATION,))
        )
        two = await correspondence.letters(
            ref, LetterQuery(types=(LetterType.ATTESTATION, LetterType.PREMIUM_CALL))
        )
    assert [(x.id, x.date, x.title) for x in everything] == [
        (x.id, x.date, x.title) for x in letters
    ]
    assert [x.id for x in recent] == [x.id for x in letters if x.date >= middle]
    assert [x.id for x in old] == [x.id for x in letters if x.date <= middle]
    assert [x.id for x in attestations] == [x.id for x in letters if x.type == "attestation"]
    assert {x.type for x in two} <= {LetterType.ATTESTATION, LetterType.PREMIUM_CALL}
    assert [x.id for x in two] == [
        x.id for x in letters if x.type in ("attestation", "premium_call")
    ]
    assert sandbox.stats() == {"ListerCourriers": 5}


async def test_documents_are_decoded_pdfs(sandbox: Sandbox) -> None:
    number = sandbox.numbers(1)[0]
    ref = MemberRef(TENANT, number)
    letter = sandbox.office.letters(number, None, None, None)[0]
    useful = sandbox.office.useful_documents(number)[0]
    wanted = {
        DocumentRef(DocumentKind.LETTER, letter.id): "TelechargerCourrier",
        DocumentRef(DocumentKind.USEFUL_DOCUMENT, useful.id): "TelechargerDocumentUtile",
        DocumentRef(DocumentKind.TP_CARD): "TelechargerCarteTiersPayant",
        DocumentRef(DocumentKind.ATTESTATION): "TelechargerAttestation",
    }
    async with opened(sandbox.spec()) as platform:
        correspondence = platform.correspondence
        assert correspondence is not None
        for document_ref in wanted:
            content = await correspondence.document(ref, document_ref)
            assert (
                content.content.startswith(b"%PDF-") and content.content_type == "application/pdf"
            )
            assert content.filename.endswith(".pdf")
        with pytest.raises(NotFound):
            await correspondence.document(ref, DocumentRef(DocumentKind.LETTER, "L00000000-999"))
        with pytest.raises(NotFound):
            await correspondence.document(ref, DocumentRef(DocumentKind.LETTER, "../etc/passwd"))
        with pytest.raises(NotSupported):
            await correspondence.document(ref, DocumentRef(DocumentKind.PAYMENTS_EXPORT))
    assert sandbox.stats() == {**{op: 1 for op in wanted.values()}, "TelechargerCourrier": 2}


async def test_a_batch_isolates_one_bad_member_but_raises_when_all_are_down(
    sandbox: Sandbox,
) -> None:
    refs = sandbox.refs(3)
    async with opened(sandbox.spec()) as platform:
        sandbox.faults(error_rate=1.0, operations=["ListerDevis"])
        assert platform.payments is not None
        with pytest.raises(BackendUnavailable) as caught:
            await platform.payments.quotes(refs)
        assert caught.value.retry_safe and caught.value.operation == "quotes"
        sandbox.reset()
        mixed = await platform.payments.quotes([refs[0], MemberRef(TENANT, "19999999")])
    assert isinstance(mixed[0], tuple) and isinstance(mixed[1], NotFound)


async def test_dates_are_dates(sandbox: Sandbox) -> None:
    async with opened(sandbox.spec()) as platform:
        (member,) = await platform.directory.members(sandbox.refs(1))
    assert not isinstance(member, Exception)
    assert type(member.birth_date) is date

"""The back office: reads with the overlay, changes and their life cycle, refusals, reset."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from sandbox.backoffice import BackOffice, BusinessError, PaymentQuery
from sandbox.dataset.generator import Dataset, MemberFile
from sandbox.dataset.records import Attachment, BankAccount

START = datetime(2026, 3, 15, 9, 0, tzinfo=UTC)
RIB = Attachment("rib.pdf", "application/pdf", 2048, "ab" * 32)
GOOD_IBAN = "FR76 3000 4000 0500 0158 3008 163"


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += timedelta(minutes=minutes)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def office(dataset: Dataset, clock: Clock) -> Iterator[BackOffice]:
    office = BackOffice(dataset, "azur", clock=clock)
    yield office
    office.reset()


def _find(dataset: Dataset, tenant: str, test: Callable[[MemberFile], bool]) -> str:
    for number in dataset.member_numbers(tenant, 500):
        if test(dataset.member_file(tenant, number)):
            return number
    raise AssertionError("no such member in the dataset")


def _individual_family(dataset: Dataset) -> str:
    return _find(
        dataset,
        "azur",
        lambda f: (
            f.contract.kind == "individual"
            and f.contract.status == "open"
            and any(b.quality == "06" and b.close_date is None for b in f.beneficiaries)
        ),
    )


def _collective(dataset: Dataset) -> str:
    return _find(
        dataset, "azur", lambda f: f.contract.kind == "collective" and len(f.beneficiaries) > 1
    )


def test_reads_and_unknown_members(dataset: Dataset, office: BackOffice) -> None:
    number = office.member_numbers(2)[0]
    assert office.member(number).number == number
    assert office.beneficiaries(number)[0].quality == "00"
    assert office.contract(number).member_number == number
    assert office.premium(number).contract_number == office.contract(number).number
    for unknown in ("20000001", "10000501", "nope"):  # another tenant's member, out of range
        with pytest.raises(BusinessError) as refused:
            office.member(unknown)
        assert refused.value.code == "UNKNOWN_MEMBER"
    assert dataset.backoffice("azur") is dataset.backoffice("azur")
    assert dataset.backoffice("azur") is not dataset.backoffice("bocage")


def test_payment_search_filters_and_pages(dataset: Dataset, office: BackOffice) -> None:
    number = _individual_family(dataset)
    everything = office.search_payments(number, PaymentQuery(limit=10_000))
    assert everything.total == len(everything.items) > 10
    page = office.search_payments(number, PaymentQuery(offset=2, limit=3))
    assert page.items == everything.items[2:5] and page.total == everything.total
    child = next(b.id for b in office.beneficiaries(number) if b.quality == "06")
    mine = office.search_payments(number, PaymentQuery(beneficiary_id=child, limit=10_000))
    assert 0 < mine.total < everything.total
    assert all(any(x.beneficiary_id == child for x in p.lines) for p in mine.items)
    since = date(2025, 9, 1)
    recent = office.search_payments(number, PaymentQuery(paid_from=since, limit=10_000))
    assert all(p.date >= since for p in recent.items)
    tiers = office.search_payments(number, PaymentQuery(recipient="professional", limit=10_000))
    assert all(p.recipient_kind == "professional" for p in tiers.items)
    care = office.search_payments(
        number, PaymentQuery(care_from=date(2025, 1, 1), care_to=date(2025, 1, 31), limit=100)
    )
    for payment in care.items:
        assert any(
            x.care_start <= date(2025, 1, 31) and x.care_end >= date(2025, 1, 1)
            for x in payment.lines
        )
    ids = [everything.items[0].id, "R00000000-0001", everything.items[-1].id]
    assert office.payments_by_ids(number, ids) == [everything.items[0], None, everything.items[-1]]
    for query, code in (
        (PaymentQuery(paid_from=date(2025, 2, 1), paid_to=date(2025, 1, 1)), "INVALID_REQUEST"),
        (PaymentQuery(limit=-1), "INVALID_REQUEST"),
        (PaymentQuery(beneficiary_id="20000001-01"), "UNKNOWN_BENEFICIARY"),
    ):
        with pytest.raises(BusinessError) as refused:
            office.search_payments(number, query)
        assert refused.value.code == code


def test_letters_filters_and_pdfs(dataset: Dataset, office: BackOffice) -> None:
    number = office.member_numbers(1)[0]
    letters = office.letters(number, None, None, None)
    assert [x.date for x in letters] == sorted((x.date for x in letters), reverse=True)
    statements = office.letters(number, date(2025, 1, 1), date(2025, 12, 31), "benefit_statement")
    assert len(statements) == 12
    assert office.letter_pdf(number, statements[0].id).startswith(b"%PDF")
    with pytest.raises(BusinessError) as refused:
        office.letter_pdf(number, "L20000001-001")
    assert refused.value.code == "UNKNOWN_LETTER"
    document = office.useful_documents(number)[0]
    assert office.useful_document_pdf(number, document.id).startswith(b"%PDF")
    with pytest.raises(BusinessError):
        office.useful_document_pdf(number, "DOC-BO-STATUTS")
    assert office.tp_card_pdf(number).startswith(b"%PDF")
    assert office.attestation_pdf(number).startswith(b"%PDF")


def test_immediate_changes_apply_at_once(office: BackOffice) -> None:
    number = office.member_numbers(1)[0]
    request = office.update_contact(
        number, email="nouveau@example.fr", phone_mobile="06 39 98 00 01", phone_home=""
    )
    assert request.status == "done" and request.kind == "contact"
    member = office.member(number)
    assert (member.email, member.phone_mobile, member.phone_home) == (
        "nouveau@example.fr",
        "0639980001",
        None,
    )
    office.update_address(
        number, line1="3 rue des Cordiers", line2=None, postcode="30100", town="Alès"
    )
    address = office.member(number).address
    assert (address.insee, address.town) == ("30007", "Alès") and abs(address.lat - 44.125) < 0.1
    paperless = office.member(number).paperless
    office.set_paperless(number, not paperless)
    office.set_notifications(number, True)
    assert office.member(number).paperless is not paperless
    assert office.member(number).notifications is True
    for bad in ({"email": "not-an-email"}, {"phone_mobile": "12345"}, {}):
        with pytest.raises(BusinessError) as refused:
            office.update_contact(
                number, **{"email": None, "phone_mobile": None, "phone_home": None, **bad}
            )
        assert refused.value.code == "INVALID_REQUEST"
    with pytest.raises(BusinessError):
        office.update_address(number, line1="", line2=None, postcode="3010", town="Alès")


def test_bank_account_change_moves_through_its_states(
    dataset: Dataset, office: BackOffice, clock: Clock
) -> None:
    number = _individual_family(dataset)
    before = office.member(number).bank_accounts
    account = BankAccount("reimbursement", "M. Jean TEST", GOOD_IBAN, "bnpafrpp", "")
    request = office.update_bank_account(number, account, RIB)
    assert request.status == "received" and request.attachments == (RIB,)
    assert office.member(number).bank_accounts == before
    clock.advance(2)
    assert office.change_request(number, request.id).status == "in_progress"
    clock.advance(3)
    done = office.change_request(number, request.id)
    assert done.status == "done" and done.updated_at == request.created_at + timedelta(minutes=5)
    new = office.member(number).bank_accounts[0]
    assert (new.iban, new.bic, new.bank_name) == (
        "FR7630004000050001583008163",
        "BNPAFRPP",
        "BNP Paribas",
    )


@pytest.mark.parametrize(
    ("iban", "bic", "attachment", "code"),
    [
        ("FR7630004000050001583008164", "BNPAFRPP", RIB, "INVALID_IBAN"),
        ("FR7630004000050001583008163", "BNP", RIB, "INVALID_BIC"),
        ("FR7630004000050001583008163", "BNPAFRPP", None, "INVALID_REQUEST"),
    ],
)
def test_bank_account_refusals(
    dataset: Dataset,
    office: BackOffice,
    iban: str,
    bic: str,
    attachment: Attachment | None,
    code: str,
) -> None:
    number = _individual_family(dataset)
    account = BankAccount("reimbursement", "M. X", iban, bic, "")
    with pytest.raises(BusinessError) as refused:
        office.update_bank_account(number, account, attachment)  # type: ignore[arg-type]
    assert refused.value.code == code
    assert office.change_requests(number) == ()


def test_collective_contracts_send_members_to_their_employer(
    dataset: Dataset, office: BackOffice
) -> None:
    number = _collective(dataset)
    premium = BankAccount("premium", "M. X", GOOD_IBAN, "BNPAFRPP", "")
    other = office.beneficiaries(number)[1].id
    attempts: list[Callable[[], object]] = [
        lambda: office.update_bank_account(number, premium, RIB),
        lambda: office.add_beneficiary(
            number,
            last_name="Test",
            first_name="Léa",
            birth_date=date(2025, 12, 1),
            quality="06",
            regime="01",
            nir=None,
            attachment=RIB,
        ),
        lambda: office.remove_beneficiary(number, other, "Départ"),
    ]
    for attempt in attempts:
        with pytest.raises(BusinessError) as refused:
            attempt()
        assert refused.value.code == "COLLECTIVE_CONTRACT"
    reimbursement = BankAccount("reimbursement", "M. X", GOOD_IBAN, "BNPAFRPP", "")
    assert office.update_bank_account(number, reimbursement, RIB).status == "received"


def test_adding_and_removing_beneficiaries(
    dataset: Dataset, office: BackOffice, clock: Clock
) -> None:
    number = _individual_family(dataset)
    people = office.beneficiaries(number)
    added = office.add_beneficiary(
        number,
        last_name="Test",
        first_name="Léa",
        birth_date=date(2026, 2, 1),
        quality="06",
        regime="01",
        nir=None,
        attachment=RIB,
    )
    child = next(b for b in people if b.quality == "06" and b.close_date is None)
    removed = office.remove_beneficiary(number, child.id, "Rattachée à l'autre parent")
    with pytest.raises(BusinessError) as refused:
        office.remove_beneficiary(number, child.id, "Encore")
    assert refused.value.code == "BENEFICIARY_CLOSED"
    assert office.beneficiaries(number) == people
    clock.advance(5)
    assert {r.id: r.status for r in office.change_requests(number)} == {
        added.id: "done",
        removed.id: "done",
    }
    after = office.beneficiaries(number)
    new = after[-1]
    assert new.id == f"{number}-{len(people) + 1:02d}" and new.first_name == "Léa"
    assert new.open_date == clock.now.date() and new.quality == "06"
    assert next(b for b in after if b.id == child.id).close_date == clock.now.date()
    coverages = {c.beneficiary_id: c for c in office.contract(number).coverages}
    assert coverages[new.id].end is None and coverages[child.id].end == clock.now.date()
    card = office.tp_card(number).beneficiary_ids
    assert new.id in card and child.id not in card
    with pytest.raises(BusinessError) as refused:
        office.remove_beneficiary(number, child.id, "Encore")
    assert refused.value.code == "BENEFICIARY_CLOSED"


def test_dated_removal_closes_on_its_effective_date(
    dataset: Dataset, office: BackOffice, clock: Clock
) -> None:
    number = _individual_family(dataset)
    child = next(b for b in office.beneficiaries(number) if b.quality == "06" and not b.close_date)
    today = START.date()
    # Before the child joined, more than a year back, more than a year ahead.
    for when in (child.open_date - timedelta(days=1), date(2025, 3, 14), date(2027, 3, 16)):
        with pytest.raises(BusinessError) as refused:
            office.remove_beneficiary(number, child.id, "Mutation", when)
        assert refused.value.code == "INVALID_EFFECTIVE_DATE"
    assert office.change_requests(number) == ()  # nothing recorded
    when = max(child.open_date, today - timedelta(days=20))
    removed = office.remove_beneficiary(number, child.id, "Rattachée à l'autre parent", when)
    assert removed.effective_date == when
    assert office.change_requests(number)[0].effective_date == when
    clock.advance(5)
    after = next(b for b in office.beneficiaries(number) if b.id == child.id)
    assert after.close_date == when  # not the day it was done
    coverage = next(c for c in office.contract(number).coverages if c.beneficiary_id == child.id)
    assert coverage.end == when
    undated = office.set_paperless(number, True)
    assert undated.effective_date is None


def test_a_removal_dated_ahead_leaves_the_card_on_that_day(
    dataset: Dataset, office: BackOffice, clock: Clock
) -> None:
    number = _individual_family(dataset)
    child = next(b for b in office.beneficiaries(number) if b.quality == "06" and not b.close_date)
    when = START.date() + timedelta(days=10)
    office.remove_beneficiary(number, child.id, "Rattachée à l'autre parent", when)
    clock.advance(5)  # done today: still covered, still on the card until then
    assert child.id in office.tp_card(number).beneficiary_ids
    clock.advance(10 * 24 * 60)
    assert child.id not in office.tp_card(number).beneficiary_ids


def test_replies_go_into_the_members_own_thread(office: BackOffice, clock: Clock) -> None:
    number, other = office.member_numbers(2)
    first = office.send_message(number, subject="Question", body="Bonjour", attachments=())
    clock.advance(1)
    reply = office.send_message(
        number, subject="Re: Question", body="Précision", attachments=(), thread_id=first.thread_id
    )
    assert reply.thread_id == first.thread_id and reply.id != first.id
    thread = [m for m in office.messages(number) if m.thread_id == first.thread_id]
    assert [m.direction for m in thread] == ["to_member", "from_member"] * 2
    assert thread[1] == reply
    before = office.messages(other)
    for foreign in (first.thread_id, "T-nope"):
        with pytest.raises(BusinessError) as refused:
            office.send_message(other, subject="x", body="y", attachments=(), thread_id=foreign)
        assert refused.value.code == "UNKNOWN_THREAD"
    assert office.messages(other) == before


def test_beneficiary_refusals(dataset: Dataset, office: BackOffice) -> None:
    number = _individual_family(dataset)
    cases: list[tuple[Callable[[], object], str]] = [
        (lambda: office.remove_beneficiary(number, f"{number}-01", "x"), "MAIN_BENEFICIARY"),
        (lambda: office.remove_beneficiary(number, f"{number}-99", "x"), "UNKNOWN_BENEFICIARY"),
        (
            lambda: office.add_beneficiary(
                number,
                last_name="T",
                first_name="L",
                birth_date=date(2099, 1, 1),
                quality="06",
                regime="01",
                nir=None,
                attachment=RIB,
            ),
            "INVALID_REQUEST",
        ),
        (
            lambda: office.add_beneficiary(
                number,
                last_name="T",
                first_name="L",
                birth_date=date(1990, 1, 1),
                quality="02",
                regime="01",
                nir="190017510012345",
                attachment=RIB,
            ),
            "INVALID_REQUEST",
        ),
        (
            lambda: office.add_beneficiary(
                number,
                last_name="T",
                first_name="L",
                birth_date=date(1990, 1, 1),
                quality="00",
                regime="01",
                nir=None,
                attachment=RIB,
            ),
            "INVALID_REQUEST",
        ),
    ]
    for attempt, code in cases:
        with pytest.raises(BusinessError) as refused:
            attempt()
        assert refused.value.code == code


def test_card_reissue_messages_and_follow_up(office: BackOffice, clock: Clock) -> None:
    number = office.member_numbers(1)[0]
    letters = len(office.letters(number, None, None, "tp_card"))
    request = office.reissue_tp_card(number)
    assert request.kind == "tp_card_reissue" and request.status == "received"
    clock.advance(6)
    reissued = office.letters(number, None, None, "tp_card")
    assert len(reissued) == letters + 1 and reissued[0].date == clock.now.date()
    assert office.letter_pdf(number, reissued[0].id).startswith(b"%PDF")
    before = office.messages(number)
    sent = office.send_message(number, subject="Remboursement", body="Bonjour", attachments=(RIB,))
    thread = [m for m in office.messages(number) if m.thread_id == sent.thread_id]
    assert [m.direction for m in thread] == ["to_member", "from_member"]
    assert thread[1] == sent and sent.attachments == (RIB,)
    assert len(office.messages(number)) == len(before) + 2
    with pytest.raises(BusinessError) as refused:
        office.send_message(number, subject=" ", body="x", attachments=())
    assert refused.value.code == "INVALID_REQUEST"
    second = office.set_paperless(number, True)
    assert [r.id for r in office.change_requests(number)] == [second.id, request.id]
    with pytest.raises(BusinessError) as refused:
        office.change_request(number, "DEM-AZUR-999999")
    assert refused.value.code == "INVALID_REQUEST"


def test_reset_brings_back_the_generated_data(dataset: Dataset, office: BackOffice) -> None:
    number = _individual_family(dataset)
    original = office.member(number)
    first = office.update_contact(number, email="x@example.com", phone_mobile=None, phone_home=None)
    office.send_message(number, subject="Objet", body="Texte", attachments=())
    office.reset()
    assert office.member(number) == original == dataset.member_file("azur", number).member
    assert office.change_requests(number) == ()
    assert office.messages(number) == dataset.member_file("azur", number).messages
    again = office.update_contact(number, email="y@example.com", phone_mobile=None, phone_home=None)
    assert again.id == first.id  # request numbers start again

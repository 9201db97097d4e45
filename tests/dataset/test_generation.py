"""Generated members: valid identifiers, balanced reimbursement lines, realistic families."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest
from schwifty import IBAN
from stdnum import ean
from stdnum.fr import nir

from sandbox.dataset.arithmetic import gross_ro
from sandbox.dataset.banks import BANKS
from sandbox.dataset.generator import Dataset, MemberFile
from sandbox.dataset.records import Payment
from sandbox.dataset.rng import age_on
from tests.dataset.conftest import AS_OF

PAYMENT_SAMPLE = 100  # members per tenant whose payments are checked line by line
CATEGORIES = {
    "consultation",
    "specialiste",
    "pharmacie",
    "auxiliaires",
    "dentaire",
    "optique",
    "audio",
    "hospitalisation",
    "forfait_journalier",
}
ACT_CODES = {
    "NGAP": re.compile(r"^[A-Z]{1,5}( \d+)?$"),
    "CCAM": re.compile(r"^[A-Z]{4}\d{3}$"),
    "NABM": re.compile(r"^\d{4}$"),
    "LPP": re.compile(r"^\d{7}$"),
    "CIP13": re.compile(r"^3400\d{9}$"),
    "FORFAIT": re.compile(r"^FJ$"),
}
Paid = list[tuple[MemberFile, tuple[Payment, ...]]]


@pytest.fixture(scope="module")
def files(dataset: Dataset) -> list[MemberFile]:
    return [
        dataset.member_file(t.id, n)
        for t in dataset.tenants
        for n in dataset.member_numbers(t.id, 500)
    ]


@pytest.fixture(scope="module")
def paid(dataset: Dataset) -> Paid:
    return [
        (dataset.member_file(t.id, n), dataset.payments(t.id, n))
        for t in dataset.tenants
        for n in dataset.member_numbers(t.id, PAYMENT_SAMPLE)
    ]


def test_member_numbers_follow_the_tenant_prefix(dataset: Dataset) -> None:
    assert dataset.member_numbers("azur", 3) == ["10000001", "10000002", "10000003"]
    assert dataset.member_numbers("bocage", 1) == ["20000001"]
    assert dataset.member_numbers("cevennes", 10_000)[-1] == "30000500"
    assert dataset.index_of("azur", "20000001") is None
    assert dataset.index_of("azur", "10000501") is None
    with pytest.raises(KeyError):
        dataset.member_file("azur", "10000000")


def test_every_line_balances_in_integer_cents(paid: Paid) -> None:
    lines = 0
    for _, payments in paid:
        assert len({p.id for p in payments}) == len(payments)
        assert [p.date for p in payments] == sorted((p.date for p in payments), reverse=True)
        for payment in payments:
            assert AS_OF - timedelta(days=745) <= payment.date <= AS_OF
            assert 1 <= len(payment.lines) <= 6
            assert payment.total_cents == sum(x.rc_cents for x in payment.lines)
            for line in payment.lines:
                lines += 1
                money = (
                    line.billed_cents,
                    line.base_cents,
                    line.ro_cents,
                    line.rc_cents,
                    line.other_cents,
                    line.rest_cents,
                    line.participation_cents,
                    line.franchise_cents,
                )
                assert all(type(m) is int and m >= 0 for m in money), line
                assert line.billed_cents == (
                    line.ro_cents + line.rc_cents + line.other_cents + line.rest_cents
                ), line
                gross = min(gross_ro(line.base_cents, line.amo_rate), line.billed_cents)
                assert line.ro_cents + line.participation_cents + line.franchise_cents == gross
                assert line.rest_cents >= line.participation_cents + line.franchise_cents
                assert line.care_start <= line.care_end < payment.date
                assert line.payment_id == payment.id and line.id.startswith(payment.id + "-")
    assert lines > 5_000


def test_deductibles_follow_the_rules(paid: Paid) -> None:
    per_year: Counter[tuple[str, int]] = Counter()
    per_day: Counter[tuple[str, date, str | None]] = Counter()
    franchises: Counter[tuple[str, int]] = Counter()
    for file, payments in paid:
        births = {b.id: b.birth_date for b in file.beneficiaries}
        for line in (x for p in payments for x in p.lines):
            minor = age_on(births[line.beneficiary_id], line.care_start) < 18
            if minor:
                assert line.participation_cents == 0 and line.franchise_cents == 0
            assert line.participation_cents <= 200
            per_year[(line.beneficiary_id, line.care_start.year)] += line.participation_cents
            per_day[(line.beneficiary_id, line.care_start, line.professional_id)] += (
                line.participation_cents
            )
            franchises[(line.beneficiary_id, line.care_start.year)] += line.franchise_cents
            if line.act_system == "CIP13" and not minor:
                assert line.franchise_cents <= 100 * line.quantity
    assert max(per_year.values()) <= 5000 and max(franchises.values()) <= 5000
    assert max(per_day.values()) <= 400
    assert max(per_year.values()) > 2000  # the caps are reached by some


def test_acts_codes_and_categories(paid: Paid, dataset: Dataset) -> None:
    systems: Counter[str] = Counter()
    confidential = total = 0
    for _, payments in paid:
        for payment in payments:
            if payment.recipient_kind == "professional":
                assert payment.recipient_id is not None
                assert dataset.professional(payment.recipient_id) is not None
            else:
                assert payment.recipient_id is None
            for line in payment.lines:
                total += 1
                confidential += line.confidential
                systems[line.act_system] += 1
                assert ACT_CODES[line.act_system].match(line.act_code), line.act_code
                assert line.category in CATEGORIES
                if line.act_system == "CIP13":
                    assert ean.is_valid(line.act_code)
                assert line.professional_id and dataset.professional(line.professional_id)
    assert set(systems) == set(ACT_CODES)
    assert 0 < confidential < total * 0.03


def test_some_members_have_many_payments_and_some_few(paid: Paid) -> None:
    counts = sorted(len(payments) for _, payments in paid)
    assert counts[0] <= 10 and counts[-1] >= 150
    families = [len(p) for f, p in paid if len(f.beneficiaries) >= 4]
    assert 3 * 24 <= sum(families) / len(families) <= 8 * 24


def test_identifiers_are_valid(files: list[MemberFile]) -> None:
    bank_bics = {b.code: b.bic for b in BANKS}
    for file in files:
        member = file.member
        assert member.nir == file.beneficiaries[0].nir
        for person in file.beneficiaries:
            if person.nir is None:
                assert person.quality == "06"
                continue
            assert nir.is_valid(person.nir), person
            assert person.nir[0] == person.sex
            assert person.nir[1:3] == f"{person.birth_date.year % 100:02d}"
            assert person.nir[3:5] == f"{person.birth_date.month:02d}"
        assert member.bank_accounts and member.bank_accounts[0].purpose == "reimbursement"
        for account in member.bank_accounts:
            iban = IBAN(account.iban, validate_bban=True)
            assert bank_bics[iban.bank_code] == account.bic
        assert re.fullmatch(r"[a-z0-9.\-]+@example\.(fr|com|org|net)", member.email)
        for phone in (member.phone_mobile, member.phone_home):
            assert phone is None or re.fullmatch(r"0[1-7]\d{8}", phone)
        assert member.phone_mobile is None or member.phone_mobile.startswith(("06", "07"))
    corsica = [f for f in files if f.member.nir[5:7] in ("2A", "2B")]
    assert corsica  # NIR keys of people born in Corsica


def test_families_are_realistic(files: list[MemberFile]) -> None:
    qualities: Counter[str] = Counter()
    twins = closed = autonomous = 0
    for file in files:
        people = file.beneficiaries
        assert [b.id for b in people] == [
            f"{file.member.number}-{i:02d}" for i in range(1, len(people) + 1)
        ]
        assert people[0].quality == "00" and all(b.quality != "00" for b in people[1:])
        qualities.update(b.quality for b in people)
        children = defaultdict(list)
        for b in people:
            if b.quality == "06":
                children[b.birth_date].append(b.birth_rank)
            assert b.close_date is None or b.close_date > b.open_date
            closed += b.close_date is not None
            if b.autonomous:
                autonomous += 1
                assert b.nir is not None and age_on(b.birth_date, AS_OF) >= 18
        twins += sum(1 for ranks in children.values() if sorted(ranks) == ["01", "02"])
    assert {"00", "02", "04", "06"} <= set(qualities)
    assert twins >= 3 and closed >= 20 and autonomous >= 20


def test_contracts_premiums_and_coverages(files: list[MemberFile]) -> None:
    kinds = Counter(f.contract.kind for f in files)
    assert 0.15 < kinds["collective"] / len(files) < 0.35
    for file in files:
        contract, premium = file.contract, file.premium
        assert (contract.kind == "collective") == (contract.employer is not None)
        assert {c.beneficiary_id for c in contract.coverages} == {b.id for b in file.beneficiaries}
        for coverage in contract.coverages:
            assert coverage.end is None or coverage.start <= coverage.end
            assert {g.kind for g in coverage.guarantees} == {"percent_br", "flat", "sante_100"}
        if contract.kind == "collective":
            assert premium.method == "payroll"
        assert (premium.method == "direct_debit") == any(
            a.purpose == "premium" for a in file.member.bank_accounts
        )
        for instalment in premium.schedule:
            assert (instalment.status == "due") == (instalment.due_date >= AS_OF)
        if contract.status == "open" and contract.effective_date < AS_OF - timedelta(days=400):
            months = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}
            step = months[premium.frequency]
            assert len(premium.schedule) in (24 // step, 24 // step + 1)
            assert all(i.amount_cents * 12 == premium.annual_cents * step for i in premium.schedule)


def test_correspondence(files: list[MemberFile], dataset: Dataset) -> None:
    letter_types: Counter[str] = Counter()
    for file in files:
        assert len({x.id for x in file.letters}) == len(file.letters)
        assert all(AS_OF - timedelta(days=731) <= x.date <= AS_OF for x in file.letters)
        letter_types.update(x.type for x in file.letters)
        card = file.tp_card
        assert card.amc_number == file.tenant.amc_number
        assert {"PHAR", "OPTI", "DENT", "HOSP"} <= {d for d, _ in card.domains}
        for quote in file.quotes:
            assert 0 <= quote.covered_cents <= quote.billed_cents
        threads = {m.thread_id for m in file.messages}
        assert all(t.startswith(f"T{file.member.number}-") for t in threads)
    assert set(letter_types) == {
        "premium_call",
        "benefit_statement",
        "attestation",
        "tp_card",
        "welcome",
        "information",
    }
    assert sum(1 for f in files if f.quotes) > 100
    assert sum(1 for f in files if f.messages) > 100
    kinds = {d.kind for d in dataset.useful_documents("azur", files[0].contract.offer_code)}
    assert kinds == {"statutes", "sepa_mandate", "guide", "notice", "benefits_table"}

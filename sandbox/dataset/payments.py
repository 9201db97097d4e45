"""Reimbursements (remboursements / décomptes) of a family over the 24 months before as_of.

Care episodes are drawn per beneficiary and month (more for babies and the elderly, and a
per-family activity level so that some members have many payments, some few). Each episode
bills acts of the catalogue (``acts.py``, built in ``episodes.py``); the acts are then priced
in care-date order, so that the participation forfaitaire and franchise caps per
beneficiary, day and year hold, with the arithmetic of ``arithmetic.py``. Bills paid to a
professional (tiers payant) become their own payment; the member's bills paid the same day
are grouped into payments of at most six lines.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta

from sandbox.dataset.arithmetic import LineAmounts, line_amounts
from sandbox.dataset.deductibles import Deductibles
from sandbox.dataset.episodes import Bill, Episodes, LineDraft
from sandbox.dataset.professionals import Directory
from sandbox.dataset.records import (
    Beneficiary,
    Contract,
    Coverage,
    Member,
    Payment,
    PaymentLine,
)
from sandbox.dataset.rng import add_months, age_on, chance

WINDOW_DAYS = 730
MAX_LINES = 6


@dataclass(frozen=True, slots=True)
class FamilyContext:
    member: Member
    beneficiaries: tuple[Beneficiary, ...]
    contract: Contract
    as_of: date


def _poisson(rng: random.Random, lam: float) -> int:
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _monthly_rate(age: int) -> float:
    for limit, rate in ((3, 1.3), (18, 0.5), (40, 0.55), (60, 0.8), (75, 1.2)):
        if age < limit:
            return rate
    return 1.6


def _business_day(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7) if day.weekday() >= 5 else day


def generate(
    rng: random.Random, family: FamilyContext, directory: Directory
) -> tuple[Payment, ...]:
    """The family's payments, newest first."""
    as_of = family.as_of
    window_start = as_of - timedelta(days=WINDOW_DAYS)
    activity = min(3.0, max(0.2, math.exp(rng.gauss(0.0, 0.55))))
    other_percent = rng.choice((50, 100)) if chance(rng, 0.06) else 0
    by_cheque = chance(rng, 0.02)
    episodes = Episodes(rng, directory, family.member.address.insee[:2])
    coverages = {c.beneficiary_id: c for c in family.contract.coverages}
    bills: list[Bill] = []
    for beneficiary in family.beneficiaries:
        coverage = coverages.get(beneficiary.id)
        if coverage is None:
            continue
        start = max(coverage.start, window_start, beneficiary.birth_date)
        end = min(coverage.end or as_of, as_of) - timedelta(days=1)
        if start > end:
            continue  # not covered during the window
        month = start.replace(day=1)
        while month <= end:
            first, last = max(month, start), min(add_months(month, 1) - timedelta(days=1), end)
            age = age_on(beneficiary.birth_date, first)
            for _ in range(_poisson(rng, _monthly_rate(age) * activity)):
                day = first + timedelta(days=rng.randint(0, (last - first).days))
                bills.extend(episodes.draw(beneficiary, age, day, end))
            month = add_months(month, 1)
    return _payments(rng, family, bills, coverages, other_percent, by_cheque)


def _payments(
    rng: random.Random,
    family: FamilyContext,
    bills: list[Bill],
    coverages: dict[str, Coverage],
    other_percent: int,
    by_cheque: bool,
) -> tuple[Payment, ...]:
    as_of = family.as_of
    deductibles = Deductibles()
    births = {b.id: b.birth_date for b in family.beneficiaries}
    guarantees = {(c.beneficiary_id, g.code): g for c in coverages.values() for g in c.guarantees}
    # Price acts in care order so that daily and yearly caps apply as a CPAM would.
    bills.sort(key=lambda bill: (bill.lines[0].start, bill.seq))
    priced: list[tuple[date, Bill, list[_Priced]]] = []
    for bill in bills:
        lines: list[_Priced] = []
        pro_id = bill.professional.id
        for draft in bill.lines:
            who, act = draft.beneficiary_id, draft.act
            age = age_on(births[who], draft.start)
            participation = 0
            if act.participation:
                participation = deductibles.participation(who, draft.start, pro_id, age)
            franchise = deductibles.franchise(
                who, draft.start, act.franchise_cents * draft.quantity, age
            )
            guarantee = guarantees[(who, act.guarantee)]
            amounts = line_amounts(
                guarantee=guarantee,
                billed=draft.unit_billed * draft.quantity,
                base=act.base_cents * draft.quantity,
                amo_rate=act.amo_rate,
                quantity=draft.quantity,
                participation=participation,
                franchise=franchise,
                other_percent=other_percent,
            )
            deductibles.refund(
                who,
                draft.start,
                pro_id,
                participation - amounts.participation_cents,
                franchise - amounts.franchise_cents,
            )
            confidential = act.confidential or chance(rng, 0.002)
            lines.append(_Priced(draft, amounts, guarantee.category, confidential))
        care_end = max(line.draft.end for line in lines)
        delay = rng.randint(2, 6) if bill.third_party else rng.randint(3, 10)
        paid_on = _business_day(care_end + timedelta(days=delay))
        if paid_on <= as_of:
            priced.append((paid_on, bill, lines))
    return _assemble(family, priced, by_cheque)


@dataclass(frozen=True, slots=True)
class _Priced:
    draft: LineDraft
    amounts: LineAmounts
    category: str
    confidential: bool


def _assemble(
    family: FamilyContext, priced: list[tuple[date, Bill, list[_Priced]]], by_cheque: bool
) -> tuple[Payment, ...]:
    member = family.member
    # (date, order, recipient professional's bill or None, lines with their biller)
    groups: list[tuple[date, int, Bill | None, list[tuple[_Priced, Bill]]]] = []
    to_member: dict[date, list[tuple[_Priced, Bill]]] = {}
    for paid_on, bill, lines in priced:
        if bill.third_party:
            groups.append((paid_on, bill.seq, bill, [(line, bill) for line in lines]))
        else:
            to_member.setdefault(paid_on, []).extend((line, bill) for line in lines)
    for paid_on, member_lines in to_member.items():
        for start in range(0, len(member_lines), MAX_LINES):
            chunk = member_lines[start : start + MAX_LINES]
            groups.append((paid_on, -1 - start, None, chunk))
    groups.sort(key=lambda group: (group[0], group[3][0][0].draft.start, group[1]))
    found: list[Payment] = []
    member_name = f"{member.first_name} {member.last_name}"
    for position, (paid_on, _, paid_to, chunk) in enumerate(groups, start=1):
        payment_id = f"R{member.number}-{position:04d}"
        numbered = tuple(
            _line(line, biller, payment_id, index)
            for index, (line, biller) in enumerate(chunk, start=1)
        )
        found.append(
            Payment(
                id=payment_id,
                member_number=member.number,
                date=paid_on,
                method="cheque" if by_cheque and paid_to is None else "transfer",
                recipient_kind="professional" if paid_to is not None else "member",
                recipient_name=paid_to.professional.name if paid_to is not None else member_name,
                recipient_id=paid_to.professional.id if paid_to is not None else None,
                total_cents=sum(line.rc_cents for line in numbered),
                lines=numbered,
            )
        )
    found.reverse()
    return tuple(found)


def _line(priced: _Priced, biller: Bill, payment_id: str, index: int) -> PaymentLine:
    draft, amounts, act = priced.draft, priced.amounts, priced.draft.act
    return PaymentLine(
        id=f"{payment_id}-{index}",
        payment_id=payment_id,
        beneficiary_id=draft.beneficiary_id,
        act_system=act.system,  # type: ignore[arg-type]
        act_code=act.code,
        act_label=act.label,
        category=priced.category,
        care_start=draft.start,
        care_end=draft.end,
        quantity=draft.quantity,
        billed_cents=amounts.billed_cents,
        base_cents=amounts.base_cents,
        amo_rate=amounts.amo_rate,
        participation_cents=amounts.participation_cents,
        franchise_cents=amounts.franchise_cents,
        ro_cents=amounts.ro_cents,
        rc_cents=amounts.rc_cents,
        other_cents=amounts.other_cents,
        rest_cents=amounts.rest_cents,
        professional_id=biller.professional.id,
        professional_name=biller.professional.name,
        confidential=priced.confidential,
    )

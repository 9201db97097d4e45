"""Contracts, coverages per beneficiary, premiums and bank accounts of a family.

About a quarter of contracts are collective (through an employer: premiums by payroll,
changes through the employer); a few are closed. The premium is priced per beneficiary by
age bracket, and its schedule runs from 12 months before ``as_of`` to 12 months after.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from sandbox.dataset import names
from sandbox.dataset.banks import make_iban, pick_bank
from sandbox.dataset.families import Family
from sandbox.dataset.offers import LEVELS, Offer, age_factor_percent, offers
from sandbox.dataset.records import (
    BankAccount,
    Beneficiary,
    Contract,
    Coverage,
    Member,
    Premium,
    PremiumInstalment,
)
from sandbox.dataset.rng import add_months, age_on, chance, day_between, weighted

PERIOD_MONTHS = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}
EMPLOYER_SHARE_PERCENT = 50  # collective contracts: the employer pays half


def choose_offer(rng: random.Random, tenant_id: str, family: Family, as_of: date) -> Offer:
    working_age = age_on(family.member.birth_date, as_of) < 62
    collective = working_age and chance(rng, 0.33)
    level = weighted(rng, ((LEVELS[0], 35.0), (LEVELS[1], 45.0), (LEVELS[2], 20.0)))
    return next(o for o in offers(tenant_id) if o.level == level and o.collective == collective)


def contract(
    rng: random.Random, tenant_id: str, family: Family, as_of: date
) -> tuple[Contract, tuple[Beneficiary, ...]]:
    """The contract and the beneficiaries (closed with it when the contract is closed)."""
    offer = choose_offer(rng, tenant_id, family, as_of)
    effective = family.effective_date
    termination = None
    beneficiaries = family.beneficiaries
    if chance(rng, 0.03) and effective < as_of - timedelta(days=120):
        termination = day_between(rng, as_of - timedelta(days=300), as_of - timedelta(days=10))
        termination = max(termination, effective + timedelta(days=60))
        beneficiaries = tuple(
            b
            if b.close_date is not None and b.close_date <= termination
            else replace(b, close_date=termination, autonomous=False)
            for b in beneficiaries
        )
    coverages = tuple(
        Coverage(
            beneficiary_id=b.id,
            offer_code=offer.code,
            start=max(effective, b.open_date),
            end=b.close_date,
            guarantees=offer.guarantees,
        )
        for b in beneficiaries
    )
    number = family.member.number
    return (
        Contract(
            number=f"CT{number}",
            member_number=number,
            offer_code=offer.code,
            offer_label=offer.label,
            status="closed" if termination else "open",
            kind="collective" if offer.collective else "individual",
            employer=rng.choice(names.EMPLOYERS) if offer.collective else None,
            subscription_date=effective - timedelta(days=rng.randint(5, 45)),
            effective_date=effective,
            termination_date=termination,
            coverages=coverages,
        ),
        beneficiaries,
    )


def monthly_price(offer: Offer, beneficiaries: tuple[Beneficiary, ...], on: date) -> int:
    """The family's monthly cotisation in cents on ``on`` (third child onwards free)."""
    total, children = 0, 0
    for b in beneficiaries:
        if b.open_date > on or (b.close_date is not None and b.close_date <= on):
            continue
        if b.quality == "06":
            children += 1
            if children > 2:
                continue
        age = max(0, age_on(b.birth_date, on))
        total += offer.level.adult_monthly_cents * age_factor_percent(age) // 100
    if offer.collective:
        total = total * (100 - EMPLOYER_SHARE_PERCENT) // 100
    return total


def premium(
    rng: random.Random,
    agreement: Contract,
    offer: Offer,
    beneficiaries: tuple[Beneficiary, ...],
    as_of: date,
) -> Premium:
    if offer.collective:
        method, frequency = "payroll", "monthly"
    elif chance(rng, 0.85):
        method = "direct_debit"
        frequency = weighted(rng, (("monthly", 80.0), ("quarterly", 15.0), ("half_yearly", 5.0)))
    else:
        method = "cheque"
        frequency = weighted(rng, (("quarterly", 50.0), ("half_yearly", 25.0), ("yearly", 25.0)))
    priced_on = (
        agreement.termination_date - timedelta(days=1) if agreement.termination_date else as_of
    )
    monthly = monthly_price(offer, beneficiaries, priced_on)
    months = PERIOD_MONTHS[frequency]
    schedule: list[PremiumInstalment] = []
    first = add_months(date(as_of.year, 1, 5), -24)
    for step in range(0, 12 * 4, months):
        due = add_months(first, step)
        if due < add_months(as_of, -12) or due > add_months(as_of, 12):
            continue
        if due < agreement.effective_date.replace(day=1):
            continue
        if agreement.termination_date is not None and due >= agreement.termination_date:
            continue
        if due < as_of:
            rejected = method == "direct_debit" and chance(rng, 0.02)
            status = "rejected" if rejected else "paid"
        else:
            status = "due"
        schedule.append(PremiumInstalment(due, monthly * months, status))  # type: ignore[arg-type]
    return Premium(
        contract_number=agreement.number,
        method=method,  # type: ignore[arg-type]
        frequency=frequency,  # type: ignore[arg-type]
        annual_cents=monthly * 12,
        schedule=tuple(schedule),
    )


def bank_accounts(rng: random.Random, member: Member, method: str) -> tuple[BankAccount, ...]:
    """The reimbursement account, and the premium account for direct debits."""
    title = "M." if member.civility == "M" else "Mme"
    holder = f"{title} {member.first_name} {member.last_name.upper()}"
    bank = pick_bank(rng)
    iban = make_iban(rng, bank)
    accounts = [BankAccount("reimbursement", holder, iban, bank.bic, bank.name)]
    if method == "direct_debit":
        if chance(rng, 0.25):
            bank = pick_bank(rng)
            iban = make_iban(rng, bank)
            holder = f"M. ou Mme {member.last_name.upper()}"
        accounts.append(BankAccount("premium", holder, iban, bank.bic, bank.name))
    return tuple(accounts)

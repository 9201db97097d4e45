"""Members and their families: the adhérent, spouse or partner, children (twins included).

A family is drawn from the member's own random generator: its composition (single,
couple, family, single parent, retired couple), ages, names, birth places (for the NIR),
the town it lives in (mostly around the mutuelle's seat), and which beneficiaries joined
or left (a grown-up child radiated at 26, a former spouse after a divorce).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sandbox.dataset import identifiers, names
from sandbox.dataset.records import Address, Beneficiary, Member, Tenant, Town
from sandbox.dataset.rng import add_months, age_on, chance, day_between, weighted
from sandbox.dataset.tenants import HOME_DEPARTMENTS
from sandbox.dataset.towns import town_weights, towns

_REGIMES = (
    ("01", 80.0),
    ("02", 6.0),
    ("03", 5.0),
    ("91", 3.0),
    ("04", 2.0),
    ("05", 1.0),
    ("08", 1.0),
    ("99", 2.0),
)
_COMPOSITIONS = (
    ("single", 28.0),
    ("couple", 20.0),
    ("family", 34.0),
    ("single_parent", 10.0),
    ("retired", 8.0),
)
_AGES = {
    "single": (20, 85),
    "couple": (24, 60),
    "family": (27, 58),
    "single_parent": (25, 55),
    "retired": (62, 85),
}
CHILD_LIMIT_AGE = 26  # children are covered until their 26th birthday


@dataclass(frozen=True, slots=True)
class Family:
    member: Member  # bank accounts are filled in later (they depend on the premium method)
    beneficiaries: tuple[Beneficiary, ...]
    town: Town
    effective_date: date  # the contract's start


@dataclass(frozen=True, slots=True)
class _Person:
    sex: str
    first: str
    last: str
    birth: date
    nir: str


def _town(rng: random.Random, tenant_id: str) -> Town:
    all_towns, weights = towns(), town_weights()
    home = HOME_DEPARTMENTS[tenant_id]
    if chance(rng, 0.7):
        local = [(t, w) for t, w in zip(all_towns, weights, strict=True) if t.department in home]
        return weighted(rng, local)
    return rng.choices(all_towns, weights=weights)[0]


def _birth(rng: random.Random, as_of: date, age_min: int, age_max: int) -> date:
    latest = date(as_of.year - age_min, as_of.month, 1) - timedelta(days=1)
    earliest = date(as_of.year - age_max - 1, as_of.month, 1)
    return day_between(rng, earliest, latest)


def _person(rng: random.Random, sex: str, birth: date, last: str, home: Town) -> _Person:
    # Most people were born in their region; the others anywhere in the table.
    place = home if chance(rng, 0.45) else rng.choices(towns(), weights=town_weights())[0]
    nir = identifiers.nir(rng, sex, birth, place.insee[:2], place.insee[2:])
    return _Person(sex, names.first_name(rng, sex, birth.year), last, birth, nir)


def generate(rng: random.Random, tenant: Tenant, number: str, as_of: date) -> Family:
    """The member and beneficiaries of member ``number`` (bank accounts left empty)."""
    home = _town(rng, tenant.id)
    composition = weighted(rng, _COMPOSITIONS)
    age_min, age_max = _AGES[composition]
    sex = rng.choice("12")
    last = names.last_name(rng)
    main = _person(rng, sex, _birth(rng, as_of, age_min, age_max), last, home)
    # Tenure: most members joined years ago, some recently (then they have few payments).
    if chance(rng, 0.12):
        effective = day_between(rng, as_of - timedelta(days=700), as_of - timedelta(days=20))
    else:
        adult_at = date(main.birth.year + 20, 1, 1)
        effective = day_between(
            rng, max(adult_at, as_of - timedelta(days=30 * 365)), as_of - timedelta(days=730)
        )
    effective = effective.replace(day=1)
    regime = weighted(rng, _REGIMES)
    people: list[tuple[_Person, str, str, str | None, date, date | None, bool]] = []
    # (person, quality, birth_rank, regime override, open, close, autonomous)
    situation = rng.choice("CCDV") if composition in ("single", "single_parent") else "C"
    if composition in ("couple", "family", "retired"):
        situation = weighted(rng, (("M", 55.0), ("P", 20.0), ("U", 25.0)))
        partner_sex = sex if chance(rng, 0.05) else ("2" if sex == "1" else "1")
        partner_last = last if situation == "M" and chance(rng, 0.7) else names.last_name(rng)
        partner_birth = main.birth + timedelta(days=rng.randint(-6 * 365, 6 * 365))
        partner_birth = min(partner_birth, as_of - timedelta(days=19 * 365))
        partner = _person(rng, partner_sex, partner_birth, partner_last, home)
        joined = effective if chance(rng, 0.8) else day_between(rng, effective, as_of)
        partner_regime = weighted(rng, _REGIMES) if chance(rng, 0.2) else None
        quality = "04" if situation == "U" else "02"
        people.append((partner, quality, "01", partner_regime, joined, None, chance(rng, 0.15)))
    elif situation == "D" and chance(rng, 0.4) and effective + timedelta(days=230) < as_of:
        # A former spouse, radiated after the divorce: a closed beneficiary.
        ex_birth = main.birth + timedelta(days=rng.randint(-5 * 365, 5 * 365))
        ex = _person(rng, "2" if sex == "1" else "1", ex_birth, last, home)
        left = day_between(rng, effective + timedelta(days=200), as_of - timedelta(days=30))
        people.append((ex, "02", "01", None, effective, left, False))
    if composition in ("family", "single_parent"):
        people.extend(_children(rng, main, last, home, effective, as_of))
    beneficiaries = [
        Beneficiary(
            id=f"{number}-01",
            member_number=number,
            last_name=main.last,
            first_name=main.first,
            birth_date=main.birth,
            sex=main.sex,  # type: ignore[arg-type]
            quality="00",
            birth_rank="01",
            regime=regime,
            nir=main.nir,
            open_date=effective,
            close_date=None,
            autonomous=False,
        )
    ]
    for position, (person, quality, rank, own_regime, opened, closed, autonomous) in enumerate(
        people, start=2
    ):
        adult = age_on(person.birth, as_of) >= 18
        beneficiaries.append(
            Beneficiary(
                id=f"{number}-{position:02d}",
                member_number=number,
                last_name=person.last,
                first_name=person.first,
                birth_date=person.birth,
                sex=person.sex,  # type: ignore[arg-type]
                quality=quality,  # type: ignore[arg-type]
                birth_rank=rank,
                regime=own_regime or regime,
                nir=person.nir if adult or quality != "06" else None,
                open_date=opened,
                close_date=closed,
                autonomous=autonomous and adult,
            )
        )
    member = _member(rng, tenant, number, main, home, situation, as_of)
    return Family(member, tuple(beneficiaries), home, effective)


def _children(
    rng: random.Random, main: _Person, last: str, home: Town, effective: date, as_of: date
) -> list[tuple[_Person, str, str, str | None, date, date | None, bool]]:
    count = weighted(rng, ((1, 35.0), (2, 40.0), (3, 18.0), (4, 7.0)))
    twins_at = rng.randrange(count) if chance(rng, 0.06) else -1
    found: list[tuple[_Person, str, str, str | None, date, date | None, bool]] = []
    for i in range(count):
        earliest = date(main.birth.year + 22, 1, 1)
        latest = min(date(main.birth.year + 43, 12, 31), as_of - timedelta(days=20))
        birth = day_between(rng, earliest, latest)
        births = [birth, birth] if i == twins_at else [birth]
        for rank, child_birth in enumerate(births, start=1):
            child = _person(rng, rng.choice("12"), child_birth, last, home)
            opened = max(effective, child_birth)
            limit = date(child_birth.year + CHILD_LIMIT_AGE, child_birth.month, 1)
            limit = add_months(limit, 1)
            if limit <= effective:
                continue  # grown up before the contract started: never a beneficiary
            closed = limit if limit <= as_of else None
            adult = age_on(child_birth, as_of) >= 18
            autonomous = adult and closed is None and chance(rng, 0.5)
            found.append((child, "06", f"{rank:02d}", None, opened, closed, autonomous))
    return found


def _member(
    rng: random.Random,
    tenant: Tenant,
    number: str,
    main: _Person,
    home: Town,
    situation: str,
    as_of: date,
) -> Member:
    mobile = identifiers.mobile(rng) if chance(rng, 0.85) else None
    landline = identifiers.landline(rng, home.department) if chance(rng, 0.35) else None
    if mobile is None and landline is None:
        mobile = identifiers.mobile(rng)
    address = Address(
        line1=f"{rng.randint(1, 180)} {rng.choice(names.STREETS)}",
        line2=rng.choice(names.LINE2) if chance(rng, 0.2) else None,
        postcode=home.postcode,
        town=home.name,
        insee=home.insee,
        lat=round(home.lat + rng.uniform(-0.01, 0.01), 6),
        lon=round(home.lon + rng.uniform(-0.01, 0.01), 6),
    )
    last_login = None
    if chance(rng, 0.8):
        day = as_of - timedelta(days=rng.randint(0, 90))
        moment = time(rng.randint(7, 22), rng.randint(0, 59), rng.randint(0, 59))
        last_login = datetime.combine(day, moment, tzinfo=UTC)
    return Member(
        tenant=tenant.id,
        number=number,
        civility="M" if main.sex == "1" else "MME",
        last_name=main.last,
        first_name=main.first,
        birth_date=main.birth,
        nir=main.nir,
        email=names.email(rng, main.first, main.last),
        phone_mobile=mobile,
        phone_home=landline,
        address=address,
        family_situation=situation,  # type: ignore[arg-type]
        last_login=last_login,
        paperless=chance(rng, 0.55),
        notifications=chance(rng, 0.6),
        bank_accounts=(),
    )

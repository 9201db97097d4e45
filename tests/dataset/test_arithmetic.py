"""The reimbursement arithmetic of DOMAIN.md, on its worked examples and on any input."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sandbox.dataset.arithmetic import line_amounts
from sandbox.dataset.deductibles import Deductibles
from sandbox.dataset.offers import LEVELS, benefits_table
from sandbox.dataset.records import Guarantee

PCT_100 = Guarantee("CONS_GEN", "Consultation", "consultation", "percent_br", 100, None)
PCT_150 = Guarantee("CONS_SPE", "Spécialiste", "specialiste", "percent_br", 150, None)
SANTE_100 = Guarantee("AUD_100S", "Aide auditive", "audio", "sante_100", None, None)
FORFAIT = Guarantee("FORF_JOUR", "Forfait journalier", "forfait_journalier", "flat", None, 2300)
OPTICS_150 = Guarantee("OPT", "Optique", "optique", "flat", None, 15000)


def test_gp_sector_1_with_100_percent_br() -> None:
    line = line_amounts(guarantee=PCT_100, billed=3000, base=3000, amo_rate=70, participation=200)
    assert (line.ro_cents, line.rc_cents, line.rest_cents) == (1900, 900, 200)
    assert line.participation_cents == 200


def test_sector_2_doctor_with_150_percent_br() -> None:
    line = line_amounts(guarantee=PCT_150, billed=4000, base=3000, amo_rate=70, participation=200)
    assert (line.ro_cents, line.rc_cents, line.rest_cents) == (1900, 1900, 200)


def test_drug_at_65_percent_with_franchise() -> None:
    pharma = Guarantee("PHARMA", "Médicaments", "pharmacie", "percent_br", 100, None)
    line = line_amounts(guarantee=pharma, billed=1000, base=1000, amo_rate=65, franchise=100)
    assert (line.ro_cents, line.rc_cents, line.rest_cents) == (550, 350, 100)
    assert line.franchise_cents == 100


def test_hearing_aid_class_one_is_fully_covered() -> None:
    line = line_amounts(guarantee=SANTE_100, billed=95000, base=40000, amo_rate=60)
    assert (line.ro_cents, line.rc_cents, line.rest_cents) == (24000, 71000, 0)


def test_forfait_journalier_is_covered_by_the_mutuelle() -> None:
    line = line_amounts(guarantee=FORFAIT, billed=3 * 2300, base=0, amo_rate=0, quantity=3)
    assert (line.ro_cents, line.rc_cents, line.rest_cents) == (0, 6900, 0)


def test_flat_optics_amount_is_capped_by_what_is_left() -> None:
    line = line_amounts(guarantee=OPTICS_150, billed=25000, base=5, amo_rate=60)
    assert (line.ro_cents, line.rc_cents, line.rest_cents) == (3, 15000, 9997)
    cheap = line_amounts(guarantee=OPTICS_150, billed=9000, base=5, amo_rate=60)
    assert (cheap.rc_cents, cheap.rest_cents) == (8997, 0)


def test_other_insurer_pays_part_of_the_excess_but_not_the_deductibles() -> None:
    line = line_amounts(
        guarantee=PCT_100,
        billed=6000,
        base=3000,
        amo_rate=70,
        participation=200,
        other_percent=100,
    )
    assert (line.ro_cents, line.rc_cents, line.other_cents, line.rest_cents) == (
        1900,
        900,
        3000,
        200,
    )


def test_deductions_never_exceed_gross_ro() -> None:
    glucose = Guarantee("ANALYSES", "Analyses", "auxiliaires", "percent_br", 100, None)
    line = line_amounts(guarantee=glucose, billed=135, base=135, amo_rate=60, participation=200)
    assert line.participation_cents == 81 and line.ro_cents == 0
    assert line.rc_cents == 54 and line.rest_cents == 81


def test_participation_caps_per_day_professional_and_year() -> None:
    ledger = Deductibles()
    from datetime import date, timedelta

    day = date(2026, 2, 2)
    assert [ledger.participation("b", day, "lab", 40) for _ in range(3)] == [200, 200, 0]
    assert ledger.participation("b", day, "gp", 40) == 200
    assert ledger.participation("child", day, "gp", 10) == 0
    total = sum(ledger.participation("c", day + timedelta(days=i), "gp", 40) for i in range(40))
    assert total == 5000


def test_franchise_yearly_cap_and_minors() -> None:
    from datetime import date

    ledger = Deductibles()
    day = date(2026, 5, 1)
    assert sum(ledger.franchise("b", day, 300, 50) for _ in range(20)) == 5000
    assert ledger.franchise("b", date(2027, 1, 2), 300, 50) == 300
    assert ledger.franchise("kid", day, 300, 12) == 0


_GUARANTEES = [g for level in LEVELS for g in benefits_table(level)]


@given(
    guarantee=st.sampled_from(_GUARANTEES),
    base=st.integers(0, 200_000),
    extra=st.integers(0, 300_000),
    rate=st.sampled_from([0, 15, 30, 60, 65, 70, 80, 100]),
    quantity=st.integers(1, 10),
    participation=st.integers(0, 400),
    franchise=st.integers(0, 1000),
    other=st.sampled_from([0, 50, 100]),
)
def test_every_line_balances_and_nothing_is_negative(
    guarantee: Guarantee,
    base: int,
    extra: int,
    rate: int,
    quantity: int,
    participation: int,
    franchise: int,
    other: int,
) -> None:
    line = line_amounts(
        guarantee=guarantee,
        billed=base + extra,
        base=base,
        amo_rate=rate,
        quantity=quantity,
        participation=participation,
        franchise=franchise,
        other_percent=other,
    )
    parts = (line.ro_cents, line.rc_cents, line.other_cents, line.rest_cents)
    assert sum(parts) == line.billed_cents
    assert min(*parts, line.participation_cents, line.franchise_cents) >= 0
    # The mutuelle never pays the deductibles back.
    assert line.rest_cents >= line.participation_cents + line.franchise_cents

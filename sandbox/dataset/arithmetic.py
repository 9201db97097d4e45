"""The reimbursement arithmetic of DOMAIN.md, in integer cents, as pure functions.

For one act (ligne de décompte):

    gross RO  = BR × AMO rate                     (rounded half up to the cent)
    RO paid   = gross RO − participation − franchise   (deductions never exceed gross RO)
    RC        = per guarantee, on top of gross RO, never covering participation/franchise:
                 "% BR":   max(0, min(billed, rate × BR) − gross RO)
                 flat:     min(flat × quantity, billed − gross RO)
                 100 % Santé: billed − gross RO (the basket's price is capped by law)
    other     = a share of what is still unpaid above gross RO (another insurer)
    rest      = billed − RO − RC − other  (reste à charge, never negative)

so that billed = RO + RC + other + rest for every line.
"""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.dataset.records import Guarantee

PARTICIPATION_CENTS = 200  # participation forfaitaire per doctor act
PARTICIPATION_DAY_CAP = 400  # per day and per professional
PARTICIPATION_YEAR_CAP = 5000
FRANCHISE_DRUG_CENTS = 100  # per box
FRANCHISE_PARAMEDICAL_CENTS = 100  # per act
FRANCHISE_TRANSPORT_CENTS = 400
FRANCHISE_YEAR_CAP = 5000
FORFAIT_JOURNALIER_CENTS = 2300  # hospital daily charge


@dataclass(frozen=True, slots=True)
class LineAmounts:
    """The money columns of one reimbursed act, in cents."""

    billed_cents: int
    base_cents: int
    amo_rate: int
    participation_cents: int
    franchise_cents: int
    ro_cents: int
    rc_cents: int
    other_cents: int
    rest_cents: int


def percent_of(cents: int, percent: int) -> int:
    """``cents × percent / 100`` rounded half up to the cent (amounts are never negative)."""
    return (cents * percent + 50) // 100


def gross_ro(base_cents: int, amo_rate: int) -> int:
    """What the régime obligatoire pays before deductions: BR × AMO rate."""
    return percent_of(base_cents, amo_rate)


def complementary(guarantee: Guarantee, billed: int, base: int, gross: int, quantity: int) -> int:
    """The mutuelle's share (RC) for one act under ``guarantee``; see the module docstring."""
    uncovered = max(0, billed - gross)
    if guarantee.kind == "percent_br":
        ceiling = min(billed, percent_of(base, guarantee.rate_percent or 0))
        return max(0, ceiling - gross)
    if guarantee.kind == "flat":
        return min((guarantee.flat_cents or 0) * quantity, uncovered)
    return uncovered  # 100 % Santé: nothing left to the member above the deductions


def line_amounts(
    *,
    guarantee: Guarantee,
    billed: int,
    base: int,
    amo_rate: int,
    quantity: int = 1,
    participation: int = 0,
    franchise: int = 0,
    other_percent: int = 0,
) -> LineAmounts:
    """All the amounts of one act.

    ``participation`` and ``franchise`` are what is due for the act (after the caps, see
    :class:`~sandbox.dataset.deductibles.Deductibles`); they are cut down so that RO is never
    negative. ``other_percent`` is the share another complementary insurer pays of what is
    still unpaid above gross RO once the mutuelle has paid.
    """
    if billed < 0 or base < 0 or not 0 <= amo_rate <= 100:
        raise ValueError("amounts must be non-negative and the rate a percent")
    gross = min(gross_ro(base, amo_rate), billed)
    participation = min(participation, gross)
    franchise = min(franchise, gross - participation)
    ro = gross - participation - franchise
    rc = min(complementary(guarantee, billed, base, gross, quantity), billed - gross)
    other = percent_of(max(0, billed - gross - rc), other_percent)
    rest = billed - ro - rc - other
    return LineAmounts(
        billed_cents=billed,
        base_cents=base,
        amo_rate=amo_rate,
        participation_cents=participation,
        franchise_cents=franchise,
        ro_cents=ro,
        rc_cents=rc,
        other_cents=other,
        rest_cents=rest,
    )

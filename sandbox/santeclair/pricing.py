"""The reste-à-charge of an estimate line, with the sandbox's reimbursement arithmetic.

For ``quantity`` units billed ``billed`` each, on an act of BR ``base`` each, the parts are
those of ``sandbox.dataset.arithmetic`` (DOMAIN.md), the same the reimbursements use:

    AMO = BR × AMO rate (never more than billed)
    AMC = by the act's guarantee: % of BR → min(billed, BR × rate) − AMO; flat → flat ×
          quantity; 100 % Santé → billed − AMO; no such guarantee → 0 (the forfait
          journalier excepted: every responsible contract pays it in full)
    RAC = billed − AMO − AMC, never negative, so billed = AMO + AMC + RAC on every line.

An estimate leaves out the participation forfaitaire and franchises (none apply to
dental prostheses or hospital stays of this table).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sandbox.dataset.arithmetic import line_amounts
from sandbox.dataset.records import Guarantee
from sandbox.santeclair.tariffs import Act

NOT_COVERED = Guarantee("NONE", "Non couvert par le contrat", "none", "flat", None, 0)
FULLY_COVERED = Guarantee("LEGAL", "Contrat responsable", "none", "sante_100", None, None)


@dataclass(frozen=True, slots=True)
class LineEstimate:
    act: Act
    quantity: int
    billed_cents: int  # for all units
    base_cents: int  # for all units
    amo_cents: int
    amc_cents: int
    rest_cents: int
    guarantee: Guarantee | None  # the beneficiary's guarantee that applied, if any


def estimate_line(
    act: Act, billed_unit_cents: int, quantity: int, guarantees: Mapping[str, Guarantee]
) -> LineEstimate:
    """One line of the estimate, with the beneficiary's guarantees by code."""
    guarantee = guarantees.get(act.guarantee)
    applied = guarantee or (FULLY_COVERED if act.category == "forfait_journalier" else NOT_COVERED)
    amounts = line_amounts(
        guarantee=applied,
        billed=billed_unit_cents * quantity,
        base=act.base_cents * quantity,
        amo_rate=act.amo_rate,
        quantity=quantity,
    )
    return LineEstimate(
        act=act,
        quantity=quantity,
        billed_cents=amounts.billed_cents,
        base_cents=amounts.base_cents,
        amo_cents=amounts.ro_cents,
        amc_cents=amounts.rc_cents,
        rest_cents=amounts.rest_cents,
        guarantee=guarantee,
    )

"""What each done change request does to a member's view (see ``overlay.py``).

Each function returns an effect: a pure function from the current :class:`View`, the day the
change was done and the change itself, to the new view. Effects never touch generated data.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sandbox.dataset.overlay import Change, Effect, View
from sandbox.dataset.records import Address, BankAccount, Beneficiary, Coverage, Guarantee, Letter


def member_fields(**fields: object) -> Effect:
    """Contact details, paperless or notification flags: plain member fields."""

    def apply(view: View, day: date, change: Change) -> View:
        return replace(view, member=replace(view.member, **fields))  # type: ignore[arg-type]

    return apply


def address(new: Address) -> Effect:
    def apply(view: View, day: date, change: Change) -> View:
        return replace(view, member=replace(view.member, address=new))

    return apply


def bank_account(account: BankAccount) -> Effect:
    """Replaces the account of the same purpose (or adds it)."""

    def apply(view: View, day: date, change: Change) -> View:
        others = tuple(a for a in view.member.bank_accounts if a.purpose != account.purpose)
        accounts = tuple(sorted((*others, account), key=lambda a: a.purpose != "reimbursement"))
        return replace(view, member=replace(view.member, bank_accounts=accounts))

    return apply


def add_beneficiary(draft: Beneficiary, guarantees: tuple[Guarantee, ...]) -> Effect:
    """Adds the beneficiary (next 2-digit id) with the contract's guarantees from that day."""

    def apply(view: View, day: date, change: Change) -> View:
        number = view.member.number
        new_id = f"{number}-{len(view.beneficiaries) + 1:02d}"
        twins = [
            b
            for b in view.beneficiaries
            if b.quality == "06" and draft.quality == "06" and b.birth_date == draft.birth_date
        ]
        added = replace(
            draft,
            id=new_id,
            member_number=number,
            open_date=day,
            birth_rank=f"{len(twins) + 1:02d}",
        )
        coverage = Coverage(new_id, view.contract.offer_code, day, None, guarantees)
        contract = replace(view.contract, coverages=(*view.contract.coverages, coverage))
        card = replace(view.tp_card, beneficiary_ids=(*view.tp_card.beneficiary_ids, new_id))
        return replace(
            view, beneficiaries=(*view.beneficiaries, added), contract=contract, tp_card=card
        )

    return apply


def remove_beneficiary(beneficiary_id: str, effective_date: date | None = None) -> Effect:
    """Radiation: the beneficiary and their coverage end on the date asked for, else on the
    day it is done; off the card from that day (``BackOffice.tp_card`` drops a beneficiary
    whose closing date has passed, so a radiation dated ahead leaves the card then)."""

    def apply(view: View, done_day: date, change: Change) -> View:
        day = effective_date or done_day
        people = tuple(
            replace(b, close_date=day, autonomous=False) if b.id == beneficiary_id else b
            for b in view.beneficiaries
        )
        coverages = tuple(
            replace(c, end=day) if c.beneficiary_id == beneficiary_id else c
            for c in view.contract.coverages
        )
        card_ids = view.tp_card.beneficiary_ids
        if day <= done_day:
            card_ids = tuple(i for i in card_ids if i != beneficiary_id)
        return replace(
            view,
            beneficiaries=people,
            contract=replace(view.contract, coverages=coverages),
            tp_card=replace(view.tp_card, beneficiary_ids=card_ids),
        )

    return apply


def reissue_card() -> Effect:
    """A new card is sent: a ``tp_card`` letter dated the day it was done."""

    def apply(view: View, day: date, change: Change) -> View:
        letter = Letter(
            id=f"L{view.member.number}-{change.request.id}",
            member_number=view.member.number,
            date=day,
            type="tp_card",
            title="Votre nouvelle carte de tiers payant",
        )
        return replace(view, letters=(*view.letters, letter))

    return apply

"""Letters, useful documents and the tiers-payant card of a member.

Letters over the 24 months before ``as_of``: monthly benefit statements (relevés de
prestations), yearly premium calls, tiers-payant cards and attestations, a welcome letter
for recent members, information letters. Useful documents are per tenant and offer.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sandbox.dataset.offers import Offer, offers
from sandbox.dataset.records import (
    Beneficiary,
    Contract,
    Letter,
    Tenant,
    TiersPayantCard,
    UsefulDocument,
)
from sandbox.dataset.rng import add_months, chance
from sandbox.dataset.tenants import TENANT_CODES

MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
WINDOW_DAYS = 730


def letters(
    rng: random.Random, tenant: Tenant, number: str, agreement: Contract, as_of: date
) -> tuple[Letter, ...]:
    """The member's letters, newest first."""
    start = max(as_of - timedelta(days=WINDOW_DAYS), agreement.subscription_date)
    end = as_of
    if agreement.termination_date is not None:
        end = min(end, agreement.termination_date + timedelta(days=30))
    drafts: list[tuple[date, str, str]] = []
    if agreement.effective_date >= as_of - timedelta(days=WINDOW_DAYS):
        welcome = agreement.subscription_date + timedelta(days=rng.randint(3, 10))
        drafts.append((welcome, "welcome", f"Bienvenue à la {tenant.name}"))
        drafts.append((welcome, "attestation", "Attestation de droits"))
        drafts.append((welcome, "tp_card", "Votre carte de tiers payant"))
    for year in range(as_of.year - 2, as_of.year + 2):
        drafts.append((date(year - 1, 12, 10), "premium_call", f"Appel de cotisations {year}"))
        drafts.append((date(year - 1, 12, 12), "tp_card", f"Votre carte de tiers payant {year}"))
        drafts.append((date(year, 1, 3), "attestation", f"Attestation de droits {year}"))
        drafts.append(
            (
                date(year - 1, 11, 20),
                "information",
                f"Évolution de vos garanties au 1er janvier {year}",
            )
        )
        if chance(rng, 0.5):
            drafts.append(
                (date(year, 5, 15), "information", f"Convocation à l'assemblée générale {year}")
            )
    month = add_months(start.replace(day=1), 1)
    while month <= end:
        covered = add_months(month, -1)
        if covered >= agreement.effective_date.replace(day=1):
            title = f"Relevé de prestations — {MONTHS_FR[covered.month - 1]} {covered.year}"
            drafts.append((month.replace(day=4), "benefit_statement", title))
        month = add_months(month, 1)
    if agreement.termination_date is not None:
        drafts.append(
            (
                agreement.termination_date,
                "information",
                "Confirmation de la résiliation de votre contrat",
            )
        )
    kept = sorted({d for d in drafts if start <= d[0] <= end})
    found = [
        Letter(
            id=f"L{number}-{position:03d}",
            member_number=number,
            date=day,
            type=kind,  # type: ignore[arg-type]
            title=title,
        )
        for position, (day, kind, title) in enumerate(kept, start=1)
    ]
    found.reverse()
    return tuple(found)


def statement_period(letter: Letter) -> tuple[date, date]:
    """The month a benefit statement covers (the month before its date)."""
    first = add_months(letter.date.replace(day=1), -1)
    return first, letter.date.replace(day=1) - timedelta(days=1)


def useful_documents(tenant: Tenant, offer_code: str) -> tuple[UsefulDocument, ...]:
    """Statutes, SEPA mandate, guides, and the notice and benefits table of the offer."""
    code = TENANT_CODES[tenant.id]
    offer = next(o for o in offers(tenant.id) if o.code == offer_code)
    return (
        UsefulDocument(f"DOC-{code}-STATUTS", "statutes", f"Statuts de la {tenant.name}"),
        UsefulDocument(f"DOC-{code}-SEPA", "sepa_mandate", "Mandat de prélèvement SEPA"),
        UsefulDocument(f"DOC-{code}-GUIDE", "guide", "Guide de l'adhérent"),
        UsefulDocument(f"DOC-{code}-GUIDE-TP", "guide", "Utiliser sa carte de tiers payant"),
        UsefulDocument(
            f"DOC-{offer.code}-NOTICE", "notice", f"Notice d'information — {offer.label}"
        ),
        UsefulDocument(
            f"DOC-{offer.code}-TG", "benefits_table", f"Tableau de garanties — {offer.label}"
        ),
    )


def tp_card(
    tenant: Tenant,
    agreement: Contract,
    offer: Offer,
    beneficiaries: tuple[Beneficiary, ...],
    as_of: date,
) -> TiersPayantCard:
    """The current card: valid for the calendar year, open beneficiaries, domains by offer."""
    valid_from = max(date(as_of.year, 1, 1), agreement.effective_date)
    valid_to = date(as_of.year, 12, 31)
    if agreement.termination_date is not None:
        valid_to = min(valid_to, agreement.termination_date)
        valid_from = min(valid_from, valid_to)
    listed = tuple(b.id for b in beneficiaries if b.close_date is None or b.close_date > valid_from)
    level = offer.level
    domains = (
        ("PHAR", "100%"),
        ("MED", f"{level.consultation}%"),
        ("RADL", f"{level.specialist}%"),
        ("LABO", "100%"),
        ("AUXM", f"{level.auxiliaries}%"),
        ("SAGE", "100%"),
        ("DENT", f"{level.dental_care}%"),
        ("HOSP", "PEC"),
        ("OPTI", "PEC"),
        ("AUDI", "PEC"),
    )
    return TiersPayantCard(
        member_number=agreement.member_number,
        amc_number=tenant.amc_number,
        valid_from=valid_from,
        valid_to=valid_to,
        beneficiary_ids=listed,
        domains=domains,
    )

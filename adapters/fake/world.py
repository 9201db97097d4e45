"""The fake platform's data: a few members of one tenant, built without randomness.

``<prefix>0000001`` holds an individual contract with a spouse and two children, 60
payments over two years (lines of every care category, one confidential), letters,
documents, quotes, messages and a request. ``<prefix>0000002`` holds a collective contract
(changes go through the employer) alone, with three payments. Dates are relative to
``as_of`` so tests can pin them. Records are replaced when the member changes something.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from adapters.fake import papers, people
from adapters.port import (
    Beneficiary,
    BeneficiaryQuality,
    ChangeRequest,
    Civility,
    Contract,
    ContractKind,
    Letter,
    Member,
    Message,
    Payment,
    Premium,
    Quote,
    TiersPayantCard,
    UsefulDocument,
)

AS_OF = people.AS_OF


@dataclass(slots=True)
class MemberFile:
    """Everything the fake platform holds about one member."""

    member: Member
    beneficiaries: list[Beneficiary]
    contract: Contract
    premium: Premium
    payments: list[Payment] = field(default_factory=list)  # newest first, with lines
    quotes: list[Quote] = field(default_factory=list)
    letters: list[Letter] = field(default_factory=list)
    documents: list[UsefulDocument] = field(default_factory=list)
    tp_card: TiersPayantCard | None = None
    change_requests: list[ChangeRequest] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)


def build_world(tenant: str, prefix: str = "1", as_of: date = AS_OF) -> dict[str, MemberFile]:
    """The members of the fake tenant, by member number."""
    family = f"{prefix}0000001"
    alone = f"{prefix}0000002"
    q = BeneficiaryQuality
    family_beneficiaries = [
        people.beneficiary(
            family,
            1,
            "Léa",
            "Durand",
            date(1995, 10, 12),
            q.INSURED,
            people.make_nir("2951069123456"),
            date(2020, 1, 1),
        ),
        people.beneficiary(
            family,
            2,
            "Marc",
            "Durand",
            date(1993, 4, 2),
            q.SPOUSE,
            people.make_nir("1930469123457"),
            date(2020, 1, 1),
        ),
        people.beneficiary(
            family, 3, "Zoé", "Durand", date(2018, 7, 21), q.CHILD, None, date(2020, 1, 1)
        ),
        people.beneficiary(
            family, 4, "Hugo", "Durand", date(2021, 2, 3), q.CHILD, None, date(2021, 2, 3)
        ),
    ]
    alone_beneficiaries = [
        people.beneficiary(
            alone,
            1,
            "Jean",
            "Morel",
            date(1980, 1, 15),
            q.INSURED,
            people.make_nir("1800169123458"),
            date(2022, 9, 1),
        ),
    ]
    files = {
        family: MemberFile(
            member=people.member(
                tenant,
                family,
                first="Léa",
                last="Durand",
                nir13="2951069123456",
                born=date(1995, 10, 12),
                civility=Civility.MRS,
            ),
            beneficiaries=family_beneficiaries,
            contract=people.contract(family, ContractKind.INDIVIDUAL, family_beneficiaries),
            premium=people.premium(family, as_of),
            payments=people.payments(family, family_beneficiaries, 60, as_of),
            quotes=papers.quotes(family_beneficiaries[0].id, as_of, family_beneficiaries[1].id),
            letters=papers.letters(family, 14, as_of),
            documents=papers.documents(),
            tp_card=papers.tp_card([b.id for b in family_beneficiaries], as_of),
            change_requests=papers.change_requests(family, as_of),
            messages=papers.messages(family, as_of),
        ),
        alone: MemberFile(
            member=people.member(
                tenant,
                alone,
                first="Jean",
                last="Morel",
                nir13="1800169123458",
                born=date(1980, 1, 15),
                civility=Civility.MR,
            ),
            beneficiaries=alone_beneficiaries,
            contract=people.contract(alone, ContractKind.COLLECTIVE, alone_beneficiaries),
            premium=people.premium(alone, as_of),
            payments=people.payments(alone, alone_beneficiaries, 3, as_of),
            letters=papers.letters(alone, 2, as_of),
            documents=papers.documents(),
            tp_card=papers.tp_card([b.id for b in alone_beneficiaries], as_of),
        ),
    }
    return files

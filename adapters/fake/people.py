"""The fake world's people, contracts, premiums and payments (made without randomness)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import schwifty
from stdnum.fr import nir as stdnum_nir

from adapters.fake.lines import TEMPLATES, make_line
from adapters.port import (
    BankAccount,
    BankAccountPurpose,
    Beneficiary,
    BeneficiaryQuality,
    CareCategory,
    Civility,
    Contract,
    ContractKind,
    ContractStatus,
    Coverage,
    FamilySituation,
    Guarantee,
    GuaranteeKind,
    InstalmentStatus,
    Member,
    MemberRef,
    Payment,
    PaymentMethod,
    PaymentRecipientKind,
    PostalAddress,
    Premium,
    PremiumFrequency,
    PremiumInstalment,
    PremiumMethod,
    Regime,
)

AS_OF = date(2026, 6, 30)


def make_nir(first13: str) -> str:
    return first13 + stdnum_nir.calc_check_digits(first13)


def make_iban(account: str) -> str:
    return str(schwifty.IBAN.generate("FR", bank_code="30004", account_code=account))


GUARANTEES = (
    Guarantee(
        "CONS_GEN",
        "Consultation généraliste",
        CareCategory.CONSULTATION,
        GuaranteeKind.PERCENT_OF_BASE,
        rate_percent=100,
    ),
    Guarantee(
        "CONS_SPE",
        "Consultation spécialiste",
        CareCategory.SPECIALIST,
        GuaranteeKind.PERCENT_OF_BASE,
        rate_percent=150,
    ),
    Guarantee(
        "PHARMA",
        "Pharmacie",
        CareCategory.PHARMACY,
        GuaranteeKind.PERCENT_OF_BASE,
        rate_percent=100,
    ),
    Guarantee(
        "OPTIQUE",
        "Équipement optique",
        CareCategory.OPTICAL,
        GuaranteeKind.FLAT,
        flat_amount=Decimal("250.00"),
    ),
    Guarantee(
        "AUDIO_100",
        "Aide auditive 100 % Santé",
        CareCategory.HEARING,
        GuaranteeKind.FULL_COVER_BASKET,
    ),
    Guarantee(
        "FJH",
        "Forfait journalier",
        CareCategory.DAILY_HOSPITAL_FEE,
        GuaranteeKind.PERCENT_OF_BASE,
        rate_percent=100,
    ),
)


def member(
    tenant: str, number: str, *, first: str, last: str, nir13: str, born: date, civility: Civility
) -> Member:
    return Member(
        ref=MemberRef(tenant, number),
        civility=civility,
        last_name=last,
        first_name=first,
        birth_date=born,
        nir=make_nir(nir13),
        email=f"{first.lower()}.{last.lower()}@example.org",
        mobile_phone="+33612345678",
        home_phone=None,
        address=PostalAddress(
            "12 rue de la République", "69002", "Lyon", latitude=45.76, longitude=4.835
        ),
        family_situation=FamilySituation.MARRIED,
        last_login=datetime(2026, 6, 28, 9, 30, tzinfo=UTC),
        paperless=False,
        notifications=True,
        bank_accounts=(
            BankAccount(
                BankAccountPurpose.REIMBURSEMENT,
                f"{first} {last}",
                make_iban(number[1:] + "001"),
                "BNPAFRPPXXX",
                "BNP Paribas",
            ),
            BankAccount(
                BankAccountPurpose.PREMIUM,
                f"{first} {last}",
                make_iban(number[1:] + "002"),
                "BNPAFRPPXXX",
                "BNP Paribas",
            ),
        ),
    )


def beneficiary(
    number: str,
    rank: int,
    first: str,
    last: str,
    born: date,
    quality: BeneficiaryQuality,
    nir: str | None,
    opened: date,
) -> Beneficiary:
    return Beneficiary(
        id=f"{number}-{rank:02d}",
        last_name=last,
        first_name=first,
        birth_date=born,
        quality=quality,
        regime=Regime.GENERAL,
        birth_rank="01",
        nir=nir,
        open_date=opened,
    )


def contract(number: str, kind: ContractKind, beneficiaries: list[Beneficiary]) -> Contract:
    return Contract(
        number=f"C{number}",
        offer_code="AZ-EQUILIBRE",
        offer_label="Azur Équilibre",
        status=ContractStatus.OPEN,
        kind=kind,
        employer="Transports du Rhône SA" if kind is ContractKind.COLLECTIVE else None,
        subscription_date=date(2019, 12, 15),
        effective_date=date(2020, 1, 1),
        termination_date=None,
        coverages=tuple(
            Coverage(b.id, "AZ-EQUILIBRE", b.open_date, b.close_date, GUARANTEES)
            for b in beneficiaries
        ),
        benefits_table_document_id="DOC-5",
    )


def premium(number: str, as_of: date) -> Premium:
    months = [
        date(as_of.year + (as_of.month - 13 + i) // 12, (as_of.month - 13 + i) % 12 + 1, 5)
        for i in range(24)
    ]
    schedule = tuple(
        PremiumInstalment(
            d, Decimal("84.50"), InstalmentStatus.PAID if d <= as_of else InstalmentStatus.DUE
        )
        for d in months
    )
    return Premium(
        f"C{number}",
        PremiumMethod.DIRECT_DEBIT,
        PremiumFrequency.MONTHLY,
        Decimal("1014.00"),
        schedule,
    )


def payments(
    number: str, beneficiaries: list[Beneficiary], count: int, as_of: date
) -> list[Payment]:
    holder = f"{beneficiaries[0].first_name} {beneficiaries[0].last_name}"
    payments = []
    for i in range(count):
        paid = as_of - timedelta(days=3 + 12 * i)
        n_lines = 1 + i % 3
        lines = tuple(
            make_line(
                TEMPLATES[(i + k) % len(TEMPLATES)],
                line_id=f"L{number}-{i:03d}-{k}",
                beneficiary_id=beneficiaries[(i + k) % len(beneficiaries)].id,
                care=paid - timedelta(days=5 + k),
                confidential=(i == 4 and k == 0),
            )
            for k in range(n_lines)
        )
        to_pro = TEMPLATES[i % len(TEMPLATES)].pays_professional
        first = lines[0]
        payments.append(
            Payment(
                id=f"P{number}-{i:03d}",
                date=paid,
                method=PaymentMethod.TRANSFER,
                recipient_kind=(
                    PaymentRecipientKind.PROFESSIONAL if to_pro else PaymentRecipientKind.MEMBER
                ),
                recipient_name=(first.professional_name or "") if to_pro else holder,
                recipient_id=first.professional_id if to_pro else None,
                total=sum((line.mutuelle_paid for line in lines), Decimal("0.00")),
                beneficiary_ids=tuple(dict.fromkeys(line.beneficiary_id for line in lines)),
                lines=lines,
            )
        )
    return payments

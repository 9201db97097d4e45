"""Hand-built records for the PDF tests: one member, her family, payments and premium."""

from __future__ import annotations

from datetime import date, datetime

from sandbox.dataset.records import (
    Address,
    BankAccount,
    Beneficiary,
    Contract,
    Coverage,
    Guarantee,
    Letter,
    Member,
    Payment,
    PaymentLine,
    Premium,
    PremiumInstalment,
    Tenant,
    TiersPayantCard,
)

TENANT = Tenant(
    id="azur",
    name="Mutuelle Azur Santé",
    platform="cimut",
    networks=("santeclair", "kalixia"),
    amc_number="784512369",
    member_prefix="1",
)
NIR = "295109912611193"
SPOUSE_NIR = "180017512345660"
ADDRESS = Address(
    line1="12 rue de l'Œuvre",
    line2="Bâtiment B",
    postcode="06000",
    town="Nice",
    insee="06088",
    lat=43.7031,
    lon=7.2661,
)
MEMBER = Member(
    tenant="azur",
    number="10000042",
    civility="MME",
    last_name="Lefèvre",
    first_name="Hélène",
    birth_date=date(1995, 10, 3),
    nir=NIR,
    email="helene.lefevre@example.org",
    phone_mobile="0612345678",
    phone_home=None,
    address=ADDRESS,
    family_situation="M",
    last_login=datetime(2026, 3, 1, 9, 30),
    paperless=True,
    notifications=True,
    bank_accounts=(
        BankAccount(
            "reimbursement",
            "Hélène Lefèvre",
            "FR7630004000000001234567845",
            "BNPAFRPPXXX",
            "BNP Paribas",
        ),
    ),
)
BENEFICIARIES = (
    Beneficiary(
        "10000042-01",
        "10000042",
        "Lefèvre",
        "Hélène",
        date(1995, 10, 3),
        "2",
        "00",
        "01",
        "01",
        NIR,
        date(2020, 1, 1),
        None,
        False,
    ),
    Beneficiary(
        "10000042-02",
        "10000042",
        "Lefèvre",
        "Noël",
        date(1980, 1, 1),
        "1",
        "02",
        "01",
        "01",
        SPOUSE_NIR,
        date(2020, 1, 1),
        None,
        True,
    ),
    Beneficiary(
        "10000042-03",
        "10000042",
        "Lefèvre",
        "Zoé",
        date(2019, 6, 14),
        "2",
        "06",
        "01",
        "01",
        None,
        date(2020, 1, 1),
        None,
        False,
    ),
)
GUARANTEE = Guarantee(
    "CONS_GEN", "Consultation généraliste", "consultation", "percent_br", 100, None
)
CONTRACT = Contract(
    number="C-10000042",
    member_number="10000042",
    offer_code="CONFORT",
    offer_label="Confort",
    status="open",
    kind="individual",
    employer=None,
    subscription_date=date(2019, 12, 1),
    effective_date=date(2020, 1, 1),
    termination_date=None,
    coverages=tuple(
        Coverage(b.id, "CONFORT", date(2026, 1, 1), None, (GUARANTEE,)) for b in BENEFICIARIES
    ),
)


def _line(
    n: int,
    payment: str,
    ben: str,
    billed: int,
    base: int,
    ro: int,
    rc: int,
    rest: int,
    *,
    confidential: bool = False,
) -> PaymentLine:
    return PaymentLine(
        id=f"{payment}-{n}",
        payment_id=payment,
        beneficiary_id=ben,
        act_system="NGAP",
        act_code="G",
        act_label="Consultation généraliste",
        category="consultation",
        care_start=date(2026, 2, 10),
        care_end=date(2026, 2, 10),
        quantity=1,
        billed_cents=billed,
        base_cents=base,
        amo_rate=70,
        participation_cents=200,
        franchise_cents=0,
        ro_cents=ro,
        rc_cents=rc,
        other_cents=0,
        rest_cents=rest,
        professional_id="10003456789",
        professional_name="Dr Claire Martin",
        confidential=confidential,
    )


PAYMENTS = (
    Payment(
        "P-0001",
        "10000042",
        date(2026, 2, 14),
        "transfer",
        "member",
        "Hélène Lefèvre",
        None,
        2800,
        (
            _line(1, "P-0001", "10000042-01", 3000, 3000, 1900, 900, 200),
            _line(2, "P-0001", "10000042-03", 4000, 3000, 1900, 1900, 200),
        ),
    ),
    Payment(
        "P-0002",
        "10000042",
        date(2026, 2, 20),
        "transfer",
        "professional",
        "Dr Claire Martin",
        "10003456789",
        900,
        (_line(1, "P-0002", "10000042-02", 3000, 3000, 1900, 900, 200, confidential=True),),
    ),
)
PREMIUM = Premium(
    contract_number="C-10000042",
    method="direct_debit",
    frequency="monthly",
    annual_cents=123456,
    schedule=tuple(
        PremiumInstalment(date(2026, m, 5), 10288, "paid" if m < 3 else "due") for m in range(1, 13)
    ),
)
CARD = TiersPayantCard(
    member_number="10000042",
    amc_number="784512369",
    valid_from=date(2026, 1, 1),
    valid_to=date(2026, 12, 31),
    beneficiary_ids=("10000042-01", "10000042-02", "10000042-03"),
    domains=(("PHAR", "100%"), ("OPTI", "SP"), ("HOSP", "100%"), ("XXXX", "PEC")),
)


def letter(type_: str, title: str) -> Letter:
    return Letter(f"L-{type_}", "10000042", date(2026, 3, 2), type_, title)  # type: ignore[arg-type]

"""The insured's own data, from the Cegedim API's JSON into port records: the adhérent
(``GET /insureds/{id}``), beneficiaries, contract with guarantees per beneficiary, premiums,
tiers-payant card and quotes.

Each function takes a checked :class:`~adapters.rest.cegedim.fields.Obj` and raises
``ShapeError`` on anything unexpected.
"""

from __future__ import annotations

from adapters.port import (
    BankAccount,
    Beneficiary,
    CareCategory,
    Contract,
    Coverage,
    Guarantee,
    Member,
    MemberRef,
    PostalAddress,
    Premium,
    PremiumInstalment,
    Quote,
    TiersPayantCard,
    TiersPayantDomain,
)
from adapters.port.codes import BeneficiaryQuality
from adapters.rest.cegedim import codes
from adapters.rest.cegedim.fields import Obj


def postal_address(item: Obj) -> PostalAddress:
    return PostalAddress(
        line1=item.text("line1"),
        line2=item.opt_text("line2") or None,
        postcode=item.text("postalCode"),
        town=item.text("city"),
        country=item.opt_text("countryCode") or "FR",
        latitude=item.opt_number("latitude"),
        longitude=item.opt_number("longitude"),
    )


def bank_account(item: Obj) -> BankAccount:
    return BankAccount(
        purpose=item.enum("usage", codes.ACCOUNT_USAGE),
        holder=item.text("holderName"),
        iban=item.text("iban").replace(" ", "").upper(),
        bic=item.text("bic").upper(),
        bank_name=item.opt_text("bankName") or None,
    )


def member(ref: MemberRef, item: Obj) -> Member:
    preferences = item.child("preferences")
    return Member(
        ref=ref,
        civility=item.enum("civility", codes.CIVILITY),
        last_name=item.text("lastName"),
        first_name=item.text("firstName"),
        birth_date=item.day("birthDate"),
        nir=item.opt_text("socialSecurityNumber"),
        email=item.opt_text("email"),
        mobile_phone=item.opt_text("mobilePhone"),
        home_phone=item.opt_text("homePhone"),
        address=postal_address(item.child("postalAddress")),
        # Optional in the port and without a catch-all: an unknown status reads as unknown.
        family_situation=item.opt_enum("maritalStatus", codes.MARITAL_STATUS),
        last_login=item.opt_instant("lastLoginAt"),
        paperless=preferences.flag("paperlessStatements"),
        notifications=preferences.flag("reimbursementNotifications"),
        bank_accounts=tuple(bank_account(a) for a in item.children("bankAccounts")),
    )


def beneficiary(item: Obj) -> Beneficiary:
    return Beneficiary(
        id=item.text("beneficiaryId"),
        last_name=item.text("lastName"),
        first_name=item.text("firstName"),
        birth_date=item.day("birthDate"),
        quality=item.enum("relationship", codes.RELATIONSHIP, BeneficiaryQuality.OTHER),
        regime=item.opt_enum("healthInsuranceScheme", codes.REGIME),
        birth_rank=item.opt_text("birthRank") or "01",
        nir=item.opt_text("socialSecurityNumber"),
        open_date=item.day("startDate"),
        close_date=item.opt_day("endDate"),
        autonomous=item.flag("hasOwnAccount"),
    )


def beneficiaries(page: Obj) -> tuple[Beneficiary, ...]:
    people = tuple(beneficiary(b) for b in page.children("content"))
    # The port promises the adhérent first; the API does too, but the order is cheap to keep.
    return tuple(sorted(people, key=lambda b: b.quality is not BeneficiaryQuality.INSURED))


def guarantee(item: Obj) -> Guarantee:
    return Guarantee(
        code=item.text("code"),
        label=item.text("label"),
        category=item.enum("careCategory", codes.CARE_CATEGORY, CareCategory.OTHER),
        kind=item.enum("benefitType", codes.BENEFIT_TYPE),
        rate_percent=item.opt_integer("ratePercent"),
        flat_amount=item.opt_money("flatAmount"),
    )


def coverage(item: Obj) -> Coverage:
    return Coverage(
        beneficiary_id=item.text("beneficiaryId"),
        offer_code=item.text("productCode"),
        start=item.day("startDate"),
        end=item.opt_day("endDate"),
        guarantees=tuple(guarantee(g) for g in item.children("guarantees")),
    )


def contract(item: Obj, benefits_table_id: str | None) -> Contract:
    product = item.child("product")
    return Contract(
        number=item.text("contractNumber"),
        offer_code=product.text("code"),
        offer_label=product.text("label"),
        status=item.enum("status", codes.CONTRACT_STATUS),
        kind=item.enum("contractType", codes.CONTRACT_TYPE),
        employer=item.opt_text("employerName"),
        subscription_date=item.day("subscriptionDate"),
        effective_date=item.day("effectiveDate"),
        termination_date=item.opt_day("terminationDate"),
        coverages=tuple(coverage(c) for c in item.children("coverages")),
        benefits_table_document_id=benefits_table_id,
    )


def instalment(item: Obj) -> PremiumInstalment:
    return PremiumInstalment(
        due_date=item.day("dueDate"),
        amount=item.money("amount"),
        status=item.enum("status", codes.INSTALMENT_STATUS),
    )


def premium(item: Obj) -> Premium:
    schedule = sorted((instalment(i) for i in item.children("schedule")), key=lambda i: i.due_date)
    return Premium(
        contract_number=item.text("contractNumber"),
        method=item.enum("paymentMethod", codes.PREMIUM_METHOD),
        frequency=item.enum("frequency", codes.FREQUENCY),
        annual_amount=item.money("annualAmount"),
        schedule=tuple(schedule),
    )


def card(item: Obj) -> TiersPayantCard:
    return TiersPayantCard(
        amc_number=item.text("amcNumber"),
        valid_from=item.day("validFrom"),
        valid_to=item.day("validTo"),
        beneficiary_ids=tuple(item.texts("beneficiaryIds")),
        domains=tuple(
            TiersPayantDomain(code=d.code("domain"), mode=d.text("value"))
            for d in item.children("coverages")
        ),
        payload=None,  # this platform sends no QR/Datamatrix content; the PDF carries it
    )


def quote(item: Obj) -> Quote:
    return Quote(
        id=item.text("quoteId"),
        beneficiary_id=item.text("beneficiaryId"),
        kind=item.enum("quoteType", codes.QUOTE_TYPE),
        category=item.enum("careCategory", codes.QUOTE_CATEGORY),
        date=item.day("receivedDate"),
        status=item.enum("status", codes.QUOTE_STATUS),
        professional_name=item.text("professionalName"),
        billed=item.money("billedAmount"),
        covered=item.money("coveredAmount"),
    )


def quotes(page: Obj) -> tuple[Quote, ...]:
    found = [quote(q) for q in page.children("content")]
    return tuple(sorted(found, key=lambda q: q.date, reverse=True))  # newest first, stable

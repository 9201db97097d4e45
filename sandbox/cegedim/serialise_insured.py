"""JSON shapes of the insured's own data: insured (adhérent), beneficiaries, contract with
guarantees per beneficiary, premiums and schedule, tiers-payant card, quotes.

Amounts are integer euro cents, dates ISO 8601 (``YYYY-MM-DD``), timestamps RFC 3339 in UTC,
codes ``{"code", "label"}`` from :mod:`sandbox.cegedim.codes`. The OpenAPI schemas of
:mod:`sandbox.cegedim.openapi_schemas` describe exactly these dictionaries.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sandbox.cegedim import codes
from sandbox.dataset.records import (
    Address,
    BankAccount,
    Beneficiary,
    Contract,
    Coverage,
    Guarantee,
    Member,
    Premium,
    PremiumInstalment,
    Quote,
    TiersPayantCard,
)

Json = dict[str, Any]


def iso_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def iso_datetime(value: datetime | None) -> str | None:
    """RFC 3339 in UTC; a naive timestamp of the dataset is taken as UTC."""
    if value is None:
        return None
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat().replace("+00:00", "Z")


def postal_address(address: Address) -> Json:
    return {
        "line1": address.line1,
        "line2": address.line2,
        "postalCode": address.postcode,
        "city": address.town,
        "inseeCode": address.insee,
        "countryCode": address.country,
        "latitude": address.lat,
        "longitude": address.lon,
    }


def bank_account(account: BankAccount) -> Json:
    return {
        "usage": codes.coded(codes.ACCOUNT_USAGE, account.purpose),
        "holderName": account.holder,
        "iban": account.iban,
        "bic": account.bic,
        "bankName": account.bank_name,
    }


def insured(member: Member) -> Json:
    return {
        "insuredId": member.number,
        "civility": codes.coded(codes.CIVILITY, member.civility),
        "lastName": member.last_name,
        "firstName": member.first_name,
        "birthDate": iso_date(member.birth_date),
        "socialSecurityNumber": member.nir,
        "email": member.email,
        "mobilePhone": member.phone_mobile,
        "homePhone": member.phone_home,
        "postalAddress": postal_address(member.address),
        "maritalStatus": codes.coded(codes.MARITAL_STATUS, member.family_situation),
        "lastLoginAt": iso_datetime(member.last_login),
        "preferences": {
            "paperlessStatements": member.paperless,
            "reimbursementNotifications": member.notifications,
        },
        "bankAccounts": [bank_account(account) for account in member.bank_accounts],
    }


def beneficiary(person: Beneficiary) -> Json:
    return {
        "beneficiaryId": person.id,
        "insuredId": person.member_number,
        "lastName": person.last_name,
        "firstName": person.first_name,
        "birthDate": iso_date(person.birth_date),
        "gender": codes.coded(codes.GENDER, person.sex),
        "relationship": codes.coded(codes.RELATIONSHIP, person.quality),
        "birthRank": person.birth_rank,
        "healthInsuranceScheme": codes.coded(codes.REGIME, person.regime),
        "socialSecurityNumber": person.nir,
        "startDate": iso_date(person.open_date),
        "endDate": iso_date(person.close_date),
        "hasOwnAccount": person.autonomous,
    }


def guarantee(line: Guarantee) -> Json:
    return {
        "code": line.code,
        "label": line.label,
        "careCategory": codes.coded(codes.CARE_CATEGORY, line.category),
        "benefitType": codes.coded(codes.BENEFIT_TYPE, line.kind),
        "ratePercent": line.rate_percent,
        "flatAmount": line.flat_cents,
    }


def coverage(cover: Coverage) -> Json:
    return {
        "beneficiaryId": cover.beneficiary_id,
        "productCode": cover.offer_code,
        "startDate": iso_date(cover.start),
        "endDate": iso_date(cover.end),
        "guarantees": [guarantee(line) for line in cover.guarantees],
    }


def contract(item: Contract) -> Json:
    return {
        "contractNumber": item.number,
        "insuredId": item.member_number,
        "product": {"code": item.offer_code, "label": item.offer_label},
        "status": codes.coded(codes.CONTRACT_STATUS, item.status),
        "contractType": codes.coded(codes.CONTRACT_TYPE, item.kind),
        "employerName": item.employer,
        "subscriptionDate": iso_date(item.subscription_date),
        "effectiveDate": iso_date(item.effective_date),
        "terminationDate": iso_date(item.termination_date),
        "coverages": [coverage(cover) for cover in item.coverages],
    }


def instalment(item: PremiumInstalment) -> Json:
    return {
        "dueDate": iso_date(item.due_date),
        "amount": item.amount_cents,
        "status": codes.coded(codes.INSTALMENT_STATUS, item.status),
    }


def premiums(item: Premium) -> Json:
    upcoming = sorted(
        (step for step in item.schedule if step.status == "due"), key=lambda s: s.due_date
    )
    return {
        "contractNumber": item.contract_number,
        "paymentMethod": codes.coded(codes.PAYMENT_METHOD, item.method),
        "frequency": codes.coded(codes.FREQUENCY, item.frequency),
        "annualAmount": item.annual_cents,
        "currency": "EUR",
        "nextInstalment": instalment(upcoming[0]) if upcoming else None,
        "schedule": [instalment(step) for step in item.schedule],
    }


def card(item: TiersPayantCard) -> Json:
    return {
        "insuredId": item.member_number,
        "amcNumber": item.amc_number,
        "validFrom": iso_date(item.valid_from),
        "validTo": iso_date(item.valid_to),
        "beneficiaryIds": list(item.beneficiary_ids),
        "coverages": [
            {"domain": codes.coded(codes.CARD_DOMAIN, domain), "value": value}
            for domain, value in item.domains
        ],
    }


def quote(item: Quote) -> Json:
    return {
        "quoteId": item.id,
        "quoteType": codes.coded(codes.QUOTE_TYPE, item.kind),
        "careCategory": codes.coded(codes.QUOTE_CATEGORY, item.category),
        "beneficiaryId": item.beneficiary_id,
        "receivedDate": iso_date(item.date),
        "status": codes.coded(codes.QUOTE_STATUS, item.status),
        "professionalName": item.professional_name,
        "billedAmount": item.billed_cents,
        "coveredAmount": item.covered_cents,
    }

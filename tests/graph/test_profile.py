"""Profile, bank details, beneficiaries, contract and guarantees, premiums."""

from __future__ import annotations

import pytest

from adapters.fake import FakeBackends
from tests.graph.support import ALONE, FAMILY, data, run, viewer

pytestmark = pytest.mark.anyio

PROFILE = """{ me {
  number civility firstName lastName birthDate nirMasked email mobilePhone homePhone
  postalAddress { line1 line2 postcode town country }
  familySituation lastLoginAt paperlessStatements reimbursementNotifications
  bankAccounts { purpose holder ibanMasked bic bankName }
} }"""


async def test_profile_shows_masked_identifiers_only(fake: FakeBackends) -> None:
    me = data(await run(fake, PROFILE))["me"]
    record = fake.files[FAMILY].member
    assert record.nir is not None
    assert me["firstName"] == "Léa" and me["civility"] == "MRS"
    assert me["nirMasked"] == f"2 95 10 ** *** *** {record.nir[-2:]}"
    assert me["postalAddress"]["postcode"] == "69002"
    assert me["familySituation"] == "MARRIED"
    accounts = {a["purpose"]: a for a in me["bankAccounts"]}
    iban = record.bank_accounts[0].iban
    shown = accounts["REIMBURSEMENT"]["ibanMasked"]
    assert shown.startswith(iban[:4] + " ****") and shown.replace(" ", "").endswith(iban[-4:])
    assert iban[4:-4] not in shown.replace(" ", "")
    assert fake.calls.calls["members"] == 1


async def test_beneficiaries_and_their_guarantees(fake: FakeBackends) -> None:
    query = """{ me { beneficiaries {
      firstName quality regime birthRank nirMasked openDate closeDate isActive hasOwnAccount
      coverage { offerCode start
                 guarantees { code category kind ratePercent flatAmount { amount } } }
    } } }"""
    found = data(await run(fake, query))["me"]["beneficiaries"]
    assert [b["quality"] for b in found] == ["INSURED", "SPOUSE", "CHILD", "CHILD"]
    assert found[2]["nirMasked"] is None and found[1]["nirMasked"].startswith("1 93 04")
    optics = next(g for g in found[0]["coverage"]["guarantees"] if g["code"] == "OPTIQUE")
    assert optics["kind"] == "FLAT" and optics["flatAmount"] == {"amount": "250.00"}
    assert fake.calls.calls == {"beneficiaries": 1, "contracts": 1}


async def test_contract_and_benefits_table(fake: FakeBackends) -> None:
    query = """{ me { contract {
      id number offerCode offerLabel status kind employer changesThroughEmployer
      subscriptionDate effectiveDate terminationDate benefitsTableUrl
      coverages { beneficiary { firstName } start guarantees { label } }
    } } }"""
    contract = data(await run(fake, query))["me"]["contract"]
    assert contract["status"] == "OPEN" and contract["changesThroughEmployer"] is False
    assert contract["benefitsTableUrl"].endswith("/useful_document/DOC-5.pdf")
    assert [c["beneficiary"]["firstName"] for c in contract["coverages"]] == [
        "Léa",
        "Marc",
        "Zoé",
        "Hugo",
    ]


async def test_collective_contract_says_changes_go_through_the_employer(
    fake: FakeBackends,
) -> None:
    query = "{ me { contract { kind employer changesThroughEmployer } } }"
    contract = data(await run(fake, query, who=viewer(ALONE)))["me"]["contract"]
    assert contract == {
        "kind": "COLLECTIVE",
        "employer": "Transports du Rhône SA",
        "changesThroughEmployer": True,
    }


async def test_premium_and_schedule(fake: FakeBackends) -> None:
    query = """{ me { premium {
      contractNumber method frequency annualAmount { amount currency }
      nextInstalment { dueDate amount { amount } status }
      schedule { dueDate status }
    } } }"""
    premium = data(await run(fake, query))["me"]["premium"]
    assert premium["method"] == "DIRECT_DEBIT" and premium["frequency"] == "MONTHLY"
    assert premium["annualAmount"] == {"amount": "1014.00", "currency": "EUR"}
    assert premium["nextInstalment"] == {
        "dueDate": "2026-07-05",
        "amount": {"amount": "84.50"},
        "status": "DUE",
    }
    assert len(premium["schedule"]) == 24


async def test_a_beneficiary_account_sees_itself_not_the_adherents_details(
    fake: FakeBackends,
) -> None:
    query = """{ me { number nirMasked email bankAccounts { bic }
      beneficiaries { firstName } contract { coverages { beneficiary { firstName } } }
      letters { totalCount } changeRequests { id } messages { totalCount } } }"""
    who = viewer(role="beneficiary", beneficiary=f"{FAMILY}-02")
    me = data(await run(fake, query, who=who))["me"]
    assert me["number"] == FAMILY
    assert me["nirMasked"] is None and me["email"] is None and me["bankAccounts"] == []
    assert [b["firstName"] for b in me["beneficiaries"]] == ["Marc"]
    assert [c["beneficiary"]["firstName"] for c in me["contract"]["coverages"]] == ["Marc"]
    assert me["letters"]["totalCount"] == 0 and me["changeRequests"] == []
    assert me["messages"]["totalCount"] == 0


async def test_the_full_nir_only_for_roles_the_policy_allows(fake: FakeBackends) -> None:
    record = fake.files[FAMILY].member
    query = "{ me { nir nirMasked } }"
    hidden = data(await run(fake, query))["me"]
    assert hidden["nir"] is None and record.nir not in str(hidden)
    hidden = data(await run(fake, query, nir_roles=frozenset({"advisor"})))["me"]
    assert hidden["nir"] is None
    shown = data(await run(fake, query, nir_roles=frozenset({"member"})))["me"]
    assert shown["nir"] == record.nir
    beneficiary = viewer(FAMILY, role="beneficiary", beneficiary=f"{FAMILY}-02")
    own_account = await run(fake, query, who=beneficiary, nir_roles=frozenset({"beneficiary"}))
    assert record.nir not in str(own_account.data)

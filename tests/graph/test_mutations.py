"""Mutations: round trips, validation before any back-end call, business refusals."""

from __future__ import annotations

from typing import Any

import pytest
import schwifty

from adapters.fake import FakeBackends
from adapters.port import BankAccountChange, NewBeneficiary
from resolvers.uploads import MAX_BYTES
from tests.graph.support import ALONE, FAMILY, PDF, PNG, FakeUpload, call, data, error, run, viewer

pytestmark = pytest.mark.anyio

IBAN = str(schwifty.IBAN.generate("FR", bank_code="30003", account_code="00020000001"))
PAYLOAD = "changeRequest { id kind status summary attachments { filename contentType size } }"
CONTACT = f"""mutation($input: ContactDetailsInput!) {{ updateContactDetails(input: $input) {{
  {PAYLOAD} member {{ email mobilePhone }} }} }}"""
ADDRESS = f"""mutation($input: PostalAddressInput!) {{ updatePostalAddress(input: $input) {{
  {PAYLOAD} member {{ postalAddress {{ line1 postcode town }} }} }} }}"""
BANK = f"""mutation($input: BankAccountInput!) {{
  updateBankAccount(input: $input) {{ {PAYLOAD} }} }}"""
ADD = f"""mutation($input: AddBeneficiaryInput!) {{
  addBeneficiary(input: $input) {{ {PAYLOAD} }} }}"""
REMOVE = f"""mutation($input: RemoveBeneficiaryInput!) {{
  removeBeneficiary(input: $input) {{ {PAYLOAD} }} }}"""
MESSAGE = """mutation($input: SendMessageInput!) { sendMessage(input: $input) {
  message { id subject direction attachments { filename contentType } threadId }
  thread { id subject messages { id } } } }"""
REVIEW = """mutation($input: QuoteReviewInput!) { submitQuoteForReview(input: $input) {
  review { reference category status submittedAt answerDueAt } } }"""
REQUESTS = "{ me { changeRequests { id kind status } } }"


def bank_input(**change: Any) -> dict[str, Any]:
    return {
        "purpose": "REIMBURSEMENT",
        "holder": "Léa Durand",
        "iban": IBAN,
        "bic": "BNPAFRPP",
        "rib": FakeUpload(PDF, "mon rib.pdf"),
    } | change


def beneficiary_input(**change: Any) -> dict[str, Any]:
    return {
        "firstName": "Lou",
        "lastName": "Durand",
        "birthDate": "2026-03-01",
        "quality": "CHILD",
        "regime": "GENERAL",
        "proof": FakeUpload(PDF, "acte.pdf"),
    } | change


async def test_contact_details_round_trip(fake: FakeBackends) -> None:
    variables = {"input": {"email": "lea@example.net", "mobilePhone": "07 11 22 33 44"}}
    done = data(await run(fake, CONTACT, variables))["updateContactDetails"]
    assert done["changeRequest"]["kind"] == "CONTACT" and done["changeRequest"]["status"] == "DONE"
    assert done["member"] == {"email": "lea@example.net", "mobilePhone": "+33711223344"}
    later = data(await run(fake, REQUESTS))["me"]["changeRequests"]
    assert later[0]["id"] == done["changeRequest"]["id"]


async def test_postal_address_round_trip(fake: FakeBackends) -> None:
    variables = {"input": {"line1": "4 quai Saint-Vincent", "postcode": "69001", "town": "Lyon"}}
    done = data(await run(fake, ADDRESS, variables))["updatePostalAddress"]
    assert done["member"]["postalAddress"] == {
        "line1": "4 quai Saint-Vincent",
        "postcode": "69001",
        "town": "Lyon",
    }


async def test_bank_account_with_rib(fake: FakeBackends) -> None:
    upload = FakeUpload(PDF, "../../etc/mon rib.pdf")
    done = data(await run(fake, BANK, {"input": bank_input(rib=upload)}))["updateBankAccount"]
    request = done["changeRequest"]
    assert request["kind"] == "BANK_ACCOUNT" and request["status"] == "RECEIVED"
    assert request["attachments"] == [
        {"filename": "mon rib.pdf", "contentType": "application/pdf", "size": len(PDF)}
    ]
    change = call(fake, "update_bank_account")[1]
    assert isinstance(change, BankAccountChange)
    assert change.iban == IBAN and change.bic == "BNPAFRPP" and change.proof.content == PDF
    assert upload.reads == [MAX_BYTES + 1]  # reads at most 5 MB + 1 byte


async def test_add_and_remove_beneficiary(fake: FakeBackends) -> None:
    added = data(await run(fake, ADD, {"input": beneficiary_input()}))["addBeneficiary"]
    assert added["changeRequest"]["kind"] == "ADD_BENEFICIARY"
    change = call(fake, "add_beneficiary")[1]
    assert isinstance(change, NewBeneficiary) and change.nir is None
    everyone = data(await run(fake, "{ me { beneficiaries { id firstName } } }"))
    zoe = next(b["id"] for b in everyone["me"]["beneficiaries"] if b["firstName"] == "Zoé")
    variables = {"input": {"beneficiaryId": zoe, "reason": "Rattachée à l'autre parent"}}
    removed = data(await run(fake, REMOVE, variables))["removeBeneficiary"]
    assert removed["changeRequest"]["kind"] == "REMOVE_BENEFICIARY"
    kinds = [r["kind"] for r in data(await run(fake, REQUESTS))["me"]["changeRequests"]]
    assert kinds[:2] == ["REMOVE_BENEFICIARY", "ADD_BENEFICIARY"]


async def test_preferences_and_card(fake: FakeBackends) -> None:
    query = """mutation { setPaperlessStatements(enabled: true) {
        changeRequest { kind } member { paperlessStatements } }
      setReimbursementNotifications(enabled: false) {
        changeRequest { kind } member { reimbursementNotifications } }
      requestTiersPayantCard { changeRequest { kind status } } }"""
    done = data(await run(fake, query))
    assert done["setPaperlessStatements"]["member"]["paperlessStatements"] is True
    assert done["setReimbursementNotifications"]["member"]["reimbursementNotifications"] is False
    assert done["requestTiersPayantCard"]["changeRequest"] == {
        "kind": "TP_CARD_REISSUE",
        "status": "RECEIVED",
    }
    profile = "{ me { paperlessStatements reimbursementNotifications } }"
    assert data(await run(fake, profile))["me"] == {
        "paperlessStatements": True,
        "reimbursementNotifications": False,
    }


async def test_send_message_with_attachments(fake: FakeBackends) -> None:
    variables = {
        "input": {
            "subject": "Remboursement kiné",
            "body": "Bonjour, voici ma facture.",
            "attachments": [FakeUpload(PDF, "facture.pdf"), FakeUpload(PNG, "photo.jpeg")],
        }
    }
    sent = data(await run(fake, MESSAGE, variables))["sendMessage"]
    assert sent["message"]["direction"] == "FROM_MEMBER"
    assert sent["message"]["attachments"] == [
        {"filename": "facture.pdf", "contentType": "application/pdf"},
        {"filename": "photo.png", "contentType": "image/png"},  # type from the bytes
    ]
    assert sent["thread"]["id"] == sent["message"]["threadId"]
    answer = {"input": {"subject": "Suite", "body": "Merci", "threadId": sent["thread"]["id"]}}
    again = data(await run(fake, MESSAGE, answer))["sendMessage"]
    assert len(again["thread"]["messages"]) == 2


async def test_submit_quote_for_review(fake: FakeBackends) -> None:
    everyone = data(await run(fake, "{ me { beneficiaries { id } } }"))
    who = everyone["me"]["beneficiaries"][0]["id"]
    variables = {"input": {"category": "OPTICAL", "beneficiaryId": who, "file": FakeUpload(PNG)}}
    review = data(await run(fake, REVIEW, variables))["submitQuoteForReview"]["review"]
    assert review["status"] == "SUBMITTED" and review["answerDueAt"] > review["submittedAt"]


# -- validation: the field is named, and the port hears nothing -----------------------------

INVALID: list[tuple[str, dict[str, Any], str]] = [
    (CONTACT, {"email": "lea@"}, "input.email"),
    (CONTACT, {"mobilePhone": "12345"}, "input.mobilePhone"),
    (CONTACT, {"homePhone": "+44 20 7946 0958"}, "input.homePhone"),
    (CONTACT, {}, "input"),
    (ADDRESS, {"line1": "1 rue", "postcode": "6900", "town": "Lyon"}, "input.postcode"),
    (ADDRESS, {"line1": " ", "postcode": "69001", "town": "Lyon"}, "input.line1"),
    (
        ADDRESS,
        {"line1": "1 rue", "postcode": "69001", "town": "Lyon", "country": "BE"},
        "input.country",
    ),
    (BANK, bank_input(iban=IBAN[:-1] + str((int(IBAN[-1]) + 1) % 10)), "input.iban"),
    (BANK, bank_input(iban="FR7630004000120001234567800"), "input.iban"),
    (BANK, bank_input(bic="BNP1"), "input.bic"),
    (BANK, bank_input(holder=""), "input.holder"),
    (BANK, bank_input(rib=FakeUpload(b"MZ\x90\x00 not a pdf")), "input.rib"),
    (BANK, bank_input(rib=FakeUpload(b"")), "input.rib"),
    (BANK, bank_input(rib=FakeUpload(PDF + b"\x00" * MAX_BYTES)), "input.rib"),
    (ADD, beneficiary_input(nir="295107512345600", birthDate="1995-10-12"), "input.nir"),
    (ADD, beneficiary_input(nir="2951075123456", birthDate="1995-10-12"), "input.nir"),
    (ADD, beneficiary_input(birthDate="2030-01-01"), "input.birthDate"),
    (ADD, beneficiary_input(firstName="L0u"), "input.firstName"),
    (ADD, beneficiary_input(quality="INSURED"), "input.quality"),
    (ADD, beneficiary_input(proof=FakeUpload(b"GIF89a....")), "input.proof"),
    (REMOVE, {"beneficiaryId": "bm90LWFuLWlk", "reason": "x"}, "input.beneficiaryId"),
    (MESSAGE, {"subject": "", "body": "x"}, "input.subject"),
    (
        MESSAGE,
        {"subject": "s", "body": "x", "attachments": [FakeUpload(b"text")]},
        "input.attachments.0",
    ),
]


@pytest.mark.parametrize(("mutation", "values", "field"), INVALID)
async def test_invalid_input_names_the_field_and_reaches_no_backend(
    fake: FakeBackends, mutation: str, values: dict[str, Any], field: str
) -> None:
    err = error(await run(fake, mutation, {"input": values}))
    assert err["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
    assert fake.calls.log == []


async def test_valid_nir_consistent_with_birth_date_is_accepted(fake: FakeBackends) -> None:
    nir = "1930469123457"
    from stdnum.fr import nir as stdnum_nir

    full = nir + stdnum_nir.calc_check_digits(nir)
    values = beneficiary_input(nir=full, birthDate="1993-04-02", quality="SPOUSE")
    data(await run(fake, ADD, {"input": values}))
    change = call(fake, "add_beneficiary")[1]
    assert change.nir == full


# -- business refusals -------------------------------------------------------------------


async def test_collective_contract_refusal_is_a_clear_error(fake: FakeBackends) -> None:
    who = viewer(ALONE)
    err = error(await run(fake, BANK, {"input": bank_input(purpose="PREMIUM")}, who=who))
    assert err["extensions"] == {
        "code": "BACKEND_REJECTED",
        "platform": "fake",
        "reason": "COLLECTIVE_CONTRACT",
    }
    assert "employer" in err["message"]
    assert err["path"] == ["updateBankAccount"]


async def test_removing_the_adherent_is_refused(fake: FakeBackends) -> None:
    everyone = data(await run(fake, "{ me { beneficiaries { id quality } } }"))
    lea = everyone["me"]["beneficiaries"][0]["id"]
    err = error(await run(fake, REMOVE, {"input": {"beneficiaryId": lea, "reason": "x"}}))
    assert err["extensions"]["code"] == "BACKEND_REJECTED"
    assert err["extensions"]["reason"] == "MAIN_BENEFICIARY"


@pytest.mark.parametrize("role", ["advisor", "beneficiary"])
async def test_only_the_adherent_changes_things(fake: FakeBackends, role: str) -> None:
    who = viewer(role=role, beneficiary=f"{FAMILY}-02" if role == "beneficiary" else None)  # type: ignore[arg-type]
    err = error(await run(fake, CONTACT, {"input": {"email": "x@example.org"}}, who=who))
    assert err["extensions"] == {"code": "FORBIDDEN"}
    assert fake.calls.log == []

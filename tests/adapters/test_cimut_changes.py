"""The Cimut adapter's changes and messages against the real sandbox: each change
round-trips (the returned demande, then change_requests() and the reads), business refusals
come back as the port's errors, and no change is ever labelled safe to retry."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from adapters.port import (
    AddressChange,
    BackendRejected,
    BackendTimeout,
    BackendUnavailable,
    BankAccountChange,
    BankAccountPurpose,
    BeneficiaryQuality,
    BeneficiaryRemoval,
    ChangeRequest,
    ChangeRequestKind,
    ChangeRequestStatus,
    ContactChange,
    InvalidInput,
    Member,
    MemberPlatform,
    MemberRef,
    MessageDirection,
    NewAttachment,
    NewBeneficiary,
    NewMessage,
)
from adapters.port.protocols import ChangeRequestsPort
from tests.adapters.cimut_support import TENANT, Sandbox, no_client_left, opened, running

pytestmark = [pytest.mark.integration, pytest.mark.anyio]

PDF = NewAttachment("rib.pdf", "application/pdf", b"%PDF-1.4\n% RIB\n%%EOF\n")
PNG = NewAttachment("C:\\scans\\acte.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"0" * 64)


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with running() as started:
        yield started


@pytest.fixture(autouse=True)
def fresh(sandbox: Sandbox) -> Iterator[None]:
    sandbox.reset()
    yield
    no_client_left()


def member_of_kind(sandbox: Sandbox, kind: str, *, with_spouse: bool = False) -> MemberRef:
    for number in sandbox.numbers():
        if sandbox.office.contract(number).kind != kind:
            continue
        people = sandbox.office.beneficiaries(number)
        if with_spouse and not any(b.quality != "00" and b.close_date is None for b in people):
            continue
        return MemberRef(TENANT, number)
    raise AssertionError(f"no {kind} member in the sample")


def changes_of(platform: MemberPlatform) -> ChangeRequestsPort:
    assert platform.changes is not None
    return platform.changes


async def member(platform: MemberPlatform, ref: MemberRef) -> Member:
    (found,) = await platform.directory.members([ref])
    assert isinstance(found, Member)
    return found


def assert_request(
    request: ChangeRequest, kind: ChangeRequestKind, status: ChangeRequestStatus
) -> None:
    assert (request.kind, request.status) == (kind, status)
    assert request.created_at.tzinfo is not None and request.summary


async def test_contact_and_address_apply_at_once(sandbox: Sandbox) -> None:
    ref = member_of_kind(sandbox, "individual")
    async with opened(sandbox.spec()) as platform:
        changes = changes_of(platform)
        contact = await changes.update_contact(
            ref, ContactChange(email="nouvel.email@example.org", mobile_phone="+33612345678")
        )
        address = await changes.update_address(
            ref, AddressChange("12 rue de la Paix", "75002", "Paris", line2="Bâtiment B")
        )
        after = await member(platform, ref)
        for bad, field in (
            (ContactChange(mobile_phone="+4915112345678"), "mobile_phone"),
            (ContactChange(), "input"),
        ):
            with pytest.raises(InvalidInput) as caught:
                await changes.update_contact(ref, bad)
            assert caught.value.field == field
        with pytest.raises(InvalidInput) as foreign:
            await changes.update_address(
                ref, AddressChange("Rue 1", "10115", "Berlin", country="DE")
            )
        assert foreign.value.field == "country"
    assert_request(contact, ChangeRequestKind.CONTACT, ChangeRequestStatus.DONE)
    assert_request(address, ChangeRequestKind.ADDRESS, ChangeRequestStatus.DONE)
    assert after.email == "nouvel.email@example.org" and after.mobile_phone == "0612345678"
    assert (after.address.line1, after.address.line2, after.address.postcode) == (
        "12 rue de la Paix",
        "Bâtiment B",
        "75002",
    )
    # Refused locally: Cimut never saw the invalid ones.
    assert sandbox.stats() == {
        "ModifierCoordonnees": 1,
        "ModifierAdresse": 1,
        "ConsulterAdherent": 1,
    }


async def test_bank_accounts(sandbox: Sandbox) -> None:
    individual = member_of_kind(sandbox, "individual")
    collective = member_of_kind(sandbox, "collective")
    other = sandbox.office.member(sandbox.numbers()[-1]).bank_accounts[0]
    good = BankAccountChange(
        BankAccountPurpose.REIMBURSEMENT, "Jeanne Martin", other.iban, other.bic, PDF
    )
    wrong_key = good.iban[:-1] + str((int(good.iban[-1]) + 1) % 10)
    async with opened(sandbox.spec()) as platform:
        changes = changes_of(platform)
        recorded = await changes.update_bank_account(individual, good)
        premium = BankAccountChange(
            BankAccountPurpose.PREMIUM, good.holder, good.iban, good.bic, PDF
        )
        premium_done = await changes.update_bank_account(individual, premium)
        with pytest.raises(BackendRejected) as refused:
            await changes.update_bank_account(collective, premium)
        with pytest.raises(InvalidInput) as bad_iban:
            await changes.update_bank_account(
                individual, BankAccountChange(good.purpose, good.holder, wrong_key, good.bic, PDF)
            )
        with pytest.raises(InvalidInput) as bad_bic:
            await changes.update_bank_account(
                individual, BankAccountChange(good.purpose, good.holder, good.iban, "XX1", PDF)
            )
        (followed,) = await changes.change_requests([individual])
    assert_request(recorded, ChangeRequestKind.BANK_ACCOUNT, ChangeRequestStatus.RECEIVED)
    assert recorded.attachments[0].size == PDF.size
    assert recorded.attachments[0].filename == "rib.pdf"
    assert premium_done.kind is ChangeRequestKind.BANK_ACCOUNT
    assert refused.value.code == "COLLECTIVE_CONTRACT" and refused.value.retry_safe is False
    assert bad_iban.value.field == "iban" and bad_bic.value.field == "bic"
    assert not isinstance(followed, Exception)
    assert [r.id for r in followed] == [premium_done.id, recorded.id]


async def test_beneficiaries_added_and_removed(sandbox: Sandbox) -> None:
    ref = member_of_kind(sandbox, "individual", with_spouse=True)
    collective = member_of_kind(sandbox, "collective")
    people = sandbox.office.beneficiaries(ref.number)
    other = next(b for b in people if b.quality != "00" and b.close_date is None)
    child = NewBeneficiary(
        last_name="Martin",
        first_name="Léa",
        birth_date=sandbox.dataset.as_of.replace(day=1),
        quality=BeneficiaryQuality.CHILD,
        regime=None,
        nir=None,
        proof=PNG,
    )
    async with opened(sandbox.spec()) as platform:
        changes = changes_of(platform)
        added = await changes.add_beneficiary(ref, child)
        with pytest.raises(BackendRejected) as collective_add:
            await changes.add_beneficiary(collective, child)
        removed = await changes.remove_beneficiary(
            ref, BeneficiaryRemoval(other.id, "Divorce prononcé le 3 mars")
        )
        refusals = {}
        for target in (other.id, f"{ref.number}-01", f"{ref.number}-99", "nobody"):
            with pytest.raises(BackendRejected) as caught:
                await changes.remove_beneficiary(ref, BeneficiaryRemoval(target, "Autre"))
            refusals[target] = (caught.value.code, caught.value.field)
    assert_request(added, ChangeRequestKind.ADD_BENEFICIARY, ChangeRequestStatus.RECEIVED)
    assert added.attachments[0].filename == "acte.png"  # no client path reaches Cimut
    assert collective_add.value.code == "COLLECTIVE_CONTRACT"
    assert_request(removed, ChangeRequestKind.REMOVE_BENEFICIARY, ChangeRequestStatus.RECEIVED)
    assert refusals == {
        other.id: ("BENEFICIARY_CLOSED", "beneficiary_id"),  # leaving already
        f"{ref.number}-01": ("MAIN_BENEFICIARY", "beneficiary_id"),
        f"{ref.number}-99": ("UNKNOWN_BENEFICIARY", "beneficiary_id"),
        "nobody": ("UNKNOWN_BENEFICIARY", "beneficiary_id"),
    }
    stats = sandbox.stats()
    # The child's régime is the adhérent's: read once per addition without régime.
    assert stats["ListerBeneficiaires"] == 2 and stats["AjouterBeneficiaire"] == 2
    assert stats["RadierBeneficiaire"] == 4  # "nobody" never reached Cimut


async def test_card_and_preferences(sandbox: Sandbox) -> None:
    ref = member_of_kind(sandbox, "individual")
    before = sandbox.office.member(ref.number)
    async with opened(sandbox.spec()) as platform:
        changes = changes_of(platform)
        card = await changes.request_tp_card(ref)
        paperless = await changes.set_paperless(ref, not before.paperless)
        notifications = await changes.set_notifications(ref, not before.notifications)
        after = await member(platform, ref)
        (followed,) = await changes.change_requests([ref])
    assert_request(card, ChangeRequestKind.TP_CARD_REISSUE, ChangeRequestStatus.RECEIVED)
    assert_request(paperless, ChangeRequestKind.PAPERLESS, ChangeRequestStatus.DONE)
    assert_request(notifications, ChangeRequestKind.NOTIFICATIONS, ChangeRequestStatus.DONE)
    assert (after.paperless, after.notifications) == (
        not before.paperless,
        not before.notifications,
    )
    assert not isinstance(followed, Exception)
    assert {r.id for r in followed} == {card.id, paperless.id, notifications.id}
    assert [r.created_at for r in followed] == sorted(
        (r.created_at for r in followed), reverse=True
    )
    assert sandbox.stats()["ModifierPreferences"] == 2


async def test_messages_round_trip(sandbox: Sandbox) -> None:
    ref = member_of_kind(sandbox, "collective")
    async with opened(sandbox.spec()) as platform:
        assert platform.messaging is not None
        sent = await platform.messaging.send_message(
            ref, NewMessage("Question sur un remboursement", "Bonjour,\nmerci.", (PDF, PNG))
        )
        plain = await platform.messaging.send_message(ref, NewMessage("Merci", "Bien reçu."))
        (listed,) = await platform.messaging.messages([ref])
    assert sent.direction is MessageDirection.FROM_MEMBER
    assert (sent.subject, sent.body) == ("Question sur un remboursement", "Bonjour,\nmerci.")
    assert [(a.filename, a.size) for a in sent.attachments] == [
        ("rib.pdf", PDF.size),
        ("acte.png", PNG.size),
    ]
    assert plain.attachments == () and plain.thread_id != sent.thread_id
    assert not isinstance(listed, Exception)
    # Both on top (newest first), each with the adviser's acknowledgement in its thread.
    newest = listed[:4]
    assert {plain.id, sent.id} <= {m.id for m in newest}
    assert sorted(m.thread_id for m in newest) == sorted([sent.thread_id, plain.thread_id] * 2)
    assert [m.sent_at for m in listed] == sorted((m.sent_at for m in listed), reverse=True)


async def test_changes_are_never_retry_safe(sandbox: Sandbox) -> None:
    ref = member_of_kind(sandbox, "individual")
    async with opened(sandbox.spec(timeout="0.5")) as platform:
        changes = changes_of(platform)
        sandbox.faults(hang_rate=1.0, operations=["ModifierPreferences"])
        with pytest.raises(BackendTimeout) as hung:
            await changes.set_paperless(ref, True)
        sandbox.faults(hang_rate=0.0, error_rate=1.0, operations=["DemanderCarteTiersPayant"])
        with pytest.raises(BackendUnavailable) as failed:
            await changes.request_tp_card(ref)
    assert hung.value.retry_safe is False and hung.value.operation == "set_paperless"
    assert failed.value.retry_safe is False and failed.value.operation == "request_tp_card"

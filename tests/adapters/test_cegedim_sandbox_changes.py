"""Cegedim adapter against the real sandbox app: every change request round-trips and shows
in the follow-up, business refusals keep their codes, sandbox faults and the rate limit
become the right port errors."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import date
from typing import Any

import httpx
import pytest
import schwifty

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
    ContactChange,
    InvalidInput,
    MalformedResponse,
    MemberPlatform,
    MemberRef,
    MessageDirection,
    NewAttachment,
    NewBeneficiary,
    NewMessage,
    Regime,
    TenantBackends,
)
from sandbox.cegedim.app import create_app
from sandbox.credentials import cegedim_client_id, cegedim_client_secret
from sandbox.dataset.generator import Dataset
from tests.adapters.test_cegedim_sandbox import MEMBERS, Sandbox
from tests.support.servers import serving

pytestmark = [pytest.mark.anyio, pytest.mark.integration]
PDF = NewAttachment("justificatif.pdf", "application/pdf", b"%PDF-1.4\n% proof\n%%EOF\n")
PNG = NewAttachment("photo.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
IBAN = str(schwifty.IBAN.generate("FR", bank_code="30004", account_code="12345678901"))


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    dataset = Dataset(members_per_tenant=MEMBERS)
    with serving(create_app(dataset, rate_limit=0)) as server:
        yield Sandbox(server.url, dataset)


@pytest.fixture
def fresh(sandbox: Sandbox) -> Sandbox:
    """The sandbox with faults off, counters at zero and the data as generated."""
    httpx.post(sandbox.url + "/_sandbox/reset").raise_for_status()
    return sandbox


@pytest.fixture
async def bocage(fresh: Sandbox) -> AsyncIterator[MemberPlatform]:
    platform = fresh.platform("bocage", timeout="2")
    yield platform
    await TenantBackends("bocage", platform).aclose()


def member(sandbox: Sandbox, *, collective: bool, family: bool = False) -> MemberRef:
    office = sandbox.office("bocage")
    for number in sandbox.numbers("bocage"):
        people = office.beneficiaries(number)
        open_others = [b for b in people if b.quality != "00" and b.close_date is None]
        if (office.contract(number).kind == "collective") == collective and (
            not family or open_others
        ):
            return MemberRef("bocage", number)
    raise AssertionError("no such member in the dataset")


def faults(sandbox: Sandbox, **settings: Any) -> None:
    httpx.post(sandbox.url + "/_sandbox/faults", json=settings).raise_for_status()


async def test_every_change_round_trips(sandbox: Sandbox, bocage: MemberPlatform) -> None:
    changes, messaging = bocage.changes, bocage.messaging
    assert changes is not None and messaging is not None
    ref = member(sandbox, collective=False, family=True)
    office = sandbox.office("bocage")
    child = next(
        b for b in office.beneficiaries(ref.number) if b.quality != "00" and not b.close_date
    )
    made: list[ChangeRequest] = [
        await changes.update_contact(ref, ContactChange(email="nouvel.email@example.org")),
        await changes.update_address(ref, AddressChange("3 place Saint-Sauveur", "14000", "Caen")),
        await changes.update_bank_account(
            ref,
            BankAccountChange(
                BankAccountPurpose.REIMBURSEMENT, "Titulaire Test", IBAN, "BNPAFRPPXXX", PDF
            ),
        ),
        await changes.add_beneficiary(
            ref,
            NewBeneficiary(
                "Test", "Léa", date(2024, 3, 1), BeneficiaryQuality.CHILD, None, None, PDF
            ),
        ),
        await changes.remove_beneficiary(ref, BeneficiaryRemoval(child.id, "Départ du foyer")),
        await changes.request_tp_card(ref),
        await changes.set_paperless(ref, True),
        await changes.set_notifications(ref, False),
    ]
    assert [r.kind for r in made] == list(ChangeRequestKind)
    assert made[2].attachments[0].filename == "justificatif.pdf"
    assert made[3].attachments[0].size == PDF.size
    (followed,) = await changes.change_requests([ref])
    assert not isinstance(followed, Exception)
    assert {r.id for r in followed} == {r.id for r in made}
    (updated,) = await bocage.directory.members([ref])
    assert not isinstance(updated, Exception)
    assert updated.email == "nouvel.email@example.org" and updated.paperless is True
    assert updated.address.town == "Caen" and updated.notifications is False
    plain = await messaging.send_message(ref, NewMessage("Question", "Bonjour, une question."))
    with_files = await messaging.send_message(
        ref, NewMessage("Pièces", "Voici les pièces.", attachments=(PDF, PNG))
    )
    assert plain.direction is MessageDirection.FROM_MEMBER and plain.thread_id
    assert [a.filename for a in with_files.attachments] == ["justificatif.pdf", "photo.png"]
    (messages,) = await messaging.messages([ref])
    assert not isinstance(messages, Exception)
    assert {plain.id, with_files.id} <= {m.id for m in messages}
    calls = sandbox.stats()
    assert calls["createBankDetailsRequest"] == 1 and calls["sendMessage"] == 2
    assert calls["token"] == 1


async def test_business_refusals_keep_their_codes(sandbox: Sandbox, bocage: MemberPlatform) -> None:
    changes = bocage.changes
    assert changes is not None
    collective = member(sandbox, collective=True)
    individual = member(sandbox, collective=False, family=True)
    newborn = NewBeneficiary(
        "Test", "Noé", date(2025, 1, 2), BeneficiaryQuality.CHILD, Regime.GENERAL, None, PDF
    )
    with pytest.raises(BackendRejected) as caught:
        await changes.add_beneficiary(collective, newborn)
    assert caught.value.code == "COLLECTIVE_CONTRACT"
    premium_rib = BankAccountChange(BankAccountPurpose.PREMIUM, "X Y", IBAN, "BNPAFRPPXXX", PDF)
    with pytest.raises(BackendRejected, match="COLLECTIVE_CONTRACT"):
        await changes.update_bank_account(collective, premium_rib)
    main = f"{individual.number}-01"
    for target, code in (
        (main, "MAIN_BENEFICIARY"),
        (f"{individual.number}-77", "UNKNOWN_BENEFICIARY"),
    ):
        with pytest.raises(BackendRejected) as refused:
            await changes.remove_beneficiary(individual, BeneficiaryRemoval(target, "raison"))
        assert refused.value.code == code
    bad_iban = IBAN[:-1] + ("0" if IBAN[-1] != "0" else "1")
    for iban, bic, field in ((bad_iban, "BNPAFRPPXXX", "iban"), (IBAN, "B?", "bic")):
        change = BankAccountChange(BankAccountPurpose.REIMBURSEMENT, "X Y", iban, bic, PDF)
        with pytest.raises(InvalidInput) as invalid:
            await changes.update_bank_account(individual, change)
        assert invalid.value.field == field


@pytest.mark.parametrize(
    ("fault", "kind"),
    [
        ({"error_rate": 1}, BackendUnavailable),
        ({"malformed_rate": 1}, MalformedResponse),
        ({"drop_rate": 1}, BackendUnavailable),
        ({"hang_rate": 1}, BackendTimeout),
    ],
)
async def test_sandbox_faults_become_port_errors(
    sandbox: Sandbox, bocage: MemberPlatform, fault: dict[str, float], kind: type
) -> None:
    ref = MemberRef("bocage", sandbox.numbers("bocage")[0])
    await bocage.directory.members([ref])  # a token first: faults hit the API call only
    faults(sandbox, operations=["getInsured", "createCardReissueRequest"], **fault)
    short = sandbox.platform("bocage", timeout="0.5")
    try:
        with pytest.raises(kind) as whole:  # every key out of reach: the batch fails
            await short.directory.members([ref])
        assert type(whole.value) is kind and whole.value.retry_safe
        assert short.changes is not None
        with pytest.raises(kind) as caught:
            await short.changes.request_tp_card(ref)
        assert not caught.value.retry_safe
    finally:
        await TenantBackends("bocage", short).aclose()


async def test_a_token_endpoint_failure_fails_the_calls(
    sandbox: Sandbox, bocage: MemberPlatform
) -> None:
    faults(sandbox, error_rate=1, operations=["token"])
    with pytest.raises(BackendUnavailable):
        await bocage.directory.members(
            [MemberRef("bocage", n) for n in sandbox.numbers("bocage")[:5]]
        )
    assert sandbox.stats()["token"] == 1


def use_up_window(url: str, numbers: list[str]) -> None:
    """Calls by another client of the same OAuth client, sharing its rate-limit window."""
    form = {
        "grant_type": "client_credentials",
        "client_id": cegedim_client_id("bocage"),
        "client_secret": cegedim_client_secret("bocage"),
    }
    token = httpx.post(f"{url}/bocage/oauth/token", data=form).json()["access_token"]
    for number in numbers:
        httpx.get(
            f"{url}/bocage/api/v1/insureds/{number}", headers={"Authorization": f"Bearer {token}"}
        )


async def test_the_rate_limit_is_waited_out_for_reads(fresh: Sandbox) -> None:
    dataset = fresh.dataset  # a second app on the same data, with a tight rate limit
    with serving(create_app(dataset, rate_limit=3)) as server:
        sandbox = Sandbox(server.url, dataset)
        platform = sandbox.platform("bocage", timeout="4")
        try:
            wanted = [MemberRef("bocage", n) for n in sandbox.numbers("bocage")[:5]]
            found = await platform.directory.members(wanted)
            assert [getattr(m, "ref", None) for m in found] == wanted
            assert sandbox.stats()["getInsured"] > 5  # some were refused, then retried
            changes = platform.changes
            assert changes is not None
            # Another client of the same OAuth client uses up the window: a change is not
            # retried, it fails at once with the platform's Retry-After.
            use_up_window(server.url, sandbox.numbers("bocage")[:3])
            with pytest.raises(BackendUnavailable) as caught:
                await changes.request_tp_card(wanted[0])
            assert caught.value.retry_after is not None and caught.value.retry_after >= 1
        finally:
            await TenantBackends("bocage", platform).aclose()

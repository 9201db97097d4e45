"""The Cimut adapter's replies in a message thread (EnvoyerMessage ``identifiantFil``) and
dated removals (RadierBeneficiaire ``dateEffet``), through zeep and the WSDL against the
real sandbox: the reply lands in the member's thread, the date is on the demande and closes
the beneficiary on that day, and the platform's refusals come back as the port's errors."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from adapters.port import (
    BackendRejected,
    BeneficiaryRemoval,
    ChangeRequestKind,
    InvalidInput,
    MemberRef,
    MessageDirection,
    NewAttachment,
    NewMessage,
)
from tests.adapters.cimut_support import TENANT, Sandbox, no_client_left, opened, running

pytestmark = [pytest.mark.integration, pytest.mark.anyio]

PDF = NewAttachment("facture.pdf", "application/pdf", b"%PDF-1.4\n% facture\n%%EOF\n")


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with running() as started:
        yield started


@pytest.fixture(autouse=True)
def fresh(sandbox: Sandbox) -> Iterator[None]:
    sandbox.reset()
    yield
    no_client_left()


def with_thread(sandbox: Sandbox) -> tuple[MemberRef, str]:
    """A member with a generated conversation, and its most recent thread."""
    for number in sandbox.numbers():
        messages = sandbox.office.messages(number)
        if messages:
            return MemberRef(TENANT, number), messages[0].thread_id
    raise AssertionError("no member with messages in the sample")


async def test_a_reply_lands_in_the_members_thread(sandbox: Sandbox) -> None:
    ref, thread = with_thread(sandbox)
    other = next(n for n in sandbox.numbers() if n != ref.number)
    async with opened(sandbox.spec()) as platform:
        messaging = platform.messaging
        assert messaging is not None
        reply = await messaging.send_message(
            ref, NewMessage("Re: votre question", "Voici la facture.", (PDF,), thread_id=thread)
        )
        (listed,) = await messaging.messages([ref])
        refusals = []
        for who, wanted in ((ref.number, "T-INCONNU-01"), (other, thread)):
            with pytest.raises(BackendRejected) as caught:
                await messaging.send_message(
                    MemberRef(TENANT, who), NewMessage("Re", "Texte", thread_id=wanted)
                )
            refusals.append(caught.value)
        with pytest.raises(BackendRejected) as malformed:  # not a Cimut id: never sent
            await messaging.send_message(ref, NewMessage("Re", "Texte", thread_id="pas un id"))
    assert reply.thread_id == thread and reply.direction is MessageDirection.FROM_MEMBER
    assert [a.filename for a in reply.attachments] == ["facture.pdf"]
    assert not isinstance(listed, Exception)
    in_thread = {m.id for m in listed if m.thread_id == thread}
    recorded = {m.id for m in sandbox.office.messages(ref.number) if m.thread_id == thread}
    assert reply.id in in_thread and in_thread == recorded  # with the acknowledgement
    for refused in (*refusals, malformed.value):
        assert (refused.code, refused.field) == ("UNKNOWN_THREAD", "thread_id")
        assert refused.platform == "cimut" and refused.retry_safe is False
    assert sandbox.stats()["EnvoyerMessage"] == 3  # the malformed id never reached Cimut


async def test_a_dated_removal_carries_its_date_and_closes_on_it(sandbox: Sandbox) -> None:
    office = sandbox.office
    today = max(sandbox.dataset.as_of, datetime.now(UTC).date())
    ref, child = None, None
    for number in sandbox.numbers():
        if office.contract(number).kind != "individual":
            continue
        child = next(
            (
                b
                for b in office.beneficiaries(number)
                if b.quality != "00" and b.close_date is None and b.open_date < today
            ),
            None,
        )
        if child is not None:
            ref = MemberRef(TENANT, number)
            break
    assert ref is not None and child is not None
    when = max(child.open_date, today - timedelta(days=10))
    async with opened(sandbox.spec()) as platform:
        changes = platform.changes
        assert changes is not None
        invalid = []
        for bad in (child.open_date - timedelta(days=1), today + timedelta(days=400)):
            with pytest.raises(InvalidInput) as caught:
                await changes.remove_beneficiary(ref, BeneficiaryRemoval(child.id, "Départ", bad))
            invalid.append(caught.value.field)
        removed = await changes.remove_beneficiary(
            ref, BeneficiaryRemoval(child.id, "Rattachée à l'autre parent", when)
        )
        (followed,) = await changes.change_requests([ref])
        # Once the back office has done it (5 simulated minutes), the child leaves that day.
        office.clock = lambda: datetime.now(UTC) + timedelta(minutes=10)
        try:
            (people,) = await platform.directory.beneficiaries([ref])
        finally:
            office.clock = lambda: datetime.now(UTC)
    assert invalid == ["effective_date", "effective_date"]
    assert removed.kind is ChangeRequestKind.REMOVE_BENEFICIARY and removed.effective_date == when
    assert not isinstance(followed, Exception)
    assert next(r for r in followed if r.id == removed.id).effective_date == when
    assert all(r.effective_date is None for r in followed if r.id != removed.id)
    assert not isinstance(people, Exception)
    assert next(b for b in people if b.id == child.id).close_date == when
    assert sandbox.stats()["RadierBeneficiaire"] == 3

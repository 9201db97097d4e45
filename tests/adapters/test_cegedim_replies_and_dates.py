"""The Cegedim adapter's replies in a message thread (``threadId``, JSON and multipart) and
dated removals (``effectiveDate``), through httpx against the real sandbox app: the reply
lands in the insured's thread, the date is on the request and closes the beneficiary on that
day, refusals come back as the port's errors, and the served OpenAPI document says so."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest

from adapters.port import (
    BackendRejected,
    BeneficiaryRemoval,
    InvalidInput,
    MemberPlatform,
    MemberRef,
    NewAttachment,
    NewMessage,
    TenantBackends,
)
from sandbox.cegedim.app import create_app
from sandbox.dataset.generator import Dataset
from sandbox.dataset.records import Beneficiary
from tests.adapters.test_cegedim_sandbox import MEMBERS, Sandbox
from tests.support.servers import serving

pytestmark = [pytest.mark.anyio, pytest.mark.integration]
PNG = NewAttachment("photo.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 32)


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


def with_thread(sandbox: Sandbox) -> tuple[MemberRef, str]:
    """An insured with a generated conversation, and its most recent thread."""
    office = sandbox.office("bocage")
    for number in sandbox.numbers("bocage"):
        if office.messages(number):
            return MemberRef("bocage", number), office.messages(number)[0].thread_id
    raise AssertionError("no insured with messages in the sample")


def removable(sandbox: Sandbox, today: date) -> tuple[MemberRef, Beneficiary]:
    """An individual contract's open beneficiary (not the insured) who joined before today."""
    office = sandbox.office("bocage")
    for number in sandbox.numbers("bocage"):
        if office.contract(number).kind != "individual":
            continue
        for person in office.beneficiaries(number):
            if person.quality != "00" and person.close_date is None and person.open_date < today:
                return MemberRef("bocage", number), person
    raise AssertionError("no removable beneficiary in the sample")


async def test_replies_land_in_the_insureds_thread(
    sandbox: Sandbox, bocage: MemberPlatform
) -> None:
    messaging = bocage.messaging
    assert messaging is not None
    ref, thread = with_thread(sandbox)
    other = MemberRef("bocage", next(n for n in sandbox.numbers("bocage") if n != ref.number))
    as_json = await messaging.send_message(ref, NewMessage("Re", "Merci.", thread_id=thread))
    as_form = await messaging.send_message(
        ref, NewMessage("Re", "La photo.", (PNG,), thread_id=thread)
    )
    (listed,) = await messaging.messages([ref])
    refusals = []
    for who, wanted in ((ref, "T-INCONNU-01"), (other, thread)):
        with pytest.raises(BackendRejected) as caught:
            await messaging.send_message(who, NewMessage("Re", "Texte", thread_id=wanted))
        refusals.append(caught.value)
    assert as_json.thread_id == as_form.thread_id == thread
    assert [a.filename for a in as_form.attachments] == ["photo.png"]
    assert not isinstance(listed, Exception)
    assert {as_json.id, as_form.id} <= {m.id for m in listed if m.thread_id == thread}
    for refused in refusals:
        assert (refused.code, refused.field, refused.platform) == (
            "UNKNOWN_THREAD",
            "thread_id",
            "cegedim",
        )
        assert refused.retry_safe is False
    assert sandbox.stats()["sendMessage"] == 4


async def test_a_dated_removal_carries_its_date_and_closes_on_it(
    sandbox: Sandbox, bocage: MemberPlatform
) -> None:
    changes = bocage.changes
    assert changes is not None
    today = max(sandbox.dataset.as_of, datetime.now(UTC).date())
    ref, child = removable(sandbox, today)
    when = max(child.open_date, today - timedelta(days=10))
    invalid = []
    for bad in (child.open_date - timedelta(days=1), today + timedelta(days=400)):
        with pytest.raises(InvalidInput) as caught:
            await changes.remove_beneficiary(ref, BeneficiaryRemoval(child.id, "Départ", bad))
        invalid.append(caught.value.field)
    removed = await changes.remove_beneficiary(ref, BeneficiaryRemoval(child.id, "Départ", when))
    (followed,) = await changes.change_requests([ref])
    office = sandbox.office("bocage")
    office.clock = lambda: datetime.now(UTC) + timedelta(minutes=10)  # the request is done
    try:
        (people,) = await bocage.directory.beneficiaries([ref])
    finally:
        office.clock = lambda: datetime.now(UTC)
    assert invalid == ["effective_date", "effective_date"]
    assert removed.effective_date == when
    assert not isinstance(followed, Exception)
    assert {r.id: r.effective_date for r in followed} == {removed.id: when}
    assert not isinstance(people, Exception)
    assert next(b for b in people if b.id == child.id).close_date == when
    assert sandbox.stats()["createBeneficiaryRemovalRequest"] == 3


def test_the_openapi_document_describes_both(sandbox: Sandbox) -> None:
    schemas = httpx.get(sandbox.url + "/openapi.json").json()["components"]["schemas"]
    for body in ("NewMessage", "NewMessageWithAttachments"):
        assert schemas[body]["properties"]["threadId"]["type"] == "string"
        assert "threadId" not in schemas[body]["required"]
    removal = schemas["BeneficiaryRemoval"]
    assert removal["properties"]["effectiveDate"]["format"] == "date"
    assert "effectiveDate" not in removal["required"]
    assert "effectiveDate" in schemas["Request"]["properties"]
    codes = schemas["Problem"]["properties"]["code"]["enum"]
    assert {"UNKNOWN_THREAD", "INVALID_EFFECTIVE_DATE"} <= set(codes)

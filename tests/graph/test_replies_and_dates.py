"""Replying in a thread and dated removals through the graph (fake platform): the values
reach the port, the date shows on the request, and a thread or date the gateway can tell is
wrong is BAD_USER_INPUT naming the field, with no change sent to the platform."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from adapters.fake import AS_OF, FakeBackends
from adapters.port import BackendRejected, BeneficiaryRemoval, NewMessage
from adapters.port.errors import UNKNOWN_THREAD
from resolvers.ids import NodeKey, global_id
from tests.graph.support import ALONE, FAMILY, call, data, error, run

pytestmark = pytest.mark.anyio

REMOVE = """mutation($input: RemoveBeneficiaryInput!) { removeBeneficiary(input: $input) {
  changeRequest { id kind effectiveDate } } }"""
MESSAGE = """mutation($input: SendMessageInput!) { sendMessage(input: $input) {
  message { id threadId } thread { id messages { id } } } }"""


def thread_id(member: str, key: str) -> str:
    return global_id("Thread", NodeKey("azur", member, key))


def beneficiary_id(member: str, rank: int) -> str:
    return global_id("Beneficiary", NodeKey("azur", member, f"{member}-{rank:02d}"))


def sent_changes(fake: FakeBackends) -> list[str]:
    return [op for op in fake.calls.operations() if op in ("send_message", "remove_beneficiary")]


async def test_a_reply_goes_into_the_members_thread(fake: FakeBackends) -> None:
    variables = {
        "input": {"subject": "Re", "body": "Merci", "threadId": thread_id(FAMILY, f"T{FAMILY}-1")}
    }
    sent = data(await run(fake, MESSAGE, variables))["sendMessage"]
    message = call(fake, "send_message")[1]
    assert isinstance(message, NewMessage) and message.thread_id == f"T{FAMILY}-1"
    assert sent["message"]["threadId"] == sent["thread"]["id"] == variables["input"]["threadId"]
    assert sent["message"]["id"] in {m["id"] for m in sent["thread"]["messages"]}
    assert len(sent["thread"]["messages"]) == 3  # the two it had, and the reply


@pytest.mark.parametrize(
    "wanted",
    [
        thread_id(FAMILY, f"T{FAMILY}-9"),  # well-formed, the member's, but no such thread
        thread_id(ALONE, f"T{ALONE}-1"),  # another member's thread
        global_id("Thread", NodeKey("other", FAMILY, f"T{FAMILY}-1")),  # another tenant's
        global_id("Message", NodeKey("azur", FAMILY, f"M{FAMILY}-1")),  # not a thread id
        "bm90LWFuLWlk",  # not a global id at all
    ],
)
async def test_an_unknown_thread_is_refused_before_sending(fake: FakeBackends, wanted: str) -> None:
    variables = {"input": {"subject": "Re", "body": "Merci", "threadId": wanted}}
    err = error(await run(fake, MESSAGE, variables))
    assert err["extensions"] == {"code": "BAD_USER_INPUT", "field": "input.threadId"}
    assert sent_changes(fake) == []


async def test_a_platform_refusing_the_thread_is_a_clear_error(fake: FakeBackends) -> None:
    fake.calls.fail(
        "send_message",
        BackendRejected(
            UNKNOWN_THREAD, platform="fake", operation="send_message", field="thread_id"
        ),
    )
    variables = {
        "input": {"subject": "Re", "body": "x", "threadId": thread_id(FAMILY, f"T{FAMILY}-1")}
    }
    err = error(await run(fake, MESSAGE, variables))
    assert err["extensions"] == {
        "code": "BACKEND_REJECTED",
        "platform": "fake",
        "reason": "UNKNOWN_THREAD",
        "field": "input.threadId",
    }


async def test_a_dated_removal_shows_its_date(fake: FakeBackends) -> None:
    when = AS_OF - timedelta(days=30)
    variables: dict[str, Any] = {
        "input": {
            "beneficiaryId": beneficiary_id(FAMILY, 3),
            "reason": "Rattachée à l'autre parent",
            "effectiveDate": when.isoformat(),
        }
    }
    done = data(await run(fake, REMOVE, variables))["removeBeneficiary"]["changeRequest"]
    change = call(fake, "remove_beneficiary")[1]
    assert isinstance(change, BeneficiaryRemoval) and change.effective_date == when
    assert done["effectiveDate"] == when.isoformat()
    later = data(await run(fake, "{ me { changeRequests { id effectiveDate } } }"))
    assert later["me"]["changeRequests"][0] == {"id": done["id"], "effectiveDate": str(when)}


@pytest.mark.parametrize(
    ("days", "reads"),
    [
        (-366, []),  # more than a year back: refused without reading anything
        (366, []),  # more than a year ahead
        (-15, ["beneficiaries"]),  # before the beneficiary joined (10 days ago): read first
    ],
)
async def test_an_out_of_range_date_is_refused_before_sending(
    fake: FakeBackends, days: int, reads: list[str]
) -> None:
    people = fake.files[FAMILY].beneficiaries
    people[3] = replace(people[3], open_date=AS_OF - timedelta(days=10))
    when = AS_OF + timedelta(days=days)
    variables = {
        "input": {
            "beneficiaryId": beneficiary_id(FAMILY, 4),
            "reason": "Départ",
            "effectiveDate": when.isoformat(),
        }
    }
    err = error(await run(fake, REMOVE, variables))
    assert err["extensions"] == {"code": "BAD_USER_INPUT", "field": "input.effectiveDate"}
    assert fake.calls.operations() == reads

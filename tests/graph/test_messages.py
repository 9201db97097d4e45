"""Messaging and the follow-up of requests."""

from __future__ import annotations

import pytest

from adapters.fake import FakeBackends
from tests.graph.support import data, run

pytestmark = pytest.mark.anyio


async def test_messages_threads_and_requests(fake: FakeBackends) -> None:
    query = """{ me {
      messages(first: 2) { totalCount pageInfo { hasNextPage }
        edges { node { id sentAt direction subject body read threadId attachments { filename } } } }
      threads { id subject lastMessageAt unreadCount messages { id direction } }
      changeRequests { id kind status createdAt summary }
    } }"""
    me = data(await run(fake, query))["me"]
    assert me["messages"]["totalCount"] == 4 and me["messages"]["pageInfo"]["hasNextPage"]
    newest = me["messages"]["edges"][0]["node"]
    assert newest["direction"] == "TO_MEMBER" and newest["read"] is False
    threads = me["threads"]
    assert [t["subject"] for t in threads] == [
        "Votre nouvelle carte",
        "Remboursement lunettes",
        "Bienvenue",
    ]
    assert threads[0]["unreadCount"] == 1 and len(threads[1]["messages"]) == 2
    assert newest["threadId"] == threads[0]["id"]
    assert me["changeRequests"][0]["status"] == "DONE"
    assert fake.calls.calls == {"messages": 1, "change_requests": 1}

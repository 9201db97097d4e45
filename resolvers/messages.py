"""Messaging (messagerie) and the follow-up of requests (suivi des demandes)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from adapters.port import ChangeRequest, Message, MessageDirection
from resolvers import audit
from resolvers.access import Access
from resolvers.context import RequestState
from resolvers.errors import NotFoundError, UserInputError


@dataclass(frozen=True, slots=True)
class Thread:
    """A conversation: its messages newest first."""

    id: str
    messages: tuple[Message, ...]

    @property
    def subject(self) -> str:
        return self.messages[-1].subject  # the subject it was opened with

    @property
    def last_message_at(self) -> datetime:
        return self.messages[0].sent_at

    @property
    def unread_count(self) -> int:
        return sum(
            1 for m in self.messages if not m.read and m.direction is MessageDirection.TO_MEMBER
        )


async def messages(state: RequestState, access: Access) -> Sequence[Message]:
    if access.restricted:
        return ()  # the adhérent's conversations
    return await audit.read(state, access, "messages", state.loaders.messages.load(access.member))


async def message(state: RequestState, access: Access, message_id: str) -> Message:
    for candidate in await messages(state, access):
        if candidate.id == message_id:
            return candidate
    raise NotFoundError()


async def threads(state: RequestState, access: Access) -> list[Thread]:
    """Threads, the most recently active first."""
    grouped: dict[str, list[Message]] = {}
    for m in sorted(await messages(state, access), key=lambda m: m.sent_at, reverse=True):
        grouped.setdefault(m.thread_id, []).append(m)
    return [Thread(thread_id, tuple(ms)) for thread_id, ms in grouped.items()]


async def thread(state: RequestState, access: Access, thread_id: str) -> Thread:
    for candidate in await threads(state, access):
        if candidate.id == thread_id:
            return candidate
    raise NotFoundError()


async def require_own_thread(
    state: RequestState, access: Access, thread_id: str, field: str
) -> None:
    """Refuses (BAD_USER_INPUT on ``field``) a thread that is not among the member's
    messages, before a reply is sent into it. Reads through the per-member cache."""
    known = await state.loaders.messages.load(access.member)
    if all(m.thread_id != thread_id for m in known):
        raise UserInputError(field, "Unknown Thread.")


async def change_requests(state: RequestState, access: Access) -> Sequence[ChangeRequest]:
    if access.restricted:
        return ()  # the adhérent's requests
    return await state.loaders.change_requests.load(access.member)


async def change_request(state: RequestState, access: Access, request_id: str) -> ChangeRequest:
    for candidate in await change_requests(state, access):
        if candidate.id == request_id:
            return candidate
    raise NotFoundError()

"""Messaging (messagerie: threads and messages) and requests (demandes) with their status."""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry import relay

from adapters import port
from resolvers.access import Access
from resolvers.ids import NodeKey
from resolvers.messages import Thread as ThreadRecord
from schema import fields
from schema.enums import ChangeRequestKind, ChangeRequestStatus, MessageDirection
from schema.types.common import Attachment


@strawberry.type(description="A message from or to an adviser.")
class Message(relay.Node):
    key: relay.NodeID[str]
    access: strawberry.Private[Access]
    thread_key: strawberry.Private[str]
    sent_at: datetime = strawberry.field(description="When it was sent.")
    direction: MessageDirection = strawberry.field(description="From or to the member.")
    subject: str = strawberry.field(description="Motif.")
    body: str = strawberry.field(description="Text of the message.")
    attachments: list[Attachment] = strawberry.field(description="Pièces jointes.")
    read: bool = strawberry.field(description="Read by the member.")

    @classmethod
    def of(cls, record: port.Message, access: Access) -> Message:
        member = access.member
        return cls(
            key=NodeKey(member.tenant, member.number, record.id).encode(),
            access=access,
            thread_key=NodeKey(member.tenant, member.number, record.thread_id).encode(),
            sent_at=record.sent_at,
            direction=record.direction,
            subject=record.subject,
            body=record.body,
            attachments=[Attachment.of(a) for a in record.attachments],
            read=record.read,
        )

    @fields.field(description="The id of the Thread this message belongs to.")
    def thread_id(self) -> relay.GlobalID:
        return relay.GlobalID("Thread", self.thread_key)


@strawberry.type(name="MessageConnection", description="A page of messages, newest first.")
class MessageConnection(relay.Connection[Message]):
    total_count: int = strawberry.field(description="How many messages in all.")


@strawberry.type(description="A conversation with the advisers.")
class Thread(relay.Node):
    key: relay.NodeID[str]
    subject: str = strawberry.field(description="The subject it was opened with.")
    last_message_at: datetime = strawberry.field(description="Time of the latest message.")
    unread_count: int = strawberry.field(description="Messages to the member not yet read.")
    messages: list[Message] = strawberry.field(description="Its messages, newest first.")

    @classmethod
    def of(cls, thread: ThreadRecord, access: Access) -> Thread:
        member = access.member
        return cls(
            key=NodeKey(member.tenant, member.number, thread.id).encode(),
            subject=thread.subject,
            last_message_at=thread.last_message_at,
            unread_count=thread.unread_count,
            messages=[Message.of(m, access) for m in thread.messages],
        )


@strawberry.type(description="A member's request (demande) and its follow-up (suivi).")
class ChangeRequest(relay.Node):
    key: relay.NodeID[str]
    kind: ChangeRequestKind = strawberry.field(description="What was asked.")
    status: ChangeRequestStatus = strawberry.field(description="Where it stands.")
    created_at: datetime = strawberry.field(description="When it was made.")
    updated_at: datetime = strawberry.field(description="Last status change.")
    summary: str = strawberry.field(description='Short description, e.g. "Changement de RIB".')
    attachments: list[Attachment] = strawberry.field(description="Files sent with it.")
    effective_date: date | None = strawberry.field(
        description="The date the change takes effect, when the member asked for one "
        "(date d'effet of a removal)."
    )

    @classmethod
    def of(cls, record: port.ChangeRequest, access: Access) -> ChangeRequest:
        member = access.member
        return cls(
            key=NodeKey(member.tenant, member.number, record.id).encode(),
            kind=record.kind,
            status=record.status,
            created_at=record.created_at,
            updated_at=record.updated_at,
            summary=record.summary,
            attachments=[Attachment.of(a) for a in record.attachments],
            effective_date=record.effective_date,
        )

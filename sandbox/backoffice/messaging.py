"""The back office's secure messaging (messagerie) between a member and the advisers.

Generated messages come with the member's file; messages the member sends are kept in the
overlay, each followed one second later by an automatic acknowledgement in the same thread.
A member may start a thread or reply in one of their own threads, never in another's.
"""

from __future__ import annotations

from datetime import timedelta

from sandbox.backoffice.core import BusinessError, OfficeCore, refusals
from sandbox.dataset import validation
from sandbox.dataset.records import Attachment, Message

ACKNOWLEDGEMENT = (
    "Bonjour, nous avons bien reçu votre message. Un conseiller vous répondra sous "
    "48 heures ouvrées. Cordialement, le service adhérents."
)


class Messaging(OfficeCore):
    """The member's message threads, and sending a message or a reply."""

    def messages(self, number: str) -> tuple[Message, ...]:
        """Messages to and from advisers, newest first."""
        file = self._file(number)
        everything = (*file.messages, *self.overlay.messages(number))
        return tuple(sorted(everything, key=lambda m: (m.sent_at, m.id), reverse=True))

    def send_message(
        self,
        number: str,
        *,
        subject: str,
        body: str,
        attachments: tuple[Attachment, ...],
        thread_id: str | None = None,
    ) -> Message:
        """Sends a message to the advisers, in a new thread or as a reply in ``thread_id``
        (one of the member's: else UNKNOWN_THREAD); an automatic acknowledgement follows
        in the same thread."""
        self._file(number)
        if thread_id is not None and all(m.thread_id != thread_id for m in self.messages(number)):
            raise BusinessError("UNKNOWN_THREAD", "no such message thread for this member")
        with refusals():
            subject = validation.text(subject, "subject", 120)
            body = validation.text(body, "message", 5000)
            for item in attachments:
                validation.attachment(item, "each attachment")
        now = self.clock()

        def build(counter: int) -> tuple[Message, ...]:
            thread = thread_id or f"T{number}-N{counter:04d}"
            sent = Message(
                f"M{number}-N{counter:04d}A",
                thread,
                number,
                now,
                "from_member",
                subject,
                body,
                tuple(attachments),
                True,
            )
            ack = Message(
                f"M{number}-N{counter:04d}B",
                thread,
                number,
                now + timedelta(seconds=1),
                "to_member",
                subject,
                ACKNOWLEDGEMENT,
                (),
                False,
            )
            return (sent, ack)

        return self.overlay.send(number, build)

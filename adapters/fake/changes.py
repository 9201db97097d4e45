"""The fake member platform's changes: each records a ChangeRequest like a back office.

Contact details, postal address, paperless and notification preferences apply at once
(status DONE); bank accounts, beneficiaries and card reissues stay RECEIVED. Collective
contracts refuse premium-account and beneficiary changes (COLLECTIVE_CONTRACT); a reply to
a thread the member does not have is refused (UNKNOWN_THREAD).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from itertools import count

from adapters.fake.reads import FakeReads
from adapters.fake.world import AS_OF, MemberFile
from adapters.port import (
    AddressChange,
    Attachment,
    BackendRejected,
    BankAccountChange,
    BankAccountPurpose,
    BeneficiaryQuality,
    BeneficiaryRemoval,
    ChangeRequest,
    ChangeRequestKind,
    ChangeRequestStatus,
    ContactChange,
    ContractKind,
    MemberRef,
    Message,
    MessageDirection,
    NewAttachment,
    NewBeneficiary,
    NewMessage,
    PostalAddress,
)
from adapters.port.errors import (
    BENEFICIARY_CLOSED,
    COLLECTIVE_CONTRACT,
    MAIN_BENEFICIARY,
    UNKNOWN_BENEFICIARY,
    UNKNOWN_THREAD,
)

Kind = ChangeRequestKind
Status = ChangeRequestStatus


class FakeChanges(FakeReads):
    """Reads plus every change a member can ask for."""

    _ids = count(1)
    _now = datetime(AS_OF.year, AS_OF.month, AS_OF.day, 12, 0, tzinfo=UTC)

    def _record_request(
        self,
        file: MemberFile,
        kind: ChangeRequestKind,
        summary: str,
        *,
        done: bool,
        attachments: tuple[NewAttachment, ...] = (),
        effective_date: date | None = None,
    ) -> ChangeRequest:
        number = next(self._ids)
        at = self._now + timedelta(minutes=number)
        request = ChangeRequest(
            id=f"R{file.member.ref.number}-{number}",
            kind=kind,
            status=Status.DONE if done else Status.RECEIVED,
            created_at=at,
            updated_at=at,
            summary=summary,
            attachments=tuple(Attachment(a.filename, a.content_type, a.size) for a in attachments),
            effective_date=effective_date,
        )
        file.change_requests.insert(0, request)
        return request

    def _refuse_if_collective(self, file: MemberFile, operation: str) -> None:
        if file.contract.kind is ContractKind.COLLECTIVE:
            raise BackendRejected(COLLECTIVE_CONTRACT, platform=self.name, operation=operation)

    async def update_contact(self, member: MemberRef, change: ContactChange) -> ChangeRequest:
        self.calls.record("update_contact", member, change)
        file = self._file(member, "update_contact")
        m = file.member
        file.member = replace(
            m,
            email=change.email or m.email,
            mobile_phone=change.mobile_phone or m.mobile_phone,
            home_phone=change.home_phone or m.home_phone,
        )
        return self._record_request(file, Kind.CONTACT, "Changement de coordonnées", done=True)

    async def update_address(self, member: MemberRef, change: AddressChange) -> ChangeRequest:
        self.calls.record("update_address", member, change)
        file = self._file(member, "update_address")
        address = PostalAddress(change.line1, change.postcode, change.town, change.line2)
        file.member = replace(file.member, address=address)
        return self._record_request(file, Kind.ADDRESS, "Changement d'adresse", done=True)

    async def update_bank_account(
        self, member: MemberRef, change: BankAccountChange
    ) -> ChangeRequest:
        self.calls.record("update_bank_account", member, change)
        file = self._file(member, "update_bank_account")
        if change.purpose is BankAccountPurpose.PREMIUM:
            self._refuse_if_collective(file, "update_bank_account")
        label = (
            "remboursements"
            if change.purpose is BankAccountPurpose.REIMBURSEMENT
            else "cotisations"
        )
        return self._record_request(
            file,
            Kind.BANK_ACCOUNT,
            f"Changement de RIB ({label})",
            done=False,
            attachments=(change.proof,),
        )

    async def add_beneficiary(self, member: MemberRef, change: NewBeneficiary) -> ChangeRequest:
        self.calls.record("add_beneficiary", member, change)
        file = self._file(member, "add_beneficiary")
        self._refuse_if_collective(file, "add_beneficiary")
        return self._record_request(
            file,
            Kind.ADD_BENEFICIARY,
            "Ajout d'un bénéficiaire",
            done=False,
            attachments=(change.proof,),
        )

    async def remove_beneficiary(
        self, member: MemberRef, change: BeneficiaryRemoval
    ) -> ChangeRequest:
        self.calls.record("remove_beneficiary", member, change)
        file = self._file(member, "remove_beneficiary")
        self._refuse_if_collective(file, "remove_beneficiary")
        target = next((b for b in file.beneficiaries if b.id == change.beneficiary_id), None)
        code = (
            UNKNOWN_BENEFICIARY
            if target is None
            else MAIN_BENEFICIARY
            if target.quality is BeneficiaryQuality.INSURED
            else BENEFICIARY_CLOSED
            if target.close_date is not None
            else None
        )
        if code is not None:
            raise BackendRejected(
                code, platform=self.name, operation="remove_beneficiary", field="beneficiary_id"
            )
        return self._record_request(
            file,
            Kind.REMOVE_BENEFICIARY,
            "Radiation d'un bénéficiaire",
            done=False,
            effective_date=change.effective_date,
        )

    async def request_tp_card(self, member: MemberRef) -> ChangeRequest:
        self.calls.record("request_tp_card", member)
        file = self._file(member, "request_tp_card")
        return self._record_request(
            file, Kind.TP_CARD_REISSUE, "Réédition de la carte de tiers payant", done=False
        )

    async def set_paperless(self, member: MemberRef, enabled: bool) -> ChangeRequest:
        self.calls.record("set_paperless", member, enabled)
        file = self._file(member, "set_paperless")
        file.member = replace(file.member, paperless=enabled)
        return self._record_request(file, Kind.PAPERLESS, "Relevés dématérialisés", done=True)

    async def set_notifications(self, member: MemberRef, enabled: bool) -> ChangeRequest:
        self.calls.record("set_notifications", member, enabled)
        file = self._file(member, "set_notifications")
        file.member = replace(file.member, notifications=enabled)
        return self._record_request(file, Kind.NOTIFICATIONS, "Alertes de remboursement", done=True)

    async def send_message(self, member: MemberRef, message: NewMessage) -> Message:
        self.calls.record("send_message", member, message)
        file = self._file(member, "send_message")
        if message.thread_id is not None and all(
            m.thread_id != message.thread_id for m in file.messages
        ):
            raise BackendRejected(
                UNKNOWN_THREAD, platform=self.name, operation="send_message", field="thread_id"
            )
        number = next(self._ids)
        recorded = Message(
            id=f"M{member.number}-n{number}",
            thread_id=message.thread_id or f"T{member.number}-n{number}",
            sent_at=self._now + timedelta(minutes=number),
            direction=MessageDirection.FROM_MEMBER,
            subject=message.subject,
            body=message.body,
            attachments=tuple(
                Attachment(a.filename, a.content_type, a.size) for a in message.attachments
            ),
        )
        file.messages.insert(0, recorded)
        return recorded

"""The Cegedim adapter's changes (ChangeRequestsPort) and messages sent (MessagingPort).

Each change is one ``POST .../requests/<kind>`` answered ``201`` with the request recorded:
JSON for contact details, postal address, removals, card reissues and preferences;
``multipart/form-data`` for bank details (file part ``rib``) and beneficiary additions
(``proof``); a message is JSON, or multipart with its files as repeated ``attachments``
parts. Changes are never retried after the platform may have acted (only a ``401``, refused
before anything happens, is sent again with a fresh token).

A removal's ``effective_date`` travels as ``effectiveDate`` (ISO date; absent, the platform
dates it) and a reply as the message's ``threadId`` (absent: a new thread; a thread that is
not the member's is a 404 UNKNOWN_THREAD → BackendRejected). What this API cannot carry: an
address abroad (French postal addresses only: InvalidInput "country" without a call). A new
beneficiary without a régime (a child attached to a parent) is sent with the adhérent's
régime, read from the beneficiaries list.
"""

from __future__ import annotations

from adapters.port import (
    AddressChange,
    BankAccountChange,
    BeneficiaryQuality,
    BeneficiaryRemoval,
    ChangeRequest,
    ContactChange,
    InvalidInput,
    MemberRef,
    Message,
    NewAttachment,
    NewBeneficiary,
    NewMessage,
    Regime,
)
from adapters.rest.cegedim import codes
from adapters.rest.cegedim import decode_activity as activity
from adapters.rest.cegedim import decode_insured as insured
from adapters.rest.cegedim.base import guard
from adapters.rest.cegedim.payments import CegedimPayments
from adapters.rest.cegedim.settings import PLATFORM

FilePart = tuple[str, tuple[str, bytes, str]]


def file_part(name: str, attachment: NewAttachment) -> FilePart:
    return name, (attachment.filename, attachment.content, attachment.content_type)


class CegedimChanges(CegedimPayments):
    """Every member capability: reads, payments, changes and messaging."""

    async def _post(
        self, operation: str, member: MemberRef, kind: str, json: dict[str, object] | None
    ) -> ChangeRequest:
        with guard(operation, read=False):
            path = self._insured(member, operation) + "/requests/" + kind
            body = await self.http.post_json(operation, path, json)
            return activity.change_request(body)

    async def _post_form(
        self,
        operation: str,
        member: MemberRef,
        kind: str,
        fields: dict[str, str],
        files: list[FilePart],
    ) -> ChangeRequest:
        with guard(operation, read=False):
            path = self._insured(member, operation) + "/requests/" + kind
            body = await self.http.post_form(operation, path, fields, files)
            return activity.change_request(body)

    async def update_contact(self, member: MemberRef, change: ContactChange) -> ChangeRequest:
        values = {
            "email": change.email,
            "mobilePhone": change.mobile_phone,
            "homePhone": change.home_phone,
        }
        body: dict[str, object] = {k: v for k, v in values.items() if v is not None}
        return await self._post("update_contact", member, "contactDetails", body)

    async def update_address(self, member: MemberRef, change: AddressChange) -> ChangeRequest:
        if change.country.upper() != "FR":
            raise InvalidInput(
                "country",
                platform=PLATFORM,
                operation="update_address",
                message="update_address: French postal addresses only",
            )
        body: dict[str, object] = {
            "line1": change.line1,
            "line2": change.line2,
            "postalCode": change.postcode,
            "city": change.town,
        }
        return await self._post("update_address", member, "postalAddress", body)

    async def update_bank_account(
        self, member: MemberRef, change: BankAccountChange
    ) -> ChangeRequest:
        fields = {
            "usage": codes.ACCOUNT_USAGE_CODE[change.purpose],
            "holderName": change.holder,
            "iban": change.iban,
            "bic": change.bic,
        }
        return await self._post_form(
            "update_bank_account", member, "bankDetails", fields, [file_part("rib", change.proof)]
        )

    async def add_beneficiary(self, member: MemberRef, change: NewBeneficiary) -> ChangeRequest:
        operation = "add_beneficiary"
        regime = change.regime
        if regime is None:
            regime = await self._insured_regime(member, operation)
        fields = {
            "lastName": change.last_name,
            "firstName": change.first_name,
            "birthDate": change.birth_date.isoformat(),
            "relationship": codes.RELATIONSHIP_CODE[change.quality],
            "healthInsuranceScheme": regime.value,
        }
        if change.nir:
            fields["socialSecurityNumber"] = change.nir
        files = [file_part("proof", change.proof)]
        return await self._post_form(operation, member, "beneficiaryAdditions", fields, files)

    async def _insured_regime(self, member: MemberRef, operation: str) -> Regime:
        with guard(operation):
            path = self._insured(member, operation) + "/beneficiaries"
            people = insured.beneficiaries(await self.http.get_json(operation, path))
            main = next((b for b in people if b.quality is BeneficiaryQuality.INSURED), None)
            if main is None or main.regime is None:
                raise InvalidInput("regime", platform=PLATFORM, operation=operation)
            return main.regime

    async def remove_beneficiary(
        self, member: MemberRef, change: BeneficiaryRemoval
    ) -> ChangeRequest:
        body: dict[str, object] = {"beneficiaryId": change.beneficiary_id, "reason": change.reason}
        if change.effective_date is not None:
            body["effectiveDate"] = change.effective_date.isoformat()
        return await self._post("remove_beneficiary", member, "beneficiaryRemovals", body)

    async def request_tp_card(self, member: MemberRef) -> ChangeRequest:
        return await self._post("request_tp_card", member, "cardReissues", None)

    async def set_paperless(self, member: MemberRef, enabled: bool) -> ChangeRequest:
        return await self._post("set_paperless", member, "paperless", {"enabled": enabled})

    async def set_notifications(self, member: MemberRef, enabled: bool) -> ChangeRequest:
        return await self._post("set_notifications", member, "notifications", {"enabled": enabled})

    # -- MessagingPort -------------------------------------------------------------------
    async def send_message(self, member: MemberRef, message: NewMessage) -> Message:
        operation = "send_message"
        with guard(operation, read=False):
            path = self._insured(member, operation) + "/messages"
            fields = {"subject": message.subject, "body": message.body}
            if message.thread_id is not None:
                fields["threadId"] = message.thread_id  # a reply in that thread
            if message.attachments:
                files = [file_part("attachments", a) for a in message.attachments]
                body = await self.http.post_form(operation, path, fields, files)
            else:
                body = await self.http.post_json(operation, path, fields)
            return activity.message(body)

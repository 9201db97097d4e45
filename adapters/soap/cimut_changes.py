"""Cimut's changes (demandes) and sending a message: the writes of the port.

    update_contact       ModifierCoordonnees (E.164 phones → 10 national digits)
    update_address       ModifierAdresse (French addresses only: the operation has no country)
    update_bank_account  ModifierRib (codeUsage REMB/COTI, the RIB attached in base64)
    add_beneficiary      AjouterBeneficiaire (no régime given: the adhérent's, read first)
    remove_beneficiary   RadierBeneficiaire (the member's reason → codeMotifRadiation, and
                         the words as the comment; the effective date as dateEffet)
    request_tp_card      DemanderCarteTiersPayant
    set_paperless        ModifierPreferences(releveDematerialise)
    set_notifications    ModifierPreferences(notificationRemboursement)
    send_message         EnvoyerMessage (a reply carries its thread as identifiantFil; none
                         opens a new thread; FIL_INCONNU → BackendRejected(UNKNOWN_THREAD))

None of them is safe to retry (``retry_safe=False``): the request may have been recorded
before the connection broke.
"""

from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from adapters.port.codes import BeneficiaryQuality
from adapters.port.errors import (
    UNKNOWN_BENEFICIARY,
    UNKNOWN_THREAD,
    BackendRejected,
    InvalidInput,
)
from adapters.port.members import MemberRef
from adapters.port.requests import (
    AddressChange,
    BankAccountChange,
    BeneficiaryRemoval,
    ChangeRequest,
    ContactChange,
    Message,
    NewAttachment,
    NewBeneficiary,
    NewMessage,
)
from adapters.soap import cimut_codes as codes
from adapters.soap import cimut_papers as papers
from adapters.soap.cimut_faults import PLATFORM
from adapters.soap.cimut_quirks import (
    clip,
    format_date,
    format_flag,
    is_beneficiary_id,
    is_identifier,
    many,
    wire_phone,
)
from adapters.soap.cimut_reads import CimutReads

DEFAULT_REGIME = "01"  # régime général, when even the adhérent's is unknown


def attachment(file: NewAttachment) -> dict[str, Any]:
    """A PieceJointe: zeep base64-encodes the bytes of ``contenu``."""
    name = PureWindowsPath(PurePosixPath(file.filename).name).name or "piece-jointe"
    return {"nomFichier": name[-128:], "typeMime": file.content_type, "contenu": file.content}


class CimutChanges(CimutReads):
    """Reads plus every change a member can ask for, and the messagerie's send."""

    async def _change(
        self, member: MemberRef, operation: str, soap_operation: str, **arguments: Any
    ) -> Any:
        if not self.session.owns(member):
            raise self.session.not_found(operation)
        return await self.session.call(
            soap_operation,
            port_operation=operation,
            retry_safe=False,
            numeroAdherent=member.number,
            **arguments,
        )

    def _request(self, operation: str, reply: Any) -> ChangeRequest:
        with self.session.reading(operation, retry_safe=False):
            return papers.change_request(reply)

    def _invalid(self, field: str, operation: str) -> InvalidInput:
        return InvalidInput(field, platform=PLATFORM, operation=operation)

    async def update_contact(self, member: MemberRef, change: ContactChange) -> ChangeRequest:
        operation = "update_contact"
        arguments: dict[str, str] = {}
        if change.email is not None:
            arguments["email"] = change.email.strip()
        for field, element, value in (
            ("mobile_phone", "telephonePortable", change.mobile_phone),
            ("home_phone", "telephoneFixe", change.home_phone),
        ):
            if value is not None:
                try:
                    arguments[element] = wire_phone(value)
                except ValueError:
                    raise self._invalid(field, operation) from None
        if not arguments:
            raise self._invalid("input", operation)
        reply = await self._change(member, operation, "ModifierCoordonnees", **arguments)
        return self._request(operation, reply)

    async def update_address(self, member: MemberRef, change: AddressChange) -> ChangeRequest:
        operation = "update_address"
        if change.country.upper() != "FR":
            raise self._invalid("country", operation)
        arguments = {"ligne1": change.line1, "codePostal": change.postcode, "commune": change.town}
        if change.line2 and change.line2.strip():
            arguments["ligne2"] = change.line2
        reply = await self._change(member, operation, "ModifierAdresse", **arguments)
        return self._request(operation, reply)

    async def update_bank_account(
        self, member: MemberRef, change: BankAccountChange
    ) -> ChangeRequest:
        operation = "update_bank_account"
        reply = await self._change(
            member,
            operation,
            "ModifierRib",
            codeUsage=codes.encode(codes.ACCOUNT_USAGE, change.purpose),
            titulaire=change.holder,
            iban=change.iban,
            bic=change.bic,
            domiciliation="",  # Cimut names the bank from the IBAN
            pieceJointe=attachment(change.proof),
        )
        return self._request(operation, reply)

    async def add_beneficiary(self, member: MemberRef, change: NewBeneficiary) -> ChangeRequest:
        operation = "add_beneficiary"
        regime = change.regime.value if change.regime else await self._insured_regime(member)
        arguments: dict[str, Any] = {
            "nom": change.last_name,
            "prenom": change.first_name,
            "dateNaissance": format_date(change.birth_date),
            "codeQualite": change.quality.value,
            "codeRegime": regime,
            "pieceJointe": attachment(change.proof),
        }
        if change.nir:
            arguments["nir"] = change.nir
        reply = await self._change(member, operation, "AjouterBeneficiaire", **arguments)
        return self._request(operation, reply)

    async def _insured_regime(self, member: MemberRef) -> str:
        """The adhérent's régime code: a child attached to a parent shares it."""
        reply = await self.session.call(
            "ListerBeneficiaires",
            port_operation="add_beneficiary",
            retry_safe=True,
            numeroAdherent=member.number,
        )
        for item in many(reply):
            if getattr(item, "codeQualite", None) == BeneficiaryQuality.INSURED.value:
                code = getattr(item, "codeRegime", None)
                if isinstance(code, str) and code.strip():
                    return code.strip()
        return DEFAULT_REGIME

    async def remove_beneficiary(
        self, member: MemberRef, change: BeneficiaryRemoval
    ) -> ChangeRequest:
        operation = "remove_beneficiary"
        if not is_beneficiary_id(change.beneficiary_id):
            raise BackendRejected(
                UNKNOWN_BENEFICIARY, field="beneficiary_id", platform=PLATFORM, operation=operation
            )
        arguments = {
            "identifiantBeneficiaire": change.beneficiary_id,
            "codeMotifRadiation": codes.removal_reason(change.reason),
        }
        if change.reason.strip():
            arguments["commentaire"] = clip(change.reason.strip())
        if change.effective_date is not None:
            arguments["dateEffet"] = format_date(change.effective_date)
        reply = await self._change(member, operation, "RadierBeneficiaire", **arguments)
        return self._request(operation, reply)

    async def request_tp_card(self, member: MemberRef) -> ChangeRequest:
        operation = "request_tp_card"
        reply = await self._change(member, operation, "DemanderCarteTiersPayant")
        return self._request(operation, reply)

    async def set_paperless(self, member: MemberRef, enabled: bool) -> ChangeRequest:
        return await self._preference(member, "set_paperless", "releveDematerialise", enabled)

    async def set_notifications(self, member: MemberRef, enabled: bool) -> ChangeRequest:
        return await self._preference(
            member, "set_notifications", "notificationRemboursement", enabled
        )

    async def _preference(
        self, member: MemberRef, operation: str, element: str, enabled: bool
    ) -> ChangeRequest:
        reply = await self._change(
            member, operation, "ModifierPreferences", **{element: format_flag(enabled)}
        )
        with self.session.reading(operation, retry_safe=False):
            requests = [papers.change_request(item) for item in many(reply)]
            return requests[0]  # one preference sent: one demande back (none: IndexError)

    async def send_message(self, member: MemberRef, message: NewMessage) -> Message:
        operation = "send_message"
        thread = message.thread_id
        if thread is not None and not is_identifier(thread):
            # Not a Cimut id (the XSD would refuse it): no thread of this member has it.
            raise BackendRejected(
                UNKNOWN_THREAD, field="thread_id", platform=PLATFORM, operation=operation
            )
        reply = await self._change(
            member,
            operation,
            "EnvoyerMessage",
            identifiantFil=thread,  # None: zeep leaves the optional element out
            objet=message.subject,
            corps=message.body,
            pieceJointe=[attachment(file) for file in message.attachments],
        )
        with self.session.reading(operation, retry_safe=False):
            return papers.message(reply)

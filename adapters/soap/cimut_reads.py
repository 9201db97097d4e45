"""Cimut's reads: directory, contracts, quotes, correspondence, requests and messages.

Cimut answers about one member per call, so every batch method of the port runs one call
per member, concurrently and bounded (``CimutSession.for_each``), each member's failure
staying in its slot. Lists come back newest first (Cimut's promise, re-checked with a
stable sort so that its order of same-day items is kept):

    members            ConsulterAdherent            contracts     ConsulterContrat
    beneficiaries      ListerBeneficiaires          premiums      ConsulterCotisations
    quotes             ListerDevis                  useful_documents  ListerDocumentsUtiles
    tp_cards           ConsulterCarteTiersPayant    change_requests   ListerDemandes
    messages           ListerMessages
    letters            ListerCourriers (one type filter on the wire; several: filtered here)
    document           TelechargerCourrier | TelechargerDocumentUtile |
                       TelechargerCarteTiersPayant | TelechargerAttestation

Payment search and details are in :mod:`adapters.soap.cimut_payments`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from adapters.port.codes import DocumentKind
from adapters.port.contracts import Contract, Premium
from adapters.port.documents import (
    DocumentContent,
    DocumentRef,
    Letter,
    LetterQuery,
    TiersPayantCard,
    UsefulDocument,
)
from adapters.port.errors import NotFound, NotSupported, PortError
from adapters.port.members import Beneficiary, Member, MemberRef
from adapters.port.payments import Quote
from adapters.port.requests import ChangeRequest, Message
from adapters.soap import cimut_codes as codes
from adapters.soap import cimut_papers as papers
from adapters.soap import cimut_people as people
from adapters.soap.cimut_faults import PLATFORM
from adapters.soap.cimut_payments import CimutPayments
from adapters.soap.cimut_quirks import format_date, is_identifier, many

T = TypeVar("T")

# DocumentKind → (operation, the id element or None when the file is the member's own).
DOWNLOADS: dict[DocumentKind, tuple[str, str | None]] = {
    DocumentKind.LETTER: ("TelechargerCourrier", "identifiantCourrier"),
    DocumentKind.USEFUL_DOCUMENT: ("TelechargerDocumentUtile", "identifiantDocument"),
    DocumentKind.TP_CARD: ("TelechargerCarteTiersPayant", None),
    DocumentKind.ATTESTATION: ("TelechargerAttestation", None),
}


class CimutReads(CimutPayments):
    """Every read capability of the Cimut platform for one tenant."""

    name = PLATFORM

    async def _per_member(
        self,
        refs: Sequence[MemberRef],
        operation: str,
        soap_operation: str,
        convert: Callable[[MemberRef, Any], T],
    ) -> list[T | PortError]:
        """One read-only call per member; the reply converted in the member's slot."""

        async def fetch(ref: MemberRef) -> T:
            reply = await self.session.call(
                soap_operation, port_operation=operation, retry_safe=True, numeroAdherent=ref.number
            )
            with self.session.reading(operation):
                return convert(ref, reply)

        return await self.session.for_each(refs, operation, fetch)

    # -- MemberDirectory -----------------------------------------------------------------
    async def members(self, refs: Sequence[MemberRef]) -> Sequence[Member | PortError]:
        return await self._per_member(refs, "members", "ConsulterAdherent", people.member)

    async def beneficiaries(
        self, refs: Sequence[MemberRef]
    ) -> Sequence[tuple[Beneficiary, ...] | PortError]:
        return await self._per_member(
            refs, "beneficiaries", "ListerBeneficiaires", lambda _, r: people.beneficiaries(r)
        )

    # -- ContractsPort -------------------------------------------------------------------
    async def contracts(self, refs: Sequence[MemberRef]) -> Sequence[Contract | PortError]:
        return await self._per_member(
            refs, "contracts", "ConsulterContrat", lambda _, r: people.contract(r)
        )

    async def premiums(self, refs: Sequence[MemberRef]) -> Sequence[Premium | PortError]:
        return await self._per_member(
            refs, "premiums", "ConsulterCotisations", lambda _, r: people.premium(r)
        )

    # -- PaymentsPort (quotes) -----------------------------------------------------------
    async def quotes(self, refs: Sequence[MemberRef]) -> Sequence[tuple[Quote, ...] | PortError]:
        def convert(_: MemberRef, reply: Any) -> tuple[Quote, ...]:
            found = (papers.quote(item) for item in many(reply))
            return tuple(sorted(found, key=lambda q: q.date, reverse=True))

        return await self._per_member(refs, "quotes", "ListerDevis", convert)

    # -- CorrespondencePort --------------------------------------------------------------
    async def letters(self, member: MemberRef, query: LetterQuery) -> Sequence[Letter]:
        operation = "letters"
        if not self.session.owns(member):
            raise self.session.not_found(operation)
        arguments: dict[str, str] = {}
        if query.since is not None:
            arguments["dateDebut"] = format_date(query.since)
        if query.until is not None:
            arguments["dateFin"] = format_date(query.until)
        types = set(query.types)
        if len(types) == 1:  # Cimut filters one type; several are filtered here
            arguments["codeTypeCourrier"] = codes.encode(codes.LETTER_TYPE, next(iter(types)))
        reply = await self.session.call(
            "ListerCourriers",
            port_operation=operation,
            retry_safe=True,
            numeroAdherent=member.number,
            **arguments,
        )
        with self.session.reading(operation):
            found = [papers.letter(item) for item in many(reply)]
        kept = [letter for letter in found if not types or letter.type in types]
        return sorted(kept, key=lambda letter: letter.date, reverse=True)

    async def useful_documents(
        self, refs: Sequence[MemberRef]
    ) -> Sequence[tuple[UsefulDocument, ...] | PortError]:
        return await self._per_member(
            refs,
            "useful_documents",
            "ListerDocumentsUtiles",
            lambda _, r: tuple(papers.useful_document(item) for item in many(r)),
        )

    async def tp_cards(self, refs: Sequence[MemberRef]) -> Sequence[TiersPayantCard | PortError]:
        return await self._per_member(
            refs, "tp_cards", "ConsulterCarteTiersPayant", lambda _, r: papers.tp_card(r)
        )

    async def document(self, member: MemberRef, ref: DocumentRef) -> DocumentContent:
        operation = "document"
        download = DOWNLOADS.get(ref.kind)
        if download is None:  # payment statements and exports are the gateway's own
            raise NotSupported(
                f"document: {ref.kind.value}", platform=PLATFORM, operation=operation
            )
        soap_operation, id_element = download
        if not self.session.owns(member):
            raise self.session.not_found(operation)
        arguments: dict[str, str] = {}
        if id_element is not None:
            if not is_identifier(ref.key):
                raise NotFound("document: unknown id", platform=PLATFORM, operation=operation)
            arguments[id_element] = ref.key
        reply = await self.session.call(
            soap_operation,
            port_operation=operation,
            retry_safe=True,
            numeroAdherent=member.number,
            **arguments,
        )
        with self.session.reading(operation):
            return papers.file(reply)

    # -- ChangeRequestsPort / MessagingPort reads ----------------------------------------
    async def change_requests(
        self, refs: Sequence[MemberRef]
    ) -> Sequence[tuple[ChangeRequest, ...] | PortError]:
        def convert(_: MemberRef, reply: Any) -> tuple[ChangeRequest, ...]:
            found = (papers.change_request(item) for item in many(reply))
            return tuple(sorted(found, key=lambda r: r.created_at, reverse=True))

        return await self._per_member(refs, "change_requests", "ListerDemandes", convert)

    async def messages(
        self, refs: Sequence[MemberRef]
    ) -> Sequence[tuple[Message, ...] | PortError]:
        def convert(_: MemberRef, reply: Any) -> tuple[Message, ...]:
            found = (papers.message(item) for item in many(reply))
            return tuple(sorted(found, key=lambda m: m.sent_at, reverse=True))

        return await self._per_member(refs, "messages", "ListerMessages", convert)

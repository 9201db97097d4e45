"""The Cegedim adapter's reads of the insured's own data: directory, contract and premiums,
correspondence and documents, requests and messages.

Calls per port call (``n`` = distinct members of a batch; ``p`` = pages of 100 items):
members, beneficiaries, premiums, useful_documents, tp_cards, quotes: ``n`` GETs;
contracts: ``2n`` (the contract, and the documents list for the benefits table's id);
letters, change_requests, messages: ``p`` GETs per member (usually 1); document: 1 GET.
Every GET is conditional once its answer is cached (``304`` reuses it).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from adapters.port import (
    Beneficiary,
    ChangeRequest,
    Contract,
    DocumentContent,
    DocumentFormat,
    DocumentKind,
    DocumentRef,
    Letter,
    LetterQuery,
    Member,
    MemberRef,
    Message,
    NotFound,
    NotSupported,
    PortError,
    Premium,
    Quote,
    TiersPayantCard,
    UsefulDocument,
    UsefulDocumentKind,
)
from adapters.rest.cegedim import codes
from adapters.rest.cegedim import decode_activity as activity
from adapters.rest.cegedim import decode_insured as insured
from adapters.rest.cegedim.base import CegedimBase, guard, segment
from adapters.rest.cegedim.settings import PLATFORM


class CegedimReads(CegedimBase):
    """MemberDirectory, ContractsPort, CorrespondencePort and the read side of
    ChangeRequestsPort / MessagingPort."""

    # -- MemberDirectory -----------------------------------------------------------------
    async def members(self, refs: Sequence[MemberRef]) -> Sequence[Member | PortError]:
        async def fetch(path: str, ref: MemberRef) -> Member:
            return insured.member(ref, await self.http.get_json("members", path))

        return await self._each(refs, "members", fetch)

    async def beneficiaries(
        self, refs: Sequence[MemberRef]
    ) -> Sequence[tuple[Beneficiary, ...] | PortError]:
        async def fetch(path: str, ref: MemberRef) -> tuple[Beneficiary, ...]:
            page = await self.http.get_json("beneficiaries", path + "/beneficiaries")
            return insured.beneficiaries(page)

        return await self._each(refs, "beneficiaries", fetch)

    # -- ContractsPort -------------------------------------------------------------------
    async def contracts(self, refs: Sequence[MemberRef]) -> Sequence[Contract | PortError]:
        async def fetch(path: str, ref: MemberRef) -> Contract:
            body, table = await asyncio.gather(
                self.http.get_json("contracts", path + "/contract"),
                self._benefits_table(path),
            )
            return insured.contract(body, table)

        return await self._each(refs, "contracts", fetch)

    async def _benefits_table(self, path: str) -> str | None:
        """The benefits table's document id; None when the list cannot be had (the
        contract is still worth showing without its download link)."""
        try:
            with guard("contracts"):
                documents = await self._documents(path, "contracts")
        except PortError:
            return None
        wanted = UsefulDocumentKind.BENEFITS_TABLE
        return next((d.id for d in documents if d.kind is wanted), None)

    async def premiums(self, refs: Sequence[MemberRef]) -> Sequence[Premium | PortError]:
        async def fetch(path: str, ref: MemberRef) -> Premium:
            return insured.premium(await self.http.get_json("premiums", path + "/premiums"))

        return await self._each(refs, "premiums", fetch)

    # -- CorrespondencePort --------------------------------------------------------------
    async def letters(self, member: MemberRef, query: LetterQuery) -> Sequence[Letter]:
        with guard("letters"):
            path = self._insured(member, "letters") + "/correspondences"
            if query.since and query.until and query.since > query.until:
                return []
            params: dict[str, str | int] = {}
            if query.since:
                params["sentFrom"] = query.since.isoformat()
            if query.until:
                params["sentTo"] = query.until.isoformat()
            if len(set(query.types)) == 1:  # the API filters on one type at most
                params["correspondenceType"] = codes.CORRESPONDENCE_CODE[query.types[0]]
            items = await self.http.get_all("letters", path, params)
            found = [activity.letter(item) for item in items]
            wanted = set(query.types)
            kept = [x for x in found if not wanted or x.type in wanted]
            return sorted(kept, key=lambda x: x.date, reverse=True)

    async def _documents(self, path: str, operation: str) -> tuple[UsefulDocument, ...]:
        page = await self.http.get_json(operation, path + "/documents")
        return tuple(activity.useful_document(d) for d in page.children("content"))

    async def useful_documents(
        self, refs: Sequence[MemberRef]
    ) -> Sequence[tuple[UsefulDocument, ...] | PortError]:
        async def fetch(path: str, ref: MemberRef) -> tuple[UsefulDocument, ...]:
            return await self._documents(path, "useful_documents")

        return await self._each(refs, "useful_documents", fetch)

    async def tp_cards(self, refs: Sequence[MemberRef]) -> Sequence[TiersPayantCard | PortError]:
        async def fetch(path: str, ref: MemberRef) -> TiersPayantCard:
            body = await self.http.get_json("tp_cards", path + "/thirdPartyPaymentCard")
            return insured.card(body)

        return await self._each(refs, "tp_cards", fetch)

    async def quotes(self, refs: Sequence[MemberRef]) -> Sequence[tuple[Quote, ...] | PortError]:
        async def fetch(path: str, ref: MemberRef) -> tuple[Quote, ...]:
            return insured.quotes(await self.http.get_json("quotes", path + "/quotes"))

        return await self._each(refs, "quotes", fetch)

    async def document(self, member: MemberRef, ref: DocumentRef) -> DocumentContent:
        operation = "document"
        with guard(operation):
            base = self._insured(member, operation)
            if ref.format is not DocumentFormat.PDF:
                raise NotSupported(platform=PLATFORM, operation=operation)
            keyed = {
                DocumentKind.LETTER: "/correspondences/{key}/content",
                DocumentKind.USEFUL_DOCUMENT: "/documents/{key}/content",
            }
            fixed = {
                DocumentKind.TP_CARD: "/thirdPartyPaymentCard/document",
                DocumentKind.ATTESTATION: "/insuranceCertificate",
            }
            if ref.kind in keyed:
                if not ref.key:
                    raise NotFound(platform=PLATFORM, operation=operation)
                path = base + keyed[ref.kind].format(key=segment(ref.key))
            elif ref.kind in fixed:
                path = base + fixed[ref.kind]
            else:  # payment statements and exports are rendered by the gateway
                raise NotSupported(platform=PLATFORM, operation=operation)
            filename, content_type, content = await self.http.get_file(operation, path)
            default = f"{ref.kind.value}-{ref.key or 'current'}.pdf"
            return DocumentContent(filename or default, content_type, content)

    # -- follow-up: requests and messages ------------------------------------------------
    async def change_requests(
        self, refs: Sequence[MemberRef]
    ) -> Sequence[tuple[ChangeRequest, ...] | PortError]:
        async def fetch(path: str, ref: MemberRef) -> tuple[ChangeRequest, ...]:
            items = await self.http.get_all("change_requests", path + "/requests")
            found = [activity.change_request(item) for item in items]
            return tuple(sorted(found, key=lambda r: r.created_at, reverse=True))

        return await self._each(refs, "change_requests", fetch)

    async def messages(
        self, refs: Sequence[MemberRef]
    ) -> Sequence[tuple[Message, ...] | PortError]:
        async def fetch(path: str, ref: MemberRef) -> tuple[Message, ...]:
            items = await self.http.get_all("messages", path + "/messages")
            found = [activity.message(item) for item in items]
            return tuple(sorted(found, key=lambda m: m.sent_at, reverse=True))

        return await self._each(refs, "messages", fetch)

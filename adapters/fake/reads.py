"""The fake member platform's reads: directory, contracts, payments, correspondence,
requests and messages, answered from the in-memory world."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TypeVar

from adapters.fake.calls import CallLog
from adapters.fake.world import MemberFile
from adapters.port import (
    Beneficiary,
    ChangeRequest,
    Contract,
    DocumentContent,
    DocumentKind,
    DocumentRef,
    Letter,
    LetterQuery,
    Member,
    MemberRef,
    Message,
    NotFound,
    NotSupported,
    Payment,
    PaymentPage,
    PaymentQuery,
    PortError,
    Premium,
    Quote,
    TiersPayantCard,
    UsefulDocument,
)

T = TypeVar("T")
FAKE_PDF = b"%PDF-1.4\n% fake document\n%%EOF\n"


class FakeReads:
    """Read side of the fake platform; ``calls`` counts every port call."""

    name = "fake"

    def __init__(self, tenant: str, files: dict[str, MemberFile], calls: CallLog) -> None:
        self.tenant = tenant
        self.files = files
        self.calls = calls

    # -- helpers -------------------------------------------------------------------------
    def _file(self, ref: MemberRef, operation: str) -> MemberFile:
        file = self.files.get(ref.number) if ref.tenant == self.tenant else None
        if file is None:
            raise NotFound(platform=self.name, operation=operation)
        return file

    def _each(
        self, refs: Sequence[MemberRef], operation: str, get: Callable[[MemberFile], T]
    ) -> list[T | PortError]:
        """One result per ref, in order; an unknown member is that ref's NotFound."""
        out: list[T | PortError] = []
        for ref in refs:
            try:
                out.append(get(self._file(ref, operation)))
            except PortError as error:
                out.append(error)
        return out

    # -- MemberDirectory -----------------------------------------------------------------
    async def members(self, refs: Sequence[MemberRef]) -> Sequence[Member | PortError]:
        self.calls.record("members", tuple(refs))
        return self._each(refs, "members", lambda f: f.member)

    async def beneficiaries(
        self, refs: Sequence[MemberRef]
    ) -> Sequence[tuple[Beneficiary, ...] | PortError]:
        self.calls.record("beneficiaries", tuple(refs))
        return self._each(refs, "beneficiaries", lambda f: tuple(f.beneficiaries))

    # -- ContractsPort -------------------------------------------------------------------
    async def contracts(self, refs: Sequence[MemberRef]) -> Sequence[Contract | PortError]:
        self.calls.record("contracts", tuple(refs))
        return self._each(refs, "contracts", lambda f: f.contract)

    async def premiums(self, refs: Sequence[MemberRef]) -> Sequence[Premium | PortError]:
        self.calls.record("premiums", tuple(refs))
        return self._each(refs, "premiums", lambda f: f.premium)

    # -- PaymentsPort --------------------------------------------------------------------
    async def search_payments(self, member: MemberRef, query: PaymentQuery) -> PaymentPage:
        self.calls.record("search_payments", member, query)
        file = self._file(member, "search_payments")
        matches = [p for p in file.payments if _matches(p, query)]
        page = matches[query.offset : query.offset + query.limit]
        # Like a real summary endpoint: no lines, the graph fetches them in one batch.
        return PaymentPage(items=tuple(replace(p, lines=None) for p in page), total=len(matches))

    async def payments(
        self, member: MemberRef, ids: Sequence[str]
    ) -> Sequence[Payment | PortError]:
        self.calls.record("payments", member, tuple(ids))
        try:
            by_id = {p.id: p for p in self._file(member, "payments").payments}
        except PortError as error:
            return [error for _ in ids]
        return [by_id.get(i) or NotFound(platform=self.name, operation="payments") for i in ids]

    async def quotes(self, refs: Sequence[MemberRef]) -> Sequence[tuple[Quote, ...] | PortError]:
        self.calls.record("quotes", tuple(refs))
        return self._each(refs, "quotes", lambda f: tuple(f.quotes))

    # -- CorrespondencePort --------------------------------------------------------------
    async def letters(self, member: MemberRef, query: LetterQuery) -> Sequence[Letter]:
        self.calls.record("letters", member, query)
        return [
            letter
            for letter in self._file(member, "letters").letters
            if (query.since is None or letter.date >= query.since)
            and (query.until is None or letter.date <= query.until)
            and (not query.types or letter.type in query.types)
        ]

    async def useful_documents(
        self, refs: Sequence[MemberRef]
    ) -> Sequence[tuple[UsefulDocument, ...] | PortError]:
        self.calls.record("useful_documents", tuple(refs))
        return self._each(refs, "useful_documents", lambda f: tuple(f.documents))

    async def tp_cards(self, refs: Sequence[MemberRef]) -> Sequence[TiersPayantCard | PortError]:
        self.calls.record("tp_cards", tuple(refs))
        return self._each(refs, "tp_cards", self._card)

    def _card(self, file: MemberFile) -> TiersPayantCard:
        if file.tp_card is None:
            raise NotFound(platform=self.name, operation="tp_cards")
        return file.tp_card

    async def document(self, member: MemberRef, ref: DocumentRef) -> DocumentContent:
        self.calls.record("document", member, ref)
        file = self._file(member, "document")
        known = {
            DocumentKind.LETTER: {letter.id for letter in file.letters},
            DocumentKind.USEFUL_DOCUMENT: {d.id for d in file.documents},
            DocumentKind.TP_CARD: {""},
            DocumentKind.ATTESTATION: {""},
        }
        if ref.kind not in known:
            raise NotSupported(platform=self.name, operation="document")
        if ref.key not in known[ref.kind]:
            raise NotFound(platform=self.name, operation="document")
        return DocumentContent(
            f"{ref.kind.value}-{ref.key or 'current'}.pdf", "application/pdf", FAKE_PDF
        )

    # -- ChangeRequestsPort / MessagingPort reads ----------------------------------------
    async def change_requests(
        self, refs: Sequence[MemberRef]
    ) -> Sequence[tuple[ChangeRequest, ...] | PortError]:
        self.calls.record("change_requests", tuple(refs))
        return self._each(refs, "change_requests", lambda f: tuple(f.change_requests))

    async def messages(
        self, refs: Sequence[MemberRef]
    ) -> Sequence[tuple[Message, ...] | PortError]:
        self.calls.record("messages", tuple(refs))
        return self._each(refs, "messages", lambda f: tuple(f.messages))


def _matches(payment: Payment, query: PaymentQuery) -> bool:
    lines = payment.lines or ()
    return (
        (query.paid_from is None or payment.date >= query.paid_from)
        and (query.paid_to is None or payment.date <= query.paid_to)
        and (query.recipient is None or payment.recipient_kind is query.recipient)
        and (query.beneficiary_id is None or query.beneficiary_id in payment.beneficiary_ids)
        and (query.care_from is None or any(ln.care_end >= query.care_from for ln in lines))
        and (query.care_to is None or any(ln.care_start <= query.care_to for ln in lines))
    )

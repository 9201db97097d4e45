"""Cached reads of the member platform: directory, contracts, payments, correspondence.

Each wrapper implements its Protocol by delegating to the adapter it wraps. Batch reads
are cached per key: the cached members come from the cache and the wrapped batch method is
called once, with only the missing keys, in key order. Data types (the names of a tenant's
``[cache_ttl]`` table):

====================  ================================================================
member                ``members``; a member with bank accounts keeps the shorter of
                      ``member`` and ``bank_accounts`` (the RIBs are in the record)
beneficiaries         ``beneficiaries``
contract, premiums    ``contracts``, ``premiums``
payments              ``search_payments`` by (member, the whole query); a page whose
                      items carry their lines keeps the shorter of ``payments`` and
                      ``payment_lines`` (health lines: DOMAIN.md, minimise)
payment_lines         ``payments(member, ids)``, per payment id
quotes                ``quotes``
letters               ``letters`` by (member, query)
useful_documents      ``useful_documents``
tp_card               ``tp_cards``
====================  ================================================================

``document`` (file bytes) is never cached.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from adapters.caching_scope import CacheScope
from adapters.port import (
    Beneficiary,
    Contract,
    ContractsPort,
    CorrespondencePort,
    DocumentContent,
    DocumentRef,
    Letter,
    LetterQuery,
    Member,
    MemberDirectory,
    MemberRef,
    Payment,
    PaymentPage,
    PaymentQuery,
    PaymentsPort,
    PortError,
    Premium,
    Quote,
    TiersPayantCard,
    UsefulDocument,
)


class CachedDirectory(MemberDirectory):
    """Annuaire, cached per member."""

    def __init__(self, inner: MemberDirectory, scope: CacheScope) -> None:
        self._inner = inner
        self._scope = scope

    async def members(self, refs: Sequence[MemberRef]) -> Sequence[Member | PortError]:
        return await self._scope.per_member(
            "member", refs, self._inner.members, ttl_of=self._member_ttl
        )

    def _member_ttl(self, member: Member) -> float:
        return self._scope.ttl("bank_accounts") if member.bank_accounts else math.inf

    async def beneficiaries(
        self, refs: Sequence[MemberRef]
    ) -> Sequence[tuple[Beneficiary, ...] | PortError]:
        return await self._scope.per_member("beneficiaries", refs, self._inner.beneficiaries)


class CachedContracts(ContractsPort):
    """Contrat et cotisations, cached per member."""

    def __init__(self, inner: ContractsPort, scope: CacheScope) -> None:
        self._inner = inner
        self._scope = scope

    async def contracts(self, refs: Sequence[MemberRef]) -> Sequence[Contract | PortError]:
        return await self._scope.per_member("contract", refs, self._inner.contracts)

    async def premiums(self, refs: Sequence[MemberRef]) -> Sequence[Premium | PortError]:
        return await self._scope.per_member("premiums", refs, self._inner.premiums)


class CachedPayments(PaymentsPort):
    """Prestations: searches by query, details per payment id, quotes per member."""

    def __init__(self, inner: PaymentsPort, scope: CacheScope) -> None:
        self._inner = inner
        self._scope = scope

    async def search_payments(self, member: MemberRef, query: PaymentQuery) -> PaymentPage:
        # The dataclass repr names every filter, the page offset and the limit.
        parts = self._scope.member_key("payments", member, repr(query))
        return await self._scope.one(
            "payments",
            parts,
            lambda: self._inner.search_payments(member, query),
            ttl_of=self._page_ttl,
        )

    def _page_ttl(self, page: PaymentPage) -> float:
        with_lines = any(item.lines is not None for item in page.items)
        return self._scope.ttl("payment_lines") if with_lines else math.inf

    async def payments(
        self, member: MemberRef, ids: Sequence[str]
    ) -> Sequence[Payment | PortError]:
        return await self._scope.batch(
            "payment_lines",
            ids,
            lambda payment_id: self._scope.member_key("payment_lines", member, payment_id),
            lambda missing: self._inner.payments(member, missing),
        )

    async def quotes(self, refs: Sequence[MemberRef]) -> Sequence[tuple[Quote, ...] | PortError]:
        return await self._scope.per_member("quotes", refs, self._inner.quotes)


class CachedCorrespondence(CorrespondencePort):
    """Courriers et documents; files themselves are not cached."""

    def __init__(self, inner: CorrespondencePort, scope: CacheScope) -> None:
        self._inner = inner
        self._scope = scope

    async def letters(self, member: MemberRef, query: LetterQuery) -> Sequence[Letter]:
        parts = self._scope.member_key("letters", member, repr(query))
        return await self._scope.one("letters", parts, lambda: self._inner.letters(member, query))

    async def useful_documents(
        self, refs: Sequence[MemberRef]
    ) -> Sequence[tuple[UsefulDocument, ...] | PortError]:
        return await self._scope.per_member("useful_documents", refs, self._inner.useful_documents)

    async def tp_cards(self, refs: Sequence[MemberRef]) -> Sequence[TiersPayantCard | PortError]:
        return await self._scope.per_member("tp_card", refs, self._inner.tp_cards)

    async def document(self, member: MemberRef, ref: DocumentRef) -> DocumentContent:
        return await self._inner.document(member, ref)

"""Per-request DataLoaders over the port: one back-end call per kind of data and batch.

Each loader gathers the keys asked for during one tick of the event loop and makes one
port call for them (member-scoped batches: one call per member, run concurrently). A port
error for one key fails that key only; an error of the whole call fails every key of the
batch. Loaders cache for the request only; ``forget`` drops a member's entries after a
change so that the mutation's payload reads fresh data.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from strawberry.dataloader import DataLoader

from adapters.port import (
    Beneficiary,
    ChangeRequest,
    Contract,
    HealthProfessional,
    Letter,
    LetterQuery,
    Member,
    MemberRef,
    Message,
    Payment,
    PaymentPage,
    PaymentQuery,
    PortError,
    Premium,
    Quote,
    ServiceLink,
    TenantBackends,
    TiersPayantCard,
    UsefulDocument,
    require,
)
from resolvers.professionals import merge_professionals

K = TypeVar("K")
V = TypeVar("V")
PaymentKey = tuple[MemberRef, str]


def _loader(
    fn: Callable[[list[K]], Awaitable[Sequence[V | PortError]]],
) -> DataLoader[K, V]:
    async def load(keys: list[K]) -> Sequence[V | BaseException]:
        return await fn(keys)

    return DataLoader(load_fn=load)


async def _per_key(keys: Sequence[K], call: Callable[[K], Awaitable[V]]) -> list[V | PortError]:
    """Unbatchable calls (searches): one per distinct key, concurrently, errors per key."""
    results = await asyncio.gather(*(call(k) for k in keys), return_exceptions=True)
    out: list[V | PortError] = []
    for result in results:
        if isinstance(result, BaseException) and not isinstance(result, PortError):
            raise result
        out.append(result)
    return out


class Loaders:
    """The request's DataLoaders, created on first use."""

    def __init__(self, backends: TenantBackends) -> None:
        self.backends = backends
        platform = backends.platform
        self._name = platform.name
        directory = platform.directory
        self.member: DataLoader[MemberRef, Member] = _loader(directory.members)
        self.beneficiaries: DataLoader[MemberRef, tuple[Beneficiary, ...]] = _loader(
            directory.beneficiaries
        )
        self.contract: DataLoader[MemberRef, Contract] = _loader(
            lambda refs: self._cap(platform.contracts, "contracts").contracts(refs)
        )
        self.premium: DataLoader[MemberRef, Premium] = _loader(
            lambda refs: self._cap(platform.contracts, "premiums").premiums(refs)
        )
        self.quotes: DataLoader[MemberRef, tuple[Quote, ...]] = _loader(
            lambda refs: self._cap(platform.payments, "quotes").quotes(refs)
        )
        self.useful_documents: DataLoader[MemberRef, tuple[UsefulDocument, ...]] = _loader(
            lambda refs: self._cap(platform.correspondence, "useful_documents").useful_documents(
                refs
            )
        )
        self.tp_card: DataLoader[MemberRef, TiersPayantCard] = _loader(
            lambda refs: self._cap(platform.correspondence, "tp_cards").tp_cards(refs)
        )
        self.change_requests: DataLoader[MemberRef, tuple[ChangeRequest, ...]] = _loader(
            lambda refs: self._cap(platform.changes, "change_requests").change_requests(refs)
        )
        self.messages: DataLoader[MemberRef, tuple[Message, ...]] = _loader(
            lambda refs: self._cap(platform.messaging, "messages").messages(refs)
        )
        self.payment: DataLoader[PaymentKey, Payment] = _loader(self._payments)
        self.payment_search: DataLoader[tuple[MemberRef, PaymentQuery], PaymentPage] = _loader(
            lambda keys: _per_key(
                keys,
                lambda k: self._cap(platform.payments, "search_payments").search_payments(*k),
            )
        )
        self.letters: DataLoader[tuple[MemberRef, LetterQuery], Sequence[Letter]] = _loader(
            lambda keys: _per_key(
                keys, lambda k: self._cap(platform.correspondence, "letters").letters(*k)
            )
        )
        self.professional: DataLoader[str, HealthProfessional] = _loader(self._professionals)
        self.service_links: DataLoader[MemberRef, tuple[ServiceLink, ...]] = _loader(
            self._service_links
        )

    def _cap(self, capability: V | None, operation: str) -> V:
        return require(capability, self._name, operation)

    def forget(self) -> None:
        """Drops everything cached (after a change: a request reads one member)."""
        for loader in vars(self).values():
            if isinstance(loader, DataLoader):
                loader.clear_all()

    async def _payments(self, keys: list[PaymentKey]) -> list[Payment | PortError]:
        payments = self._cap(self.backends.platform.payments, "payments")
        by_member: dict[MemberRef, list[str]] = defaultdict(list)
        for member, payment_id in keys:
            if payment_id not in by_member[member]:
                by_member[member].append(payment_id)

        async def fetch(member: MemberRef) -> dict[str, Payment | PortError]:
            ids = by_member[member]
            try:
                found = await payments.payments(member, ids)
            except PortError as error:
                return dict.fromkeys(ids, error)
            return dict(zip(ids, found, strict=True))

        results = await asyncio.gather(*(fetch(m) for m in by_member))
        merged = {
            (m, i): r
            for m, result in zip(by_member, results, strict=True)
            for i, r in result.items()
        }
        return [merged[key] for key in keys]

    async def _professionals(self, ids: list[str]) -> list[HealthProfessional | PortError]:
        networks = self.backends.networks
        answers = await asyncio.gather(
            *(n.directory.professionals(ids) for n in networks), return_exceptions=True
        )
        return merge_professionals(ids, answers)

    async def _service_links(self, refs: list[MemberRef]) -> list[tuple[ServiceLink, ...]]:
        async def links(ref: MemberRef) -> tuple[ServiceLink, ...]:
            # A network that fails only loses its own links: the others still show.
            per_network = await asyncio.gather(
                *(n.directory.service_links(ref) for n in self.backends.networks),
                return_exceptions=True,
            )
            return tuple(
                link
                for answer in per_network
                if not isinstance(answer, BaseException)
                for link in answer
            )

        return list(await asyncio.gather(*(links(r) for r in refs)))


__all__ = ["Loaders", "PaymentKey"]

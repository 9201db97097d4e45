"""Cimut's prestations: the port's search_payments and payments(ids).

- ``search_payments`` → RechercherPrestations, which pages by ``numeroPage`` (from 1) and
  ``nombreParPage`` (1..100) and answers headers only (``lines=None``). The port's
  offset/limit window is mapped onto the page size that holds it in one page when there is
  one (:func:`plan_pages`), else onto consecutive pages of ``limit`` items.
- ``payments(member, ids)`` → ONE DetaillerPrestations per 50 distinct ids (the contract's
  maximum), with the lines; ``codeRetour`` INCONNU (or an id Cimut could not even take) is a
  NotFound in that id's slot.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from adapters.port.errors import MalformedResponse, NotFound, PortError
from adapters.port.members import MemberRef
from adapters.port.payments import Payment, PaymentPage, PaymentQuery
from adapters.soap import cimut_codes as codes
from adapters.soap import cimut_papers as papers
from adapters.soap.cimut_faults import PLATFORM
from adapters.soap.cimut_quirks import format_date, is_beneficiary_id, is_identifier, many
from adapters.soap.cimut_session import CimutSession

MAX_PAGE_SIZE = 100  # nombreParPage, by the XSD
MAX_DETAILS = 50  # identifiantPaiement per DetaillerPrestations, by the XSD


@dataclass(frozen=True, slots=True)
class PagePlan:
    """Which Cimut pages cover a window: ``count`` pages of ``size`` from ``first`` (1-based)."""

    size: int
    first: int
    count: int

    @property
    def start(self) -> int:
        """The 0-based index of the first item of the first page."""
        return (self.first - 1) * self.size


def plan_pages(offset: int, limit: int, max_size: int = MAX_PAGE_SIZE) -> PagePlan:
    """The fewest pages that hold ``[offset, offset + limit)``.

    One page when some size in ``[limit, max_size]`` puts the whole window in one page
    (``offset=40, limit=20`` → size 20, page 3; ``offset=10, limit=20`` → size 30, page 1);
    else consecutive pages of ``min(limit, max_size)``. ``limit=0`` still asks one item, for
    the total.
    """
    offset = max(0, offset)
    if limit <= 0:
        return PagePlan(size=1, first=offset + 1, count=1)
    for size in range(min(limit, max_size), max_size + 1):
        if size >= limit and offset // size == (offset + limit - 1) // size:
            return PagePlan(size=size, first=offset // size + 1, count=1)
    size = min(limit, max_size)
    first = offset // size
    last = (offset + limit - 1) // size
    return PagePlan(size=size, first=first + 1, count=last - first + 1)


class CimutPayments:
    """PaymentsPort's search and details (quotes are in :mod:`adapters.soap.cimut_reads`)."""

    def __init__(self, session: CimutSession) -> None:
        self.session = session

    async def search_payments(self, member: MemberRef, query: PaymentQuery) -> PaymentPage:
        operation = "search_payments"
        if not self.session.owns(member):
            raise self.session.not_found(operation)
        wanted = query.beneficiary_id
        if wanted is not None and not (
            is_beneficiary_id(wanted) and wanted.startswith(f"{member.number}-")
        ):
            # Not one of this member's beneficiary ids (they all start with the member's
            # number): nothing can match, and Cimut would refuse the id.
            return PaymentPage(items=(), total=0)
        filters = _filters(query)
        plan = plan_pages(query.offset, query.limit)
        items: list[Any] = []
        total = 0
        for page in range(plan.first, plan.first + plan.count):
            reply = await self.session.call(
                "RechercherPrestations",
                port_operation=operation,
                retry_safe=True,
                numeroAdherent=member.number,
                numeroPage=page,
                nombreParPage=plan.size,
                **filters,
            )
            with self.session.reading(operation):
                total = int(reply.nombreTotal)
                found = many(reply.prestation)
            items.extend(found)
            if len(found) < plan.size or plan.start + len(items) >= total:
                break  # the last page: nothing further to ask
        skip = max(0, query.offset) - plan.start
        window = items[skip : skip + max(0, query.limit)]
        with self.session.reading(operation):
            payments = tuple(papers.payment(item, with_lines=False) for item in window)
        return PaymentPage(items=payments, total=total)

    async def payments(
        self, member: MemberRef, ids: Sequence[str]
    ) -> Sequence[Payment | PortError]:
        operation = "payments"
        if not self.session.owns(member):
            return [self.session.not_found(operation) for _ in ids]
        wanted = [i for i in dict.fromkeys(ids) if is_identifier(i)]
        chunks = [wanted[i : i + MAX_DETAILS] for i in range(0, len(wanted), MAX_DETAILS)]
        try:
            answers = await asyncio.gather(*(self._details(member, chunk) for chunk in chunks))
        except NotFound as unknown_member:  # ADH_INCONNU: every id is unknown to us
            return [unknown_member for _ in ids]
        found: dict[str, Payment | PortError] = {}
        for answer in answers:
            found.update(answer)
        return [found.get(i) or _unknown_payment() for i in ids]

    async def _details(self, member: MemberRef, chunk: list[str]) -> dict[str, Payment | PortError]:
        reply = await self.session.call(
            "DetaillerPrestations",
            port_operation="payments",
            retry_safe=True,
            numeroAdherent=member.number,
            identifiantPaiement=chunk,
        )
        results: dict[str, Payment | PortError] = {}
        for resultat in many(reply):
            try:
                with self.session.reading("payments"):
                    payment_id = str(resultat.identifiantPaiement)
                    if resultat.codeRetour != "OK" or resultat.prestation is None:
                        continue  # INCONNU: left out, hence NotFound
                    results[payment_id] = papers.payment(resultat.prestation, with_lines=True)
            except MalformedResponse as error:
                # One unreadable payment fails its own slot only.
                if isinstance(getattr(resultat, "identifiantPaiement", None), str):
                    results[resultat.identifiantPaiement] = error
        return results


def _unknown_payment() -> NotFound:
    return NotFound("payments: unknown payment", platform=PLATFORM, operation="payments")


def _filters(query: PaymentQuery) -> dict[str, str]:
    """The search's optional elements (absent ones are simply not sent)."""
    filters: dict[str, str | None] = {
        "dateDebutPaiement": format_date(query.paid_from) if query.paid_from else None,
        "dateFinPaiement": format_date(query.paid_to) if query.paid_to else None,
        "identifiantBeneficiaire": query.beneficiary_id,
        "dateDebutSoins": format_date(query.care_from) if query.care_from else None,
        "dateFinSoins": format_date(query.care_to) if query.care_to else None,
        "codeDestinataire": (
            codes.encode(codes.RECIPIENT, query.recipient) if query.recipient else None
        ),
    }
    return {name: value for name, value in filters.items() if value is not None}

"""The Cegedim adapter's reimbursements (PaymentsPort).

* ``search_payments``: the port pages by ``offset``/``limit``, the API by zero-based
  ``page``/``size`` (size <= 100). :func:`page_plan` picks the page size that answers the
  port's window in one call when one exists (offset 10, limit 20 → page 0 of size 30),
  else the fewest pages of size ``min(limit, 100)``; hits are summaries (``lines`` None).
* ``payments(member, ids)``: ``POST .../reimbursements:batchGet`` with up to 100 ids, so one
  call for a page of the graph; ids the platform lists in ``notFound`` are NotFound in
  their slots.
* ``quotes`` is read with the directory (``reads.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

from adapters.port import (
    MemberRef,
    NotFound,
    Payment,
    PaymentPage,
    PaymentQuery,
    PortError,
)
from adapters.rest.cegedim import codes
from adapters.rest.cegedim import decode_activity as activity
from adapters.rest.cegedim.base import guard
from adapters.rest.cegedim.fields import Obj
from adapters.rest.cegedim.reads import CegedimReads
from adapters.rest.cegedim.settings import PLATFORM

MAX_SIZE = 100  # the API's largest page and largest batch


def page_plan(offset: int, limit: int, max_size: int = MAX_SIZE) -> tuple[int, int, int]:
    """(size, first page, last page) covering items ``offset .. offset + limit - 1``."""
    offset, limit = max(0, offset), max(1, limit)
    for size in range(limit, max_size + 1):
        if offset // size == (offset + limit - 1) // size:
            return size, offset // size, offset // size
    size = min(limit, max_size)
    return size, offset // size, (offset + limit - 1) // size


def search_params(query: PaymentQuery) -> dict[str, str | int]:
    params: dict[str, str | int] = {}
    for name, value in (
        ("paidFrom", query.paid_from),
        ("paidTo", query.paid_to),
        ("careFrom", query.care_from),
        ("careTo", query.care_to),
    ):
        if value is not None:
            params[name] = value.isoformat()
    if query.beneficiary_id:
        params["beneficiaryId"] = query.beneficiary_id
    if query.recipient is not None:
        params["recipientType"] = codes.RECIPIENT_CODE[query.recipient]
    return params


class CegedimPayments(CegedimReads):
    """Reads plus PaymentsPort."""

    async def search_payments(self, member: MemberRef, query: PaymentQuery) -> PaymentPage:
        operation = "search_payments"
        with guard(operation):
            path = self._insured(member, operation) + "/reimbursements"
            for low, high in ((query.paid_from, query.paid_to), (query.care_from, query.care_to)):
                if low is not None and high is not None and low > high:
                    return PaymentPage(items=(), total=0)  # an empty period matches nothing
            size, first, last = page_plan(query.offset, query.limit)
            hits: list[Obj] = []
            total = 0
            for page in range(first, last + 1):
                params = {**search_params(query), "page": page, "size": size}
                body = await self.http.get_json(operation, path, params)
                content = body.children("content")
                total = body.integer("totalElements")
                hits.extend(content)
                if len(content) < size:
                    break
            start = max(0, query.offset) - first * size
            window = hits[start : start + max(0, query.limit)]
            items = tuple(activity.payment(hit, with_lines=False) for hit in window)
            return PaymentPage(items=items, total=total)

    async def payments(
        self, member: MemberRef, ids: Sequence[str]
    ) -> Sequence[Payment | PortError]:
        operation = "payments"
        results: dict[str, Payment | PortError] = {}
        try:
            with guard(operation):
                path = self._insured(member, operation) + "/reimbursements:batchGet"
        except PortError as error:
            return [error for _ in ids]
        wanted = [i for i in dict.fromkeys(ids) if i]
        for start in range(0, len(wanted), MAX_SIZE):
            chunk = wanted[start : start + MAX_SIZE]
            try:
                with guard(operation):
                    body = await self.http.post_json(operation, path, {"ids": chunk}, read=True)
                    found = {
                        p.id: p
                        for p in (
                            activity.payment(x, with_lines=True) for x in body.children("content")
                        )
                    }
            except PortError as error:
                results.update(dict.fromkeys(chunk, error))
                continue
            for payment_id in chunk:
                # Asked for, and neither returned nor listed in notFound: not the member's.
                results[payment_id] = found.get(payment_id) or NotFound(
                    platform=PLATFORM, operation=operation
                )
        return [results.get(i) or NotFound(platform=PLATFORM, operation=operation) for i in ids]

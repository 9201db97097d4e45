"""Santéclair's quote analysis (analyse de devis) as the port's ``QuoteAnalysisPort``.

    POST /api/v1/estimates                      estimate      (immediate reste à charge)
    POST /api/v1/quote-reviews  (multipart)     submit_quote  (adviser's answer in 72 h)
    GET  /api/v1/quote-reviews?memberNumber=    quote_reviews (not in the port yet)
    GET  /api/v1/quote-reviews/{ticketId}       quote_review  (not in the port yet)

Amounts go out as integer cents per unit and come back as ``Decimal`` euros per line
(× quantity); every line and the totals are checked to add up (billed = AMO + mutuelle +
reste à charge). Back-end refusals become port errors: unknown member → ``NotFound``,
a beneficiary that is not the member's → ``BackendRejected(UNKNOWN_BENEFICIARY)``, a bad
line → ``InvalidInput("items.<index>")``, a file too large or of another type →
``InvalidInput("file")``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from adapters.port import (
    BackendRejected,
    InvalidInput,
    MemberRef,
    NotFound,
    PortError,
    QuoteEstimate,
    QuoteEstimateRequest,
    QuoteReview,
    QuoteSubmission,
)
from adapters.port.errors import UNKNOWN_BENEFICIARY
from adapters.rest import santeclair_records as records
from adapters.rest.care_http import CareHttp, Problem
from adapters.rest.care_json import array
from adapters.rest.santeclair_records import PLATFORM, parsing

_LINE_INDEX = re.compile(r"^lines\[(\d+)\]")
NOT_ESTIMABLE = "CATEGORY_NOT_ESTIMABLE"


class SanteclairQuoteAnalysis:
    """Immediate estimates and quote reviews (QuoteAnalysisPort), plus reading reviews."""

    def __init__(self, http: CareHttp) -> None:
        self.http = http

    async def estimate(self, member: MemberRef, request: QuoteEstimateRequest) -> QuoteEstimate:
        operation = "estimate"
        if request.category not in records.ESTIMABLE:
            raise BackendRejected(
                NOT_ESTIMABLE, platform=PLATFORM, operation=operation, field="category"
            )
        if not request.items:
            raise InvalidInput("items", platform=PLATFORM, operation=operation)
        lines: list[dict[str, Any]] = []
        for index, item in enumerate(request.items):
            line: dict[str, Any] = {
                "actCode": item.act_code,
                "billedCents": _unit_cents(item.billed, f"items.{index}.billed", operation),
                "quantity": item.quantity,
            }
            if item.label:
                line["label"] = item.label
            lines.append(line)
        body = {
            "memberNumber": member.number,
            "beneficiaryId": request.beneficiary_id,
            "kind": records.REVIEW_KIND[request.category],
            "lines": lines,
        }
        document = await self.http.call(
            "POST",
            "/api/v1/estimates",
            operation=operation,
            retry_safe=True,  # an estimate records nothing
            json=body,
            refine=lambda problem: _refusal(problem, operation),
        )
        with parsing(operation):
            return records.estimate(document, request.category)

    async def submit_quote(self, member: MemberRef, submission: QuoteSubmission) -> QuoteReview:
        operation = "submit_quote"
        attachment = submission.file
        document = await self.http.call(
            "POST",
            "/api/v1/quote-reviews",
            operation=operation,
            retry_safe=False,  # a ticket may exist even if the answer was lost
            data={
                "memberNumber": member.number,
                "beneficiaryId": submission.beneficiary_id,
                "kind": records.REVIEW_KIND[submission.category],
            },
            files={
                "file": (attachment.filename, attachment.content, attachment.content_type),
            },
            refine=lambda problem: _refusal(problem, operation),
        )
        with parsing(operation, retry_safe=False):
            return records.review(document)

    async def quote_reviews(self, member: MemberRef) -> tuple[QuoteReview, ...]:
        """The member's submitted quotes, newest first (not yet a port method)."""
        operation = "quote_reviews"
        document = await self.http.call(
            "GET",
            "/api/v1/quote-reviews",
            operation=operation,
            retry_safe=True,
            params={"memberNumber": member.number},
        )
        with parsing(operation):
            return tuple(records.review(item) for item in array(document["reviews"]))

    async def quote_review(self, member: MemberRef, ticket_id: str) -> QuoteReview:
        """One ticket of this member; another member's ticket is ``NotFound``."""
        operation = "quote_review"
        not_found = NotFound(platform=PLATFORM, operation=operation)
        if not ticket_id.strip():
            raise not_found
        document = await self.http.call(
            "GET",
            f"/api/v1/quote-reviews/{quote(ticket_id, safe='')}",
            operation=operation,
            retry_safe=True,
        )
        with parsing(operation):
            owner = document["memberNumber"]
            found = records.review(document)
        if owner != member.number:
            raise not_found
        return found


def _unit_cents(amount: Decimal, field: str, operation: str) -> int:
    """Euros with at most two decimals, as integer cents (Santéclair's unit)."""
    cents = amount * 100
    if not amount.is_finite() or amount < 0 or cents != cents.to_integral_value():
        raise InvalidInput(field, platform=PLATFORM, operation=operation)
    return int(cents)


def _refusal(problem: Problem, operation: str) -> PortError | None:
    """Santéclair's refusals of an estimate or a quote review, in port terms."""
    if problem.status == 404 and problem.code == "BENEFICIARY_NOT_FOUND":
        return BackendRejected(
            UNKNOWN_BENEFICIARY, field="beneficiary_id", platform=PLATFORM, operation=operation
        )
    if problem.status == 404:
        return NotFound(f"{operation}: unknown member", platform=PLATFORM, operation=operation)
    if problem.status == 422 and problem.code == "INVALID_LINE":
        match = _LINE_INDEX.match(problem.message or "")
        field = f"items.{match.group(1)}" if match else "items"
        return InvalidInput(field, platform=PLATFORM, operation=operation)
    if problem.status in (413, 415):
        message = f"{operation}: HTTP {problem.status}"
        return InvalidInput("file", platform=PLATFORM, operation=operation, message=message)
    return None

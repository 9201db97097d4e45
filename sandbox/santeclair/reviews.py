"""Quote reviews (analyse de devis en 72 h): a member's quote file, answered by an adviser.

    POST /api/v1/quote-reviews              multipart: memberNumber, beneficiaryId,
                                            kind (optical|dental|audio|hospital), file
    GET  /api/v1/quote-reviews/{ticketId}
    GET  /api/v1/quote-reviews?memberNumber=10000001

A ticket moves on with the (injectable) clock: ``received``, then ``in_review`` after
``review_after`` seconds, then ``answered`` after ``answer_after`` seconds, with the
adviser's text and an estimated reste à charge. Tickets live in memory until a reset.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from sandbox.backoffice import BackOffice, BusinessError
from sandbox.dataset.records import Tenant
from sandbox.santeclair.advice import advice
from sandbox.santeclair.problems import problem

Clock = Callable[[], datetime]
KINDS = ("optical", "dental", "audio", "hospital")
MAX_BYTES = 5 * 1024 * 1024
DUE_IN = timedelta(hours=72)
MAGIC = {b"%PDF-": "application/pdf", b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n": "image/png"}


@dataclass(frozen=True, slots=True)
class Review:
    ticket_id: str
    tenant: str
    member_number: str
    beneficiary_id: str
    kind: str
    filename: str
    content_type: str
    size: int
    sha256: str
    submitted_at: datetime


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class QuoteReviews:
    """The quote-review endpoints and their in-memory tickets."""

    def __init__(
        self,
        backoffice: Callable[[str], BackOffice],
        clock: Clock,
        review_after: float = 60.0,
        answer_after: float = 180.0,
    ) -> None:
        self.backoffice = backoffice
        self.clock = clock
        self.review_after = timedelta(seconds=review_after)
        self.answer_after = timedelta(seconds=answer_after)
        self._tickets: dict[str, Review] = {}

    def reset(self) -> None:
        self._tickets.clear()

    async def submit(self, request: Request, tenant: Tenant) -> Response:
        if int(request.headers.get("content-length") or 0) > MAX_BYTES + 64 * 1024:
            return problem(413, "the quote file must not exceed 5 MB")
        try:
            form = await request.form(max_files=1, max_fields=10)
        except (HTTPException, MultiPartException):
            return problem(400, "a well-formed multipart/form-data body is expected")
        try:
            fields = {k: form.get(k) for k in ("memberNumber", "beneficiaryId", "kind")}
            upload = form.get("file")
            if not all(isinstance(v, str) and v for v in fields.values()):
                return problem(400, "memberNumber, beneficiaryId and kind are required")
            if fields["kind"] not in KINDS:
                return problem(400, f"kind must be one of {list(KINDS)}")
            if not isinstance(upload, UploadFile):
                return problem(400, "the quote must be sent as the file part")
            content = await upload.read(MAX_BYTES + 1)
            filename = upload.filename or "devis"
        finally:
            await form.close()
        if len(content) > MAX_BYTES:
            return problem(413, "the quote file must not exceed 5 MB")
        content_type = next((t for m, t in MAGIC.items() if content.startswith(m)), None)
        if content_type is None:
            return problem(415, "the quote must be a PDF, JPEG or PNG file")
        member, beneficiary = str(fields["memberNumber"]), str(fields["beneficiaryId"])
        try:
            known = {b.id for b in self.backoffice(tenant.id).beneficiaries(member)}
        except BusinessError:
            return problem(404, "unknown member", "MEMBER_NOT_FOUND")
        if beneficiary not in known:
            return problem(404, "unknown beneficiary for this member", "BENEFICIARY_NOT_FOUND")
        review = Review(
            ticket_id=f"SCR-{len(self._tickets) + 1:06d}",
            tenant=tenant.id,
            member_number=member,
            beneficiary_id=beneficiary,
            kind=str(fields["kind"]),
            filename=filename,
            content_type=content_type,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            submitted_at=self.clock(),
        )
        self._tickets[review.ticket_id] = review
        return JSONResponse(self.review_json(review), status_code=201)

    async def get(self, request: Request, tenant: Tenant) -> Response:
        review = self._tickets.get(request.path_params["ticket_id"])
        if review is None or review.tenant != tenant.id:
            return problem(404, "no quote review with this ticket id", "TICKET_NOT_FOUND")
        return JSONResponse(self.review_json(review))

    async def list(self, request: Request, tenant: Tenant) -> Response:
        member = request.query_params.get("memberNumber")
        if not member:
            return problem(400, "memberNumber is required")
        mine = [
            r for r in self._tickets.values() if (r.tenant, r.member_number) == (tenant.id, member)
        ]
        mine.sort(key=lambda r: (r.submitted_at, r.ticket_id), reverse=True)
        return JSONResponse(
            {
                "memberNumber": member,
                "total": len(mine),
                "reviews": [self.review_json(r) for r in mine],
            }
        )

    def review_json(self, review: Review) -> dict[str, Any]:
        elapsed = self.clock() - review.submitted_at
        history = [{"status": "received", "at": iso(review.submitted_at)}]
        if elapsed >= self.review_after:
            history.append(
                {"status": "in_review", "at": iso(review.submitted_at + self.review_after)}
            )
        answered = elapsed >= self.answer_after
        if answered:
            history.append(
                {"status": "answered", "at": iso(review.submitted_at + self.answer_after)}
            )
        data: dict[str, Any] = {
            "ticketId": review.ticket_id,
            "status": history[-1]["status"],
            "memberNumber": review.member_number,
            "beneficiaryId": review.beneficiary_id,
            "kind": review.kind,
            "file": {
                "name": review.filename,
                "contentType": review.content_type,
                "size": review.size,
            },
            "submittedAt": iso(review.submitted_at),
            "dueBy": iso(review.submitted_at + DUE_IN),
            "history": history,
            "answer": None,
        }
        if answered:
            contract = self.backoffice(review.tenant).contract(review.member_number)
            data["answer"] = {
                "answeredAt": history[-1]["at"],
                **advice(review.kind, review.sha256, contract, review.beneficiary_id),
            }
        return data

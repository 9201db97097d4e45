"""Correspondence and document operations: letters (courriers) by date range and type with
their PDF, and useful documents (documents utiles) with their PDF."""

from __future__ import annotations

from starlette.responses import Response

from sandbox.cegedim import codes
from sandbox.cegedim import serialise_activity as shape
from sandbox.cegedim.endpoint import Call, Endpoint, ok, pdf
from sandbox.cegedim.params import date_range, enum_value, paging


async def list_correspondences(call: Call) -> Response:
    request = call.request
    since, until = date_range(request, "sentFrom", "sentTo")
    kind = enum_value(
        "correspondenceType",
        request.query_params.get("correspondenceType"),
        codes.CORRESPONDENCE_TYPE,
    )
    page = paging(request)
    letters = call.office.letters(call.insured, since, until, kind)
    return ok(page.body([shape.correspondence(x) for x in page.slice(letters)], len(letters)))


async def get_correspondence_content(call: Call) -> Response:
    letter_id = call.path("correspondenceId")
    return pdf(call.office.letter_pdf(call.insured, letter_id), f"courrier-{letter_id}.pdf")


async def list_documents(call: Call) -> Response:
    documents = call.office.useful_documents(call.insured)
    return ok({"content": [shape.document(d) for d in documents], "totalElements": len(documents)})


async def get_document_content(call: Call) -> Response:
    document_id = call.path("documentId")
    content = call.office.useful_document_pdf(call.insured, document_id)
    return pdf(content, f"document-{document_id}.pdf")


INSURED = "/insureds/{insuredId}"
ENDPOINTS = (
    Endpoint("GET", INSURED + "/correspondences", "listCorrespondences", list_correspondences),
    Endpoint(
        "GET",
        INSURED + "/correspondences/{correspondenceId}/content",
        "getCorrespondenceContent",
        get_correspondence_content,
    ),
    Endpoint("GET", INSURED + "/documents", "listDocuments", list_documents),
    Endpoint(
        "GET",
        INSURED + "/documents/{documentId}/content",
        "getDocumentContent",
        get_document_content,
    ),
)

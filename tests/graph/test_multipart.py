"""A real GraphQL multipart request (file upload spec) through Strawberry's ASGI view: the
RIB arrives as Starlette's UploadFile and reaches the port as a checked attachment."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from starlette.requests import Request
from starlette.responses import Response
from strawberry.asgi import GraphQL

from adapters.fake import AS_OF, FakeBackends
from resolvers.context import RequestContext
from tests.graph.support import PDF, SCHEMA, Links, call, viewer
from tests.graph.test_mutations import BANK, IBAN

pytestmark = pytest.mark.anyio


class App(GraphQL[RequestContext, None]):
    def __init__(self, fake: FakeBackends) -> None:
        super().__init__(SCHEMA, multipart_uploads_enabled=True)
        self.fake = fake

    async def get_context(self, request: Any, response: Any) -> RequestContext:
        assert isinstance(request, Request) and isinstance(response, Response)
        return RequestContext(viewer(), self.fake.backends, Links(), today=AS_OF)


async def post(fake: FakeBackends, content: bytes) -> dict[str, Any]:
    variables = {
        "input": {
            "purpose": "REIMBURSEMENT",
            "holder": "Léa Durand",
            "iban": IBAN,
            "bic": "BNPAFRPP",
            "rib": None,
        }
    }
    files = {"0": ("rib.pdf", content, "application/pdf")}
    form = {
        "operations": json.dumps({"query": BANK, "variables": variables}),
        "map": json.dumps({"0": ["variables.input.rib"]}),
    }
    transport = httpx.ASGITransport(app=App(fake))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        answer = await client.post("/graphql", data=form, files=files)
    body: dict[str, Any] = answer.json()
    return body


async def test_multipart_upload_reaches_the_port(fake: FakeBackends) -> None:
    body = await post(fake, PDF)
    assert "errors" not in body, body
    request = body["data"]["updateBankAccount"]["changeRequest"]
    assert request["attachments"][0]["contentType"] == "application/pdf"
    assert call(fake, "update_bank_account")[1].proof.content == PDF


async def test_multipart_upload_of_the_wrong_type_is_refused(fake: FakeBackends) -> None:
    body = await post(fake, b"#!/bin/sh\necho not a rib\n")
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "input.rib"}
    assert fake.calls.log == []

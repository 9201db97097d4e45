"""Messaging (messagerie): the insured's messages, paged, and sending one to the advisers,
with attachments as ``multipart/form-data`` (repeatable file part ``attachments``) or as
plain JSON when there is nothing to attach. An optional ``threadId`` (a JSON field or a form
field) answers one of the insured's threads (404 UNKNOWN_THREAD otherwise); without it the
message opens a new thread."""

from __future__ import annotations

from starlette.responses import Response

from sandbox.cegedim import serialise_activity as shape
from sandbox.cegedim.endpoint import Call, Endpoint, ok
from sandbox.cegedim.params import (
    is_multipart,
    json_body,
    multipart_form,
    optional_text,
    paging,
    text,
)
from sandbox.cegedim.problems import invalid
from sandbox.dataset.records import Attachment

MESSAGES = "/insureds/{insuredId}/messages"
MAX_ATTACHMENTS = 5


async def list_messages(call: Call) -> Response:
    page = paging(call.request)
    items = call.office.messages(call.insured)
    return ok(page.body([shape.message(m) for m in page.slice(items)], len(items)))


async def send_message(call: Call) -> Response:
    attachments: tuple[Attachment, ...] = ()
    if is_multipart(call.request):
        form = await multipart_form(call.request)
        fields = form.fields
        attachments = tuple(form.files.get("attachments", ()))
        if len(attachments) > MAX_ATTACHMENTS:
            raise invalid("attachments", f"at most {MAX_ATTACHMENTS} files")
        subject = text(fields, "subject", max_len=120)
        body = text(fields, "body", max_len=5000)
        thread = optional_text(fields, "threadId", max_len=64)
    else:
        payload = await json_body(call.request)
        subject = text(payload, "subject", max_len=120)
        body = text(payload, "body", max_len=5000)
        thread = optional_text(payload, "threadId", max_len=64)
    message = call.office.send_message(
        call.insured, subject=subject, body=body, attachments=attachments, thread_id=thread
    )
    return ok(shape.message(message), status=201)


ENDPOINTS = (
    Endpoint("GET", MESSAGES, "listMessages", list_messages),
    Endpoint("POST", MESSAGES, "sendMessage", send_message),
)

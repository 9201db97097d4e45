"""Strawberry's ASGI view with the gateway's request guards (the base of ``/graphql``).

:class:`GuardedGraphQL` adds, before any operation runs:

* batches (a JSON array of operations): at most ``MUTUGRAPH_MAX_BATCH`` (10), else
  QUERY_TOO_COMPLEX (HTTP 400); ``MUTUGRAPH_MAX_BATCH=0`` refuses arrays (BAD_USER_INPUT);
* the per-viewer rate limit (:mod:`gateway.ratelimit`), after authentication, one hit per
  operation;
* trusted documents (:mod:`gateway.persisted`): ``documentId``,
  ``extensions.persistedQuery`` or registered text, else PERSISTED_QUERY_NOT_FOUND.

Every refusal, and Strawberry's own request errors (bad JSON, no query...), is answered
with GraphQL-over-HTTP JSON (``{"errors": [{"message", "extensions": {"code"}}]}``), not
Strawberry's plain text; a mutation sent with GET is refused with 405 and ``Allow: POST``
(the spec's MUST). Answers use the media type the client prefers, ``application/json`` or
``application/graphql-response+json``, with that type's status codes
(:mod:`gateway.media_types`). The guard is ``app.state.guard`` (see
:mod:`gateway.limits.guard`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData, GraphQLRequestProtocol
from strawberry.http.base import BaseRequestProtocol
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult, SubscriptionExecutionResult

from gateway.context import RequestContext
from gateway.limits.errors import Refusal, too_complex
from gateway.limits.guard import Guard
from gateway.media_types import (
    GRAPHQL_RESPONSE_CONTENT_TYPE,
    graphql_response_status,
    is_request_error,
    negotiated,
    prefers_graphql_response,
)
from gateway.persisted import TrustedDocuments

Operations = GraphQLRequestData | list[GraphQLRequestData]


class GuardedGraphQL(GraphQL[RequestContext, None]):
    """The GraphQL view, refusing batches, unregistered documents and spent budgets."""

    _fallback_guard: Guard | None = None

    def guard_for(self, request: Request) -> Guard:
        """``app.state.guard``; default limits when the view runs outside ``create_app``."""
        state = getattr(request.scope.get("app"), "state", None)
        guard = getattr(state, "guard", None)
        if isinstance(guard, Guard):
            return guard
        if self._fallback_guard is None:
            self._fallback_guard = Guard.default()
        return self._fallback_guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        # Strawberry's own __call__, with JSON refusals, and uploaded files closed at the end
        # (Starlette closes a request's form only for its function endpoints).
        request = Request(scope, receive)
        try:
            try:
                response = await self.run(request)
            except HTTPException as exc:  # Strawberry's request errors: plain text otherwise
                response = refusal_of(exc, request.method).response()
                response = negotiated(response, request.headers.get("accept"))
            except Refusal as refusal:
                response = negotiated(refusal.response(), request.headers.get("accept"))
            await response(scope, receive, send)
        finally:
            await request.close()

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = NegotiatedResponse()
        sub_response.status_code = None  # type: ignore[assignment]  # as Strawberry's own
        del sub_response.headers["content-length"]
        sub_response.graphql_response = prefers_graphql_response(request.headers.get("accept"))
        return sub_response

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        wanted = isinstance(sub_response, NegotiatedResponse) and sub_response.graphql_response
        if not wanted or isinstance(response_data, list):  # batches: application/json
            return super().create_response(response_data, sub_response)
        body: dict[str, Any] = dict(response_data)
        if is_request_error(body):
            del body["data"]  # a request error has no data entry, not a null one
        response = super().create_response(body, sub_response)  # type: ignore[arg-type]
        response.status_code = graphql_response_status(body, response.status_code)
        response.headers["content-type"] = GRAPHQL_RESPONSE_CONTENT_TYPE
        return response

    def should_render_graphql_ide(self, request: BaseRequestProtocol) -> bool:
        # A GET naming a persisted document is a query, whatever the Accept header says.
        return request.query_params.get("documentId") is None and super().should_render_graphql_ide(
            request
        )

    async def parse_http_body(self, request: AsyncHTTPRequestAdapter) -> Operations:
        try:
            operations = await super().parse_http_body(request)
        except (AttributeError, TypeError):  # JSON that is neither an object nor an array
            raise Refusal(
                400, "The body must be a JSON object or an array of objects.", "BAD_USER_INPUT"
            ) from None
        if isinstance(operations, GraphQLRequestData) and operations.operation_name == "":
            # GraphQL over HTTP: a GET's empty operationName= means none was given; a POST's
            # "" is read the same way rather than as an operation named "".
            operations.operation_name = None
        return operations

    def _validate_batch_request(
        self, request_data: list[GraphQLRequestData], protocol: GraphQLRequestProtocol
    ) -> None:
        # Called with the parsed JSON array; its size is checked in execute_operation, where
        # the request (and so its guard) is known.
        if not all(isinstance(item, dict) for item in request_data):
            raise HTTPException(400, "Every operation of a batch must be a JSON object.")
        if transport := self._get_stream_transport(protocol):
            raise HTTPException(400, transport.batching_error)

    async def execute_operation(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        request_data: Operations,
        context: RequestContext,
        root_value: None,
        sub_response: Response,
    ) -> ExecutionResult | list[ExecutionResult] | SubscriptionExecutionResult:
        guard = self.guard_for(request)
        operations = request_data if isinstance(request_data, list) else [request_data]
        if isinstance(request_data, list):
            check_batch(len(operations), guard.limits.max_batch)
        viewer = context.viewer
        await guard.limiter.check_viewer(viewer.tenant, viewer.subject, len(operations))
        await resolve_documents(request, operations, guard.documents)
        return await super().execute_operation(
            request, request_adapter, request_data, context, root_value, sub_response
        )


class NegotiatedResponse(Response):
    """Strawberry's sub-response (headers resolvers may set), knowing the media type."""

    graphql_response = False  # True: application/graphql-response+json


def refusal_of(exc: HTTPException, method: str) -> Refusal:
    """Strawberry's request error as a JSON refusal; 405 for a mutation sent with GET."""
    if method == "GET" and isinstance(exc.__cause__, InvalidOperationTypeError):
        return Refusal(405, exc.reason, "BAD_USER_INPUT", headers={"Allow": "POST"})
    return Refusal(exc.status_code, exc.reason, "BAD_USER_INPUT")


def check_batch(size: int, maximum: int) -> None:
    """Refuses an empty batch, a batch when batches are off, or one larger than ``maximum``."""
    if maximum == 0:
        raise Refusal(400, "Batched requests are not accepted.", "BAD_USER_INPUT")
    if size == 0:
        raise Refusal(400, "The batch holds no operation.", "BAD_USER_INPUT")
    if size > maximum:
        error = too_complex("batch", maximum, size)
        extensions = dict(error.extensions or {})
        code = extensions.pop("code")
        raise Refusal(400, error.message, code, **extensions)


async def resolve_documents(
    request: Request, operations: list[GraphQLRequestData], documents: TrustedDocuments
) -> None:
    """Fills each operation's query from the trusted documents (or refuses it)."""
    ids = await _document_ids(request, len(operations))
    for operation, document_id in zip(operations, ids, strict=True):
        text = documents.resolve(operation.query, document_id, operation.extensions)
        if text is not None:
            operation.query = text


async def _document_ids(request: Request, count: int) -> Sequence[object]:
    """The ``documentId`` of each operation (Strawberry keeps only query, variables...)."""
    if request.method == "GET":
        return [request.query_params.get("documentId")] + [None] * (count - 1)
    raw: object
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        raw = (await request.form()).get("operations")  # parsed and cached by Starlette
    else:
        raw = await request.body()  # read and cached by Starlette already
    needle = "documentId"
    if isinstance(raw, bytes):
        found = needle.encode() in raw
    else:
        found = isinstance(raw, str) and needle in raw
    if not found:
        return [None] * count
    data: Any = json.loads(raw)  # type: ignore[arg-type]  # str or bytes, checked above
    items = data if isinstance(data, list) else [data]
    ids = [item.get("documentId") if isinstance(item, dict) else None for item in items]
    return (ids + [None] * count)[:count]

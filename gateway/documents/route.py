"""``GET /documents/{token}``: the download behind a signed link.

The token is the credential (no bearer header: a browser opens the link). It is verified
first (403 forged, 410 expired); then the document is fetched as the viewer who obtained
the link, through the graph's read path (:mod:`gateway.documents.statements`):

* LETTER, USEFUL_DOCUMENT, TP_CARD, ATTESTATION: the platform's file,
  ``correspondence.document(MemberRef, DocumentRef)``; letters are the adhérent's mail, so
  a beneficiary's own account is refused them, as in the graph; the card and attestation
  print the whole family, so a beneficiary's own account gets its own, rendered here
  (:mod:`gateway.documents.certificates`);
* PAYMENT_STATEMENT, PAYMENTS_EXPORT: rendered here as PDF or CSV (in a worker thread:
  rendering is CPU work and must not stall the event loop).

Every answer is ``Cache-Control: no-store`` (personal health data) and downloads are
``attachment`` with an ASCII file name. Errors are JSON (:mod:`gateway.documents.errors`).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime

import anyio.to_thread
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from adapters.port import (
    DocumentFormat,
    DocumentKind,
    PortError,
    TenantBackends,
    require,
)
from gateway.backends import tenant_backends
from gateway.documents.certificates import OwnCertificate, own_attestation_pdf, own_card_pdf
from gateway.documents.errors import (
    error_response,
    graph_error_response,
    internal_error_response,
    link_error_response,
    port_error_response,
)
from gateway.documents.links import DocumentGrant, LinkError, SignedLinks
from gateway.documents.render_csv import render_csv
from gateway.documents.render_pdf import render_pdf
from gateway.documents.statements import Statement, payment_statement, payments_export
from gateway.documents.text import safe_filename
from gateway.request_ids import current_request_id
from gateway.tenants import TenantConfig, Tenants
from resolvers import audit, documents, members
from resolvers.access import Access, checked, own
from resolvers.audit import AuditSink
from resolvers.context import PARIS, RequestState
from resolvers.loaders import Loaders

logger = logging.getLogger(__name__)

PLATFORM_FILES = (
    DocumentKind.LETTER,
    DocumentKind.USEFUL_DOCUMENT,
    DocumentKind.TP_CARD,
    DocumentKind.ATTESTATION,
)
# The platform prints the whole family on these: a beneficiary account gets its own.
FAMILY_DOCUMENTS = (DocumentKind.TP_CARD, DocumentKind.ATTESTATION)
# What a platform file may be served as; anything else is sent as opaque bytes.
EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
CONTENT_TYPES = {DocumentFormat.PDF: "application/pdf", DocumentFormat.CSV: "text/csv"}
DOWNLOAD_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",  # the URL is a credential until it expires
}


def _download(content: bytes, content_type: str, filename: str) -> Response:
    media_type = content_type + ("; charset=utf-8" if content_type == "text/csv" else "")
    return Response(
        content,
        media_type=media_type,
        headers={
            **DOWNLOAD_HEADERS,
            "Content-Disposition": f'attachment; filename="{filename}"',
        },
    )


def _request_state(
    grant: DocumentGrant,
    tenant: TenantConfig,
    backends: TenantBackends,
    request_id: str,
    audit: AuditSink | None,
) -> RequestState:
    return RequestState(
        viewer=grant.viewer,
        backends=backends,
        links=None,
        request_id=request_id,
        today=datetime.now(PARIS).date(),
        adult_lines_visible_to_member=tenant.privacy.adult_lines_visible_to_member,
        loaders=Loaders(backends),
        audit=audit,  # rendered statements are audited by the payments resolvers they reuse
    )


async def _own_certificate(
    state: RequestState, access: Access, kind: DocumentKind, tenant: TenantConfig
) -> Response:
    """A beneficiary account's card or attestation, narrowed to that beneficiary."""
    access = await checked(state, access)
    assert access.beneficiary_id is not None
    certificate = OwnCertificate(
        tenant_name=tenant.name,
        member_number=access.member.number,
        beneficiary=await members.beneficiary(state, access, access.beneficiary_id),
        card=await documents.tp_card(state, access),
        contract=await members.contract(state, access),
        issued=state.today,
    )
    await audit.shown(state, access, f"document:{kind.value}")
    render = own_card_pdf if kind is DocumentKind.TP_CARD else own_attestation_pdf
    content = await anyio.to_thread.run_sync(render, certificate)
    filename = safe_filename(kind.value.replace("_", "-"), default="document", extension="pdf")
    return _download(content, "application/pdf", filename)


async def _platform_file(
    state: RequestState, grant: DocumentGrant, tenant: TenantConfig
) -> Response:
    access = own(state)
    if grant.ref.kind is DocumentKind.LETTER and access.restricted:
        return error_response("FORBIDDEN", "Letters are sent to the member holding the contract.")
    if grant.ref.kind in FAMILY_DOCUMENTS and access.restricted:
        return await _own_certificate(state, access, grant.ref.kind, tenant)
    platform = state.backends.platform
    correspondence = require(platform.correspondence, platform.name, "document")
    found = await correspondence.document(access.member, grant.ref)
    await audit.shown(state, access, f"document:{grant.ref.kind.value}")
    content_type = found.content_type.split(";")[0].strip().lower()
    if content_type not in EXTENSIONS:
        content_type = "application/octet-stream"
    extension = EXTENSIONS.get(content_type, "bin")
    default = grant.ref.kind.value.replace("_", "-")
    filename = safe_filename(found.filename, default=default, extension=extension)
    return _download(found.content, content_type, filename)


async def _rendered(state: RequestState, grant: DocumentGrant, tenant: TenantConfig) -> Response:
    access = own(state)
    ref = grant.ref
    statement: Statement
    if ref.kind is DocumentKind.PAYMENT_STATEMENT:
        statement = await payment_statement(state, access, tenant.name, ref.key)
        stem = f"decompte-{ref.key}"
    else:
        statement = await payments_export(state, access, tenant.name, ref)
        since = statement.since.isoformat() if statement.since else "origine"
        until = (statement.until or statement.generated_on).isoformat()
        stem = f"remboursements-{since}-{until}"
    render: Callable[[Statement], bytes] = (
        render_csv if ref.format is DocumentFormat.CSV else render_pdf
    )
    content = await anyio.to_thread.run_sync(render, statement)
    filename = safe_filename(stem, default="remboursements", extension=ref.format.value)
    return _download(content, CONTENT_TYPES[ref.format], filename)


def documents_route(links: SignedLinks, tenants: Tenants) -> Route:
    """The route; back ends come from ``app.state.backends`` (tenant id → TenantBackends)."""

    async def download(request: Request) -> Response:
        request_id = current_request_id() or uuid.uuid4().hex  # the X-Request-Id echoed
        try:
            grant = links.verify(request.path_params["token"])
        except LinkError as error:
            return link_error_response(error)
        tenant = tenants.get(grant.viewer.tenant)
        if tenant is None:  # a link minted before the tenant left the configuration
            return link_error_response(LinkError("unknown tenant"))
        backends = tenant_backends(getattr(request.app.state, "backends", None), tenant.id)
        if backends is None:
            return error_response(
                "BACKEND_UNAVAILABLE",
                "The service is temporarily unavailable; please try again later.",
                extra={"platform": "gateway"},
            )
        audit_sink = getattr(request.app.state, "audit", None)
        state = _request_state(grant, tenant, backends, request_id, audit_sink)
        try:
            if grant.ref.kind in PLATFORM_FILES:
                return await _platform_file(state, grant, tenant)
            return await _rendered(state, grant, tenant)
        except PortError as error:
            logger.warning("document %s failed: %r (request %s)", grant.ref.kind, error, request_id)
            return port_error_response(error, request_id)
        except GraphQLError as error:  # the graph's own refusals (not found, bad period)
            return graph_error_response(error, request_id)
        except Exception:
            logger.exception("document %s failed (request %s)", grant.ref.kind.value, request_id)
            return internal_error_response(request_id)

    return Route("/documents/{token}", download, methods=["GET"])

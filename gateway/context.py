"""The per-request GraphQL context (``info.context`` in resolvers).

Resolvers must not import the gateway (import-linter layers), so they read this object by
its attribute names (``resolvers.context`` documents which):

* ``viewer``: the authenticated :class:`resolvers.viewer.Viewer`;
* ``tenant``: the viewer's tenant configuration; resolvers read
  ``tenant.privacy.adult_lines_visible_to_member`` from it;
* ``backends``: the viewer's tenant's :class:`~adapters.port.TenantBackends` (built at
  start by the app's ``backends_factory``), never another tenant's; None when the app has
  none for the tenant (the graph then answers BACKEND_UNAVAILABLE);
* ``links``: the document-link signer (:class:`gateway.documents.SignedLinks`);
* ``request_id``: an id for this request, also sent back as ``X-Request-ID`` and put in
  INTERNAL errors, so a support call can find the log line;
* ``loaders``: an empty dict per request, where resolvers keep their DataLoaders;
* ``audit``: the audit trail (:class:`gateway.audit.AuditTrail`, a
  :class:`resolvers.audit.AuditSink`), None when the app has none;
* ``request`` / ``response``: the Starlette request and the sub-response whose headers and
  status the GraphQL view copies into the HTTP answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from gateway.tenants import TenantConfig
from resolvers.viewer import Viewer


@dataclass(slots=True)
class RequestContext:
    """What one GraphQL request's resolvers may use."""

    request: Request
    response: Response
    viewer: Viewer
    tenant: TenantConfig
    backends: Any = None
    links: Any = None
    request_id: str | None = None
    loaders: dict[str, Any] = field(default_factory=dict)
    audit: Any = None

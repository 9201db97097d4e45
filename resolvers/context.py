"""The request context the gateway builds per GraphQL request, and the resolvers' view of it.

The gateway passes any object with at least ``viewer`` (:class:`resolvers.viewer.Viewer`),
``backends`` (the viewer's :class:`~adapters.port.TenantBackends`, or a mapping tenant id →
TenantBackends) and ``loaders`` (a per-request dict); optionally ``links``
(:class:`DocumentLinks`), ``request_id``, ``today``, ``audit`` (the audit trail,
:class:`resolvers.audit.AuditSink`) and a tenant privacy flag
(``privacy.adult_lines_visible_to_member``, directly or under ``tenant``).
:class:`RequestContext` is a ready-made such object (tests use it).

Resolvers call :func:`state` to get the typed :class:`RequestState` (built once per
request and kept in ``loaders``), which also holds the per-request DataLoaders.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol
from zoneinfo import ZoneInfo

from strawberry.types import Info

from adapters.port import DocumentRef, NotSupported, TenantBackends
from resolvers.loaders import Loaders
from resolvers.viewer import Viewer

if TYPE_CHECKING:
    from resolvers.audit import AuditSink

PARIS = ZoneInfo("Europe/Paris")
_STATE_KEY = "mutugraph.state"


class DocumentLinks(Protocol):
    """Signs download links (``GET /documents/{signed-token}``); the gateway provides it."""

    def link(self, viewer: Viewer, document: DocumentRef) -> str: ...


@dataclass(slots=True)
class RequestContext:
    """A complete context object for the graph (the gateway may use it or its own)."""

    viewer: Viewer
    backends: TenantBackends | Mapping[str, TenantBackends]
    links: DocumentLinks | None = None
    request_id: str | None = None
    today: date | None = None  # pinned by tests; default: today in Europe/Paris
    adult_lines_visible_to_member: bool = False  # tenant privacy policy (consent collected)
    loaders: dict[str, Any] = field(default_factory=dict)
    audit: AuditSink | None = None
    nir_visible_roles: frozenset[str] = frozenset()  # tenant privacy policy: who sees the NIR


@dataclass(slots=True)
class RequestState:
    """What resolvers use: the viewer, their tenant's back ends, links, loaders."""

    viewer: Viewer
    backends: TenantBackends
    links: DocumentLinks | None
    request_id: str | None
    today: date
    adult_lines_visible_to_member: bool
    loaders: Loaders
    audit: AuditSink | None = None  # the gateway's audit trail (``context.audit``)
    nir_visible: bool = False  # the tenant's policy shows the full NIR to the viewer's role
    audited: set[tuple[str, str, str, str | None]] = field(default_factory=set)


def state(info: Info[Any, Any]) -> RequestState:
    """The request's state, built on first use from ``info.context``."""
    context = info.context
    store: dict[str, Any] = context.loaders
    current = store.get(_STATE_KEY)
    if current is None:
        current = _build(context)
        store[_STATE_KEY] = current
    assert isinstance(current, RequestState)
    return current


def _build(context: Any) -> RequestState:
    viewer: Viewer = context.viewer
    backends = _tenant_backends(context.backends, viewer.tenant)
    privacy = getattr(context, "privacy", None) or getattr(
        getattr(context, "tenant", None), "privacy", None
    )
    adult_lines = bool(
        getattr(context, "adult_lines_visible_to_member", False)
        or getattr(privacy, "adult_lines_visible_to_member", False)
    )
    nir_roles = frozenset(
        getattr(context, "nir_visible_roles", ()) or getattr(privacy, "nir_visible_roles", ())
    )
    return RequestState(
        viewer=viewer,
        nir_visible=bool(nir_roles & viewer.roles),
        backends=backends,
        links=getattr(context, "links", None),
        request_id=getattr(context, "request_id", None),
        today=getattr(context, "today", None) or datetime.now(PARIS).date(),
        adult_lines_visible_to_member=adult_lines,
        loaders=Loaders(backends),
        audit=getattr(context, "audit", None),
    )


def _tenant_backends(backends: object, tenant: str) -> TenantBackends:
    """The viewer's tenant's back ends; another tenant's are never used."""
    found = backends.get(tenant) if isinstance(backends, Mapping) else backends
    if not isinstance(found, TenantBackends) or found.tenant != tenant:
        # A configuration fault (no back ends for this tenant): BACKEND_UNAVAILABLE.
        raise NotSupported("no back ends for the tenant", platform="gateway", operation="backends")
    return found

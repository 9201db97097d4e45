"""Santéclair care network through httpx: the registry's ``santeclair`` factory.

``create_network(tenant_id, spec)`` builds, without any I/O, the network's directory
(:class:`~adapters.rest.santeclair_directory.SanteclairDirectory`: partner search and
detail, signed service links) and its quote analysis
(:class:`~adapters.rest.santeclair_quotes.SanteclairQuoteAnalysis`: estimates, quote
reviews) over one shared :class:`~adapters.rest.care_http.CareHttp`, whose HTTP client is
opened on first use and closed with the tenant's back ends.

Spec: ``endpoint`` the base URL (``http://127.0.0.1:8103`` in the sandbox),
``credentials["api_key"]`` the mutuelle's key (sent as ``X-Api-Key``), options
``timeout`` (seconds per call, default 5) and ``towns_file`` (a complete CSV gazetteer to
place postcodes and addresses; default: the table shipped with the package).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx

from adapters.port import CareNetwork, Network
from adapters.rest.care_http import CareHttp, option_timeout
from adapters.rest.santeclair_directory import SanteclairDirectory
from adapters.rest.santeclair_quotes import SanteclairQuoteAnalysis
from adapters.rest.santeclair_records import PLATFORM

if TYPE_CHECKING:
    from adapters.registry import BackendSpec

__all__ = ["SanteclairDirectory", "SanteclairQuoteAnalysis", "create_network", "read_problem"]


def read_problem(document: Any) -> tuple[str | None, str | None]:
    """Santéclair's error shape: ``{"error": {"status", "code", "message"}}``."""
    error = document["error"]
    code, message = error.get("code"), error.get("message")
    return (
        code if isinstance(code, str) else None,
        message if isinstance(message, str) else None,
    )


def create_network(
    tenant_id: str, spec: BackendSpec, *, transport: httpx.AsyncBaseTransport | None = None
) -> CareNetwork:
    """The tenant's Santéclair network (``transport``: tests' ``httpx.MockTransport``)."""
    http = CareHttp(
        platform=PLATFORM,
        base_url=spec.endpoint,
        api_key=spec.credentials.get("api_key", ""),
        timeout=option_timeout(spec.options, PLATFORM),
        read_problem=read_problem,
        transport=transport,
    )
    return CareNetwork(
        network=Network.SANTECLAIR,
        directory=SanteclairDirectory(http, spec.options.get("towns_file") or None),
        quote_analysis=SanteclairQuoteAnalysis(http),
        resources=(http,),
    )

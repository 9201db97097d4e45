"""Kalixia care network through httpx: the registry's ``kalixia`` factory.

``create_network(tenant_id, spec)`` builds, without any I/O, the network's directory
(:class:`~adapters.rest.kalixia_directory.KalixiaDirectory`: partner search by address,
postcode or point, and partner detail) over a :class:`~adapters.rest.care_http.CareHttp`
whose HTTP client is opened on first use and closed with the tenant's back ends. Kalixia
has no quote analysis and no member service links.

Spec: ``endpoint`` the base URL (``http://127.0.0.1:8104`` in the sandbox),
``credentials["api_key"]`` the mutuelle's key (sent as ``X-Api-Key``), options
``timeout`` (seconds per call, default 5) and ``towns_file`` (a complete CSV gazetteer to
place points; default: the table shipped with the package).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx

from adapters.port import CareNetwork, Network
from adapters.rest.care_http import CareHttp, option_timeout
from adapters.rest.kalixia_directory import KalixiaDirectory
from adapters.rest.kalixia_records import PLATFORM

if TYPE_CHECKING:
    from adapters.registry import BackendSpec

__all__ = ["KalixiaDirectory", "create_network", "read_problem"]


def read_problem(document: Any) -> tuple[str | None, str | None]:
    """Kalixia's error shape: ``{"erreur": {"code", "libelle"}}``."""
    error = document["erreur"]
    code, message = error.get("code"), error.get("libelle")
    return (
        code if isinstance(code, str) else None,
        message if isinstance(message, str) else None,
    )


def create_network(
    tenant_id: str, spec: BackendSpec, *, transport: httpx.AsyncBaseTransport | None = None
) -> CareNetwork:
    """The tenant's Kalixia network (``transport``: tests' ``httpx.MockTransport``)."""
    http = CareHttp(
        platform=PLATFORM,
        base_url=spec.endpoint,
        api_key=spec.credentials.get("api_key", ""),
        timeout=option_timeout(spec.options, PLATFORM),
        read_problem=read_problem,
        transport=transport,
    )
    return CareNetwork(
        network=Network.KALIXIA,
        directory=KalixiaDirectory(http, spec.options.get("towns_file") or None),
        resources=(http,),
    )

"""Signed, expiring links to Santéclair's member services (geolocation, self-medication...).

    POST /api/v1/service-links  {"memberNumber": "10000001", "service": "geolocation"}
         → {"url": ".../services/geolocation?m=...&exp=...&sig=...", "expiresAt": "..."}
    GET  /services/{service}?m=&exp=&sig=   the service page (200), or 403 when the
                                            signature is wrong or the link has expired

``m`` is a pseudonym of the member (an HMAC of tenant and member number), ``exp`` the
expiry in Unix seconds, ``sig`` an HMAC-SHA256 over service, pseudonym and expiry. The
member's browser follows the link without the API key: the signature is the credential.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from sandbox.backoffice import BackOffice, BusinessError
from sandbox.dataset.records import Tenant
from sandbox.santeclair.problems import problem
from sandbox.santeclair.reviews import Clock, iso

SERVICES = {
    "geolocation": "Géolocalisation des professionnels de santé",
    "self_medication": "Automédication",
    "quote_analysis": "Analyse de devis",
    "all_services": "Tous mes services",
}
DEFAULT_SECRET = b"sandbox-santeclair-links"  # a published demo secret, like the API keys


class ServiceLinks:
    """Issues and checks the signed service links."""

    def __init__(
        self,
        backoffice: Callable[[str], BackOffice],
        clock: Clock,
        *,
        secret: bytes = DEFAULT_SECRET,
        ttl_seconds: int = 300,
        public_url: str | None = None,
    ) -> None:
        self.backoffice = backoffice
        self.clock = clock
        self.secret = secret
        self.ttl = timedelta(seconds=ttl_seconds)
        self.public_url = public_url

    def _mac(self, message: str) -> str:
        return hmac.new(self.secret, message.encode(), hashlib.sha256).hexdigest()

    def signature(self, service: str, pseudonym: str, expires: int) -> str:
        return self._mac(f"{service}|{pseudonym}|{expires}")

    async def create(self, request: Request, tenant: Tenant) -> Response:
        try:
            body = await request.json()
        except ValueError:
            return problem(400, "the body must be a JSON object")
        member = body.get("memberNumber") if isinstance(body, dict) else None
        service = body.get("service") if isinstance(body, dict) else None
        if not isinstance(member, str) or service not in SERVICES:
            return problem(400, f"memberNumber and service (one of {list(SERVICES)}) required")
        try:
            self.backoffice(tenant.id).member(member)
        except BusinessError:
            return problem(404, "unknown member", "MEMBER_NOT_FOUND")
        expires_at = self.clock().replace(microsecond=0) + self.ttl
        expires = int(expires_at.timestamp())
        pseudonym = self._mac(f"member|{tenant.id}|{member}")[:24]
        base = self.public_url or str(request.base_url)
        url = (
            f"{base.rstrip('/')}/services/{service}?m={pseudonym}&exp={expires}"
            f"&sig={self.signature(str(service), pseudonym, expires)}"
        )
        return JSONResponse({"service": service, "url": url, "expiresAt": iso(expires_at)})

    async def open(self, request: Request) -> Response:
        service = request.path_params["service"]
        params = request.query_params
        pseudonym, sig = params.get("m", ""), params.get("sig", "")
        try:
            expires = int(params.get("exp", ""))
        except ValueError:
            return _page(403, "Lien invalide", "Ce lien n'est pas valide.")
        expected = self.signature(service, pseudonym, expires)
        if service not in SERVICES or not hmac.compare_digest(expected, sig):
            return _page(403, "Lien invalide", "Ce lien n'est pas valide.")
        if datetime.fromtimestamp(expires, UTC) <= self.clock():
            return _page(403, "Lien expiré", "Ce lien a expiré : repassez par votre espace.")
        return _page(200, f"Santéclair - {SERVICES[service]}", "Bienvenue sur votre service.")


def _page(status: int, title: str, text: str) -> HTMLResponse:
    return HTMLResponse(
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head><body><h1>{escape(title)}</h1>"
        f"<p>{escape(text)}</p></body></html>",
        status_code=status,
    )

"""OAuth2 client credentials (RFC 6749 §4.4) for the Cegedim-style API.

``POST /{tenant}/oauth/token`` takes ``grant_type=client_credentials`` with the client's id
and secret in the form body or in HTTP Basic, and answers ``{"access_token", "token_type":
"Bearer", "expires_in", "scope"}``. Tokens are opaque random strings held in memory with
their tenant, client and expiry; API calls present them as ``Authorization: Bearer``. A
missing, unknown, expired or other-tenant token is refused with 401 and
``WWW-Authenticate: Bearer error="invalid_token"`` (RFC 6750).

Token-endpoint errors use the RFC 6749 shape ``{"error", "error_description"}`` (what OAuth
client libraries parse), not problem details.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import math
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from sandbox.cegedim.problems import ApiProblem
from sandbox.credentials import cegedim_client_id, cegedim_client_secret

REALM = "isante"
SCOPE = "isante.read isante.write"


@dataclass(frozen=True, slots=True)
class IssuedToken:
    tenant: str
    client_id: str
    expires_at: float


class TokenIssuer:
    """Issues and checks the opaque bearer tokens of one sandbox app."""

    def __init__(self, ttl_seconds: float, clock: Callable[[], float]) -> None:
        if ttl_seconds <= 0:
            raise ValueError("token TTL must be positive")
        self.ttl = ttl_seconds
        self.clock = clock
        self._tokens: dict[str, IssuedToken] = {}

    @property
    def expires_in(self) -> int:
        """What the token response announces: whole seconds, at least 1."""
        return max(1, math.floor(self.ttl))

    def issue(self, tenant: str, client_id: str) -> str:
        now = self.clock()
        # Forget expired tokens so that a long demo run does not grow without bound.
        self._tokens = {t: i for t, i in self._tokens.items() if i.expires_at > now}
        token = secrets.token_urlsafe(32)
        self._tokens[token] = IssuedToken(tenant, client_id, now + self.ttl)
        return token

    def client_of(self, request: Request, tenant: str) -> str:
        """The client id behind the request's bearer token, or a 401 problem."""
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise _invalid_token("missing bearer token")
        issued = self._tokens.get(token.strip())
        if issued is None:
            raise _invalid_token("unknown token")
        if issued.expires_at <= self.clock():
            raise _invalid_token("token expired")
        if issued.tenant != tenant:
            raise _invalid_token("token issued for another tenant")
        return issued.client_id


def _invalid_token(description: str) -> ApiProblem:
    challenge = f'Bearer realm="{REALM}", error="invalid_token", error_description="{description}"'
    return ApiProblem(
        401,
        "UNAUTHORIZED",
        description,
        title="Invalid access token",
        headers={"WWW-Authenticate": challenge},
    )


async def token_endpoint(request: Request, tenant: str, issuer: TokenIssuer) -> Response:
    """The token endpoint, for a tenant already known to be on this platform."""
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith("application/x-www-form-urlencoded"):
        return _oauth_error(400, "invalid_request", "form-urlencoded body expected")
    async with request.form() as form:
        fields = {key: value for key, value in form.items() if isinstance(value, str)}
    grant_type = fields.get("grant_type")
    if not grant_type:
        return _oauth_error(400, "invalid_request", "grant_type is required")
    if grant_type != "client_credentials":
        return _oauth_error(400, "unsupported_grant_type", "only client_credentials")
    client = _basic_credentials(request) or (fields.get("client_id"), fields.get("client_secret"))
    client_id, client_secret = client
    if not client_id or not client_secret:
        return _oauth_error(401, "invalid_client", "client authentication required")
    valid = hmac.compare_digest(client_id, cegedim_client_id(tenant)) & hmac.compare_digest(
        client_secret, cegedim_client_secret(tenant)
    )
    if not valid:
        return _oauth_error(401, "invalid_client", "unknown client or wrong secret")
    body = {
        "access_token": issuer.issue(tenant, client_id),
        "token_type": "Bearer",
        "expires_in": issuer.expires_in,
        "scope": SCOPE,
    }
    return JSONResponse(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})


def _basic_credentials(request: Request) -> tuple[str, str] | None:
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return ("", "")
    client_id, _, secret = decoded.partition(":")
    # RFC 6749 §2.3.1: both parts are form-urlencoded before base64.
    return unquote(client_id.replace("+", " ")), unquote(secret.replace("+", " "))


def _oauth_error(status: int, error: str, description: str) -> Response:
    headers = {"Cache-Control": "no-store"}
    if status == 401:
        headers["WWW-Authenticate"] = f'Basic realm="{REALM}"'
    return JSONResponse(
        {"error": error, "error_description": description}, status_code=status, headers=headers
    )

"""Bearer-token authentication: a verified JWT becomes a :class:`resolvers.viewer.Viewer`.

Only the asymmetric algorithms of :data:`ALGORITHMS` are accepted, a list fixed here and
never taken from the token: ``none`` and HMAC tokens are refused before any key is looked
up, which also closes the RS256→HS256 key-confusion trick, and the key found for the
token's ``kid`` must itself allow the token's algorithm. Keys come from a
:class:`KeySource`: the demo issuer's key, a PEM file (:class:`StaticKeySource`) or the
issuer's JWKS (:class:`gateway.jwks.JwksKeySource`).

A bad token gives HTTP 401 ``UNAUTHENTICATED`` with ``WWW-Authenticate: Bearer``; when
the issuer's keys cannot be fetched, the token cannot be judged and the answer is HTTP 503
``BACKEND_UNAVAILABLE`` with ``extensions.platform = "issuer"`` (:class:`IssuerUnavailable`).
Neither answer carries data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol, get_args

import jwt
from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePublicKey
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from starlette.responses import JSONResponse

from gateway.tenants import Tenants
from resolvers.viewer import Role, Viewer

ALGORITHMS = ("ES256", "RS256", "PS256")
REQUIRED_CLAIMS = ("iss", "aud", "sub", "exp", "iat")
MAX_TOKEN_LENGTH = 16 * 1024  # far above any real token; bounds the parsing work
ISSUER_RETRY_AFTER_SECONDS = 30
VerificationKey = EllipticCurvePublicKey | RSAPublicKey


class AuthError(Exception):
    """The request carries no usable token; the message is safe to show the client."""


class MissingToken(AuthError):
    """No credentials at all (RFC 6750: the challenge then carries no error code)."""


class IssuerUnavailable(AuthError):
    """The issuer's keys cannot be fetched: the token can be judged neither good nor bad.

    Answered with 503 BACKEND_UNAVAILABLE (platform ``issuer``), not 401: the client's
    token may be fine, and it should retry rather than log the user out.
    """


class KeySource(Protocol):
    """Where verification keys come from (the demo key, a PEM file, a JWKS URL)."""

    async def key_for(self, kid: str | None, algorithm: str) -> VerificationKey:
        """The public key for a token's ``kid`` header; :class:`AuthError` if none fits.

        ``algorithm`` is already one of :data:`ALGORITHMS`; the key must allow it.
        Raises :class:`IssuerUnavailable` when the keys cannot be obtained.
        """
        ...


@dataclass(frozen=True, slots=True)
class StaticKeySource:
    """Keys known at start. ``keys`` maps a ``kid`` (None: any kid) to (algorithm, key)."""

    keys: Mapping[str | None, tuple[str, VerificationKey]]

    async def key_for(self, kid: str | None, algorithm: str) -> VerificationKey:
        entry = self.keys.get(kid) or self.keys.get(None)
        if entry is None:
            raise AuthError("unknown signing key")
        key_algorithm, key = entry
        if key_algorithm != algorithm:
            raise AuthError("unexpected token algorithm")
        return key


class TokenVerifier:
    """Checks signature, issuer, audience, times, tenant and roles; builds the Viewer."""

    def __init__(
        self,
        keys: KeySource,
        *,
        issuer: str,
        audience: str,
        tenants: Tenants,
        leeway_seconds: int = 30,
    ) -> None:
        self.keys = keys
        self.issuer = issuer
        self.audience = audience
        self.tenants = tenants
        self.leeway = leeway_seconds

    async def viewer_from_header(self, authorization: str | None) -> Viewer:
        """The Viewer of an ``Authorization: Bearer ...`` header value."""
        if not authorization:
            raise MissingToken("missing bearer token")
        scheme, _, token = authorization.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthError("the Authorization header must be 'Bearer <token>'")
        return await self.viewer_from_token(token.strip())

    async def viewer_from_token(self, token: str) -> Viewer:
        if len(token) > MAX_TOKEN_LENGTH:
            raise AuthError("malformed token")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError as exc:
            raise AuthError("malformed token") from exc
        algorithm = header.get("alg")
        if algorithm not in ALGORITHMS:
            raise AuthError("token algorithm not accepted")
        kid = header.get("kid")
        key = await self.keys.key_for(kid if isinstance(kid, str) else None, algorithm)
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=[algorithm],  # checked against ALGORITHMS and the key above
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway,
                # PyJWT also refuses an ``iat`` in the future beyond the leeway.
                options={"require": list(REQUIRED_CLAIMS)},
            )
        except jwt.ExpiredSignatureError as exc:
            raise AuthError("token expired") from exc
        except jwt.ImmatureSignatureError as exc:
            raise AuthError("token not yet valid") from exc
        except jwt.InvalidTokenError as exc:
            # The reason (bad signature, audience, issuer...) is not the client's business.
            raise AuthError("invalid token") from exc
        return self._viewer(claims)

    def _viewer(self, claims: Mapping[str, Any]) -> Viewer:
        tenant = claims.get("tenant")
        if not isinstance(tenant, str) or tenant not in self.tenants:
            raise AuthError("unknown tenant")
        subject = claims.get("sub")
        if not isinstance(subject, str) or not subject.strip():
            raise AuthError("token has no subject")
        raw_roles = claims.get("roles")
        known = get_args(Role)
        if not isinstance(raw_roles, list) or not raw_roles:
            raise AuthError("token roles must be a non-empty list")
        if any(role not in known for role in raw_roles):
            raise AuthError("token carries an unknown role")
        beneficiary = claims.get("beneficiary")
        if beneficiary is not None and (not isinstance(beneficiary, str) or not beneficiary):
            raise AuthError("token beneficiary must be a string")
        if "beneficiary" in raw_roles and beneficiary is None:
            raise AuthError("a beneficiary token must name its beneficiary")
        # Whether ``beneficiary`` belongs to ``sub`` is for the resolvers to check.
        return Viewer(
            tenant=tenant,
            subject=subject,
            roles=frozenset(raw_roles),
            beneficiary_id=beneficiary,
        )


def unauthenticated_response(error: AuthError) -> JSONResponse:
    """The answer to a request refused by authentication, as a GraphQL-over-HTTP body.

    HTTP 401 ``UNAUTHENTICATED`` with an RFC 6750 challenge; for
    :class:`IssuerUnavailable`, HTTP 503 ``BACKEND_UNAVAILABLE`` (platform ``issuer``)
    with ``Retry-After``.
    """
    if isinstance(error, IssuerUnavailable):
        return JSONResponse(
            {
                "errors": [
                    {
                        "message": str(error),
                        "extensions": {"code": "BACKEND_UNAVAILABLE", "platform": "issuer"},
                    }
                ]
            },
            status_code=503,
            headers={"Retry-After": str(ISSUER_RETRY_AFTER_SECONDS)},
        )
    challenge = 'Bearer realm="mutugraph"'
    if not isinstance(error, MissingToken):
        challenge += ', error="invalid_token"'
    return JSONResponse(
        {"errors": [{"message": str(error), "extensions": {"code": "UNAUTHENTICATED"}}]},
        status_code=401,
        headers={"WWW-Authenticate": challenge},
    )

"""A token issuer for the security tests: signs JWTs and serves its JWKS over HTTP.

``TestIssuer.app()`` is a Starlette app with ``GET /.well-known/jwks.json`` (served on
loopback by ``tests.support.servers.serving``). It holds RSA (RS256, PS256) and EC (ES256)
keys, rotates them on demand (:meth:`TestIssuer.rotate`), counts JWKS hits, and can be
taken down (``down = True``: HTTP 503) to test the gateway's behaviour without keys.
Keys are generated once per issuer (RSA generation is slow on a busy machine).
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

ISSUER = "https://login.issuer.test"
AUDIENCE = "mutugraph"
JWKS_PATH = "/.well-known/jwks.json"
PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


@dataclass(frozen=True, slots=True)
class SigningKey:
    """A private key, its ``kid`` and the algorithm it signs with."""

    kid: str
    algorithm: str
    private: PrivateKey

    def jwk(self) -> dict[str, Any]:
        public = self.private.public_key()
        if isinstance(public, rsa.RSAPublicKey):
            data: dict[str, Any] = json.loads(RSAAlgorithm.to_jwk(public))
        else:
            data = json.loads(ECAlgorithm.to_jwk(public))
        return {**data, "kid": self.kid, "alg": self.algorithm, "use": "sig"}


def new_key(algorithm: str, kid: str | None = None) -> SigningKey:
    private: PrivateKey
    if algorithm == "ES256":
        private = ec.generate_private_key(ec.SECP256R1())
    else:
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return SigningKey(kid or f"{algorithm.lower()}-{uuid.uuid4().hex[:8]}", algorithm, private)


class TestIssuer:
    """Keys, tokens and a JWKS endpoint (thread-safe: the server runs in another thread)."""

    __test__ = False  # not a pytest test class

    def __init__(self, keys: Iterable[SigningKey], *, max_age: int | None = 600) -> None:
        self.initial = tuple(keys)
        self.keys: list[SigningKey] = list(self.initial)
        self.initial_max_age = self.max_age = max_age
        self.down = False
        self.extra_jwks: list[dict[str, Any]] = []
        self.hits = 0
        self._lock = threading.Lock()

    def reset(self) -> None:
        with self._lock:
            self.keys = list(self.initial)
            self.down, self.hits, self.extra_jwks = False, 0, []
            self.max_age = self.initial_max_age

    def key(self, algorithm: str) -> SigningKey:
        return next(key for key in self.keys if key.algorithm == algorithm)

    def rotate(self, key: SigningKey, *, retire: Iterable[str] = ()) -> None:
        """Publish ``key`` and drop the keys whose kid is in ``retire``."""
        retired = set(retire)
        with self._lock:
            self.keys = [k for k in self.keys if k.kid not in retired] + [key]

    def claims(self, **changes: Any) -> dict[str, Any]:
        """Good claims for member 10000001 of azur; a value of None removes the claim."""
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": "10000001",
            "tenant": "azur",
            "roles": ["member"],
            "iat": now,
            "nbf": now,
            "exp": now + 600,
        }
        claims.update(changes)
        return {name: value for name, value in claims.items() if value is not None}

    def token(
        self,
        key: SigningKey | str = "ES256",
        *,
        headers: dict[str, Any] | None = None,
        **changes: Any,
    ) -> str:
        """A token signed by ``key`` (or the current key of that algorithm)."""
        signing = self.key(key) if isinstance(key, str) else key
        return jwt.encode(
            self.claims(**changes),
            signing.private,
            algorithm=signing.algorithm,
            headers={"kid": signing.kid, **(headers or {})},
        )

    def jwks(self) -> dict[str, Any]:
        with self._lock:
            return {"keys": [key.jwk() for key in self.keys] + list(self.extra_jwks)}

    def app(self) -> Starlette:
        async def jwks(request: Request) -> Response:
            with self._lock:
                self.hits += 1
                down = self.down
            if down:
                return Response("unavailable", status_code=503)
            headers = {} if self.max_age is None else {"Cache-Control": f"max-age={self.max_age}"}
            return Response(json.dumps(self.jwks()), media_type="application/json", headers=headers)

        return Starlette(routes=[Route(JWKS_PATH, jwks, methods=["GET"])])

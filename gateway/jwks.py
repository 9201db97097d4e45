"""The issuer's JWKS as a :class:`gateway.auth.KeySource`: production token keys over HTTP.

``MUTUGRAPH_JWKS_URL`` names the issuer's JSON Web Key Set. It is fetched with httpx when
a token first needs it, then:

* cached for the response's ``Cache-Control: max-age``, kept within
  [:data:`MIN_CACHE_SECONDS`, :data:`MAX_CACHE_SECONDS`] (:data:`DEFAULT_CACHE_SECONDS`
  without one), then fetched again;
* fetched again when a token names a ``kid`` the set lacks (the issuer rotated its keys),
  but at most once per :data:`REFETCH_INTERVAL_SECONDS`, whatever the reason: a flood of
  tokens with random ``kid`` values cannot hammer the issuer. Concurrent requests share
  one fetch (a lock, and a re-check once it is held);
* when a fetch fails, the last good set stays in use up to :data:`STALE_IF_ERROR_SECONDS`
  past its expiry; with no usable set, requests get :class:`gateway.auth.IssuerUnavailable`
  (HTTP 503), never 401, since their tokens cannot be judged.

Only RSA (>= 2048 bits; RS256, PS256) and EC P-256 (ES256) signature keys are kept; a key
with another ``alg``, ``use`` other than ``sig``, symmetric (``oct``) or private material
is skipped. A key's ``alg``, when given, is the only algorithm it verifies; without one,
its ``kty`` decides (RSA: RS256 or PS256, EC: ES256). ``refused`` keys (the demo key in
production) are never trusted, even when the issuer publishes them.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from time import monotonic
from typing import Any

import httpx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from gateway.auth import ALGORITHMS, AuthError, IssuerUnavailable, VerificationKey

logger = logging.getLogger(__name__)

DEFAULT_CACHE_SECONDS = 600.0
MIN_CACHE_SECONDS = 60.0
MAX_CACHE_SECONDS = 24 * 3600.0
REFETCH_INTERVAL_SECONDS = 30.0
STALE_IF_ERROR_SECONDS = 3600.0
FETCH_TIMEOUT_SECONDS = 5.0
MAX_JWKS_BYTES = 256 * 1024
UNAVAILABLE = "the token issuer's keys cannot be fetched; try again later"


class JwksError(Exception):
    """A JWKS could not be fetched or held no usable key (a log message, never a client's)."""


@dataclass(frozen=True, slots=True)
class Jwk:
    """One usable verification key of the set."""

    kid: str | None
    algorithms: frozenset[str]
    key: VerificationKey


def _der(key: VerificationKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def parse_jwk(data: Mapping[str, Any]) -> Jwk:
    """A usable key from one JWK object; :class:`JwksError` says why it is not."""
    kty, alg, kid = data.get("kty"), data.get("alg"), data.get("kid")
    if data.get("use", "sig") != "sig":
        raise JwksError(f"use {data.get('use')!r} is not 'sig'")
    if kid is not None and not isinstance(kid, str):
        raise JwksError("kid is not a string")
    if "d" in data:
        raise JwksError("private key material published")
    if alg is not None and alg not in ALGORITHMS:
        raise JwksError(f"algorithm {alg!r} not accepted")
    try:
        if kty == "RSA":
            key: Any = RSAAlgorithm.from_jwk(dict(data))
            if not isinstance(key, rsa.RSAPublicKey) or key.key_size < 2048:
                raise JwksError("RSA key shorter than 2048 bits")
            allowed = {"RS256", "PS256"}
        elif kty == "EC":
            if data.get("crv") != "P-256":
                raise JwksError(f"curve {data.get('crv')!r} not accepted")
            key = ECAlgorithm.from_jwk(dict(data))
            if not isinstance(key, ec.EllipticCurvePublicKey):
                raise JwksError("not an EC public key")
            allowed = {"ES256"}
        else:
            raise JwksError(f"key type {kty!r} not accepted")
    except (ValueError, TypeError, KeyError) as exc:  # PyJWT's InvalidKeyError is a ValueError
        raise JwksError(f"unreadable {kty} key") from exc
    if alg is not None:
        if alg not in allowed:
            raise JwksError(f"algorithm {alg} does not fit a {kty} key")
        allowed = {alg}
    return Jwk(kid=kid, algorithms=frozenset(allowed), key=key)


def parse_jwks(document: Any, refused: Iterable[VerificationKey] = ()) -> dict[str | None, Jwk]:
    """The usable keys of a JWKS document by ``kid``; :class:`JwksError` when none is."""
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise JwksError("not a JWKS document (no 'keys' list)")
    refused_der = {_der(key) for key in refused}
    keys: dict[str | None, Jwk] = {}
    for entry in document["keys"]:
        if not isinstance(entry, dict):
            continue
        try:
            jwk = parse_jwk(entry)
        except JwksError as exc:
            logger.warning("JWKS key %r skipped: %s", entry.get("kid"), exc)
            continue
        if _der(jwk.key) in refused_der:
            logger.error("JWKS key %r skipped: it is the public demo key", jwk.kid)
            continue
        keys.setdefault(jwk.kid, jwk)
    if not keys:
        raise JwksError("no usable key in the JWKS")
    return keys


def cache_seconds(cache_control: str | None) -> float:
    """How long to keep a JWKS, from its ``Cache-Control`` header, within bounds."""
    seconds = DEFAULT_CACHE_SECONDS
    for directive in (cache_control or "").split(","):
        name, _, value = directive.strip().partition("=")
        name = name.strip().lower()
        if name in ("no-store", "no-cache"):
            seconds = MIN_CACHE_SECONDS
        elif name == "max-age":
            try:
                seconds = float(int(value.strip().strip('"')))
            except ValueError:
                continue
    return min(max(seconds, MIN_CACHE_SECONDS), MAX_CACHE_SECONDS)


class JwksKeySource:
    """Verification keys from the issuer's JWKS URL, cached and refreshed (module doc)."""

    def __init__(
        self,
        url: str,
        *,
        refused: Iterable[VerificationKey] = (),
        timeout_seconds: float = FETCH_TIMEOUT_SECONDS,
    ) -> None:
        self.url = url
        self.refused = tuple(refused)
        self.timeout = timeout_seconds
        self._keys: dict[str | None, Jwk] | None = None
        self._fresh_until = 0.0
        self._last_attempt: float | None = None
        self._last_failed = False
        self._lock: asyncio.Lock | None = None
        self._lock_loop: asyncio.AbstractEventLoop | None = None

    async def key_for(self, kid: str | None, algorithm: str) -> VerificationKey:
        if self._keys is None or monotonic() >= self._fresh_until:
            await self._refresh()
        keys = self._usable_keys()
        jwk = self._find(keys, kid, algorithm)
        if jwk is None and kid is not None:
            await self._refresh()  # a rotation? (rate-limited)
            keys = self._usable_keys()
            jwk = self._find(keys, kid, algorithm)
            if jwk is None and self._last_failed:
                raise IssuerUnavailable(UNAVAILABLE)  # cannot tell a new key from a bad one
        if jwk is None:
            raise AuthError("unknown signing key")
        if algorithm not in jwk.algorithms:
            raise AuthError("unexpected token algorithm")
        return jwk.key

    def _usable_keys(self) -> dict[str | None, Jwk]:
        if self._keys is None or monotonic() >= self._fresh_until + STALE_IF_ERROR_SECONDS:
            raise IssuerUnavailable(UNAVAILABLE)
        return self._keys

    @staticmethod
    def _find(keys: Mapping[str | None, Jwk], kid: str | None, algorithm: str) -> Jwk | None:
        if kid is not None:
            return keys.get(kid)
        # No kid: only unambiguous when one key of the set verifies this algorithm.
        fitting = [jwk for jwk in keys.values() if algorithm in jwk.algorithms]
        return fitting[0] if len(fitting) == 1 else None

    def _refresh_lock(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        if self._lock is None or self._lock_loop is not loop:
            self._lock, self._lock_loop = asyncio.Lock(), loop
        return self._lock

    async def _refresh(self) -> None:
        """Fetch the set, unless a fetch was attempted less than the interval ago."""
        async with self._refresh_lock():
            # Re-checked under the lock: requests that waited share the fetch just done.
            last = self._last_attempt
            if last is not None and monotonic() - last < REFETCH_INTERVAL_SECONDS:
                return
            self._last_attempt = monotonic()
            try:
                keys, seconds = await self._fetch()
            except JwksError as exc:
                self._last_failed = True
                logger.warning("JWKS fetch failed: %s", exc)
                return
            self._keys, self._last_failed = keys, False
            self._fresh_until = monotonic() + seconds

    async def _fetch(self) -> tuple[dict[str | None, Jwk], float]:
        try:
            async with (
                httpx.AsyncClient(timeout=self.timeout, follow_redirects=False) as client,
                client.stream("GET", self.url, headers={"Accept": "application/json"}) as reply,
            ):
                if reply.status_code != 200:
                    raise JwksError(f"HTTP {reply.status_code}")
                body = bytearray()
                async for chunk in reply.aiter_bytes():
                    body += chunk
                    if len(body) > MAX_JWKS_BYTES:
                        raise JwksError(f"JWKS larger than {MAX_JWKS_BYTES} bytes")
                cache_control = reply.headers.get("cache-control")
        except httpx.HTTPError as exc:
            raise JwksError(f"{type(exc).__name__}") from exc
        try:
            document = json.loads(body)
        except ValueError as exc:
            raise JwksError("JWKS is not JSON") from exc
        return parse_jwks(document, self.refused), cache_seconds(cache_control)

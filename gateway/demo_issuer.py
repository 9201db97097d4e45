"""The built-in demo token issuer: signs member tokens with a key pair shipped in the repo.

The key pair in ``gateway/demo_keys/`` is public on purpose, so anyone can mint any token
with it: the demo profile trusts it, the production profile refuses it
(:meth:`gateway.settings.Settings.check_production`). Tokens carry the claims of DESIGN.md
(``iss``, ``aud``, ``sub`` = member number, ``tenant``, ``roles``, ``exp``, ``iat``, ``nbf``,
``beneficiary`` for a beneficiary's own account) and a ``kid`` header.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePrivateKey
from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes

DEMO_ISSUER = "https://demo.mutugraph.invalid"
DEMO_AUDIENCE = "mutugraph"
DEMO_KEY_ID = "mutugraph-demo-es256-1"
DEMO_ALGORITHM = "ES256"
DEFAULT_EXPIRES_IN = 8 * 3600  # a working day of demo
ROLES = ("member", "beneficiary", "advisor")

_PRIVATE_PEM = "demo-es256-private.pem"
_PUBLIC_PEM = "demo-es256-public.pem"


def _read_key_file(name: str) -> bytes:
    return resources.files("gateway").joinpath("demo_keys", name).read_bytes()


@cache
def demo_private_key() -> EllipticCurvePrivateKey:
    key = serialization.load_pem_private_key(_read_key_file(_PRIVATE_PEM), password=None)
    if not isinstance(key, EllipticCurvePrivateKey):  # pragma: no cover - shipped file
        raise TypeError("the demo private key is not an EC key")
    return key


@cache
def demo_public_key() -> PublicKeyTypes:
    return serialization.load_pem_public_key(_read_key_file(_PUBLIC_PEM))


def _public_der(key: PublicKeyTypes) -> bytes:
    return key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def is_demo_public_key(pem: bytes) -> bool:
    """True when ``pem`` holds the demo public key (or the demo private key)."""
    try:
        key: PublicKeyTypes = serialization.load_pem_public_key(pem)
    except ValueError:
        try:
            key = serialization.load_pem_private_key(pem, password=None).public_key()
        except (ValueError, TypeError):
            return False
    return _public_der(key) == _public_der(demo_public_key())


def issue_token(
    *,
    tenant: str,
    member: str,
    roles: Iterable[str] = ("member",),
    beneficiary: str | None = None,
    expires_in: int = DEFAULT_EXPIRES_IN,
    now: float | None = None,
    extra_claims: dict[str, Any] | None = None,
) -> str:
    """A signed demo token for ``member`` of ``tenant``.

    ``extra_claims`` override the standard ones; tests use it to forge bad tokens.
    """
    role_list = list(dict.fromkeys(roles))
    unknown = [role for role in role_list if role not in ROLES]
    if unknown or not role_list:
        raise ValueError(f"roles must be among {', '.join(ROLES)}, not {role_list}")
    if "beneficiary" in role_list and not beneficiary:
        raise ValueError("a beneficiary token needs the beneficiary id")
    issued = int(time.time() if now is None else now)
    claims: dict[str, Any] = {
        "iss": DEMO_ISSUER,
        "aud": DEMO_AUDIENCE,
        "sub": member,
        "tenant": tenant,
        "roles": role_list,
        "iat": issued,
        "nbf": issued,
        "exp": issued + expires_in,
        "jti": uuid.uuid4().hex,
    }
    if beneficiary:
        claims["beneficiary"] = beneficiary
    claims.update(extra_claims or {})
    return jwt.encode(
        claims, demo_private_key(), algorithm=DEMO_ALGORITHM, headers={"kid": DEMO_KEY_ID}
    )

"""Which token verification keys the gateway trusts, from the settings.

* demo profile: the demo issuer's public key (gateway/demo_keys/), by its ``kid``;
* ``MUTUGRAPH_JWT_PUBLIC_KEY_FILE``: one PEM public key (EC P-256 → ES256, RSA → RS256);
* ``MUTUGRAPH_JWKS_URL``: the issuer's JWKS over HTTP (:class:`gateway.jwks.JwksKeySource`);
  outside the demo profile the demo key is never trusted, even if the JWKS publishes it.

Setting both the URL and the key file is refused: which one wins would be a guess.
"""

from __future__ import annotations

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes

from gateway.auth import KeySource, StaticKeySource, VerificationKey
from gateway.demo_issuer import DEMO_ALGORITHM, DEMO_KEY_ID, demo_public_key
from gateway.jwks import JwksKeySource
from gateway.settings import ConfigurationError, Settings


def key_source_for(settings: Settings) -> KeySource:
    if settings.jwks_url and settings.jwt_public_key_file is not None:
        raise ConfigurationError(
            "set MUTUGRAPH_JWKS_URL or MUTUGRAPH_JWT_PUBLIC_KEY_FILE, not both"
        )
    if settings.jwt_public_key_file is not None:
        key = _load_public_key(settings)
        return StaticKeySource({None: _with_algorithm(key, settings)})
    if settings.jwks_url:
        demo_key = demo_public_key()
        assert isinstance(demo_key, ec.EllipticCurvePublicKey)  # the shipped ES256 key
        return JwksKeySource(settings.jwks_url, refused=() if settings.is_demo else (demo_key,))
    if settings.is_demo:
        demo_key = demo_public_key()
        assert isinstance(demo_key, ec.EllipticCurvePublicKey)  # the shipped ES256 key
        return StaticKeySource({DEMO_KEY_ID: (DEMO_ALGORITHM, demo_key)})
    raise ConfigurationError("no token key source configured")  # check_production forbids it


def _load_public_key(settings: Settings) -> PublicKeyTypes:
    assert settings.jwt_public_key_file is not None
    try:
        return serialization.load_pem_public_key(settings.jwt_public_key_file.read_bytes())
    except (OSError, ValueError) as exc:
        raise ConfigurationError(
            f"MUTUGRAPH_JWT_PUBLIC_KEY_FILE {settings.jwt_public_key_file}: "
            "not a readable PEM public key"
        ) from exc


def _with_algorithm(key: PublicKeyTypes, settings: Settings) -> tuple[str, VerificationKey]:
    if isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP256R1):
        return "ES256", key
    if isinstance(key, rsa.RSAPublicKey) and key.key_size >= 2048:
        return "RS256", key
    raise ConfigurationError(
        f"MUTUGRAPH_JWT_PUBLIC_KEY_FILE {settings.jwt_public_key_file}: "
        "need an EC P-256 (ES256) or RSA >= 2048 bits (RS256) key"
    )

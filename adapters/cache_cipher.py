"""Encryption of the values the shared (Redis) cache holds: AES-256-GCM.

The cache holds what the back ends answered: names, addresses, masked IBANs, payment
lines, that is health data (DOMAIN.md). In process memory that is the gateway's own; in
Redis it sits on another server, in its memory, its replicas and its dumps, readable by
whoever administers it. So every value written to Redis is sealed with a key only the
gateway processes hold, and each sealed value names the cache key it was written for:
a value copied under another key (another member's) by someone who can write to Redis
opens, but names the wrong key, and :class:`~adapters.cache.ReadThroughCache` treats it
as a miss. A value that does not open (another key, tampering, an older format) is a miss
too, logged without its content.

Format: ``base64url(nonce (12 bytes) + ciphertext + tag)``, the nonce random per value.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

NONCE_BYTES = 12
_INFO = b"mutugraph shared cache v1"


class CacheCipher:
    """Seals and opens cache values with a key derived from ``secret``."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) < 16:
            raise ValueError("the cache secret is too short")
        hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO)
        self._aead = AESGCM(hkdf.derive(secret))

    def seal(self, text: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, text.encode("utf-8"), _INFO)
        return base64.urlsafe_b64encode(nonce + sealed).decode("ascii")

    def open(self, token: str | bytes) -> str | None:
        """The text, or None when ``token`` was not sealed by this key or was altered."""
        try:
            raw = base64.urlsafe_b64decode(token)
            plain = self._aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], _INFO)
            return plain.decode("utf-8")
        except (InvalidTag, ValueError, TypeError):
            return None

    def __repr__(self) -> str:  # never the key
        return "CacheCipher(<key>)"

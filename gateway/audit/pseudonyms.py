"""Pseudonymous ids for the audit trail: keyed hashes of tenant and identifier.

``HMAC-SHA256(audit key, tenant + "\\x1f" + identifier)``, hex, truncated to 20 characters
(80 bits: no collision in practice among a mutuelle's members). The same person gets the
same pseudonym in every record, so an investigation can follow them; without the key
nobody can go from a member number to the pseudonym or back. To look someone up, the DPO
computes their pseudonym with the key (``Pseudonyms(key).of(tenant, number)``) and
searches the files for it.
"""

from __future__ import annotations

import hashlib
import hmac

LENGTH = 20


class Pseudonyms:
    """Keyed pseudonyms; the key never leaves this object."""

    __slots__ = ("_key",)

    def __init__(self, key: str | bytes) -> None:
        self._key = key.encode("utf-8") if isinstance(key, str) else key
        if len(self._key) < 16:
            raise ValueError("the audit key must have at least 16 bytes")

    def of(self, tenant: str, identifier: str) -> str:
        message = f"{tenant}\x1f{identifier}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()[:LENGTH]

    def __repr__(self) -> str:
        return "Pseudonyms(<key>)"

"""Short-lived signed download links: ``/documents/<token>``.

A link is minted inside an authenticated GraphQL request (:meth:`SignedLinks.link`, the
:class:`resolvers.context.DocumentLinks` the graph calls) and names exactly one document of
that viewer: tenant, member number, beneficiary account and roles, the
:class:`~adapters.port.DocumentRef` fields, and an expiry (default 300 s). Whoever holds the
link may download that document until it expires, without a bearer token: that is what
lets a browser open it. So the link is the credential, and:

* the token is *encrypted and authenticated* (AES-256-GCM, key derived with HKDF-SHA256
  from ``MUTUGRAPH_DOCUMENT_SECRET``): a change of one bit is refused, and nothing in the
  URL is readable, not even the member number (URLs end up in browser histories and proxy
  logs). It holds ids only, never a name, NIR or IBAN;
* the expiry is inside the encrypted payload and checked after the tag, so an expired link
  is told apart from a forged one (410 versus 403, docs/documents.md).
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, get_args

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from adapters.port import DocumentFormat, DocumentKind, DocumentRef
from resolvers.viewer import Role, Viewer

DEFAULT_TTL_SECONDS = 300
PATH_PREFIX = "/documents/"
MAX_TOKEN_LENGTH = 1024  # a real token is ~250 characters
_VERSION = 1
_NONCE_BYTES = 12
_ASSOCIATED = b"mutugraph document link v1"
_ROLES: tuple[Role, ...] = get_args(Role)


class LinkError(Exception):
    """The token is not one of ours (tampered, truncated, another deployment's): 403."""


class LinkExpired(LinkError):
    """A genuine link whose time is over: 410."""


@dataclass(frozen=True, slots=True)
class DocumentGrant:
    """What a verified link allows: one document of one viewer, until ``expires_at``."""

    viewer: Viewer
    ref: DocumentRef
    expires_at: int  # Unix seconds


def _key(secret: str) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_ASSOCIATED)
    return hkdf.derive(secret.encode("utf-8"))


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SignedLinks:
    """Mints and verifies document links; implements ``resolvers.context.DocumentLinks``."""

    def __init__(
        self,
        secret: str,
        *,
        ttl_seconds: int = DEFAULT_TTL_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not secret:
            raise ValueError("the document-link secret is empty")
        if ttl_seconds <= 0:
            raise ValueError("the link lifetime must be positive")
        self._aead = AESGCM(_key(secret))
        self.ttl_seconds = ttl_seconds
        self._clock = clock

    def link(self, viewer: Viewer, document: DocumentRef) -> str:
        """The absolute path of the download: ``/documents/<token>``."""
        return PATH_PREFIX + self.token(viewer, document)

    def token(self, viewer: Viewer, document: DocumentRef) -> str:
        payload = {
            "v": _VERSION,
            "t": viewer.tenant,
            "s": viewer.subject,
            "r": sorted(viewer.roles),
            "b": viewer.beneficiary_id,
            "k": document.kind.value,
            "id": document.key,
            "f": document.format.value,
            "from": document.since.isoformat() if document.since else None,
            "to": document.until.isoformat() if document.until else None,
            "bid": document.beneficiary_id,
            "exp": int(self._clock()) + self.ttl_seconds,
        }
        plain = json.dumps(
            {k: v for k, v in payload.items() if v is not None}, separators=(",", ":")
        ).encode("utf-8")
        nonce = os.urandom(_NONCE_BYTES)
        return _b64encode(nonce + self._aead.encrypt(nonce, plain, _ASSOCIATED))

    def verify(self, token: str) -> DocumentGrant:
        """The grant of a genuine, unexpired token; :class:`LinkError` / LinkExpired."""
        if not token or len(token) > MAX_TOKEN_LENGTH:
            raise LinkError("bad token length")
        try:
            raw = _b64decode(token)
            if _b64encode(raw) != token:  # one spelling per token (base64's spare bits)
                raise ValueError("non-canonical token")
            plain = self._aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], _ASSOCIATED)
            payload = json.loads(plain)
        except (binascii.Error, ValueError, InvalidTag) as exc:
            raise LinkError("token refused") from exc
        try:
            grant = _grant(payload)
        except (KeyError, TypeError, ValueError) as exc:  # our own key, so a bug or old format
            raise LinkError("token payload unreadable") from exc
        if grant.expires_at <= self._clock():
            raise LinkExpired("link expired")
        return grant


def _grant(payload: dict[str, Any]) -> DocumentGrant:
    if payload["v"] != _VERSION:
        raise ValueError("unknown token version")
    roles = frozenset(payload["r"])
    if not roles or not roles <= set(_ROLES):
        raise ValueError("bad roles")
    viewer = Viewer(
        tenant=str(payload["t"]),
        subject=str(payload["s"]),
        roles=roles,
        beneficiary_id=payload.get("b"),
    )
    since, until = payload.get("from"), payload.get("to")
    ref = DocumentRef(
        kind=DocumentKind(payload["k"]),
        key=str(payload.get("id", "")),
        format=DocumentFormat(payload["f"]),
        since=date.fromisoformat(since) if since else None,
        until=date.fromisoformat(until) if until else None,
        beneficiary_id=payload.get("bid"),
    )
    return DocumentGrant(viewer=viewer, ref=ref, expires_at=int(payload["exp"]))

"""Trusted documents (persisted queries): only registered operations run in production.

A manifest (``MUTUGRAPH_TRUSTED_DOCUMENTS``) is a JSON object ``{"<sha256 hex>": "<document
text>"}``, each key the SHA-256 of its text: what ``mutugraph register-documents`` writes
(:mod:`gateway.register_documents`), and what front-end tooling writes too (graphql-codegen's
``persisted-documents.json``). Apollo's ``persisted-query-manifest.json`` is read as well.

With a manifest, a request names its document in one of three ways:

* ``"documentId": "sha256:<hex>"`` (GraphQL over HTTP, persisted documents appendix);
* ``"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "<hex>"}}`` (Apollo);
* the full ``query`` text, accepted only when it is registered (as sent, or once
  normalised: parsed and printed, so whitespace and comments do not matter).

Anything else is PERSISTED_QUERY_NOT_FOUND and nothing runs. Without a manifest, free text
runs as usual and a hash alone is PERSISTED_QUERY_NOT_FOUND (the gateway does not register
documents at run time: Apollo's automatic persisted queries then send the text).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphql import GraphQLError, parse, print_ast

from gateway.limits.errors import Refusal, persisted_query_not_found

_HEX = re.compile(r"[0-9a-f]{64}")
NOT_REGISTERED = "This operation is not registered with the gateway (trusted documents)."


class ManifestError(ValueError):
    """The manifest cannot be read, or a key is not the SHA-256 of its text."""


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalise(text: str, *, max_tokens: int | None = None) -> str:
    """The document as graphql-core prints it: one spelling per document."""
    return print_ast(parse(text, no_location=True, max_tokens=max_tokens))


def payload_of(document_id: str) -> str | None:
    """The hex hash of ``sha256:<hex>`` (or of a bare hex hash), None for other ids."""
    payload = document_id.removeprefix("sha256:").lower()
    return payload if _HEX.fullmatch(payload) else None


def read_manifest(path: Path) -> dict[str, str]:
    """``{hex: text}`` from a manifest file (ours, or Apollo's operations format)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ManifestError(f"{path}: cannot be read ({exc.strerror})") from None
    except ValueError as exc:
        raise ManifestError(f"{path}: not JSON ({exc})") from None
    if isinstance(data, dict) and isinstance(data.get("operations"), list):
        data = {op.get("id"): op.get("body") for op in data["operations"] if isinstance(op, dict)}
    if not isinstance(data, dict):
        raise ManifestError(f"{path}: expected a JSON object {{sha256: document}}")
    documents: dict[str, str] = {}
    for key, text in data.items():
        payload = payload_of(key) if isinstance(key, str) else None
        if payload is None or not isinstance(text, str):
            raise ManifestError(f"{path}: {key!r} is not a SHA-256 key with a document text")
        if sha256(text) != payload:
            raise ManifestError(f"{path}: {key} is not the SHA-256 of its document")
        documents[payload] = text
    return documents


@dataclass(frozen=True, slots=True)
class TrustedDocuments:
    """The registered documents; ``required``: free text outside them is refused."""

    documents: Mapping[str, str] = field(default_factory=dict)
    required: bool = False
    max_tokens: int | None = None  # for normalising free text
    normalised: Mapping[str, str] = field(default_factory=dict)  # normalised hash -> hash

    @classmethod
    def load(cls, path: Path, *, max_tokens: int | None = None) -> TrustedDocuments:
        """The manifest at ``path``, required; each document must parse."""
        documents = read_manifest(path)
        normalised: dict[str, str] = {}
        for key, text in documents.items():
            try:
                normalised[sha256(normalise(text))] = key
            except GraphQLError as exc:
                raise ManifestError(
                    f"{path}: {key} is not a GraphQL document ({exc.message})"
                ) from None
        return cls(documents, required=True, max_tokens=max_tokens, normalised=normalised)

    def lookup(self, document_id: str) -> str | None:
        payload = payload_of(document_id)
        return self.documents.get(payload) if payload else None

    def is_registered(self, text: str) -> bool:
        return self._registered_hash(text) is not None

    def _registered_hash(self, text: str) -> str | None:
        raw = sha256(text)
        if raw in self.documents:
            return raw
        try:
            normalised = sha256(normalise(text, max_tokens=self.max_tokens))
        except GraphQLError:  # not a document: certainly not registered
            return None
        return self.normalised.get(normalised)

    def resolve(self, query: object, document_id: object, extensions: object) -> str | None:
        """The document text to execute for these request parameters.

        ``query`` is returned when it may run as sent; a registered document's text when
        the request names one. Raises :class:`~gateway.limits.errors.Refusal`:
        PERSISTED_QUERY_NOT_FOUND, or BAD_USER_INPUT when a hash does not match the text.
        """
        identifier = _identifier(document_id, extensions)
        if isinstance(query, str) and query:
            if identifier is not None and not self._matches(identifier, query):
                raise Refusal(
                    400, "The document id is not the SHA-256 of the query.", "BAD_USER_INPUT"
                )
            if self.required and not self.is_registered(query):
                raise persisted_query_not_found(NOT_REGISTERED)
            return query
        if identifier is None:
            return None  # no document at all: Strawberry says so (400)
        text = self.lookup(identifier)
        if text is None:
            raise persisted_query_not_found()
        return text

    def _matches(self, identifier: str, query: str) -> bool:
        payload = payload_of(identifier)
        if payload is None:
            return False
        if sha256(query) == payload:
            return True
        try:
            return sha256(normalise(query, max_tokens=self.max_tokens)) == payload
        except GraphQLError:
            return False


def _identifier(document_id: object, extensions: object) -> str | None:
    if isinstance(document_id, str) and document_id:
        return document_id
    persisted: Any = extensions.get("persistedQuery") if isinstance(extensions, dict) else None
    if isinstance(persisted, dict) and isinstance(persisted.get("sha256Hash"), str):
        return "sha256:" + str(persisted["sha256Hash"])
    return None

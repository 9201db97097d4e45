"""The audit trail: who read or changed which member's data, pseudonymised, hash-chained.

The resolvers emit :class:`resolvers.audit.AuditEvent` to the request's sink; this package
is the gateway's sink (:class:`AuditTrail`), its storage and its verification
(``mutugraph audit-verify``). See docs/security.md, "Logs and audit".

Settings: ``MUTUGRAPH_AUDIT_FILE`` (a path, ``{date}`` for a file per UTC day; unset: the
records go to the JSON logs, logger ``mutugraph.audit``), ``MUTUGRAPH_AUDIT_KEY`` (the
pseudonyms' HMAC key, at least 32 characters; unset: derived from
``MUTUGRAPH_DOCUMENT_SECRET``, so that production never runs with a known key, but then
changing that secret changes every pseudonym). The same key, derived again, keys the hash
chain: ``audit-verify`` needs it too. ``mutugraph demo`` writes
``var/audit-{date}.jsonl`` (under ``$XDG_STATE_HOME/mutugraph`` when that is set) unless
told otherwise.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from gateway.audit.chain import chain_key
from gateway.audit.pseudonyms import Pseudonyms
from gateway.audit.trail import AuditTrail, FileWriter, LogWriter, MemoryWriter, Writer

if TYPE_CHECKING:
    from gateway.settings import Settings

TEST_AUDIT_KEY = "tests-audit-pseudonym-key-0123456789"
DEMO_FILE_NAME = "audit-{date}.jsonl"
_DERIVATION = b"mutugraph audit pseudonyms"


def audit_key(settings: Settings) -> bytes:
    """MUTUGRAPH_AUDIT_KEY, or a key derived from the document secret when it is unset."""
    if settings.audit_key is not None:
        return str(settings.audit_key).encode("utf-8")
    secret = str(settings.document_secret).encode("utf-8")
    return hmac.new(secret, _DERIVATION, hashlib.sha256).digest()


def audit_trail(settings: Settings) -> AuditTrail:
    """The sink for the settings: to the audit file when there is one, else to the logs."""
    path = settings.audit_file
    writer: Writer = FileWriter(path) if path is not None else LogWriter()
    key = audit_key(settings)
    return AuditTrail(Pseudonyms(key), writer, chain_key(key))


def memory_trail(key: str = TEST_AUDIT_KEY) -> tuple[AuditTrail, MemoryWriter]:
    """An in-memory sink and its lines (tests)."""
    writer = MemoryWriter()
    return AuditTrail(Pseudonyms(key), writer, chain_key(key.encode("utf-8"))), writer


def demo_audit_file(environ: Mapping[str, str], cwd: Path | None = None) -> Path:
    """Where ``mutugraph demo`` keeps its trail when MUTUGRAPH_AUDIT_FILE is not set."""
    state = environ.get("XDG_STATE_HOME")
    base = Path(state) / "mutugraph" if state else (cwd or Path(os.getcwd())) / "var"
    return base / DEMO_FILE_NAME


__all__ = [
    "TEST_AUDIT_KEY",
    "AuditTrail",
    "FileWriter",
    "MemoryWriter",
    "Pseudonyms",
    "audit_key",
    "audit_trail",
    "chain_key",
    "demo_audit_file",
    "memory_trail",
]

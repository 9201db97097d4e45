"""The audit file's hash chain: each record seals the one before it.

A record is one JSON object per line. ``prev_hash`` is the previous record's ``hash`` (the
first record's is :data:`GENESIS`) and ``hash = HMAC-SHA-256(chain key, prev_hash +
canonical JSON of the record without "hash")``; ``seq`` counts records from 1 across files.
Altering a field, removing, reordering or half-writing a record breaks the chain at that
record, which :func:`verify` names. The chain is keyed (:func:`chain_key`, derived from the
audit key) because a plain hash chain only proves consistency: whoever can write the file
could rewrite every record after the one they changed and recompute the hashes. Without
the key they cannot. (Cutting whole records off the end leaves a shorter valid chain: the
head to compare with is logged, see :mod:`gateway.audit.trail`.)
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64
_DERIVATION = b"mutugraph audit chain"


def chain_key(audit_key: bytes) -> bytes:
    """The chain's HMAC key: derived, so that it differs from the pseudonyms' key."""
    return hmac.new(audit_key, _DERIVATION, hashlib.sha256).digest()


def canonical(record: Mapping[str, Any]) -> bytes:
    """Sorted keys, no spaces, UTF-8: the same bytes for the same record everywhere."""
    return json.dumps(
        dict(record), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def digest(key: bytes, prev_hash: str, body: Mapping[str, Any]) -> str:
    message = prev_hash.encode("ascii") + canonical(body)
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def seal(key: bytes, body: Mapping[str, Any], prev_hash: str, seq: int) -> dict[str, Any]:
    """``body`` as the chain's next record (``seq``, ``prev_hash``, ``hash`` added)."""
    record = {**body, "seq": seq, "prev_hash": prev_hash}
    record["hash"] = digest(key, prev_hash, record)
    return record


@dataclass(frozen=True, slots=True)
class Verdict:
    """What :func:`verify` found: ``broken`` is None when the chain is intact."""

    records: int
    head: str  # the last good record's hash
    broken: str | None = None


def verify(
    key: bytes, lines: Iterable[tuple[str, str]], start: str = GENESIS, first_seq: int = 1
) -> Verdict:
    """Checks ``(where, line)`` pairs in order; names the first record that breaks the chain.

    ``start``/``first_seq``: where the chain picks up when older files were retired.
    """
    prev, expected, count = start, first_seq, 0
    for where, line in lines:
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            claimed = record.pop("hash")
            seq, prev_hash = record["seq"], record["prev_hash"]
        except (ValueError, KeyError, TypeError, AttributeError):
            return Verdict(count, prev, f"{where}: record {expected} is not a complete record")
        if seq != expected:
            problem = (
                f"record {expected} is missing or out of order (found record {seq})"
                if isinstance(seq, int)
                else f"record {expected} has no valid sequence number"
            )
            return Verdict(count, prev, f"{where}: {problem}")
        if prev_hash != prev:
            return Verdict(count, prev, f"{where}: record {seq} does not follow record {seq - 1}")
        if not hmac.compare_digest(digest(key, prev_hash, record), str(claimed)):
            # Every record failing from the first: most likely not the gateway's audit key.
            hint = " (or the audit key is not the gateway's)" if count == 0 else ""
            return Verdict(count, prev, f"{where}: record {seq} was altered{hint}")
        prev, expected, count = claimed, expected + 1, count + 1
    return Verdict(count, prev)

"""The gateway's audit sink: pseudonymise each event, chain it, append it.

:class:`AuditTrail` implements :class:`resolvers.audit.AuditSink`. It turns an event into
a record of pseudonyms (:mod:`gateway.audit.pseudonyms`), seals it into the hash chain
(:mod:`gateway.audit.chain`) and hands the line to a writer:

* :class:`FileWriter`: append-only JSON lines (``MUTUGRAPH_AUDIT_FILE``). A ``{date}`` in
  the name (``audit-{date}.jsonl``) starts a file per UTC day, the chain running on across
  files; at start the chain picks up from the newest existing file's last record.
* :class:`MemoryWriter`: a list, for tests.
* :class:`LogWriter`: the ``mutugraph.audit`` logger, when no file is configured (the
  records then travel with the JSON logs).

Records are sealed and written one at a time under an asyncio lock (the chain is a
sequence); the file append runs in a worker thread so the event loop never waits on the
disk. A failed write is logged (no values) and does not advance the chain. Every
:data:`HEAD_EVERY` records, and at shutdown, the chain head (seq and hash) is logged: an
anchor outside the file, so that records cut off its end, or a rewritten chain, can be told.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import anyio.to_thread

from gateway.audit.chain import GENESIS, seal
from gateway.audit.pseudonyms import Pseudonyms

if TYPE_CHECKING:  # the CLI's audit-verify needs none of the graph
    from resolvers.audit import AuditEvent

log = logging.getLogger("mutugraph.audit")
HEAD_EVERY = 1000


class Writer(Protocol):
    async def resume(self) -> tuple[str, int]:
        """The chain's current head: (last hash, last seq); (GENESIS, 0) when empty."""
        ...

    async def write(self, record: dict[str, Any], line: str) -> None: ...


class AuditTrail:
    """Pseudonymised, hash-chained audit records (the resolvers' :class:`AuditSink`)."""

    def __init__(self, pseudonyms: Pseudonyms, writer: Writer, chain_key: bytes) -> None:
        self.pseudonyms = pseudonyms
        self.writer = writer
        self._chain_key = chain_key
        self._lock = asyncio.Lock()
        self._head: tuple[str, int] | None = None

    def body(self, event: AuditEvent) -> dict[str, Any]:
        """The stored form of an event: pseudonyms instead of member numbers."""

        def alias(identifier: str | None) -> str | None:
            return None if identifier is None else self.pseudonyms.of(event.tenant, identifier)

        return {
            "at": event.at.astimezone(UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "tenant": event.tenant,
            "viewer": alias(event.viewer_beneficiary or event.viewer),
            "role": event.role,
            "member": alias(event.member),
            "beneficiary": alias(event.beneficiary),
            "action": event.action,
            "data": event.data,
            "outcome": event.outcome,
            "code": event.code,
            "request_id": event.request_id,
        }

    async def record(self, event: AuditEvent) -> None:
        body = self.body(event)
        async with self._lock:
            try:
                if self._head is None:
                    self._head = await self.writer.resume()
                prev, seq = self._head
                record = seal(self._chain_key, body, prev, seq + 1)
                await self.writer.write(record, json.dumps(record, ensure_ascii=False) + "\n")
            except Exception as exc:  # never the request's failure; the operator is told
                log.error("audit record not written: %s", type(exc).__name__)
                return
            self._head = (record["hash"], record["seq"])
        if record["seq"] % HEAD_EVERY == 0:
            log.info("audit chain head", extra={"seq": record["seq"], "head": record["hash"]})

    async def close(self) -> None:
        """Logs the chain's head at shutdown: with the periodic anchors, records cut off the
        end of the file after a clean stop are told by the last logged head."""
        async with self._lock:
            if self._head is not None and self._head[1] > 0:
                hash_, seq = self._head
                log.info("audit chain head", extra={"seq": seq, "head": hash_, "shutdown": True})


class MemoryWriter:
    """Keeps the lines (tests)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.records: list[dict[str, Any]] = []

    async def resume(self) -> tuple[str, int]:
        return GENESIS, 0

    async def write(self, record: dict[str, Any], line: str) -> None:
        self.lines.append(line)
        self.records.append(record)


class LogWriter:
    """Each record as one INFO line of the ``mutugraph.audit`` logger."""

    async def resume(self) -> tuple[str, int]:
        return GENESIS, 0

    async def write(self, record: dict[str, Any], line: str) -> None:
        log.info("audit record", extra={f"audit_{key}": value for key, value in record.items()})


class FileWriter:
    """Appends to ``path`` (``{date}`` in it: one file per UTC day)."""

    def __init__(self, path: Path) -> None:
        self.pattern = str(path)
        self.rotating = "{date}" in self.pattern

    def path_for(self, day: str) -> Path:
        return Path(self.pattern.replace("{date}", day))

    def files(self) -> list[Path]:
        """The trail's files, oldest first (ISO dates sort as text)."""
        if not self.rotating:
            path = Path(self.pattern)
            return [path] if path.exists() else []
        template = Path(self.pattern)
        return sorted(template.parent.glob(template.name.replace("{date}", "*")))

    async def resume(self) -> tuple[str, int]:
        return await anyio.to_thread.run_sync(self._resume)

    def _resume(self) -> tuple[str, int]:
        for path in reversed(self.files()):
            for line in reversed(_tail(path)):
                try:
                    last = json.loads(line)
                    return str(last["hash"]), int(last["seq"])
                except (ValueError, KeyError, TypeError):
                    # A half-written record (crash): verify will name it; chain past it.
                    log.error("audit file ends with a damaged record")
        return GENESIS, 0

    async def write(self, record: dict[str, Any], line: str) -> None:
        path = self.path_for(str(record["at"])[:10])
        await anyio.to_thread.run_sync(self._append, path, line.encode("utf-8"))

    @staticmethod
    def _append(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_APPEND: one write() per record, never interleaved with another writer's.
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)


def _tail(path: Path, size: int = 65536) -> list[str]:
    """The last complete lines of a file (its last ``size`` bytes), oldest first."""
    with path.open("rb") as file:
        end = file.seek(0, os.SEEK_END)
        file.seek(max(0, end - size))
        lines = file.read().decode("utf-8", errors="replace").splitlines()
    return lines[1:] if end > size else lines

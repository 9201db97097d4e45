"""``mutugraph audit-verify FILE...``: is the audit trail's hash chain intact?

The chain is keyed: the command reads the gateway's settings from the environment
(``MUTUGRAPH_AUDIT_KEY``, or ``MUTUGRAPH_DOCUMENT_SECRET`` it is derived from) and must be
run with the same values as the gateway that wrote the files. Files are read in the order
given (a rotated trail: oldest first; ``audit-*.jsonl`` in a shell sorts them so). Exit 0
with ``N records, chain intact`` and the head hash, or exit 1 naming the first broken
record (removed, altered, reordered, half-written). When the oldest files were retired
(retention), ``--from-hash``/``--from-seq`` give the last retired record's hash and number,
as noted when retiring it, so that the chain is checked from there.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from gateway.audit.chain import GENESIS, Verdict, verify

EXIT_BROKEN = 1


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "audit-verify", help="check the audit trail's hash chain (files oldest first)"
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument(
        "--from-hash", default=GENESIS, help="hash of the last retired record (retention)"
    )
    parser.add_argument(
        "--from-seq", type=int, default=0, help="number of the last retired record (retention)"
    )


def _lines(files: Sequence[Path]) -> Iterator[tuple[str, str]]:
    for path in files:
        with path.open(encoding="utf-8", errors="replace", newline="") as file:
            for number, line in enumerate(file, start=1):
                # A record is complete only with its newline: a half-written last line is not.
                yield f"{path}:{number}", line if line.endswith("\n") else line + "\x00"


def verify_files(
    key: bytes, files: Sequence[Path], start: str = GENESIS, after: int = 0
) -> Verdict:
    """``key``: the chain key (:func:`gateway.audit.chain.chain_key` of the audit key)."""
    return verify(key, _lines(files), start=start, first_seq=after + 1)


def run(args: argparse.Namespace, key: bytes) -> int:
    missing = [str(p) for p in args.files if not p.is_file()]
    if missing:
        print(f"mutugraph audit-verify: no such file: {', '.join(missing)}", file=sys.stderr)
        return EXIT_BROKEN
    verdict = verify_files(key, args.files, args.from_hash, args.from_seq)
    if verdict.broken is not None:
        print(f"audit chain broken: {verdict.broken} ({verdict.records} records intact before it)")
        return EXIT_BROKEN
    print(f"{verdict.records} records, chain intact (head {verdict.head})")
    return 0

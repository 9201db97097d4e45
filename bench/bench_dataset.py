"""Benchmark of the sandbox dataset: generation time and peak memory by tenant size.

Run: ``.venv/bin/python bench/bench_dataset.py [--sample N] [--as-of YYYY-MM-DD]``.

Each measurement runs in a fresh subprocess (so that ``ru_maxrss`` is its own) and
materialises members with all their data (family, contract, premium, letters, card, quotes,
messages and every payment line). At 500 members per tenant it is a full pass over the
1,500 members; at 100,000 per tenant a full pass (300,000 members) would take the better
part of an hour, so it is a *sampled* pass over N evenly spaced members per tenant
(including the last one), and the full-pass time is extrapolated from the time per member.
A second subprocess repeats a smaller pass under ``tracemalloc`` for the Python heap peak.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = (500, 100_000)


def _numbers(size: int, sample: int | None) -> list[int]:
    if sample is None or sample >= size:
        return list(range(1, size + 1))
    stride = size / sample
    return sorted({min(size, round(1 + i * stride)) for i in range(sample)} | {size})


def worker(size: int, sample: int | None, as_of: date, trace: bool) -> dict[str, object]:
    sys.path.insert(0, str(ROOT))
    from sandbox.dataset.generator import Dataset

    if trace:
        tracemalloc.start()
    dataset = Dataset(2026, size, as_of)
    dataset.professionals()
    indexes = _numbers(size, sample)
    members = payments = lines = 0
    started = time.perf_counter()
    for tenant in dataset.tenants:
        for index in indexes:
            number = f"{tenant.member_prefix}{index:07d}"
            dataset.member_file(tenant.id, number)
            paid = dataset.payments(tenant.id, number)
            members += 1
            payments += len(paid)
            lines += sum(len(p.lines) for p in paid)
    elapsed = time.perf_counter() - started
    result: dict[str, object] = {
        "size": size,
        "members": members,
        "payments": payments,
        "lines": lines,
        "seconds": elapsed,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    if trace:
        result["traced_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    return result


def _run(size: int, sample: int | None, as_of: date, trace: bool) -> dict[str, object]:
    command = [sys.executable, __file__, "--worker", str(size), "--as-of", as_of.isoformat()]
    if sample is not None:
        command += ["--sample", str(sample)]
    if trace:
        command.append("--trace")
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(output)  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--sample",
        type=int,
        default=1000,
        help="members per tenant sampled at 100,000 (default 1000)",
    )
    parser.add_argument(
        "--trace-sample",
        type=int,
        default=200,
        help="members per tenant in the tracemalloc pass (default 200)",
    )
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 3, 15))
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        sample = None if args.worker <= 500 and not args.trace else args.sample
        print(json.dumps(worker(args.worker, sample, args.as_of, args.trace)))
        return
    header = (
        f"{'members/tenant':>14} {'pass':>8} {'members':>8} {'payments':>9} {'lines':>9} "
        f"{'s':>7} {'ms/member':>9} {'full pass s':>11} {'maxrss MB':>9} "
        f"{'heap peak MB':>12}"
    )
    print(header)
    print("-" * len(header))
    for size in SIZES:
        sample = None if size <= 500 else args.sample
        timed = _run(size, sample, args.as_of, trace=False)
        traced = _run(size, args.trace_sample, args.as_of, trace=True)
        members = int(timed["members"])  # type: ignore[call-overload]
        seconds = float(timed["seconds"])  # type: ignore[arg-type]
        per_member = seconds / members
        full = per_member * size * 3
        mode = "full" if sample is None else "sampled"
        print(
            f"{size:>14,} {mode:>8} {members:>8,} {timed['payments']:>9,} "
            f"{timed['lines']:>9,} {seconds:>7.1f} {per_member * 1000:>9.2f} "
            f"{full:>11.0f} {timed['maxrss_mb']:>9.0f} {traced['traced_peak_mb']:>12.1f}"
        )
    print(
        "\nfull pass s: measured at 500; extrapolated (ms/member x 3 tenants x size) "
        "at 100,000.\nheap peak: tracemalloc peak over a pass of "
        f"{args.trace_sample} members per tenant."
    )


if __name__ == "__main__":
    main()

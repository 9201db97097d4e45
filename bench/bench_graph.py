"""Benchmark of the graph against the sandbox: latency and back-end calls per portal query.

Run: ``.venv/bin/python bench/bench_graph.py [--runs N] [--members M]``.

Starts the four sandbox platforms and the gateway on free loopback ports (the end-to-end
harness of tests/e2e), then for every demo tenant sends each portal query N times over
HTTP, as different members in turn, and prints the median and 95th-percentile latency and
the back-end calls one query costs (from ``/_sandbox/stats``; OAuth token requests, cached
by the adapter, are listed apart). Figures vary with the machine: compare ratios from one
run, not numbers across machines. Measured queries are 0.25 s apart (at most ~28 back-end
calls/s), under the Cegedim-style sandbox's quota (50 calls/s per client, paced by the
adapter at 40/s): back to back, its figures would measure that quota, not the graph.

The gateway caches back-end reads (adapters/caching.py): each query gets its own members,
read by nothing else, so its figures are cold-cache ones; "home page, warm cache" repeats
the home page of a member who has just loaded it (served from the cache). "home page, 100 ms
per call" slows every call of the member platform to 100 ms (the sandbox's latency fault):
its p50 over 100 ms is the number of rounds of calls the graph waits for, against one round
per call if the branches ran one after the other.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.e2e.harness import PLATFORM_OF, TENANTS, Product, running_product
from tests.e2e.test_portal import HOME, PAYMENTS_PAGE

SLOW_MS = 100
PAUSE_S = 0.25  # between measured queries: at most 4 pages/s, ~28 calls/s
SLOW_MEMBERS = 8
QUERIES = {
    "home page": (HOME, {}),
    "50 payments + lines + beneficiaries": (PAYMENTS_PAGE, {"first": 50}),
}


def _measure(
    product: Product, tenant: str, query: str, variables: dict[str, object], members: list[str]
) -> tuple[list[float], Counter[str]]:
    """Cold cache: every member of ``members`` is read here for the first time."""
    platform = PLATFORM_OF[tenant]
    # Back-end calls of one query, once the OAuth token is cached (a warm-up query first).
    product.data(product.token(tenant, members[0]), query, variables)
    token = product.token(tenant, members[1])
    _, calls = product.calls_during((platform,), lambda: product.data(token, query, variables))
    latencies = [_timed(product, product.token(tenant, m), query, variables) for m in members[2:]]
    return latencies, calls


def _measure_slow(
    product: Product, tenant: str, members: list[str]
) -> tuple[list[float], Counter[str]]:
    """Cold home pages with every call of the member platform slowed to :data:`SLOW_MS`:
    how many rounds of calls the graph waits for, i.e. whether independent branches
    (member, contract, beneficiaries, payments, letters) run concurrently."""
    platform = PLATFORM_OF[tenant]
    product.faults(platform, latency_ms=SLOW_MS, jitter_ms=0)
    try:
        return _measure(product, tenant, HOME, {}, members)
    finally:
        product.faults(platform, latency_ms=0, jitter_ms=0)


def _measure_warm(
    product: Product, tenant: str, query: str, member: str, runs: int
) -> tuple[list[float], Counter[str]]:
    """Warm cache: the same member's query again, after it was loaded once."""
    token = product.token(tenant, member)
    product.data(token, query)
    _, calls = product.calls_during((PLATFORM_OF[tenant],), lambda: product.data(token, query))
    return [_timed(product, token, query, {}) for _ in range(runs)], calls


def _timed(product: Product, token: str, query: str, variables: dict[str, object]) -> float:
    # Latency at a load the platforms sustain: back to back, 7-call pages would ask the
    # Cegedim-style platform for ~175 calls/s against its quota of 50, and the adapter's
    # pacing (40/s) would make the figures a measure of that quota instead.
    time.sleep(PAUSE_S)
    started = time.perf_counter()
    product.data(token, query, variables)
    return (time.perf_counter() - started) * 1000


def _row(tenant: str, name: str, latencies: list[float], calls: Counter[str]) -> str:
    p95 = statistics.quantiles(latencies, n=20)[-1]
    per_kind = ", ".join(f"{op.split('.', 1)[1]}={n}" for op, n in sorted(calls.items()))
    return (
        f"{tenant:10} {name:38} {statistics.median(latencies):8.1f} {p95:8.1f}  "
        f"{sum(calls.values())}: {per_kind}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--members", type=int, default=60)
    args = parser.parse_args()
    per_query = args.members // len(QUERIES)  # distinct members per query: cold caches
    runs = min(args.runs, per_query - 2)
    if runs < 2:
        parser.error(f"--members must be at least {4 * len(QUERIES)}")
    with running_product(members_per_tenant=args.members) as product:
        print(f"{'tenant':10} {'query':38} {'p50 ms':>8} {'p95 ms':>8}  back-end calls")
        for tenant in TENANTS:
            numbers = product.dataset.member_numbers(tenant, args.members)
            for i, (name, (query, variables)) in enumerate(QUERIES.items()):
                members = numbers[i * per_query : i * per_query + runs + 2]
                print(_row(tenant, name, *_measure(product, tenant, query, variables, members)))
            warm = _measure_warm(product, tenant, HOME, numbers[1], runs)
            print(_row(tenant, "home page, warm cache", *warm))
            slow = numbers[per_query - SLOW_MEMBERS : per_query]  # cold, read by nothing else
            print(
                _row(
                    tenant,
                    f"home page, {SLOW_MS} ms per call",
                    *_measure_slow(product, tenant, slow),
                )
            )
        print(
            f"\nWith {SLOW_MS} ms per back-end call, a home page whose calls ran one after the "
            f"other would take at least (calls x {SLOW_MS}) ms; p50 / {SLOW_MS} ms is the "
            "number of rounds the graph actually waits (dependent calls: a payment's details "
            "need its id)."
        )


if __name__ == "__main__":
    main()

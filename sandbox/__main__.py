"""``python -m sandbox``: run the simulated platforms (all, or those named by --platform).

Options override the environment: MUTUGRAPH_SANDBOX_SEED (2026), MUTUGRAPH_SANDBOX_MEMBERS
(500), MUTUGRAPH_SANDBOX_AS_OF (today), MUTUGRAPH_SANDBOX_HOST (127.0.0.1) and
MUTUGRAPH_SANDBOX_PORT_<PLATFORM> (sandbox/credentials.py DEFAULT_PORTS).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from datetime import date

from sandbox.credentials import DEFAULT_PORTS
from sandbox.runner import PLATFORMS, RunnerOptions, run


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m sandbox", description="Run Mutugraph's simulated platforms."
    )
    parser.add_argument(
        "--platform", action="append", choices=PLATFORMS, help="platform to run (repeatable)"
    )
    parser.add_argument("--members", type=int, help="members per tenant")
    parser.add_argument("--seed", type=int, help="data seed")
    parser.add_argument("--as-of", type=date.fromisoformat, help="the sandbox's today (ISO)")
    parser.add_argument("--host", help="address to listen on")
    for name in PLATFORMS:
        parser.add_argument(f"--port-{name}", type=int, metavar="PORT", help=f"{name} port")
    parser.add_argument(
        "--exit-with-parent", action="store_true", help="stop when the parent process dies"
    )
    parser.add_argument("--log-level", default="warning", help="uvicorn log level")
    return parser


def options_from(argv: Sequence[str] | None, environ: Mapping[str, str]) -> RunnerOptions:
    parser = _parser()
    args = parser.parse_args(argv)

    def env_int(key: str, default: int) -> int:
        raw = environ.get(key)
        if not raw:
            return default
        try:
            return int(raw)
        except ValueError:
            parser.error(f"{key} must be an integer, not {raw!r}")

    as_of = args.as_of
    if as_of is None and environ.get("MUTUGRAPH_SANDBOX_AS_OF"):
        try:
            as_of = date.fromisoformat(environ["MUTUGRAPH_SANDBOX_AS_OF"])
        except ValueError:
            parser.error("MUTUGRAPH_SANDBOX_AS_OF must be an ISO date (YYYY-MM-DD)")
    ports = {}
    for name, default in DEFAULT_PORTS.items():
        port = getattr(args, f"port_{name}")
        if port is None:
            port = env_int(f"MUTUGRAPH_SANDBOX_PORT_{name.upper()}", default)
        ports[name] = port
    members = (
        args.members if args.members is not None else env_int("MUTUGRAPH_SANDBOX_MEMBERS", 500)
    )
    if members < 1:
        parser.error("--members must be at least 1")
    return RunnerOptions(
        platforms=tuple(dict.fromkeys(args.platform or PLATFORMS)),
        host=args.host or environ.get("MUTUGRAPH_SANDBOX_HOST") or "127.0.0.1",
        ports=ports,
        seed=args.seed if args.seed is not None else env_int("MUTUGRAPH_SANDBOX_SEED", 2026),
        members=members,
        as_of=as_of,
        exit_with_parent=args.exit_with_parent,
        log_level=args.log_level,
    )


def main(argv: Sequence[str] | None = None) -> int:
    return run(options_from(argv, os.environ))


if __name__ == "__main__":
    sys.exit(main())
